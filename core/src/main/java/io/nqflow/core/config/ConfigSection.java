package io.nqflow.core.config;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A top-level profile section owned by a component outside core (flow detection, the risk gate,
 * execution, job settings): its key, the component's immutable settings record, and where its
 * defaults come from. The record's components are the declarations of the section's options.
 *
 * @param key top-level YAML key, e.g. {@code risk}
 * @param type the settings record the section binds to
 * @param defaults the record's defaults, used for every key the profile does not set
 * @param <T> the settings record
 */
public record ConfigSection<T extends Record>(String key, Class<T> type, Supplier<T> defaults) {

  /** Names of every component-owned section; a loader that does not bind one leaves it alone. */
  public static final java.util.Set<String> COMPONENT_SECTIONS =
      java.util.Set.of("flink", "detection", "risk", "execution", "chain", "evaluation");

  public ConfigSection {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaults, "defaults");
    if (!COMPONENT_SECTIONS.contains(key)) {
      throw new IllegalArgumentException(
          "unknown component section " + key + "; known: " + COMPONENT_SECTIONS);
    }
  }

  /** A section whose defaults are the record's static {@code defaults()}. */
  public static <T extends Record> ConfigSection<T> of(
      String key, Class<T> type, Supplier<T> defaults) {
    return new ConfigSection<>(key, type, defaults);
  }
}
