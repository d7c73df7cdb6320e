package io.nqflow.feed;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Quote;
import io.nqflow.md.v1.Statistic;
import io.nqflow.md.v1.Status;
import io.nqflow.md.v1.Trade;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.ops.v1.CostEvent;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes normalized market data to Kafka: idempotent, {@code acks=all}, ordered per instrument (key
 * = instrument id), and bounded in memory: when the producer's buffer is full {@code send} blocks,
 * so the feed slows down instead of buffering without limit or dropping. A failed send is rethrown
 * on the next call or at {@link #flush()}; nothing fails silently. Also the feed's {@link OpsSink}:
 * cost and audit events go through the same producer and are flushed at once.
 *
 * <p>In {@link Mode#PIPELINED} the calling thread only encodes: it hands the finished records in
 * batches to a sender thread that calls {@code producer.send} in the same order (see {@link
 * SendPipeline}), and {@link #flush()} waits until the sender has sent everything. Records then
 * wait for their batch to fill, so that mode is for a max-speed replay only; live sources and paced
 * replays use {@link Mode#DIRECT}.
 */
public final class FeedPublisher implements FeedSink, OpsSink, AutoCloseable {
  /** How records reach {@code producer.send}. */
  public enum Mode {
    /** The calling thread sends each record at once: live sources, paced replays. */
    DIRECT,
    /**
     * The calling thread encodes, a sender thread sends, records handed over in batches: a
     * max-speed replay, whose one thread is otherwise the bound. One calling thread only.
     */
    PIPELINED
  }

  private final Producer<byte[], byte[]> producer;

  /** The sender thread's hand-off in {@link Mode#PIPELINED}; null in {@link Mode#DIRECT}. */
  private final SendPipeline pipeline;

  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong instruments = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  // Metric children by source (then kind): a label lookup per acknowledgement is costly, and the
  // acknowledgements run on the producer's one I/O thread.
  private final Map<String, SourceMetrics> metrics = new ConcurrentHashMap<>();

  /** The children used last: one source publishes nearly every record. */
  private volatile SourceMetrics lastMetrics;

  private final CachedKey[] keyCache = new CachedKey[4096];

  /** The kinds of {@link #kind}, in the order of {@link SourceMetrics#out}. */
  private static final String[] KINDS = {
    "instrument", "mbo", "trade", "quote", "statistic", "status"
  };

  /** One source's metric children. */
  private static final class SourceMetrics {
    final String source;
    final Counter.Child[] out = new Counter.Child[KINDS.length];
    final Map<String, Counter.Child> otherOut = new ConcurrentHashMap<>();
    final Histogram.Child lag;

    SourceMetrics(String source) {
      this.source = source;
      for (int i = 0; i < KINDS.length; i++) {
        out[i] = FeedMetrics.EVENTS_OUT.labels(source, KINDS[i]);
      }
      lag = FeedMetrics.PUBLISH_LAG.labels(source);
    }

    Counter.Child out(String kind) {
      for (int i = 0; i < KINDS.length; i++) {
        if (KINDS[i].equals(kind)) {
          return out[i];
        }
      }
      return otherOut.computeIfAbsent(kind, k -> FeedMetrics.EVENTS_OUT.labels(source, k));
    }

    /** The counter of a market event's payload kind, found by class (no label per event). */
    Counter.Child out(Object payload) {
      if (payload instanceof Mbo) {
        return out[1];
      } else if (payload instanceof Trade) {
        return out[2];
      } else if (payload instanceof Quote) {
        return out[3];
      } else if (payload instanceof Statistic) {
        return out[4];
      } else if (payload instanceof Status) {
        return out[5];
      }
      return out(kind(payload));
    }
  }

  public FeedPublisher(String bootstrapServers, String clientId, long bufferBytes) {
    this(bootstrapServers, clientId, bufferBytes, Mode.DIRECT);
  }

  /** A publisher to a PLAINTEXT broker (a local or test one). */
  public FeedPublisher(String bootstrapServers, String clientId, long bufferBytes, Mode mode) {
    this(KafkaConfig.plaintext(bootstrapServers), clientId, bufferBytes, mode);
  }

  /** A publisher with the brokers and TLS/SASL settings of {@code kafka}. */
  public FeedPublisher(KafkaConfig kafka, String clientId, long bufferBytes) {
    this(kafka, clientId, bufferBytes, Mode.DIRECT);
  }

  /** A publisher with the brokers and TLS/SASL settings of {@code kafka}. */
  public FeedPublisher(KafkaConfig kafka, String clientId, long bufferBytes, Mode mode) {
    this(
        new KafkaProducer<>(
            producerProperties(kafka, clientId, bufferBytes),
            new ByteArraySerializer(),
            new ByteArraySerializer()),
        mode,
        clientId);
  }

  /** Publishes through {@code producer} (closed with this publisher), e.g. an in-memory one. */
  FeedPublisher(Producer<byte[], byte[]> producer) {
    this(producer, Mode.DIRECT, "feed");
  }

  FeedPublisher(Producer<byte[], byte[]> producer, Mode mode, String name) {
    this(producer, mode, name, SendPipeline.BATCH_RECORDS, SendPipeline.BATCHES);
  }

  /** With the pipeline's batch size and count chosen, e.g. small ones in tests. */
  FeedPublisher(
      Producer<byte[], byte[]> producer, Mode mode, String name, int batchRecords, int batches) {
    this.producer = producer;
    this.pipeline =
        mode == Mode.PIPELINED
            ? new SendPipeline(producer, failure, name + "-sender", batchRecords, batches)
            : null;
  }

  /**
   * The producer settings of the feed (also used by {@code nqflow bench-feed}'s plain-producer
   * baseline, so both send with the same settings).
   */
  public static Properties producerProperties(
      String bootstrapServers, String clientId, long bufferBytes) {
    return producerProperties(KafkaConfig.plaintext(bootstrapServers), clientId, bufferBytes);
  }

  /** The producer settings of the feed, with the brokers and TLS/SASL settings of {@code kafka}. */
  public static Properties producerProperties(
      KafkaConfig kafka, String clientId, long bufferBytes) {
    Properties p = kafka.clientProperties();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferBytes));
    // Back pressure: block (up to a minute) rather than fail when the buffer is full.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
    return p;
  }

  @Override
  public void instrument(Instrument i) {
    send(Topics.INSTRUMENTS, i.getInstrumentId(), i, i.getSource(), "instrument", i.getTsRecv());
    instruments.incrementAndGet();
  }

  @Override
  public void event(MarketEvent e) {
    rethrow();
    String source = e.getSource();
    long tsRecv = e.getTsRecv();
    byte[] v = Topics.MARKET_EVENTS.serializeValue(e);
    Counter.Child outChild = null;
    Histogram.Child lagChild = null;
    if (source != null) {
      SourceMetrics m = metrics(source);
      outChild = m.out(e.getPayload());
      lagChild = tsRecv > 0 ? m.lag : null;
    }
    publish(
        Topics.MARKET_EVENTS.name(),
        eventKey(e.getInstrumentId()),
        v,
        new Acknowledged(outChild, lagChild, tsRecv));
    events.incrementAndGet();
  }

  /** The metric label of a payload: its type in lower case. */
  private static String kind(Object payload) {
    return payload.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The md.events key of an instrument, from a small cache: the keys repeat, and the producer only
   * reads them. A direct-mapped array of immutable entries, safe to share between threads without a
   * lock (a racing thread at worst makes the key again).
   */
  private byte[] eventKey(long instrumentId) {
    int slot = (int) (instrumentId ^ (instrumentId >>> 32)) & (keyCache.length - 1);
    CachedKey k = keyCache[slot];
    if (k == null || k.instrumentId() != instrumentId) {
      k = new CachedKey(instrumentId, Topics.MARKET_EVENTS.serializeKey(instrumentId));
      keyCache[slot] = k;
    }
    return k.bytes();
  }

  private record CachedKey(long instrumentId, byte[] bytes) {}

  /** The metric children of a source: the ones used last, or from the map. */
  private SourceMetrics metrics(String source) {
    SourceMetrics m = lastMetrics;
    if (m == null || !m.source.equals(source)) {
      m = metrics.computeIfAbsent(source, SourceMetrics::new);
      lastMetrics = m;
    }
    return m;
  }

  @Override
  public void deadLetter(DeadLetter d) {
    send(Topics.DEAD_LETTERS, d.getSource(), d, null, null, 0);
    deadLetters.incrementAndGet();
    FeedMetrics.DEAD_LETTERS.labels(d.getSource(), d.getStage()).inc();
  }

  @Override
  public void cost(CostEvent c) {
    send(Topics.COSTS, c.getSource(), c, null, null, 0);
    flush();
  }

  @Override
  public void audit(AuditEvent a) {
    send(Topics.AUDIT, a.getEntityId(), a, null, null, 0);
    flush();
  }

  /**
   * Sends one record; on acknowledgement counts it under {@code source}/{@code kind} and observes
   * the lag from {@code tsRecv} (skipped when {@code source} is null).
   */
  private <K, V extends SpecificRecord> void send(
      Topic<K, V> topic, K key, V value, String source, String kind, long tsRecv) {
    rethrow();
    byte[] k = topic.serializeKey(key);
    byte[] v = topic.serializeValue(value);
    Counter.Child outChild;
    Histogram.Child lagChild;
    if (source != null) {
      SourceMetrics m = metrics.computeIfAbsent(source, SourceMetrics::new);
      outChild = m.out(kind);
      lagChild = tsRecv > 0 ? m.lag : null;
    } else {
      outChild = null;
      lagChild = null;
    }
    publish(topic.name(), k, v, new Acknowledged(outChild, lagChild, tsRecv));
  }

  /** Sends one encoded record now, or hands it to the sender thread. */
  private void publish(String topic, byte[] key, byte[] value, Callback callback) {
    if (pipeline != null) {
      pipeline.add(topic, key, value, callback);
    } else {
      producer.send(new ProducerRecord<>(topic, key, value), callback);
    }
  }

  /**
   * On acknowledgement counts the record under its source and kind and observes the lag from its
   * {@code ts_recv}; keeps the first failure for {@link #rethrow()}. Runs on the producer's I/O
   * thread.
   */
  private final class Acknowledged implements Callback {
    private final Counter.Child outChild;
    private final Histogram.Child lagChild;
    private final long tsRecv;

    Acknowledged(Counter.Child outChild, Histogram.Child lagChild, long tsRecv) {
      this.outChild = outChild;
      this.lagChild = lagChild;
      this.tsRecv = tsRecv;
    }

    @Override
    public void onCompletion(RecordMetadata md, Exception e) {
      if (e != null) {
        failure.compareAndSet(null, e);
      } else if (outChild != null) {
        outChild.inc();
        if (lagChild != null) {
          lagChild.observe((EpochNanos.now() - tsRecv) / 1e9);
        }
      }
    }
  }

  /**
   * Waits until everything sent so far is acknowledged (when pipelined, first until the sender
   * thread has sent everything handed to it).
   */
  @Override
  public void flush() {
    if (pipeline != null) {
      pipeline.drain();
    }
    producer.flush();
    rethrow();
  }

  /**
   * CPU time of the sender thread so far, ns, while it runs ({@link Mode#PIPELINED}); -1 otherwise.
   */
  public long senderThreadCpuNanos() {
    return pipeline == null ? -1 : pipeline.senderCpuNanos();
  }

  private void rethrow() {
    Exception e = failure.get();
    if (e != null) {
      throw new FeedException("publishing to Kafka failed: " + e.getMessage(), e);
    }
  }

  public long instrumentsPublished() {
    return instruments.get();
  }

  public long eventsPublished() {
    return events.get();
  }

  public long deadLettersPublished() {
    return deadLetters.get();
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      try {
        if (pipeline != null) {
          pipeline.close();
        }
      } finally {
        producer.close(Duration.ofSeconds(30));
      }
    }
  }
}
