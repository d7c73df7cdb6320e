package io.nqflow.runner.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.chain.ChainAnalyticsSettings.ChainModelKind;
import io.nqflow.chain.model.ChainModel;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.DefinitionView;
import io.nqflow.dbn.MboView;
import io.nqflow.dbn.RType;
import io.nqflow.runner.Main;
import io.nqflow.simulator.OrderBook;
import io.nqflow.simulator.Scale;
import io.nqflow.simulator.SimulationConfig;
import io.nqflow.simulator.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nqflow analyze} on a small simulated run of two sessions (the first with trades only, the
 * second with market-by-order data), checked against the DBN files read independently here: open
 * interest from the statistics, session volume from the trade records, quotes from the simulator's
 * own order book replaying the MBO file.
 */
class AnalyzeCommandTest {
  private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path run;
  @TempDir Path tmp;

  static Path lastDay;

  @BeforeAll
  static void simulate() throws IOException {
    Simulator.run(SimulationConfig.of(5, 2, Scale.SMALL).withSessionMinutes(30), run);
    try (var days = Files.list(run)) {
      lastDay = days.filter(Files::isDirectory).sorted().reduce((a, b) -> b).orElseThrow();
    }
    assertThat(lastDay.getFileName().toString()).isEqualTo("2026-01-06");
    assertThat(lastDay.resolve("mbo.dbn")).exists();
  }

  /** What the test reads for itself from the last session's files. */
  record Def(char cls, double strike, long expirationNs, String underlying, String symbol) {}

