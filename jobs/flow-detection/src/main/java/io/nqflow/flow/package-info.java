/**
 * The flow-detection job: {@link io.nqflow.flow.FlowDetectionJob} (live, over Kafka), {@link
 * io.nqflow.flow.BoundedDetection} ({@code nqflow detect}), their settings, and the records the
 * operators exchange and keep in state.
 *
 * <p>The state types stay in this package whatever operator uses them: Flink records the class name
 * of a POJO in state ({@code SessionVolume}, {@code BucketHistory}, {@code WindowSlices}, {@code
 * PressureState}, {@code PressureSlices}, {@code SweepGroup}, {@code UnderlyingHistory}, {@code
 * UnderlyingPrice}) and of a serializer snapshot ({@code OptionEventSerializer.Snapshot}) in every
 * savepoint, and a savepoint whose classes moved cannot be restored. {@code StateSerializationTest}
 * pins these names.
 *
 * <p>The operators live in sub-packages by concern: {@link io.nqflow.flow.routing} (the join with
 * instrument definitions), {@link io.nqflow.flow.baseline} (sessions and volume baselines), {@link
 * io.nqflow.flow.ifd} (the keyed IFD detectors), {@link io.nqflow.flow.pattern} (institutional
 * patterns) and {@link io.nqflow.flow.signal} (building, deduplicating and writing signals).
 */
package io.nqflow.flow;
