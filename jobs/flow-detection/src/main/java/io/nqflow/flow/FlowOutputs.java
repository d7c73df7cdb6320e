package io.nqflow.flow;

import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.signals.v1.FlowSignal;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The streams {@link FlowDetectionJob#defineWorkflow} produces.
 *
 * @param signals every detector's signals
 * @param deadLetters input the job could not use, each with the reason
 * @param lateEvents market events that arrived behind the watermark
 */
public record FlowOutputs(
    DataStream<FlowSignal> signals,
    DataStream<DeadLetter> deadLetters,
    DataStream<MarketEvent> lateEvents) {}
