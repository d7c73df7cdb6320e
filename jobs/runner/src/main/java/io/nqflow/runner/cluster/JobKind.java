package io.nqflow.runner.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jobs that {@code nqflow submit} deploys: the CLI name, the Maven module whose shaded jar
 * holds the job, its entry class, and how the Flink job name carries the A/B variant.
 */
public enum JobKind {
  FLOW_DETECTION(
      "flow-detection",
      "flow-detection",
      "io.nqflow.flow.FlowDetectionJob",
      Pattern.compile("^nqflow-flow-detection \\[([^,\\]]+)")),
  RISK_GATE(
      "risk-gate", "risk-gate", "io.nqflow.risk.RiskGateJob", Pattern.compile("^risk-gate-(.+)$")),
  CHAIN_ANALYTICS(
      "chain-analytics",
      "chain-analytics",
      "io.nqflow.chain.ChainAnalyticsJob",
      Pattern.compile("^nqflow-chain-analytics \\[([^,\\]]+)")),
  SIGNAL_EVALUATION(
      "signal-evaluation",
      "signal-evaluation",
      "io.nqflow.eval.SignalEvaluationJob",
      Pattern.compile("^signal-evaluation-(.+)$"));

  private final String cliName;
  private final String module;
  private final String entryClass;
  private final Pattern namePattern;

  JobKind(String cliName, String module, String entryClass, Pattern namePattern) {
    this.cliName = cliName;
    this.module = module;
    this.entryClass = entryClass;
    this.namePattern = namePattern;
  }

  public String cliName() {
    return cliName;
  }

  public String module() {
    return module;
  }

  public String entryClass() {
    return entryClass;
  }

  /** The variant in a Flink job name of this kind, or null when the name is not of this kind. */
  public String variantOf(String jobName) {
    Matcher m = namePattern.matcher(jobName);
    return m.find() ? m.group(1).trim() : null;
  }

  /** The kind whose job name {@code jobName} is, or null. */
  public static JobKind ofJobName(String jobName) {
    for (JobKind k : values()) {
      if (k.variantOf(jobName) != null) {
        return k;
      }
    }
    return null;
  }

  /**
   * Parses a CLI name ({@code flow-detection}, {@code risk-gate}, {@code chain-analytics}, {@code
   * signal-evaluation}).
   */
  public static JobKind parse(String name) {
    for (JobKind k : values()) {
      if (k.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown job '"
            + name
            + "': expected one of "
            + Arrays.stream(values()).map(JobKind::cliName).toList());
  }
}
