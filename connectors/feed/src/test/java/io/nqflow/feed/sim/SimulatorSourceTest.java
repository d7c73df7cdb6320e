package io.nqflow.feed.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.TestingSink;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.feed.replay.Speed;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorSourceTest {
  @TempDir Path tmp;

  @Test
  void simulatesInProcessAndDeliversEverySessionOnceThenReusesTheSessions() throws Exception {
    SimulationConfig sim = SimulationConfig.of(5, 2, Scale.SMALL).withSessionMinutes(1);
    Path dir = SimulatorSource.folderFor(tmp, sim);
    SimulatorSource source =
        new SimulatorSource("sim", sim, dir, Speed.MAX, QualityConfig.defaults());
    TestingSink sink = new TestingSink();

    source.run(sink);

    // Every event of the files the feed selects (a day's trades are left out where its MBO
    // carries them), once, none rejected.
    long events = 0;
    long definitions = 0;
    for (Path f : SessionFolders.select(dir)) {
      try (DbnDecoder d = DbnDecoder.open(f)) {
        for (DbnRecord r = d.next(); r != null; r = d.next()) {
          switch (DbnNormalizer.kindOf(r)) {
            case EVENT -> events++;
            case INSTRUMENT -> definitions++;
            default -> {}
          }
        }
      }
    }
    assertThat(events).isPositive();
    assertThat(sink.events()).hasSize((int) events);
    assertThat(sink.instruments()).hasSize((int) definitions);
    assertThat(sink.deadLetters()).isEmpty();
    assertThat(sink.events()).extracting(MarketEvent::getSource).containsOnly("sim");
    Map<Long, Long> lastTs = new HashMap<>();
    for (MarketEvent e : sink.events()) {
      assertThat(e.getTsEvent())
          .isGreaterThanOrEqualTo(lastTs.getOrDefault(e.getInstrumentId(), 0L));
      lastTs.put(e.getInstrumentId(), e.getTsEvent());
    }

    Path manifest = dir.resolve(Simulator.MANIFEST_FILE);
    FileTime written = Files.getLastModifiedTime(manifest);
    TestingSink again = new TestingSink();
    source.run(again);
    assertThat(again.events()).hasSize((int) events);
    assertThat(Files.getLastModifiedTime(manifest)).isEqualTo(written);
  }
}
