package io.nqflow.runner.bench;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.time.EpochNanos;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the hops of a benchmark run. While it runs, a plain consumer of signals.flow,
 * orders.approved and orders.rejected notes the wall time at which each record arrives; at the end
 * the broker's append times of the trigger events are read back from md.events, and the execution
 * service's SENT audits (ops.audit) and broker acknowledgements (exec.events) from their topics.
 */
final class HopCollector implements AutoCloseable {
  /** A signal and the wall time (epoch ns) the plain consumer received it. */
  record Received<V>(V value, long receivedNanos, long appendMillis) {}

  private final String bootstrap;
  private final Map<String, Received<FlowSignal>> signals = new ConcurrentHashMap<>();
  private final Map<String, Received<OrderIntent>> intents = new ConcurrentHashMap<>();
  private final Map<String, Received<RiskDecision>> rejections = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  HopCollector(String bootstrap) {
    this.bootstrap = bootstrap;
    this.thread = new Thread(this::run, "bench-latency-collector");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * The settings of a latency-minded consumer: a fetch returns as soon as one byte is there
   * (fetch.min.bytes=1, Kafka's default), and an empty fetch waits at most 100 ms, so that a poll
   * loop notices new records within a network round trip rather than a fetch interval.
   */
  static Properties consumerProperties(String bootstrap) {
    Properties p = KafkaConfig.plaintext(bootstrap).clientProperties();
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "nqflow-bench-latency");
    return p;
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(bootstrap))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (Topic<?, ?> t :
          List.of(Topics.FLOW_SIGNALS, Topics.ORDERS_APPROVED, Topics.ORDERS_REJECTED)) {
        for (var info : c.partitionsFor(t.name(), Duration.ofSeconds(30))) {
          parts.add(new TopicPartition(t.name(), info.partition()));
        }
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      while (running) {
        ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(100));
        long now = EpochNanos.now();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          String topic = r.topic();
          if (topic.equals(Topics.FLOW_SIGNALS.name())) {
            FlowSignal s = Topics.FLOW_SIGNALS.deserializeValue(r.value());
            signals.putIfAbsent(s.getSignalId(), new Received<>(s, now, r.timestamp()));
          } else if (topic.equals(Topics.ORDERS_APPROVED.name())) {
            OrderIntent i = Topics.ORDERS_APPROVED.deserializeValue(r.value());
            intents.putIfAbsent(i.getSignalId(), new Received<>(i, now, r.timestamp()));
          } else {
            RiskDecision d = Topics.ORDERS_REJECTED.deserializeValue(r.value());
            rejections.putIfAbsent(d.getSignalId(), new Received<>(d, now, r.timestamp()));
          }
        }
      }
    } catch (Throwable t) {
      failure = t;
    }
  }

  /** Fails when the consumer thread died. */
  void check() {
    if (failure != null) {
      throw new IllegalStateException("bench consumer failed: " + failure, failure);
    }
  }

  Map<String, Received<FlowSignal>> signals() {
    return signals;
  }

  Map<String, Received<OrderIntent>> intents() {
    return intents;
  }

  Map<String, Received<RiskDecision>> rejections() {
    return rejections;
  }

  /**
   * The broker's append time (ms, md.events uses LogAppendTime) of each trigger event, by {@code
   * ts_event}: the latest append among the records that carry it, since the trigger is one of them.
   */
  Map<Long, Long> mdAppendMillis(Set<Long> tsEvents) {
    Map<Long, Long> out = new HashMap<>();
    readAll(
        Topics.MARKET_EVENTS,
        r -> {
          // Values are decoded only as needed: the key is not enough, the event time is inside.
          MarketEvent e = Topics.MARKET_EVENTS.deserializeValue(r.value());
          if (tsEvents.contains(e.getTsEvent())) {
            out.merge(e.getTsEvent(), r.timestamp(), Math::max);
          }
        });
    return out;
  }

  /** When the execution service sent each order: the SENT audit's time, by client order id. */
  Map<String, Long> sentNanos() {
    Map<String, Long> out = new HashMap<>();
    readAll(
        Topics.AUDIT,
        r -> {
          AuditEvent a = Topics.AUDIT.deserializeValue(r.value());
          if ("execution".equals(a.getStage())
              && "order".equals(a.getEntityType())
              && "SENT".equals(a.getAction())) {
            out.putIfAbsent(a.getEntityId(), a.getTs());
          }
        });
    return out;
  }

  /** When the broker had acknowledged each entry order (OrderAccepted), by client order id. */
  Map<String, Long> acceptedNanos() {
    Map<String, Long> out = new HashMap<>();
    readAll(
        Topics.EXEC_EVENTS,
        r -> {
          ExecutionEvent e = Topics.EXEC_EVENTS.deserializeValue(r.value());
          if (e.getPayload() instanceof OrderAccepted a && a.getRole() == OrderRole.ENTRY) {
            out.putIfAbsent(a.getClientOrderId(), e.getTsEvent());
          }
        });
    return out;
  }

  private void readAll(Topic<?, ?> topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(bootstrap))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (var info : c.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
        parts.add(new TopicPartition(topic.name(), info.partition()));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!reached(c, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic.name() + " took over 5 minutes");
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          each.accept(r);
        }
      }
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(Duration.ofSeconds(10).toMillis());
  }
}
