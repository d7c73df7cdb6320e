package io.nqflow.feed.sim;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.FeedSource;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.feed.replay.Speed;
import io.nqflow.simulator.Regime;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market simulator in process as a {@link FeedSource}: it simulates the configured sessions
 * into a folder of the work dir (once; the same config gives the same bytes, so a restart reuses
 * them), then replays them through the feed: the history sessions as fast as possible, the last
 * ("live") session at the source's speed. A bounded source: it ends after the last session.
 */
public final class SimulatorSource implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatorSource.class);

  private final String name;
  private final SimulationConfig sim;
  private final Path dir;
  private final Speed speed;
  private final QualityConfig quality;

  /**
   * @param dir the folder the sessions are written to (created; reused when it holds the same
   *     simulation)
   */
  public SimulatorSource(
      String name, SimulationConfig sim, Path dir, Speed speed, QualityConfig quality) {
    this.name = name;
    this.sim = sim;
    this.dir = dir;
    this.speed = speed;
    this.quality = quality;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void run(FeedSink sink, RunControl control) throws Exception {
    simulateIfMissing();
    SessionFolders.Split split = SessionFolders.split(dir);
    if (!split.history().isEmpty() && !control.stopRequested()) {
      new ReplayFeed(name, sink, Speed.MAX, quality).run(split.history(), n -> {}, control);
    }
    if (!split.live().isEmpty() && !control.stopRequested()) {
      new ReplayFeed(name, sink, speed, quality).run(split.live(), n -> {}, control);
    }
  }

  /** The folder of this simulation: seed, days, scale, start, length and micro chains name it. */
  public static Path folderFor(Path workDir, SimulationConfig c) {
    return workDir.resolve(
        "simulator-"
            + c.seed()
            + "-"
            + c.days()
            + "d-"
            + c.scale().name().toLowerCase(java.util.Locale.ROOT)
            + "-"
            + c.startDate()
            + "-"
            + c.sessionMinutes()
            + "m"
            + (c.fullHistory() ? "-full" : "")
            + (c.mixedRegimes()
                ? "-mixed"
                : c.regime() == Regime.NORMAL ? "" : "-" + c.regime().label())
            + (c.microChains() ? "-micro" : ""));
  }

  private void simulateIfMissing() throws IOException {
    // The manifest is written last: its presence means a complete simulation.
    if (Files.isRegularFile(dir.resolve(Simulator.MANIFEST_FILE))) {
      LOG.info("{}: reusing the simulated sessions in {}", name, dir);
      return;
    }
    long t0 = System.nanoTime();
    var r = Simulator.run(sim, dir);
    LOG.info(
        "{}: simulated {} session(s) ({} episodes) into {} in {} ms",
        name,
        r.days().size(),
        r.episodes().size(),
        dir,
        (System.nanoTime() - t0) / 1_000_000);
  }
}
