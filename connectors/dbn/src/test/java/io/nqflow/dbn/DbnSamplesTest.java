package io.nqflow.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.dbn.record.DbnMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Databento's sample files decode to the values listed in their README (SAMPLES.md). */
class DbnSamplesTest {

  static Stream<String> decodable() {
    return Samples.decodable();
  }

  @ParameterizedTest
  @MethodSource("decodable")
  void everySampleDecodesToTheEndOfItsBytes(String name) throws IOException {
    long expectedBytes = Samples.decompressed(name).length;
    try (DbnDecoder d = Samples.open(name)) {
      assertThat(d.version()).isEqualTo(Samples.version(name));
      int n = 0;
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        assertThat(r.layout()).isNotNull();
        assertThat(r.toMessage().rtype()).isEqualTo(r.rtype());
        n++;
      }
      if (name.contains("ohlcv-1d")) {
        assertThat(n).isZero();
      } else {
        assertThat(n).isPositive();
      }
      assertThat(d.skippedCount()).isZero();
      assertThat(d.position()).isEqualTo(expectedBytes);
      assertThat(d.metadata() == null).isEqualTo(Samples.isFragment(name));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test_data.mbo.v1.dbn.zst",
        "test_data.mbo.dbn",
        "test_data.mbo.v2.dbn.zst",
        "test_data.mbo.v3.dbn.zst",
        "test_data.mbo.v3.dbn",
        "test_data.trades.v1.dbn.zst",
        "test_data.ohlcv-1d.v3.dbn.zst",
        "test_data.mbp-10.v2.dbn.zst"
      })
  void glbxMetadataMatchesTheReadme(String name) throws IOException {
    try (DbnDecoder d = DbnDecoder.open(Samples.file(name))) {
      Metadata md = d.metadata();
      assertThat(md.version()).isEqualTo(Samples.version(name));
      assertThat(md.dataset()).isEqualTo("GLBX.MDP3");
      assertThat(md.start()).isEqualTo(1609160400000000000L);
      assertThat(md.end()).isEqualTo(1609200000000000000L);
      assertThat(md.stypeIn()).isEqualTo(SType.RAW_SYMBOL);
      assertThat(md.stypeOut()).isEqualTo(SType.INSTRUMENT_ID);
      assertThat(md.symbols()).containsExactly("ESH1");
      assertThat(md.partial()).isEmpty();
      assertThat(md.notFound()).isEmpty();
      assertThat(md.tsOut()).isFalse();
      assertThat(md.symbolCstrLen()).isEqualTo(md.version() == 1 ? 22 : 71);
      assertThat(md.mappings())
          .containsExactly(
              new Metadata.SymbolMapping(
                  "ESH1",
                  List.of(
                      new Metadata.MappingInterval(
                          LocalDate.of(2020, 12, 28), LocalDate.of(2020, 12, 29), "5482"))));
    }
  }

  @Test
  void schemaInMetadataNamesTheFileSchema() throws IOException {
    assertThat(open("test_data.mbo.dbn").metadata().schema()).isEqualTo(Schema.MBO);
    assertThat(open("test_data.tbbo.dbn").metadata().schema()).isEqualTo(Schema.TBBO);
    assertThat(open("test_data.ohlcv-1m.dbn").metadata().schema()).isEqualTo(Schema.OHLCV_1M);
    assertThat(open("test_data.definition.dbn").metadata().dataset()).isEqualTo("XNAS.ITCH");
    assertThat(open("test_data.imbalance.v3.dbn.zst").metadata().schema())
        .isEqualTo(Schema.IMBALANCE);
  }

  private static DbnDecoder open(String name) throws IOException {
    return DbnDecoder.open(Samples.file(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test_data.mbo.v1.dbn.zst",
        "test_data.mbo.dbn",
        "test_data.mbo.v3.dbn.zst",
        "test_data.mbo.v3.dbn"
      })
  void firstMboRecordMatchesTheReadme(String name) throws IOException {
    DbnRecord r = Samples.records(name).get(0);
    assertThat(r.rtype()).isEqualTo(RType.MBO);
    assertThat(r.publisherId()).isEqualTo(1);
    assertThat(r.instrumentId()).isEqualTo(5482);
    assertThat(r.tsEvent()).isEqualTo(1609160400000429831L);
    MboView m = r.mbo();
    assertThat(m.orderId()).isEqualTo(647784973705L);
    assertThat(m.price()).isEqualTo(3722750000000L);
    assertThat(m.size()).isEqualTo(1);
    assertThat(m.flags()).isEqualTo(128);
    assertThat(m.channelId()).isZero();
    assertThat(m.action()).isEqualTo('C');
    assertThat(m.side()).isEqualTo('A');
    assertThat(m.tsRecv()).isEqualTo(1609160400000704060L);
    assertThat(m.tsInDelta()).isEqualTo(22993);
    assertThat(m.sequence()).isEqualTo(1170352);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"test_data.mbp-1.v1.dbn.zst", "test_data.mbp-1.dbn", "test_data.mbp-1.v3.dbn.zst"})
  void firstMbp1RecordMatchesTheReadme(String name) throws IOException {
    DbnRecord r = Samples.records(name).get(0);
    assertThat(r.tsEvent()).isEqualTo(1609160400006001487L);
    MbpView m = r.mbp();
    assertThat(m.price()).isEqualTo(3720500000000L);
    assertThat(m.size()).isEqualTo(1);
    assertThat(m.action()).isEqualTo('A');
    assertThat(m.side()).isEqualTo('A');
    assertThat(m.flags()).isEqualTo(128);
    assertThat(m.depth()).isZero();
    assertThat(m.sequence()).isEqualTo(1170362);
    assertThat(m.levelCount()).isEqualTo(1);
    assertThat(m.bidPx(0)).isEqualTo(3720250000000L);
    assertThat(m.askPx(0)).isEqualTo(3720500000000L);
    assertThat(m.bidSz(0)).isEqualTo(24);
    assertThat(m.askSz(0)).isEqualTo(11);
    assertThat(m.bidCt(0)).isEqualTo(15);
    assertThat(m.askCt(0)).isEqualTo(9);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test_data.trades.v1.dbn.zst",
        "test_data.trades.dbn",
        "test_data.trades.v3.dbn.zst"
      })
  void firstTradeMatchesTheReadme(String name) throws IOException {
    DbnRecord r = Samples.records(name).get(0);
    assertThat(r.rtype()).isEqualTo(RType.MBP_0);
    assertThat(r.tsEvent()).isEqualTo(1609160400098821953L);
    MbpView t = r.mbp();
    assertThat(t.price()).isEqualTo(3720250000000L);
    assertThat(t.size()).isEqualTo(5);
    assertThat(t.action()).isEqualTo('T');
    assertThat(t.side()).isEqualTo('A');
    assertThat(t.flags()).isEqualTo(129);
    assertThat(t.sequence()).isEqualTo(1170380);
    assertThat(t.levelCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test_data.statistics.v1.dbn.zst",
        "test_data.statistics.dbn",
        "test_data.statistics.v2.dbn.zst",
        "test_data.statistics.v3.dbn.zst"
      })
  void firstStatisticMatchesTheReadme(String name) throws IOException {
    DbnRecord r = Samples.records(name).get(0);
    assertThat(r.instrumentId()).isEqualTo(146945);
    StatView s = r.stat();
    assertThat(s.statType()).isEqualTo(7);
    assertThat(s.price()).isEqualTo(100000000000L);
    assertThat(s.sequence()).isEqualTo(2);
    assertThat(s.channelId()).isEqualTo(13);
    assertThat(s.updateAction()).isEqualTo(1);
    // Widened view: undefined is i64::MAX in every version; the raw field keeps its wire width.
    assertThat(s.quantity()).isEqualTo(Long.MAX_VALUE);
    long raw = r.getInteger("quantity");
    assertThat(raw).isEqualTo(r.version() < 3 ? Integer.MAX_VALUE : Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"test_data.definition.v3.dbn.frag", "test_data.definition.v3.dbn.frag.zst"})
  void secondDefinitionOfTheV3FragmentMatchesTheReadme(String name) throws IOException {
    DbnRecord r = Samples.records(name).get(1);
    assertThat(r.version()).isEqualTo(3);
    assertThat(r.instrumentId()).isEqualTo(688141);
    DefinitionView d = r.definition();
    assertThat(d.rawSymbol()).isEqualTo("ESH1 P2250");
    assertThat(d.instrumentClass()).isEqualTo('P');
    assertThat(d.strikePrice()).isEqualTo(2250000000000L);
    assertThat(d.expiration()).isEqualTo(1616160600000000000L);
    assertThat(d.underlying()).isEqualTo("ESH1");
    assertThat(d.underlyingId()).isEqualTo(5482);
    assertThat(d.asset()).isEqualTo("ES");
    assertThat(d.securityType()).isEqualTo("OOF");
    assertThat(d.unitOfMeasureQty()).isEqualTo(50000000000L);
  }

  @Test
  void ohlcv1dFilesHoldNoRecords() throws IOException {
    for (String n :
        List.of(
            "test_data.ohlcv-1d.dbn",
            "test_data.ohlcv-1d.v1.dbn.zst",
            "test_data.ohlcv-1d.v2.dbn.zst",
            "test_data.ohlcv-1d.v3.dbn.zst")) {
      assertThat(Samples.records(n)).as(n).isEmpty();
    }
  }

  @Test
  void multiFrameFragmentDecodesAllEightFrames() throws IOException {
    String name = "multi-frame.definition.v1.dbn.frag.zst";
    byte[] compressed = java.nio.file.Files.readAllBytes(Samples.file(name));
    assertThat(countZstdFrames(compressed)).isEqualTo(8);
    List<DbnRecord> records = Samples.records(name);
    assertThat(records)
        .extracting(r -> r.instrumentId() + " " + r.definition().rawSymbol())
        .containsExactly(
            "31778 GEM3 P9812",
            "688141 ESH1 P2250",
            "458765 EX2F1 P3620",
            "720907 E2AF1 P3680",
            "688150 OGF1 P2020",
            "753686 1EUF1 C1230",
            "360466 OZSN1 C1320",
            "327703 LNEH1 C3400");
  }

  private static int countZstdFrames(byte[] b) {
    int n = 0;
    for (int i = 0; i + 3 < b.length; i++) {
      if (b[i] == 0x28 && b[i + 1] == (byte) 0xB5 && b[i + 2] == 0x2F && b[i + 3] == (byte) 0xFD) {
        n++;
      }
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "test_data.mbo.dbz",
        "test_data.definition.dbz",
        "test_data.mbp-10.dbz",
        "test_data.ohlcv-1d.dbz"
      })
  void legacyDbzIsRejectedWithAClearError(String name) {
    assertThatThrownBy(() -> DbnDecoder.open(Samples.file(name)))
        .isInstanceOf(DbnFormatException.class)
        .hasMessageContaining("DBZ")
        .extracting(e -> ((DbnFormatException) e).offset())
        .isEqualTo(0L);
  }

  @Test
  void streamsDecodeLikeFiles() throws IOException {
    for (String name : Samples.decodable().toList()) {
      byte[] raw = java.nio.file.Files.readAllBytes(Samples.file(name));
      // One byte per read(), like a slow socket.
      var trickle =
          new java.io.FilterInputStream(new ByteArrayInputStream(raw)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              return super.read(b, off, Math.min(len, 1));
            }
          };
      List<byte[]> fromStream = new ArrayList<>();
      try (DbnDecoder d = Samples.open(name, trickle)) {
        for (DbnRecord r = d.next(); r != null; r = d.next()) {
          fromStream.add(r.copyBytes());
        }
      }
      List<DbnRecord> fromFile = Samples.records(name);
      assertThat(fromStream).as(name).hasSize(fromFile.size());
      for (int i = 0; i < fromFile.size(); i++) {
        assertThat(fromStream.get(i)).isEqualTo(fromFile.get(i).copyBytes());
      }
    }
  }

  @Test
  void reencodingEveryV3FileGivesTheSameBytes() throws IOException {
    List<String> v3 =
        Samples.names().filter(n -> n.contains(".v3.dbn") && !Samples.isFragment(n)).toList();
    assertThat(v3).hasSizeGreaterThan(15);
    for (String name : v3) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (DbnDecoder d = DbnDecoder.open(Samples.file(name));
          DbnEncoder e = new DbnEncoder(out, d.metadata())) {
        for (DbnRecord r = d.next(); r != null; r = d.next()) {
          e.write(r);
        }
      }
      assertThat(out.toByteArray()).as(name).isEqualTo(Samples.decompressed(name));
    }
  }

  @ParameterizedTest
  @MethodSource("decodable")
  void decodeOfEncodeIsIdentity(String name) throws IOException {
    List<DbnMessage> messages = new ArrayList<>();
    Metadata md;
    try (DbnDecoder d = Samples.open(name)) {
      md = d.metadata() == null ? Metadata.builder().dataset("TEST").build() : d.metadata();
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        messages.add(r.toMessage());
      }
    }
    for (boolean zstd : new boolean[] {false, true}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (DbnEncoder e = zstd ? DbnEncoder.zstd(out, md) : new DbnEncoder(out, md)) {
        for (DbnMessage m : messages) {
          e.write(m);
        }
      }
      List<DbnMessage> back = new ArrayList<>();
      try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(out.toByteArray()))) {
        assertThat(d.metadata()).isEqualTo(md.asV3());
        for (DbnRecord r = d.next(); r != null; r = d.next()) {
          back.add(r.toMessage());
        }
      }
      assertThat(back).as(name).isEqualTo(messages);
    }
  }
}
