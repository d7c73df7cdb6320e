package io.nqflow.runner.ops;

import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.PositionSnapshot;
import io.nqflow.ops.v1.AuditEvent;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The trades of one CME trading day reconstructed from the audit trail: each entry order with its
 * signal decision, state, fills, bracket legs and exits, and its P&amp;L. ops.audit is the source;
 * exec.events adds what the audit does not carry (slippage, signal-to-fill latency, the contract
 * multiplier from position snapshots).
 */
public final class TradeReport {
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  private static final double PRICE_SCALE = 1e9;
  private static final String EXECUTION = "execution";
  private static final String RISK_GATE = "risk-gate";
  private static final List<String> STATE_ORDER =
      List.of("PENDING_NEW", "SENT", "ACCEPTED", "PARTIALLY_FILLED", "FILLED");
  private static final Set<String> TERMINAL = Set.of("FILLED", "CANCELLED", "REJECTED");

  /** One fill of an order. */
  public record TradeFill(
      String executionId,
      String clientOrderId,
      String role,
      String side,
      int quantity,
      long price,
      double feeUsd,
      long ts,
      Double slippageUsd,
      Long signalToFillNs) {
    int signed() {
      return "BUY".equals(side) ? quantity : -quantity;
    }
  }

  /** One order as the audit trail tells it. */
  public static final class TradeOrder {
    final String clientOrderId;
    String parent;
    String role;
    String signalId;
    String variant;
    String symbol;
    long instrumentId;
    String side;
    int quantity;
    long price;
    String state = "PENDING_NEW";
    String reason;
    long firstTs = Long.MAX_VALUE;
    Long tsSignal;
    int duplicatesRefused;
    boolean described;
    final List<TradeFill> fills = new ArrayList<>();

    TradeOrder(String clientOrderId) {
      this.clientOrderId = clientOrderId;
    }

    public String clientOrderId() {
      return clientOrderId;
    }

    public String state() {
      return state;
    }

    public List<TradeFill> fills() {
      return List.copyOf(fills);
    }

    /**
     * The time that places the order on a trading day: its signal's event time (market time, so a
     * paper run over recorded data lands on the recorded day), else its first audit record.
     */
    long dayTs() {
      return tsSignal != null ? tsSignal : firstTs;
    }
  }

  /**
   * One trade: the entry order, its legs and exits, and the P&amp;L of what was closed.
   *
   * @param multiplierUsd USD per point per contract, or null when exec.events has no position
   *     snapshot of the instrument (P&amp;L is then unknown)
   * @param openQuantity signed contracts still open after the trade's fills
   * @param realizedUsd P&amp;L of the closed contracts net of all fees, or null without multiplier
   */
  public record Trade(
      TradeOrder entry,
      List<TradeOrder> legs,
      String signalRationale,
      Double multiplierUsd,
      int openQuantity,
      Double realizedUsd,
      double feesUsd) {}

  /** A control command of the day. */
  public record Control(long ts, String command, String scope, String operator, String reason) {}

  private final LocalDate day;
  private final List<Trade> trades;
  private final List<Control> controls;

  private TradeReport(LocalDate day, List<Trade> trades, List<Control> controls) {
    this.day = day;
    this.trades = trades;
    this.controls = controls;
  }

  public List<Trade> trades() {
    return trades;
  }

  public List<Control> controls() {
    return controls;
  }

  /**
   * CME trading day of a time: the Globex session that opens at 17:00 Chicago time belongs to the
   * next calendar day.
   */
  public static LocalDate tradingDay(long tsNs) {
    Instant t = Instant.ofEpochSecond(Math.floorDiv(tsNs, 1_000_000_000L));
    return t.atZone(CHICAGO).plusHours(7).toLocalDate();
  }

