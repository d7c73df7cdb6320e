package io.nqflow.flow.pattern;

import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.signals.v1.FlowSignal;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * An institutional-flow pattern: named, versioned (from the settings' switch list) and switched on
 * or off by name. A pattern adds its operators to the job graph and returns its signals.
 */
public interface FlowPattern extends Serializable {
  /** Switch name and algorithm suffix, e.g. {@code sweep} (algorithm {@code cep_sweep}). */
  String name();

  /** The signals' algorithm name. */
  default String algorithm() {
    return "cep_" + name();
  }

  /**
   * Whether the pattern is a keyed function on the detectors' inputs that sets the underlying price
   * itself (otherwise a Flink CEP pattern: its signals pass the {@link UnderlyingGate} and its late
   * events go to {@link CepSupport#LATE}).
   */
  default boolean keyed() {
    return false;
  }

  /** Adds the pattern's operators; every stateful one gets a uid from {@code Uids}. */
  DataStream<FlowSignal> detect(PatternInputs in, FlowDetectionSettings settings);
}
