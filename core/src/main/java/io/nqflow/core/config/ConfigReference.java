package io.nqflow.core.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The reference of every option, rendered from the declarations themselves (key, type, default,
 * unit and {@link Doc} of each settings record component): {@code nqflow config reference} prints
 * it and docs/configuration.md holds it, checked by a test.
 */
public final class ConfigReference {
  private ConfigReference() {}

  /** One table per section: the core sections, then the given component sections. */
  public static String markdown(List<ConfigSection<?>> sections) {
    NqflowConfig defaults = NqflowConfig.defaults();
    StringBuilder out = new StringBuilder();
    out.append("### top level\n\n");
    table(out, NqflowConfig.class, defaults, "", true);
    for (RecordComponent rc : NqflowConfig.class.getRecordComponents()) {
      if (rc.getType().isRecord()) {
        section(out, rc.getName(), (Record) ConfigValidator.read(rc, defaults), Names.key(rc));
      }
    }
    for (ConfigSection<?> s : sections) {
      section(out, s.key(), s.defaults().get(), s.key());
    }
    return out.toString();
  }

  private static void section(StringBuilder out, String name, Record defaults, String key) {
    out.append("\n### `").append(key).append("`\n\n");
    table(out, defaults.getClass(), defaults, "", false);
    for (RecordComponent rc : defaults.getClass().getRecordComponents()) {
      String k = Names.key(rc);
      if (k == null) {
        continue;
      }
      Class<?> element = listElement(rc);
      if (element != null && element.isRecord()) {
        out.append("\nEach element of `").append(key).append('.').append(k).append("`:\n\n");
        table(out, element, null, "", false);
      }
    }
  }

  /** Rows for the leaves of {@code type}; nested records are flattened into dotted keys. */
  private static void table(
      StringBuilder out, Class<?> type, Object defaults, String prefix, boolean topLevel) {
    if (prefix.isEmpty()) {
      out.append("| key | type | default | unit | description |\n");
      out.append("|---|---|---|---|---|\n");
    }
    for (RecordComponent rc : type.getRecordComponents()) {
      String key = Names.key(rc);
      if (key == null) {
        continue;
      }
      Object value = defaults == null ? null : ConfigValidator.read(rc, (Record) defaults);
      if (rc.getType().isRecord() && rc.getType() != ReplaySpeed.class) {
        if (topLevel) {
          continue; // a section of its own
        }
        table(out, rc.getType(), value, prefix + key + ".", false);
        continue;
      }
      Class<?> element = listElement(rc);
      if (element != null && element.isRecord()) {
        out.append(row(prefix + key, "list", "see below", "", "See below."));
        continue;
      }
      Doc doc = rc.getAnnotation(Doc.class);
      if (doc == null) {
        throw new IllegalStateException(
            type.getName() + "." + rc.getName() + " declares no @Doc description");
      }
      out.append(
          row(
              prefix + key,
              typeName(rc),
              defaults == null ? "" : defaultText(rc, value),
              doc.unit().equals("duration") ? "" : doc.unit(),
              sentence(doc.value())));
    }
  }

  private static String row(String key, String type, String def, String unit, String doc) {
    return "| `"
        + key
        + "` | "
        + type
        + " | "
        + def
        + " | "
        + unit
        + " | "
        + doc.replace("|", "\\|")
        + " |\n";
  }

  private static String sentence(String s) {
    return s.endsWith(".") ? s : s + ".";
  }

  private static String typeName(RecordComponent rc) {
    if (rc.isAnnotationPresent(SecretValue.class) || rc.getType() == Secret.class) {
      return "secret";
    }
    Class<?> t = rc.getType();
    if (t == int.class || t == long.class) {
      return "integer";
    }
    if (t == double.class) {
      return "number";
    }
    if (t == boolean.class) {
      return "boolean";
    }
    if (t == Duration.class) {
      return "duration";
    }
    if (t == ZoneId.class) {
      return "time zone";
    }
    if (t == LocalTime.class) {
      return "time of day";
    }
    if (t == Instant.class) {
      return "date or instant";
    }
    if (t == java.net.URI.class) {
      return "URL";
    }
    if (t == ReplaySpeed.class) {
      return "`max` or `xN`";
    }
    if (t.isEnum()) {
      return Arrays.stream(t.getEnumConstants())
          .map(e -> "`" + ((Enum<?>) e).name() + "`")
          .collect(Collectors.joining(", "));
    }
    Class<?> element = listElement(rc);
    if (element != null) {
      return "list of " + element.getSimpleName().toLowerCase(Locale.ROOT);
    }
    return "string";
  }

  private static String defaultText(RecordComponent rc, Object v) {
    if (v == null) {
      return "—";
    }
    if (rc.isAnnotationPresent(SecretValue.class) || v instanceof Secret) {
      return "—";
    }
    if (v instanceof Duration d) {
      return "`" + DurationFormat.format(d) + "`";
    }
    if (v instanceof Enum<?> e) {
      return "`" + e.name() + "`";
    }
    if (v instanceof List<?> list) {
      List<String> items = new ArrayList<>();
      for (Object o : list) {
        items.add(String.valueOf(o));
      }
      return items.isEmpty() ? "[]" : "`[" + String.join(", ", items) + "]`";
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return "`" + d.longValue() + "`";
    }
    return "`" + v + "`";
  }

  private static Class<?> listElement(RecordComponent rc) {
    if (rc.getType() != List.class) {
      return null;
    }
    Type g = rc.getGenericType();
    if (g instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
      return c;
    }
    return null;
  }
}
