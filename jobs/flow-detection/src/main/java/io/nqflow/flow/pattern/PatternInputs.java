package io.nqflow.flow.pattern;

import io.nqflow.flow.OptionEvent;
import io.nqflow.flow.UnderlyingPrice;
import io.nqflow.flow.ifd.AlignedDetector;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * What patterns detect on.
 *
 * @param options option events, event-time timestamped
 * @param byInstrument the same keyed by instrument_id without a shuffle
 * @param tradesByInstrument only the trades among them, keyed the same way (filtered before the
 *     network edge: detectors that read trades alone do not pay for the order book's events)
 * @param bookByInstrument only the fills, adds and modifies among them, keyed the same way (what
 *     the iceberg reads)
 * @param underlying underlying prices as broadcast state for {@link AlignedDetector}s
 */
public record PatternInputs(
    SingleOutputStreamOperator<OptionEvent> options,
    KeyedStream<OptionEvent, Long> byInstrument,
    KeyedStream<OptionEvent, Long> tradesByInstrument,
    KeyedStream<OptionEvent, Long> bookByInstrument,
    BroadcastStream<UnderlyingPrice> underlying) {}
