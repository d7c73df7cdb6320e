package io.nqflow.runner;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.eval.EvaluationSettings;
import io.nqflow.execution.ExecutionSettings;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.risk.RiskSettings;
import java.util.List;

/**
 * Every component section a profile may hold. The CLI binds them all, so {@code nqflow config
 * validate} rejects a key that no component reads.
 */
public final class Sections {
  /** The component sections, in the order they print. */
  public static final List<ConfigSection<?>> ALL =
      List.of(
          JobSettings.SECTION,
          FlowDetectionSettings.SECTION,
          RiskSettings.SECTION,
          ExecutionSettings.SECTION,
          ChainAnalyticsSettings.SECTION,
          EvaluationSettings.SECTION);

  private Sections() {}

  /** Loads and validates the profile with every section bound. */
  public static NqflowConfig load(ProfileOptions profile) {
    return profile.load(ALL);
  }
}
