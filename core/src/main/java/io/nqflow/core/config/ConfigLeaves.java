package io.nqflow.core.config;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A resolved configuration as a flat, sorted map of dotted snake_case keys to text values: one leaf
 * per setting, for audit records and their differences.
 *
 * <p>Keys are the profile keys ({@code kafka.bootstrap_servers}); a component that refers to
 * another section's option ({@code @Key("/risk.account")}) appears under that absolute key. Lists
 * print as {@code [a, b]} and list elements that are records as {@code key[i].field}. A null value
 * prints as {@value #UNSET}. A secret ({@link Secret}, or a {@link SecretValue} string) never
 * prints: a present one is replaced by what {@code secretText} makes of it, an absent one is
 * {@value #UNSET}.
 */
public final class ConfigLeaves {
  /** The text of a setting that has no value. */
  public static final String UNSET = "<unset>";

  private ConfigLeaves() {}

  /**
   * The leaves of a whole configuration: the core sections and every bound component section.
   *
   * @param secretText makes the printed text of a present secret's value (e.g. a mask with a
   *     fingerprint); it must not return the value
   */
  public static SortedMap<String, String> of(NqflowConfig cfg, UnaryOperator<String> secretText) {
    SortedMap<String, String> out = new TreeMap<>();
    walk(cfg, "", out, secretText);
    return out;
  }

  /**
   * The leaves of one component section under {@code prefix} (e.g. {@code execution}); references
   * to other sections' options appear under their absolute keys.
   */
  public static SortedMap<String, String> of(
      String prefix, Record section, UnaryOperator<String> secretText) {
    SortedMap<String, String> out = new TreeMap<>();
    walk(section, prefix.isEmpty() ? "" : prefix + ".", out, secretText);
    return out;
  }

  private static void walk(
      Record r, String prefix, SortedMap<String, String> out, UnaryOperator<String> secretText) {
    for (RecordComponent rc : r.getClass().getRecordComponents()) {
      Object v = ConfigValidator.read(rc, r);
      String key = Names.key(rc);
      if (key == null) {
        String ref = Names.reference(rc);
        if (ref != null) {
          leaf(ref, v, rc.isAnnotationPresent(SecretValue.class), out, secretText);
        } else if (rc.isAnnotationPresent(RuntimeOnly.class) && v instanceof Map<?, ?> sections) {
          for (Map.Entry<?, ?> e : sections.entrySet()) {
            if (e.getValue() instanceof Record section) {
              walk(section, prefix + e.getKey() + ".", out, secretText);
            }
          }
        }
        // other run-time values are not configuration
        continue;
      }
      leaf(prefix + key, v, rc.isAnnotationPresent(SecretValue.class), out, secretText);
    }
  }

  private static void leaf(
      String key,
      Object v,
      boolean secret,
      SortedMap<String, String> out,
      UnaryOperator<String> secretText) {
    if (v instanceof Secret s) {
      out.put(key, s.isPresent() ? secretText.apply(s.reveal()) : UNSET);
    } else if (secret) {
      out.put(key, v == null ? UNSET : secretText.apply(v.toString()));
    } else if (v instanceof Record nested) {
      walk(nested, key + ".", out, secretText);
    } else if (v instanceof List<?> list && list.stream().anyMatch(Record.class::isInstance)) {
      for (int i = 0; i < list.size(); i++) {
        leaf(key + "[" + i + "]", list.get(i), false, out, secretText);
      }
      if (list.isEmpty()) {
        out.put(key, "[]");
      }
    } else {
      out.put(key, text(v));
    }
  }

  private static String text(Object v) {
    if (v == null) {
      return UNSET;
    }
    if (v instanceof Duration d) {
      return DurationFormat.format(d);
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      for (Object o : list) {
        parts.add(text(o));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Map<?, ?> map) {
      TreeMap<String, String> sorted = new TreeMap<>();
      map.forEach((k, val) -> sorted.put(String.valueOf(k), text(val)));
      return sorted.toString();
    }
    return v.toString();
  }
}
