package io.nqflow.feed;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands finished records (topic, key, value, callback) from one publishing thread to one sender
 * thread that calls {@code producer.send} in the same order, so that encoding and sending run on
 * two cores. Records travel in reusable batches through a bounded pool: when every batch is full or
 * in flight the publishing thread blocks (back pressure, bounded memory). A send that throws on the
 * sender thread is kept in the shared failure (the publisher rethrows it on its next call) and the
 * rest is discarded, so the publishing thread neither hangs nor loses the error. Methods other than
 * {@link #senderCpuNanos()} are for the one publishing thread.
 */
final class SendPipeline implements AutoCloseable {
  /** Records per batch: large enough that a hand-off costs nothing per record. */
  static final int BATCH_RECORDS = 1024;

  /** Batches in the pool: at most this many records are between the two threads. */
  static final int BATCHES = 8;

  /** How often a waiting publisher checks that the sender thread still runs. */
  private static final long CHECK_NANOS = 100_000_000L;

  private static final long JOIN_MILLIS = 90_000L;

  /** A batch of records; reused, only ever owned by one thread at a time. */
  private static final class Batch {
    final String[] topics;
    final byte[][] keys;
    final byte[][] values;
    final Callback[] callbacks;
    int size;

    Batch(int capacity) {
      topics = new String[capacity];
      keys = new byte[capacity][];
      values = new byte[capacity][];
      callbacks = new Callback[capacity];
    }
  }

  private final Producer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure;
  private final int batchRecords;
  private final int batches;
  private final ArrayBlockingQueue<Batch> free;

  /** Batches to send, and at most one {@link #stop} marker: never full, so adding never blocks. */
  private final ArrayBlockingQueue<Batch> full;

  private final Batch stop = new Batch(0);
  private final Thread sender;

  /** The batch being filled by the publishing thread, or null. */
  private Batch current;

  private boolean closed;

  SendPipeline(
      Producer<byte[], byte[]> producer,
      AtomicReference<Exception> failure,
      String name,
      int batchRecords,
      int batches) {
    this.producer = producer;
    this.failure = failure;
    this.batchRecords = batchRecords;
    this.batches = batches;
    this.free = new ArrayBlockingQueue<>(batches);
    this.full = new ArrayBlockingQueue<>(batches + 1);
    for (int i = 0; i < batches; i++) {
      free.add(new Batch(batchRecords));
    }
    sender = new Thread(this::sendLoop, name);
    sender.setDaemon(true);
    sender.start();
  }

  /** Queues one record; hands the batch to the sender when it is full. */
  void add(String topic, byte[] key, byte[] value, Callback callback) {
    Batch b = current;
    if (b == null) {
      if (closed) {
        throw new IllegalStateException("the publisher is closed");
      }
      b = take();
      current = b;
    }
    int i = b.size;
    b.topics[i] = topic;
    b.keys[i] = key;
    b.values[i] = value;
    b.callbacks[i] = callback;
    b.size = i + 1;
    if (b.size == batchRecords) {
      current = null;
      full.add(b);
    }
  }

  /** Hands off the partial batch and waits until the sender has sent every record queued. */
  void drain() {
    Batch b = current;
    if (b != null) {
      current = null;
      if (b.size > 0) {
        full.add(b);
      } else {
        free.add(b);
      }
    }
    // Every batch back in the pool means every record handed off went through producer.send.
    List<Batch> all = new ArrayList<>(batches);
    try {
      while (all.size() < batches) {
        all.add(take());
      }
    } finally {
      free.addAll(all);
    }
  }

  /** CPU time of the sender thread so far, ns; -1 once it has ended. */
  long senderCpuNanos() {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(sender.getId());
  }

  /** Stops the sender thread after it has sent what was handed off (call {@link #drain} first). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    full.add(stop);
    try {
      sender.join(JOIN_MILLIS);
      if (sender.isAlive()) {
        sender.interrupt();
        sender.join(JOIN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sender.interrupt();
    }
  }

  /** A batch from the pool; blocks while the sender is behind, fails if it has ended. */
  private Batch take() {
    try {
      while (true) {
        Batch b = free.poll(CHECK_NANOS, TimeUnit.NANOSECONDS);
        if (b != null) {
          return b;
        }
        if (!sender.isAlive()) {
          Exception e = failure.get();
          throw new FeedException(
              "the Kafka sender thread has ended" + (e == null ? "" : ": " + e.getMessage()), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FeedException("interrupted while waiting for the Kafka sender", e);
    }
  }

  private void sendLoop() {
    while (true) {
      Batch b;
      try {
        b = full.take();
      } catch (InterruptedException e) {
        return;
      }
      if (b == stop) {
        return;
      }
      try {
        // After a failure the rest is not sent: the publisher throws on its next call, as it does
        // when it sends itself.
        if (failure.get() == null) {
          for (int i = 0; i < b.size; i++) {
            producer.send(
                new ProducerRecord<>(b.topics[i], b.keys[i], b.values[i]), b.callbacks[i]);
          }
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } catch (Error e) {
        failure.compareAndSet(null, new IllegalStateException(e.toString(), e));
      } finally {
        b.size = 0;
        free.add(b);
      }
    }
  }
}
