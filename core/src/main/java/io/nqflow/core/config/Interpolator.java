package io.nqflow.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${file:/path}} in config strings
 * against an explicit environment map (never {@code System.getenv()} directly, so tests control
 * it).
 */
final class Interpolator {

  private static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, String> env;

  Interpolator(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  static boolean hasReference(String s) {
    return s.contains("${");
  }

  /** Outcome of resolving one string: the value, or the first reference that had no value. */
  record Result(String value, String unresolved, String malformed) {}

  Result resolve(String raw) {
    Matcher m = REF.matcher(raw);
    StringBuilder out = new StringBuilder();
    String unresolved = null;
    while (m.find()) {
      String ref = m.group(1).trim();
      String value;
      if (ref.startsWith("file:")) {
        value = readFile(ref.substring("file:".length()));
      } else {
        String name = ref;
        String fallback = null;
        int sep = ref.indexOf(":-");
        if (sep >= 0) {
          name = ref.substring(0, sep);
          fallback = ref.substring(sep + 2);
        }
        if (!VAR.matcher(name).matches()) {
          return new Result(
              null,
              null,
              "malformed reference ${"
                  + m.group(1)
                  + "}: expected ${NAME}, ${NAME:-default} or ${file:/path}");
        }
        value = env.get(name);
        if ((value == null || value.isEmpty()) && fallback != null) {
          value = fallback;
        }
      }
      if (value == null) {
        if (unresolved == null) {
          unresolved = ref;
        }
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    String rest = out.toString();
    if (unresolved == null && rest.contains("${")) {
      return new Result(null, null, "unterminated reference in \"" + raw + "\"");
    }
    return new Result(unresolved == null ? rest : null, unresolved, null);
  }

  /** Secret files hold a key or a password: anything larger is not one. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  /**
   * The stripped content of a secret file, or null (then reported as a reference without a value)
   * for a path that is not a regular file of at most {@link #MAX_FILE_BYTES}: a device such as
   * {@code /dev/zero} or a pipe would otherwise be read without end.
   */
  private static String readFile(String path) {
    try {
      Path file = Path.of(path.trim());
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
        return null;
      }
      String content = Files.readString(file, StandardCharsets.UTF_8);
      // secret files usually end with a newline that is not part of the secret
      return content.strip();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
