package io.nqflow.risk;

import io.nqflow.common.v1.TradingState;
import io.nqflow.risk.book.BookKeeper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the gate knows about one account: trading state, positions, pending orders, P&amp;L of
 * the trading day, recent orders, data spend and (confirm mode) recent opportunities. Kept as one
 * keyed-state POJO (Flink serializes its maps and lists with its own collection serializers, never
 * Kryo) and changed only by the gate's engine: {@link BookKeeper} (positions, pending orders,
 * P&amp;L, clock), the data budget and the trading-state control.
 */
public class RiskBook {
  public TradingState tradingState = TradingState.ACTIVE;

  /** Why the state is what it is (operator and reason, or the automatic halt). */
  public String stateReason = "";

  /** True while the state is HALTED because the daily loss limit was hit. */
  public boolean autoHalted;

  /** Wall-clock time of the last applied control command, ns; older commands are stale. */
  public long lastControlTs;

  /** Latest event time seen on signals, executions and marks, ns since the UNIX epoch. */
  public long clockNs;

  /** CME trading day of {@link #clockNs}, yyyy-MM-dd; empty before the first event. */
  public String tradingDay = "";

  /** Realized P&amp;L of {@link #tradingDay} from fills, net of fees, USD. */
  public double realizedTodayUsd;

  /** Trading day of the latest PnlSnapshot from the execution service. */
  public String pnlSnapshotDay = "";

  /** Realized plus unrealized P&amp;L of that snapshot, USD. */
  public double pnlSnapshotUsd;

  public Map<Long, Position> positions = new HashMap<>();

  /** Approved orders not yet completely filled, cancelled or rejected, by client order id. */
  public Map<String, PendingOrder> pending = new HashMap<>();

  /** Signal event times of recently approved orders, ns (order-rate limit). */
  public List<Long> recentOrderTimes = new ArrayList<>();

  /** Signal event time of the last approved entry per instrument, ns (cooldown). */
  public Map<Long, Long> lastEntryByInstrument = new HashMap<>();

  /** Data spend per UTC day (yyyy-MM-dd), USD. */
  public Map<String, Double> spendByDay = new HashMap<>();

  /** Signals decided per budget day (cost per signal). */
  public Map<String, Integer> signalsByBudgetDay = new HashMap<>();

  /** Latest UTC day named by a cost event. */
  public String latestCostDay = "";

  /** Execution ids of fills already applied, with their event time (at-least-once feedback). */
  public Map<String, Long> seenFillIds = new HashMap<>();

  /**
   * Client order ids the execution service has reported (accepted, filled, rejected, cancelled),
   * with the gate's clock when first seen: a signal whose order the broker already knows was
   * decided before a restore and is not decided again.
   */
  public Map<String, Long> brokerOrderIds = new HashMap<>();

  /** Ids of cost events already counted, with their time. */
  public Map<String, Long> seenCostIds = new HashMap<>();

  /**
   * Confirm mode: the latest qualifying opportunity per underlying and direction, by {@code
   * underlying|direction}; marks older than the confirmation window behind the clock are dropped,
   * so at most two per underlying traded in the window are kept.
   */
  public Map<String, OpportunityMark> confirmations = new HashMap<>();

  /**
   * {@code risk.execute_in: MICRO}: the MNQ options listed, with their latest top of book, by
   * instrument id; options that expired over a week before the clock are dropped when a new one is
   * listed.
   */
  public Map<Long, io.nqflow.risk.micro.MicroQuote> micros = new HashMap<>();

  public RiskBook() {}
}