  static Map<Long, Def> definitions() throws IOException {
    Map<Long, Def> out = new HashMap<>();
    try (DbnDecoder d = DbnDecoder.open(lastDay.resolve("definition.dbn"))) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        DefinitionView v = r.definition();
        out.put(
            r.instrumentId(),
            new Def(
                v.instrumentClass(),
                v.strikePrice() / 1e9,
                v.expiration(),
                v.underlying(),
                v.rawSymbol()));
      }
    }
    return out;
  }

  static Map<Long, Long> openInterest() throws IOException {
    Map<Long, Long> out = new HashMap<>();
    try (DbnDecoder d = DbnDecoder.open(lastDay.resolve("statistics.dbn"))) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        if (r.stat().statType() == 9) {
          out.put(r.instrumentId(), r.stat().quantity());
        }
      }
    }
    return out;
  }

  private TestModel model;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int analyze(String... args) {
    AnalyzeCommand cmd = new AnalyzeCommand();
    model = new TestModel();
    cmd.models =
        p ->
            new AnalyzeCommand.Models() {
              @Override
              public ChainModelKind defaultModel() {
                return ChainModelKind.ORIGINAL;
              }

              @Override
              public int defaultTop() {
                return 5;
              }

              @Override
              public ChainModel create(ChainModelKind kind) {
                return model;
              }
            };
    CommandLine cli = new CommandLine(cmd);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private static LocalDate chicagoDate(long ns) {
    return Instant.ofEpochSecond(ns / 1_000_000_000L).atZone(CHICAGO).toLocalDate();
  }

  @Test
  void theJsonHasEverySectionAndTheStrikesOpenInterestIsTheStatistics() throws Exception {
    Path json = tmp.resolve("analysis.json");
    assertThat(analyze("--input", run.toString(), "--json", json.toString(), "--top", "1"))
        .as(err.toString())
        .isZero();

    JsonNode doc = JSON.readTree(json.toFile());
    for (String f :
        new String[] {
          "underlying",
          "expiry",
          "as_of",
          "model",
          "underlying_price",
          "underlying_estimated",
          "risk",
          "positioning",
          "opportunities",
          "strikes"
        }) {
      assertThat(doc.has(f)).as(f).isTrue();
    }
    assertThat(doc.get("model").asText()).isEqualTo("test");
    assertThat(doc.get("positioning").isNull()).isTrue();
    assertThat(doc.get("risk").get("battle_zones").size()).isEqualTo(1);
    assertThat(doc.get("risk").get("battle_zones").get(0).get("volume_over_oi").isNull()).isTrue();
    assertThat(doc.get("opportunities").size()).isEqualTo(1); // --top 1 of the model's 2
    JsonNode opp = doc.get("opportunities").get(0);
    assertThat(opp.get("direction").asText()).isEqualTo("LONG");
    assertThat(opp.get("factors").get("oi").asDouble()).isEqualTo(1.0);
    assertThat(doc.get("underlying_estimated").asBoolean()).isFalse();

    // The default underlying: NQ's future (its options' open interest is 2.5x MNQ's).
    String underlying = doc.get("underlying").asText();
    assertThat(underlying).startsWith("NQ");
    Map<Long, Def> defs = definitions();
    Map<Long, Long> oi = openInterest();
    // The default expiry: the nearest with open interest after the session.
    long asOf = JSON.readTree("\"x\"").isTextual() ? instantNs(doc.get("as_of").asText()) : 0;
    LocalDate nearest = null;
    for (Def d : defs.values()) {
      if (d.underlying().equals(underlying) && d.expirationNs() > asOf) {
        LocalDate x = chicagoDate(d.expirationNs());
        nearest = nearest == null || x.isBefore(nearest) ? x : nearest;
      }
    }
    assertThat(doc.get("expiry").asText()).isEqualTo(nearest.toString());

    TreeMap<Double, long[]> expected = new TreeMap<>();
    for (Map.Entry<Long, Def> e : defs.entrySet()) {
      Def d = e.getValue();
      if ((d.cls() == 'C' || d.cls() == 'P')
          && d.underlying().equals(underlying)
          && chicagoDate(d.expirationNs()).toString().equals(doc.get("expiry").asText())) {
        long[] pair = expected.computeIfAbsent(d.strike(), k -> new long[2]);
        pair[d.cls() == 'C' ? 0 : 1] = oi.get(e.getKey());
      }
    }
    assertThat(doc.get("strikes").size()).isEqualTo(expected.size());
    for (JsonNode s : doc.get("strikes")) {
      long[] pair = expected.get(s.get("strike").asDouble());
      assertThat(pair).as("strike " + s.get("strike")).isNotNull();
      assertThat(s.get("call_oi").asLong()).as("call OI at " + s.get("strike")).isEqualTo(pair[0]);
      assertThat(s.get("put_oi").asLong()).as("put OI at " + s.get("strike")).isEqualTo(pair[1]);
    }
    // Implied volatilities and greeks beside the marks: where both sides imply a volatility, the
    // deltas are a call's (0, 1) and a put's (-1, 0), and put-call parity of deltas holds within
    // the two volatilities' difference; gamma is positive.
    int both = 0;
    for (JsonNode s : doc.get("strikes")) {
      if (s.get("call_iv").isNull() || s.get("put_iv").isNull()) {
        continue;
      }
      both++;
      double cd = s.get("call_delta").asDouble();
      double pd = s.get("put_delta").asDouble();
      assertThat(cd).as("call delta at " + s.get("strike")).isBetween(0.0, 1.0);
      assertThat(pd).as("put delta at " + s.get("strike")).isBetween(-1.0, 0.0);
      assertThat(s.get("gamma").asDouble()).isPositive();
      if (Math.abs(s.get("call_iv").asDouble() - s.get("put_iv").asDouble()) < 1e-4) {
        assertThat(cd - pd).as("delta parity at " + s.get("strike")).isCloseTo(1.0, within(1e-6));
      }
    }
    assertThat(both).as("strikes where both sides imply a volatility").isPositive();

    String text = out.toString();
    assertThat(text).contains("Verdict: BALANCED").contains("Positioning: n/a");
    assertThat(text).contains("Setups (top 1 of 2 quality setups, 2 candidates)");
  }

  @Test
  void theChainsQuotesVolumeAndFuturePriceMatchAnIndependentReplayOfTheFiles() throws Exception {
    Path chain = tmp.resolve("chain.json");
    assertThat(analyze("--input", run.toString(), "--dump-chain", chain.toString()))
        .as(err.toString())
        .isZero();
    JsonNode snap = JSON.readTree(chain.toFile());

    Map<Long, OrderBook> books = new HashMap<>();
    Map<Long, Long> volume = new HashMap<>();
    replay(Long.MAX_VALUE, books, volume);

    Map<Long, Def> defs = definitions();
    String underlying = snap.get("underlying").asText();
    long futureId =
        defs.entrySet().stream()
            .filter(e -> e.getValue().symbol().equals(underlying))
            .findFirst()
            .orElseThrow()
            .getKey();
    OrderBook fb = books.get(futureId);
    assertThat(snap.get("underlying_price").asDouble())
        .isEqualTo((fb.bestBid() + fb.bestAsk()) / 2e9);

    int quoted = 0;
    int traded = 0;
    for (JsonNode c : snap.get("contracts")) {
      long id = c.get("instrument_id").asLong();
      OrderBook b = books.get(id);
      Double bid = b == null || b.bestBid() < 0 ? null : b.bestBid() / 1e9;
      Double ask = b == null || b.bestAsk() < 0 ? null : b.bestAsk() / 1e9;
      assertThat(c.get("bid").isNull() ? null : c.get("bid").asDouble())
          .as("bid " + id)
          .isEqualTo(bid);
      assertThat(c.get("ask").isNull() ? null : c.get("ask").asDouble())
          .as("ask " + id)
          .isEqualTo(ask);
      assertThat(c.get("volume").asLong())
          .as("volume " + id)
          .isEqualTo(volume.getOrDefault(id, 0L));
      quoted += bid != null && ask != null ? 1 : 0;
      traded += volume.getOrDefault(id, 0L) > 0 ? 1 : 0;
    }
    assertThat(quoted).isGreaterThan(10);
    assertThat(traded).isGreaterThan(3);
  }

  @Test
  void atStopsReadingAtThatChicagoTimeOfTheLastSession() throws Exception {
    Path chain = tmp.resolve("chain-0845.json");
    assertThat(
            analyze("--input", run.toString(), "--at", "08:45", "--dump-chain", chain.toString()))
        .as(err.toString())
        .isZero();
    JsonNode snap = JSON.readTree(chain.toFile());
    // 08:45 CST on 2026-01-06 is 14:45 UTC.
    assertThat(snap.get("as_of").asText()).isEqualTo("2026-01-06T14:45:00Z");
    long cutoff = instantNs("2026-01-06T14:45:00Z");
    Map<Long, OrderBook> books = new HashMap<>();
    Map<Long, Long> volume = new HashMap<>();
    replay(cutoff, books, volume);
    long all = 0;
    for (JsonNode c : snap.get("contracts")) {
      long id = c.get("instrument_id").asLong();
      assertThat(c.get("volume").asLong())
          .as("volume " + id)
          .isEqualTo(volume.getOrDefault(id, 0L));
      all += c.get("volume").asLong();
    }
    assertThat(all).isPositive();
    assertThat(model.lastAsOfNs).isEqualTo(cutoff);
  }

  /**
   * The last session's MBO file into the simulator's order books, and trade volume, up to a time.
   */
  private static void replay(long cutoff, Map<Long, OrderBook> books, Map<Long, Long> volume)
      throws IOException {
    try (DbnDecoder d = DbnDecoder.open(lastDay.resolve("mbo.dbn"))) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        if (r.rtype() != RType.MBO || r.tsEvent() > cutoff) {
          continue;
        }
        MboView m = r.mbo();
        OrderBook b = books.computeIfAbsent(r.instrumentId(), k -> new OrderBook());
        switch (m.action()) {
          case 'A' -> b.add(m.orderId(), m.side(), m.price(), (int) m.size(), 1);
          case 'C' -> b.cancel(m.orderId(), (int) m.size());
          case 'M' -> b.modify(m.orderId(), m.price(), (int) m.size());
          case 'T' -> volume.merge(r.instrumentId(), m.size(), Long::sum);
          default -> {}
        }
      }
    }
  }

  private static long instantNs(String text) {
    Instant i = Instant.parse(text);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Test
  void aSnapshotFileWithAGivenUnderlyingAndAnInfiniteRatio() throws Exception {
    Path chain = tmp.resolve("snap.json");
    Files.writeString(
        chain,
        """
        {"underlying": "NQH6", "multiplier": 20, "contracts": [
          {"strike": 21000, "type": "C", "expiration": "2026-03-20", "bid": 50, "ask": 52,
           "open_interest": 100},
          {"strike": 21100, "type": "C", "expiration": "2026-03-20", "last": 20,
           "open_interest": 300},
          {"strike": 20900, "type": "P", "expiration": "2026-03-20", "open_interest": 10},
          {"strike": 20800, "type": "P", "expiration": "2026-03-13", "last": 3,
           "open_interest": 10}
        ]}
        """);
    Path json = tmp.resolve("a.json");
    assertThat(
            analyze(
                "--chain", chain.toString(),
                "--underlying", "20950",
                "--expiry", "2026-03-20",
                "--as-of", "2026-03-13T19:00:00Z",
                "--json", json.toString()))
        .as(err.toString())
        .isZero();
    JsonNode doc = JSON.readTree(json.toFile());
    assertThat(model.lastUnderlying).isEqualTo(20950.0);
    assertThat(model.lastAsOfNs).isEqualTo(instantNs("2026-03-13T19:00:00Z"));
    assertThat(doc.get("expiry").asText()).isEqualTo("2026-03-20");
    assertThat(doc.get("underlying_price").asDouble()).isEqualTo(20950.0);
    // Calls above 20950: 100 x 51 x 20 + 300 x 20 x 20; the put below has no mark.
    assertThat(doc.get("risk").get("call_risk_usd").asDouble()).isEqualTo(222_000.0);
    assertThat(doc.get("risk").get("put_risk_usd").asDouble()).isEqualTo(0.0);
    assertThat(doc.get("risk").get("ratio").asText()).isEqualTo("Infinity");
    assertThat(doc.get("as_of").asText()).isEqualTo("2026-03-13T19:00:00Z");
    assertThat(doc.get("strikes").size()).isEqualTo(3);

    // Without --expiry: the nearest expiry with open interest after as-of (the 13th's expired).
    assertThat(analyze("--chain", chain.toString(), "--as-of", "2026-03-13T21:00:00Z"))
        .as(err.toString())
        .isZero();
    assertThat(chicagoDate(model.lastChain.expirationNs())).isEqualTo(LocalDate.of(2026, 3, 20));
    assertThat(model.lastUnderlying).isNaN();
    assertThat(out.toString()).contains("estimated from the chain");
  }

  @Test
  void usageAndInputErrorsExitWithTwoAndSayWhatIsWrong() throws Exception {
    Path chain = tmp.resolve("bad.json");
    Files.writeString(
        chain,
        """
        {"underlying": "NQH6", "contracts": [
          {"strike": 21000, "type": "C", "expiration": "2026-03-20"},
          {"strike": 21000, "type": "P", "expiration": "2026-03-20"},
          {"type": "C", "expiration": "2026-03-20"}]}
        """);
    assertThat(analyze("--chain", chain.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("file " + chain + ": contracts[2].strike: missing");

    Path good = tmp.resolve("good.json");
    Files.writeString(
        good,
        """
        {"underlying": "NQH6", "contracts": [
          {"strike": 21000, "type": "C", "expiration": "2026-03-20", "open_interest": 1}]}
        """);
    assertThat(analyze("--chain", good.toString(), "--model", "black76")).isEqualTo(2);
    assertThat(err.toString()).contains("give --as-of");
    assertThat(analyze("--chain", good.toString(), "--model", "bs")).isEqualTo(2);
    assertThat(err.toString()).contains("--model must be original or black76, got bs");
    assertThat(analyze("--chain", good.toString(), "--expiry", "2026-03-27")).isEqualTo(2);
    assertThat(err.toString()).contains("no expiry 2026-03-27 among the options of NQH6");

    assertThat(analyze("--input", run.toString(), "--future", "ESH6")).isEqualTo(2);
    assertThat(err.toString()).contains("no options of underlying ESH6");
    assertThat(analyze()).isEqualTo(2);
    assertThat(err.toString()).contains("give --input DIR (DBN files) or --chain FILE");
    assertThat(analyze("--input", tmp.resolve("none").toString())).isEqualTo(2);

    // Through the nqflow command line: the subcommand is registered.
    assertThat(Main.execute("analyze", "--input", run.toString(), "--chain", good.toString()))
        .isEqualTo(2);
  }
}
