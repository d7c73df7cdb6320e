package io.nqflow.runner.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.runner.Main;
import io.nqflow.simulator.Regime;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins detection quality per market regime on a tuning seed (docs/detection.md, "Evaluation
 * protocol"): one full-length `small` session of each regime after a trades-only history day, the
 * shipped `local` profile, scored by `nqflow evaluate` against the bars measured when the detectors
 * were tuned. A change that loses an episode or adds false signals in any regime fails here.
 */
class RegimeRegressionITCase {
  /** The tuning seed these bars were measured on (the reporting seeds are never run in tests). */
  private static final long SEED = 101;

  /** recall, precision and decoys-signalled bars per regime, as measured on {@link #SEED}. */
  private static final Map<Regime, String> BARS =
      Map.of(
          Regime.QUIET, "recall=1.0,precision=1.0,decoys=0.0",
          Regime.NORMAL, "recall=1.0,precision=1.0,decoys=0.0",
          Regime.HIGH_VOL_TREND, "recall=1.0,precision=1.0,decoys=0.0",
          Regime.GAP_OPEN, "recall=1.0,precision=1.0,decoys=0.0",
          Regime.EXPIRATION, "recall=1.0,precision=1.0,decoys=0.0",
          Regime.NEWS_JUMP, "recall=1.0,precision=1.0,decoys=0.0",
          Regime.LUNCH_LULL, "recall=1.0,precision=1.0,decoys=0.0");

  @TempDir static Path tmp;

  @ParameterizedTest
  @EnumSource(Regime.class)
  void detectionKeepsItsTunedRecallAndPrecision(Regime regime) throws Exception {
    Path run = tmp.resolve(regime.label());
    Simulator.run(SimulationConfig.of(SEED, 2, Scale.SMALL).withRegime(regime), run);

    assertThat(
            Main.execute(
                "detect",
                "--input",
                run.toString(),
                "--out=" + run.resolve("signals.jsonl"),
                "--profile",
                "local"))
        .as("detect exit code")
        .isZero();

    // evaluate exits 3 and names every missed bar on stderr.
    assertThat(Main.execute("evaluate", "--run", run.toString(), "--require", BARS.get(regime)))
        .as("evaluate --require %s on %s", BARS.get(regime), regime.label())
        .isZero();
  }
}
