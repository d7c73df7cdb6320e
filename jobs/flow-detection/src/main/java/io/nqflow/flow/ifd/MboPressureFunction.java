package io.nqflow.flow.ifd;

import io.nqflow.common.v1.Confidence;
import io.nqflow.common.v1.Direction;
import io.nqflow.common.v1.Priority;
import io.nqflow.common.v1.Side;
import io.nqflow.flow.BucketHistory;
import io.nqflow.flow.EventKind;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.MboPressureSettings;
import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.PressureSlices;
import io.nqflow.flow.PressureState;
import io.nqflow.flow.SessionVolume;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.baseline.Baselines;
import io.nqflow.flow.baseline.SessionClock;
import io.nqflow.flow.signal.Signals;
import io.nqflow.market.NormalCdf;
import io.nqflow.market.Prices;
import io.nqflow.signals.v1.FlowSignal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * IFD v3.0 MBO pressure, keyed by instrument_id (one strike and class), docs/design.md §6.
 *
 * <p>Over the window it keeps aggressive buy and sell contracts, the book's adds, cancels, modifies
 * and fills per side, and refills (an add at the price and side of a fill within {@code
 * refillWindow}). On each trade it asks: is aggressive volume at least {@code minRatio} times the
 * baseline, one-sided ({@code |imbalance| >= minImbalance}) and statistically so (|z| of the
 * size-weighted sign test)? Two-sided quote-and-cancel flow with a small imbalance is market making
 * and never signals. Confidence comes from |z| (2 / 3 / 4 / 5 by default); VERY_HIGH and above are
 * IMMEDIATE. Aggression absorbed by a resting order that refills at once where it was hit (an
 * iceberg) is signalled as the resting side's flow (classification {@code absorption}). Premium,
 * strike and cooldown rules are those of IFD v1.
 */
public final class MboPressureFunction extends AlignedDetector<FlowSignal> {
  private transient SessionClock clock;
  private transient ValueState<PressureState> state;
  private transient MapState<Integer, BucketHistory> history;
  private transient Counter marketMaking;
  private transient Counter suppressed;

  public MboPressureFunction(FlowDetectionSettings settings) {
    super(settings);
  }

  @Override
  protected String stateName() {
    return "v3";
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    super.open(ctx);
    clock = SessionClock.of(settings);
    ValueStateDescriptor<PressureState> sd =
        new ValueStateDescriptor<>("v3-pressure", TypeInformation.of(PressureState.class));
    sd.enableTimeToLive(ttl());
    state = getRuntimeContext().getState(sd);
    MapStateDescriptor<Integer, BucketHistory> hd =
        new MapStateDescriptor<>(
            "v3-bucket-history", Types.INT, TypeInformation.of(BucketHistory.class));
    hd.enableTimeToLive(ttl());
    history = getRuntimeContext().getMapState(hd);
    var group =
        getRuntimeContext().getMetricGroup().addGroup("algorithm", FlowDetectionSettings.IFD_V3);
    marketMaking = group.counter("nqflow_market_making_windows");
    suppressed = group.counter("nqflow_signals_suppressed");
  }

  @Override
  protected void clearState() {
    state.clear();
    history.clear();
  }