  /**
   * Reconstructs the trades whose entry order belongs to trading day {@code day} (by its signal's
   * event time; by its first audit record when the record does not carry it).
   *
   * @throws IllegalArgumentException naming the audit record when an execution audit record lacks a
   *     figure the reconstruction needs
   */
  public static TradeReport build(
      LocalDate day, List<AuditEvent> audit, List<ExecutionEvent> exec) {
    Map<String, AuditEvent> unique = new LinkedHashMap<>();
    for (AuditEvent a : audit) {
      // Delivery is at-least-once: the deterministic audit id makes repeats recognisable.
      unique.putIfAbsent(a.getAuditId(), a);
    }
    List<AuditEvent> events = new ArrayList<>(unique.values());
    events.sort(Comparator.comparingLong(AuditEvent::getTs));

    Map<String, Fill> execFills = new HashMap<>();
    Map<Long, Double> multipliers = new HashMap<>();
    for (ExecutionEvent e : exec) {
      if (e.getPayload() instanceof Fill f) {
        execFills.putIfAbsent(f.getExecutionId(), f);
      } else if (e.getPayload() instanceof PositionSnapshot p) {
        multipliers.put(p.getInstrumentId(), p.getMultiplierUsd());
      }
    }

    Map<String, TradeOrder> orders = new LinkedHashMap<>();
    Map<String, String> signalRationale = new HashMap<>();
    Set<String> fillIds = new LinkedHashSet<>();
    List<Control> controls = new ArrayList<>();
    for (AuditEvent a : events) {
      String type = a.getEntityType();
      if ("signal".equals(type) && "APPROVED".equals(a.getAction())) {
        signalRationale.putIfAbsent(a.getEntityId(), a.getRationale());
      } else if ("trading_state".equals(type) && RISK_GATE.equals(a.getStage())) {
        // The gate's own state changes: the automatic HALT at the daily loss limit.
        String tradingDay = a.getDetails().get("trading_day");
        if ((tradingDay != null ? dateDetail(a, "trading_day") : tradingDay(a.getTs()))
            .equals(day)) {
          controls.add(
              new Control(
                  a.getTs(),
                  a.getAction(),
                  a.getEntityId(),
                  RISK_GATE + ":" + a.getDetails().getOrDefault("variant", "?"),
                  a.getRationale()));
        }
      } else if ("control".equals(type) && "operator".equals(a.getStage())) {
        if (tradingDay(a.getTs()).equals(day)) {
          controls.add(
              new Control(
                  a.getTs(),
                  a.getAction(),
                  detail(a, "scope"),
                  detail(a, "operator"),
                  a.getRationale()));
        }
      } else if ("order".equals(type) && EXECUTION.equals(a.getStage())) {
        onOrder(orders, a);
      } else if ("fill".equals(type) && EXECUTION.equals(a.getStage())) {
        if (fillIds.add(a.getEntityId())) {
          Fill f = execFills.get(a.getEntityId());
          String coid = detail(a, "client_order_id");
          TradeFill tf =
              new TradeFill(
                  a.getEntityId(),
                  coid,
                  detail(a, "role"),
                  detail(a, "side"),
                  intDetail(a, "quantity"),
                  longDetail(a, "price"),
                  doubleDetail(a, "fee_usd"),
                  a.getTs(),
                  f == null ? null : f.getSlippageUsd(),
                  f == null ? null : f.getSignalToFillNs());
          orders.computeIfAbsent(coid, TradeOrder::new).fills.add(tf);
        }
      }
    }

    pairExits(orders);
    List<Trade> trades = new ArrayList<>();
    Map<String, List<TradeOrder>> legsByParent = new LinkedHashMap<>();
    for (TradeOrder o : orders.values()) {
      if (o.parent != null) {
        legsByParent.computeIfAbsent(o.parent, k -> new ArrayList<>()).add(o);
      }
    }
    for (TradeOrder o : orders.values()) {
      if (o.parent != null || !o.described || !tradingDay(o.dayTs()).equals(day)) {
        continue;
      }
      List<TradeOrder> legs =
          new ArrayList<>(legsByParent.getOrDefault(o.clientOrderId, List.of()));
      // Bracket legs first, then exits in the order they acted.
      legs.sort(
          Comparator.comparing((TradeOrder l) -> "EXIT".equals(l.role))
              .thenComparingLong(TradeReport::firstFillTs));
      trades.add(trade(o, legs, signalRationale.get(o.signalId), multipliers.get(o.instrumentId)));
    }
    return new TradeReport(day, List.copyOf(trades), List.copyOf(controls));
  }

  /**
   * The gate's exits (sell flow against a held position) are orders of their own, with no parent in
   * their id. Each is attached to the entry it closes: the earliest entry on the same instrument
   * and variant still open when the exit first filled, or, unfilled, when its signal came.
   */
  private static void pairExits(Map<String, TradeOrder> orders) {
    Map<String, List<TradeOrder>> closers = new HashMap<>();
    List<TradeOrder> entries = new ArrayList<>();
    List<TradeOrder> exits = new ArrayList<>();
    for (TradeOrder o : orders.values()) {
      if (!o.described) {
        continue;
      }
      if (o.parent != null) {
        closers.computeIfAbsent(o.parent, k -> new ArrayList<>()).add(o);
      } else if ("ENTRY".equals(o.role) && !o.fills.isEmpty()) {
        entries.add(o);
      } else if ("EXIT".equals(o.role) && when(o) != null) {
        exits.add(o);
      }
    }
    entries.sort(Comparator.comparingLong(TradeReport::firstFillTs));
    exits.sort(Comparator.comparingLong(TradeReport::when));
    for (TradeOrder x : exits) {
      long when = when(x);
      for (TradeOrder e : entries) {
        if (e.instrumentId == x.instrumentId
            && java.util.Objects.equals(e.variant, x.variant)
            && openAt(e, closers.getOrDefault(e.clientOrderId, List.of()), when) > 0) {
          x.parent = e.clientOrderId;
          closers.computeIfAbsent(e.clientOrderId, k -> new ArrayList<>()).add(x);
          break;
        }
      }
    }
  }

