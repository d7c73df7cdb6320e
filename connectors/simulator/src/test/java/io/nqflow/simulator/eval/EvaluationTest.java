package io.nqflow.simulator.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hand-built runs scored together; every expected number below is counted by hand from the
 * fixture.
 *
 * <p>Run A (regime quiet, 60-minute sessions): 2026-01-05 has no mbo.dbn (left out by default),
 * 2026-01-06 has. Run B (regime normal, 30-minute sessions): 2026-01-05 with mbo.dbn. Two variants:
 * v1 in signals.jsonl, v3 in signals-v3.jsonl.
 */
class EvaluationTest {
  static final long S = 1_000_000_000L;

  @TempDir Path tmp;
  Path runA;
  Path runB;

  static long at(String utc) {
    Instant i = Instant.parse(utc);
    return i.getEpochSecond() * S + i.getNano();
  }

  static String episode(
      String id,
      String kind,
      String ids,
      String dir,
      long start,
      long end,
      boolean expect,
      String day,
      String regime) {
    return String.format(
        Locale.ROOT,
        "{\"id\":\"%s\",\"kind\":\"%s\",\"instrument_ids\":[%s],\"direction\":\"%s\","
            + "\"ts_start\":%d,\"ts_end\":%d,\"expect_signal\":%b,\"day\":\"%s\","
            + "\"regime\":\"%s\"}%n",
        id,
        kind,
        ids,
        dir,
        start,
        end,
        expect,
        day,
        regime);
  }

  static String signal(
      String id,
      String variant,
      String algo,
      int inst,
      String dir,
      long ts,
      String conf,
      double score) {
    return String.format(
        Locale.ROOT,
        "{\"signal_id\":\"%s\",\"variant\":\"%s\",\"algorithm\":\"%s\",\"instrument_id\":%d,"
            + "\"direction\":\"%s\",\"confidence\":\"%s\",\"score\":%s,\"ts_event\":%d}%n",
        id,
        variant,
        algo,
        inst,
        dir,
        conf,
        score,
        ts);
  }

  static Path run(Path dir, int minutes, List<String> days, List<String> mboDays, String truth)
      throws Exception {
    Files.createDirectories(dir);
    StringBuilder m =
        new StringBuilder("{\"seed\":1,\"session_minutes\":" + minutes + ",\"days\":[");
    for (int i = 0; i < days.size(); i++) {
      m.append(i > 0 ? "," : "").append("{\"date\":\"").append(days.get(i)).append("\"}");
      Files.createDirectories(dir.resolve(days.get(i)));
    }
    Files.writeString(dir.resolve("manifest.json"), m + "]}");
    for (String d : mboDays) {
      Files.write(dir.resolve(d).resolve("mbo.dbn"), new byte[] {1});
    }
    Files.writeString(dir.resolve("truth.jsonl"), truth);
    return dir;
  }

  // Run A, 2026-01-06 (quiet): a2 SWEEP, a3 LADDER, decoy a4 MM_BURST; 2026-01-05: a1 SWEEP.
  static final long A1 = at("2026-01-05T15:00:00Z");
  static final long A2 = at("2026-01-06T15:00:00Z");
  static final long A3 = at("2026-01-06T15:10:00Z");
  static final long A4 = at("2026-01-06T15:20:00Z");
  // Run B, 2026-01-05 (normal): b1 SWEEP, b2 ICEBERG, decoy b3 SPREAD.
  static final long B1 = at("2026-01-05T16:00:00Z");
  static final long B2 = at("2026-01-05T16:10:00Z");
  static final long B3 = at("2026-01-05T16:20:00Z");

