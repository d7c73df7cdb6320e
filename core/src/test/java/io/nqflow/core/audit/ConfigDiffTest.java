package io.nqflow.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

  @Test
  void namesAddedRemovedAndChangedKeysInKeyOrder() {
    SortedMap<String, String> before = map("a.x", "1", "b.gone", "old", "c.pw", "****#00000001");
    SortedMap<String, String> after = map("a.x", "2", "c.pw", "****#00000002", "d.new", "v");
    List<ConfigDiff.Change> changes = ConfigDiff.between(before, after);
    assertThat(ConfigDiff.text(changes))
        .isEqualTo(
            "~ a.x: 1 -> 2\n"
                + "- b.gone=old\n"
                + "~ c.pw: ****#00000001 -> ****#00000002\n"
                + "+ d.new=v\n");
    assertThat(ConfigDiff.keys(ConfigDiff.text(changes)))
        .containsExactly("a.x", "b.gone", "c.pw", "d.new");
  }

  @Test
  void equalConfigsAreUnchanged() {
    SortedMap<String, String> m = map("a", "1");
    assertThat(ConfigDiff.text(ConfigDiff.between(m, map("a", "1")))).isEqualTo("unchanged");
    assertThat(ConfigDiff.keys("unchanged")).isEmpty();
    assertThat(ConfigDiff.keys("initial")).isEmpty();
  }

  @Test
  void lineBreaksInValuesStayOnOneLine() {
    List<ConfigDiff.Change> changes = ConfigDiff.between(map("k", "a\nb"), map("k", "c"));
    assertThat(ConfigDiff.text(changes)).isEqualTo("~ k: a\\nb -> c\n");
  }

  private static SortedMap<String, String> map(String... kv) {
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
