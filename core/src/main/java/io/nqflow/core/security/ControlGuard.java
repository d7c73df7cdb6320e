package io.nqflow.core.security;

import io.nqflow.core.config.ControlConfig;
import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a control command from ops.control may change the trading state; the risk gate
 * and the execution service apply the same rule.
 *
 * <p>A command is <em>signed</em> when its {@code key_id} names a key this guard knows and its
 * signature verifies under that key ({@link RecordSigner}): an operator key of {@code
 * control.operator_keys}, or the risk gate's own key ({@code risk.signing_key} / {@code
 * execution.signing_key}), which signs only the gate's automatic HALT. A command is refused, in
 * this order, when:
 *
 * <ol>
 *   <li>it carries a signature that does not verify: its key id is unknown ({@code UNKNOWN_KEY}, a
 *       non-HALT signed by the gate's key included) or its content or key differ ({@code TAMPERED})
 *       — always, whatever {@code control.require_signed} says;
 *   <li>it is unsigned and {@code control.require_signed} is true ({@code UNSIGNED});
 *   <li>it is an unsigned RESUME or REDUCE_ONLY, its scope is under an automatic HALT (the risk
 *       gate's daily-loss halt), and at least one operator key is configured ({@code
 *       UNSIGNED_AFTER_AUTOMATIC_HALT}). With no operator key at all such a command is applied as
 *       before, and a warning is logged once.
 * </ol>
 *
 * Everything else is applied. A refused command changes nothing; its caller audits it
 * (CONTROL_REFUSED), dead-letters it and counts it. Instances are immutable apart from the
 * warn-once flag and serializable (they travel with a Flink operator); keys never print.
 */
