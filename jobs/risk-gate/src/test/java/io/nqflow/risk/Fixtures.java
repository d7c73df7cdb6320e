package io.nqflow.risk;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderCancelled;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PnlSnapshot;
import io.nqflow.market.CmeCalendar;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.CostKind;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.signals.v1.Opportunity;
import java.time.ZonedDateTime;
import java.util.Map;

/** Messages for the gate's tests, built from a few figures a test cares about. */
public final class Fixtures {
  /**
   * The limits these tests were written against (looser than the shipped defaults: MODERATE
   * confidence, 30 % stops, 60 % targets, no entry slippage, a 2 min cooldown).
   */
  public static RiskSettings settings() {
    return RiskSettings.defaults().toBuilder()
        .minConfidence(io.nqflow.common.v1.Confidence.MODERATE)
        .maxOrdersPerMinute(5)
        .stopLossFraction(0.30)
        .profitTargetFraction(0.60)
        .entrySlippageFraction(0.0)
        .minTimeToExpiry(java.time.Duration.ofMinutes(30))
        .cooldown(java.time.Duration.ofMinutes(2))
        .dedupeTtl(java.time.Duration.ofDays(7))
        .build();
  }

  private Fixtures() {}

  /** Tuesday 2025-03-11 10:00 CT, inside Globex hours; trading day 2025-03-11. */
  public static final long TUESDAY_10_CT =
      nanos(ZonedDateTime.of(2025, 3, 11, 10, 0, 0, 0, CmeCalendar.CHICAGO));

  public static final long SECOND = 1_000_000_000L;
  public static final long MINUTE = 60 * SECOND;
  public static final long HOUR = 60 * MINUTE;
  public static final long DAY = 24 * HOUR;

  public static long nanos(ZonedDateTime t) {
    return t.toInstant().getEpochSecond() * SECOND + t.toInstant().getNano();
  }

  /** Index points to 1e-9 fixed point. */
  public static long px(double points) {
    return Prices.fromDouble(points);
  }

  public static FlowSignal.Builder signal(String id, long instrument, long ts, double refPoints) {
    return FlowSignal.newBuilder()
        .setSignalId(id)
        .setVariant("baseline")
        .setAlgorithm("ifd_v1_volume_ratio")
        .setAlgorithmVersion("1")
        .setJobVersion("test")
        .setInstrumentId(instrument)
        .setRawSymbol("NQH5 C21000-" + instrument)
        .setUnderlying("NQH5")
        .setUnderlyingPrice(px(20950))
        .setStrikePrice(px(21000))
        .setInstrumentClass(InstrumentClass.CALL)
        .setExpiration(ts + 2 * DAY)
        .setAggressor(Side.BID)
        .setDirection(Direction.BULLISH)
        .setConfidence(Confidence.HIGH)
        .setPriority(Priority.HIGH)
        .setScore(12.0)
        .setTsEvent(ts)
        .setTriggerSequence(1)
        .setTsEmit(ts)
        .setWindowStart(ts - MINUTE)
        .setContracts(500)
        .setPremiumUsd(150_000)
        .setReferencePrice(px(refPoints))
        .setRationale("test")
        .setAttributes(Map.of());
  }

  /**
   * A BULLISH opportunity on NQH5 to buy the call {@code instrument} at {@code entryPoints}, stop
   * at half, target at twice the entry (reward/risk 2 before rounding), probability 0.75 (HIGH),
   * expected value 20 points.
   */
  public static Opportunity.Builder opportunity(
      String id, long instrument, long ts, double entryPoints) {
    return Opportunity.newBuilder()
        .setOpportunityId(id)
        .setVariant("baseline")
        .setUnderlying("NQH5")
        .setInstrumentId(instrument)
        .setRawSymbol("NQH5 C21000-" + instrument)
        .setDirection(Direction.BULLISH)
        .setEntryPrice(px(entryPoints))
        .setTargetPrice(px(entryPoints * 2))
        .setStopPrice(px(entryPoints / 2))
        .setExpectedValuePoints(20.0)
        .setProbability(0.75)
        .setMaxRiskPoints(entryPoints / 2)
        .setRiskReward(2.0)
        .setScore(1.0)
        .setTsEvent(ts)
        .setExpiration(ts + 7L * 24 * 3600 * 1_000_000_000L)
        .setSourceSignalIds(java.util.List.of())
        .setRationale("test");
  }

