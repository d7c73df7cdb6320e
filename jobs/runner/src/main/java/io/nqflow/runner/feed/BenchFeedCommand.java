package io.nqflow.runner.feed;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.kafka.EmbeddedKafka;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.runner.Sections;
import io.nqflow.schemas.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow bench-feed}: the feed's replay path against a plain {@code KafkaProducer} sending
 * the same serialized records, side by side on one embedded broker.
 */
@Command(
    name = "bench-feed",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Benchmarks the feed's replay path against a plain KafkaProducer, in one run against one"
          + " embedded Kafka broker (the profile's kafka.partitions per topic):",
      "  0. the DBN input is replayed once into memory: the same definitions, events and dead"
          + " letters the feed publishes, serialized to byte[] keys and values (not timed);",
      "  1. plain: a KafkaProducer with the feed's producer settings (acks=all, idempotence,"
          + " batch.size, linger.ms, compression) sends those bytes, then flushes;",
      "  2. feed: the replay path (decode -> normalize -> quality check -> encode -> produce)"
          + " publishes the same input through FeedPublisher, then flushes; as a max-speed"
          + " replay does, the replay thread encodes and hands the records in batches to a"
          + " sender thread that calls KafkaProducer.send.",
      "Both append to the same topics (md.instruments, md.events, ops.deadletter), which first take"
          + " one untimed record per partition. Each round"
          + " runs 1 then 2, each with a new producer. The --warmup rounds (the JIT) are printed"
          + " but not counted; the figures are the medians of the other rounds' events/s and the"
          + " ratio of the medians, feed/plain. Each round also shows the CPU time per event of"
          + " the thread that sends (the feed's sender thread) and of the feed's replay thread,"
          + " which other load on the machine moves less than the rates."
    })
public final class BenchFeedCommand implements Callable<Integer> {
  /** Source name stamped on the replayed records. */
  static final String SOURCE = "bench";

  @Spec CommandSpec spec;

  @Mixin ProfileOptions profile = new ProfileOptions("local");

  @Option(
      names = "--input",
      required = true,
      paramLabel = "DIR",
      description = "Folder (or file) of DBN files, e.g. a 'nqflow simulate' session.")
  Path input;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Use only the first N market events of the input. Default: all.")
  long maxEvents = Long.MAX_VALUE;

