package io.nqflow.core.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic message ids (docs/design.md §8): an id is derived from what caused the message, so
 * a replay or a restart yields the same id and every consumer can drop what it has seen.
 *
 * <p>The id is {@code prefix-} followed by the first 16 bytes of SHA-256 over the parts joined by
 * the unit separator, in hex. Parts are written with {@link String#valueOf(Object)}.
 */
public final class Ids {
  private static final HexFormat HEX = HexFormat.of();

  private Ids() {}

  public static String of(String prefix, Object... parts) {
    MessageDigest sha = sha256();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        sha.update((byte) 0x1f);
      }
      sha.update(String.valueOf(parts[i]).getBytes(StandardCharsets.UTF_8));
    }
    byte[] digest = sha.digest();
    return prefix + "-" + HEX.formatHex(digest, 0, 16);
  }

  /** Signal id from the triggering event (instrument, event time, sequence) and the detector. */
  public static String signalId(
      long instrumentId, long tsEvent, long sequence, String algorithm, String variant) {
    return of("sig", instrumentId, tsEvent, sequence, algorithm, variant);
  }

  /** Client order id from the variant and the signal id: one order per signal and variant. */
  public static String clientOrderId(String variant, String signalId) {
    return of("ord", variant, signalId);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
