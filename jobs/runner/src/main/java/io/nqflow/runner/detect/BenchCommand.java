package io.nqflow.runner.detect;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.replay.MergedDbnReader;
import io.nqflow.feed.replay.SessionFolders;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.FlowOutputs;
import io.nqflow.jobs.common.Environments;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventSerializer;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.runner.Sections;
import io.nqflow.runner.source.DbnSource;
import io.nqflow.runner.source.DbnStreams;
import io.nqflow.signals.v1.FlowSignal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nqflow bench}: the flow-detection job's throughput against a keyed pass-through job with
 * the same source and sink, and its event-to-signal latency at a fixed input rate, on DBN files.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks the flow-detection job graph on DBN files (e.g. a 'nqflow simulate --scale full'"
          + " folder) in a local Flink MiniCluster, without Kafka:",
      "  1. pass-through: the same source, keyed by instrument, into a discarding sink (events/s);",
      "  2. detection at full speed: events/s and the ratio to the pass-through;",
      "  3. detection at --rate events/s: latency from the source emitting a signal's trigger"
          + " event to the signal reaching the sink (p50/p95/p99/max).",
      "The events are streamed from the files (not held in memory). Results go to stdout."
    })
public final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "DIR",
      description = "Folder (or file) of DBN files, as for 'nqflow detect'.")
  Path input;

  @Option(
      names = "--max-events",
      paramLabel = "N",
      description = "Use at most the first N market events for the throughput runs. Default: all.")
  long maxEvents = Long.MAX_VALUE;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_S",
      description = "Input rate of the latency run; 0 skips it. Default: ${DEFAULT-VALUE}.")
  int rate = 20_000;

  @Option(
      names = "--latency-events",
      paramLabel = "N",
      description = "Events in the latency run (from the start). Default: ${DEFAULT-VALUE}.")
  long latencyEvents = 1_200_000;

  @Option(
      names = "--parallelism",
      paramLabel = "P",
      description = "Parallelism of the jobs (the source reads with 1). Default: ${DEFAULT-VALUE}.")
  int parallelism = 2;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures as one JSON object to FILE.")
  Path json;

  @Mixin ProfileOptions profile = new ProfileOptions();

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    FlowDetectionSettings settings = cfg.section(FlowDetectionSettings.SECTION);
    JobSettings base = cfg.section(JobSettings.SECTION).withBootstrapServers("unused:9092");
    // No checkpoints: the runs measure processing, not checkpointing.
    JobSettings js = base.withParallelism(parallelism).withoutCheckpoints().withBounded(true);
    List<Path> files = SessionFolders.select(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no DBN files under " + input);
    }
    Scan scan = scan(files);
    long n = Math.min(maxEvents, scan.events);
    System.out.printf(
        Locale.ROOT,
        "bench: %s: %,d market events, %,d definitions; parallelism %d, object reuse %s%n",
        input,
        scan.events,
        scan.instruments,
        parallelism,
        js.objectReuse());

    Run pass = passThrough(input, n, js);
    System.out.printf(
        Locale.ROOT,
        "pass-through: %,d events in %.1f s = %,.0f events/s%n",
        n,
        pass.seconds,
        n / pass.seconds);
    Run detect = detection(input, n, 0, js, settings);
    System.out.printf(
        Locale.ROOT,
        "detection:    %,d events in %.1f s = %,.0f events/s, %,d signals; ratio to pass-through"
            + " %.2f%n",
        n,
        detect.seconds,
        n / detect.seconds,
        detect.signals,
        pass.seconds / detect.seconds);
    java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
    figures.put("input", input.toString());
    figures.put("events", n);
    figures.put("parallelism", parallelism);
    figures.put("pass_through_events_per_s", n / pass.seconds);
    figures.put("detection_events_per_s", n / detect.seconds);
    figures.put("ratio", pass.seconds / detect.seconds);
    figures.put("signals", detect.signals);
    if (rate > 0) {
      long m = Math.min(latencyEvents, scan.events);
      Run paced = detection(input, m, rate, js, settings);
      long[] lat = paced.latenciesNanos;
      if (lat.length == 0) {
        System.out.printf(
            Locale.ROOT, "latency at %,d events/s: no signal in the first %,d events%n", rate, m);
      } else {
        System.out.printf(
            Locale.ROOT,
            "latency at %,d events/s (%,d events, %,d signals): p50 %.1f ms, p95 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms%n",
            rate,
            m,
            lat.length,
            pct(lat, 0.50),
            pct(lat, 0.95),
            pct(lat, 0.99),
            lat[lat.length - 1] / 1e6);
        figures.put("latency_rate_events_per_s", rate);
        figures.put("latency_signals", lat.length);
        figures.put("latency_p50_ms", pct(lat, 0.50));
        figures.put("latency_p95_ms", pct(lat, 0.95));
        figures.put("latency_p99_ms", pct(lat, 0.99));
        figures.put("latency_max_ms", lat[lat.length - 1] / 1e6);
      }
    }
    if (json != null) {
      new com.fasterxml.jackson.databind.ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(json.toFile(), figures);
    }
    return 0;
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  /** What the files hold: the number of definitions and of market events. */
  record Scan(long instruments, long events) {}

  static Scan scan(List<Path> files) throws Exception {
    long instruments = 0;
    long events = 0;
    try (MergedDbnReader reader = new MergedDbnReader(files)) {
      MergedDbnReader.Item item;
      while ((item = reader.next()) != null) {
        if (item instanceof MergedDbnReader.Rec rec) {
          switch (DbnNormalizer.kindOf(rec.record())) {
            case INSTRUMENT -> instruments++;
            case EVENT -> events++;
            case NOT_AN_EVENT -> {}
          }
        }
      }
    }
    return new Scan(instruments, events);
  }

  /** The wall time of one run, its signal count and (paced runs) the sorted latencies. */
  record Run(double seconds, long signals, long[] latenciesNanos) {}

  private static Run passThrough(Path input, long n, JobSettings js) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, js);
    DbnStreams.events(env, DbnSource.events(input).limit(n), WatermarkStrategy.noWatermarks())
        .keyBy(MarketEvent::getInstrumentId, Types.LONG)
        .process(new PassThrough())
        .returns(MarketEventSerializer.TYPE)
        .name("keyed pass-through")
        .sinkTo(new DiscardingSink<>());
    long t0 = System.nanoTime();
    env.execute("nqflow-bench-pass-through");
    return new Run((System.nanoTime() - t0) / 1e9, 0, new long[0]);
  }

  private static Run detection(
      Path input, long n, int rate, JobSettings js, FlowDetectionSettings settings)
      throws Exception {
    Stamps.reset();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Environments.configure(env, js);
    DataStream<MarketEvent> events =
        DbnStreams.events(
            env, DbnSource.events(input).limit(n).paced(rate), MarketEventTime.watermarks(js));
    if (rate > 0) {
      // Chained to the source: stamps the wall time at which each event left it.
      events =
          events
              .map(
                  e -> {
                    Stamps.emitted(e.getTsEvent(), System.nanoTime());
                    return e;
                  })
              .returns(MarketEventSerializer.TYPE)
              .setParallelism(1)
              .name("source time stamp");
    }
    DataStream<Instrument> defs = DbnStreams.instruments(env, input);
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, events, defs, settings);
    out.signals()
        .map(
            s -> {
              Stamps.ARRIVALS.add(new long[] {s.getTsEvent(), System.nanoTime()});
              return s;
            })
        .returns(new AvroTypeInfo<>(FlowSignal.class))
        .name("signal arrival")
        .sinkTo(new DiscardingSink<>());
    out.deadLetters().sinkTo(new DiscardingSink<>());
    out.lateEvents().sinkTo(new DiscardingSink<>());
    long t0 = System.nanoTime();
    env.execute("nqflow-bench-detection");
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<long[]> arrivals = new ArrayList<>(Stamps.ARRIVALS);
    long[] lat = new long[0];
    if (rate > 0) {
      lat = new long[arrivals.size()];
      int k = 0;
      for (long[] a : arrivals) {
        long emitted = Stamps.emittedAt(a[0]);
        if (emitted > 0) {
          lat[k++] = a[1] - emitted;
        }
      }
      lat = Arrays.copyOf(lat, k);
      Arrays.sort(lat);
    }
    return new Run(seconds, arrivals.size(), lat);
  }

  /** Identity, keyed: what every keyed job pays for the shuffle and the state backend lookup. */
  static final class PassThrough extends KeyedProcessFunction<Long, MarketEvent, MarketEvent> {
    @Override
    public void processElement(MarketEvent e, Context ctx, Collector<MarketEvent> out) {
      out.collect(e);
    }
  }

  /**
   * Wall time (System.nanoTime) at which the source emitted the first event of each ts_event, and
   * when signals arrived. In-process only: the benchmark runs a local MiniCluster in this JVM.
   */
  static final class Stamps {
    static final ConcurrentLinkedQueue<long[]> ARRIVALS = new ConcurrentLinkedQueue<>();
    private static long[] ts = new long[1 << 16];
    private static long[] wall = new long[1 << 16];
    private static int size;

    static synchronized void reset() {
      ARRIVALS.clear();
      size = 0;
    }

    static synchronized void emitted(long tsEvent, long nanos) {
      if (size > 0 && ts[size - 1] == tsEvent) {
        return;
      }
      if (size == ts.length) {
        ts = Arrays.copyOf(ts, size * 2);
        wall = Arrays.copyOf(wall, size * 2);
      }
      ts[size] = tsEvent;
      wall[size] = nanos;
      size++;
    }

    /** When the source emitted the first event at or after {@code tsEvent}; 0 when unknown. */
    static synchronized long emittedAt(long tsEvent) {
      int i = Arrays.binarySearch(ts, 0, size, tsEvent);
      if (i < 0) {
        i = -i - 1;
      }
      return i < size ? wall[i] : 0;
    }
  }
}
