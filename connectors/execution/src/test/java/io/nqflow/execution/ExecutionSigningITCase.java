package io.nqflow.execution;

import static io.nqflow.execution.ServiceHarness.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.security.IntentSigner;
import io.nqflow.execution.broker.PaperBroker;
import io.nqflow.execution.ledger.Ledger;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.schemas.Topics;
import io.nqflow.testing.KafkaExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Only intents signed by the risk gate's key become broker orders. */
class ExecutionSigningITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final String KEY = "test-gate-key-0123456789";
  private static final IntentSigner GATE = new IntentSigner(KEY, "gate-1");

  @TempDir Path dir;

  @Test
  void unsignedTamperedAndForgedIntentsNeverReachTheBroker() throws Exception {
    ServiceHarness h = new ServiceHarness(KAFKA, dir, "acct-sign");
    ExecutionSettings settings = h.settings.withSigningKey(KEY, "gate-1");
    PaperBroker paper = PaperBroker.from(settings);

    OrderIntent good = GATE.sign(TestData.buy(h.account, "sig-good", 201, 1, 10.0));
    OrderIntent unsigned = TestData.buy(h.account, "sig-unsigned", 202, 1, 10.0);
    OrderIntent tampered =
        OrderIntent.newBuilder(GATE.sign(TestData.buy(h.account, "sig-tampered", 203, 1, 10.0)))
            .setQuantity(50)
            .build();
    OrderIntent forged =
        new IntentSigner("not-the-gate-key-9876543210", "gate-1")
            .sign(TestData.buy(h.account, "sig-forged", 204, 1, 10.0));
    OrderIntent unknownKey =
        new IntentSigner(KEY, "gate-2").sign(TestData.buy(h.account, "sig-key", 205, 1, 10.0));
    List<OrderIntent> refused = List.of(unsigned, tampered, forged, unknownKey);

    try (ExecutionService service = new ExecutionService(settings, paper)) {
      service.start();
      h.intent(unsigned, tampered, forged, unknownKey, good);
      service.awaitIdle(WAIT);

      String coid = good.getClientOrderId();
      // the signed intent is placed once (with its bracket); nothing else reaches the broker
      assertThat(paper.clientOrderIds()).containsExactly(coid, coid + "/SL", coid + "/PT");
      assertThat(service.stats().ordersSent()).isEqualTo(1);
      assertThat(service.stats().deadLetters()).isEqualTo(4);
    }

    try (Ledger ledger = h.ledger()) {
      assertThat(ledger.order(good.getClientOrderId())).isPresent();
      for (OrderIntent i : refused) {
        assertThat(ledger.order(i.getClientOrderId())).as(i.getSignalId()).isEmpty();
      }
    }
    assertThat(h.audits(unsigned.getClientOrderId()))
        .extracting(AuditEvent::getAction)
        .containsExactly("INTENT_REFUSED");
    assertThat(h.audits(unsigned.getClientOrderId()).get(0).getRationale())
        .contains("unsigned intent");
    assertThat(h.audits(tampered.getClientOrderId()).get(0).getRationale())
        .contains("does not match");
    assertThat(h.audits(forged.getClientOrderId()).get(0).getRationale())
        .contains("does not match");
    assertThat(h.audits(unknownKey.getClientOrderId()).get(0))
        .satisfies(
            a -> {
              assertThat(a.getAction()).isEqualTo("INTENT_REFUSED");
              assertThat(a.getRationale()).contains("unknown key id 'gate-2'");
              assertThat(a.getDetails()).containsEntry("key_id", "gate-2");
            });
    assertThat(h.audits(good.getClientOrderId()))
        .extracting(AuditEvent::getAction)
        .doesNotContain("INTENT_REFUSED")
        .contains("PENDING_NEW", "SENT");

    List<DeadLetter> dead =
        h.kafka.values(Topics.DEAD_LETTERS).stream()
            .filter(d -> d.getSource().equals(Topics.ORDERS_APPROVED.name()))
            .filter(d -> d.getReason().contains("only the risk gate"))
            .toList();
    assertThat(dead)
        .extracting(
            d -> Topics.ORDERS_APPROVED.deserializeValue(d.getRaw().array()).getClientOrderId())
        .containsExactlyInAnyOrderElementsOf(
            refused.stream().map(OrderIntent::getClientOrderId).toList());
    // the dead letter keeps the refused record as it was read (the tampered quantity)
    assertThat(dead)
        .extracting(d -> Topics.ORDERS_APPROVED.deserializeValue(d.getRaw().array()))
        .filteredOn(i -> i.getSignalId().equals("sig-tampered"))
        .singleElement()
        .satisfies(i -> assertThat(i.getQuantity()).isEqualTo(50));
  }
}