  /** {@link #settings()} with the opportunity mode {@code mode} (other opportunity defaults). */
  public static RiskSettings settings(OpportunityMode mode) {
    return settings().toBuilder()
        .opportunities(OpportunitySettings.defaults().withMode(mode))
        .build();
  }

  public static ExecutionEvent fill(
      String executionId,
      String clientOrderId,
      long instrument,
      OrderSide side,
      int qty,
      double pricePoints,
      OrderRole role,
      long ts) {
    return ExecutionEvent.newBuilder()
        .setEventId(Ids.of("ev", executionId))
        .setAccount("paper")
        .setBroker("paper")
        .setTsEvent(ts)
        .setPayload(
            Fill.newBuilder()
                .setExecutionId(executionId)
                .setClientOrderId(clientOrderId)
                .setBrokerOrderId("b-" + clientOrderId)
                .setInstrumentId(instrument)
                .setSide(side)
                .setQuantity(qty)
                .setPrice(px(pricePoints))
                .setRole(role)
                .setSignalPrice(null)
                .setSlippageUsd(0)
                .setSignalToFillNs(null)
                .setFeeUsd(0)
                .build())
        .build();
  }

  public static ExecutionEvent accepted(String clientOrderId, long instrument, long ts) {
    return ExecutionEvent.newBuilder()
        .setEventId(Ids.of("ev", clientOrderId, "accepted"))
        .setAccount("paper")
        .setBroker("paper")
        .setTsEvent(ts)
        .setPayload(
            OrderAccepted.newBuilder()
                .setClientOrderId(clientOrderId)
                .setBrokerOrderId("b-" + clientOrderId)
                .setInstrumentId(instrument)
                .setSide(OrderSide.BUY)
                .setQuantity(1)
                .setLimitPrice(px(4.00))
                .setRole(OrderRole.ENTRY)
                .build())
        .build();
  }

  public static ExecutionEvent cancelled(String clientOrderId, long ts) {
    return ExecutionEvent.newBuilder()
        .setEventId(Ids.of("ev", clientOrderId, "cancel"))
        .setAccount("paper")
        .setBroker("paper")
        .setTsEvent(ts)
        .setPayload(
            OrderCancelled.newBuilder()
                .setClientOrderId(clientOrderId)
                .setBrokerOrderId("b-" + clientOrderId)
                .setReason("test")
                .build())
        .build();
  }

  public static ExecutionEvent pnl(String day, double realized, double unrealized, long ts) {
    return ExecutionEvent.newBuilder()
        .setEventId(Ids.of("ev", "pnl", ts))
        .setAccount("paper")
        .setBroker("paper")
        .setTsEvent(ts)
        .setPayload(
            PnlSnapshot.newBuilder()
                .setTradingDay(day)
                .setRealizedUsd(realized)
                .setUnrealizedUsd(unrealized)
                .setOpenPositions(0)
                .build())
        .build();
  }

  public static CostEvent cost(String id, String day, double usd) {
    return CostEvent.newBuilder()
        .setCostId(id)
        .setSource("databento-live")
        .setKind(CostKind.LIVE_SUBSCRIPTION)
        .setAmountUsd(usd)
        .setDataset("GLBX.MDP3")
        .setSchemaName("mbo")
        .setTs(TUESDAY_10_CT)
        .setDay(day)
        .setDescription("test")
        .build();
  }

  public static ControlCommand control(String id, ControlAction action, String scope, long ts) {
    return ControlCommand.newBuilder()
        .setCommandId(id)
        .setScope(scope)
        .setCommand(action)
        .setOperator("alice")
        .setReason("test " + action)
        .setTs(ts)
        .build();
  }

  public static MarketEvent trade(long instrument, double pricePoints, long ts) {
    return MarketEvent.newBuilder()
        .setSource("simulator")
        .setInstrumentId(instrument)
        .setPublisherId(1)
        .setTsEvent(ts)
        .setTsRecv(ts)
        .setSequence(ts)
        .setFlags(0)
        .setPayload(
            Trade.newBuilder()
                .setPrice(px(pricePoints))
                .setSize(1)
                .setSide(Side.BID)
                .setDepth(0)
                .build())
        .build();
  }
}