  @Override
  protected void handle(
      OptionEvent e, UnderlyingPrice underlying, Collector<FlowSignal> out, ReadOnlyContext ctx)
      throws Exception {
    PressureState p = state.value();
    if (p == null) {
      p = new PressureState();
      p.volume = new SessionVolume();
      p.window = PressureSlices.empty(settings.windowSlices());
    }
    long slice = Math.floorDiv(e.tsEvent, settings.sliceNanos());
    int slot = p.window.slot(slice);
    int bookSide = e.side == Side.BID ? 1 : e.side == Side.ASK ? -1 : 0;
    FlowSignal signal = null;
    switch (e.kind) {
      case TRADE -> {
        int bucket =
            Baselines.count(
                p.volume, e.tsEvent, e.size, history, clock, settings.baselineSessions());
        if (bucket < 0 || slot < 0) {
          break;
        }
        int sign = Signals.sign(e.side);
        if (sign > 0) {
          p.window.aggBuy[slot] += e.size;
        } else if (sign < 0) {
          p.window.aggSell[slot] += e.size;
        }
        if (sign != 0) {
          p.window.sumSq[slot] += (double) e.size * e.size;
        }
        p.window.trades[slot]++;
        p.window.premiumUsd[slot] += e.premiumUsd();
        signal = evaluate(e, p, bucket, slice, underlying);
      }
      case ADD, MODIFY -> {
        if (slot < 0) {
          break;
        }
        if (e.kind == EventKind.ADD) {
          if (bookSide > 0) {
            p.window.addBid[slot] += e.size;
          } else if (bookSide < 0) {
            p.window.addAsk[slot] += e.size;
          }
        } else {
          p.window.modifies[slot]++;
        }
        boolean refill =
            bookSide != 0
                && bookSide == p.lastFillSide
                && e.price == p.lastFillPrice
                && e.tsEvent - p.lastFillTs <= settings.v3().refillWindow().toNanos();
        if (refill) {
          if (bookSide > 0) {
            p.window.refillBid[slot]++;
          } else {
            p.window.refillAsk[slot]++;
          }
        }
      }
      case CANCEL -> {
        // Venues (and Databento) follow a fill with a cancel of the filled size in the same
        // match event: that is the fill leaving the book, not a participant pulling a quote.
        if (slot < 0 || filledInThisEvent(p, e)) {
          break;
        }
        if (bookSide > 0) {
          p.window.cancelBid[slot] += e.size;
        } else if (bookSide < 0) {
          p.window.cancelAsk[slot] += e.size;
        }
      }
      case FILL -> {
        if (slot >= 0) {
          p.window.fills[slot] += e.size;
        }
        if (p.fillEventTs != e.tsEvent || p.fillOrderIds == null) {
          p.fillEventTs = e.tsEvent;
          p.fillOrders = 0;
          p.fillOrderIds = p.fillOrderIds == null ? new long[8] : p.fillOrderIds;
        }
        if (p.fillOrders == p.fillOrderIds.length) {
          p.fillOrderIds = java.util.Arrays.copyOf(p.fillOrderIds, p.fillOrders * 2);
        }
        p.fillOrderIds[p.fillOrders++] = e.orderId;
        p.lastFillPrice = e.price;
        p.lastFillSide = bookSide;
        p.lastFillTs = e.tsEvent;
      }
      case CLEAR -> {
        // A book clear says nothing about who is trading.
      }
    }
    state.update(p);
    if (signal != null) {
      out.collect(signal);
    }
  }

