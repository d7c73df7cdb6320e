package io.nqflow.simulator.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbnV3CodecTest {

  private static InputStream resource(String name) {
    return DbnV3CodecTest.class.getResourceAsStream("/databento/" + name);
  }

  @Test
  void readsDatabentosV3MboSample() throws Exception {
    try (DbnV3Reader r = new DbnV3Reader(resource("test_data.mbo.v3.dbn"))) {
      assertThat(r.metadata().dataset()).isEqualTo("GLBX.MDP3");
      assertThat(r.metadata().start()).isEqualTo(1609160400000000000L);
      assertThat(r.metadata().symbols()).containsExactly("ESH1");
      MboMsg m = (MboMsg) r.next();
      assertThat(m.publisherId()).isEqualTo(1);
      assertThat(m.instrumentId()).isEqualTo(5482);
      assertThat(m.tsEvent()).isEqualTo(1609160400000429831L);
      assertThat(m.orderId()).isEqualTo(647784973705L);
      assertThat(m.price()).isEqualTo(3722750000000L);
      assertThat(m.size()).isEqualTo(1);
      assertThat(m.flags()).isEqualTo(128);
      assertThat(m.action()).isEqualTo('C');
      assertThat(m.side()).isEqualTo('A');
      assertThat(m.tsRecv()).isEqualTo(1609160400000704060L);
      assertThat(m.tsInDelta()).isEqualTo(22993);
      assertThat(m.sequence()).isEqualTo(1170352L);
      assertThat(r.next()).isInstanceOf(MboMsg.class);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void readsDatabentosV3OptionDefinitions() throws Exception {
    List<DbnRecord> recs = DbnV3Reader.readFragment(resource("test_data.definition.v3.dbn.frag"));
    InstrumentDefMsg d = (InstrumentDefMsg) recs.get(1);
    assertThat(d.instrumentId()).isEqualTo(688141);
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
  void reEncodesDatabentosDefinitionToTheSameFieldsItSets() throws Exception {
    List<DbnRecord> recs = DbnV3Reader.readFragment(resource("test_data.definition.v3.dbn.frag"));
    InstrumentDefMsg d = (InstrumentDefMsg) recs.get(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DbnV3Writer w = new DbnV3Writer(out, meta())) {
      w.writeDefinition(d);
    }
    try (DbnV3Reader r = new DbnV3Reader(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(r.next()).isEqualTo(d);
    }
  }

  @Test
  void roundTripsEveryRecordTypeAndAlignsTheHeader() throws Exception {
    MboMsg mbo = new MboMsg(1, 42, 100, 7, 5_250_000_000L, 3, 128, 0, 'T', 'B', 110, 900, 77);
    TradeMsg t = new TradeMsg(1, 42, 100, 5_250_000_000L, 3, 'T', 'A', 128, 0, 110, 900, 77);
    StatMsg s = new StatMsg(1, 42, 100, 110, 50, DbnConstants.UNDEF_PRICE, 1234, 9, 0, 9, 0, 1, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DbnV3Writer w = new DbnV3Writer(out, meta())) {
      w.writeMbo(mbo);
      w.writeTrade(t);
      w.writeStat(s);
    }
    byte[] bytes = out.toByteArray();
    int metaLen = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8;
    assertThat((8 + metaLen) % 8).isZero();
    assertThat(bytes.length).isEqualTo(8 + metaLen + 56 + 48 + 80);
    try (DbnV3Reader r = new DbnV3Reader(new ByteArrayInputStream(bytes))) {
      assertThat(r.metadata()).isEqualTo(meta());
      assertThat(r.next()).isEqualTo(mbo);
      assertThat(r.next()).isEqualTo(t);
      assertThat(r.next()).isEqualTo(s);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void rejectsOtherVersionsWithTheOffset() {
    byte[] v2 = {'D', 'B', 'N', 2, 0, 0, 0, 0};
    assertThatThrownBy(() -> new DbnV3Reader(new ByteArrayInputStream(v2)))
        .isInstanceOf(DbnFormatException.class)
        .hasMessageContaining("byte 3")
        .hasMessageContaining("version 2");
  }

  @Test
  void refusesTooLongSymbols() {
    assertThatThrownBy(
            () ->
                new DbnV3Writer(
                    new ByteArrayOutputStream(),
                    new DbnMetadata("GLBX.MDP3.TOO.LONG.NAME", 0, 0, 0, 1, 0, List.of())))
        .hasMessageContaining("dataset");
  }

  private static DbnMetadata meta() {
    return new DbnMetadata("GLBX.MDP3", 0, 1, 2, 4, 0, List.of("NQ.OPT", "NQ.FUT"));
  }
}
