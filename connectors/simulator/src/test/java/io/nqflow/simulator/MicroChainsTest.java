package io.nqflow.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.record.DbnMessage;
import io.nqflow.dbn.record.InstrumentDefMsg;
import io.nqflow.dbn.record.MboMsg;
import io.nqflow.dbn.record.TradeMsg;
import io.nqflow.market.Multipliers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micro chains: an MNQ option on every NQ option's expiry, strike and right, with its own
 * definition and a market; off by default, and without effect on the other instruments' listing.
 */
class MicroChainsTest {
  /** Monday 2026-01-05: weekly Friday 01-09 (QN2), end of month 01-30 (QNE), quarterly H6. */
  private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

  @TempDir Path tmp;

  @Test
  void everyNqOptionHasItsMnqTwinAfterTheInstrumentsListedWithoutThem() {
    Universe off = Universe.build(MONDAY, 21_500, Scale.SMALL, new Universe.IdRegistry());
    Universe on = Universe.build(MONDAY, 21_500, Scale.SMALL, new Universe.IdRegistry(), true);

    // SMALL: 13 strikes at 25 points and 2 x 12 at 100 points = 37 strikes, calls and puts = 74
    // per expiry; 3 NQ expiries = 222 NQ options; the quarterly MNQ chain has 7 strikes = 14.
    assertThat(off.all()).hasSize(2 + 222 + 14);
    // Every NQ option gets an MNQ twin; 14 of them were listed already.
    assertThat(on.all()).hasSize(2 + 222 + 222);
    assertThat(on.all().subList(0, off.all().size())).isEqualTo(off.all());

    Map<String, Instrument> bySymbol =
        on.all().stream().collect(Collectors.toMap(Instrument::rawSymbol, i -> i));
    int twins = 0;
    for (Instrument nq : on.options()) {
      if (nq.multiplier() != Multipliers.NQ_USD) {
        continue;
      }
      String asset =
          switch (nq.asset()) {
            case "NQ" -> "MNQ";
            case "QNE" -> "MQE";
            case "QN2" -> "MQ2";
            default -> throw new AssertionError("unexpected NQ product " + nq.asset());
          };
      Instrument micro = bySymbol.get(asset + nq.rawSymbol().substring(nq.asset().length()));
      assertThat(micro).as("twin of %s", nq.rawSymbol()).isNotNull();
      assertThat(micro.multiplier()).isEqualTo(2);
      assertThat(micro.expirationNs()).isEqualTo(nq.expirationNs());
      assertThat(micro.strike()).isEqualTo(nq.strike());
      assertThat(micro.instrumentClass()).isEqualTo(nq.instrumentClass());
      assertThat(micro.expiryKind()).isEqualTo(nq.expiryKind());
      assertThat(micro.underlying()).isEqualTo(on.mnq());
      twins++;
    }
    assertThat(twins).isEqualTo(222);
    assertThat(bySymbol).containsKeys("MQ2F6 C21500", "MQEF6 P21500", "MNQH6 C22800");
  }

  @Test
  void aSessionWithMicroChainsRepeatsPerSeedKeepsItsTruthOnNqAndTradesMicrosThinly()
      throws IOException {
    SimulationConfig cfg =
        SimulationConfig.of(11, 1, Scale.SMALL).withSessionMinutes(20).withMicroChains(true);
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    SimulationResult r = Simulator.run(cfg, a);
    Simulator.run(cfg, b);
    String day = r.days().get(0).date();
    for (String f : List.of("definition.dbn", "mbo.dbn", "trades.dbn", "truth.jsonl")) {
      Path p = f.equals("truth.jsonl") ? Path.of(f) : Path.of(day, f);
      assertThat(Files.readAllBytes(b.resolve(p)))
          .as(f)
          .isEqualTo(Files.readAllBytes(a.resolve(p)));
    }
    assertThat(Files.readString(a.resolve("manifest.json"))).contains("\"micro_chains\" : true");

    Map<Long, InstrumentDefMsg> defs = new HashMap<>();
    for (DbnMessage m : read(a.resolve(day).resolve("definition.dbn"))) {
      defs.put(m.hd().instrumentId(), (InstrumentDefMsg) m);
    }
    Set<Long> microOptions =
        defs.values().stream()
            .filter(d -> d.instrumentClass() != 'F' && d.underlying().startsWith("MNQ"))
            .map(d -> d.hd().instrumentId())
            .collect(Collectors.toSet());
    assertThat(microOptions).hasSize(222);
    for (Long id : microOptions) {
      assertThat(defs.get(id).unitOfMeasureQty()).isEqualTo(2_000_000_000L);
    }

    // Episodes (truth) stay on NQ options.
    assertThat(r.episodes()).isNotEmpty();
    for (Episode e : r.episodes()) {
      for (Integer id : e.instrumentIds()) {
        assertThat(microOptions).as(e.id()).doesNotContain(id.longValue());
      }
    }

    // Makers quote the micros; background flow trades them, less than the NQ options.
    long microAdds = 0;
    for (DbnMessage m : read(a.resolve(day).resolve("mbo.dbn"))) {
      if (m instanceof MboMsg o
          && o.action() == 'A'
          && microOptions.contains(o.hd().instrumentId())) {
        microAdds++;
      }
    }
    assertThat(microAdds).isPositive();
    long microTrades = 0;
    long nqOptionTrades = 0;
    for (DbnMessage m : read(a.resolve(day).resolve("trades.dbn"))) {
      long id = m.hd().instrumentId();
      InstrumentDefMsg d = defs.get(id);
      if (m instanceof TradeMsg && d.instrumentClass() != 'F') {
        if (microOptions.contains(id)) {
          microTrades++;
        } else if (d.underlying().startsWith("NQ")) {
          nqOptionTrades++;
        }
      }
    }
    assertThat(microTrades).isPositive().isLessThan(nqOptionTrades);
  }

  @Test
  void offByDefault() {
    assertThat(SimulationConfig.of(7, 1, Scale.SMALL).microChains()).isFalse();
  }

  private static List<DbnMessage> read(Path p) throws IOException {
    List<DbnMessage> out = new ArrayList<>();
    try (DbnDecoder d = DbnDecoder.open(p)) {
      for (DbnRecord x = d.next(); x != null; x = d.next()) {
        out.add(x.toMessage());
      }
    }
    return out;
  }
}
