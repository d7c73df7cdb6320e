package io.nqflow.chain.model;

/**
 * Which of two levels a lognormal future touches first, and the expected value of a trade that
 * exits at the first touch or at the horizon.
 *
 * <p>The future follows dF = μ F dt + σ F dW: μ the annual drift, σ the annual volatility, time in
 * years, prices in index points. In log space x = ln F moves as a Brownian motion with drift ν = μ
 * − σ²/2 and volatility σ; the levels are a = ln L below and b = ln U above the start x0 = ln F, w
 * = b − a apart. With y0 = x0 − a the distance to the lower level:
 *
 * <ul>
 *   <li>P_U(∞) = (1 − e^{−2νy0/σ²}) / (1 − e^{−2νw/σ²}), or y0/w when ν = 0;
 *   <li>P_U(T) = P_U(∞) − Σ_{n≥1} C_n e^{−λ_n T} / λ_n, λ_n = ν²/(2σ²) + n²π²σ²/(2w²), C_n =
 *       (nπσ²/w²) (−1)^{n+1} sin(nπy0/w) e^{ν(w−y0)/σ²} (the killed density's flux at b);
 *   <li>equivalently, by the method of images, P_U(T) = Σ_{k∈ℤ} sgn(y_k) [e^{θ−ν|y_k|/σ²}
 *       Φ((−|y_k|+νT)/(σ√T)) + e^{θ+ν|y_k|/σ²} Φ((−|y_k|−νT)/(σ√T))], y_k = (w−y0) + 2kw, θ =
 *       ν(w−y0)/σ².
 * </ul>
 *
 * The first series converges fast for long horizons, the second for short ones; the class sums the
 * one that needs fewer terms (images when σ²T/w² &lt; 2/π). P_L is P_U of the mirrored process (−x:
 * drift −ν, start w − y0). The derivations are in docs/algorithms.md ("Barrier probabilities").
 *
 * <p>Expected exit level: E[F_{τ∧T}] = U·P_U + L·P_L + F e^{μT} Q(τ &gt; T), where τ is the first
 * exit and Q the survival probability with log drift μ + σ²/2 (the measure with density F_T/(F
 * e^{μT})). With μ = 0 the future is a martingale and every setup's expected value is 0.
 *
 * <p>Degenerate inputs: T &le; 0 touches nothing; σ = 0 moves F deterministically along F e^{μt}.
 */
public final class BarrierProbability {

  /** σ²T/w² below this sums the images, above it the eigenfunction series. */
  static final double IMAGES_BELOW = 2 / Math.PI;

  private static final int MAX_TERMS = 10_000;
  private static final double NEGLIGIBLE = 1e-18;

  private BarrierProbability() {}

  /**
   * The three outcomes of a barrier setup by the horizon.
   *
   * @param upperFirst probability that F touches the upper level first, within the horizon
   * @param lowerFirst probability that F touches the lower level first, within the horizon
   * @param neither probability that F touches neither by the horizon
   */
  public record Outcome(double upperFirst, double lowerFirst, double neither) {}

  /**
   * Probabilities of touching {@code upper} first, {@code lower} first, or neither within {@code
   * years}.
   *
   * @param forward the future now, index points, strictly between the levels
   * @param lower the lower level, index points (positive)
   * @param upper the upper level, index points
   * @param years horizon, years
   * @param vol annual volatility (σ, e.g. 0.2 for 20%)
   * @param drift annual drift μ of the future
   */
  public static Outcome outcome(
      double forward, double lower, double upper, double years, double vol, double drift) {
    check(forward, lower, upper, years, vol, drift);
    if (years <= 0) {
      return new Outcome(0, 0, 1);
    }
    if (vol == 0) {
      return deterministic(forward, lower, upper, years, drift);
    }
    double nu = drift - 0.5 * vol * vol;
    double below = belowDistance(forward, lower);
    double above = aboveDistance(forward, upper);
    double up = clamp(upperFirst(nu, vol, below, above, years));
    double down = clamp(upperFirst(-nu, vol, above, below, years));
    return new Outcome(up, down, Math.max(0.0, 1.0 - up - down));
  }

