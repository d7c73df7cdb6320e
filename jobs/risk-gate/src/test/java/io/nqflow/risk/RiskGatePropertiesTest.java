package io.nqflow.risk;

import static io.nqflow.risk.Fixtures.HOUR;
import static io.nqflow.risk.Fixtures.SECOND;
import static io.nqflow.risk.Fixtures.TUESDAY_10_CT;
import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.InstrumentClass;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.common.v1.Side;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.market.CmeCalendar;
import io.nqflow.market.Prices;
import io.nqflow.market.TickGrid;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.rules.RuleId;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Random streams of signals (with redeliveries), fills, exits, cancellations, marks, costs and
 * controls through the real dedupe and gate operators. A separate, simpler model of the account
 * (positions, pending orders, P&amp;L, state, spend) checks every approval against every limit.
 */
class RiskGatePropertiesTest {
  private static final double EPS = 1e-6;
  private static final long MINUTE = 60 * SECOND;
  private static final Set<String> RULES =
      Arrays.stream(RuleId.values()).map(RuleId::wireName).collect(Collectors.toSet());

  enum Kind {
    SIGNAL,
    REDELIVER,
    FILL,
    EXIT_FILL,
    CANCEL,
    MARK,
    COST,
    CONTROL,
    JUMP
  }

  /** One abstract step; picks are resolved against the state at run time. */
  record Step(Kind kind, int pick, int instrument, int dtSeconds, int priceTicks, int bits) {}

