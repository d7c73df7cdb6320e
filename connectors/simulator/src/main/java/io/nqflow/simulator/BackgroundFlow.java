package io.nqflow.simulator;

import static io.nqflow.simulator.SimTime.SEC;

import io.nqflow.market.Multipliers;
import java.util.List;

/**
 * Unlabelled trading: small aggressive orders in the futures and options arriving as a Poisson
 * process thinned to the intraday activity, options weighted towards the money and weeklies.
 */
final class BackgroundFlow {
  private final Scale scale;
  private final PricePath path;
  private final Exchange exchange;
  private final Scheduler clock;
  private final SessionRandom rnd;
  private final long open;
  private final LiveInstrument nq;
  private final LiveInstrument mnq;
  private final List<LiveInstrument> options;
  private final RegimeModel regime;

  /** Expiry of options expiring today (16:00 ET), ns. */
  private final long todayExpiry;

  private double[] tradeWeights;
  private long weightsAt = Long.MIN_VALUE;

  BackgroundFlow(
      Scale scale,
      PricePath path,
      Exchange exchange,
      Scheduler clock,
      SessionRandom rnd,
      long open,
      LiveInstrument nq,
      LiveInstrument mnq,
      List<LiveInstrument> options,
      RegimeModel regime,
      long todayExpiry) {
    this.scale = scale;
    this.regime = regime;
    this.todayExpiry = todayExpiry;
    this.path = path;
    this.exchange = exchange;
    this.clock = clock;
    this.rnd = rnd;
    this.open = open;
    this.nq = nq;
    this.mnq = mnq;
    this.options = options;
  }

  /** Schedules the first option and the first futures arrival. */
  void start() {
    scheduleNextArrival(true);
    scheduleNextArrival(false);
  }

  private void scheduleNextArrival(boolean option) {
    double rate =
        (option ? scale.optionTradesPerSec : scale.futureTradesPerSec)
            * PricePath.ACTIVITY_MAX
            * regime.tradeRate;
    long gap = (long) (-Math.log(1 - rnd.nextDouble()) / rate * SEC) + 1;
    long now = clock.now();
    clock.schedule(now == 0 ? open + gap : now + gap, () -> arrival(option));
  }

  private void arrival(boolean option) {
    scheduleNextArrival(option);
    if (rnd.nextDouble() * PricePath.ACTIVITY_MAX > path.activity(clock.now())) {
      return; // thinning: the intraday shape
    }
    char side = rnd.nextBoolean() ? 'B' : 'A';
    if (!option) {
      LiveInstrument l = rnd.nextInt(4) == 0 ? mnq : nq;
      int qty = 1 + rnd.geometric(l.ins.multiplier() == Multipliers.MNQ_USD ? 0.15 : 0.4, 30);
      exchange.aggressTop(l, side, qty);
      return;
    }
    LiveInstrument l = pickOption();
    int qty = 1 + rnd.geometric(0.45, 12);
    exchange.aggressTop(l, side, qty);
  }

  /** An option's weight in the choice of background trades, at the current futures price. */
  private double weight(Instrument ins) {
    double x = Math.log(ins.strike() / path.price());
    double w = Math.exp(-0.5 * (x / 0.012) * (x / 0.012)) + 0.02;
    if (ins.expiryKind().equals("WEEKLY")) {
      w *= 1.5;
    }
    if (ins.multiplier() == Multipliers.MNQ_USD) {
      w *= 0.3;
    }
    if (regime.zeroDte() && ins.expirationNs() == todayExpiry) {
      w *= 3; // expiration day: the 0DTE trades heavily
    }
    return w;
  }

  /**
   * The background contracts (both sides) an option can expect from {@code from} for {@code
   * duration} ns: the arrival rate thinned by the intraday activity (a minute at a time), times the
   * option's share of the weights at the current price, times the mean order size. Draws nothing.
   */
  double expectedContracts(Instrument ins, long from, long duration) {
    double all = 0;
    for (LiveInstrument l : options) {
      all += weight(l.ins);
    }
    double trades = 0;
    for (long t = from; t < from + duration; t += 60 * SEC) {
      long step = Math.min(60 * SEC, from + duration - t);
      trades += scale.optionTradesPerSec * regime.tradeRate * path.activity(t) * step / SEC;
    }
    // 1 + geometric(0.45) lots: mean 1 + 0.55 / 0.45.
    return trades * weight(ins) / all * (1 + 0.55 / 0.45);
  }

  private LiveInstrument pickOption() {
    long now = clock.now();
    if (now - weightsAt > 60 * SEC || tradeWeights == null) {
      tradeWeights = new double[options.size()];
      double acc = 0;
      for (int i = 0; i < options.size(); i++) {
        acc += weight(options.get(i).ins);
        tradeWeights[i] = acc;
      }
      weightsAt = now;
    }
    double r = rnd.nextDouble() * tradeWeights[tradeWeights.length - 1];
    int lo = 0;
    int hi = tradeWeights.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tradeWeights[mid] < r) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return options.get(lo);
  }
}
