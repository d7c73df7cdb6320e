package io.nqflow.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a YAML tree onto config records over their defaults, collecting every unknown key, wrong
 * type and unresolved reference instead of stopping at the first.
 */
final class ConfigBinder {

  private final Interpolator interpolator;
  private final List<ConfigError> errors;

  ConfigBinder(Map<String, String> env, List<ConfigError> errors) {
    this.interpolator = new Interpolator(env);
    this.errors = errors;
  }

  <T extends Record> T bindRecord(JsonNode node, Class<T> type, T defaults, String path) {
    if (node == null || node.isMissingNode()) {
      return defaults;
    }
    if (!node.isObject()) {
      error(path, "wrong type: expected a mapping of keys, got " + describe(node));
      return defaults;
    }
    RecordComponent[] components = type.getRecordComponents();
    reportUnknown((ObjectNode) node, KeyTree.of(type), path);
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent rc = components[i];
      types[i] = rc.getType();
      Object fallback =
          defaults == null ? emptyValue(rc.getType()) : ConfigValidator.read(rc, defaults);
      String key = Names.key(rc);
      if (key == null) {
        // filled at run time, or a reference resolved once every section is bound
        args[i] = fallback;
        continue;
      }
      JsonNode child = node;
      for (String part : key.split("\\.")) {
        child = child == null || !child.isObject() ? null : child.get(part);
      }
      if (child != null && rc.isAnnotationPresent(SecretValue.class)) {
        // bound like a Secret (no literal values), kept as the plain string the component wants
        Secret secret = child.isNull() ? Secret.absent() : bindSecret(child, join(path, key));
        args[i] = secret.isPresent() ? secret.reveal() : null;
        continue;
      }
      args[i] =
          child == null
              ? fallback
              : bindValue(child, rc.getGenericType(), fallback, join(path, key));
    }
    try {
      Constructor<T> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      reportRejection(type, path, String.valueOf(e.getCause().getMessage()));
      return defaults;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "config record " + type.getName() + " is not constructible", e);
    }
  }

  /**
   * Reports what a settings record's constructor rejected. Such a record lists its problems as
   * {@code "invalid ... settings: <name> <reason>; <name> <reason>"}, naming each by its key or its
   * component name; each is reported at its key path so the message points at the line to fix.
   */
  private void reportRejection(Class<?> type, String path, String message) {
    String body = message;
    int colon = message.indexOf(": ");
    if (colon > 0 && message.startsWith("invalid ")) {
      body = message.substring(colon + 2);
    }
    for (String part : body.split("; ")) {
      String key = null;
      int matched = 0;
      for (RecordComponent rc : type.getRecordComponents()) {
        String k = Names.key(rc);
        if (k == null) {
          continue;
        }
        for (String name : new String[] {k, rc.getName()}) {
          if (part.startsWith(name + " ") && name.length() > matched) {
            key = k;
            matched = name.length();
          }
        }
      }
      if (key == null) {
        error(path, part);
      } else {
        error(join(path, key), part.substring(matched).trim());
      }
    }
  }

  /** Reports every key under {@code node} that the record does not declare, with a hint. */
  private void reportUnknown(ObjectNode node, KeyTree keys, String path) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      KeyTree sub = keys.child(name);
      if (sub == null) {
        String hint = Names.closest(name, keys.names());
        error(
            join(path, name),
            "unknown key" + (hint == null ? "" : " (did you mean " + join(path, hint) + "?)"));
      } else if (!sub.isLeaf()) {
        JsonNode value = node.get(name);
        if (value.isObject()) {
          reportUnknown((ObjectNode) value, sub, join(path, name));
        } else if (!value.isNull()) {
          error(join(path, name), "wrong type: expected a mapping of keys, got " + describe(value));
        }
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object bindValue(JsonNode node, Type type, Object fallback, String path) {
    Class<?> raw = rawClass(type);
    if (node.isNull()) {
      if (raw == Secret.class) {
        return Secret.absent();
      }
      if (raw == List.class) {
        return List.of();
      }
      if (raw == String.class
          || raw == Instant.class
          || raw == ReplaySpeed.class
          || raw == URI.class) {
        return null;
      }
      error(path, "must not be null");
      return fallback;
    }
    if (raw.isRecord() && raw != ReplaySpeed.class) {
      Record defaults = fallback == null ? staticDefaults((Class<Record>) raw) : (Record) fallback;
      return bindRecord(node, (Class<Record>) raw, defaults, path);
    }
    if (raw == List.class) {
      Type elementType = ((ParameterizedType) type).getActualTypeArguments()[0];
      if (!node.isArray()) {
        error(path, "wrong type: expected a list, got " + describe(node));
        return fallback;
      }
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        if (node.get(i).isNull()) {
          error(path + "[" + i + "]", "must not be null");
          continue;
        }
        Object element = bindValue(node.get(i), elementType, null, path + "[" + i + "]");
        if (element != null) {
          out.add(element);
        }
      }
      return List.copyOf(out);
    }
    if (raw == Secret.class) {
      return bindSecret(node, path);
    }
    if (!node.isValueNode()) {
      error(path, "wrong type: expected " + expected(raw) + ", got " + describe(node));
      return fallback;
    }
    String text = null;
    boolean interpolated = false;
    if (node.isTextual()) {
      text = node.textValue();
      if (Interpolator.hasReference(text)) {
        Interpolator.Result r = interpolator.resolve(text);
        if (r.malformed() != null) {
          error(path, r.malformed());
          return fallback;
        }
        if (r.unresolved() != null) {
          error(
              path,
              "${"
                  + r.unresolved()
                  + "} has no value (set it, or give a default with ${NAME:-default})");
          return fallback;
        }
        text = r.value();
        interpolated = true;
      }
    }
    try {
      if (raw == String.class) {
        return text != null ? text : node.asText();
      }
      if (raw == int.class || raw == long.class) {
        long v;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          v = node.longValue();
        } else if (interpolated) {
          v = Long.parseLong(text.trim());
        } else {
          return wrongType(path, raw, node, fallback);
        }
        if (raw == int.class) {
          if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            error(path, "out of range for an integer: " + v);
            return fallback;
          }
          return (int) v;
        }
        return v;
      }
      if (raw == double.class) {
        double v;
        if (node.isNumber()) {
          v = node.doubleValue();
        } else if (interpolated) {
          v = Double.parseDouble(text.trim());
        } else {
          return wrongType(path, raw, node, fallback);
        }
        if (!Double.isFinite(v)) {
          error(path, "must be a finite number");
          return fallback;
        }
        return v;
      }
      if (raw == boolean.class) {
        if (node.isBoolean()) {
          return node.booleanValue();
        }
        if (interpolated && (text.trim().equals("true") || text.trim().equals("false"))) {
          return Boolean.parseBoolean(text.trim());
        }
        return wrongType(path, raw, node, fallback);
      }
      if (text == null) {
        if (raw == ReplaySpeed.class && node.isNumber()) {
          return ReplaySpeed.times(node.doubleValue());
        }
        return wrongType(path, raw, node, fallback);
      }
      if (raw == Duration.class) {
        return DurationFormat.parse(text);
      }
      if (raw == ZoneId.class) {
        return zone(text);
      }
      if (raw == LocalTime.class) {
        return localTime(text);
      }
      if (raw == URI.class) {
        return uri(text);
      }
      if (raw == Instant.class) {
        return instant(text);
      }
      if (raw == ReplaySpeed.class) {
        return ReplaySpeed.parse(text);
      }
      if (raw.isEnum()) {
        return enumValue((Class<Enum>) raw, text);
      }
    } catch (NumberFormatException e) {
      error(path, "wrong type: expected " + expected(raw) + ", got \"" + text + "\"");
      return fallback;
    } catch (IllegalArgumentException e) {
      error(path, e.getMessage());
      return fallback;
    }
    throw new IllegalStateException("unsupported config type " + type + " at " + path);
  }

  private Secret bindSecret(JsonNode node, String path) {
    if (!node.isTextual()) {
      error(
          path,
          "wrong type: expected a secret reference like ${ENV_VAR} or ${file:/path}, got "
              + describe(node));
      return Secret.absent();
    }
    String text = node.textValue().strip();
    if (text.isEmpty()) {
      return Secret.absent();
    }
    if (!Interpolator.hasReference(text)) {
      error(path, "secrets must not be written into config files; use ${ENV_VAR} or ${file:/path}");
      return Secret.absent();
    }
    Interpolator.Result r = interpolator.resolve(text);
    if (r.malformed() != null) {
      error(path, r.malformed());
      return Secret.absent();
    }
    String reference =
        text.startsWith("${") && text.endsWith("}") ? text.substring(2, text.length() - 1) : text;
    if (r.unresolved() != null) {
      // reported only if a section that is in use needs it (NqflowConfig.validate)
      return Secret.unresolved(r.unresolved());
    }
    return Secret.resolved(r.value(), reference);
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "expected a time zone like America/Chicago or UTC, got \"" + text + "\"");
    }
  }

  private static LocalTime localTime(String text) {
    try {
      return LocalTime.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected a time of day like 17:00, got \"" + text + "\"");
    }
  }

  private static URI uri(String text) {
    try {
      URI u = new URI(text.trim());
      if (!u.isAbsolute()) {
        throw new URISyntaxException(text, "not absolute");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "expected an absolute URL like https://host/path, got \"" + text + "\"");
    }
  }

  private static Instant instant(String text) {
    String t = text.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "expected a UTC date (2024-05-01) or instant (2024-05-01T13:30:00Z), got \""
              + text
              + "\"");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumValue(Class<Enum> type, String text) {
    String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Enum constant : type.getEnumConstants()) {
      if (constant.name().equals(name)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "expected one of " + Arrays.toString(type.getEnumConstants()) + ", got \"" + text + "\"");
  }

  private Object wrongType(String path, Class<?> raw, JsonNode node, Object fallback) {
    error(path, "wrong type: expected " + expected(raw) + ", got " + describe(node));
    return fallback;
  }

  private static String expected(Class<?> raw) {
    if (raw == int.class || raw == long.class) {
      return "an integer";
    }
    if (raw == double.class) {
      return "a number";
    }
    if (raw == boolean.class) {
      return "true or false";
    }
    if (raw == Duration.class) {
      return "a duration like 500ms, 10s, 5m, 1h or 30d";
    }
    if (raw == ZoneId.class) {
      return "a time zone";
    }
    if (raw == LocalTime.class) {
      return "a time of day";
    }
    if (raw == URI.class) {
      return "a URL";
    }
    if (raw == Instant.class) {
      return "a date or instant";
    }
    if (raw == ReplaySpeed.class) {
      return "\"max\" or a multiplier like \"x10\"";
    }
    if (raw.isEnum()) {
      return "one of " + Arrays.toString(raw.getEnumConstants());
    }
    return "a string";
  }

  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "string \"" + node.textValue() + "\"";
    }
    if (node.isBoolean()) {
      return "boolean " + node.booleanValue();
    }
    if (node.isNumber()) {
      return "number " + node.asText();
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalStateException("unsupported config type " + type);
  }

  private static Object emptyValue(Class<?> type) {
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == boolean.class) {
      return false;
    }
    return null;
  }

  private static <T extends Record> T staticDefaults(Class<T> type) {
    try {
      Method m = type.getMethod("defaults");
      if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type) {
        return type.cast(m.invoke(null));
      }
    } catch (NoSuchMethodException e) {
      return null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("defaults() of " + type.getName() + " failed", e);
    }
    return null;
  }

  private void error(String path, String reason) {
    errors.add(new ConfigError(null, path, reason));
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