  @BeforeEach
  void fixture() throws Exception {
    runA =
        run(
            tmp.resolve("a"),
            60,
            List.of("2026-01-05", "2026-01-06"),
            List.of("2026-01-06"),
            episode("a1", "SWEEP", "11", "BULLISH", A1, A1, true, "2026-01-05", "quiet")
                + episode("a2", "SWEEP", "11", "BULLISH", A2, A2, true, "2026-01-06", "quiet")
                + episode(
                    "a3", "LADDER", "21,22", "BEARISH", A3, A3 + 5 * S, true, "2026-01-06", "quiet")
                + episode(
                    "a4",
                    "MM_BURST",
                    "41",
                    "NEUTRAL",
                    A4,
                    A4 + 60 * S,
                    false,
                    "2026-01-06",
                    "quiet"));
    Files.writeString(
        runA.resolve("signals.jsonl"),
        // s0: on the day without MBO, left out
        signal("s0", "v1", "cep_sweep", 11, "BULLISH", A1 + S, "HIGH", 3)
            // s1: a2, 2 s latency
            + signal("s1", "v1", "cep_sweep", 11, "BULLISH", A2 + 2 * S, "HIGH", 3)
            // s2: a3, 4 s latency
            + signal("s2", "v1", "cep_ladder", 22, "BEARISH", A3 + 4 * S, "VERY_HIGH", 4)
            // s3: on the decoy
            + signal("s3", "v1", "ifd_v1", 41, "BULLISH", A4 + 30 * S, "MODERATE", 5)
            // s4: nothing there
            + signal("s4", "v1", "ifd_v1", 99, "BULLISH", A4 + 600 * S, "LOW", 4.1));
    Files.writeString(
        runA.resolve("signals-v3.jsonl"),
        signal("t1", "v3", "ifd_v3", 11, "BULLISH", A2 + S, "HIGH", 2));
    runB =
        run(
            tmp.resolve("b"),
            30,
            List.of("2026-01-05"),
            List.of("2026-01-05"),
            episode("b1", "SWEEP", "11", "BEARISH", B1, B1, true, "2026-01-05", "normal")
                + episode(
                    "b2",
                    "ICEBERG",
                    "31",
                    "BULLISH",
                    B2,
                    B2 + 120 * S,
                    true,
                    "2026-01-05",
                    "normal")
                + episode(
                    "b3", "SPREAD", "51,52", "NEUTRAL", B3, B3, false, "2026-01-05", "normal"));
    Files.writeString(
        runB.resolve("signals.jsonl"),
        // s5: b1, 0 latency
        signal("s5", "v1", "cep_sweep", 11, "BEARISH", B1, "HIGH", 3)
            // s6: wrong direction on b2: unmatched
            + signal("s6", "v1", "ifd_v1", 31, "BEARISH", B2 + 10 * S, "MODERATE", 6)
            // s7: b2, 20 s after its end (grace 30 s), 140 s latency
            + signal("s7", "v1", "cep_iceberg", 31, "BULLISH", B2 + 140 * S, "EXTREME", 1));
    Files.writeString(
        runB.resolve("signals-v3.jsonl"),
        signal("t2", "v3", "ifd_v3", 51, "NEUTRAL", B3 + S, "LOW", 2));
  }

  private ProtocolReport evaluate(RunLoader.Days days, String minConfidence) throws Exception {
    List<String> names = List.of("signals.jsonl", "signals-v3.jsonl");
    return Evaluation.evaluate(
        List.of(RunLoader.folder(runA, names), RunLoader.folder(runB, names)),
        new Evaluation.Options(Duration.ofSeconds(30), days, minConfidence, 5));
  }

  @Test
  void scoresOnlyTheDaysWithMboByDefault() throws Exception {
    ProtocolReport r = evaluate(RunLoader.Days.MBO, null);

    assertThat(r.sessions()).extracting(Session::day).containsExactly("2026-01-06", "2026-01-05");
    assertThat(r.sessions()).extracting(Session::regime).containsExactly("quiet", "normal");
    assertThat(r.sessionHours()).isCloseTo(1.5, within(1e-9));
    assertThat(r.skippedDays()).isEqualTo(1);
    assertThat(r.skippedEpisodes()).isEqualTo(1);
    assertThat(r.skippedSignals()).isEqualTo(1);
    assertThat(r.variants()).extracting(VariantReport::variant).containsExactly("v1", "v3");

    Tally v1 = r.variant("v1").overall();
    assertThat(v1.signals()).isEqualTo(7);
    assertThat(v1.truePositives()).isEqualTo(4);
    assertThat(v1.decoyFalsePositives()).isEqualTo(1);
    assertThat(v1.unmatched()).isEqualTo(2);
    assertThat(v1.recall()).isEqualTo(Proportion.of(4, 4));
    assertThat(v1.precision()).isEqualTo(Proportion.of(4, 7));
    assertThat(v1.decoysSignalledShare()).isEqualTo(Proportion.of(1, 2));
    assertThat(v1.f1()).isCloseTo(2 * (4 / 7.0) / (4 / 7.0 + 1), within(1e-9));
    assertThat(v1.falsePerHour()).isCloseTo(3 / 1.5, within(1e-9));
    // latencies 0, 2 s, 4 s, 140 s
    assertThat(v1.latency().medianMs()).isCloseTo(2000, within(1e-6));
    assertThat(v1.latency().p90Ms()).isCloseTo(140_000, within(1e-6));
  }

