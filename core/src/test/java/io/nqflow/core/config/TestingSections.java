package io.nqflow.core.config;

import java.time.Duration;
import java.util.List;

/** Component sections the loader's tests bind: small records shaped like the real components'. */
final class TestingSections {
  private TestingSections() {}

  /** Risk-like: plain keys, a range check, references to a core option and the variant. */
  record Risk(
      @Doc("Account") String account,
      @Doc(value = "Daily loss limit", unit = "USD") double maxDailyLossUsd,
      @Doc("Order rate") int maxOrdersPerMinute,
      @Doc("Contracts per position") int maxContractsPerPosition,
      @Doc("Contracts overall") int maxTotalPosition,
      @Key("/budget.daily_usd") double dailyBudgetUsd,
      @Key("/variant") String variant)
      implements Validating {
    static Risk defaults() {
      return new Risk(
          "paper",
          50,
          10,
          1,
          2,
          BudgetConfig.defaults().dailyUsd(),
          NqflowConfig.defaults().variant());
    }

    @Override
    public void validate(Checks c) {
      c.notBlank("account", account);
      c.range("max_daily_loss_usd", maxDailyLossUsd, 1, 10_000_000);
      c.range("max_orders_per_minute", maxOrdersPerMinute, 1, 10_000);
      c.require(
          maxTotalPosition >= maxContractsPerPosition,
          "max_total_position",
          "must be at least max_contracts_per_position (" + maxContractsPerPosition + ")");
    }
  }

  /** Detection-like: a flat record read from nested mappings, a secret and a run-time flag. */
  record Detection(
      @Key("volume_ratio.moderate") @Doc("Moderate ratio") double moderate,
      @Key("volume_ratio.high") @Doc("High ratio") double high,
      @Key("volume_ratio.extreme") @Doc("Extreme ratio") double extreme,
      @Key("baseline.sessions") @Doc("Sessions") int sessions,
      @SecretValue @Nullable @Doc("A token") String token,
      @RuntimeOnly boolean bounded)
      implements Validating {
    Detection {
      if (!(extreme > moderate)) {
        throw new IllegalArgumentException(
            "volume_ratio.extreme must be above volume_ratio.moderate");
      }
    }

    static Detection defaults() {
      return new Detection(4, 10, 50, 20, null, false);
    }

    @Override
    public void validate(Checks c) {
      c.require(high > moderate, "volume_ratio.high", "must be above volume_ratio.moderate");
    }
  }

  /** Flink-like: durations and booleans. */
  record Flink(
      @Doc("Parallelism") int parallelism,
      @Doc("Checkpoints") Duration checkpointInterval,
      @Doc("Reuse") boolean objectReuse)
      implements Validating {
    static Flink defaults() {
      return new Flink(2, Duration.ofSeconds(10), true);
    }

    @Override
    public void validate(Checks c) {
      c.range("parallelism", parallelism, 1, 1024);
    }
  }

  static final ConfigSection<Risk> RISK = ConfigSection.of("risk", Risk.class, Risk::defaults);
  static final ConfigSection<Detection> DETECTION =
      ConfigSection.of("detection", Detection.class, Detection::defaults);
  static final ConfigSection<Flink> FLINK = ConfigSection.of("flink", Flink.class, Flink::defaults);

  static final List<ConfigSection<?>> ALL = List.of(FLINK, DETECTION, RISK);
}
