package io.nqflow.core.audit;

import io.nqflow.core.config.ConfigLeaves;
import io.nqflow.core.config.NqflowConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The masked, canonical configuration of one start of a component instance.
 *
 * <p>The canonical text is one {@code key=value} line per setting, keys sorted by their UTF-16 code
 * units, each line ended by {@code \n}; a backslash in a value prints as {@code \\}, a line break
 * as {@code \n}, a carriage return as {@code \r}. Secrets print as {@link SecretFingerprint} masks.
 * The digest is the SHA-256 of that text (UTF-8), lower-case hex.
 *
 * @param entries setting key to masked text value, sorted
 * @param saltHex the salt of the secrets' fingerprints
 */
public record ConfigSnapshot(SortedMap<String, String> entries, String saltHex) {

  public ConfigSnapshot {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
  }

  /** The snapshot of a whole configuration (every section), secrets masked with {@code fp}. */
  public static ConfigSnapshot of(NqflowConfig cfg, SecretFingerprint fp) {
    return new ConfigSnapshot(ConfigLeaves.of(cfg, fp::mask), fp.saltHex());
  }

  /** The snapshot of one settings section under {@code prefix}, secrets masked with {@code fp}. */
  public static ConfigSnapshot of(String prefix, Record section, SecretFingerprint fp) {
    return new ConfigSnapshot(ConfigLeaves.of(prefix, section, fp::mask), fp.saltHex());
  }

  /** The canonical text (see the type's description). */
  public String canonical() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : entries.entrySet()) {
      sb.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
    }
    return sb.toString();
  }

  /** SHA-256 of {@link #canonical()}, lower-case hex. */
  public String digest() {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * Parses a canonical text back into entries.
   *
   * @throws IllegalArgumentException when a line has no '='
   */
  public static SortedMap<String, String> parse(String canonical) {
    SortedMap<String, String> out = new TreeMap<>();
    int lineNo = 0;
    for (String line : canonical.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "config line " + lineNo + " has no key=value: '" + line + "'");
      }
      out.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
    }
    return out;
  }

  static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
  }

  static String unescape(String v) {
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\' && i + 1 < v.length()) {
        char n = v.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
