package io.nqflow.runner.ops;

import io.nqflow.core.security.RecordSigner;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * operator, the reason and (when signed) the operator's key id in the audit trail.
 */
@Command(
    name = "control",
    mixinStandardHelpOptions = true,
    description = {
      "Switch the trading state: halt, reduce-only or resume (writes ops.control).",
      "With --key-id the command is signed (HMAC-SHA256) with the operator's key, read from"
          + " --key-file or the environment variable "
          + ControlCli.KEY_ENV
          + ". The risk gate and the execution service refuse unsigned commands when"
          + " control.require_signed is true, and an unsigned RESUME or REDUCE_ONLY after an"
          + " automatic HALT whenever control.operator_keys is set."
    },
    subcommands = {ControlCli.Halt.class, ControlCli.ReduceOnly.class, ControlCli.Resume.class})
public final class ControlCli implements Callable<Integer> {
  /** Environment variable that holds the operator's key when no --key-file is given. */
  public static final String KEY_ENV = "NQFLOW_OPERATOR_KEY";

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

    @Option(
        names = "--key-id",
        paramLabel = "ID",
        description =
            "Sign the command with the operator key of this id (one of control.operator_keys of"
                + " the consumers' profile). Unset: the command goes out unsigned.")
    String keyId;

    @Option(
        names = "--key-file",
        paramLabel = "PATH",
        description =
            "File holding the operator key (its first line; keep it readable by you only)."
                + " Default: the environment variable "
                + KEY_ENV
                + ".")
    Path keyFile;

    Map<String, String> env = System.getenv();

    abstract ControlAction action();

    /** The signer of --key-id with its key, or null when the command goes out unsigned. */
    private RecordSigner<ControlCommand> signer() {
      if (keyId == null) {
        if (keyFile != null) {
          throw new IllegalArgumentException("--key-file needs --key-id: name the key");
        }
        return null;
      }
      String key;
      if (keyFile != null) {
        try {
          key = Files.readAllLines(keyFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read --key-file " + keyFile, e);
        }
        key = key.strip();
        if (key.isEmpty()) {
          throw new IllegalArgumentException("--key-file " + keyFile + " is empty");
        }
      } else {
        key = env.get(KEY_ENV);
        if (key == null || key.isBlank()) {
          throw new IllegalArgumentException(
              "--key-id " + keyId + " needs the key: pass --key-file PATH or set " + KEY_ENV);
        }
        key = key.strip();
      }
      return new RecordSigner<>(ControlCommand.class, key, keyId);
    }

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
      RecordSigner<ControlCommand> signer = signer();
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
      if (signer != null) {
        c = signer.sign(c);
      }
      new ControlPublisher(kafka.config(profile)).publish(c);
      spec.commandLine()
          .getOut()
          .printf(
              "%s %s for scope %s by %s (%s): %s%n",
              c.getCommandId(),
              c.getCommand(),
              scope,
              who,
              signer == null ? "unsigned" : "signed with key " + keyId,
              reason);
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
