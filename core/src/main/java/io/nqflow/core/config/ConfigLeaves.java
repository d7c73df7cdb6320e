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
 * <p>Keys are the profile keys ({@code kafka.bootstrap_servers}). In a whole configuration a
 * component that refers to another section's option ({@code @Key("/risk.account")}) is printed
 * where that option is declared; in a single section it appears under the absolute key. Lists print
 * as {@code [a, b]} and list elements that are records as {@code key[i].field}. A null value prints
 * as {@value #UNSET}. A secret ({@link Secret}, or a {@link SecretValue} string) never prints: a
 * present one is replaced by what {@code secretText} makes of it, an absent one is {@value #UNSET},
 * an empty one {@value #EMPTY}.
 */
public final class ConfigLeaves {
  /** The text of a setting that has no value. */
  public static final String UNSET = "<unset>";

  /** The text of a secret set to the empty string (its fingerprint would say no more). */
  public static final String EMPTY = "<empty>";

  private ConfigLeaves() {}

  /**
   * The leaves of a whole configuration: the core sections and every bound component section.
   *
   * @param secretText makes the printed text of a present secret's value (e.g. a mask with a
   *     fingerprint); it must not return the value
   */
  public static SortedMap<String, String> of(NqflowConfig cfg, UnaryOperator<String> secretText) {
    SortedMap<String, String> out = new TreeMap<>();
    walk(cfg, "", false, out, secretText);
    return out;
  }

  /**
   * The leaves of one component section under {@code prefix} (e.g. {@code execution}); references
   * to other sections' options appear under their absolute keys.
   */
  public static SortedMap<String, String> of(
      String prefix, Record section, UnaryOperator<String> secretText) {
    SortedMap<String, String> out = new TreeMap<>();
    walk(section, prefix.isEmpty() ? "" : prefix + ".", true, out, secretText);
    return out;
  }

  private static void walk(
      Record r,
      String prefix,
      boolean references,
      SortedMap<String, String> out,
      UnaryOperator<String> secretText) {
    for (RecordComponent rc : r.getClass().getRecordComponents()) {
      Object v = ConfigValidator.read(rc, r);
      String key = Names.key(rc);
      if (key == null) {
        String ref = Names.reference(rc);
        if (ref != null) {
          if (references) {
            leaf(ref, v, rc.isAnnotationPresent(SecretValue.class), references, out, secretText);
          }
        } else if (rc.isAnnotationPresent(RuntimeOnly.class) && v instanceof Map<?, ?> sections) {
          for (Map.Entry<?, ?> e : sections.entrySet()) {
            if (e.getValue() instanceof Record section) {
              walk(section, prefix + e.getKey() + ".", false, out, secretText);
            }
          }
        }
        // other run-time values are not configuration
        continue;
      }
      leaf(prefix + key, v, rc.isAnnotationPresent(SecretValue.class), references, out, secretText);
    }
  }

  private static void leaf(
      String key,
      Object v,
      boolean secret,
      boolean references,
      SortedMap<String, String> out,
      UnaryOperator<String> secretText) {
    if (v instanceof Secret s) {
      out.put(key, s.isPresent() ? secretText.apply(s.reveal()) : UNSET);
    } else if (secret) {
      String t = v == null ? null : v.toString();
      out.put(key, t == null ? UNSET : t.isEmpty() ? EMPTY : secretText.apply(t));
    } else if (v instanceof Record nested) {
      walk(nested, key + ".", references, out, secretText);
    } else if (v instanceof List<?> list && list.stream().anyMatch(Record.class::isInstance)) {
      for (int i = 0; i < list.size(); i++) {
        leaf(key + "[" + i + "]", list.get(i), false, references, out, secretText);
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
