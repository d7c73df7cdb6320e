package io.nqflow.feed;

import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.Speed;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The feed's own work per event, without Kafka: a replay (DBN read and merge, normalize, quality
 * checks, encode, {@link FeedPublisher}) into a producer that acknowledges every record at once and
 * keeps nothing. Input: the folder in {@code -Dfeed.input} (e.g. a {@code nqflow simulate} session;
 * default: a small simulated session made in a temporary folder), limited to {@code -Dfeed.events}
 * events (default 2,000,000). Not a test.
 *
 * <p>On a shared machine wall time swings with the load; {@code main} (without arguments) runs
 * rounds and prints the replay thread's CPU time per event as well, which the load hardly moves.
 * With arguments, {@code main} runs JMH with them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FeedPathBenchmark {
  Path input;
  long maxEvents;

  @Setup
  public void setUp() throws Exception {
    input = input();
    maxEvents = Long.getLong("feed.events", 2_000_000L);
  }

  /** One replay of the input into the discarding producer. */
  @Benchmark
  public ReplayFeed.Stats replay() throws Exception {
    return replay(input, maxEvents);
  }

  static ReplayFeed.Stats replay(Path input, long maxEvents) throws Exception {
    RunControl control = RunControl.fromStart();
    try (FeedPublisher publisher = new FeedPublisher(new Discarding())) {
      return new ReplayFeed("bench", new Limited(publisher, maxEvents, control), Speed.MAX)
          .run(List.of(input), n -> {}, control);
    }
  }

  static Path input() throws Exception {
    String in = System.getProperty("feed.input");
    if (in != null) {
      return Path.of(in);
    }
    Path dir = Files.createTempDirectory("feed-bench");
    io.nqflow.simulator.Simulator.run(
        io.nqflow.simulator.SimulationConfig.of(1, 1, io.nqflow.simulator.Scale.SMALL), dir);
    return dir;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    Path input = input();
    long max = Long.getLong("feed.events", 2_000_000L);
    int rounds = Integer.getInteger("feed.rounds", 6);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 1; i <= rounds; i++) {
      long cpu0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      ReplayFeed.Stats s = replay(input, max);
      long wall = System.nanoTime() - t0;
      long cpu = mx.getCurrentThreadCpuTime() - cpu0;
      System.out.printf(
          Locale.ROOT,
          "round %d: %,d events, %,.0f events/s wall, %.0f ns/event wall, %.0f ns/event CPU%n",
          i,
          s.events(),
          s.events() / (wall / 1e9),
          (double) wall / s.events(),
          (double) cpu / s.events());
    }
  }

  /** Acknowledges every record at once and keeps nothing. */
  static final class Discarding extends MockProducer<byte[], byte[]> {
    Discarding() {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(
        ProducerRecord<byte[], byte[]> record, Callback callback) {
      if (callback != null) {
        callback.onCompletion(null, null);
      }
      return null;
    }
  }

  /** Stops the replay after {@code max} events. */
  static final class Limited implements FeedSink {
    private final FeedSink sink;
    private final long max;
    private final RunControl control;
    private long events;

    Limited(FeedSink sink, long max, RunControl control) {
      this.sink = sink;
      this.max = max;
      this.control = control;
    }

    @Override
    public void instrument(Instrument i) {
      sink.instrument(i);
    }

    @Override
    public void event(MarketEvent e) {
      sink.event(e);
      if (++events >= max) {
        control.stop();
      }
    }

    @Override
    public void deadLetter(DeadLetter d) {
      sink.deadLetter(d);
    }

    @Override
    public void flush() {
      sink.flush();
    }
  }
}
