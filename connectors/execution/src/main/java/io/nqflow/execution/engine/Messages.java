package io.nqflow.execution.engine;

import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRejected;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.execution.ledger.LedgerFill;
import io.nqflow.execution.ledger.LedgerOrder;
import io.nqflow.execution.ledger.OutboxRecord;
import io.nqflow.market.Prices;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.AuditDetails;
import io.nqflow.schemas.Topics;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the messages the execution service writes, each with a deterministic id derived from what
 * caused it (client order id, broker id, execution id, control command id, input position).
 */
final class Messages {
  static final String STAGE = "execution";

  private final String account;
  private final String broker;

  Messages(String account, String broker) {
    this.account = account;
    this.broker = broker;
  }

  OutboxRecord accepted(LedgerOrder o, String brokerOrderId, long ts) {
    return exec(
        Ids.of("exe", o.clientOrderId(), "ACCEPTED", brokerOrderId),
        ts,
        OrderAccepted.newBuilder()
            .setClientOrderId(o.clientOrderId())
            .setBrokerOrderId(brokerOrderId)
            .setInstrumentId(o.instrumentId())
            .setSide(o.side())
            .setQuantity(o.quantity())
            .setLimitPrice(o.price())
            .setRole(o.role())
            .build());
  }

  OutboxRecord rejected(LedgerOrder o, String reason, long ts) {
    return exec(
        Ids.of("exe", o.clientOrderId(), "REJECTED"),
        ts,
        OrderRejected.newBuilder().setClientOrderId(o.clientOrderId()).setReason(reason).build());
  }

  OutboxRecord cancelled(LedgerOrder o, String reason, long ts) {
    return exec(
        Ids.of("exe", o.clientOrderId(), "CANCELLED", o.brokerOrderId()),
        ts,
        OrderCancelled.newBuilder()
            .setClientOrderId(o.clientOrderId())
            .setBrokerOrderId(o.brokerOrderId() == null ? "" : o.brokerOrderId())
            .setReason(reason)
            .build());
  }

  /**
   * A fill. Entries carry the signal's price and the signal-to-fill latency; bracket legs and exits
   * measure slippage against their own trigger or limit price and carry neither.
   */
  OutboxRecord fill(LedgerOrder o, LedgerFill f) {
    boolean entry = o.signalPrice() != null;
    long reference = entry ? o.signalPrice() : o.price();
    long adverse =
        o.side() == io.nqflow.common.v1.OrderSide.BUY
            ? f.price() - reference
            : reference - f.price();
    return exec(
        Ids.of("exe", o.clientOrderId(), "FILL", f.executionId()),
        f.tsEvent(),
        Fill.newBuilder()
            .setExecutionId(f.executionId())
            .setClientOrderId(o.clientOrderId())
            .setBrokerOrderId(f.brokerOrderId())
            .setInstrumentId(o.instrumentId())
            .setSide(f.side())
            .setQuantity(f.quantity())
            .setPrice(f.price())
            .setRole(o.role())
            .setSignalPrice(entry ? o.signalPrice() : null)
            .setSlippageUsd(Prices.toDouble(adverse) * f.quantity() * o.multiplierUsd())
            .setSignalToFillNs(entry ? f.tsEvent() - o.tsSignal() : null)
            .setFeeUsd(f.feeUsd())
            .build());
  }

  OutboxRecord position(Portfolio.Position p, LedgerFill cause) {
    return exec(
        Ids.of("exe", "POSITION", cause.executionId()),
        cause.tsEvent(),
        PositionSnapshot.newBuilder()
            .setInstrumentId(p.instrumentId)
            .setQuantity(p.quantity())
            .setAvgPrice(p.avgPrice())
            .setMarkPrice(p.mark)
            .setMultiplierUsd(p.multiplierUsd())
            .build());
  }

  OutboxRecord pnl(Portfolio portfolio, LedgerFill cause) {
    String day = Portfolio.tradingDay(cause.tsEvent());
    return exec(
        Ids.of("exe", "PNL", cause.executionId()),
        cause.tsEvent(),
        PnlSnapshot.newBuilder()
            .setTradingDay(day)
            .setRealizedUsd(portfolio.realizedUsd(day))
            .setUnrealizedUsd(portfolio.unrealizedUsd())
            .setOpenPositions(portfolio.openPositions())
            .build());
  }

