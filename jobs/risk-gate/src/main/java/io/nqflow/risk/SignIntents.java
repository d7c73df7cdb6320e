package io.nqflow.risk;

import io.nqflow.core.security.IntentSigner;
import io.nqflow.orders.v1.OrderIntent;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Signs each approved intent with the gate's key (risk.signing_key) just before orders.approved, so
 * the execution service can tell the gate's orders from any other record on the topic.
 */
final class SignIntents implements MapFunction<OrderIntent, OrderIntent> {
  private static final long serialVersionUID = 1L;
  private final IntentSigner signer;

  SignIntents(IntentSigner signer) {
    this.signer = signer;
  }

  @Override
  public OrderIntent map(OrderIntent intent) {
    return signer.sign(intent);
  }
}
