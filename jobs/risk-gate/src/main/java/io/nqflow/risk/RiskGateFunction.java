package io.nqflow.risk;

import io.nqflow.common.v1.TradingState;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.jobs.common.DeadLetters;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.ControlCommand;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.risk.validation.OutcomeValidation;
import io.nqflow.risk.validation.ValidationVerdict;
import io.nqflow.risk.validation.ValidationWindow;
import io.nqflow.schemas.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The gate operator, keyed by account: keeps the account's {@link RiskBook} in keyed state and
 * feeds it every input through {@link RiskEngine}. Approved intents are the main output;
 * rejections, audit events and the gate's own HALT commands go to {@link RiskTags}; impossible
 * inputs go to {@link DeadLetters#TAG}.
 *
 * <p><b>Event order</b> (a replay whose sources are bounded, see {@link
 * RiskGateJob#attach(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment,
 * io.nqflow.jobs.common.JobSettings, RiskSettings, boolean, boolean)}): signals, opportunities and
 * marks are held in keyed state and handled on event-time timers at their ts_event, i.e. in
 * event-time order (equal times: marks, then opportunities, then signals, each by id) once the
 * watermark passes them, which for sources without watermarks is when the bounded input ends. The
 * decisions then do not depend on how the inputs of different partitions and topics interleaved.
 */
public final class RiskGateFunction extends KeyedProcessFunction<String, GateInput, OrderIntent> {
  private final RiskEngine engine;
  private final double maxDailyLossUsd;
  private final boolean eventOrder;
  private transient ValueState<RiskBook> book;

  /** risk.validation: the outcome windows per bucket; null (no state) when validation is off. */
  private final OutcomeValidation validation;

  private transient MapState<String, ValidationWindow> windows;
  private transient Counter outcomes;
  private transient MapState<Long, List<GateInput>> held;
  private transient Counter approved;
  private transient Counter rejected;
  private transient Counter deadLetters;
  private transient Counter controlsRefused;
  private transient MetricGroup ruleGroup;
  private transient Map<String, Counter> ruleCounters;
  private transient volatile double lastDailyPnl;
  private transient volatile int lastState;
  private transient volatile int lastPending;

  public RiskGateFunction(RiskSettings settings) {
    this(settings, false);
  }

  /**
   * @param eventOrder whether signals, opportunities and marks are handled in event-time order on
   *     the watermark (see the class comment) rather than as they arrive
   */
  public RiskGateFunction(RiskSettings settings, boolean eventOrder) {
    this.engine = new RiskEngine(settings);
    this.maxDailyLossUsd = settings.maxDailyLossUsd();
    this.validation = settings.validation().enabled() ? new OutcomeValidation(settings) : null;
    this.eventOrder = eventOrder;
  }

