package io.nqflow.core.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a config record tree: every non-{@link Nullable} component is set, then each {@link
 * Validating} record's own rules, innermost first; reports every violation with its key path.
 */
public final class ConfigValidator {

  private ConfigValidator() {}

  /**
   * Every violation in {@code config}; empty when it is valid. File names are {@code <built-in>}.
   */
  public static List<ConfigError> problems(Record config) {
    List<ConfigError> errors = new ArrayList<>();
    walk(config, new Checks("", errors));
    return errors;
  }

  /**
   * Throws when {@code config} has any violation.
   *
   * @throws ConfigException listing every violation
   */
  public static <T extends Record> T requireValid(T config) {
    List<ConfigError> errors = problems(config);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config;
  }

  private static void walk(Record record, Checks checks) {
    for (RecordComponent rc : record.getClass().getRecordComponents()) {
      String key = Names.key(rc);
      if (key == null) {
        if (rc.isAnnotationPresent(RuntimeOnly.class)) {
          Object value = read(rc, record);
          if (value instanceof Map<?, ?> sections) {
            // component sections of the root, each under its own top-level key
            for (Map.Entry<?, ?> e : sections.entrySet()) {
              if (e.getValue() instanceof Record nested) {
                walk(nested, checks.at(String.valueOf(e.getKey())));
              }
            }
          }
        }
        // a reference is validated where it is declared
        continue;
      }
      Object value = read(rc, record);
      if (value == null) {
        if (!rc.isAnnotationPresent(Nullable.class)) {
          checks.error(key, "must be set");
        }
      } else if (value instanceof Record nested) {
        walk(nested, checks.at(key));
      } else if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          Object element = list.get(i);
          if (element == null) {
            checks.at(key).error("[" + i + "]", "must not be null");
          } else if (element instanceof Record nested) {
            walk(nested, checks.at(key + "[" + i + "]"));
          }
        }
      }
    }
    if (record instanceof Validating v) {
      v.validate(checks);
    }
  }

  static Object read(RecordComponent rc, Record record) {
    try {
      return rc.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read config component " + rc.getName(), e);
    }
  }
}
