package io.nqflow.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.core.config.BudgetConfig;
import io.nqflow.core.config.DatabentoConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.ReplaySpeed;
import io.nqflow.core.config.Secret;
import io.nqflow.core.config.SourceConfig;
import io.nqflow.core.config.SourceType;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.historical.DatabentoHistoricalSource;
import io.nqflow.feed.live.DatabentoLiveSource;
import io.nqflow.feed.replay.ReplaySource;
import io.nqflow.feed.sim.SimulatorSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedSourcesTest {
  private static final NqflowConfig CFG =
      NqflowConfig.defaults()
          .withDatabento(
              new DatabentoConfig(
                  Secret.of("db-TestKeyThatIsThirtyTwoChars12"),
                  "GLBX.MDP3",
                  "127.0.0.1:13000",
                  "http://127.0.0.1:8080",
                  2.0));

  private static SourceConfig databento(SourceType type, String name, String schema) {
    return new SourceConfig(
        type,
        name,
        null,
        null,
        null,
        List.of(schema),
        "parent",
        List.of("NQ.OPT"),
        Instant.parse("2026-03-09T14:30:00Z"),
        Instant.parse("2026-03-09T21:00:00Z"));
  }

  @Test
  void buildsEverySourceTypeInPriorityOrder() {
    List<SourceConfig> sources =
        List.of(
            databento(SourceType.DATABENTO_LIVE, "live", "mbo"),
            databento(SourceType.DATABENTO_HISTORICAL, "hist", "trades"),
            SourceConfig.replay("/data", ReplaySpeed.times(10)),
            SourceConfig.simulator());
    Budget budget =
        new Budget(BudgetConfig.defaults(), Clock.systemUTC(), new TestingOps(), "t", List.of());

    List<FeedSource> built =
        FeedSources.build(CFG, sources, budget, Clock.systemUTC(), Path.of("/tmp/w"));

    assertThat(built)
        .extracting(FeedSource::name)
        .containsExactly("live", "hist", "replay", "simulator");
    assertThat(built.get(0)).isInstanceOf(DatabentoLiveSource.class);
    assertThat(built.get(1)).isInstanceOf(DatabentoHistoricalSource.class);
    assertThat(built.get(2)).isInstanceOf(ReplaySource.class);
    assertThat(built.get(3)).isInstanceOf(SimulatorSource.class);
    assertThat(built).extracting(FeedSource::paid).containsExactly(true, true, false, false);
  }

  @Test
  void anUnknownSchemaNamesTheSource() {
    assertThatThrownBy(
            () ->
                FeedSources.build(
                    CFG,
                    List.of(databento(SourceType.DATABENTO_LIVE, "live", "mbo-9")),
                    null,
                    Clock.systemUTC(),
                    Path.of("/tmp/w")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("feed source \"live\"")
        .hasMessageContaining("mbo-9");
  }

  @Test
  void theProfilesSimulatorRegimeReachesTheSimulation() {
    var lull =
        FeedSources.simulation(
            new io.nqflow.core.config.SimulatorConfig(
                7, 2, io.nqflow.core.config.SimulatorScale.SMALL, 30, "lunch_lull"));
    assertThat(lull.regime()).isEqualTo(io.nqflow.simulator.Regime.LUNCH_LULL);
    assertThat(lull.mixedRegimes()).isFalse();

    var mixed =
        FeedSources.simulation(
            new io.nqflow.core.config.SimulatorConfig(
                7, 7, io.nqflow.core.config.SimulatorScale.SMALL, 30, "mixed"));
    assertThat(mixed.mixedRegimes()).isTrue();
    // A regime's sessions go to a folder of their own, a normal one keeps the old name.
    assertThat(SimulatorSource.folderFor(Path.of("w"), lull).toString()).endsWith("-lunch_lull");
    assertThat(
            SimulatorSource.folderFor(
                    Path.of("w"),
                    FeedSources.simulation(io.nqflow.core.config.SimulatorConfig.defaults()))
                .toString())
        .endsWith("m");
  }
}
