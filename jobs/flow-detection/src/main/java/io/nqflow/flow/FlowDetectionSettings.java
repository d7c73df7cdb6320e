package io.nqflow.flow;

import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.Doc;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.NqflowConfig;
import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the flow-detection job's algorithms are tuned by: the {@code detection:} section of a
 * profile. Immutable; each component declares its profile key, unit and description ({@link Doc}),
 * and {@link #defaults()} holds the original system's figures. docs/configuration.md lists them.
 */
public record FlowDetectionSettings(
    @Key("/variant") String variant,
    @Doc("Version of the detection job, written into every signal") String jobVersion,
    @Doc(
            value =
                "Detection window that volume, premium and signed delta are summed over (IFD v1"
                    + " and v3)",
            unit = "duration")
        Duration window,
    @Doc("The window is kept as this many equal slices (its time resolution)") int windowSlices,
    @Key("baseline.bucket")
        @Doc(value = "Time-of-day bucket that baselines are kept per", unit = "duration")
        Duration bucket,
    @Key("session.zone") @Doc("Time zone of the trading session (CME Globex: America/Chicago)")
        ZoneId sessionZone,
    @Key("session.open")
        @Doc("Session open in session.zone; a session runs 24 h from it (17:00 CT)")
        LocalTime sessionOpen,
    @Key("baseline.sessions") @Doc(value = "Past sessions a baseline averages", unit = "sessions")
        int baselineSessions,
    @Key("baseline.min_history_sessions")
        @Doc(
            value = "Below this many past sessions the session-to-date fallback is used",
            unit = "sessions")
        int minHistorySessions,
    @Key("volume_ratio.min_baseline_volume")
        @Doc(
            value = "Floor of the expected contracts per window (keeps thin strikes sane)",
            unit = "contracts")
        double minBaselineContracts,
    @Key("volume_ratio.moderate")
        @Doc(value = "Volume ratio vs baseline for MODERATE confidence", unit = "x baseline")
        double moderateRatio,
    @Key("volume_ratio.high") @Doc(value = "Volume ratio for HIGH confidence", unit = "x baseline")
        double highRatio,
    @Key("volume_ratio.very_high")
        @Doc(value = "Volume ratio for VERY_HIGH confidence", unit = "x baseline")
        double veryHighRatio,
    @Key("volume_ratio.extreme")
        @Doc(value = "Volume ratio for EXTREME confidence", unit = "x baseline")
        double extremeRatio,
    @Key("volume_ratio.min_premium_usd")
        @Doc(value = "Minimum premium notional in the window", unit = "USD")
        double minPremiumUsd,
    @Key("volume_ratio.max_strike_distance")
        @Doc(value = "Maximum |strike - underlying| / underlying (0.02 = 2%)", unit = "fraction")
        double maxStrikeDistance,
    @Key("volume_ratio.immediate_signed_delta")
        @Doc(
            value =
                "|Signed contract delta| in the window (contracts x option delta) that makes a"
                    + " signal IMMEDIATE",
            unit = "delta contracts")
        double immediateSignedDelta,
    @Key("volume_ratio.min_one_sided_share")
        @Doc(
            value =
                "IFD v1 signals only when the dominant aggressor side holds at least this share of"
                    + " the window's contracts: two-sided flow has no direction to act on",
            unit = "fraction")
        double minOneSidedShare,
    @Key("volume_ratio.max_print_share")
        @Doc(
            value =
                "IFD v1 leaves a spike to the sweep and block patterns when the window's largest"
                    + " aggressive order (its trades at one ts_event: a sweep's levels are one"
                    + " order) holds more than this share of its contracts: one print's"
                    + " shape (levels, follow-through) tells an institution from a closing trade,"
                    + " a hedge or a spread leg, its volume does not",
            unit = "fraction")
        double maxPrintShare,
    @Key("volume_ratio.min_trigger_premium_usd")
        @Doc(
            value =
                "Premium of the trade that makes an IFD v1 spike, at least: many one-lot trades"
                    + " (retail at a round strike) are no institutional flow",
            unit = "USD")
        double minTriggerPremiumUsd,
    @Key("volume_ratio.fallback_volatility")
        @Doc(
            value =
                "Annualized volatility used for delta when implied volatility cannot be solved"
                    + " from the trade price",
            unit = "fraction per year")
        double fallbackVolatility,
    @Doc(
            value =
                "After a signal, the same instrument and algorithm stay quiet this long in event"
                    + " time unless the confidence rises",
            unit = "duration")
        Duration cooldown,
    @Doc(
            value =
                "Events of an instrument without a definition wait this long (wall-clock) before"
                    + " they are dead-lettered",
            unit = "duration")
        Duration pendingTimeout,
    @Doc(
            value =
                "At most this many events wait per undefined instrument; more are dead-lettered at"
                    + " once",
            unit = "events")
        int maxPendingEvents,
    @Doc(
            "Detectors handle events in event-time order once the watermark passes them"
                + " (deterministic, adds the watermark delay); false handles them on arrival")
        boolean alignToWatermark,
    @Doc(
            value =
                "An instrument's keyed state is removed this long (event time) after its"
                    + " expiration",
            unit = "duration")
        Duration retentionAfterExpiry,
    @Doc(
            value =
                "Keyed state not written for this long (processing time) expires, for instruments"
                    + " whose definition has no expiration",
            unit = "duration")
        Duration stateTtl,
    @Key("volume_ratio.enabled") @Doc("Whether IFD v1 (volume ratio) runs")
        boolean volumeRatioEnabled,
    @Key("mbo_pressure") MboPressureSettings v3,
    @Key("patterns") PatternSettings patternSettings,
    @Key("confirmation") ConfirmationSettings confirmation)
    implements Serializable {

  /** The {@code detection:} section of a profile. */
  public static final ConfigSection<FlowDetectionSettings> SECTION =
      ConfigSection.of("detection", FlowDetectionSettings.class, FlowDetectionSettings::defaults);

  /** Algorithm name of IFD v1 in signals. */
  public static final String IFD_V1 = "ifd_v1_volume_ratio";

  /** Version of the IFD v1 logic written into signals. */
  public static final String IFD_V1_VERSION = "1.0";

  /** Algorithm name of IFD v3 in signals. */
  public static final String IFD_V3 = "ifd_v3_mbo_pressure";

  /** Version of the IFD v3 logic written into signals. */
  public static final String IFD_V3_VERSION = "3.0";

  /** Version of a detector's or pattern's logic, as written into its signals. */
  public String patternVersion(String name) {
    return switch (name) {
      case "ifd_v1" -> IFD_V1_VERSION;
      case "ifd_v3" -> IFD_V3_VERSION;
      default -> Integer.toString(patternSettings.version(name));
    };
  }

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
    if (!(maxPrintShare > 0 && maxPrintShare <= 1)) {
      errors.add("maxPrintShare must be in (0, 1], got " + maxPrintShare);
    }
    if (!(minTriggerPremiumUsd >= 0)) {
      errors.add("minTriggerPremiumUsd must be >= 0, got " + minTriggerPremiumUsd);
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
    if (confirmation == null) {
      errors.add("confirmation must be set");
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

  /** The original system's figures (docs/design.md §6); every profile starts from these. */
  public static FlowDetectionSettings defaults() {
    return new FlowDetectionSettings(
        NqflowConfig.defaults().variant(),
        "1",
        Duration.ofMinutes(5),
        12,
        Duration.ofMinutes(5),
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
        0.5,
        10_000.0,
        0.20,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        10_000,
        true,
        Duration.ofHours(1),
        Duration.ofDays(30),
        true,
        MboPressureSettings.defaults(),
        PatternSettings.defaults(),
        ConfirmationSettings.defaults());
  }

  /** Whether the named detector or pattern is listed and switched on. */
  public boolean enabled(String name) {
    return switch (name) {
      case "ifd_v1" -> volumeRatioEnabled;
      case "ifd_v3" -> v3.enabled();
      default -> patternSettings.enabled(name);
    };
  }

  /** The names of the detectors and patterns that run. */
  public java.util.List<String> enabledNames() {
    return java.util.stream.Stream.of(
            "ifd_v1", "ifd_v3", "sweep", "ladder", "iceberg", "block", "accumulation")
        .filter(this::enabled)
        .toList();
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
    b.maxPrintShare = maxPrintShare;
    b.minTriggerPremiumUsd = minTriggerPremiumUsd;
    b.fallbackVolatility = fallbackVolatility;
    b.cooldown = cooldown;
    b.pendingTimeout = pendingTimeout;
    b.maxPendingEvents = maxPendingEvents;
    b.alignToWatermark = alignToWatermark;
    b.retentionAfterExpiry = retentionAfterExpiry;
    b.stateTtl = stateTtl;
    b.volumeRatioEnabled = volumeRatioEnabled;
    b.v3 = v3;
    b.patternSettings = patternSettings;
    b.confirmation = confirmation;
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
    private double maxPrintShare;
    private double minTriggerPremiumUsd;
    private double fallbackVolatility;
    private Duration cooldown;
    private Duration pendingTimeout;
    private int maxPendingEvents;
    private boolean alignToWatermark;
    private Duration retentionAfterExpiry;
    private Duration stateTtl;
    private boolean volumeRatioEnabled;
    private MboPressureSettings v3;
    private PatternSettings patternSettings;
    private ConfirmationSettings confirmation;

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

    public Builder maxPrintShare(double value) {
      this.maxPrintShare = value;
      return this;
    }

    public Builder minTriggerPremiumUsd(double value) {
      this.minTriggerPremiumUsd = value;
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

    public Builder confirmation(ConfirmationSettings value) {
      this.confirmation = value;
      return this;
    }

    /** Switches a detector ({@code ifd_v1}, {@code ifd_v3}) or pattern on or off by name. */
    public Builder enable(String name, boolean on) {
      switch (name) {
        case "ifd_v1" -> volumeRatioEnabled = on;
        case "ifd_v3" -> v3 = v3.withEnabled(on);
        default -> patternSettings = patternSettings.withEnabled(name, on);
      }
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
          maxPrintShare,
          minTriggerPremiumUsd,
          fallbackVolatility,
          cooldown,
          pendingTimeout,
          maxPendingEvents,
          alignToWatermark,
          retentionAfterExpiry,
          stateTtl,
          volumeRatioEnabled,
          v3,
          patternSettings,
          confirmation);
    }
  }

  /** Nanoseconds per window slice. */
  public long sliceNanos() {
    return window.toNanos() / windowSlices;
  }
}
