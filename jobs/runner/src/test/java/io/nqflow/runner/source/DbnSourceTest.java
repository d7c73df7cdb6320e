package io.nqflow.runner.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Day splits of a sessions folder, and their binary forms. */
class DbnSourceTest {
  @TempDir Path tmp;

  @Test
  void splitsAreTheDayFoldersInDateOrderWithoutTradesWhereMboIsThere() throws Exception {
    for (String f :
        List.of(
            "2026-01-06/definition.dbn",
            "2026-01-06/mbo.dbn",
            "2026-01-06/trades.dbn",
            "2026-01-05/definition.dbn",
            "2026-01-05/trades.dbn")) {
      Path p = tmp.resolve(f);
      Files.createDirectories(p.getParent());
      Files.write(p, new byte[0]);
    }

    List<DbnDaySplit> days = DbnSource.events(tmp).splits();

    assertThat(days)
        .extracting(DbnDaySplit::splitId)
        .containsExactly(
            tmp.resolve("2026-01-05").toString(), tmp.resolve("2026-01-06").toString());
    assertThat(days.get(0).files())
        .containsExactly(
            tmp.resolve("2026-01-05/definition.dbn").toString(),
            tmp.resolve("2026-01-05/trades.dbn").toString());
    assertThat(days.get(1).files())
        .as("MBO carries every trade: the trades file is left out")
        .containsExactly(
            tmp.resolve("2026-01-06/definition.dbn").toString(),
            tmp.resolve("2026-01-06/mbo.dbn").toString());
  }

  @Test
  void aFolderWithoutDbnFilesIsRejected() {
    assertThatThrownBy(() -> DbnSource.events(tmp))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no DBN files");
  }

  @Test
  void splitAndEnumeratorStateSurviveTheirSerializers() throws Exception {
    DbnDaySplit a = new DbnDaySplit("2026-01-05", List.of("/x/a.dbn", "/x/b.dbn"), 1234L);
    DbnDaySplit b = new DbnDaySplit("2026-01-06", List.of("/y/mbo.dbn"), 0L);
    DbnDaySplit.Serializer splits = DbnDaySplit.Serializer.INSTANCE;
    DbnSplitEnumerator.StateSerializer state = DbnSplitEnumerator.StateSerializer.INSTANCE;

    assertThat(splits.deserialize(splits.getVersion(), splits.serialize(a))).isEqualTo(a);
    assertThat(state.deserialize(state.getVersion(), state.serialize(List.of(a, b))))
        .containsExactly(a, b);
    assertThat(state.deserialize(state.getVersion(), state.serialize(List.of()))).isEmpty();
  }
}
