package io.nqflow.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The difference between two masked configurations: keys added, removed and changed, in key order.
 * Values are the masked texts, so a changed secret shows as two different fingerprints.
 */
public final class ConfigDiff {
  /** The diff text of a first start. */
  public static final String INITIAL = "initial";

  /** The diff text when nothing changed. */
  public static final String UNCHANGED = "unchanged";

  /** What happened to a key. */
  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  /**
   * One changed key.
   *
   * @param oldValue masked text before, null when added
   * @param newValue masked text after, null when removed
   */
  public record Change(Kind kind, String key, String oldValue, String newValue) {
    /** One line: {@code + key=new}, {@code - key=old} or {@code ~ key: old -> new}. */
    public String line() {
      return switch (kind) {
        case ADDED -> "+ " + key + "=" + ConfigSnapshot.escape(newValue);
        case REMOVED -> "- " + key + "=" + ConfigSnapshot.escape(oldValue);
        case CHANGED ->
            "~ "
                + key
                + ": "
                + ConfigSnapshot.escape(oldValue)
                + " -> "
                + ConfigSnapshot.escape(newValue);
      };
    }
  }

  private ConfigDiff() {}

  /** The changes from {@code before} to {@code after}, in key order. */
  public static List<Change> between(
      SortedMap<String, String> before, SortedMap<String, String> after) {
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Change> out = new ArrayList<>();
    for (String k : keys) {
      String o = before.get(k);
      String n = after.get(k);
      if (o == null) {
        out.add(new Change(Kind.ADDED, k, null, n));
      } else if (n == null) {
        out.add(new Change(Kind.REMOVED, k, o, null));
      } else if (!o.equals(n)) {
        out.add(new Change(Kind.CHANGED, k, o, n));
      }
    }
    return out;
  }

  /** The record's diff text: one line per change, or {@value #UNCHANGED}. */
  public static String text(List<Change> changes) {
    if (changes.isEmpty()) {
      return UNCHANGED;
    }
    StringBuilder sb = new StringBuilder();
    for (Change c : changes) {
      sb.append(c.line()).append('\n');
    }
    return sb.toString();
  }

  /** The keys a diff text names (every line but {@value #INITIAL} and {@value #UNCHANGED}). */
  public static List<String> keys(String diffText) {
    List<String> out = new ArrayList<>();
    for (String line : diffText.split("\n")) {
      if (line.length() < 3
          || !(line.startsWith("+ ") || line.startsWith("- ") || line.startsWith("~ "))) {
        continue;
      }
      String rest = line.substring(2);
      int end = line.startsWith("~ ") ? rest.indexOf(": ") : rest.indexOf('=');
      out.add(end < 0 ? rest : rest.substring(0, end));
    }
    return out;
  }
}