  @Override
  public void open(OpenContext ctx) {
    book =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("risk-book", TypeInformation.of(RiskBook.class)));
    if (validation != null) {
      // New state of the operator: a savepoint from before validation restores with it empty.
      windows =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "validation-windows",
                      Types.STRING,
                      TypeInformation.of(ValidationWindow.class)));
    }
    if (eventOrder) {
      held =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "risk-held-inputs",
                      Types.LONG,
                      new ListTypeInfo<>(TypeInformation.of(GateInput.class))));
    }
    MetricGroup g = getRuntimeContext().getMetricGroup();
    outcomes = g.counter("nqflow_risk_validation_outcomes");
    approved = g.counter("nqflow_risk_approved");
    rejected = g.counter("nqflow_risk_rejected");
    deadLetters = g.addGroup("stage", RiskEngine.STAGE).counter("nqflow_dead_letters");
    controlsRefused = g.counter("nqflow_risk_controls_refused");
    ruleGroup = g;
    ruleCounters = new HashMap<>();
    g.gauge("nqflow_risk_daily_pnl_usd", (Gauge<Double>) () -> lastDailyPnl);
    g.gauge("nqflow_risk_trading_state", (Gauge<Integer>) () -> lastState);
    g.gauge("nqflow_risk_pending_orders", (Gauge<Integer>) () -> lastPending);
    // The limit next to the P&L, so that an alert can say "near the limit" whatever the profile.
    g.gauge("nqflow_risk_daily_loss_limit_usd", (Gauge<Double>) () -> maxDailyLossUsd);
  }

  @Override
  public void processElement(GateInput in, Context ctx, Collector<OrderIntent> out)
      throws Exception {
    if (in.outcome != null) {
      onOutcome(in, ctx);
      return;
    }
    Long ts = eventOrder ? eventTime(in) : null;
    if (ts != null) {
      List<GateInput> at = held.get(ts);
      if (at == null) {
        at = new ArrayList<>();
        ctx.timerService().registerEventTimeTimer(ts);
      }
      at.add(in);
      held.put(ts, at);
      return;
    }
    handle(in, ctx, out);
  }

  /** Event order: the held inputs of {@code timestamp}, in a fixed order. */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OrderIntent> out)
      throws Exception {
    List<GateInput> at = held.get(timestamp);
    if (at == null) {
      return;
    }
    held.remove(timestamp);
    at.sort(HELD_ORDER);
    for (GateInput in : at) {
      handle(in, ctx, out);
    }
  }

  /** Marks first (they are the market up to then), then opportunities, then signals; by id. */
  private static final Comparator<GateInput> HELD_ORDER =
      Comparator.comparingInt(RiskGateFunction::rank).thenComparing(RiskGateFunction::heldId);

  private static int rank(GateInput in) {
    return in.mark != null ? 0 : in.opportunity != null ? 1 : 2;
  }

  private static String heldId(GateInput in) {
    if (in.mark != null) {
      return String.format("%020d/%020d", in.mark.getInstrumentId(), in.mark.getSequence());
    }
    return in.opportunity != null ? in.opportunity.getOpportunityId() : in.signal.getSignalId();
  }

  /** The event time an input is held until (event order), or null for one handled at once. */
  private static Long eventTime(GateInput in) {
    if (in.signal != null) {
      return in.signal.getTsEvent();
    }
    if (in.opportunity != null) {
      return in.opportunity.getTsEvent();
    }
    if (in.mark != null) {
      return in.mark.getTsEvent();
    }
    return null;
  }

  private void handle(GateInput in, Context ctx, Collector<OrderIntent> out) throws Exception {
    RiskBook b = book.value();
    if (b == null) {
      b = new RiskBook();
    }
    long now = EpochNanos.now();
    Emitter emitter = new Emitter(ctx, out);
    try {
      if (in.signal != null) {
        ValidationVerdict v = null;
        if (validation != null) {
          String bucket = OutcomeValidation.bucketOf(in.signal);
          v = validation.verdict(bucket, windows.get(bucket), in.signal.getTsEvent());
        }
        engine.onSignal(b, in.signal, v, now, emitter);
      } else if (in.execution != null) {
        engine.onExecution(b, in.execution, now, emitter);
      } else if (in.cost != null) {
        engine.onCost(b, in.cost, now, emitter);
      } else if (in.control != null) {
        engine.onControl(b, in.control, now, emitter);
      } else if (in.opportunity != null) {
        engine.onOpportunity(b, in.opportunity, now, emitter);
      } else if (in.micro != null) {
        engine.onMicro(b, in.micro);
      } else if (in.mark != null && in.mark.getPayload() instanceof Trade t) {
        engine.onMark(
            b, in.mark.getInstrumentId(), t.getPrice(), in.mark.getTsEvent(), now, emitter);
      } else {
        throw new RiskInputException("gate input of kind '" + in.kind() + "' carries nothing");
      }
    } catch (RiskInputException e) {
      deadLetters.inc();
      ctx.output(DeadLetters.TAG, deadLetter(in, e.getMessage(), now));
      return;
    }
    book.update(b);
    lastDailyPnl = engine.dailyPnl(b);
    lastState = stateCode(b.tradingState);
    lastPending = b.pending.size();
  }

  /**
   * Counts a decided outcome of the gate's variant in its bucket; a broken one is dead-lettered.
   */
  private void onOutcome(GateInput in, Context ctx) throws Exception {
    long now = EpochNanos.now();
    if (validation == null) {
      return;
    }
    String bucket;
    try {
      bucket = validation.bucketOf(in.outcome);
    } catch (RiskInputException e) {
      deadLetters.inc();
      ctx.output(DeadLetters.TAG, deadLetter(in, e.getMessage(), now));
      return;
    }
    if (bucket == null) {
      return;
    }
    ValidationWindow w = windows.get(bucket);
    if (w == null) {
      w = new ValidationWindow();
    }
    AuditEvent change = validation.record(w, bucket, in.outcome, now);
    windows.put(bucket, w);
    outcomes.inc();
    if (change != null) {
      ctx.output(RiskTags.AUDIT, change);
    }
  }

  private static int stateCode(TradingState s) {
    return switch (s) {
      case ACTIVE -> 0;
      case REDUCE_ONLY -> 1;
      case HALTED -> 2;
    };
  }

  private static io.nqflow.ops.v1.DeadLetter deadLetter(GateInput in, String reason, long now) {
    byte[] raw;
    String source;
    String position;
    if (in.execution != null) {
      source = Topics.EXEC_EVENTS.name();
      raw = Topics.EXEC_EVENTS.serializeValue(in.execution);
      position = "event_id=" + in.execution.getEventId();
    } else if (in.cost != null) {
      source = Topics.COSTS.name();
      raw = Topics.COSTS.serializeValue(in.cost);
      position = "cost_id=" + in.cost.getCostId();
    } else if (in.mark != null) {
      source = Topics.MARKET_EVENTS.name();
      raw = Topics.MARKET_EVENTS.serializeValue(in.mark);
      position =
          "instrument_id=" + in.mark.getInstrumentId() + " sequence=" + in.mark.getSequence();
    } else if (in.control != null) {
      source = Topics.CONTROL.name();
      raw = Topics.CONTROL.serializeValue(in.control);
      position = "command_id=" + in.control.getCommandId();
    } else if (in.signal != null) {
      source = Topics.FLOW_SIGNALS.name();
      raw = Topics.FLOW_SIGNALS.serializeValue(in.signal);
      position = "signal_id=" + in.signal.getSignalId();
    } else if (in.opportunity != null) {
      source = Topics.OPPORTUNITIES.name();
      raw = Topics.OPPORTUNITIES.serializeValue(in.opportunity);
      position = "opportunity_id=" + in.opportunity.getOpportunityId();
    } else if (in.outcome != null) {
      source = Topics.OUTCOMES.name();
      raw = Topics.OUTCOMES.serializeValue(in.outcome);
      position = "signal_id=" + in.outcome.getSignalId();
    } else {
      source = "risk-gate-input";
      raw = new byte[0];
      position = "account=" + in.account;
    }
    return DeadLetters.of(source, RiskEngine.STAGE, reason, raw, position, now);
  }

  private Counter ruleCounter(String rule) {
    return ruleCounters.computeIfAbsent(
        rule, r -> ruleGroup.addGroup("rule", r).counter("nqflow_risk_rule_violations"));
  }

  private final class Emitter implements RiskEmitter {
    private final Context ctx;
    private final Collector<OrderIntent> out;

    Emitter(Context ctx, Collector<OrderIntent> out) {
      this.ctx = ctx;
      this.out = out;
    }

    @Override
    public void approved(OrderIntent intent) {
      approved.inc();
      out.collect(intent);
    }

    @Override
    public void rejected(RiskDecision decision) {
      rejected.inc();
      for (RuleViolation v : decision.getViolations()) {
        ruleCounter(v.getRule()).inc();
      }
      ctx.output(RiskTags.REJECTED, decision);
    }

    @Override
    public void audit(AuditEvent event) {
      ctx.output(RiskTags.AUDIT, event);
    }

    @Override
    public void control(ControlCommand command) {
      ctx.output(RiskTags.CONTROL, command);
    }

    @Override
    public void refusedControl(ControlCommand command, String reason) {
      controlsRefused.inc();
      deadLetters.inc();
      ctx.output(
          DeadLetters.TAG,
          DeadLetters.of(
              Topics.CONTROL.name(),
              RiskEngine.STAGE,
              reason,
              Topics.CONTROL.serializeValue(command),
              "command_id=" + command.getCommandId(),
              EpochNanos.now()));
    }
  }
}
