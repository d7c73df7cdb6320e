package io.nqflow.jobs.common;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nqflow.ops.v1.DeadLetter;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing (Jazzer) of Avro decoding of every topic's records, through {@link
 * DecodeFunction#decode}, the path every job takes from Kafka bytes to messages and dead letters
 * (the execution service decodes with the same {@code Topic.deserializeValue} and dead-letters the
 * same {@code MessageFormatException}). Byte 0 of the input chooses the topic of {@link
 * Topics#ALL}; the rest is the record's value. For any bytes:
 *
 * <ul>
 *   <li>the result is a message of the topic's type, which encodes again and decodes to an equal
 *       message, or a dead letter whose source is the topic, whose reason is not blank and names
 *       the expected message type, which carries the raw bytes and position, and which itself
 *       encodes for {@code ops.deadletter} and decodes back equal;
 *   <li>nothing else is thrown, and decoding allocates at most {@link #ALLOCATION_BUDGET} bytes
 *       plus 64 per input byte.
 * </ul>
 *
 * <p>Seeds: valid encodings of random messages of every topic (every union branch), from {@link
 * #validEncodings}. Runs in fuzzing mode in the build (the {@code nqflow.fuzz*} properties of the
 * parent pom) and for as long as asked in scripts/fuzz.sh.
 */
class TopicRecordFuzzTest {
  static final long ALLOCATION_BUDGET = 16L << 20;

  private static final long NOW = 1_764_892_800_000_000_000L;

  @MethodSource("validEncodings")
  @FuzzTest(maxDuration = "12s")
  void decode(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    Topic<?, ?> topic = Topics.ALL.get((input[0] & 0xFF) % Topics.ALL.size());
    byte[] value = Arrays.copyOfRange(input, 1, input.length);
    AllocationBudget.run(
        ALLOCATION_BUDGET + 64L * input.length,
        "decoding " + topic.name(),
        () -> check(topic, value));
  }

  private static <V extends SpecificRecord> void check(Topic<?, V> topic, byte[] value) {
    RawRecord raw = new RawRecord(topic.name(), 3, 1234L, null, value);
    DecodeFunction.Decoded<V> d = DecodeFunction.decode(topic, "fuzz", raw, NOW);
    if ((d.value() == null) == (d.deadLetter() == null)) {
      throw new AssertionError("exactly one of value and dead letter must be set: " + d);
    }
    if (d.value() != null) {
      V v = d.value();
      if (v.getClass() != topic.valueType()) {
        throw new AssertionError(topic.name() + " decoded a " + v.getClass().getName());
      }
      V again = topic.deserializeValue(topic.serializeValue(v));
      if (!again.equals(v)) {
        throw new AssertionError(topic.name() + " message changed in a round trip: " + v);
      }
      return;
    }
    DeadLetter dl = d.deadLetter();
    String type = topic.valueType().getSimpleName();
    if (!topic.name().equals(dl.getSource())) {
      throw new AssertionError("dead letter of " + topic.name() + " has source " + dl.getSource());
    }
    if (dl.getReason() == null || dl.getReason().isBlank() || !dl.getReason().contains(type)) {
      throw new AssertionError(
          "dead letter of " + topic.name() + " needs a reason naming " + type + ": " + dl);
    }
    if (!dl.getRaw().equals(ByteBuffer.wrap(value))
        || !raw.position().equals(dl.getPosition())
        || dl.getTs() != NOW) {
      throw new AssertionError("dead letter does not carry the record: " + dl);
    }
    DeadLetter back = Topics.DEAD_LETTERS.deserializeValue(Topics.DEAD_LETTERS.serializeValue(dl));
    if (!back.equals(dl)) {
      throw new AssertionError("dead letter changed on its way through ops.deadletter: " + dl);
    }
  }

  /** Valid encodings of random messages of every topic, each prefixed with its topic's index. */
  static Stream<Arguments> validEncodings() {
    Random random = new Random(16);
    List<Arguments> seeds = new ArrayList<>();
    for (int t = 0; t < Topics.ALL.size(); t++) {
      Topic<?, ?> topic = Topics.ALL.get(t);
      for (int variant = 0; variant < 6; variant++) {
        byte[] bytes = encode(topic, random, variant);
        byte[] seed = new byte[bytes.length + 1];
        seed[0] = (byte) t;
        System.arraycopy(bytes, 0, seed, 1, bytes.length);
        seeds.add(Arguments.of((Object) seed));
      }
    }
    return seeds.stream();
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> byte[] encode(
      Topic<?, V> topic, Random random, int variant) {
    Schema schema = topic.valueSchema();
    V value = (V) SpecificData.get().deepCopy(schema, randomDatum(schema, random, variant));
    return topic.serializeValue(value);
  }

  /** A random value of a schema; {@code variant} rotates through the branches of unions. */
  private static Object randomDatum(Schema s, Random r, int variant) {
    return switch (s.getType()) {
      case RECORD -> {
        GenericData.Record rec = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
          rec.put(f.pos(), randomDatum(f.schema(), r, variant));
        }
        yield rec;
      }
      case ENUM ->
          new GenericData.EnumSymbol(
              s, s.getEnumSymbols().get(variant % s.getEnumSymbols().size()));
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          items.add(randomDatum(s.getElementType(), r, variant + i));
        }
        yield new GenericData.Array<>(s, items);
      }
      case MAP -> {
        Map<String, Object> m = new HashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
          m.put("k" + r.nextInt(100), randomDatum(s.getValueType(), r, variant + i));
        }
        yield m;
      }
      case UNION -> randomDatum(s.getTypes().get(variant % s.getTypes().size()), r, variant);
      case STRING -> "s" + Integer.toString(r.nextInt(1 << 20), 36);
      case BYTES -> {
        byte[] b = new byte[r.nextInt(8)];
        r.nextBytes(b);
        yield ByteBuffer.wrap(b);
      }
      case FIXED -> {
        byte[] b = new byte[s.getFixedSize()];
        r.nextBytes(b);
        yield new GenericData.Fixed(s, b);
      }
      case INT -> r.nextInt(1000) - 100;
      case LONG -> r.nextLong() >> r.nextInt(64);
      case FLOAT -> r.nextFloat() * 100;
      case DOUBLE -> r.nextDouble() * 1e4 - 10;
      case BOOLEAN -> r.nextBoolean();
      case NULL -> null;
    };
  }
}
