package io.nqflow.databento;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * A Databento API key, read from {@code DATABENTO_API_KEY} or a secret file. Its {@link
 * #toString()} is masked and no method of this library puts the key (or its last characters) into a
 * log line or an exception message.
 */
public final class ApiKey {
  /** The environment variable Databento's own clients read. */
  public static final String ENV_VAR = "DATABENTO_API_KEY";

  /** The CRAM reply names the key's bucket by its last characters. */
  static final int BUCKET_ID_LEN = 5;

  private final String value;

  private ApiKey(String value) {
    this.value = value;
  }

  /**
   * Wraps a key given in code (tests, or a key fetched from a secret store by the caller).
   *
   * @throws IllegalArgumentException if the key is blank, shorter than 6 characters or contains
   *     whitespace, {@code |} or {@code =} (which would break the gateway's line protocol); the
   *     message never contains the key
   */
  public static ApiKey of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("API key is empty");
    }
    if (value.length() <= BUCKET_ID_LEN) {
      throw new IllegalArgumentException(
          "API key is too short (" + value.length() + " characters); Databento keys have 32");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '|' || c == '=' || c > '~') {
        throw new IllegalArgumentException(
            "API key contains a character not allowed in a key (at index " + i + ")");
      }
    }
    return new ApiKey(value);
  }

  /** Reads the key from {@value #ENV_VAR}. */
  public static ApiKey fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Reads the key from {@value #ENV_VAR} in the given environment (testable). */
  static ApiKey fromEnvironment(Map<String, String> env) {
    String v = env.get(ENV_VAR);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "no Databento API key: set " + ENV_VAR + " or give a secret file (--api-key-file)");
    }
    return of(v.strip());
  }

  /**
   * Reads the key from a secret file: its content, with surrounding whitespace (a trailing newline)
   * removed. Typical sources: a Kubernetes secret volume, a file with mode 0600.
   */
  public static ApiKey fromFile(Path file) throws IOException {
    String v = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (v.isEmpty()) {
      throw new IllegalStateException("secret file " + file + " is empty");
    }
    try {
      return of(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("secret file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The secret file if one is given, else {@value #ENV_VAR}. */
  public static ApiKey resolve(Path secretFileOrNull) throws IOException {
    return secretFileOrNull != null ? fromFile(secretFileOrNull) : fromEnvironment();
  }

  /** The bucket id sent in the clear with the CRAM reply: the key's last 5 characters. */
  String bucketId() {
    return value.substring(value.length() - BUCKET_ID_LEN);
  }

  /**
   * The gateway's challenge reply: {@code sha256("<challenge>|<key>")} in lower-case hex, {@code
   * -}, the bucket id. The key itself never goes over the wire.
   */
  String cramReply(String challenge) {
    return sha256Hex(challenge + "|" + value) + "-" + bucketId();
  }

  /** The HTTP basic authorization header value: the key as user, an empty password. */
  String basicAuthorization() {
    return "Basic "
        + Base64.getEncoder().encodeToString((value + ":").getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code text} with every occurrence of the key masked (for text that came from outside). */
  String redact(String text) {
    return text == null ? null : text.replace(value, "<api key>");
  }

  static String sha256Hex(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Masked: never shows any part of the key. */
  @Override
  public String toString() {
    return "ApiKey[****]";
  }
}
