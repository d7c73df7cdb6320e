package io.nqflow.runner.ops;

import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow control halt|reduce-only|resume}: an operator command on ops.control, with the
 * operator and the reason in the audit trail.
 */
@Command(
    name = "control",
    mixinStandardHelpOptions = true,
    description = "Switch the trading state: halt, reduce-only or resume (writes ops.control).",
    subcommands = {ControlCli.Halt.class, ControlCli.ReduceOnly.class, ControlCli.Resume.class})
public final class ControlCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** The options every control subcommand takes, and the publishing. */
  abstract static class Action implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ProfileOptions profile = new ProfileOptions("local");

    @Mixin KafkaOptions kafka = new KafkaOptions();

    @Option(
        names = "--reason",
        required = true,
        paramLabel = "TEXT",
        description = "Why; recorded in ops.control and ops.audit.")
    String reason;

    @Option(
        names = "--scope",
        paramLabel = "global|ACCOUNT|VARIANT",
        description = "What the command applies to. Default: ${DEFAULT-VALUE}.")
    String scope = "global";

    @Option(
        names = "--operator",
        paramLabel = "NAME",
        description = "Who issues the command. Default: $USER.")
    String operator;

    Map<String, String> env = System.getenv();

    abstract ControlAction action();

    @Override
    public Integer call() {
      if (reason.isBlank()) {
        throw new IllegalArgumentException("--reason is blank: say why");
      }
      if (scope.isBlank() || !scope.strip().equals(scope)) {
        throw new IllegalArgumentException("--scope '" + scope + "' is blank or padded");
      }
      String who = operator != null ? operator : env.get("USER");
      if (who == null || who.isBlank()) {
        throw new IllegalArgumentException("no operator: pass --operator NAME ($USER is not set)");
      }
      Instant now = Instant.now();
      ControlCommand c =
          ControlCommand.newBuilder()
              .setCommandId("ctl-" + UUID.randomUUID())
              .setScope(scope)
              .setCommand(action())
              .setOperator(who)
              .setReason(reason)
              .setTs(now.getEpochSecond() * 1_000_000_000L + now.getNano())
              .build();
      new ControlPublisher(kafka.config(profile)).publish(c);
      spec.commandLine()
          .getOut()
          .printf(
              "%s %s for scope %s by %s: %s%n",
              c.getCommandId(), c.getCommand(), scope, who, reason);
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code control halt}. */
  @Command(
      name = "halt",
      mixinStandardHelpOptions = true,
      description = "HALT: no new entries, open entry orders cancelled, exits still allowed.")
  public static final class Halt extends Action {
    @Override
    ControlAction action() {
      return ControlAction.HALT;
    }
  }

  /** {@code control reduce-only}. */
  @Command(
      name = "reduce-only",
      mixinStandardHelpOptions = true,
      description = "REDUCE_ONLY: only orders that reduce an open position.")
  public static final class ReduceOnly extends Action {
    @Override
    ControlAction action() {
      return ControlAction.REDUCE_ONLY;
    }
  }

  /** {@code control resume}. */
  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "RESUME: back to ACTIVE.")
  public static final class Resume extends Action {
    @Override
    ControlAction action() {
      return ControlAction.RESUME;
    }
  }
}
