package io.nqflow.flow;

import io.nqflow.flow.signal.SignalJsonLines;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.signals.v1.FlowSignal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code nqflow detect}: the job graph of {@link FlowDetectionJob#defineWorkflow} over bounded
 * inputs in event time, signals written as JSON lines ({@link SignalJsonLines}). Dead letters and
 * late events are returned, not dropped, for the caller to report.
 */
public final class BoundedDetection {
  private BoundedDetection() {}

  /**
   * What a bounded run found.
   *
   * @param signals the signals, in {@link SignalJsonLines#FILE_ORDER}
   * @param deadLetters input the job could not use, late events included
   * @param accumulators the finished job's accumulators (e.g. what its sources counted)
   */
  public record Result(
      List<FlowSignal> signals, List<DeadLetter> deadLetters, Map<String, Object> accumulators) {}

  /**
   * Runs the job graph to the end of the bounded inputs and writes the signals to {@code out}.
   * {@code events} must carry timestamps and watermarks ({@code MarketEventTime.watermarks}).
   */
  public static Result run(
      StreamExecutionEnvironment env,
      DataStream<MarketEvent> events,
      DataStream<Instrument> instruments,
      FlowDetectionSettings settings,
      Path out)
      throws Exception {
    FlowOutputs outputs = FlowDetectionJob.defineWorkflow(env, events, instruments, settings);
    DataStream<DeadLetter> dead =
        outputs
            .deadLetters()
            .union(
                outputs
                    .lateEvents()
                    .map(new FlowDetectionJob.LateToDeadLetter())
                    .returns(new AvroTypeInfo<>(DeadLetter.class))
                    .name("late events as dead letters"));
    CloseableIterator<FlowSignal> signalIt = outputs.signals().collectAsync();
    CloseableIterator<DeadLetter> deadIt = dead.collectAsync();
    JobClient job =
        env.executeAsync(FlowDetectionJob.NAME + " [" + settings.variant() + ", bounded]");
    // Both results are drained at once: a full buffer of one must not stall the other.
    CompletableFuture<List<DeadLetter>> deadLetters =
        CompletableFuture.supplyAsync(() -> drain(deadIt));
    List<FlowSignal> signals = drain(signalIt);
    List<DeadLetter> dl;
    try {
      dl = deadLetters.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("collecting dead letters failed", e.getCause());
    }
    // Surfaces a failed job instead of writing its partial output as if it were complete.
    JobExecutionResult done = job.getJobExecutionResult().get();
    signals.sort(SignalJsonLines.FILE_ORDER);
    SignalJsonLines.writeAll(out, signals);
    return new Result(signals, dl, done.getAllAccumulatorResults());
  }

  private static <T> List<T> drain(CloseableIterator<T> it) {
    List<T> all = new ArrayList<>();
    try (it) {
      it.forEachRemaining(all::add);
    } catch (Exception e) {
      throw new IllegalStateException("collecting job output failed", e);
    }
    return all;
  }
}
