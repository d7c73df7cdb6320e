package io.nqflow.flow;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the flow-detection job's algorithms are tuned by (DESIGN §6). Immutable; the runner
 * maps the YAML profile onto it. {@link #defaults()} holds the original system's figures.
 *
 * @param variant A/B variant name, part of signal ids and the sink's transactional id prefix
 * @param jobVersion version of the job build, written into every signal
 * @param window length of the detection window that volume, premium and delta are summed over
 * @param windowSlices the window is kept as this many equal slices (its time resolution)
 * @param bucket time-of-day bucket that baselines are kept per
 * @param sessionZone time zone of the trading session (CME Globex: America/Chicago)
 * @param sessionOpen session open in {@link #sessionZone}; a session runs 24 h from it (17:00 CT)
 * @param baselineSessions number of past sessions a baseline averages (20)
 * @param minHistorySessions below this many past sessions the session-to-date fallback is used
 * @param minBaselineContracts floor of the expected contracts per window (keeps thin strikes sane)
 * @param moderateRatio volume ratio for MODERATE confidence (4x)
 * @param highRatio volume ratio for HIGH confidence (10x)
 * @param veryHighRatio volume ratio for VERY_HIGH confidence (30x)
 * @param extremeRatio volume ratio for EXTREME confidence (50x)
 * @param minPremiumUsd minimum premium notional in the window, USD ($100k)
 * @param maxStrikeDistance maximum |strike - underlying| / underlying (0.02 = 2%)
 * @param immediateSignedDelta |signed contract delta| in the window that makes a signal IMMEDIATE
 *     (contracts x option delta x multiplier; 5,000)
 * @param minOneSidedShare IFD v1 signals only when the dominant aggressor side holds at least this
 *     share of the window's contracts (0.7): a volume spike of two-sided flow (market makers
 *     working inventory, a spread's two legs) has no direction to act on
 * @param fallbackVolatility annualized volatility used for delta when implied volatility cannot be
 *     solved from the trade price
 * @param cooldown after a signal, the same instrument and algorithm stay quiet this long in event
 *     time unless the confidence rises
 * @param pendingTimeout events of an instrument without a definition wait this long (wall-clock
 *     time; 10 s) before they are dead-lettered, holding back event time meanwhile
 * @param maxPendingEvents at most this many events wait per undefined instrument; more are
 *     dead-lettered at once
 * @param alignToWatermark detectors handle events in event-time order once the watermark passes
 *     them (deterministic, adds the watermark delay); false handles them on arrival (live latency)
 * @param retentionAfterExpiry an instrument's keyed state is removed this long (event time) after
 *     its expiration
 * @param stateTtl keyed state not written for this long (processing time) expires, for instruments
 *     whose definition has no expiration
 * @param v3 thresholds of IFD v3 MBO pressure
 * @param patternSettings thresholds of the institutional patterns
 * @param patterns detectors ({@code ifd_v1}, {@code ifd_v3}) and patterns ({@code sweep}, {@code
 *     ladder}, {@code iceberg}, {@code block}, {@code accumulation}) with their versions; only
 *     those listed and enabled run
 */
public record FlowDetectionSettings(
    String variant,
    String jobVersion,
    Duration window,
    int windowSlices,
    Duration bucket,
    ZoneId sessionZone,
    LocalTime sessionOpen,
    int baselineSessions,
    int minHistorySessions,
    double minBaselineContracts,
    double moderateRatio,
    double highRatio,
    double veryHighRatio,
    double extremeRatio,
    double minPremiumUsd,
    double maxStrikeDistance,
    double immediateSignedDelta,
    double minOneSidedShare,
    double fallbackVolatility,
    Duration cooldown,
    Duration pendingTimeout,
    int maxPendingEvents,
    boolean alignToWatermark,
    Duration retentionAfterExpiry,
    Duration stateTtl,
    MboPressureSettings v3,
    PatternSettings patternSettings,
    List<PatternSwitch> patterns)
    implements Serializable {

  /** Algorithm name of IFD v1 in signals. */
  public static final String IFD_V1 = "ifd_v1_volume_ratio";

  /** Version of the IFD v1 logic written into signals. */
  public static final String IFD_V1_VERSION = "1.0";

  /** Algorithm name of IFD v3 in signals. */
  public static final String IFD_V3 = "ifd_v3_mbo_pressure";

  /** Version of the IFD v3 logic written into signals. */
  public static final String IFD_V3_VERSION = "3.0";

  /** Version of a switched pattern; "1.0" when it is not listed. */
  public String patternVersion(String name) {
    return patterns.stream()
        .filter(p -> p.name().equals(name))
        .map(PatternSwitch::version)
        .findFirst()
        .orElse("1.0");
  }

  /**
   * One named institutional pattern, switched on or off, with the version of its logic.
   *
   * @param name pattern name, e.g. {@code sweep}
   * @param version version of its logic, written into signals
   * @param enabled whether it runs
   */
  public record PatternSwitch(String name, String version, boolean enabled)
      implements Serializable {}

  /** Validates every field and reports all violations at once. */
  public FlowDetectionSettings {
    List<String> errors = new ArrayList<>();
    if (variant == null || variant.isBlank()) {
      errors.add("variant must be set");
    }
    if (jobVersion == null || jobVersion.isBlank()) {
      errors.add("jobVersion must be set");
    }
    positive(errors, "window", window);
    positive(errors, "bucket", bucket);
    positive(errors, "cooldown", cooldown);
    positive(errors, "pendingTimeout", pendingTimeout);
    positive(errors, "retentionAfterExpiry", retentionAfterExpiry);
    positive(errors, "stateTtl", stateTtl);
    if (windowSlices < 1) {
      errors.add("windowSlices must be >= 1, got " + windowSlices);
    }
    if (window != null && windowSlices >= 1 && window.toNanos() % windowSlices != 0) {
      errors.add("window " + window + " must divide into " + windowSlices + " whole-ns slices");
    }
    if (bucket != null
        && !bucket.isZero()
        && Duration.ofDays(1).toNanos() % bucket.toNanos() != 0) {
      errors.add("bucket " + bucket + " must divide a day");
    }
    if (sessionZone == null) {
      errors.add("sessionZone must be set");
    }
    if (sessionOpen == null) {
      errors.add("sessionOpen must be set");
    }
    if (baselineSessions < 1) {
      errors.add("baselineSessions must be >= 1, got " + baselineSessions);
    }
    if (minHistorySessions < 1 || minHistorySessions > baselineSessions) {
      errors.add("minHistorySessions must be in [1, baselineSessions], got " + minHistorySessions);
    }
    if (!(minBaselineContracts > 0)) {
      errors.add("minBaselineContracts must be > 0, got " + minBaselineContracts);
    }
    if (!(moderateRatio > 1
        && highRatio > moderateRatio
        && veryHighRatio > highRatio
        && extremeRatio > veryHighRatio)) {
      errors.add(
          "ratios must rise strictly above 1: moderate "
              + moderateRatio
              + ", high "
              + highRatio
              + ", very high "
              + veryHighRatio
              + ", extreme "
              + extremeRatio);
    }
    if (minPremiumUsd < 0) {
      errors.add("minPremiumUsd must be >= 0, got " + minPremiumUsd);
    }
    if (!(maxStrikeDistance > 0)) {
      errors.add("maxStrikeDistance must be > 0, got " + maxStrikeDistance);
    }
    if (!(minOneSidedShare >= 0.5 && minOneSidedShare <= 1)) {
      errors.add("minOneSidedShare must be in [0.5, 1], got " + minOneSidedShare);
    }
    if (!(immediateSignedDelta > 0)) {
      errors.add("immediateSignedDelta must be > 0, got " + immediateSignedDelta);
    }
    if (!(fallbackVolatility > 0)) {
      errors.add("fallbackVolatility must be > 0, got " + fallbackVolatility);
    }
    if (maxPendingEvents < 0) {
      errors.add("maxPendingEvents must be >= 0, got " + maxPendingEvents);
    }
    if (v3 == null) {
      errors.add("v3 must be set");
    }
    if (patternSettings == null) {
      errors.add("patternSettings must be set");
    }
    if (patterns == null) {
      errors.add("patterns must be set (may be empty)");
    } else {
      patterns = List.copyOf(patterns);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid flow-detection settings: " + String.join("; ", errors));
    }
  }

  private static void positive(List<String> errors, String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      errors.add(name + " must be a positive duration, got " + d);
    }
  }

  /** The original system's figures (DESIGN §6) for the given variant. */
  public static FlowDetectionSettings defaults() {
    return new FlowDetectionSettings(
        "baseline",
        "0.1.0-SNAPSHOT",
        Duration.ofSeconds(60),
        12,
        Duration.ofMinutes(30),
        ZoneId.of("America/Chicago"),
        LocalTime.of(17, 0),
        20,
        3,
        10.0,
        4.0,
        10.0,
        30.0,
        50.0,
        100_000.0,
        0.02,
        5_000.0,
        0.7,
        0.20,
        Duration.ofMinutes(5),
        Duration.ofSeconds(10),
        10_000,
        true,
        Duration.ofHours(1),
        Duration.ofDays(30),
        MboPressureSettings.defaults(),
        PatternSettings.defaults(),
        List.of(
            new PatternSwitch("ifd_v1", IFD_V1_VERSION, true),
            new PatternSwitch("ifd_v3", IFD_V3_VERSION, true),
            new PatternSwitch("sweep", "1.0", true),
            new PatternSwitch("ladder", "1.0", true),
            new PatternSwitch("iceberg", "1.0", true),
            new PatternSwitch("block", "1.0", true),
            new PatternSwitch("accumulation", "1.0", true)));
  }

  /** Whether the named detector or pattern is listed and switched on. */
  public boolean enabled(String name) {
    return patterns.stream().anyMatch(p -> p.name().equals(name) && p.enabled());
  }

  public FlowDetectionSettings withVariant(String v) {
    return toBuilder().variant(v).build();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.variant = variant;
    b.jobVersion = jobVersion;
    b.window = window;
    b.windowSlices = windowSlices;
    b.bucket = bucket;
    b.sessionZone = sessionZone;
    b.sessionOpen = sessionOpen;
    b.baselineSessions = baselineSessions;
    b.minHistorySessions = minHistorySessions;
    b.minBaselineContracts = minBaselineContracts;
    b.moderateRatio = moderateRatio;
    b.highRatio = highRatio;
    b.veryHighRatio = veryHighRatio;
    b.extremeRatio = extremeRatio;
    b.minPremiumUsd = minPremiumUsd;
    b.maxStrikeDistance = maxStrikeDistance;
    b.immediateSignedDelta = immediateSignedDelta;
    b.minOneSidedShare = minOneSidedShare;
    b.fallbackVolatility = fallbackVolatility;
    b.cooldown = cooldown;
    b.pendingTimeout = pendingTimeout;
    b.maxPendingEvents = maxPendingEvents;
    b.alignToWatermark = alignToWatermark;
    b.retentionAfterExpiry = retentionAfterExpiry;
    b.stateTtl = stateTtl;
    b.v3 = v3;
    b.patternSettings = patternSettings;
    b.patterns = patterns;
    return b;
  }

  /** Changes a few fields of existing settings (tests, profile mapping). */
  public static final class Builder {
    private String variant;
    private String jobVersion;
    private Duration window;
    private int windowSlices;
    private Duration bucket;
    private ZoneId sessionZone;
    private LocalTime sessionOpen;
    private int baselineSessions;
    private int minHistorySessions;
    private double minBaselineContracts;
    private double moderateRatio;
    private double highRatio;
    private double veryHighRatio;
    private double extremeRatio;
    private double minPremiumUsd;
    private double maxStrikeDistance;
    private double immediateSignedDelta;
    private double minOneSidedShare;
    private double fallbackVolatility;
    private Duration cooldown;
    private Duration pendingTimeout;
    private int maxPendingEvents;
    private boolean alignToWatermark;
    private Duration retentionAfterExpiry;
    private Duration stateTtl;
    private MboPressureSettings v3;
    private PatternSettings patternSettings;
    private List<PatternSwitch> patterns;

    private Builder() {}

    public Builder variant(String value) {
      this.variant = value;
      return this;
    }

    public Builder jobVersion(String value) {
      this.jobVersion = value;
      return this;
    }

    public Builder window(Duration value) {
      this.window = value;
      return this;
    }

    public Builder windowSlices(int value) {
      this.windowSlices = value;
      return this;
    }

    public Builder bucket(Duration value) {
      this.bucket = value;
      return this;
    }

    public Builder sessionZone(ZoneId value) {
      this.sessionZone = value;
      return this;
    }

    public Builder sessionOpen(LocalTime value) {
      this.sessionOpen = value;
      return this;
    }

    public Builder baselineSessions(int value) {
      this.baselineSessions = value;
      return this;
    }

    public Builder minHistorySessions(int value) {
      this.minHistorySessions = value;
      return this;
    }

    public Builder minBaselineContracts(double value) {
      this.minBaselineContracts = value;
      return this;
    }

    public Builder moderateRatio(double value) {
      this.moderateRatio = value;
      return this;
    }

    public Builder highRatio(double value) {
      this.highRatio = value;
      return this;
    }

    public Builder veryHighRatio(double value) {
      this.veryHighRatio = value;
      return this;
    }

    public Builder extremeRatio(double value) {
      this.extremeRatio = value;
      return this;
    }

    public Builder minPremiumUsd(double value) {
      this.minPremiumUsd = value;
      return this;
    }

    public Builder maxStrikeDistance(double value) {
      this.maxStrikeDistance = value;
      return this;
    }

    public Builder minOneSidedShare(double value) {
      this.minOneSidedShare = value;
      return this;
    }

    public Builder immediateSignedDelta(double value) {
      this.immediateSignedDelta = value;
      return this;
    }

    public Builder fallbackVolatility(double value) {
      this.fallbackVolatility = value;
      return this;
    }

    public Builder cooldown(Duration value) {
      this.cooldown = value;
      return this;
    }

    public Builder pendingTimeout(Duration value) {
      this.pendingTimeout = value;
      return this;
    }

    public Builder maxPendingEvents(int value) {
      this.maxPendingEvents = value;
      return this;
    }

    public Builder alignToWatermark(boolean value) {
      this.alignToWatermark = value;
      return this;
    }

    public Builder retentionAfterExpiry(Duration value) {
      this.retentionAfterExpiry = value;
      return this;
    }

    public Builder stateTtl(Duration value) {
      this.stateTtl = value;
      return this;
    }

    public Builder v3(MboPressureSettings value) {
      this.v3 = value;
      return this;
    }

    public Builder patternSettings(PatternSettings value) {
      this.patternSettings = value;
      return this;
    }

    public Builder patterns(List<PatternSwitch> value) {
      this.patterns = value;
      return this;
    }

    public FlowDetectionSettings build() {
      return new FlowDetectionSettings(
          variant,
          jobVersion,
          window,
          windowSlices,
          bucket,
          sessionZone,
          sessionOpen,
          baselineSessions,
          minHistorySessions,
          minBaselineContracts,
          moderateRatio,
          highRatio,
          veryHighRatio,
          extremeRatio,
          minPremiumUsd,
          maxStrikeDistance,
          immediateSignedDelta,
          minOneSidedShare,
          fallbackVolatility,
          cooldown,
          pendingTimeout,
          maxPendingEvents,
          alignToWatermark,
          retentionAfterExpiry,
          stateTtl,
          v3,
          patternSettings,
          patterns);
    }
  }

  /** Nanoseconds per window slice. */
  public long sliceNanos() {
    return window.toNanos() / windowSlices;
  }
}
