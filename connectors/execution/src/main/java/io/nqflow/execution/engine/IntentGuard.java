package io.nqflow.execution.engine;

import io.nqflow.core.security.IntentSigner;
import io.nqflow.execution.ledger.OutboxRecord;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only the risk gate can make an order: checks an intent's signature with the gate's key and, for
 * an unsigned, unknown-key or tampered intent, says what to publish instead of an order (an
 * INTENT_REFUSED audit event and a dead letter holding the record as read).
 */
final class IntentGuard {
  /** Audit detail: the key id an intent claimed (empty when none). */
  static final String KEY_ID = AuditDetails.KEY_ID;

  private static final Logger LOG = LoggerFactory.getLogger(IntentGuard.class);

  private final IntentSigner verifier;
  private final Messages messages;

  IntentGuard(IntentSigner verifier, Messages messages) {
    this.verifier = verifier;
    this.messages = messages;
  }

  /**
   * Null when {@code intent} carries a valid signature; otherwise the audit event and dead letter
   * of its refusal ({@code source}: where it was read, {@code now}: ns since the epoch).
   */
  List<OutboxRecord> refusal(OrderIntent intent, String source, long now) {
    if (verifier.verify(intent)) {
      return null;
    }
    String reason;
    if (intent.getSignature() == null) {
      reason = "unsigned intent";
    } else if (!verifier.keyId().equals(intent.getKeyId())) {
      reason = "intent signed by unknown key id '" + intent.getKeyId() + "'";
    } else {
      reason = "intent signature does not match its content (tampered or wrong key)";
    }
    String why =
        "refused "
            + reason
            + " "
            + intent.getClientOrderId()
            + " at "
            + source
            + "; only the risk gate can make an order";
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.SIGNAL_ID, intent.getSignalId());
    d.put(AuditDetails.POSITION, source);
    d.put(KEY_ID, intent.getKeyId() == null ? "" : intent.getKeyId());
    LOG.warn("intent {} {}", intent.getClientOrderId(), why);
    return List.of(
        messages.audit("order", intent.getClientOrderId(), "INTENT_REFUSED", source, now, why, d),
        messages.deadLetter(
            Topics.ORDERS_APPROVED.name(),
            source,
            Topics.ORDERS_APPROVED.serializeValue(intent),
            why,
            now));
  }
}
