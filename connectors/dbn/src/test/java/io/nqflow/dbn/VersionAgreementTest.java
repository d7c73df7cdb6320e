package io.nqflow.dbn;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.record.DbnMessage;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The v1, v2 and v3 samples of a schema agree field by field wherever the field exists. */
class VersionAgreementTest {

  static Stream<Arguments> olderAndV3() {
    return Stream.of(
            "mbo",
            "mbp-1",
            "mbp-10",
            "tbbo",
            "trades",
            "ohlcv-1s",
            "ohlcv-1m",
            "ohlcv-1h",
            "ohlcv-1d",
            "bbo-1s",
            "bbo-1m",
            "cbbo-1s",
            "cmbp-1",
            "definition",
            "statistics",
            "status",
            "imbalance")
        .flatMap(
            schema -> {
              String v3 = "test_data." + schema + ".v3.dbn.zst";
              return Stream.of(
                      "test_data." + schema + ".v1.dbn.zst",
                      "test_data." + schema + ".dbn",
                      "test_data." + schema + ".v2.dbn.zst")
                  .filter(n -> Samples.names().anyMatch(n::equals))
                  .map(n -> Arguments.of(n, v3));
            });
  }

  static Stream<Arguments> definitionFragments() {
    return Stream.of(
        Arguments.of("test_data.definition.v1.dbn.frag", "test_data.definition.v3.dbn.frag"),
        Arguments.of("test_data.definition.v2.dbn.frag", "test_data.definition.v3.dbn.frag"),
        Arguments.of("test_data.definition.dbn.frag.zst", "test_data.definition.v3.dbn.frag"),
        Arguments.of("test_data.definition.v1.dbn.frag.zst", "test_data.definition.v3.dbn.frag"));
  }

  @ParameterizedTest(name = "{0} agrees with {1}")
  @MethodSource({"olderAndV3", "definitionFragments"})
  void everySharedFieldHasTheSameValue(String older, String v3) throws IOException {
    List<DbnRecord> a = Samples.records(older);
    List<DbnRecord> b = Samples.records(v3);
    assertThat(a).hasSameSizeAs(b);
    int compared = 0;
    for (int i = 0; i < a.size(); i++) {
      DbnRecord x = a.get(i);
      DbnRecord y = b.get(i);
      String where = older + " record " + i;
      assertThat(x.rtype()).as(where).isEqualTo(y.rtype());
      assertThat(x.publisherId()).as(where).isEqualTo(y.publisherId());
      assertThat(x.instrumentId()).as(where).isEqualTo(y.instrumentId());
      assertThat(x.tsEvent()).as(where).isEqualTo(y.tsEvent());
      for (Field f : x.layout().fields()) {
        Field g = y.layout().field(f.name());
        if (g == null) {
          continue;
        }
        compared++;
        String what = where + " field " + f.name();
        if (f.type() == FieldType.CSTR) {
          assertThat(x.getString(f)).as(what).isEqualTo(y.getString(g));
        } else if (f.type().isInteger() || f.type() == FieldType.CHAR) {
          long vx = x.getInteger(f);
          if (f.name().equals("quantity") && vx == Dbn.UNDEF_STAT_QUANTITY_V1) {
            vx = Dbn.UNDEF_STAT_QUANTITY; // the sentinel widened with the field in v3
          }
          assertThat(vx).as(what).isEqualTo(y.getInteger(g));
        } else {
          assertThat(x.rawBytes().slice(f.offset(), f.size()))
              .as(what)
              .isEqualTo(y.rawBytes().slice(g.offset(), g.size()));
        }
      }
    }
    if (!a.isEmpty()) {
      assertThat(compared).isGreaterThanOrEqualTo(a.size() * 5);
    }
  }

  @ParameterizedTest(name = "{0} upgraded equals {1}")
  @MethodSource({"olderAndV3", "definitionFragments"})
  void upgradedRecordsMaterializeLikeTheV3File(String older, String v3) throws IOException {
    List<DbnRecord> upgraded = Samples.records(older, true);
    List<DbnRecord> current = Samples.records(v3);
    assertThat(upgraded).hasSameSizeAs(current);
    for (int i = 0; i < upgraded.size(); i++) {
      DbnRecord u = upgraded.get(i);
      assertThat(u.version()).isEqualTo(3);
      assertThat(u.length()).isEqualTo(current.get(i).length());
      DbnMessage expected = current.get(i).toMessage();
      assertThat(u.toMessage()).as(older + " record " + i).isEqualTo(expected);
      assertThat(u.copyBytes()).as(older + " bytes " + i).isEqualTo(current.get(i).copyBytes());
    }
  }
}
