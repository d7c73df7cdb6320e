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
      out.put(Names.snake(rc.getName()), value(ConfigValidator.read(rc, cfg)));
    }
    return out;
  }

  private static Object value(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Secret s) {
      return s.isPresent() ? Secret.MASK : null;
    }
    if (v instanceof ReplaySpeed || v instanceof Instant) {
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
