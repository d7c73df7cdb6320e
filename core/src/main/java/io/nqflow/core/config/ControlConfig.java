package io.nqflow.core.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may switch the trading state on ops.control ({@code control:}): the operators' signing keys
 * and whether every command must be signed. Read by the risk gate and the execution service
 * (io.nqflow.core.security.ControlGuard states the rule).
 */
public record ControlConfig(
    @Doc(
            "true: refuse every unsigned control command (only commands signed with an operator"
                + " key, or the risk gate's automatic HALT signed with its key, apply); false:"
                + " unsigned commands apply, except a RESUME or REDUCE_ONLY during an automatic"
                + " HALT while an operator key is configured. A signature that does not verify is"
                + " refused either way")
        boolean requireSigned,
    @Doc("Operator keys that may sign control commands, each with its id (the command's key_id)")
        List<OperatorKey> operatorKeys)
    implements Validating, Serializable {

  public ControlConfig {
    operatorKeys = operatorKeys == null ? List.of() : List.copyOf(operatorKeys);
  }

  /** No keys, unsigned commands accepted: local and test runs. */
  public static ControlConfig defaults() {
    return new ControlConfig(false, List.of());
  }

  /**
   * One operator's key ({@code control.operator_keys[]}).
   *
   * @param id the key id commands signed with it carry
   * @param key the HMAC key (a secret: ${ENV} or ${file:...} only)
   */
  public record OperatorKey(
      @Doc("Key id; a signed command names it in key_id, the audit names it") String id,
      @Doc(
              "HMAC-SHA256 key of the operator (${ENV} or ${file:...} only; at least 16"
                  + " characters)")
          Secret key)
      implements Validating, Serializable {
    public OperatorKey {
      key = key == null ? Secret.absent() : key;
    }

    @Override
    public void validate(Checks c) {
      c.notBlank("id", id);
      if (id != null) {
        c.require(
            id.matches("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}"),
            "id",
            "expected 1-64 characters A-Z, a-z, 0-9, '.', '_', '@', '-', got \"" + id + "\"");
      }
      if (key.isPresent()) {
        c.require(
            key.reveal().length() >= MIN_KEY_LENGTH,
            "key",
            "must have at least " + MIN_KEY_LENGTH + " characters");
      } else if (key.reference().isEmpty()) {
        c.error("key", "must be set (a secret: ${ENV_VAR} or ${file:/path})");
      }
    }
  }

  /** Shortest accepted operator key, in characters (the same as every other signing key). */
  public static final int MIN_KEY_LENGTH = 16;

  @Override
  public void validate(Checks c) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < operatorKeys.size(); i++) {
      String id = operatorKeys.get(i).id();
      if (id != null && !seen.add(id)) {
        c.at("operator_keys[" + i + "]").error("id", "duplicate key id \"" + id + "\"");
      }
    }
  }

  /**
   * Where a key's secret reference had no value when the profile was loaded, e.g. {@code
   * control.operator_keys[0].key: ${NQFLOW_OPERATOR_KEY} has no value}; empty when every key is
   * present. A component that verifies commands refuses to start while this is not empty.
   */
  public List<String> unresolvedKeys() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < operatorKeys.size(); i++) {
      Secret k = operatorKeys.get(i).key();
      if (!k.isPresent()) {
        out.add(
            "control.operator_keys["
                + i
                + "].key: "
                + k.reference().map(r -> "${" + r + "} has no value").orElse("not set"));
      }
    }
    return out;
  }

  /** A copy with these operator keys (code and tests; profiles use the YAML list). */
  public ControlConfig withOperatorKeys(List<OperatorKey> keys) {
    return new ControlConfig(requireSigned, keys);
  }

  /** A copy that requires (or not) every command to be signed. */
  public ControlConfig withRequireSigned(boolean value) {
    return new ControlConfig(value, operatorKeys);
  }
}
