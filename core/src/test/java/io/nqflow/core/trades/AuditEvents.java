package io.nqflow.core.trades;

import io.nqflow.common.v1.OrderSide;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.ops.v1.AuditEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hand-made audit and execution events in the shape the execution service writes them (shared with
 * the CLI's tests through the test jar).
 */
public final class AuditEvents {
  public static final long INSTRUMENT = 42L;

  private AuditEvents() {}

  public static long ns(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  public static long px(String price) {
    return new java.math.BigDecimal(price).movePointRight(9).longValueExact();
  }

  /** An order audit record; {@code parent} null for entries. */
  public static AuditEvent order(
      String coid,
      String parent,
      String role,
      String side,
      int qty,
      String price,
      String action,
      String at,
      String why) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("signal_id", "sig-" + coid.replaceAll("/.*", ""));
    d.put("variant", "v1");
    d.put("account", "paper");
    d.put("role", role);
    d.put("instrument_id", Long.toString(INSTRUMENT));
    d.put("symbol", "NQZ6 C21000");
    d.put("side", side);
    d.put("quantity", Integer.toString(qty));
    d.put("price", Long.toString(px(price)));
    if (parent != null) {
      d.put("parent_client_order_id", parent);
    }
    d.put("broker", "paper");
    return AuditEvent.newBuilder()
        .setAuditId("aud-" + coid + "-" + action)
        .setStage("execution")
        .setEntityType("order")
        .setEntityId(coid)
        .setAction(action)
        .setTs(ns(at))
        .setRationale(why)
        .setDetails(d)
        .build();
  }

  /** The record with one more detail (e.g. {@code ts_signal}). */
  public static AuditEvent with(AuditEvent a, String key, String value) {
    Map<String, String> d = new LinkedHashMap<>(a.getDetails());
    d.put(key, value);
    return AuditEvent.newBuilder(a).setDetails(d).build();
  }

  public static AuditEvent fill(
      String execId, String coid, String role, String side, int qty, String price, String at) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("client_order_id", coid);
    d.put("signal_id", "sig-" + coid.replaceAll("/.*", ""));
    d.put("role", role);
    d.put("instrument_id", Long.toString(INSTRUMENT));
    d.put("side", side);
    d.put("quantity", Integer.toString(qty));
    d.put("price", Long.toString(px(price)));
    d.put("fee_usd", "1.25");
    d.put("position_after", "0");
    d.put("broker", "paper");
    return AuditEvent.newBuilder()
        .setAuditId("aud-fill-" + execId)
        .setStage("execution")
        .setEntityType("fill")
        .setEntityId(execId)
        .setAction("FILLED")
        .setTs(ns(at))
        .setRationale(role + " fill of " + coid)
        .setDetails(d)
        .build();
  }

  public static AuditEvent approval(String signalId, String at, String why) {
    return AuditEvent.newBuilder()
        .setAuditId("aud-sig-" + signalId)
        .setStage("risk-gate")
        .setEntityType("signal")
        .setEntityId(signalId)
        .setAction("APPROVED")
        .setTs(ns(at))
        .setRationale(why)
        .build();
  }

  public static ExecutionEvent execFill(
      String execId, String coid, String side, String price, double slippage, Long latencyNs) {
    return ExecutionEvent.newBuilder()
        .setEventId("exe-" + execId)
        .setAccount("paper")
        .setBroker("paper")
        .setTsEvent(0L)
        .setPayload(
            Fill.newBuilder()
                .setExecutionId(execId)
                .setClientOrderId(coid)
                .setBrokerOrderId("b-" + coid)
                .setInstrumentId(INSTRUMENT)
                .setSide(OrderSide.valueOf(side))
                .setQuantity(1)
                .setPrice(px(price))
                .setRole(OrderRole.ENTRY)
                .setSignalPrice(null)
                .setSlippageUsd(slippage)
                .setSignalToFillNs(latencyNs)
                .setFeeUsd(1.25)
                .build())
        .build();
  }

  public static ExecutionEvent position(double multiplier) {
    return ExecutionEvent.newBuilder()
        .setEventId("exe-pos")
        .setAccount("paper")
        .setBroker("paper")
        .setTsEvent(0L)
        .setPayload(
            PositionSnapshot.newBuilder()
                .setInstrumentId(INSTRUMENT)
                .setQuantity(0)
                .setAvgPrice(0)
                .setMarkPrice(null)
                .setMultiplierUsd(multiplier)
                .build())
        .build();
  }
}
