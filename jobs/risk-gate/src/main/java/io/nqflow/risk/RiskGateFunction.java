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
import io.nqflow.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 */
public final class RiskGateFunction extends KeyedProcessFunction<String, GateInput, OrderIntent> {
  private final RiskEngine engine;
  private final double maxDailyLossUsd;
  private transient ValueState<RiskBook> book;
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
    this.engine = new RiskEngine(settings);
    this.maxDailyLossUsd = settings.maxDailyLossUsd();
  }

  @Override
  public void open(OpenContext ctx) {
    book =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("risk-book", TypeInformation.of(RiskBook.class)));
    MetricGroup g = getRuntimeContext().getMetricGroup();
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
    RiskBook b = book.value();
    if (b == null) {
      b = new RiskBook();
    }
    long now = EpochNanos.now();
    Emitter emitter = new Emitter(ctx, out);
    try {
      if (in.signal != null) {
        engine.onSignal(b, in.signal, now, emitter);
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