  private FlowSignal evaluate(
      OptionEvent e, PressureState p, int bucket, long slice, UnderlyingPrice underlying)
      throws Exception {
    MboPressureSettings v3 = settings.v3();
    PressureSlices.Totals w = p.window.totals(slice);
    long aggressive = w.aggressive();
    Baselines.Expected baseline =
        Baselines.expected(p.volume, bucket, e.tsEvent, aggressive, history, settings);
    double ratio = aggressive / baseline.perWindow();
    double imbalance = w.imbalance();
    double z = w.z();
    if (w.twoSided() >= v3.mmMinTwoSided()
        && w.cancelRatio() >= v3.mmMinCancelRatio()
        && Math.abs(imbalance) < v3.mmMaxImbalance()) {
      marketMaking.inc();
      return null;
    }
    if (ratio < v3.minRatio() || Math.abs(imbalance) < v3.minImbalance()) {
      return null;
    }
    Confidence confidence = confidence(Math.abs(z), v3);
    // Refilling on its own side is what institutions do and market makers do not: one level up.
    long ownRefills = z > 0 ? w.refillBid : w.refillAsk;
    if (confidence != null && ownRefills >= v3.refillBoost() && confidence != Confidence.EXTREME) {
      confidence = Confidence.values()[confidence.ordinal() + 1];
    }
    if (confidence == null || w.premiumUsd < settings.minPremiumUsd() || underlying == null) {
      return null;
    }
    // Many small trades (retail buying a round strike) are no institutional pressure.
    if (w.premiumUsd < v3.minAvgTradePremiumUsd() * w.trades) {
      return null;
    }
    double f = Prices.toDouble(underlying.price);
    double strikeDistance = Math.abs(Prices.toDouble(e.strike) - f) / f;
    if (strikeDistance > settings.maxStrikeDistance()) {
      return null;
    }
    // Same rule as IFD v1: a repeat while the window still holds the last signal's flow is no news.
    long quietNanos = Math.max(settings.cooldown().toNanos(), settings.window().toNanos());
    if (p.lastSignalConfidence >= 0
        && e.tsEvent - p.lastSignalTs < quietNanos
        && confidence.ordinal() <= p.lastSignalConfidence) {
      suppressed.inc();
      return null;
    }
    p.lastSignalTs = e.tsEvent;
    p.lastSignalConfidence = confidence.ordinal();

    // Aggression absorbed by a resting order refilled at once at the price it was hit (an
    // iceberg) is the resting side's flow: it keeps selling to (or buying from) the aggressors.
    long passiveRefills = z > 0 ? w.refillAsk : w.refillBid;
    boolean absorbed = passiveRefills > 0 && passiveRefills >= ownRefills;
    Side aggressor = (z > 0) != absorbed ? Side.BID : Side.ASK;
    Direction direction = Signals.direction(e.instrumentClass, aggressor);
    double pValue = 2 * (1 - NormalCdf.AS_7_1_26.cdf(Math.abs(z)));
    Map<String, String> attrs = new HashMap<>();
    Signals.put(attrs, "z", z);
    Signals.put(attrs, "p_value", pValue);
    Signals.put(attrs, "imbalance", imbalance);
    Signals.put(attrs, "volume_ratio", ratio);
    Signals.put(attrs, "baseline_per_window", baseline.perWindow());
    attrs.put("baseline_source", baseline.source());
    Signals.put(attrs, "buy_contracts", w.aggBuy);
    Signals.put(attrs, "sell_contracts", w.aggSell);
    Signals.put(attrs, "trades", w.trades);
    Signals.put(attrs, "adds_bid", w.addBid);
    Signals.put(attrs, "adds_ask", w.addAsk);
    Signals.put(attrs, "cancels", w.cancelBid + w.cancelAsk);
    Signals.put(attrs, "modifies", w.modifies);
    Signals.put(attrs, "fills", w.fills);
    Signals.put(attrs, "refills_bid", w.refillBid);
    Signals.put(attrs, "refills_ask", w.refillAsk);
    Signals.put(attrs, "two_sided", w.twoSided());
    Signals.put(attrs, "cancel_ratio", w.cancelRatio());
    Signals.put(attrs, "strike_distance", strikeDistance);
    attrs.put("classification", absorbed ? "absorption" : "institutional");
    boolean immediate = confidence.ordinal() >= Confidence.VERY_HIGH.ordinal();
    String rationale =
        String.format(
            Locale.ROOT,
            "%s: one-sided %s, %d of %d aggressive contracts %s in %ds (imbalance %+.2f, z %+.1f,"
                + " p %.2g) at %.1fx the %s; %s; book: %d added, %d cancelled, %d refills; premium"
                + " %s; strike %.2f%% from %s %.2f",
            e.rawSymbol,
            absorbed
                ? (aggressor == Side.BID ? "resting buyer absorbing" : "resting seller absorbing")
                : (aggressor == Side.BID ? "buying" : "selling"),
            z > 0 ? w.aggBuy : w.aggSell,
            aggressive,
            z > 0 ? "lifted offers" : "hit bids",
            settings.window().toSeconds(),
            imbalance,
            z,
            pValue,
            ratio,
            "session-to-date".equals(baseline.source()) ? "session-to-date baseline" : "baseline",
            Signals.flowWords(e.instrumentClass, aggressor, direction),
            w.addBid + w.addAsk,
            w.cancelBid + w.cancelAsk,
            absorbed ? passiveRefills : ownRefills,
            Signals.usd(w.premiumUsd),
            strikeDistance * 100,
            e.underlying,
            f);
    return Signals.from(
            e,
            FlowDetectionSettings.IFD_V3,
            settings.patternVersion("ifd_v3"),
            settings,
            underlying)
        .setAggressor(aggressor)
        .setDirection(direction)
        .setConfidence(confidence)
        .setPriority(immediate ? Priority.IMMEDIATE : Signals.priority(confidence, false))
        .setScore(Math.abs(z))
        .setWindowStart((slice - settings.windowSlices() + 1) * settings.sliceNanos())
        .setContracts(aggressive)
        .setPremiumUsd(w.premiumUsd)
        .setRationale(rationale)
        .setAttributes(attrs)
        .build();
  }

  private static boolean filledInThisEvent(PressureState p, OptionEvent e) {
    if (p.fillOrderIds == null || p.fillEventTs != e.tsEvent) {
      return false;
    }
    for (int i = 0; i < p.fillOrders; i++) {
      if (p.fillOrderIds[i] == e.orderId) {
        return true;
      }
    }
    return false;
  }

  private static Confidence confidence(double absZ, MboPressureSettings v3) {
    if (absZ >= v3.zExtreme()) {
      return Confidence.EXTREME;
    }
    if (absZ >= v3.zVeryHigh()) {
      return Confidence.VERY_HIGH;
    }
    if (absZ >= v3.zHigh()) {
      return Confidence.HIGH;
    }
    if (absZ >= v3.zModerate()) {
      return Confidence.MODERATE;
    }
    return null;
  }
}
