package io.nqflow.chain;

import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.signals.v1.Opportunity;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The streams {@link ChainAnalyticsJob#defineWorkflow} produces.
 *
 * @param opportunities the ranked opportunities of every underlying
 * @param deadLetters input the job could not use (late events included), each with the reason
 */
public record ChainOutputs(
    DataStream<Opportunity> opportunities, DataStream<DeadLetter> deadLetters) {}