  /** When an exit acted: its first fill, else its signal; null when neither is known. */
  private static Long when(TradeOrder o) {
    return o.fills.isEmpty() ? o.tsSignal : firstFillTs(o);
  }

  private static long firstFillTs(TradeOrder o) {
    return o.fills.stream().mapToLong(TradeFill::ts).min().orElse(Long.MAX_VALUE);
  }

  /** Contracts of the entry still open at {@code ts} (its fills up to then, closers' before). */
  private static int openAt(TradeOrder entry, List<TradeOrder> closers, long ts) {
    int q = 0;
    for (TradeFill f : entry.fills) {
      if (f.ts() <= ts) {
        q += f.signed();
      }
    }
    for (TradeOrder c : closers) {
      for (TradeFill f : c.fills) {
        if (f.ts() < ts) {
          q += f.signed();
        }
      }
    }
    return "BUY".equals(entry.side) ? q : -q;
  }

  private static void onOrder(Map<String, TradeOrder> orders, AuditEvent a) {
    TradeOrder o = orders.computeIfAbsent(a.getEntityId(), TradeOrder::new);
    o.firstTs = Math.min(o.firstTs, a.getTs());
    String action = a.getAction();
    if ("DUPLICATE_REFUSED".equals(action)) {
      o.duplicatesRefused++;
      return;
    }
    if (!o.described) {
      o.role = detail(a, "role");
      o.signalId = detail(a, "signal_id");
      o.variant = detail(a, "variant");
      o.symbol = detail(a, "symbol");
      o.instrumentId = longDetail(a, "instrument_id");
      o.side = detail(a, "side");
      o.quantity = intDetail(a, "quantity");
      o.price = longDetail(a, "price");
      o.tsSignal = a.getDetails().containsKey("ts_signal") ? longDetail(a, "ts_signal") : null;
      o.parent = a.getDetails().get("parent_client_order_id");
      if (o.parent == null && !"ENTRY".equals(o.role)) {
        // Exits placed by the service name their entry in the id: "<entry>/EX".
        int slash = o.clientOrderId.lastIndexOf('/');
        o.parent = slash > 0 ? o.clientOrderId.substring(0, slash) : null;
      }
      o.described = true;
    }
    if (TERMINAL.contains(o.state) && !"FILLED".equals(action)) {
      return;
    }
    if ("CANCELLED".equals(action) || "REJECTED".equals(action)) {
      o.state = action;
      o.reason = a.getRationale();
    } else if (STATE_ORDER.contains(action)
        && STATE_ORDER.indexOf(action) > STATE_ORDER.indexOf(o.state)) {
      o.state = action;
    }
  }

  private static Trade trade(
      TradeOrder entry, List<TradeOrder> legs, String rationale, Double multiplier) {
    List<TradeFill> all = new ArrayList<>(entry.fills);
    legs.forEach(l -> all.addAll(l.fills));
    all.sort(Comparator.comparingLong(TradeFill::ts));
    int position = 0;
    long avg = 0;
    double realizedPoints = 0;
    double fees = 0;
    for (TradeFill f : all) {
      fees += f.feeUsd();
      int signed = f.signed();
      if (position == 0 || Integer.signum(position) == Integer.signum(signed)) {
        avg =
            Math.round(
                ((double) avg * Math.abs(position) + (double) f.price() * Math.abs(signed))
                    / (Math.abs(position) + Math.abs(signed)));
        position += signed;
      } else {
        int closing = Math.min(Math.abs(position), Math.abs(signed));
        realizedPoints += (f.price() - avg) / PRICE_SCALE * closing * Integer.signum(position);
        int before = position;
        position += signed;
        if (position == 0) {
          avg = 0;
        } else if (Integer.signum(position) != Integer.signum(before)) {
          avg = f.price();
        }
      }
    }
    Double realized = multiplier == null ? null : realizedPoints * multiplier - fees;
    return new Trade(entry, List.copyOf(legs), rationale, multiplier, position, realized, fees);
  }

