package io.nqflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.common.v1.Side;
import io.nqflow.md.v1.Action;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.md.v1.Mbo;
import io.nqflow.md.v1.Trade;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The codec's reused writer and buffers produce exactly the bytes of Avro's own single-object
 * {@link BinaryMessageEncoder} (the encoding before the writer was reused), for many records of
 * every topic, one after the other on one thread and on several threads at once.
 */
class AvroCodecEncodingTest {
  private static final int RECORDS_PER_TOPIC = 2_000;

  @Test
  void reusedEncoderWritesTheBytesOfAvrosMessageEncoderForEveryTopic() {
    Random random = new Random(7);
    long compared = 0;
    for (Topic<?, ?> topic : Topics.ALL) {
      compared += compare(topic, random, RECORDS_PER_TOPIC);
    }
    assertThat(compared).isEqualTo((long) Topics.ALL.size() * RECORDS_PER_TOPIC);
  }

  @Test
  void threadsEncodingAtOnceEachGetTheirOwnBytes() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Future<?>[] runs = new Future<?>[4];
      for (int t = 0; t < runs.length; t++) {
        long seed = t;
        runs[t] =
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  compare(Topics.MARKET_EVENTS, random, 5_000);
                  compare(Topics.INSTRUMENTS, random, 500);
                  return null;
                });
      }
      for (Future<?> f : runs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void marketEventsUseTheTypedWriterAndAnotherShapeFallsBack() {
    assertThat(MarketEventWriter.supports(Topics.MARKET_EVENTS.valueSchema())).isTrue();
    assertThat(MarketEventWriter.directPayloads(Topics.MARKET_EVENTS.valueSchema())).isTrue();
    assertThat(MarketEventWriter.supports(Topics.INSTRUMENTS.valueSchema())).isFalse();
    org.apache.avro.Schema reordered =
        org.apache.avro.SchemaBuilder.record("MarketEvent")
            .namespace("io.nqflow.md.v1")
            .fields()
            .requiredLong("instrument_id")
            .requiredString("source")
            .endRecord();
    assertThat(MarketEventWriter.supports(reordered)).isFalse();
  }

  @Test
  void mboAndTradeEventsWrittenWholeMatchAvroAtTheVarintBoundaries() {
    long[] longs = {
      0,
      1,
      -1,
      63,
      64,
      -64,
      -65,
      8191,
      8192,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      (long) Integer.MAX_VALUE + 1,
      Long.MAX_VALUE,
      Long.MIN_VALUE,
      Long.MAX_VALUE - 1,
      1L << 62
    };
    int[] ints = {0, 1, -1, 63, 64, -65, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE};
    String[] sources = {"", "replay", "s\u00e9\u4e2d\ud83d\ude00", "x".repeat(200)};
    SpecificData model = new SpecificData(MarketEvent.class.getClassLoader());
    BinaryMessageEncoder<MarketEvent> reference =
        new BinaryMessageEncoder<>(model, Topics.MARKET_EVENTS.valueSchema());
    Random r = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      Object payload =
          i % 2 == 0
              ? new Mbo(
                  pick(longs, r),
                  Action.values()[r.nextInt(Action.values().length)],
                  Side.values()[r.nextInt(Side.values().length)],
                  pick(longs, r),
                  pick(longs, r),
                  ints[r.nextInt(ints.length)])
              : new Trade(
                  pick(longs, r),
                  pick(longs, r),
                  Side.values()[r.nextInt(Side.values().length)],
                  ints[r.nextInt(ints.length)]);
      MarketEvent e =
          new MarketEvent(
              // A new String each time as well as the same one: the writer caches by identity.
              i % 3 == 0 ? new String(sources[r.nextInt(sources.length)]) : sources[i % 4],
              pick(longs, r),
              ints[r.nextInt(ints.length)],
              pick(longs, r),
              pick(longs, r),
              pick(longs, r),
              ints[r.nextInt(ints.length)],
              payload);
      assertThat(Topics.MARKET_EVENTS.serializeValue(e))
          .as("event %d: %s", i, e)
          .isEqualTo(bytes(reference, e));
    }
  }

  @Test
  void anEventWithoutASideFailsAsAvroDoes() {
    MarketEvent e = new MarketEvent("s", 1L, 1, 2L, 3L, 4L, 0, new Trade(1L, 2L, null, 0));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Topics.MARKET_EVENTS.serializeValue(e))
        .isInstanceOf(NullPointerException.class);
  }

  private static long pick(long[] values, Random r) {
    return r.nextInt(4) == 0 ? r.nextLong() : values[r.nextInt(values.length)];
  }

  @Test
  void headerIsTheMarkerAndTheSchemaFingerprint() {
    byte[] bytes =
        Topics.MARKET_EVENTS.serializeValue(
            MessageRoundTripTest.sample(Topics.MARKET_EVENTS, new Random(1), 0));
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(java.util.Arrays.copyOf(bytes, 10))
        .isEqualTo(AvroCodec.header(Topics.MARKET_EVENTS.valueSchema()));
  }

  private static <K, V extends SpecificRecord> int compare(
      Topic<K, V> topic, Random random, int records) {
    SpecificData model = new SpecificData(topic.valueType().getClassLoader());
    BinaryMessageEncoder<V> reference = new BinaryMessageEncoder<>(model, topic.valueSchema());
    int n = 0;
    for (int i = 0; i < records; i++) {
      V value = MessageRoundTripTest.sample(topic, random, i);
      byte[] actual = topic.serializeValue(value);
      assertThat(actual).as("%s record %d", topic, i).isEqualTo(bytes(reference, value));
      // A larger record first must not leave bytes behind for a smaller one.
      assertThat(topic.deserializeValue(actual)).isEqualTo(value);
      n++;
    }
    return n;
  }

  private static <V> byte[] bytes(BinaryMessageEncoder<V> encoder, V value) {
    try {
      ByteBuffer b = encoder.encode(value);
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
