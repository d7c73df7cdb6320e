package io.nqflow.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The pipelined publisher: order, flush, back pressure, failures of the sender thread. */
class FeedPublisherPipelineTest {
  private static final long DEADLINE_NANOS = 30_000_000_000L;

  private static DeadLetter letter(int n) {
    return DeadLetter.newBuilder()
        .setDeadLetterId("dl-" + n)
        .setSource("pipe-test")
        .setStage("test")
        .setReason("record " + n)
        .setRaw(ByteBuffer.wrap(new byte[] {(byte) n}))
        .setPosition(Integer.toString(n))
        .setTs(n)
        .build();
  }

  private static MockProducer<byte[], byte[]> mock() {
    return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static List<String> positions(MockProducer<byte[], byte[]> p) {
    return p.history().stream()
        .map(r -> Topics.DEAD_LETTERS.deserializeValue(r.value()).getPosition())
        .toList();
  }

  @Test
  void sendsEveryRecordInOrderAndFlushWaitsForTheSender() {
    MockProducer<byte[], byte[]> direct = mock();
    MockProducer<byte[], byte[]> piped = mock();
    try (FeedPublisher d = new FeedPublisher(direct);
        FeedPublisher p = new FeedPublisher(piped, FeedPublisher.Mode.PIPELINED, "t", 5, 2)) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 1003; i++) {
          d.deadLetter(letter(round * 10_000 + i));
          p.deadLetter(letter(round * 10_000 + i));
        }
        // The last record sits in a partial batch until the flush hands it off.
        p.flush();
        d.flush();
        assertThat(piped.history()).hasSize(1003 * (round + 1));
        assertThat(positions(piped)).isEqualTo(positions(direct));
      }
      assertThat(p.deadLettersPublished()).isEqualTo(3009);
      assertThat(p.senderThreadCpuNanos()).isNotNegative();
      assertThat(d.senderThreadCpuNanos()).isEqualTo(-1);
    }
  }

  @Test
  void closeStopsTheSenderThread() {
    FeedPublisher p = new FeedPublisher(mock(), FeedPublisher.Mode.PIPELINED, "t", 5, 2);
    p.deadLetter(letter(1));
    assertThat(p.senderThreadCpuNanos()).isNotNegative();
    p.close();
    // -1: the thread has ended.
    assertThat(p.senderThreadCpuNanos()).isEqualTo(-1);
  }

  /** Throws from the n-th send on, as a producer that is closed or out of time does. */
  private static final class FailingProducer extends MockProducer<byte[], byte[]> {
    private final AtomicInteger calls = new AtomicInteger();
    private final int failAt;

    FailingProducer(int failAt) {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
      this.failAt = failAt;
    }

    @Override
    public synchronized Future<RecordMetadata> send(
        ProducerRecord<byte[], byte[]> record, Callback callback) {
      if (calls.incrementAndGet() >= failAt) {
        throw new KafkaException("broker gone");
      }
      return super.send(record, callback);
    }
  }

  @Test
  void aSendFailingOnTheSenderThreadIsThrownToThePublisherAndNothingHangs() {
    FailingProducer producer = new FailingProducer(7);
    FeedPublisher p = new FeedPublisher(producer, FeedPublisher.Mode.PIPELINED, "t", 4, 2);
    // Two full batches: the failing send is in the second, handed off with the last call, so no
    // call here can have seen the failure yet.
    for (int i = 0; i < 8; i++) {
      p.deadLetter(letter(i));
    }
    assertThatThrownBy(p::flush)
        .isInstanceOf(FeedException.class)
        .hasMessageContaining("broker gone");
    assertThatThrownBy(() -> p.deadLetter(letter(99))).isInstanceOf(FeedException.class);
    // The records before the failing one went out, in order; none after it.
    assertThat(positions(producer)).containsExactly("0", "1", "2", "3", "4", "5");
    assertThatThrownBy(p::close).isInstanceOf(FeedException.class);
    assertThat(p.senderThreadCpuNanos()).isEqualTo(-1);
  }

  @Test
  void aFailureWhileTheReplayKeepsPublishingEndsItsNextCalls() {
    FailingProducer producer = new FailingProducer(3);
    FeedPublisher p = new FeedPublisher(producer, FeedPublisher.Mode.PIPELINED, "t", 2, 2);
    AtomicReference<RuntimeException> thrown = new AtomicReference<>();
    long deadline = System.nanoTime() + DEADLINE_NANOS;
    // Far more records than the pool holds: the publisher must learn of the failure (or block on
    // a full pool and learn of it there), never wait for ever.
    for (int i = 0; i < 1_000_000 && thrown.get() == null; i++) {
      try {
        p.deadLetter(letter(i));
      } catch (FeedException e) {
        thrown.set(e);
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
    }
    assertThat(thrown.get()).isNotNull().hasMessageContaining("broker gone");
    assertThatThrownBy(p::close).isInstanceOf(FeedException.class);
  }

  /** Blocks every send until released, as a producer with a full buffer does. */
  private static final class BlockingProducer extends MockProducer<byte[], byte[]> {
    final CountDownLatch release = new CountDownLatch(1);

    BlockingProducer() {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return super.send(record, callback);
    }
  }

  @Test
  void aSlowSenderBlocksThePublisherOnceThePoolIsFull() throws Exception {
    BlockingProducer producer = new BlockingProducer();
    try (FeedPublisher p = new FeedPublisher(producer, FeedPublisher.Mode.PIPELINED, "t", 4, 2)) {
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread replay =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 100; i++) {
                    p.deadLetter(letter(i));
                  }
                  p.flush();
                } catch (Throwable t) {
                  failed.set(t);
                }
              });
      replay.start();
      // Two batches of four: one held by the blocked sender, one waiting; the ninth record
      // waits for a free batch.
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      while (!(p.deadLettersPublished() == 8 && replay.getState() == Thread.State.TIMED_WAITING)) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        assertThat(p.deadLettersPublished()).isLessThanOrEqualTo(8);
        LockSupport.parkNanos(1_000_000L);
      }
      assertThat(producer.history()).isEmpty();
      producer.release.countDown();
      replay.join(DEADLINE_NANOS / 1_000_000);
      assertThat(replay.isAlive()).isFalse();
      assertThat(failed.get()).isNull();
      assertThat(positions(producer))
          .isEqualTo(java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toList());
    }
  }
}
