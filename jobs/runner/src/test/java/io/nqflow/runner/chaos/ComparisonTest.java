package io.nqflow.runner.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.execution.broker.BrokerFill;
import io.nqflow.execution.ledger.LedgerFill;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison finds what was planted: losses, duplicates, redeliveries. */
class ComparisonTest {
  /** A signal-like item: id and the logical key it stands for. */
  record Item(String id, String key) {}

  private static StreamCheck check(List<Item> ref, List<Item> run) {
    return Comparison.byId("s", ref, run, Item::id, Item::key);
  }

  @Test
  void aDeterministicStreamCountsLostDuplicatedAndRedeliveredSeparately() {
    List<Item> ref = List.of(new Item("a", "A"), new Item("b", "B"), new Item("c", "C"));
    StreamCheck same =
        check(ref, List.of(new Item("a", "A"), new Item("b", "B"), new Item("c", "C")));
    assertThat(same.ok()).isTrue();
    assertThat(same.redelivered()).isZero();

    // "a" twice with its own id: a redelivery, allowed.
    StreamCheck redelivered =
        check(
            ref,
            List.of(
                new Item("a", "A"), new Item("a", "A"), new Item("b", "B"), new Item("c", "C")));
    assertThat(redelivered.ok()).isTrue();
    assertThat(redelivered.redelivered()).isEqualTo(1);

    // "c" missing: lost; "b2" is B again under another id: duplicated.
    StreamCheck bad =
        check(ref, List.of(new Item("a", "A"), new Item("b", "B"), new Item("b2", "B")));
    assertThat(bad.lost()).isEqualTo(1);
    // Two ids for one logical item, and one id the fault-free run never produced.
    assertThat(bad.duplicated()).isEqualTo(2);
    assertThat(bad.ok()).isFalse();
    assertThat(bad.examples()).anyMatch(e -> e.contains("lost c"));
  }

  @Test
  void aLostItemIsNamedWithItsTsEventAndTheRunsLast() {
    record Ts(String id, long ts) {}
    StreamCheck c =
        Comparison.byId(
            "s",
            List.of(new Ts("a", 10), new Ts("b", 20), new Ts("c", 30)),
            List.of(new Ts("a", 10), new Ts("b", 20)),
            Ts::id,
            Ts::ts,
            Ts::id);
    assertThat(c.lost()).isEqualTo(1);
    assertThat(c.examples())
        .containsExactly("lost c (ts_event 30)", "last ts_event of the run: 20");
  }

  private static RunOutcome fills(List<String> broker, List<String> ledger, List<String> topic) {
    return new RunOutcome(
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        topic.stream().map(ComparisonTest::fillEvent).toList(),
        List.of(),
        ledger.stream()
            .map(id -> new LedgerFill(id, "c1", "b1", 1, "NQ", OrderSide.BUY, 1, 10, 20, 1, 5))
            .toList(),
        List.of("c1"),
        broker.stream().map(id -> new BrokerFill(id, "b1", OrderSide.BUY, 1, 10, 5)).toList(),
        Map.of("c1", 1));
  }

  private static ExecutionEvent fillEvent(String executionId) {
    Fill f =
        Fill.newBuilder()
            .setExecutionId(executionId)
            .setClientOrderId("c1")
            .setBrokerOrderId("b1")
            .setInstrumentId(1)
            .setSide(OrderSide.BUY)
            .setQuantity(1)
            .setPrice(10)
            .setRole(OrderRole.ENTRY)
            .setSlippageUsd(0)
            .setFeeUsd(1)
            .build();
    return ExecutionEvent.newBuilder()
        .setEventId("e-" + executionId)
        .setAccount("a")
        .setBroker("paper")
        .setTsEvent(5)
        .setPayload(f)
        .build();
  }

  @Test
  void fillsAreCheckedAgainstTheBrokersExecutions() {
    RunOutcome ref = fills(List.of("x1", "x2"), List.of("x1", "x2"), List.of("x1", "x2"));
    StreamCheck ok =
        Comparison.fills(
            ref, fills(List.of("x1", "x2"), List.of("x1", "x2"), List.of("x1", "x2", "x2")));
    assertThat(ok.ok()).isTrue();
    assertThat(ok.redelivered()).isEqualTo(1);

    // The broker executed x3, the ledger never recorded it; the ledger's x2 never reached the
    // topic.
    StreamCheck lost =
        Comparison.fills(ref, fills(List.of("x1", "x2", "x3"), List.of("x1", "x2"), List.of("x1")));
    assertThat(lost.lost()).isEqualTo(2);
    assertThat(lost.duplicated()).isZero();

    // A fill the broker never made, in the ledger and on the topic.
    StreamCheck dup =
        Comparison.fills(ref, fills(List.of("x1"), List.of("x1", "x9"), List.of("x1", "x9")));
    assertThat(dup.duplicated()).isEqualTo(2);
  }

  @Test
  void twoPlacementsOfOneClientOrderIdAreADuplicateBrokerOrder() {
    RunOutcome ref = fills(List.of(), List.of(), List.of());
    RunOutcome twice =
        new RunOutcome(
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Map.of("c7", 2));
    StreamCheck c = Comparison.brokerOrders(ref, twice);
    assertThat(c.duplicated()).isEqualTo(1);
    assertThat(c.examples()).anyMatch(e -> e.contains("placed 2 times: c7"));
  }
}
