package io.nqflow.chain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.chain.model.BarrierProbability.Outcome;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BarrierProbabilityTest {

  private static final double MINUTE = 60.0 / (365.0 * 24 * 3600);

  @Test
  void theEigenfunctionSeriesAndTheImagesAgreeAcrossHorizons() {
    // Two independent representations of the same probability: they must agree everywhere.
    double[] nus = {-1.5, -0.02, 0.0, 0.3, 2.0};
    double[] scaled = {0.05, 0.2, 0.5, 2 / Math.PI, 1.0, 3.0};
    double sigma = 0.25;
    double w = 0.08;
    for (double nu : nus) {
      for (double tau : scaled) {
        for (double y0 : new double[] {0.01, 0.04, 0.07}) {
          double t = tau * w * w / (sigma * sigma);
          double eigen = BarrierProbability.upperFirstEigen(nu, sigma, y0, w - y0, t);
          double images = BarrierProbability.upperFirstImages(nu, sigma, y0, w - y0, t);
          assertThat(eigen).as("nu=%s tau=%s y0=%s", nu, tau, y0).isCloseTo(images, within(1e-12));
        }
      }
    }
  }

  @Test
  void approachesTheInfiniteHorizonLimitWorkedByHand() {
    // F = 100, L = 90, U = 110, σ = 0.2, μ = 0.1: ν = 0.1 − 0.02 = 0.08, k = 2ν/σ² = 4,
    // y0 = ln(100/90) = 0.105360516, w = ln(110/90) = 0.200670695;
    // e^{−4 y0} = (90/100)^4 = 0.6561 and e^{−4 w} = (90/110)^4 = 0.448125128, so
    // P_U(∞) = (1 − 0.6561) / (1 − 0.448125128) = 0.3439 / 0.551874872 = 0.623148502.
    Outcome far = BarrierProbability.outcome(100, 90, 110, 200, 0.2, 0.1);
    assertThat(far.upperFirst()).isCloseTo(0.623148502, within(2e-9));
    assertThat(far.lowerFirst()).isCloseTo(1 - 0.623148502, within(2e-9));
    assertThat(far.neither()).isCloseTo(0, within(1e-12));
    // ν = 0 (μ = σ²/2): P_U(∞) = y0 / w = 0.105360516 / 0.200670695 = 0.525041862.
    assertThat(BarrierProbability.upperFirst(100, 90, 110, 500, 0.2, 0.02))
        .isCloseTo(0.525041862, within(2e-9));
  }

  @Test
  void aOneMinuteHorizonIsAccurateInRelativeTerms() {
    // F = 21000 between 20970 and 21030, σ = 0.2, μ = 0.5, T = 1 minute: σ√T = 2.76e-4 against
    // 1.43e-3 to either level, so the other level's images weigh e^{-146}: the single-barrier
    // first-passage formula Φ((−y+νT)/σ√T) + e^{2νy/σ²} Φ((−y−νT)/σ√T) is exact to double
    // precision. Values from a 30-digit evaluation of that formula.
    Outcome p = BarrierProbability.outcome(21000, 20970, 21030, MINUTE, 0.2, 0.5);
    assertThat(p.upperFirst()).isCloseTo(2.3215471537213379574e-7, within(1e-19));
    assertThat(p.lowerFirst()).isCloseTo(2.1561003677324066246e-7, within(1e-19));
    assertThat(p.upperFirst() + p.lowerFirst() + p.neither()).isCloseTo(1, within(1e-15));
  }

  @Test
  void matchesAMonteCarloSimulationWithinFourStandardErrors() {
    // Long horizon (eigenfunction series) and short horizon (images), with a strong drift.
    checkAgainstSimulation(100, 95, 103, 0.10, 0.3, 0.5, 1);
    checkAgainstSimulation(100, 95, 103, 0.02, 0.3, 0.5, 2);
    checkAgainstSimulation(20000, 19800, 20300, 3.0 / 365, 0.25, -2.0, 3);
  }

  private static void checkAgainstSimulation(
      double f, double l, double u, double t, double sigma, double mu, long seed) {
    // Exact Gaussian log steps; a Brownian bridge decides whether a level was touched between two
    // steps (P = exp(−2 (b − x_i)(b − x_{i+1}) / (σ² Δt))), so the simulation has no monitoring
    // bias.
    int paths = 40_000;
    int steps = 200;
    double dt = t / steps;
    double nu = mu - 0.5 * sigma * sigma;
    double a = Math.log(l);
    double b = Math.log(u);
    SplittableRandom random = new SplittableRandom(seed);
    int up = 0;
    int down = 0;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < paths; i++) {
      double x = Math.log(f);
      double exit = Double.NaN;
      for (int s = 0; s < steps && Double.isNaN(exit); s++) {
        double next = x + nu * dt + sigma * Math.sqrt(dt) * gaussian(random);
        double crossUp = next >= b ? 1 : Math.exp(-2 * (b - x) * (b - next) / (sigma * sigma * dt));
        double crossDown =
            next <= a ? 1 : Math.exp(-2 * (x - a) * (next - a) / (sigma * sigma * dt));
        if (random.nextDouble() < crossUp) {
          exit = u;
        } else if (random.nextDouble() < crossDown) {
          exit = l;
        }
        x = next;
      }
      if (exit == u) {
        up++;
      } else if (exit == l) {
        down++;
      } else {
        exit = Math.exp(x);
      }
      sum += exit - f;
      sumSq += (exit - f) * (exit - f);
    }
    double pu = (double) up / paths;
    double pl = (double) down / paths;
    double ev = sum / paths;
    double evError = Math.sqrt((sumSq / paths - ev * ev) / paths);
    Outcome p = BarrierProbability.outcome(f, l, u, t, sigma, mu);
    assertThat(p.upperFirst()).isCloseTo(pu, within(4 * Math.sqrt(pu * (1 - pu) / paths) + 1e-4));
    assertThat(p.lowerFirst()).isCloseTo(pl, within(4 * Math.sqrt(pl * (1 - pl) / paths) + 1e-4));
    assertThat(BarrierProbability.longExpectedValue(f, l, u, t, sigma, mu))
        .isCloseTo(ev, within(4 * evError));
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  @Test
  void withoutDriftEverySetupIsWorthNothing() {
    // Optional stopping: F is a martingale when μ = 0, so E[F_{τ∧T}] = F for any levels and
    // horizon.
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < 2000; i++) {
      double f = 1000 + 30000 * random.nextDouble();
      double l = f * (1 - 0.3 * random.nextDouble() - 1e-4);
      double u = f * (1 + 0.3 * random.nextDouble() + 1e-4);
      double t = Math.exp(-12 + 12 * random.nextDouble());
      double sigma = 0.05 + 0.8 * random.nextDouble();
      double ev = BarrierProbability.longExpectedValue(f, l, u, t, sigma, 0.0);
      assertThat(ev)
          .as("F=%s L=%s U=%s T=%s σ=%s", f, l, u, t, sigma)
          .isCloseTo(0.0, within(1e-9 * f));
      assertThat(BarrierProbability.shortExpectedValue(f, l, u, t, sigma, 0.0)).isEqualTo(-ev);
    }
  }

  @Test
  void theThreeOutcomesAddUpToOne() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2000; i++) {
      double f = 20000;
      double l = f - 1 - 500 * random.nextDouble();
      double u = f + 1 + 500 * random.nextDouble();
      double t = Math.exp(-14 + 14 * random.nextDouble());
      double mu = -3 + 6 * random.nextDouble();
      Outcome p = BarrierProbability.outcome(f, l, u, t, 0.05 + random.nextDouble(), mu);
      assertThat(p.upperFirst() + p.lowerFirst() + p.neither()).isCloseTo(1, within(1e-12));
      assertThat(p.upperFirst()).isBetween(0.0, 1.0);
      assertThat(p.lowerFirst()).isBetween(0.0, 1.0);
      assertThat(p.neither()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void touchingEitherLevelGetsLikelierWithTimeAndTheUpperOneWithDrift() {
    double previousUp = 0;
    double previousDown = 0;
    double previousNeither = 1;
    for (double t = MINUTE; t < 2; t *= 1.5) {
      Outcome p = BarrierProbability.outcome(20000, 19850, 20100, t, 0.22, 0.3);
      assertThat(p.upperFirst()).isGreaterThanOrEqualTo(previousUp);
      assertThat(p.lowerFirst()).isGreaterThanOrEqualTo(previousDown);
      assertThat(p.neither()).isLessThanOrEqualTo(previousNeither);
      previousUp = p.upperFirst();
      previousDown = p.lowerFirst();
      previousNeither = p.neither();
    }
    double lastUp = 0;
    double lastDown = 1;
    double lastEv = Double.NEGATIVE_INFINITY;
    for (int step = -20; step <= 20; step++) {
      double mu = 0.25 * step + 0.01;
      double t = 2.0 / 365;
      Outcome p = BarrierProbability.outcome(20000, 19850, 20100, t, 0.22, mu);
      double ev = BarrierProbability.longExpectedValue(20000, 19850, 20100, t, 0.22, mu);
      assertThat(p.upperFirst()).isGreaterThan(lastUp);
      assertThat(p.lowerFirst()).isLessThan(lastDown);
      assertThat(ev).isGreaterThan(lastEv);
      assertThat(Math.signum(ev)).isEqualTo(Math.signum(mu));
      lastUp = p.upperFirst();
      lastDown = p.lowerFirst();
      lastEv = ev;
    }
  }

  @Test
  void degenerateHorizonsAndVolatilities() {
    assertThat(BarrierProbability.outcome(100, 90, 110, 0, 0.2, 0.1))
        .isEqualTo(new Outcome(0, 0, 1));
    assertThat(BarrierProbability.longExpectedValue(100, 90, 110, -1, 0.2, 0.1)).isZero();
    // σ = 0: F e^{μT} = 100 e^{0.2} = 122.1 passes 110 within the year.
    assertThat(BarrierProbability.outcome(100, 90, 110, 1, 0, 0.2)).isEqualTo(new Outcome(1, 0, 0));
    assertThat(BarrierProbability.longExpectedValue(100, 90, 110, 1, 0, 0.2)).isEqualTo(10.0);
    // 100 e^{0.05} = 105.127: neither level; the position is worth the drift.
    assertThat(BarrierProbability.longExpectedValue(100, 90, 110, 1, 0, 0.05))
        .isCloseTo(5.127110, within(1e-6));
  }

  @Test
  void rejectsLevelsThatDoNotBracketTheFuture() {
    assertThatThrownBy(() -> BarrierProbability.outcome(100, 100, 110, 1, 0.2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower < forward < upper");
    assertThatThrownBy(() -> BarrierProbability.outcome(100, 90, 110, 1, -0.2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("volatility");
  }
}