  /** Probability of touching {@code upper} before {@code lower} within {@code years}. */
  public static double upperFirst(
      double forward, double lower, double upper, double years, double vol, double drift) {
    return outcome(forward, lower, upper, years, vol, drift).upperFirst();
  }

  /** Probability of touching {@code lower} before {@code upper} within {@code years}. */
  public static double lowerFirst(
      double forward, double lower, double upper, double years, double vol, double drift) {
    return outcome(forward, lower, upper, years, vol, drift).lowerFirst();
  }

  /**
   * E[F_{τ∧T}] − F in index points: the expected value of a long position from {@code forward} that
   * exits at {@code upper} (target) or {@code lower} (stop), whichever F touches first, or at the
   * future's price at the horizon. Computed as (U − F) P_U + (L − F) P_L + F (e^{μT} Q(τ&gt;T) −
   * P(τ&gt;T)), which is the same quantity without the cancellation of F against itself.
   */
  public static double longExpectedValue(
      double forward, double lower, double upper, double years, double vol, double drift) {
    Outcome p = outcome(forward, lower, upper, years, vol, drift);
    if (years <= 0) {
      return 0.0;
    }
    double growth = Math.expm1(drift * years);
    if (vol == 0) {
      double end = p.neither() > 0 ? forward * growth : 0.0;
      return (upper - forward) * p.upperFirst() + (lower - forward) * p.lowerFirst() + end;
    }
    // Survival under Q (log drift μ + σ²/2) minus survival under P, as differences of exits.
    double nuQ = drift + 0.5 * vol * vol;
    double below = belowDistance(forward, lower);
    double above = aboveDistance(forward, upper);
    double exitQ =
        clamp(upperFirst(nuQ, vol, below, above, years))
            + clamp(upperFirst(-nuQ, vol, above, below, years));
    double survivalQ = Math.max(0.0, 1.0 - exitQ);
    double exitP = p.upperFirst() + p.lowerFirst();
    double stayed = forward * (growth * survivalQ + (exitP - exitQ));
    return (upper - forward) * p.upperFirst() + (lower - forward) * p.lowerFirst() + stayed;
  }

  /**
   * F − E[F_{τ∧T}] in index points: the expected value of a short position with its target at
   * {@code lower} and its stop at {@code upper}; the negative of {@link #longExpectedValue}.
   */
  public static double shortExpectedValue(
      double forward, double lower, double upper, double years, double vol, double drift) {
    return -longExpectedValue(forward, lower, upper, years, vol, drift);
  }

  /**
   * P_U(∞): probability of touching the upper level first with no horizon, for a Brownian motion
   * with drift {@code nu} and volatility {@code sigma} started {@code y0} above the lower level and
   * {@code above} below the upper one (w = y0 + above). The log-space methods below take the same
   * arguments and the horizon t in years.
   */
  static double upperFirstEventually(double nu, double sigma, double y0, double above) {
    double w = y0 + above;
    double k = 2 * nu / (sigma * sigma);
    if (k == 0) {
      return y0 / w;
    }
    if (k > 0) {
      return Math.expm1(-k * y0) / Math.expm1(-k * w);
    }
    // (e^{-k y0} - 1) / (e^{-k w} - 1) = e^{k (w - y0)} (1 - e^{k y0}) / (1 - e^{k w}): no
    // overflow.
    return Math.exp(k * above) * Math.expm1(k * y0) / Math.expm1(k * w);
  }

  /** P_U(T) in log space by whichever series converges faster. */
  static double upperFirst(double nu, double sigma, double y0, double above, double t) {
    double w = y0 + above;
    double scaled = sigma * sigma * t / (w * w);
    return scaled < IMAGES_BELOW
        ? upperFirstImages(nu, sigma, y0, above, t)
        : upperFirstEigen(nu, sigma, y0, above, t);
  }