public final class ControlGuard implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ControlGuard.class);

  /** Operator name prefix of the risk gate's own commands ({@code risk-gate:<variant>}). */
  public static final String GATE_OPERATOR_PREFIX = "risk-gate:";

  /** Why a command was refused. */
  public enum Refusal {
    /** No signature while control.require_signed is true. */
    UNSIGNED,
    /** Signed with a key id this component does not know (or the gate's key on a non-HALT). */
    UNKNOWN_KEY,
    /** The signature does not match the command: changed after signing, or another key. */
    TAMPERED,
    /** An unsigned RESUME or REDUCE_ONLY of a scope under an automatic HALT. */
    UNSIGNED_AFTER_AUTOMATIC_HALT
  }

  /**
   * What to do with a command.
   *
   * @param refusal why it is refused; null when it is applied
   * @param keyId the key id the command claims ("" when none)
   * @param signed whether its signature verified
   * @param reason a sentence for the audit and the log (the refusal, or how it was accepted)
   */
  public record Decision(Refusal refusal, String keyId, boolean signed, String reason) {
    /** Whether the command may change the trading state. */
    public boolean accepted() {
      return refusal == null;
    }
  }

  private final Map<String, RecordSigner<ControlCommand>> operators;
  private final RecordSigner<ControlCommand> gate;
  private final boolean requireSigned;
  private final AtomicBoolean warned = new AtomicBoolean();

  /**
   * A guard over resolved keys.
   *
   * @param operatorKeys key id to key, the operators'
   * @param gateKey the risk gate's signing key (null: none), which may sign only HALT
   * @param gateKeyId its id
   * @param requireSigned control.require_signed
   * @throws IllegalArgumentException if a key is too short or the gate's key id is also an operator
   *     key id
   */
  public ControlGuard(
      Map<String, String> operatorKeys, String gateKey, String gateKeyId, boolean requireSigned) {
    Map<String, RecordSigner<ControlCommand>> ops = new LinkedHashMap<>();
    operatorKeys.forEach(
        (id, key) -> ops.put(id, new RecordSigner<>(ControlCommand.class, key, id)));
    if (gateKey != null && ops.containsKey(gateKeyId)) {
      throw new IllegalArgumentException(
          "control.operator_keys has key id \""
              + gateKeyId
              + "\", which is also the risk gate's signing key id; give them different ids");
    }
    this.operators = Map.copyOf(ops);
    this.gate =
        gateKey == null ? null : new RecordSigner<>(ControlCommand.class, gateKey, gateKeyId);
    this.requireSigned = requireSigned;
  }

  /**
   * The guard of a component: the operator keys of {@code control} and the gate's key.
   *
   * @throws IllegalStateException naming every operator key whose secret had no value at load time
   *     (e.g. {@code ${NQFLOW_OPERATOR_KEY} has no value}), or when require_signed is set and no
   *     key at all is configured
   */
  public static ControlGuard of(ControlConfig control, String gateKey, String gateKeyId) {
    List<String> missing = control.unresolvedKeys();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "cannot verify control commands: " + String.join("; ", missing));
    }
    if (control.requireSigned() && control.operatorKeys().isEmpty()) {
      throw new IllegalStateException(
          "control.require_signed is true but control.operator_keys is empty: no operator could"
              + " ever resume trading");
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (ControlConfig.OperatorKey k : control.operatorKeys()) {
      keys.put(k.id(), k.key().reveal());
    }
    return new ControlGuard(keys, gateKey, gateKeyId, control.requireSigned());
  }

  /** A guard without keys that applies every command: code built without a profile. */
  public static ControlGuard open() {
    return new ControlGuard(Map.of(), null, null, false);
  }

  /** Whether the command is the risk gate's automatic HALT (by its operator name). */
  public static boolean isAutomaticHalt(ControlCommand c) {
    return c.getCommand() == ControlAction.HALT && c.getOperator().startsWith(GATE_OPERATOR_PREFIX);
  }

  /**
   * Whether {@code c} may be applied.
   *
   * @param automaticHaltInForce whether the command's scope is under an automatic HALT now
   */
  public Decision decide(ControlCommand c, boolean automaticHaltInForce) {
    String keyId = c.getKeyId() == null ? "" : c.getKeyId();
    if (RecordSigner.isSigned(c)) {
      RecordSigner<ControlCommand> signer = operators.get(keyId);
      boolean byGate = signer == null && gate != null && gate.keyId().equals(keyId);
      if (byGate) {
        signer = gate;
      }
      if (signer == null) {
        return refuse(Refusal.UNKNOWN_KEY, keyId, "signed by unknown key id \"" + keyId + "\"");
      }
      if (!signer.verify(c)) {
        return refuse(
            Refusal.TAMPERED,
            keyId,
            "signature does not match the command under key \""
                + keyId
                + "\" (changed after signing, or another key)");
      }
      if (byGate && c.getCommand() != ControlAction.HALT) {
        return refuse(
            Refusal.UNKNOWN_KEY,
            keyId,
            "the risk gate's key \"" + keyId + "\" signs only HALT, not " + c.getCommand());
      }
      return new Decision(
          null,
          keyId,
          true,
          (byGate ? "signed by the risk gate's key " : "signed by key ") + keyId);
    }
    if (requireSigned) {
      return refuse(Refusal.UNSIGNED, keyId, "unsigned, and control.require_signed is true");
    }
    if (automaticHaltInForce && c.getCommand() != ControlAction.HALT) {
      if (!operators.isEmpty()) {
        return refuse(
            Refusal.UNSIGNED_AFTER_AUTOMATIC_HALT,
            keyId,
            "unsigned "
                + c.getCommand()
                + " while an automatic HALT is in force; it needs an operator's signature");
      }
      if (warned.compareAndSet(false, true)) {
        LOG.warn(
            "unsigned {} {} by {} lifts an automatic HALT: no control.operator_keys configured, so"
                + " anyone who can write to ops.control can do so",
            c.getCommand(),
            c.getCommandId(),
            c.getOperator());
      }
    }
    return new Decision(null, keyId, false, "unsigned");
  }

  private static Decision refuse(Refusal r, String keyId, String why) {
    return new Decision(r, keyId, false, why);
  }

  /** The operator key ids this guard knows, sorted. */
  public List<String> operatorKeyIds() {
    List<String> ids = new ArrayList<>(operators.keySet());
    ids.sort(null);
    return ids;
  }

  @Override
  public String toString() {
    return "ControlGuard[operatorKeys="
        + operatorKeyIds()
        + ", gateKey="
        + (gate == null ? "none" : gate.keyId())
        + ", requireSigned="
        + requireSigned
        + "]";
  }
}
