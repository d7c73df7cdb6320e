package io.nqflow.risk;

import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.Uids;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Joins eval.outcomes to the gate's inputs when {@code risk.validation.enabled}: each outcome
 * becomes a {@link GateInput} of the gate's account (operator {@code risk-input-outcomes}). With
 * validation off nothing is added, so the graph (and savepoints) stay those of a gate without it.
 */
final class ValidationInput {
  private ValidationInput() {}

  static DataStream<GateInput> union(
      DataStream<GateInput> in, DataStream<SignalOutcome> outcomes, RiskSettings settings) {
    if (!settings.validation().enabled()) {
      return in;
    }
    if (outcomes == null) {
      throw new IllegalArgumentException(
          "risk.validation.enabled is true but the gate was given no eval.outcomes stream");
    }
    final String account = settings.account();
    DataStream<GateInput> mapped =
        outcomes
            .map(o -> GateInput.outcome(account, o))
            .returns(TypeInformation.of(GateInput.class))
            .uid(Uids.RISK_INPUT_OUTCOMES)
            .name("input-outcomes");
    return in.union(mapped);
  }
}