  /** P_U(T) = P_U(∞) − Σ C_n e^{−λ_n T} / λ_n (see the class comment). */
  static double upperFirstEigen(double nu, double sigma, double y0, double above, double t) {
    double w = y0 + above;
    double s2 = sigma * sigma;
    double base = nu * nu / (2 * s2);
    double mode = Math.PI * Math.PI * s2 / (2 * w * w);
    double shift = nu * above / s2 - base * t;
    double sum = 0;
    double previous = Double.POSITIVE_INFINITY;
    for (int n = 1; n <= MAX_TERMS; n++) {
      double lambda = base + mode * n * n;
      double bound = Math.PI * n * s2 / (w * w) * Math.exp(shift - mode * n * n * t) / lambda;
      double sign = (n % 2 == 1) ? 1.0 : -1.0;
      sum += sign * Math.sin(n * Math.PI * y0 / w) * bound;
      if (bound < NEGLIGIBLE && bound < previous) {
        break;
      }
      previous = bound;
    }
    return upperFirstEventually(nu, sigma, y0, above) - sum;
  }

  /** P_U(T) by the method of images (see the class comment). */
  static double upperFirstImages(double nu, double sigma, double y0, double above, double t) {
    double w = y0 + above;
    double s2 = sigma * sigma;
    double sd = sigma * Math.sqrt(t);
    double theta = nu * above / s2;
    double sum = image(above, nu, s2, sd, t, theta);
    for (int k = 1; k <= MAX_TERMS; k++) {
      double farther = image(above + 2 * k * w, nu, s2, sd, t, theta);
      double reflected = image(above - 2 * k * w, nu, s2, sd, t, theta);
      sum += farther + reflected;
      if (Math.abs(farther) < NEGLIGIBLE && Math.abs(reflected) < NEGLIGIBLE) {
        break;
      }
    }
    return sum;
  }

  /** ln(F / L) without the cancellation of ln F − ln L. */
  private static double belowDistance(double forward, double lower) {
    return -Math.log1p((lower - forward) / forward);
  }

  /** ln(U / F) without the cancellation of ln U − ln F. */
  private static double aboveDistance(double forward, double upper) {
    return Math.log1p((upper - forward) / forward);
  }

  /** One image's first-passage probability by t, signed, with the drift's weight. */
  private static double image(double y, double nu, double s2, double sd, double t, double theta) {
    double d = Math.abs(y);
    double first = Math.exp(theta - nu * d / s2 + Gaussian.logCdf((-d + nu * t) / sd));
    double second = Math.exp(theta + nu * d / s2 + Gaussian.logCdf((-d - nu * t) / sd));
    return Math.signum(y) * (first + second);
  }

  private static Outcome deterministic(
      double forward, double lower, double upper, double years, double drift) {
    double reached = Math.log(forward) + drift * years;
    if (drift > 0 && reached >= Math.log(upper)) {
      return new Outcome(1, 0, 0);
    }
    if (drift < 0 && reached <= Math.log(lower)) {
      return new Outcome(0, 1, 0);
    }
    return new Outcome(0, 0, 1);
  }

  private static double clamp(double p) {
    return Math.min(1.0, Math.max(0.0, p));
  }

  private static void check(
      double forward, double lower, double upper, double years, double vol, double drift) {
    if (!(lower > 0 && lower < forward && forward < upper) || Double.isInfinite(upper)) {
      throw new IllegalArgumentException(
          "barrier levels must satisfy 0 < lower < forward < upper (finite), got lower="
              + lower
              + " forward="
              + forward
              + " upper="
              + upper);
    }
    if (!Double.isFinite(years)
        || !(vol >= 0)
        || Double.isInfinite(vol)
        || !Double.isFinite(drift)) {
      throw new IllegalArgumentException(
          "barrier horizon, volatility and drift must be finite and the volatility not negative,"
              + " got years="
              + years
              + " vol="
              + vol
              + " drift="
              + drift);
    }
  }
}
