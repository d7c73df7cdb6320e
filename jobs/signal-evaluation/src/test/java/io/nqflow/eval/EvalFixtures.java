package io.nqflow.eval;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.common.v1.TradingState;
import io.nqflow.core.ids.Ids;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.market.Prices;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Trade;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.signals.v1.FlowSignal;
import java.util.List;
import java.util.Map;

/** Signals, prints, decisions and fills for the evaluation tests. */
final class EvalFixtures {
  private EvalFixtures() {}

  static final long SECOND = 1_000_000_000L;
  static final long MINUTE = 60 * SECOND;
  static final long DAY = 24 * 60 * MINUTE;

  /** 2025-03-04 15:00:00 UTC (a Tuesday, 09:00 CT). */
  static final long T0 = 1_741_100_400L * SECOND;

  static long px(double points) {
    return Prices.fromDouble(points);
  }

  /** A BULLISH HIGH signal buying the NQ call {@code instrument} at {@code refPoints}. */
  static FlowSignal signal(String id, long instrument, long ts, double refPoints) {
    return FlowSignal.newBuilder()
        .setSignalId(id)
        .setVariant("baseline")
        .setAlgorithm("ifd_v1_volume_ratio")
        .setAlgorithmVersion("1")
        .setJobVersion("test")
        .setInstrumentId(instrument)
        .setRawSymbol("NQH5 C21000")
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
        .setAttributes(Map.of())
        .build();
  }

  static MarketEvent trade(long instrument, double pricePoints, long ts) {
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

  static OrderIntent approved(FlowSignal s) {
    return OrderIntent.newBuilder()
        .setClientOrderId(Ids.clientOrderId(s.getVariant(), s.getSignalId()))
        .setSignalId(s.getSignalId())
        .setVariant(s.getVariant())
        .setAccount("paper")
        .setInstrumentId(s.getInstrumentId())
        .setRawSymbol(s.getRawSymbol())
        .setUnderlying(s.getUnderlying())
        .setSide(OrderSide.BUY)
        .setQuantity(1)
        .setLimitPrice(s.getReferencePrice())
        .setStopLossPrice(0)
        .setProfitTargetPrice(0)
        .setMultiplierUsd(20)
        .setSignalPrice(s.getReferencePrice())
        .setTsSignal(s.getTsEvent())
        .setTsDecision(s.getTsEvent())
        .setRiskUsd(0)
        .setRationale("test")
        .build();
  }

  static RiskDecision rejected(FlowSignal s, String... rules) {
    return RiskDecision.newBuilder()
        .setDecisionId("dec-" + s.getSignalId())
        .setSignalId(s.getSignalId())
        .setVariant(s.getVariant())
        .setAccount("paper")
        .setInstrumentId(s.getInstrumentId())
        .setApproved(false)
        .setTradingState(TradingState.ACTIVE)
        .setViolations(
            java.util.Arrays.stream(rules)
                .map(r -> RuleViolation.newBuilder().setRule(r).setDetail("test").build())
                .toList())
        .setTsSignal(s.getTsEvent())
        .setTsDecision(s.getTsEvent())
        .build();
  }

  static ExecutionEvent entryFill(FlowSignal s, long ts, double pricePoints, int quantity) {
    String cid = Ids.clientOrderId(s.getVariant(), s.getSignalId());
    return ExecutionEvent.newBuilder()
        .setEventId("fill-" + cid + "-" + ts)
        .setAccount("paper")
        .setBroker("paper")
        .setTsEvent(ts)
        .setPayload(
            Fill.newBuilder()
                .setExecutionId("x-" + cid + "-" + ts)
                .setClientOrderId(cid)
                .setBrokerOrderId("b-" + cid)
                .setInstrumentId(s.getInstrumentId())
                .setSide(OrderSide.BUY)
                .setQuantity(quantity)
                .setPrice(px(pricePoints))
                .setRole(OrderRole.ENTRY)
                .setSlippageUsd(0)
                .setFeeUsd(0)
                .build())
        .build();
  }

  static List<String> ids(List<? extends FlowSignal> signals) {
    return signals.stream().map(FlowSignal::getSignalId).toList();
  }
}