  @Option(
      names = "--warmup",
      paramLabel = "W",
      description = "Warm-up rounds of plain + feed, not counted. Default: ${DEFAULT-VALUE}.")
  int warmup = 1;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      description = "Measured rounds of plain + feed. Default: ${DEFAULT-VALUE}.")
  int rounds = 3;

  @Option(
      names = "--feed-mode",
      paramLabel = "MODE",
      description =
          "How the feed sends: PIPELINED (a max-speed replay's: encode on the replay thread, send"
              + " on a second one) or DIRECT (live and paced replays': one thread does both)."
              + " Default: ${DEFAULT-VALUE}.")
  FeedPublisher.Mode feedMode = FeedPublisher.Mode.PIPELINED;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the figures as one JSON object to FILE.")
  Path json;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(input)) {
      throw new ParameterException(spec.commandLine(), "--input: no such file or folder: " + input);
    }
    if (maxEvents <= 0 || rounds <= 0 || warmup < 0) {
      throw new ParameterException(
          spec.commandLine(), "--events and --rounds must be positive, --warmup not negative");
    }
    NqflowConfig cfg = Sections.load(profile);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long bufferBytes = (long) cfg.feed().producerBufferMb() << 20;

    long t0 = System.nanoTime();
    Capture captured = new Capture(maxEvents);
    new ReplayFeed(SOURCE, captured, Speed.MAX, cfg.feed().quality())
        .run(List.of(input), n -> {}, captured.control);
    err.printf(
        Locale.ROOT,
        "bench-feed: %,d events, %,d instruments, %,d dead letters serialized in %.1f s%n",
        captured.events.size(),
        captured.instruments.size(),
        captured.deadLetters.size(),
        (System.nanoTime() - t0) / 1e9);
    err.flush();
    long events = captured.events.size();
    if (events == 0) {
      throw new ParameterException(spec.commandLine(), "--input holds no market events: " + input);
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0)) {
      String bootstrap = kafka.bootstrapServers();
      TopicAdmin.ensureTopics(
          bootstrap, cfg.kafka().partitions(), (short) cfg.kafka().replicationFactor());
      settle(bootstrap, captured);
      Properties settings = FeedPublisher.producerProperties(bootstrap, "bench", bufferBytes);
      out.printf(
          Locale.ROOT,
          "bench-feed: %,d events from %s; feed mode %s; embedded broker, %d partitions;"
              + " producer acks=%s,"
              + " idempotence=%s, batch.size=%s, linger.ms=%s, compression=%s%n",
          events,
          input,
          feedMode,
          cfg.kafka().partitions(),
          settings.get(ProducerConfig.ACKS_CONFIG),
          settings.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG),
          settings.get(ProducerConfig.BATCH_SIZE_CONFIG),
          settings.get(ProducerConfig.LINGER_MS_CONFIG),
          settings.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
      out.flush();
      double[] plain = new double[rounds];
      double[] feed = new double[rounds];
      double[] plainCpu = new double[rounds];
      double[] feedCpu = new double[rounds];
      double[] replayCpu = new double[rounds];
      for (int round = 1; round <= warmup + rounds; round++) {
        Timed pt = plain(captured, bootstrap, bufferBytes, round);
        Timed ft = feed(cfg, bootstrap, bufferBytes, round, events);
        double p = events / pt.seconds();
        double f = events / ft.seconds();
        if (round > warmup) {
          plain[round - warmup - 1] = p;
          feed[round - warmup - 1] = f;
          plainCpu[round - warmup - 1] = (double) pt.cpuNanos() / events;
          feedCpu[round - warmup - 1] = (double) ft.cpuNanos() / events;
          replayCpu[round - warmup - 1] = (double) ft.otherCpuNanos() / events;
        }
        out.printf(
            Locale.ROOT,
            "round %d%s: plain KafkaProducer %,.0f events/s, feed replay %,.0f events/s,"
                + " ratio %.2f; sending thread's CPU per event: plain %.0f ns, feed %.0f ns,"
                + " feed's replay thread %.0f ns%n",
            round,
            round <= warmup ? " (warm-up)" : "",
            p,
            f,
            f / p,
            (double) pt.cpuNanos() / events,
            (double) ft.cpuNanos() / events,
            (double) ft.otherCpuNanos() / events);
        out.flush();
      }
      double plainMedian = median(plain);
      double feedMedian = median(feed);
      out.printf(
          Locale.ROOT, "plain KafkaProducer: %,.0f events/s (median of %d)%n", plainMedian, rounds);
      out.printf(
          Locale.ROOT, "feed replay:         %,.0f events/s (median of %d)%n", feedMedian, rounds);
      out.printf(Locale.ROOT, "ratio feed/plain:    %.2f%n", feedMedian / plainMedian);
      // CPU time of the thread that sends moves less with other load on the machine than wall
      // time: it says how much work per event each path does on that thread.
      out.printf(
          Locale.ROOT,
          "sending thread's CPU per event (medians): plain %.0f ns, feed %.0f ns;"
              + " feed's replay thread %.0f ns%n",
          median(plainCpu),
          median(feedCpu),
          median(replayCpu));
      out.flush();
      figures.put("input", input.toString());
      figures.put("events", events);
      figures.put("instruments", captured.instruments.size());
      figures.put("dead_letters", captured.deadLetters.size());
      figures.put("partitions", cfg.kafka().partitions());
      figures.put("feed_mode", feedMode.toString());
      figures.put("warmup_rounds", warmup);
      figures.put("rounds", rounds);
      figures.put("plain_events_per_s", Math.round(plainMedian));
      figures.put("feed_events_per_s", Math.round(feedMedian));
      figures.put("ratio", Math.round(feedMedian / plainMedian * 1000) / 1000.0);
      figures.put("plain_thread_cpu_ns_per_event", Math.round(median(plainCpu)));
      figures.put("feed_thread_cpu_ns_per_event", Math.round(median(feedCpu)));
      figures.put("feed_replay_thread_cpu_ns_per_event", Math.round(median(replayCpu)));
      figures.put("plain_rounds_events_per_s", rounded(plain));
      figures.put("feed_rounds_events_per_s", rounded(feed));
    }
    if (json != null) {
      new com.fasterxml.jackson.databind.ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(json.toFile(), figures);
    }
    return 0;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static long[] rounded(double[] values) {
    long[] r = new long[values.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = Math.round(values[i]);
    }
    return r;
  }

  /**
   * Waits until the new topics' partitions have leaders, then writes one record to each partition
   * with a plain (not idempotent) producer. Right after topic creation the in-process test broker
   * sometimes loses the answer to an idempotent producer's first batch, and the producer then
   * retries it for the whole delivery timeout (OutOfOrderSequenceException): the measured producers
   * start on partitions that have already taken a write.
   */
  private static void settle(String bootstrap, Capture c) throws Exception {
    List<String> topics =
        List.of(Topics.INSTRUMENTS.name(), Topics.MARKET_EVENTS.name(), Topics.DEAD_LETTERS.name());
    Properties ap = KafkaConfig.plaintext(bootstrap).clientProperties();
    Map<String, Integer> partitions = new HashMap<>();
    try (Admin admin = Admin.create(ap)) {
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (true) {
        Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get();
        boolean led =
            d.values().stream()
                .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null));
        if (led) {
          d.forEach((name, t) -> partitions.put(name, t.partitions().size()));
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic partitions without a leader after 60 s: " + d);
        }
        LockSupport.parkNanos(50_000_000L);
      }
    }
    Properties pp = KafkaConfig.plaintext(bootstrap).clientProperties();
    pp.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-settle");
    pp.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    pp.put(ProducerConfig.ACKS_CONFIG, "1");
    byte[][] sample = c.events.get(0);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (Map.Entry<String, Integer> t : partitions.entrySet()) {
        for (int p = 0; p < t.getValue(); p++) {
          sent.add(producer.send(new ProducerRecord<>(t.getKey(), p, sample[0], sample[1])));
        }
      }
      for (java.util.concurrent.Future<?> f : sent) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Wall seconds of a round, the CPU time of the thread that sent and of the feed's replay thread
   * (0 for the plain producer, whose one thread does both).
   */
  record Timed(double seconds, long cpuNanos, long otherCpuNanos) {}

  private static long threadCpu() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** A plain producer sending and flushing the captured bytes. */
  private static Timed plain(Capture c, String bootstrap, long bufferBytes, int round)
      throws Exception {
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            FeedPublisher.producerProperties(bootstrap, "bench-plain-" + round, bufferBytes),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      long cpu = threadCpu();
      long start = System.nanoTime();
      send(producer, Topics.INSTRUMENTS.name(), c.instruments, failure);
      send(producer, Topics.DEAD_LETTERS.name(), c.deadLetters, failure);
      send(producer, Topics.MARKET_EVENTS.name(), c.events, failure);
      producer.flush();
      long end = System.nanoTime();
      cpu = threadCpu() - cpu;
      if (failure.get() != null) {
        throw failure.get();
      }
      return new Timed((end - start) / 1e9, cpu, 0);
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer,
      String topic,
      List<byte[][]> records,
      AtomicReference<Exception> failure) {
    for (byte[][] kv : records) {
      producer.send(
          new ProducerRecord<>(topic, kv[0], kv[1]),
          (md, e) -> {
            if (e != null) {
              failure.compareAndSet(null, e);
            }
          });
    }
  }

  /** The feed's replay path publishing the input and flushing. */
  private Timed feed(NqflowConfig cfg, String bootstrap, long bufferBytes, int round, long events)
      throws Exception {
    try (FeedPublisher publisher =
        new FeedPublisher(bootstrap, "bench-feed-" + round, bufferBytes, feedMode)) {
      RunControl control = RunControl.fromStart();
      FeedSink limited = new Limited(publisher, maxEvents, control);
      long cpu = threadCpu();
      long senderCpu = publisher.senderThreadCpuNanos();
      long start = System.nanoTime();
      ReplayFeed.Stats stats =
          new ReplayFeed(SOURCE, limited, Speed.MAX, cfg.feed().quality())
              .run(List.of(input), n -> {}, control);
      long end = System.nanoTime();
      cpu = threadCpu() - cpu;
      // Read while the sender thread runs: it ends when the publisher closes.
      senderCpu = publisher.senderThreadCpuNanos() - senderCpu;
      if (stats.events() != events) {
        throw new IllegalStateException(
            "the feed published " + stats.events() + " events, the capture held " + events);
      }
      return feedMode == FeedPublisher.Mode.DIRECT
          ? new Timed((end - start) / 1e9, cpu, cpu)
          : new Timed((end - start) / 1e9, senderCpu, cpu);
    }
  }

  /** Stops the replay after {@code max} events. */
  private static final class Limited implements FeedSink {
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

  /** The records the feed would publish, serialized as it serializes them. */
  private static final class Capture implements FeedSink {
    final List<byte[][]> instruments = new ArrayList<>();
    final List<byte[][]> events = new ArrayList<>();
    final List<byte[][]> deadLetters = new ArrayList<>();
    final RunControl control = RunControl.fromStart();
    private final long max;
    // One key array per instrument: the keys repeat, and the baseline may share them.
    private final Map<Long, byte[]> keys = new HashMap<>();

    Capture(long max) {
      this.max = max;
    }

    @Override
    public void instrument(Instrument i) {
      instruments.add(
          new byte[][] {
            Topics.INSTRUMENTS.serializeKey(i.getInstrumentId()),
            Topics.INSTRUMENTS.serializeValue(i)
          });
    }

    @Override
    public void event(MarketEvent e) {
      byte[] key = keys.computeIfAbsent(e.getInstrumentId(), Topics.MARKET_EVENTS::serializeKey);
      events.add(new byte[][] {key, Topics.MARKET_EVENTS.serializeValue(e)});
      if (events.size() >= max) {
        control.stop();
      }
    }

    @Override
    public void deadLetter(DeadLetter d) {
      deadLetters.add(
          new byte[][] {
            Topics.DEAD_LETTERS.serializeKey(d.getSource()), Topics.DEAD_LETTERS.serializeValue(d)
          });
    }
  }
}
