package io.nqflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class MessageRoundTripTest {

  @Test
  void everyMessageOfEveryTopicRoundTripsThroughItsTopicCodec() {
    Random random = new Random(42);
    int checked = 0;
    for (Topic<?, ?> topic : Topics.ALL) {
      // Several samples per topic so that every branch of every union is visited.
      for (int i = 0; i < 40; i++) {
        checked += roundTrip(topic, random, i);
      }
    }
    assertThat(checked).isEqualTo(Topics.ALL.size() * 40);
  }

  @Test
  void keysRoundTripInTheirWireForm() {
    assertThat(Topics.MARKET_EVENTS.serializeKey(5482L)).hasSize(8);
    assertThat(Topics.MARKET_EVENTS.deserializeKey(Topics.MARKET_EVENTS.serializeKey(5482L)))
        .isEqualTo(5482L);
    assertThat(Topics.FLOW_SIGNALS.deserializeKey(Topics.FLOW_SIGNALS.serializeKey("NQH6")))
        .isEqualTo("NQH6");
  }

  @Test
  void bytesOfAnotherSchemaAreRejectedWithTheTypeNamed() {
    byte[] control = Topics.CONTROL.serializeValue(sample(Topics.CONTROL, new Random(1), 0));
    assertThatThrownBy(() -> Topics.MARKET_EVENTS.deserializeValue(control))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("MarketEvent");
    assertThatThrownBy(() -> Topics.MARKET_EVENTS.deserializeValue(new byte[] {1, 2, 3}))
        .isInstanceOf(MessageFormatException.class);
  }

  @Test
  void topicNamesAreUniqueAndResolvable() {
    assertThat(Topics.ALL.stream().map(Topic::name).distinct()).hasSize(Topics.ALL.size());
    for (Topic<?, ?> t : Topics.ALL) {
      assertThat(Topics.byName(t.name())).isSameAs(t);
    }
    assertThatThrownBy(() -> Topics.byName("md.nope")).hasMessageContaining("md.nope");
  }

  private static <K, V extends SpecificRecord> int roundTrip(
      Topic<K, V> topic, Random random, int variant) {
    V value = sample(topic, random, variant);
    byte[] bytes = topic.serializeValue(value);
    V back = topic.deserializeValue(bytes);
    assertThat(back).as(topic.name()).isEqualTo(value);
    assertThat(back.getClass()).isEqualTo(topic.valueType());
    return 1;
  }

  @SuppressWarnings("unchecked")
  static <V extends SpecificRecord> V sample(Topic<?, V> topic, Random random, int variant) {
    Schema schema = topic.valueSchema();
    Object generic = randomDatum(schema, random, variant);
    return (V) SpecificData.get().deepCopy(schema, generic);
  }

  /** A random value of any schema; {@code variant} rotates through union branches. */
  private static Object randomDatum(Schema s, Random r, int variant) {
    return switch (s.getType()) {
      case RECORD -> {
        GenericData.Record rec = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
          rec.put(f.pos(), randomDatum(f.schema(), r, variant));
        }
        yield rec;
      }
      case UNION -> {
        List<Schema> types = s.getTypes();
        yield randomDatum(
            types.get(Math.floorMod(variant + r.nextInt(2), types.size())), r, variant);
      }
      case ENUM ->
          new GenericData.EnumSymbol(
              s, s.getEnumSymbols().get(r.nextInt(s.getEnumSymbols().size())));
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          list.add(randomDatum(s.getElementType(), r, variant));
        }
        yield new GenericData.Array<>(s, list);
      }
      case MAP -> {
        Map<String, Object> map = new HashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
          map.put("k" + r.nextInt(100), randomDatum(s.getValueType(), r, variant));
        }
        yield map;
      }
      case STRING -> "s" + r.nextInt(1_000_000);
      case BYTES -> {
        byte[] b = new byte[r.nextInt(16)];
        r.nextBytes(b);
        yield ByteBuffer.wrap(b);
      }
      case INT -> r.nextInt();
      case LONG -> r.nextLong();
      case DOUBLE -> r.nextDouble() * 1e6;
      case FLOAT -> r.nextFloat();
      case BOOLEAN -> r.nextBoolean();
      case NULL -> null;
      case FIXED -> throw new IllegalStateException("no fixed types in the schemas");
    };
  }
}