  OutboxRecord audit(
      String entityType,
      String entityId,
      String action,
      String discriminator,
      long ts,
      String rationale,
      Map<String, String> details) {
    AuditEvent a =
        AuditEvent.newBuilder()
            .setAuditId(Ids.of("aud", STAGE, entityType, entityId, action, discriminator))
            .setStage(STAGE)
            .setEntityType(entityType)
            .setEntityId(entityId)
            .setAction(action)
            .setTs(ts)
            .setRationale(rationale)
            .setDetails(new LinkedHashMap<>(details))
            .build();
    return new OutboxRecord(
        0,
        Topics.AUDIT.name(),
        Topics.AUDIT.serializeKey(entityId),
        Topics.AUDIT.serializeValue(a));
  }

  /** Audit of an order's state change, with the figures that identify it. */
  OutboxRecord orderAudit(LedgerOrder o, String action, String discriminator, long ts, String why) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.SIGNAL_ID, o.signalId());
    d.put(AuditDetails.VARIANT, o.variant());
    d.put(AuditDetails.ACCOUNT, o.account());
    d.put(AuditDetails.ROLE, o.role().name());
    d.put(AuditDetails.INSTRUMENT_ID, Long.toString(o.instrumentId()));
    d.put(AuditDetails.SYMBOL, o.symbol());
    d.put(AuditDetails.SIDE, o.side().name());
    d.put(AuditDetails.QUANTITY, Integer.toString(o.quantity()));
    d.put(AuditDetails.PRICE, Long.toString(o.price()));
    d.put(AuditDetails.TS_SIGNAL, Long.toString(o.tsSignal()));
    if (o.brokerOrderId() != null) {
      d.put(AuditDetails.BROKER_ORDER_ID, o.brokerOrderId());
    }
    if (o.parentClientOrderId() != null) {
      d.put(AuditDetails.PARENT_CLIENT_ORDER_ID, o.parentClientOrderId());
    }
    d.put(AuditDetails.BROKER, broker);
    return audit("order", o.clientOrderId(), action, discriminator, ts, why, d);
  }

  OutboxRecord fillAudit(LedgerOrder o, LedgerFill f, Portfolio.Position p) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(AuditDetails.CLIENT_ORDER_ID, o.clientOrderId());
    d.put(AuditDetails.SIGNAL_ID, o.signalId());
    d.put(AuditDetails.ROLE, o.role().name());
    d.put(AuditDetails.INSTRUMENT_ID, Long.toString(f.instrumentId()));
    d.put(AuditDetails.SIDE, f.side().name());
    d.put(AuditDetails.QUANTITY, Integer.toString(f.quantity()));
    d.put(AuditDetails.PRICE, Long.toString(f.price()));
    d.put(AuditDetails.FEE_USD, Double.toString(f.feeUsd()));
    d.put(AuditDetails.POSITION_AFTER, Integer.toString(p.quantity()));
    d.put(AuditDetails.BROKER, broker);
    return audit(
        "fill",
        f.executionId(),
        "FILLED",
        "",
        f.tsEvent(),
        o.role() + " fill of " + o.clientOrderId(),
        d);
  }

  OutboxRecord deadLetter(String source, String position, byte[] raw, String reason, long ts) {
    DeadLetter d =
        DeadLetter.newBuilder()
            .setDeadLetterId(Ids.of("dlq", STAGE, source, position))
            .setSource(source)
            .setStage(STAGE)
            .setReason(reason)
            .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
            .setPosition(position)
            .setTs(ts)
            .build();
    return new OutboxRecord(
        0,
        Topics.DEAD_LETTERS.name(),
        Topics.DEAD_LETTERS.serializeKey(source),
        Topics.DEAD_LETTERS.serializeValue(d));
  }

  private OutboxRecord exec(String eventId, long ts, Object payload) {
    ExecutionEvent e =
        ExecutionEvent.newBuilder()
            .setEventId(eventId)
            .setAccount(account)
            .setBroker(broker)
            .setTsEvent(ts)
            .setPayload(payload)
            .build();
    return new OutboxRecord(
        0,
        Topics.EXEC_EVENTS.name(),
        Topics.EXEC_EVENTS.serializeKey(account),
        Topics.EXEC_EVENTS.serializeValue(e));
  }
}
