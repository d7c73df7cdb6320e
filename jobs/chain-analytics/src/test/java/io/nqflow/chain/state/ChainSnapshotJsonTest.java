package io.nqflow.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nqflow.chain.model.ChainContract;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.chain.model.Right;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainSnapshotJsonTest {
  private static final long E9 = 1_000_000_000L;
  @TempDir Path tmp;

  private static long ns(String instant) {
    Instant i = Instant.parse(instant);
    return i.getEpochSecond() * E9 + i.getNano();
  }

  @Test
  void theDocumentedExampleReadsWithDefaultsForMissingFields() {
    ChainSnapshot s =
        ChainSnapshotJson.parse(
            """
            {"underlying": "NQH7", "underlying_price": 21012.5, "multiplier": 20,
             "as_of": "2026-03-13T19:00:00Z",
             "contracts": [
               {"strike": 21000, "type": "C", "expiration": "2026-03-20",
                "bid": 12.5, "ask": 13.0, "last": 12.75, "volume": 120, "open_interest": 3400},
               {"strike": 21000, "type": "p", "expiration": "2026-03-20T20:00:00Z",
                "instrument_id": 42, "symbol": "NQH7 P21000"}
             ]}
            """);
    assertThat(s.underlying()).isEqualTo("NQH7");
    assertThat(s.underlyingPrice()).isEqualTo(21012.5);
    assertThat(s.multiplier()).isEqualTo(20.0);
    assertThat(s.asOfNs()).isEqualTo(ns("2026-03-13T19:00:00Z"));
    ChainContract c = s.contracts().get(0);
    // 15:00 Chicago on 2026-03-20 is 20:00 UTC (daylight time since March 8).
    assertThat(c.expirationNs()).isEqualTo(ns("2026-03-20T20:00:00Z"));
    assertThat(c.right()).isEqualTo(Right.CALL);
    assertThat(c.bid()).isEqualTo(12.5);
    assertThat(c.ask()).isEqualTo(13.0);
    assertThat(c.last()).isEqualTo(12.75);
    assertThat(c.volume()).isEqualTo(120);
    assertThat(c.openInterest()).isEqualTo(3400);
    ChainContract p = s.contracts().get(1);
    assertThat(p.right()).isEqualTo(Right.PUT);
    assertThat(p.expirationNs()).isEqualTo(c.expirationNs());
    assertThat(p.bid()).isNull();
    assertThat(p.ask()).isNull();
    assertThat(p.last()).isNull();
    assertThat(p.volume()).isZero();
    assertThat(p.openInterest()).isZero();
    assertThat(p.instrumentId()).isEqualTo(42);
    assertThat(p.symbol()).isEqualTo("NQH7 P21000");
  }

  @Test
  void aDateExpiryInWinterIsFifteenHundredCentralStandardTime() {
    ChainSnapshot s =
        ChainSnapshotJson.parse(
            """
            {"underlying": "NQH6", "contracts": [
              {"strike": 21000, "type": "C", "expiration": "2026-01-09"}]}
            """);
    assertThat(s.contracts().get(0).expirationNs()).isEqualTo(ns("2026-01-09T21:00:00Z"));
    assertThat(s.multiplier()).isEqualTo(20.0); // from the NQ root
    assertThat(s.asOfNs()).isEqualTo(ChainSnapshotJson.UNKNOWN_AS_OF);
    assertThat(s.underlyingPrice()).isNull();
  }

  @Test
  void writeThenReadGivesTheSameSnapshot() throws Exception {
    ChainSnapshot s =
        new ChainSnapshot(
            "MNQH6",
            21001.375,
            2,
            ns("2026-03-13T19:00:00.123456789Z"),
            List.of(
                new ChainContract(
                    7,
                    "MNQH6 C21000",
                    21000,
                    Right.CALL,
                    ns("2026-03-20T20:00:00Z"),
                    12.5,
                    null,
                    12.75,
                    120,
                    3400,
                    70,
                    50,
                    1785.0,
                    1262.5),
                ChainContract.quoted(
                    20987.5, Right.PUT, ns("2026-03-16T13:30:00Z"), null, 1.05, null, 0, 12)));
    Path f = tmp.resolve("sub/chain.json");
    ChainSnapshotJson.write(s, f);
    assertThat(ChainSnapshotJson.read(f)).isEqualTo(s);
    String text = Files.readString(f);
    assertThat(text).contains("\"expiration\" : \"2026-03-20\"");
    assertThat(text).contains("\"expiration\" : \"2026-03-16T13:30:00Z\"");
    assertThat(text).contains("\"as_of\" : \"2026-03-13T19:00:00.123456789Z\"");

    ChainSnapshot noAsOf =
        new ChainSnapshot("NQH6", null, 20, ChainSnapshotJson.UNKNOWN_AS_OF, s.contracts());
    ChainSnapshotJson.write(noAsOf, f);
    assertThat(ChainSnapshotJson.read(f)).isEqualTo(noAsOf);
    assertThat(Files.readString(f)).doesNotContain("as_of").doesNotContain("underlying_price");
  }

  @Test
  void badInputNamesTheFileTheFieldAndTheContract() throws Exception {
    String ok = "{\"strike\": 21000, \"type\": \"C\", \"expiration\": \"2026-03-20\"}";
    expectError(
        "{\"underlying\": \"NQH6\", \"contracts\": ["
            + ok
            + ","
            + ok
            + ","
            + ok
            + ","
            + "{\"strike\": 21000, \"type\": \"X\", \"expiration\": \"2026-03-20\"}]}",
        "contracts[3].type: must be C or P, got 'X'");
    expectError(
        "{\"underlying\": \"NQH6\", \"contracts\": ["
            + ok
            + ","
            + ok
            + ","
            + "{\"type\": \"C\", \"expiration\": \"2026-03-20\"}]}",
        "contracts[2].strike: missing");
    expectError(
        "{\"underlying\": \"NQH6\", \"contracts\": [{\"strike\": 21000, \"type\": \"C\","
            + " \"expiration\": \"next friday\"}]}",
        "contracts[0].expiration: not a date (YYYY-MM-DD) or an ISO instant: 'next friday'");
    expectError(
        "{\"underlying\": \"NQH6\", \"contracts\": [{\"strike\": 21000, \"type\": \"C\","
            + " \"expiration\": \"2026-03-20\", \"volume\": -1}]}",
        "contracts[0].volume: must be >= 0, got -1");
    expectError(
        "{\"underlying\": \"NQH6\", \"contracts\": [{\"strike\": 21000, \"type\": \"C\","
            + " \"expiration\": \"2026-03-20\", \"bid\": \"12\"}]}",
        "contracts[0].bid: must be a number, got \"12\"");
    expectError(
        "{\"underlying\": \"NQH6\", \"contracts\": [{\"strike\": 21000, \"type\": \"C\","
            + " \"expiration\": \"2026-03-20\", \"opn_interest\": 5}]}",
        "contracts[0].opn_interest: unknown field");
    expectError("{\"underlying\": \"NQH6\"}", "contracts: missing");
    expectError("{\"contracts\": []}", "underlying: missing");
    expectError(
        "{\"underlying\": \"ESH6\", \"contracts\": []}",
        "multiplier: missing (and underlying ESH6 is neither NQ nor MNQ)");
    expectError(
        "{\"underlying\": \"NQH6\", \"as_of\": \"yesterday\", \"contracts\": []}",
        "as_of: not an ISO instant (e.g. 2026-03-13T19:00:00Z): 'yesterday'");
    expectError("{\"underlying\": \"NQH6\", \"contracts\": [", "not JSON");
  }

  private void expectError(String json, String message) throws Exception {
    Path f = tmp.resolve("bad.json");
    Files.writeString(f, json);
    assertThatThrownBy(() -> ChainSnapshotJson.read(f))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("file " + f + ": ")
        .hasMessageContaining(message);
  }
}
