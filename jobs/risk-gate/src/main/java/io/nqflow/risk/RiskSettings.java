package io.nqflow.risk;

import io.nqflow.common.v1.Confidence;
import io.nqflow.core.config.BudgetConfig;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.ControlConfig;
import io.nqflow.core.config.Doc;
import io.nqflow.core.config.Key;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.Secret;
import io.nqflow.core.security.ControlGuard;
import io.nqflow.core.security.IntentSigner;
import io.nqflow.core.security.RecordSigner;
import io.nqflow.ops.v1.ControlCommand;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every limit of the risk-and-budget gate: the {@code risk:} section of a profile (docs/risk.md).
 * Immutable; each component declares its profile key, unit and description ({@link Doc}); a broken
 * combination fails at construction with every problem listed at once.
 */
public record RiskSettings(
    @Key("/variant") String variant,
    @Doc("Trading account the gate approves orders for and whose exec.events it follows")
        String account,
    @Doc("Lowest signal confidence that may trade (MODERATE, HIGH, VERY_HIGH, EXTREME)")
        Confidence minConfidence,
    @Doc(value = "Contracts per entry order before limits cut it", unit = "contracts")
        int orderQuantity,
    @Doc(value = "Contracts per instrument, open plus pending, after the order", unit = "contracts")
        int maxContractsPerPosition,
    @Key("max_total_position")
        @Doc(
            value = "Contracts over all instruments, open plus pending, after the order",
            unit = "contracts")
        int maxTotalContracts,
    @Doc(
            value =
                "Realized plus unrealized loss of the CME trading day that halts trading; an entry"
                    + " whose stop-out would pass it is rejected too",
            unit = "USD")
        double maxDailyLossUsd,
    @Doc(value = "Dollars to the stops over open, pending and the new order", unit = "USD")
        double maxTotalRiskUsd,
    @Doc(
            value = "Approved orders (entries and exits) in any 60 s of signal event time",
            unit = "orders")
        int maxOrdersPerMinute,
    @Key("/budget.daily_usd") double dailyDataBudgetUsd,
    @Key("/budget.monthly_usd") double monthlyDataBudgetUsd,
    @Doc(
            value = "Data spend of the budget day divided by the signals decided that day",
            unit = "USD")
        double maxCostPerSignalUsd,
    @Doc(
            value = "Stop-loss below the entry as a fraction of the premium (0.5 = 50%)",
            unit = "fraction")
        double stopLossFraction,
    @Doc(value = "Profit target above the entry as a fraction of the premium", unit = "fraction")
        double profitTargetFraction,
    @Doc(
            value =
                "How far above the signal's price a buy limit may be set, so an entry that follows"
                    + " aggressive flow stays marketable; exits are limited at the price",
            unit = "fraction")
        double entrySlippageFraction,
    @Doc(
            value = "Lowest (target - entry) / (entry - stop) after rounding to the tick grid",
            unit = "ratio")
        double minRiskReward,
    @Doc(
            value = "Shortest time from the signal to the option's expiration for an entry",
            unit = "duration")
        Duration minTimeToExpiry,
    @Doc("Reject signals outside CME Globex hours for NQ options") boolean enforceTradingHours,
    @Doc(value = "Shortest event-time gap between two entries on one instrument", unit = "duration")
        Duration cooldown,
    @Doc(
            value = "How long a signal id, fill execution id and cost id are remembered",
            unit = "duration")
        Duration dedupeTtl,
    @Doc(value = "USD per index point per contract for NQ options", unit = "USD per point")
        double nqMultiplierUsd,
    @Doc(value = "USD per index point per contract for MNQ (micro) options", unit = "USD per point")
        double mnqMultiplierUsd,
    @Key("opportunities") OpportunitySettings opportunities,
    @Doc(
            "Key that signs every approved intent (HMAC-SHA256; ${ENV} or ${file:...} only; at"
                + " least 16 characters); unset: intents go out unsigned")
        Secret signingKey,
    @Doc("Id written into each signed intent's key_id") String signingKeyId,
    @Key("/control") ControlConfig control,
    @Doc(
            "Where an NQ option's flow is executed: SAME (the signal's own option) or MICRO (the"
                + " MNQ option of the same expiration date and right at the nearest listed strike,"
                + " $2 a point, priced from its own md.events book; no such option rejects the"
                + " signal with rule execute_in)")
        ExecuteIn executeIn,
    @Key("validation") ValidationSettings validation)
    implements Serializable {

  /** The {@code risk:} section of a profile. */
  public static final ConfigSection<RiskSettings> SECTION =
      ConfigSection.of("risk", RiskSettings.class, RiskSettings::defaults);

  public RiskSettings {
    List<String> errors = new ArrayList<>();
    signingKey = signingKey == null ? Secret.absent() : signingKey;
    signingKeyId = signingKeyId == null ? "default" : signingKeyId;
    control = control == null ? ControlConfig.defaults() : control;
    validation = validation == null ? ValidationSettings.defaults() : validation;
    if (executeIn == null) {
      errors.add("execute_in must be SAME or MICRO");
    }
    if (signingKey.isPresent() && signingKey.reveal().length() < IntentSigner.MIN_KEY_LENGTH) {
      errors.add("signing_key must have at least " + IntentSigner.MIN_KEY_LENGTH + " characters");
    }
    if (signingKeyId.isBlank()) {
      errors.add("signing_key_id must not be blank");
    }
    if (variant == null || variant.isBlank()) {
      errors.add("variant must not be blank");
    }
    if (account == null || account.isBlank()) {
      errors.add("account must not be blank");
    }
    if (minConfidence == null) {
      errors.add("min_confidence must be set");
    }
    positive(errors, "order_quantity", orderQuantity);
    positive(errors, "max_contracts_per_position", maxContractsPerPosition);
    positive(errors, "max_total_position", maxTotalContracts);
    if (maxTotalContracts < maxContractsPerPosition) {
      errors.add(
          "max_total_position ("
              + maxTotalContracts
              + ") must be at least max_contracts_per_position ("
              + maxContractsPerPosition
              + ")");
    }
    positive(errors, "max_daily_loss_usd", maxDailyLossUsd);
    positive(errors, "max_total_risk_usd", maxTotalRiskUsd);
    positive(errors, "max_orders_per_minute", maxOrdersPerMinute);
    positive(errors, "budget.daily_usd", dailyDataBudgetUsd);
    positive(errors, "budget.monthly_usd", monthlyDataBudgetUsd);
    positive(errors, "max_cost_per_signal_usd", maxCostPerSignalUsd);
    if (!(stopLossFraction > 0 && stopLossFraction < 1)) {
      errors.add("stop_loss_fraction must be in (0, 1), got " + stopLossFraction);
    }
    positive(errors, "profit_target_fraction", profitTargetFraction);
    if (!(entrySlippageFraction >= 0 && entrySlippageFraction < 1)) {
      errors.add("entry_slippage_fraction must be in [0, 1), got " + entrySlippageFraction);
    }
    positive(errors, "min_risk_reward", minRiskReward);
    nonNegative(errors, "min_time_to_expiry", minTimeToExpiry);
    nonNegative(errors, "cooldown", cooldown);
    if (dedupeTtl == null || dedupeTtl.isZero() || dedupeTtl.isNegative()) {
      errors.add("dedupe_ttl must be positive, got " + dedupeTtl);
    }
    positive(errors, "nq_multiplier_usd", nqMultiplierUsd);
    positive(errors, "mnq_multiplier_usd", mnqMultiplierUsd);
    if (opportunities == null) {
      errors.add("opportunities must be set");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid risk settings: " + String.join("; ", errors));
    }
  }

  /**
   * The original system's limits (docs/design.md §6) for the paper account; every profile starts
   * from these.
   */
  public static RiskSettings defaults() {
    return new RiskSettings(
        NqflowConfig.defaults().variant(),
        "paper",
        Confidence.HIGH,
        1,
        1,
        2,
        50.0,
        200.0,
        10,
        BudgetConfig.defaults().dailyUsd(),
        BudgetConfig.defaults().monthlyUsd(),
        5.0,
        0.50,
        1.00,
        0.02,
        1.5,
        Duration.ofHours(2),
        true,
        Duration.ofSeconds(60),
        Duration.ofDays(1),
        20.0,
        2.0,
        OpportunitySettings.defaults(),
        Secret.absent(),
        "default",
        ControlConfig.defaults(),
        ExecuteIn.SAME,
        ValidationSettings.defaults());
  }

  /** The signer of approved intents, or null when no signing key is configured. */
  public IntentSigner intentSigner() {
    return signingKey.isPresent() ? new IntentSigner(signingKey.reveal(), signingKeyId) : null;
  }

  /**
   * The signer of the gate's own control commands (its automatic HALT) with the intent signing key,
   * or null when no signing key is configured.
   */
  public RecordSigner<ControlCommand> controlSigner() {
    return signingKey.isPresent()
        ? new RecordSigner<>(ControlCommand.class, signingKey.reveal(), signingKeyId)
        : null;
  }

  /**
   * The guard of ops.control commands: the operator keys of {@code control:}, and the gate's own
   * key for the automatic HALT of another variant's gate.
   *
   * @throws IllegalStateException when an operator key's secret had no value at load time (the
   *     message names the variable) or the keys contradict each other
   */
  public ControlGuard controlGuard() {
    try {
      return ControlGuard.of(
          control, signingKey.isPresent() ? signingKey.reveal() : null, signingKeyId);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** A copy that checks control commands as {@code value} says. */
  public RiskSettings withControl(ControlConfig value) {
    return new Builder(this).control(value).build();
  }

  /** A copy that signs intents with {@code key} named {@code keyId} (a local run's own key). */
  public RiskSettings withSigningKey(String key, String keyId) {
    return new Builder(this).signingKey(Secret.of(key), keyId).build();
  }

  public RiskSettings withVariant(String v) {
    return new Builder(this).variant(v).build();
  }

  public RiskSettings withAccount(String a) {
    return new Builder(this).account(a).build();
  }

  /** A builder that starts from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void positive(List<String> errors, String key, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      errors.add(key + " must be a positive number, got " + v);
    }
  }

  private static void nonNegative(List<String> errors, String key, Duration d) {
    if (d == null || d.isNegative()) {
      errors.add(key + " must be zero or positive, got " + d);
    }
  }

  /** Changes a few settings of a copy; {@link #build()} validates them all. */
  public static final class Builder {
    private String variant;
    private String account;
    private Confidence minConfidence;
    private int orderQuantity;
    private int maxContractsPerPosition;
    private int maxTotalContracts;
    private double maxDailyLossUsd;
    private double maxTotalRiskUsd;
    private int maxOrdersPerMinute;
    private double dailyDataBudgetUsd;
    private double monthlyDataBudgetUsd;
    private double maxCostPerSignalUsd;
    private double stopLossFraction;
    private double profitTargetFraction;
    private double entrySlippageFraction;
    private double minRiskReward;
    private Duration minTimeToExpiry;
    private boolean enforceTradingHours;
    private Duration cooldown;
    private Duration dedupeTtl;
    private double nqMultiplierUsd;
    private double mnqMultiplierUsd;
    private OpportunitySettings opportunities;
    private Secret signingKey;
    private String signingKeyId;
    private ControlConfig control;
    private ValidationSettings validation;
    private ExecuteIn executeIn;

    private Builder(RiskSettings s) {
      variant = s.variant;
      account = s.account;
      minConfidence = s.minConfidence;
      orderQuantity = s.orderQuantity;
      maxContractsPerPosition = s.maxContractsPerPosition;
      maxTotalContracts = s.maxTotalContracts;
      maxDailyLossUsd = s.maxDailyLossUsd;
      maxTotalRiskUsd = s.maxTotalRiskUsd;
      maxOrdersPerMinute = s.maxOrdersPerMinute;
      dailyDataBudgetUsd = s.dailyDataBudgetUsd;
      monthlyDataBudgetUsd = s.monthlyDataBudgetUsd;
      maxCostPerSignalUsd = s.maxCostPerSignalUsd;
      stopLossFraction = s.stopLossFraction;
      profitTargetFraction = s.profitTargetFraction;
      entrySlippageFraction = s.entrySlippageFraction;
      minRiskReward = s.minRiskReward;
      minTimeToExpiry = s.minTimeToExpiry;
      enforceTradingHours = s.enforceTradingHours;
      cooldown = s.cooldown;
      dedupeTtl = s.dedupeTtl;
      nqMultiplierUsd = s.nqMultiplierUsd;
      mnqMultiplierUsd = s.mnqMultiplierUsd;
      opportunities = s.opportunities;
      signingKey = s.signingKey;
      signingKeyId = s.signingKeyId;
      control = s.control;
      validation = s.validation;
      executeIn = s.executeIn;
    }

    public Builder variant(String v) {
      variant = v;
      return this;
    }

    public Builder account(String v) {
      account = v;
      return this;
    }

    public Builder minConfidence(Confidence v) {
      minConfidence = v;
      return this;
    }

    public Builder orderQuantity(int v) {
      orderQuantity = v;
      return this;
    }

    public Builder maxContractsPerPosition(int v) {
      maxContractsPerPosition = v;
      return this;
    }

    public Builder maxTotalContracts(int v) {
      maxTotalContracts = v;
      return this;
    }

    public Builder maxDailyLossUsd(double v) {
      maxDailyLossUsd = v;
      return this;
    }

    public Builder maxTotalRiskUsd(double v) {
      maxTotalRiskUsd = v;
      return this;
    }

    public Builder maxOrdersPerMinute(int v) {
      maxOrdersPerMinute = v;
      return this;
    }

    public Builder dailyDataBudgetUsd(double v) {
      dailyDataBudgetUsd = v;
      return this;
    }

    public Builder monthlyDataBudgetUsd(double v) {
      monthlyDataBudgetUsd = v;
      return this;
    }

    public Builder maxCostPerSignalUsd(double v) {
      maxCostPerSignalUsd = v;
      return this;
    }

    public Builder stopLossFraction(double v) {
      stopLossFraction = v;
      return this;
    }

    public Builder entrySlippageFraction(double v) {
      entrySlippageFraction = v;
      return this;
    }

    public Builder profitTargetFraction(double v) {
      profitTargetFraction = v;
      return this;
    }

    public Builder minRiskReward(double v) {
      minRiskReward = v;
      return this;
    }

    public Builder minTimeToExpiry(Duration v) {
      minTimeToExpiry = v;
      return this;
    }

    public Builder enforceTradingHours(boolean v) {
      enforceTradingHours = v;
      return this;
    }

    public Builder cooldown(Duration v) {
      cooldown = v;
      return this;
    }

    public Builder dedupeTtl(Duration v) {
      dedupeTtl = v;
      return this;
    }

    public Builder nqMultiplierUsd(double v) {
      nqMultiplierUsd = v;
      return this;
    }

    public Builder mnqMultiplierUsd(double v) {
      mnqMultiplierUsd = v;
      return this;
    }

    public Builder opportunities(OpportunitySettings v) {
      opportunities = v;
      return this;
    }

    /** The key (absent: none) that signs approved intents, and its id. */
    public Builder signingKey(Secret key, String keyId) {
      signingKey = key;
      signingKeyId = keyId;
      return this;
    }

    /** Operator keys and control.require_signed. */
    public Builder control(ControlConfig v) {
      control = v;
      return this;
    }

    /** Validation that learns ({@code risk.validation}). */
    public Builder validation(ValidationSettings v) {
      validation = v;
      return this;
    }

    /** Where NQ options flow is executed (SAME or MICRO). */
    public Builder executeIn(ExecuteIn v) {
      executeIn = v;
      return this;
    }

    public RiskSettings build() {
      return new RiskSettings(
          variant,
          account,
          minConfidence,
          orderQuantity,
          maxContractsPerPosition,
          maxTotalContracts,
          maxDailyLossUsd,
          maxTotalRiskUsd,
          maxOrdersPerMinute,
          dailyDataBudgetUsd,
          monthlyDataBudgetUsd,
          maxCostPerSignalUsd,
          stopLossFraction,
          profitTargetFraction,
          entrySlippageFraction,
          minRiskReward,
          minTimeToExpiry,
          enforceTradingHours,
          cooldown,
          dedupeTtl,
          nqMultiplierUsd,
          mnqMultiplierUsd,
          opportunities,
          signingKey,
          signingKeyId,
          control,
          executeIn,
          validation);
    }
  }
}
