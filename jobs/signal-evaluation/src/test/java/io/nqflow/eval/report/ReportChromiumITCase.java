package io.nqflow.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import java.awt.image.BufferedImage;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: a generated run folder (two variants, three days, three algorithms)
 * is turned into report.html, which headless Chromium (Debian's {@code chromium} package; {@code
 * scripts/test.sh} installs it, {@code NQFLOW_IT_CHROMIUM} names another binary) loads from the
 * file system. The DOM Chromium ends with must hold the charts with drawn paths and bars, its
 * screenshot must show them, and the numbers on the page must equal those this test computes itself
 * from the outcomes it wrote. Without the binary the test fails (it is part of CI).
 */
class ReportChromiumITCase {
  private static final String[] ALGORITHMS = {"ifd_v1_volume_ratio", "cep_block", "cep_sweep"};
  private static final String[] CONFIDENCE = {"LOW", "MEDIUM", "HIGH"};
  private static final long DAY_NS = 86_400_000_000_000L;
  private static final long MINUTE_NS = 60_000_000_000L;

  @TempDir Path tmp;

  @Test
  void theReportRendersInChromiumWithTheNumbersOfItsOutcomes() throws Exception {
    Path chromium = chromium();
    List<SignalOutcome> outcomes = generate(new Random(13));
    Path run = Files.createDirectories(tmp.resolve("run-chromium"));
    try (Writer w =
        Files.newBufferedWriter(run.resolve("outcomes.jsonl"), StandardCharsets.UTF_8)) {
      OutcomesJsonl.write(w, outcomes);
    }
    Path report = RunReport.write(run);

    String dom = chromium(chromium, "--dump-dom", report.toUri().toString());
    assertThat(dom).contains("</html>");

    for (String variant : List.of("A", "B")) {
      List<SignalOutcome> mine =
          outcomes.stream().filter(o -> o.getVariant().toString().equals(variant)).toList();
      List<SignalOutcome> decided = inExitOrder(mine);

      // charts: a line of one point per decided outcome, one bar per decided outcome
      String equity = chart(dom, "equity", variant);
      Matcher line = Pattern.compile("<path class=\"series\" d=\"(M[^\"]*)\"").matcher(equity);
      assertThat(line.find()).as("equity line of %s", variant).isTrue();
      assertThat(line.group(1).split("L")).hasSize(decided.size());
      assertThat(count(chart(dom, "pnl", variant), "<rect ")).isEqualTo(decided.size());
      assertThat(chart(dom, "drawdown", variant)).contains("<path class=\"area\" d=\"M");
      assertThat(count(chart(dom, "hit-algorithm", variant), "<rect "))
          .isEqualTo(ALGORITHMS.length);
      assertThat(count(chart(dom, "hit-confidence", variant), "<rect "))
          .isEqualTo(CONFIDENCE.length);
      assertThat(count(chart(dom, "latency", variant), "<rect ")).isPositive();
      assertThat(chart(dom, "targets", variant)).contains("<line ");

      // numbers computed here from the outcomes written
      Expected e = Expected.of(mine);
      String row = row(dom, "by-variant", variant, variant);
      assertThat(cell(row, "signals")).isEqualTo(String.valueOf(mine.size()));
      assertThat(cell(row, "decided")).isEqualTo(String.valueOf(decided.size()));
      assertThat(cell(row, "accuracy")).isEqualTo(pct(e.wins / (double) decided.size()));
      assertThat(cell(row, "pnl_usd")).isEqualTo(usd(e.total));
      assertThat(cell(row, "expectancy_usd")).isEqualTo(usd(e.total / decided.size()));
      assertThat(cell(row, "win_loss")).isEqualTo(num((e.gains / e.wins) / (e.pains / e.losses)));
      assertThat(cell(row, "profit_factor")).isEqualTo(num(e.gains / e.pains));
      assertThat(cell(row, "max_dd_usd")).isEqualTo(usd(e.maxDrawdown));
      assertThat(cell(row, "sharpe")).isEqualTo(num(sharpe(mine)));
      assertThat(cell(row, "fp_rate")).isEqualTo(pct(e.falsePositives / (double) decided.size()));
      assertThat(cell(row(dom, "targets", variant, "accuracy"), "measured"))
          .isEqualTo(pct(e.wins / (double) decided.size()));
      for (String algorithm : ALGORITHMS) {
        List<SignalOutcome> a =
            mine.stream().filter(o -> o.getAlgorithm().toString().equals(algorithm)).toList();
        Expected ea = Expected.of(a);
        assertThat(cell(row(dom, "by-algorithm", variant, algorithm), "accuracy"))
            .as("%s %s", variant, algorithm)
            .isEqualTo(pct(ea.wins / (double) inExitOrder(a).size()));
      }
      double equityUsd = 0;
      for (SignalOutcome o : decided) {
        equityUsd += o.getPnlUsd();
        String trade = row(dom, "trades", variant, o.getSignalId().toString());
        assertThat(cell(trade, "pnl_usd")).isEqualTo(usd(o.getPnlUsd()));
        assertThat(cell(trade, "equity_usd")).isEqualTo(usd(equityUsd));
      }
    }

    // the screenshot: not blank, with the charts' green and red bars and blue lines
    Path png = tmp.resolve("report.png");
    chromium(chromium, "--screenshot=" + png, "--window-size=1280,2000", report.toUri().toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot %s", png).isNotNull();
    Set<Integer> colors = new HashSet<>();
    int green = 0;
    int red = 0;
    int blue = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        colors.add(rgb);
        green += rgb == 0x2e7d32 ? 1 : 0;
        red += rgb == 0xc62828 ? 1 : 0;
        blue += rgb == 0x1565c0 ? 1 : 0;
      }
    }
    assertThat(colors.size()).as("colours in the screenshot").isGreaterThan(20);
    assertThat(green).as("green pixels").isGreaterThan(200);
    assertThat(red).as("red pixels").isGreaterThan(200);
    assertThat(blue).as("blue pixels").isGreaterThan(50);
  }

  /** Figures recomputed here, independently of the report's code. */
  private record Expected(
      int wins,
      int losses,
      double gains,
      double pains,
      double total,
      int falsePositives,
      double maxDrawdown) {
    static Expected of(List<SignalOutcome> outcomes) {
      int wins = 0;
      int losses = 0;
      int fp = 0;
      double gains = 0;
      double pains = 0;
      double total = 0;
      double peak = 0;
      double maxDd = 0;
      for (SignalOutcome o : inExitOrder(outcomes)) {
        double p = o.getPnlUsd();
        total += p;
        if (p > 0) {
          wins++;
          gains += p;
        }
        if (p < 0) {
          losses++;
          pains -= p;
        }
        if (p < 0 || o.getOutcome() == OutcomeKind.STOP) {
          fp++;
        }
        peak = Math.max(peak, total);
        maxDd = Math.max(maxDd, peak - total);
      }
      return new Expected(wins, losses, gains, pains, total, fp, maxDd);
    }
  }

  /** Sharpe x sqrt(252) of the P&L per CME trading day (Chicago date 7 hours later). */
  private static double sharpe(List<SignalOutcome> outcomes) {
    Map<LocalDate, Double> days = new TreeMap<>();
    for (SignalOutcome o : inExitOrder(outcomes)) {
      LocalDate d =
          Instant.ofEpochSecond(o.getTsSignal() / 1_000_000_000L)
              .atZone(ZoneId.of("America/Chicago"))
              .plusHours(7)
              .toLocalDate();
      days.merge(d, o.getPnlUsd(), Double::sum);
    }
    assertThat(days).as("trading days").hasSize(3);
    double mean = days.values().stream().mapToDouble(x -> x).average().orElseThrow();
    double var = days.values().stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / 2;
    return mean / Math.sqrt(var) * Math.sqrt(252);
  }

  private static List<SignalOutcome> inExitOrder(List<SignalOutcome> outcomes) {
    return outcomes.stream()
        .filter(o -> o.getOutcome() != OutcomeKind.OPEN)
        .sorted(Comparator.comparingLong(SignalOutcome::getTsExit))
        .toList();
  }

  /** Two variants x 30 signals over three days from 08:30 CT; 1 in 10 still open. */
  private static List<SignalOutcome> generate(Random r) {
    long start = Outcomes.ns("2026-03-02T14:30:00Z");
    List<SignalOutcome> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      long ts = start + (i / 20) * DAY_NS + r.nextInt(360) * MINUTE_NS + r.nextInt(1_000_000);
      double pnl;
      OutcomeKind kind = OutcomeKind.values()[r.nextInt(3)];
      switch (kind) {
        case TARGET -> pnl = 20 + r.nextInt(13_000) / 100.0;
        case STOP -> pnl = -(10 + r.nextInt(9_000) / 100.0);
        default -> pnl = (r.nextInt(6_000) - 3_000) / 100.0;
      }
      boolean open = i % 10 == 9;
      boolean approved = r.nextBoolean();
      long exit = ts + (1 + r.nextInt(90)) * MINUTE_NS + i;
      SignalOutcome.Builder b =
          Outcomes.base("sig-" + i, ALGORITHMS[i % 3], CONFIDENCE[(i / 2) % 3])
              .setVariant(i % 2 == 0 ? "A" : "B")
              .setEntryPrice((5 + r.nextInt(10)) * 1_000_000_000L)
              .setTsSignal(ts)
              .setApproved(approved)
              .setFeesUsd(1.5)
              .setSlippageUsd(r.nextInt(300) / 100.0);
      if (open) {
        b.setOutcome(OutcomeKind.OPEN);
      } else {
        b.setOutcome(kind)
            .setPnlUsd(pnl)
            .setExitPrice(1L)
            .setTsExit(exit)
            .setTimeToOutcomeNs(exit - ts);
      }
      if (approved) {
        b.setSignalToFillNs((1 + r.nextInt(50)) * 1_000_000L).setTsFill(ts + 1);
      }
      out.add(b.build());
    }
    return out;
  }

  private static String chart(String dom, String kind, String variant) {
    Matcher m =
        Pattern.compile("<svg [^>]*data-chart=\"" + kind + "\"[^>]*>(.*?)</svg>", Pattern.DOTALL)
            .matcher(dom);
    while (m.find()) {
      if (m.group(1).contains("<title>")
          && m.group(1).matches("(?s)<title>[^<]*: " + variant + "</title>.*")) {
        return m.group(1);
      }
    }
    throw new AssertionError("no " + kind + " chart of variant " + variant + " in the DOM");
  }

  private static String row(String dom, String table, String variant, String key) {
    Matcher t =
        Pattern.compile("<table id=\"" + table + "\">(.*?)</table>", Pattern.DOTALL).matcher(dom);
    assertThat(t.find()).as("table %s", table).isTrue();
    Matcher r =
        Pattern.compile(
                "<tr data-variant=\""
                    + variant
                    + "\" data-key=\""
                    + Pattern.quote(key)
                    + "\">(.*?)</tr>",
                Pattern.DOTALL)
            .matcher(t.group(1));
    assertThat(r.find()).as("row %s/%s of %s", variant, key, table).isTrue();
    return r.group(1);
  }

  private static String cell(String row, String k) {
    Matcher c = Pattern.compile("<td data-k=\"" + k + "\">([^<]*)</td>").matcher(row);
    assertThat(c.find()).as("cell %s in %s", k, row).isTrue();
    return c.group(1);
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static String usd(double v) {
    return num(v);
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  /** Runs headless Chromium with its own profile folder; returns its standard output. */
  private String chromium(Path binary, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + tmp.resolve("chromium-profile")));
    cmd.addAll(List.of(args));
    Path err = tmp.resolve("chromium.err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " did not finish in 90 s");
    }
    assertThat(p.exitValue()).as("%s: %s", cmd, Files.readString(err)).isZero();
    return out;
  }

  /** The binary NQFLOW_IT_CHROMIUM names, else /usr/bin/chromium; fails when neither is there. */
  private static Path chromium() {
    String v = System.getenv("NQFLOW_IT_CHROMIUM");
    Path p = v != null && !v.isBlank() ? Path.of(v) : Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(p)) {
      throw new AssertionError(
          p
              + " is not there: install Debian's chromium package (scripts/test.sh does so when"
              + " run as root) or name the binary in NQFLOW_IT_CHROMIUM");
    }
    return p;
  }
}
