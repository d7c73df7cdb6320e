package io.nqflow.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints a resolved {@link NqflowConfig} as YAML in the profile format, with secrets masked. */
public final class ConfigRenderer {

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .build();

  private ConfigRenderer() {}

  /** The resolved config as YAML; every present {@link Secret} prints as {@value Secret#MASK}. */
  public static String toYaml(NqflowConfig cfg) {
    try {
      return "# resolved nqflow configuration, profile "
          + cfg.profile()
          + (cfg.strategy() == null ? "" : ", strategy " + cfg.strategy())
          + "\n"
          + YAML.writeValueAsString(toTree(cfg));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render config", e);
    }
  }

  /**
   * The resolved config as nested maps with snake_case keys (secrets masked), e.g. for audit
   * events.
   */
  public static Map<String, Object> toTree(Record cfg) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent rc : cfg.getClass().getRecordComponents()) {
      String key = Names.key(rc);
      Object v = ConfigValidator.read(rc, cfg);
      if (key == null) {
        if (rc.isAnnotationPresent(RuntimeOnly.class) && v instanceof Map<?, ?> sections) {
          for (Map.Entry<?, ?> e : sections.entrySet()) {
            out.put(String.valueOf(e.getKey()), value(e.getValue()));
          }
        }
        // references print where they are declared; run-time values are not configuration
        continue;
      }
      if (rc.isAnnotationPresent(SecretValue.class)) {
        v = v == null ? null : Secret.MASK;
      }
      put(out, key, value(v));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> out, String dottedKey, Object value) {
    Map<String, Object> node = out;
    String[] parts = dottedKey.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      node = (Map<String, Object>) node.computeIfAbsent(parts[i], p -> new LinkedHashMap<>());
    }
    node.put(parts[parts.length - 1], value);
  }

  private static Object value(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Secret s) {
      return s.isPresent() ? Secret.MASK : null;
    }
    if (v instanceof ReplaySpeed
        || v instanceof Instant
        || v instanceof java.time.ZoneId
        || v instanceof java.time.LocalTime
        || v instanceof java.net.URI) {
      return v.toString();
    }
    if (v instanceof Duration d) {
      return DurationFormat.format(d);
    }
    if (v instanceof Enum<?> e) {
      return e.name();
    }
    if (v instanceof Record r) {
      return toTree(r);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) {
        out.add(value(o));
      }
      return out;
    }
    return v;
  }
}
