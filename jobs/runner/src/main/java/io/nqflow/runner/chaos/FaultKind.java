package io.nqflow.runner.chaos;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The faults the chaos harness injects (docs/reliability.md, "Chaos runs"). */
public enum FaultKind {
  /** The Flink TaskManager is closed without warning and a new one started. */
  TASKMANAGER("taskmanager"),
  /** The Kafka broker role stops (logs kept) and starts again on the same address. */
  KAFKA("kafka"),
  /** The feed's JVM gets SIGKILL and is started again (it resumes from md.events). */
  FEED("feed"),
  /** The execution service stops abruptly (ledger cut as a crash leaves it) and restarts. */
  EXECUTION("execution"),
  /** The broker API refuses every call for a while. */
  BROKER_API("broker-api");

  private final String cliName;

  FaultKind(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line and in the report. */
  public String cliName() {
    return cliName;
  }

  /** Parses a command-line name. */
  public static FaultKind parse(String s) {
    for (FaultKind k : values()) {
      if (k.cliName.equalsIgnoreCase(s.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown fault kind \""
            + s
            + "\"; known: "
            + Arrays.stream(values()).map(FaultKind::cliName).collect(Collectors.joining(", ")));
  }
}