  /** Prints the report: one block per trade, the day's control commands and a total. */
  public void print(PrintWriter out) {
    out.printf("Trades of CME trading day %s (reconstructed from ops.audit)%n", day);
    int n = 0;
    double realized = 0;
    double fees = 0;
    int filled = 0;
    int open = 0;
    boolean pnlComplete = true;
    for (Trade t : trades) {
      n++;
      TradeOrder e = t.entry();
      out.printf(
          "#%d %s  variant %s  signal %s%n   %s %d %s (instrument %d) limit %s -> %s%s%n",
          n,
          e.clientOrderId,
          e.variant,
          e.signalId,
          e.side,
          e.quantity,
          e.symbol,
          e.instrumentId,
          price(e.price),
          e.state,
          e.reason == null ? "" : " (" + e.reason + ")");
      if (t.signalRationale() != null) {
        out.printf("   approved: %s%n", t.signalRationale());
      }
      if (e.duplicatesRefused > 0) {
        out.printf("   duplicate intents refused: %d%n", e.duplicatesRefused);
      }
      printFills(out, e.fills);
      for (TradeOrder l : t.legs()) {
        out.printf(
            "   %s %s %s %d @ %s -> %s%s%n",
            l.role,
            l.clientOrderId,
            l.side,
            l.quantity,
            price(l.price),
            l.state,
            l.reason == null ? "" : " (" + l.reason + ")");
        printFills(out, l.fills);
      }
      boolean anyFill = !e.fills.isEmpty() || t.legs().stream().anyMatch(l -> !l.fills.isEmpty());
      if (anyFill) {
        filled++;
      }
      if (t.openQuantity() != 0) {
        open++;
      }
      fees += t.feesUsd();
      String pnl;
      if (t.realizedUsd() == null) {
        pnlComplete = false;
        pnl =
            anyFill
                ? "realized P&L unknown (no position snapshot with the multiplier of instrument "
                    + e.instrumentId
                    + " on exec.events)"
                : "no fills";
      } else {
        realized += t.realizedUsd();
        pnl = "realized P&L " + usd(t.realizedUsd()) + " USD";
      }
      out.printf(
          "   result: %s, %s, fees %s USD%n",
          t.openQuantity() == 0 ? "flat" : "open " + t.openQuantity(), pnl, usd(t.feesUsd()));
    }
    if (trades.isEmpty()) {
      out.println("no orders on this day");
    }
    for (Control c : controls) {
      out.printf(
          "control %s %s scope %s by %s: %s%n",
          Instant.ofEpochSecond(0, c.ts()), c.command(), c.scope(), c.operator(), c.reason());
    }
    out.printf(
        "total: %d trade(s), %d with fills, %d open, realized P&L %s USD%s, fees %s USD%n",
        trades.size(), filled, open, usd(realized), pnlComplete ? "" : " (incomplete)", usd(fees));
    out.flush();
  }

  private static void printFills(PrintWriter out, List<TradeFill> fills) {
    for (TradeFill f : fills) {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "     fill %s %s %s %d @ %s fee %s",
              Instant.ofEpochSecond(0, f.ts()),
              f.role(),
              f.side(),
              f.quantity(),
              price(f.price()),
              usd(f.feeUsd())));
      if (f.slippageUsd() != null) {
        s.append(" slippage ").append(usd(f.slippageUsd())).append(" USD");
      }
      if (f.signalToFillNs() != null) {
        s.append(String.format(Locale.ROOT, " signal->fill %.1f ms", f.signalToFillNs() / 1e6));
      }
      out.println(s);
    }
  }

  private static String price(long p) {
    return String.format(Locale.ROOT, "%.2f", p / PRICE_SCALE);
  }

  private static String usd(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String detail(AuditEvent a, String key) {
    String v = a.getDetails().get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "ops.audit record "
              + a.getAuditId()
              + " ("
              + a.getEntityType()
              + " "
              + a.getEntityId()
              + " "
              + a.getAction()
              + "): missing detail '"
              + key
              + "'");
    }
    return v;
  }

  private static long longDetail(AuditEvent a, String key) {
    String v = detail(a, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw bad(a, key, v, e);
    }
  }

  private static LocalDate dateDetail(AuditEvent a, String key) {
    String v = detail(a, key);
    try {
      return LocalDate.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "ops.audit record "
              + a.getAuditId()
              + ": detail '"
              + key
              + "' is not a date: '"
              + v
              + "'",
          e);
    }
  }

  private static int intDetail(AuditEvent a, String key) {
    String v = detail(a, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw bad(a, key, v, e);
    }
  }

  private static double doubleDetail(AuditEvent a, String key) {
    String v = detail(a, key);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw bad(a, key, v, e);
    }
  }

  private static IllegalArgumentException bad(
      AuditEvent a, String key, String v, NumberFormatException e) {
    return new IllegalArgumentException(
        "ops.audit record "
            + a.getAuditId()
            + ": detail '"
            + key
            + "' is not a number: '"
            + v
            + "'",
        e);
  }
}
