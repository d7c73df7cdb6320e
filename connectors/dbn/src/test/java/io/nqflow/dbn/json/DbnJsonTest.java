package io.nqflow.dbn.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The JSON-lines contract of {@code dbn dump} / {@code dbn metadata}. */
class DbnJsonTest {

  private static Path sample(String name) throws URISyntaxException {
    return Path.of(DbnJsonTest.class.getResource("/dbn/" + name).toURI());
  }

  private static String firstRecordJson(String name) throws Exception {
    try (DbnDecoder d = DbnDecoder.open(sample(name))) {
      return DbnJson.toJson(d.next());
    }
  }

  @Test
  void mboRecordUsesDatabentoNamesWithTheHeaderUnderHd() throws Exception {
    assertThat(firstRecordJson("test_data.mbo.dbn"))
        .isEqualTo(
            "{\"hd\":{\"length\":14,\"rtype\":160,\"publisher_id\":1,\"instrument_id\":5482,"
                + "\"ts_event\":1609160400000429831},\"order_id\":647784973705,"
                + "\"price\":3722750000000,\"size\":1,\"flags\":128,\"channel_id\":0,"
                + "\"action\":\"C\",\"side\":\"A\",\"ts_recv\":1609160400000704060,"
                + "\"ts_in_delta\":22993,\"sequence\":1170352}");
  }

  @Test
  void mbp1LevelsAreAnArrayOfObjects() throws Exception {
    assertThat(firstRecordJson("test_data.mbp-1.dbn"))
        .contains(
            "\"levels\":[{\"bid_px\":3720250000000,\"ask_px\":3720500000000,"
                + "\"bid_sz\":24,\"ask_sz\":11,\"bid_ct\":15,\"ask_ct\":9}]}");
  }

  @Test
  void unsignedSixtyFourBitValuesAreWrittenAsUnsignedNumbers() throws Exception {
    // Statistics ts_ref / definitions carry u64::MAX sentinels in the samples.
    String json = firstRecordJson("test_data.definition.v3.dbn.zst");
    assertThat(json).doesNotContain("\"-");
    assertThat(json).contains("\"raw_symbol\":\"");
    String stat = firstRecordJson("test_data.statistics.v1.dbn.zst");
    assertThat(stat).contains("\"quantity\":2147483647");
    assertThat(firstRecordJson("test_data.statistics.v3.dbn.zst"))
        .contains("\"quantity\":9223372036854775807");
  }

  @Test
  void metadataIsOneObject() throws Exception {
    try (DbnDecoder d = DbnDecoder.open(sample("test_data.mbo.v3.dbn"))) {
      assertThat(DbnJson.toJson(d.metadata()))
          .isEqualTo(
              "{\"version\":3,\"dataset\":\"GLBX.MDP3\",\"schema\":\"mbo\","
                  + "\"start\":1609160400000000000,\"end\":1609200000000000000,\"limit\":2,"
                  + "\"stype_in\":\"raw_symbol\",\"stype_out\":\"instrument_id\",\"ts_out\":false,"
                  + "\"symbol_cstr_len\":71,\"symbols\":[\"ESH1\"],\"partial\":[],"
                  + "\"not_found\":[],\"mappings\":[{\"raw_symbol\":\"ESH1\",\"intervals\":"
                  + "[{\"start_date\":\"2020-12-28\",\"end_date\":\"2020-12-29\","
                  + "\"symbol\":\"5482\"}]}]}");
    }
  }

  @Test
  void dumpWritesOneLinePerRecord() throws Exception {
    StringWriter out = new StringWriter();
    long n;
    try (DbnDecoder d = DbnDecoder.open(sample("test_data.imbalance.dbn"))) {
      n = DbnJson.dump(d, out);
    }
    String[] lines = out.toString().split("\n", -1);
    assertThat(n).isPositive();
    assertThat(lines).hasSize((int) n + 1);
    assertThat(lines[(int) n]).isEmpty();
    for (int i = 0; i < n; i++) {
      assertThat(lines[i]).startsWith("{\"hd\":{\"length\":28,\"rtype\":20,").endsWith("}");
    }
  }

  @Test
  void stringsAreEscaped() {
    assertThat(DbnJson.string("a\"b\\c\nd\u0001e\u00e9"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\u0001e\u00e9\"");
    // Short escapes where JSON has them; other controls, DEL and the Unicode line and paragraph
    // separators as lower-case u-escapes.
    assertThat(DbnJson.string("\b\f\r\t\u001f\u007f\u2028\u2029/"))
        .isEqualTo("\"\\b\\f\\r\\t\\u001f\\u007f\\u2028\\u2029/\"");
  }

  @Test
  void recordsAreDumpedAsStoredUnlessUpgraded() throws Exception {
    try (InputStream in =
            DbnJsonTest.class.getResourceAsStream("/dbn/test_data.definition.v1.dbn.frag");
        DbnDecoder d = DbnDecoder.fragment(in, 1)) {
      DbnRecord r = d.next();
      assertThat(DbnJson.toJson(r))
          .contains("\"trading_reference_price\":")
          .doesNotContain("leg_price");
    }
    try (InputStream in =
            DbnJsonTest.class.getResourceAsStream("/dbn/test_data.definition.v1.dbn.frag");
        DbnDecoder d = DbnDecoder.fragment(in, 1).upgradeToV3(true)) {
      assertThat(DbnJson.toJson(d.next()))
          .startsWith("{\"hd\":{\"length\":130,")
          .contains("\"leg_price\":9223372036854775807")
          .contains("\"leg_side\":\"N\"")
          .doesNotContain("trading_reference_price");
    }
  }
}