  @Test
  void everyDayIsASessionWithDaysAll() throws Exception {
    ProtocolReport r = evaluate(RunLoader.Days.ALL, null);
    assertThat(r.sessions()).hasSize(3);
    assertThat(r.sessionHours()).isCloseTo(2.5, within(1e-9));
    assertThat(r.skippedDays()).isZero();
    Tally v1 = r.variant("v1").overall();
    assertThat(v1.signals()).isEqualTo(8);
    assertThat(v1.recall()).isEqualTo(Proportion.of(5, 5));
    assertThat(r.variant("v1").perRegime().get("quiet").sessions()).isEqualTo(2);
  }

  @Test
  void perRegimeCountsTheRegimesEpisodesAndTheSignalsAttributedToIt() throws Exception {
    VariantReport v1 = evaluate(RunLoader.Days.MBO, null).variant("v1");
    Tally quiet = v1.perRegime().get("quiet");
    // s1, s2 true, s3 on the quiet decoy, s4 unmatched in a quiet session
    assertThat(quiet.signals()).isEqualTo(4);
    assertThat(quiet.precision()).isEqualTo(Proportion.of(2, 4));
    assertThat(quiet.recall()).isEqualTo(Proportion.of(2, 2));
    assertThat(quiet.decoysSignalledShare()).isEqualTo(Proportion.of(1, 1));
    assertThat(quiet.sessions()).isEqualTo(1);
    assertThat(quiet.hours()).isCloseTo(1.0, within(1e-9));
    Tally normal = v1.perRegime().get("normal");
    assertThat(normal.signals()).isEqualTo(3);
    assertThat(normal.precision()).isEqualTo(Proportion.of(2, 3));
    assertThat(normal.recall()).isEqualTo(Proportion.of(2, 2));
    assertThat(normal.decoysSignalledShare()).isEqualTo(Proportion.of(0, 1));
    assertThat(normal.hours()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void perAlgorithmAndPerKindAndPerVariant() throws Exception {
    ProtocolReport r = evaluate(RunLoader.Days.MBO, null);
    VariantReport v1 = r.variant("v1");
    Tally sweep = v1.perAlgorithm().get("cep_sweep");
    assertThat(sweep.precision()).isEqualTo(Proportion.of(2, 2));
    assertThat(sweep.recall()).isEqualTo(Proportion.of(2, 4));
    assertThat(sweep.f1()).isCloseTo(2 * 0.5 / 1.5, within(1e-9));
    Tally ifd = v1.perAlgorithm().get("ifd_v1");
    assertThat(ifd.signals()).isEqualTo(3);
    assertThat(ifd.recall()).isEqualTo(Proportion.of(0, 4));
    assertThat(ifd.falsePerHour()).isCloseTo(2.0, within(1e-9));

    assertThat(v1.perKind().get("SWEEP").recall()).isEqualTo(Proportion.of(2, 2));
    assertThat(v1.perKind().get("SWEEP").matching()).isEqualTo(2);
    assertThat(v1.perKind().get("ICEBERG").latency().medianMs()).isCloseTo(140_000, within(1e-6));
    assertThat(v1.perKind().get("MM_BURST").decoysSignalledShare()).isEqualTo(Proportion.of(1, 1));
    assertThat(v1.perKind().get("SPREAD").decoysSignalledShare()).isEqualTo(Proportion.of(0, 1));

    // v3: t1 finds a2, t2 is on the b3 decoy
    Tally v3 = r.variant("v3").overall();
    assertThat(v3.precision()).isEqualTo(Proportion.of(1, 2));
    assertThat(v3.recall()).isEqualTo(Proportion.of(1, 4));
    assertThat(v3.f1()).isCloseTo(2 * 0.5 * 0.25 / 0.75, within(1e-9));
    assertThat(r.variant("v1").overall().f1()).isCloseTo(8 / 11.0, within(1e-9));

    String table = r.toTable();
    assertThat(table).contains("== variant v1 ==").contains("== variant v3 ==");
    assertThat(table).contains("0.571 [0.250,0.842]"); // v1 precision 4/7
    assertThat(r.toJson()).contains("\"precision_ci95\"").contains("\"per_regime\"");
  }

  @Test
  void reliabilityPerConfidenceLevelIsCumulativeFromTheTop() throws Exception {
    VariantReport v1 = evaluate(RunLoader.Days.MBO, null).variant("v1");
    List<CalibrationRow> c = v1.confidence();
    assertThat(c).extracting(CalibrationRow::label).containsExactlyElementsOf(SessionScorer.LEVELS);
    // LOW: s4; MODERATE: s3, s6; HIGH: s1, s5; VERY_HIGH: s2; EXTREME: s7
    assertThat(c.get(0).bucket().precision()).isEqualTo(Proportion.of(0, 1));
    assertThat(c.get(1).bucket().precision()).isEqualTo(Proportion.of(0, 2));
    assertThat(c.get(2).bucket().precision()).isEqualTo(Proportion.of(2, 2));
    assertThat(c.get(3).bucket().precision()).isEqualTo(Proportion.of(1, 1));
    assertThat(c.get(4).bucket().precision()).isEqualTo(Proportion.of(1, 1));

    assertThat(c.get(0).atLeast().precision()).isEqualTo(Proportion.of(4, 7));
    assertThat(c.get(0).atLeast().signalsPerHour()).isCloseTo(7 / 1.5, within(1e-9));
    assertThat(c.get(1).atLeast().precision()).isEqualTo(Proportion.of(4, 6));
    assertThat(c.get(1).atLeast().recall()).isEqualTo(Proportion.of(4, 4));
    assertThat(c.get(2).atLeast().precision()).isEqualTo(Proportion.of(4, 4));
    assertThat(c.get(2).atLeast().recall()).isEqualTo(Proportion.of(4, 4));
    assertThat(c.get(2).atLeast().signalsPerHour()).isCloseTo(4 / 1.5, within(1e-9));
    assertThat(c.get(3).atLeast().recall()).isEqualTo(Proportion.of(2, 4));
    assertThat(c.get(4).atLeast().recall()).isEqualTo(Proportion.of(1, 4));
    assertThat(c.get(4).atLeast().signalsPerHour()).isCloseTo(1 / 1.5, within(1e-9));
  }

  @Test
  void scoreBucketsAreQuantilesPerAlgorithm() throws Exception {
    assertThat(SessionScorer.cuts(List.of(1d, 2d, 3d, 4d, 5d, 6d, 7d, 8d, 9d, 10d), 5))
        .containsExactly(1, 3, 5, 7, 9);
    assertThat(SessionScorer.cuts(List.of(3d, 3d, 3d), 5)).containsExactly(3);
    // few distinct scores: one bucket each, however many ties
    assertThat(SessionScorer.cuts(List.of(5d, 5d, 5d, 5d, 5d, 5d, 5d, 6d, 7d), 5))
        .containsExactly(5, 6, 7);
    // more distinct scores than bins: quantiles, ties merged
    assertThat(SessionScorer.cuts(List.of(1d, 1d, 1d, 1d, 1d, 1d, 2d, 3d, 4d, 5d, 6d), 5))
        .containsExactly(1, 2, 4);

    // ifd_v1 scores 4.1 (s4), 5 (s3), 6 (s6): a bucket each, none true
    List<CalibrationRow> ifd =
        evaluate(RunLoader.Days.MBO, null).variant("v1").scoreBuckets().get("ifd_v1");
    assertThat(ifd)
        .extracting(CalibrationRow::label)
        .containsExactly("[4.1, 5)", "[5, 6)", "[6, 6]");
    assertThat(ifd).allSatisfy(row -> assertThat(row.bucket().signals()).isEqualTo(1));
    assertThat(ifd.get(1).atLeast().signals()).isEqualTo(2);
  }

  @Test
  void minConfidenceDropsLowerSignalsBeforeScoring() throws Exception {
    ProtocolReport r = evaluate(RunLoader.Days.MBO, "HIGH");
    // v1: s3, s4, s6 below HIGH; v3: t2 (LOW)
    assertThat(r.belowMinConfidence()).isEqualTo(4);
    Tally v1 = r.variant("v1").overall();
    assertThat(v1.precision()).isEqualTo(Proportion.of(4, 4));
    assertThat(v1.recall()).isEqualTo(Proportion.of(4, 4));
    assertThat(v1.decoysSignalledShare()).isEqualTo(Proportion.of(0, 2));
    assertThatThrownBy(() -> evaluate(RunLoader.Days.MBO, "SURE"))
        .hasMessageContaining("SURE")
        .hasMessageContaining("VERY_HIGH");
  }

  @Test
  void requirementsNameEveryRegimeAndMetricThatMisses() throws Exception {
    ProtocolReport r = evaluate(RunLoader.Days.MBO, null);
    List<String> misses = Requirements.parse("recall=0.9,precision=0.9,decoys=0.05").misses(r);
    assertThat(misses)
        .containsExactlyInAnyOrder(
            "variant v1, regime normal: precision 0.667 [0.208,0.939] (2/3) below 0.9",
            "variant v1, regime quiet: precision 0.500 [0.150,0.850] (2/4) below 0.9",
            "variant v1, regime quiet: decoys 1.000 [0.207,1.000] (1/1) above 0.05",
            "variant v3, regime normal: recall 0.000 [0.000,0.658] (0/2) below 0.9",
            "variant v3, regime normal: precision 0.000 [0.000,0.793] (0/1) below 0.9",
            "variant v3, regime normal: decoys 1.000 [0.207,1.000] (1/1) above 0.05",
            "variant v3, regime quiet: recall 0.500 [0.095,0.905] (1/2) below 0.9");
    assertThat(Requirements.parse("recall=1").misses(evaluate(RunLoader.Days.MBO, "HIGH")))
        .containsExactly(
            "variant v3, regime normal: recall 0.000 [0.000,0.658] (0/2) below 1",
            "variant v3, regime quiet: recall 0.500 [0.095,0.905] (1/2) below 1");
    assertThatThrownBy(() -> Requirements.parse("recal=0.9")).hasMessageContaining("recal=0.9");
    assertThatThrownBy(() -> Requirements.parse("recall=high"))
        .hasMessageContaining("not a number");
  }

  @Test
  void theSameVariantInTwoFilesIsToldApartByFileName() throws Exception {
    Files.writeString(
        runB.resolve("other.jsonl"), signal("u1", "v1", "cep_sweep", 11, "BEARISH", B1, "HIGH", 3));
    Files.writeString(runA.resolve("other.jsonl"), "");
    List<String> names = List.of("signals.jsonl", "other.jsonl");
    ProtocolReport r =
        Evaluation.evaluate(
            List.of(RunLoader.folder(runA, names), RunLoader.folder(runB, names)),
            Evaluation.Options.defaults());
    assertThat(r.variants())
        .extracting(VariantReport::variant)
        .containsExactly("v1@signals.jsonl", "v1@other.jsonl");
    assertThat(r.variant("v1@other.jsonl").overall().recall()).isEqualTo(Proportion.of(1, 4));
  }

  @Test
  void variantsComeInTheOrderTheirFilesWereNamedEvenWhenTheFirstRunHasNoSignals() throws Exception {
    Files.writeString(runA.resolve("signals-v3.jsonl"), "");
    List<String> names = List.of("signals-v3.jsonl", "signals.jsonl", "signals-none.jsonl");
    Files.writeString(runA.resolve("signals-none.jsonl"), "");
    Files.writeString(runB.resolve("signals-none.jsonl"), "");
    ProtocolReport r =
        Evaluation.evaluate(
            List.of(RunLoader.folder(runA, names), RunLoader.folder(runB, names)),
            Evaluation.Options.defaults());
    assertThat(r.variants())
        .extracting(VariantReport::variant)
        .containsExactly("v3", "v1", "signals-none.jsonl");
    assertThat(r.variant("signals-none.jsonl").overall().recall()).isEqualTo(Proportion.of(0, 4));
  }

  @Test
  void missingFoldersAndFilesSayWhatAndWhere() throws Exception {
    Path nowhere = tmp.resolve("nowhere");
    assertThatThrownBy(() -> RunLoader.folder(nowhere, List.of("signals.jsonl")))
        .hasMessageContaining("run folder " + nowhere + " does not exist");
    Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> RunLoader.folder(tmp.resolve("empty"), List.of("signals.jsonl")))
        .hasMessageContaining("no truth.jsonl in run folder " + tmp.resolve("empty"));
    assertThatThrownBy(() -> RunLoader.folder(runA, List.of("signals-v9.jsonl")))
        .hasMessageContaining("no signals file signals-v9.jsonl in run folder " + runA)
        .hasMessageContaining("nqflow detect --input " + runA);
  }

  @Test
  void aSignalDatesToItsNewYorkSessionDay() {
    // 23:30 ET on Jan 5 is 04:30 UTC on Jan 6
    assertThat(RunLoader.dayOf(at("2026-01-06T04:30:00Z"))).isEqualTo("2026-01-05");
    assertThat(RunLoader.dayOf(at("2026-01-06T14:30:00Z"))).isEqualTo("2026-01-06");
  }
}
