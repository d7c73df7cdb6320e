package io.nqflow.runner.local;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The intent-signing key of one in-process run: 32 random bytes (64 hex characters) made at start,
 * handed to the risk gate (risk.signing_key) and the execution service (execution.signing_key) and
 * never written anywhere, so a run's own stack signs and verifies every order without setup.
 *
 * @param key the key, 64 hex characters
 * @param keyId its id, {@code local-<run id>}
 */
public record RunSigningKey(String key, String keyId) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A fresh random key for the run {@code runId}. */
  public static RunSigningKey ephemeral(String runId) {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return new RunSigningKey(HexFormat.of().formatHex(b), "local-" + runId);
  }

  @Override
  public String toString() {
    return "RunSigningKey[keyId=" + keyId + ", key=****]";
  }
}
