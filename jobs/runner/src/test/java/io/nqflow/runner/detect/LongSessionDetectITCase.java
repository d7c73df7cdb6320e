package io.nqflow.runner.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.replay.MergedDbnReader;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.runner.Main;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nqflow detect} streams a session that does not fit in the heap as objects. This class runs
 * in a failsafe execution of its own with a small heap ({@code -Xmx256m}, see jobs/runner/pom.xml),
 * so collecting the session into a list before the job fails with OutOfMemoryError.
 */
class LongSessionDetectITCase {
  /**
   * A floor for the heap one normalized MBO event takes once materialized: a {@code MarketEvent}
   * (five longs, two ints, two references) and its {@code Mbo} payload (four longs, an int, two
   * references), object headers included, without the list that would hold them.
   */
  private static final long MIN_BYTES_PER_EVENT = 112;

  @TempDir Path tmp;

  @Test
  void detectFinishesOnASessionLargerThanTheHeap() throws Exception {
    Path market = tmp.resolve("market");
    // 30 minutes of the full-scale market: about 2.8 M MBO events and every episode kind.
    Simulator.run(SimulationConfig.of(3L, 1, Scale.FULL).withSessionMinutes(30), market);
    long events = countEvents(market);
    assertThat(events * MIN_BYTES_PER_EVENT)
        .as("the session (%,d events) would not fit in this heap as objects", events)
        .isGreaterThan(Runtime.getRuntime().maxMemory());
    Path out = tmp.resolve("signals.jsonl");

    int code =
        Main.execute(
            "detect", "--input", market.toString(), "--out", out.toString(), "--profile", "local");

    assertThat(code).as("exit code (0 = no bad input, no dead letters)").isZero();
    assertThat(Files.readAllLines(out))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("\"signal_id\":"));
  }

  /** The market events the files hold, counted while streaming them. */
  private static long countEvents(Path root) throws Exception {
    List<Path> files = SessionFolders.select(root);
    long n = 0;
    try (MergedDbnReader reader = new MergedDbnReader(files)) {
      MergedDbnReader.Item item;
      while ((item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.Rec rec
            && DbnNormalizer.kindOf(rec.record()) == DbnNormalizer.Kind.EVENT) {
          n++;
        }
      }
    }
    return n;
  }
}
