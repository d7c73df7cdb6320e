package io.nqflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.md.v1.MarketEvent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * The direct MarketEvent reader decodes exactly what Avro's own single-object decoder decodes, for
 * every payload branch and nullable field, and rejects truncated or corrupt bytes with a {@link
 * MessageFormatException} instead of reading past them or allocating what a count claims.
 */
class MarketEventReaderTest {
  private static final BinaryMessageDecoder<MarketEvent> AVRO =
      new BinaryMessageDecoder<>(
          new SpecificData(MarketEvent.class.getClassLoader()), MarketEvent.getClassSchema());

  @Test
  void knowsTheCurrentSchema() {
    assertThat(MarketEventReader.supports(MarketEvent.getClassSchema()))
        .as(
            "MarketEvent.avsc changed: update MarketEventReader.read to its fields and"
                + " KNOWN_FINGERPRINT to 0x%016xL",
            SchemaNormalization.parsingFingerprint64(MarketEvent.getClassSchema()))
        .isTrue();
    assertThat(MarketEventReader.supports(Topics.INSTRUMENTS.valueSchema())).isFalse();
  }

  @Test
  void decodesWhatAvroDecodesForEveryBranch() throws Exception {
    Random random = new Random(11);
    Set<Class<?>> payloads = new HashSet<>();
    Set<String> nullable = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      MarketEvent e = MessageRoundTripTest.sample(Topics.MARKET_EVENTS, random, i);
      byte[] bytes = Topics.MARKET_EVENTS.serializeValue(e);
      MarketEvent fast = Topics.MARKET_EVENTS.deserializeValue(bytes);
      assertThat(fast).as("record %d", i).isEqualTo(AVRO.decode(bytes)).isEqualTo(e);
      payloads.add(fast.getPayload().getClass());
      if (fast.getPayload() instanceof io.nqflow.md.v1.Statistic s) {
        nullable.add("price:" + (s.getPrice() == null));
      }
      if (fast.getPayload() instanceof io.nqflow.md.v1.Status s) {
        nullable.add("trading:" + s.getIsTrading());
      }
    }
    assertThat(payloads).hasSize(5);
    assertThat(nullable)
        .contains("price:true", "price:false", "trading:null", "trading:true", "trading:false");
  }

  @Test
  void everyTruncationIsAFormatError() {
    Random random = new Random(3);
    for (int i = 0; i < 200; i++) {
      byte[] bytes =
          Topics.MARKET_EVENTS.serializeValue(
              MessageRoundTripTest.sample(Topics.MARKET_EVENTS, random, i));
      for (int cut = 10; cut < bytes.length; cut++) {
        byte[] truncated = Arrays.copyOf(bytes, cut);
        assertThatThrownBy(() -> Topics.MARKET_EVENTS.deserializeValue(truncated))
            .as("record %d cut at %d of %d", i, cut, bytes.length)
            .isInstanceOf(MessageFormatException.class);
      }
    }
  }

  @Test
  void trailingBytesAndBadIndexesAreFormatErrors() {
    byte[] bytes =
        Topics.MARKET_EVENTS.serializeValue(
            MessageRoundTripTest.sample(Topics.MARKET_EVENTS, new Random(5), 0));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> Topics.MARKET_EVENTS.deserializeValue(longer))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("left after the record");

    // A quote claiming 2^40 levels in a few bytes fails before allocating them.
    MarketEventReader reader = new MarketEventReader();
    byte[] quote = body(new long[] {0, 1, 1, 1, 1, 1, 1, 2, 1L << 40});
    assertThatThrownBy(() -> reader.read(quote, 0, quote.length))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("levels");

    byte[] badBranch = body(new long[] {0, 1, 1, 1, 1, 1, 1, 9});
    assertThatThrownBy(() -> reader.read(badBranch, 0, badBranch.length))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("union index 9");
  }

  /** Zig-zag varints of {@code values}; the first is a string length (0: empty source). */
  private static byte[] body(long[] values) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (long v : values) {
      long z = (v << 1) ^ (v >> 63);
      while ((z & ~0x7FL) != 0) {
        out.write((int) ((z & 0x7f) | 0x80));
        z >>>= 7;
      }
      out.write((int) z);
    }
    return out.toByteArray();
  }
}