  @Provide
  Arbitrary<Step> step() {
    Arbitrary<Kind> kind =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(40, Arbitraries.just(Kind.SIGNAL)),
            net.jqwik.api.Tuple.of(8, Arbitraries.just(Kind.REDELIVER)),
            net.jqwik.api.Tuple.of(20, Arbitraries.just(Kind.FILL)),
            net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.EXIT_FILL)),
            net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.CANCEL)),
            net.jqwik.api.Tuple.of(14, Arbitraries.just(Kind.MARK)),
            net.jqwik.api.Tuple.of(5, Arbitraries.just(Kind.COST)),
            net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.CONTROL)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.JUMP)));
    return Combinators.combine(
            kind,
            Arbitraries.integers().between(0, 1000),
            Arbitraries.integers().between(1, 4),
            Arbitraries.integers().between(0, 100),
            Arbitraries.integers().between(1, 240),
            Arbitraries.integers().between(0, 1_000_000))
        .as(Step::new);
  }

  @Provide
  Arbitrary<RiskSettings> settings() {
    Arbitrary<RiskSettings.Builder> a =
        Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.of(20.0, 50.0, 100.0, 300.0),
                Arbitraries.of(30.0, 100.0, 200.0, 500.0),
                Arbitraries.integers().between(1, 6),
                Arbitraries.of(2.0, 8.0, 50.0),
                Arbitraries.of(10.0, 200.0),
                Arbitraries.of(1.0, 5.0, 100.0),
                Arbitraries.of(Confidence.LOW, Confidence.MODERATE, Confidence.HIGH))
            .as(
                (total, loss, risk, rate, day, month, perSignal, conf) ->
                    Fixtures.settings().toBuilder()
                        .maxTotalContracts(total)
                        .maxDailyLossUsd(loss)
                        .maxTotalRiskUsd(risk)
                        .maxOrdersPerMinute(rate)
                        .dailyDataBudgetUsd(day)
                        .monthlyDataBudgetUsd(month)
                        .maxCostPerSignalUsd(perSignal)
                        .minConfidence(conf));
    return Combinators.combine(
            a,
            Arbitraries.of(0.2, 0.3, 0.5),
            Arbitraries.of(0.3, 0.6, 1.0),
            Arbitraries.of(1.0, 1.5, 2.0),
            Arbitraries.of(0L, 60L, 120L),
            Arbitraries.of(true, false))
        .as(
            (b, stop, target, rr, cooldown, hours) ->
                b.stopLossFraction(stop)
                    .profitTargetFraction(target)
                    .minRiskReward(rr)
                    .cooldown(Duration.ofSeconds(cooldown))
                    .enforceTradingHours(hours)
                    .build());
  }

  @Property(tries = 150)
  void theGateNeverApprovesAnOrderThatBreachesALimitAndNamesEveryRejectionsRules(
      @ForAll("settings") RiskSettings settings,
      @ForAll @Size(min = 10, max = 120) List<@net.jqwik.api.From("step") Step> steps)
      throws Exception {
    Run run = new Run(settings);
    run.play(steps);
    Statistics.label("entries approved").collect(run.entries > 0);
    Statistics.label("exits approved").collect(run.exits > 0);
    Statistics.label("entries rejected by exposure limits").collect(run.limitRejections > 0);
    Statistics.label("halted at the end").collect(run.m.state.equals("HALTED"));
    Statistics.label("entries approved").coverage(c -> c.check(true).percentage(p -> p > 30));
    Statistics.label("entries rejected by exposure limits")
        .coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  /** One run: the operators under test plus the model that checks them. */
  private static final class Run {
    final RiskSettings s;
    final Model m;
    final KeyedOneInputStreamOperatorTestHarness<String, FlowSignal, FlowSignal> dedupe;
    final KeyedOneInputStreamOperatorTestHarness<String, GateInput, OrderIntent> gate;
    final List<FlowSignal> sent = new ArrayList<>();
    final Map<String, OrderIntent> intentsBySignal = new HashMap<>();
    final Set<String> decided = new HashSet<>();
    final Set<String> uniqueSignals = new HashSet<>();
    final List<Long> approvalTimes = new ArrayList<>();
    long clock = TUESDAY_10_CT;
    int counter;
    int entries;
    int exits;
    int limitRejections;

    Run(RiskSettings s) throws Exception {
      this.s = s;
      this.m = new Model(s);
      dedupe =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(new SignalDedupe(s)),
              FlowSignal::getSignalId,
              Types.STRING);
      gate =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(new RiskGateFunction(s)), g -> g.account, Types.STRING);
      dedupe.open();
      gate.open();
    }

    void play(List<Step> steps) throws Exception {
      try {
        for (Step st : steps) {
          clock += st.dtSeconds() * SECOND;
          apply(st);
        }
        // Exactly one decision per distinct signal id, never two intents for one.
        assertThat(decided).isEqualTo(uniqueSignals);
        for (int i = 0; i < approvalTimes.size(); i++) {
          long t = approvalTimes.get(i);
          long inWindow = approvalTimes.stream().filter(x -> x >= t && x < t + MINUTE).count();
          assertThat(inWindow)
              .as("approvals within 60 s from %d", t)
              .isLessThanOrEqualTo(s.maxOrdersPerMinute());
        }
      } finally {
        dedupe.close();
        gate.close();
      }
    }

    void apply(Step st) throws Exception {
      switch (st.kind()) {
        case SIGNAL -> signal(newSignal(st));
        case REDELIVER -> {
          if (!sent.isEmpty()) {
            signal(sent.get(st.pick() % sent.size()));
          }
        }
        case FILL -> {
          List<Model.Pending> open = new ArrayList<>(m.pending.values());
          if (open.isEmpty()) {
            return;
          }
          Model.Pending p = open.get(st.pick() % open.size());
          if (p.side == OrderSide.SELL && m.longQty(p.instrument) < p.qty) {
            // A reduce-only order larger than the position is refused by the broker.
            exec(Fixtures.cancelled(p.cid, clock));
          } else {
            exec(
                Fixtures.fill(
                    "x" + counter++,
                    p.cid,
                    p.instrument,
                    p.side,
                    p.qty,
                    Prices.toDouble(p.limit),
                    p.side == OrderSide.BUY ? OrderRole.ENTRY : OrderRole.EXIT,
                    clock));
          }
        }
        case EXIT_FILL -> {
          List<Model.Pos> held = new ArrayList<>(m.positions.values());
          if (held.isEmpty()) {
            return;
          }
          Model.Pos p = held.get(st.pick() % held.size());
          exec(
              Fixtures.fill(
                  "x" + counter++,
                  "exit-" + counter,
                  p.instrument,
                  OrderSide.SELL,
                  p.qty,
                  st.priceTicks() * 0.05,
                  OrderRole.STOP_LOSS,
                  clock));
        }
        case CANCEL -> {
          List<Model.Pending> open = new ArrayList<>(m.pending.values());
          if (!open.isEmpty()) {
            exec(Fixtures.cancelled(open.get(st.pick() % open.size()).cid, clock));
          }
        }
        case MARK -> {
          List<Model.Pos> held = new ArrayList<>(m.positions.values());
          long instrument =
              held.isEmpty() ? st.instrument() : held.get(st.pick() % held.size()).instrument;
          long price = Fixtures.px(st.priceTicks() * 0.05);
          m.mark(instrument, price, clock);
          process(
              GateInput.mark("paper", Fixtures.trade(instrument, Prices.toDouble(price), clock)));
        }
        case COST -> {
          // Every tenth cost is a redelivery of the previous one.
          String id = st.pick() % 10 == 0 && counter > 0 ? "k" + (counter - 1) : "k" + counter++;
          String day = CmeCalendar.utcDay(clock).toString();
          double usd = (st.bits() % 120) / 100.0;
          m.cost(id, day, usd);
          process(GateInput.cost("paper", Fixtures.cost(id, day, usd)));
        }
        case CONTROL -> {
          ControlAction a = ControlAction.values()[st.pick() % 3];
          String scope = new String[] {"global", "paper", "baseline", "other"}[st.bits() % 4];
          m.control(a, scope, clock);
          process(GateInput.control("paper", Fixtures.control("c" + counter++, a, scope, clock)));
        }
        case JUMP -> clock += (1 + st.pick() % 30) * HOUR;
      }
    }

    FlowSignal newSignal(Step st) {
      int b = st.bits();
      // Mostly tradeable confidence and cheap premiums, so that limits, not filters, decide.
      Confidence conf = Confidence.values()[b % 10 < 7 ? 2 + b % 3 : b % 5];
      int a = (b / 5) % 10;
      Side aggressor = a < 7 ? Side.BID : a < 9 ? Side.ASK : Side.NONE;
      InstrumentClass cls = (b / 50) % 20 == 0 ? InstrumentClass.FUTURE : InstrumentClass.CALL;
      int e = (b / 1000) % 10;
      Long expiration = e == 0 ? null : e == 1 ? clock + 10 * MINUTE : clock + 2 * Fixtures.DAY;
      String underlying = (b / 10_000) % 5 == 0 ? "MNQH5" : "NQH5";
      int ticks = st.pick() % 5 == 0 ? st.priceTicks() : 2 + st.priceTicks() % 50;
      double ref = ticks * 0.05 + ((b / 100_000) % 5) * 0.01;
      return Fixtures.signal("sig-" + counter++, st.instrument(), clock, ref)
          .setConfidence(conf)
          .setAggressor(aggressor)
          .setInstrumentClass(cls)
          .setExpiration(expiration)
          .setUnderlying(underlying)
          .build();
    }

    void signal(FlowSignal sig) throws Exception {
      sent.add(sig);
      dedupe.processElement(sig, 0);
      List<FlowSignal> passed = drain(dedupe.getOutput());
      drainSide(dedupe.getSideOutput(RiskTags.AUDIT));
      for (FlowSignal f : passed) {
        uniqueSignals.add(f.getSignalId());
        m.beforeSignal(f);
        gate.processElement(GateInput.signal("paper", f), 0);
        List<OrderIntent> approved = drain(gate.getOutput());
        List<RiskDecision> rejected = drainSide(gate.getSideOutput(RiskTags.REJECTED));
        List<AuditEvent> audit = drainSide(gate.getSideOutput(RiskTags.AUDIT));
        drainSide(gate.getSideOutput(RiskTags.CONTROL));
        assertThat(approved.size() + rejected.size()).as("one decision per signal").isEqualTo(1);
        assertThat(decided.add(f.getSignalId())).as("decided once: " + f.getSignalId()).isTrue();
        assertThat(audit)
            .as("the decision is audited")
            .anySatisfy(x -> assertThat(x.getEntityId()).isEqualTo(f.getSignalId()));
        for (OrderIntent o : approved) {
          assertThat(intentsBySignal.put(o.getSignalId(), o)).isNull();
          m.checkApproval(f, o, approvalTimes);
          approvalTimes.add(f.getTsEvent());
          m.approved(o);
          if (o.getSide() == OrderSide.BUY) {
            entries++;
          } else {
            exits++;
          }
        }
        for (RiskDecision d : rejected) {
          m.checkRejection(f, d);
          if (d.getViolations().stream()
              .anyMatch(
                  v ->
                      Set.of(
                              "max_position",
                              "max_total_position",
                              "max_total_risk",
                              "daily_loss_headroom")
                          .contains(v.getRule()))) {
            limitRejections++;
          }
        }
      }
      assertThat(passed.size()).isLessThanOrEqualTo(1);
    }

    void exec(ExecutionEvent e) throws Exception {
      m.exec(e);
      process(GateInput.execution("paper", e));
    }

    void process(GateInput in) throws Exception {
      gate.processElement(in, 0);
      assertThat(drain(gate.getOutput())).as("only signals yield orders").isEmpty();
      assertThat(drainSide(gate.getSideOutput(RiskTags.REJECTED))).isEmpty();
      drainSide(gate.getSideOutput(RiskTags.AUDIT));
      drainSide(gate.getSideOutput(RiskTags.CONTROL));
      assertThat(gate.getSideOutput(io.nqflow.jobs.common.DeadLetters.TAG))
          .as("generated input is always possible")
          .isNullOrEmpty();
      m.afterEvent();
    }

    @SuppressWarnings("unchecked")
    static <T> List<T> drain(java.util.Queue<Object> q) {
      List<T> out = new ArrayList<>();
      for (Object o : q) {
        if (o instanceof StreamRecord<?> r) {
          out.add((T) r.getValue());
        }
      }
      q.clear();
      return out;
    }

    static <T> List<T> drainSide(java.util.Queue<StreamRecord<T>> q) {
      if (q == null) {
        return List.of();
      }
      List<T> out = q.stream().map(StreamRecord::getValue).toList();
      q.clear();
      return out;
    }
  }

  /** A deliberately plain model of the account, written apart from the engine. */
  private static final class Model {
    record Pending(
        String cid, long instrument, OrderSide side, int qty, long limit, long stop, double mult) {}

    static final class Pos {
      long instrument;
      int qty;
      long avg;
      long mark;
      long stop;
      double mult;
    }

    final RiskSettings s;
    final Map<String, Pending> pending = new LinkedHashMap<>();
    final Map<Long, Pos> positions = new LinkedHashMap<>();
    final Map<Long, Long> lastEntry = new HashMap<>();
    final Map<String, Double> spend = new HashMap<>();
    final Set<String> costIds = new HashSet<>();
    final Set<String> fillIds = new HashSet<>();
    final Map<String, Integer> signalsPerDay = new HashMap<>();
    String state = "ACTIVE";
    double realized;
    String day = "";
    long clock;

    Model(RiskSettings s) {
      this.s = s;
    }

    void tick(long ts) {
      clock = Math.max(clock, ts);
      String d = CmeCalendar.tradingDay(clock).toString();
      if (d.compareTo(day) > 0) {
        day = d;
        realized = 0;
      }
    }

    double usd(long diff, int qty, double mult) {
      return diff / 1e9 * qty * mult;
    }

    double pnl() {
      double p = realized;
      for (Pos x : positions.values()) {
        p += usd((x.mark > 0 ? x.mark : x.avg) - x.avg, x.qty, x.mult);
      }
      return p;
    }

    void afterEvent() {
      if (!state.equals("HALTED") && pnl() <= -s.maxDailyLossUsd() + EPS) {
        state = "HALTED";
      }
    }

    int longQty(long instrument) {
      Pos p = positions.get(instrument);
      return p == null ? 0 : Math.max(0, p.qty);
    }

    void mark(long instrument, long price, long ts) {
      tick(ts);
      Pos p = positions.get(instrument);
      if (p != null) {
        p.mark = price;
      }
    }

    void cost(String id, String d, double usd) {
      if (costIds.add(id)) {
        spend.merge(d, usd, Double::sum);
      }
    }

    void control(ControlAction a, String scope, long ts) {
      if (scope.equals("other")) {
        return;
      }
      state =
          switch (a) {
            case HALT -> "HALTED";
            case REDUCE_ONLY -> "REDUCE_ONLY";
            case RESUME -> "ACTIVE";
          };
    }

    void exec(ExecutionEvent e) {
      if (e.getPayload() instanceof io.nqflow.exec.v1.OrderCancelled c) {
        // Order-state events are stamped with the service's clock, not market time.
        pending.remove(c.getClientOrderId());
        return;
      }
      tick(e.getTsEvent());
      io.nqflow.exec.v1.Fill f = (io.nqflow.exec.v1.Fill) e.getPayload();
      if (!fillIds.add(f.getExecutionId())) {
        return;
      }
      Pending p = pending.remove(f.getClientOrderId());
      Pos pos = positions.get(f.getInstrumentId());
      if (f.getSide() == OrderSide.BUY) {
        if (pos == null) {
          pos = new Pos();
          pos.instrument = f.getInstrumentId();
          pos.avg = f.getPrice();
          pos.qty = f.getQuantity();
          positions.put(pos.instrument, pos);
        } else {
          pos.avg =
              (pos.avg * pos.qty + f.getPrice() * f.getQuantity()) / (pos.qty + f.getQuantity());
          pos.qty += f.getQuantity();
        }
        pos.stop = p.stop;
        pos.mult = p.mult;
      } else {
        realized += usd(f.getPrice() - pos.avg, f.getQuantity(), pos.mult);
        pos.qty -= f.getQuantity();
        if (pos.qty == 0) {
          positions.remove(pos.instrument);
        }
      }
    }

    void beforeSignal(FlowSignal f) {
      tick(f.getTsEvent());
      afterEvent();
      signalsPerDay.merge(CmeCalendar.utcDay(f.getTsEvent()).toString(), 1, Integer::sum);
    }

    void approved(OrderIntent o) {
      pending.put(
          o.getClientOrderId(),
          new Pending(
              o.getClientOrderId(),
              o.getInstrumentId(),
              o.getSide(),
              o.getQuantity(),
              o.getLimitPrice(),
              o.getStopLossPrice(),
              o.getMultiplierUsd()));
      if (o.getSide() == OrderSide.BUY) {
        lastEntry.put(o.getInstrumentId(), o.getTsSignal());
      }
    }

    void checkApproval(FlowSignal f, OrderIntent o, List<Long> approvalTimes) {
      long ts = f.getTsEvent();
      assertThat(o.getQuantity()).isPositive();
      assertThat(o.getAccount()).isEqualTo(s.account());
      assertThat(o.getClientOrderId())
          .isEqualTo(io.nqflow.core.ids.Ids.clientOrderId(s.variant(), f.getSignalId()));
      assertThat(TickGrid.onGrid(o.getLimitPrice())).as("limit on the tick grid").isTrue();
      assertThat(f.getConfidence().ordinal()).isGreaterThanOrEqualTo(s.minConfidence().ordinal());
      assertThat(f.getInstrumentClass()).isIn(InstrumentClass.CALL, InstrumentClass.PUT);
      if (s.enforceTradingHours()) {
        assertThat(CmeCalendar.isOpen(ts)).as("inside Globex hours").isTrue();
      }
      long near = approvalTimes.stream().filter(t -> Math.abs(t - ts) < MINUTE).count();
      assertThat(near).isLessThan(s.maxOrdersPerMinute());
      int pendingSells =
          pending.values().stream()
              .filter(p -> p.instrument == o.getInstrumentId() && p.side == OrderSide.SELL)
              .mapToInt(Pending::qty)
              .sum();
      if (o.getSide() == OrderSide.SELL) {
        assertThat(o.getReduceOnly()).isTrue();
        assertThat(o.getQuantity())
            .as("an exit never sells more than the long position not already being sold")
            .isLessThanOrEqualTo(longQty(o.getInstrumentId()) - pendingSells);
        return;
      }
      assertThat(state).as("entries only while ACTIVE").isEqualTo("ACTIVE");
      assertThat(o.getReduceOnly()).isFalse();
      assertThat(f.getExpiration()).isNotNull();
      assertThat(f.getExpiration() - ts).isGreaterThanOrEqualTo(s.minTimeToExpiry().toNanos());
      Long last = lastEntry.get(o.getInstrumentId());
      if (last != null) {
        assertThat(Math.abs(ts - last)).isGreaterThanOrEqualTo(s.cooldown().toNanos());
      }
      long limit = o.getLimitPrice();
      long stop = o.getStopLossPrice();
      long target = o.getProfitTargetPrice();
      assertThat(stop).isPositive().isLessThan(limit);
      assertThat(target).isGreaterThan(limit);
      assertThat(TickGrid.onGrid(stop) && TickGrid.onGrid(target)).isTrue();
      assertThat(limit).isLessThanOrEqualTo(f.getReferencePrice());
      assertThat((target - limit) / (double) (limit - stop))
          .isGreaterThanOrEqualTo(s.minRiskReward() - 1e-9);
      double mult =
          f.getUnderlying().startsWith("MNQ") ? s.mnqMultiplierUsd() : s.nqMultiplierUsd();
      assertThat(o.getMultiplierUsd()).isEqualTo(mult);
      double newRisk = usd(limit - stop, o.getQuantity(), mult);
      assertThat(o.getRiskUsd()).isCloseTo(newRisk, org.assertj.core.data.Offset.offset(EPS));

      int here = longQty(o.getInstrumentId());
      int total = 0;
      double risk = newRisk;
      double stopOut = 0;
      for (Pos p : positions.values()) {
        total += Math.abs(p.qty);
        long m = p.mark > 0 ? p.mark : p.avg;
        risk += usd(p.avg - p.stop, p.qty, p.mult);
        stopOut += usd(Math.min(m, p.stop) - m, p.qty, p.mult);
      }
      for (Pending p : pending.values()) {
        if (p.side == OrderSide.BUY) {
          total += p.qty;
          if (p.instrument == o.getInstrumentId()) {
            here += p.qty;
          }
          risk += usd(p.limit - p.stop, p.qty, p.mult);
          stopOut += usd(p.stop - p.limit, p.qty, p.mult);
        }
      }
      assertThat(here + o.getQuantity()).isLessThanOrEqualTo(s.maxContractsPerPosition());
      assertThat(total + o.getQuantity()).isLessThanOrEqualTo(s.maxTotalContracts());
      assertThat(risk).as("risk to stops").isLessThanOrEqualTo(s.maxTotalRiskUsd() + EPS);
      double pnl = pnl();
      assertThat(pnl).as("day P&L").isGreaterThan(-s.maxDailyLossUsd());
      assertThat(pnl + stopOut - newRisk)
          .as("day P&L if everything stopped out")
          .isGreaterThanOrEqualTo(-s.maxDailyLossUsd() - EPS);
      String budgetDay = CmeCalendar.utcDay(ts).toString();
      double daySpend = spend.getOrDefault(budgetDay, 0.0);
      double monthSpend =
          spend.entrySet().stream()
              .filter(x -> x.getKey().startsWith(budgetDay.substring(0, 7)))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      assertThat(daySpend).isLessThan(s.dailyDataBudgetUsd());
      assertThat(monthSpend).isLessThan(s.monthlyDataBudgetUsd());
      assertThat(daySpend / signalsPerDay.get(budgetDay))
          .isLessThanOrEqualTo(s.maxCostPerSignalUsd() + EPS);
    }

    void checkRejection(FlowSignal f, RiskDecision d) {
      assertThat(d.getApproved()).isFalse();
      assertThat(d.getViolations()).as("a rejection names its rules").isNotEmpty();
      for (RuleViolation v : d.getViolations()) {
        assertThat(RULES).contains(v.getRule());
        assertThat(v.getDetail()).isNotBlank();
      }
      List<String> rules = d.getViolations().stream().map(RuleViolation::getRule).toList();
      boolean entry = f.getAggressor() != Side.ASK;
      if (entry && !state.equals("ACTIVE")) {
        assertThat(rules).contains("trading_state");
      }
      if (f.getConfidence().ordinal() < s.minConfidence().ordinal()) {
        assertThat(rules).contains("confidence");
      }
      if (s.enforceTradingHours() && !CmeCalendar.isOpen(f.getTsEvent())) {
        assertThat(rules).contains("trading_hours");
      }
      if (f.getInstrumentClass() == InstrumentClass.FUTURE) {
        assertThat(rules).contains("instrument");
      }
      if (entry && pnl() <= -s.maxDailyLossUsd() + EPS) {
        assertThat(rules).contains("daily_loss");
      }
    }
  }
}
