package io.nqflow.core.security;

import io.nqflow.orders.v1.OrderIntent;

/**
 * Signs and verifies {@link OrderIntent}s so that only the risk gate can make an order: a {@link
 * RecordSigner} of intents (the signature field holds lower-case hex).
 */
public final class IntentSigner extends RecordSigner<OrderIntent> {
  private static final long serialVersionUID = 2L;

  /**
   * A signer with {@code key} (at least {@value RecordSigner#MIN_KEY_LENGTH} characters) named
   * {@code keyId}.
   *
   * @throws IllegalArgumentException if the key is too short or the id blank
   */
  public IntentSigner(String key, String keyId) {
    super(OrderIntent.class, key, keyId);
  }

  /** The bytes a signature covers: the Avro binary encoding of the intent with signature null. */
  public static byte[] canonicalBytes(OrderIntent intent) {
    return RecordSigner.canonicalBytes(intent);
  }
}
