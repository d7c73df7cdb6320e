package io.nqflow.eval;

import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.ops.v1.DeadLetter;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The streams {@link SignalEvaluationJob#defineWorkflow} produces.
 *
 * @param outcomes one record per signal once decided, again when a later decision or fill updates
 *     it
 * @param deadLetters input the job could not use (late prints, unpriced or too late signals)
 */
public record EvalOutputs(DataStream<SignalOutcome> outcomes, DataStream<DeadLetter> deadLetters) {}
