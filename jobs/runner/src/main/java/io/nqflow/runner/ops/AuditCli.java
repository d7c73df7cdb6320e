package io.nqflow.runner.ops;

import io.nqflow.core.kafka.TopicReader;
import io.nqflow.core.trades.TradeDay;
import io.nqflow.core.trades.TradeReconstruction;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.schemas.Topics;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow audit trades}: the day's trades reconstructed from ops.audit and exec.events;
 * {@code nqflow audit config}: the configuration of every job and service start and its changes.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Read the audit trail.",
    subcommands = {AuditCli.Trades.class, AuditCli.Config.class})
public final class AuditCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** {@code audit trades --date yyyy-MM-dd}. */
  @Command(
      name = "trades",
      mixinStandardHelpOptions = true,
      description =
          "Print a CME trading day's trades (orders, fills, legs, P&L) from ops.audit and"
              + " exec.events.")
  public static final class Trades implements Callable<Integer> {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    @Spec CommandSpec spec;

    @Mixin ProfileOptions profile = new ProfileOptions("local");

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Option(
        names = "--date",
        required = true,
        paramLabel = "yyyy-MM-dd",
        description =
            "CME trading day (the session opening at 17:00 Chicago belongs to the next day).")
    String date;

    @Override
    public Integer call() throws TimeoutException {
      LocalDate day;
      try {
        day = LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--date '" + date + "' is not yyyy-MM-dd", e);
      }
      TopicReader reader = new TopicReader(kafka.config(profile));
      TradeDay report =
          TradeReconstruction.reconstruct(
              day,
              reader.values(Topics.AUDIT, READ_TIMEOUT),
              reader.values(Topics.EXEC_EVENTS, READ_TIMEOUT));
      TradeReport.print(report, spec.commandLine().getOut());
      return 0;
    }
  }

  /** {@code audit config [--component C] [--instance I] [--changes-only] [--full]}. */
  @Command(
      name = "config",
      mixinStandardHelpOptions = true,
      description =
          "Print the configuration records (CONFIG_APPLIED) of job submissions and service starts"
              + " from ops.audit: digest, previous digest and the changed keys (secrets masked).")
  public static final class Config implements Callable<Integer> {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

    @Spec CommandSpec spec;

    @Mixin ProfileOptions profile = new ProfileOptions("local");

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Option(
        names = "--component",
        paramLabel = "NAME",
        description =
            "Only this component (flow-detection, risk-gate, chain-analytics, execution, feed).")
    String component;

    @Option(
        names = "--instance",
        paramLabel = "NAME",
        description =
            "Only this instance (a job's variant, the execution's account, the feed's profile).")
    String instance;

    @Option(
        names = "--changes-only",
        description = "Skip starts whose configuration did not change.")
    boolean changesOnly;

    @Option(names = "--full", description = "Print each start's whole masked configuration too.")
    boolean full;

    @Override
    public Integer call() throws TimeoutException {
      TopicReader reader = new TopicReader(kafka.resolve(profile));
      ConfigChanges.print(
          reader.values(Topics.AUDIT, READ_TIMEOUT),
          component,
          instance,
          changesOnly,
          full,
          spec.commandLine().getOut());
      return 0;
    }
  }
}
