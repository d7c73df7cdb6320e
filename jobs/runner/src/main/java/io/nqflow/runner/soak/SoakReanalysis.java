package io.nqflow.runner.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Judges a finished soak's folder again with the current verdicts: reads samples.csv, the run
 * description in summary.json and the replayed sessions under market/, then rewrites summary.json
 * and plots/. Nothing is measured again.
 */
public final class SoakReanalysis {
  private SoakReanalysis() {}

  /** Re-judges {@code dir}; returns the new report (already written). */
  public static SoakReport run(Path dir, long retentionNs) throws IOException {
    Path csv = dir.resolve("samples.csv");
    Path summary = dir.resolve("summary.json");
    for (Path p : List.of(csv, summary, dir.resolve("market"))) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(
            "--reanalyze " + dir + ": " + p.getFileName() + " is missing (not a soak folder?)");
      }
    }
    SampleTable table = readCsv(csv);
    JsonNode root = new ObjectMapper().readTree(summary.toFile());
    JsonNode run = root.path("run");
    if (!run.isObject()) {
      throw new IllegalArgumentException(summary + ": no \"run\" object");
    }
    SoakReport.RunInfo info =
        new SoakReport.RunInfo(
            run.path("duration_seconds").asLong(),
            run.path("rate").asText(),
            run.path("speed").asDouble(),
            run.path("live_events_per_second").asDouble(Double.NaN),
            run.path("seed").asLong(),
            run.path("scale").asText(),
            run.path("session_minutes").asInt(),
            run.path("sessions").asInt(),
            run.path("sample_seconds").asLong(),
            run.path("load1_start").asDouble(),
            run.path("load1_end").asDouble(),
            run.path("cores").asInt());
    List<Path> sessions;
    try (Stream<Path> s = Files.list(dir.resolve("market"))) {
      sessions =
          s.filter(p -> Files.isRegularFile(p.resolve("trades.dbn")))
              .sorted()
              .limit(info.sessions())
              .toList();
    }
    Listings listings = Listings.read(sessions);
    double[] marketH = table.column("market_time_h");
    long lastEventNs = (long) (marketH[marketH.length - 1] * 3.6e12);
    table = BaselinePopulation.read(sessions, retentionNs).addTo(table);
    SoakReport report =
        SoakReport.of(
            table,
            run.path("warmup_s").asLong(),
            info,
            new SoakReport.Listing(
                listings.listed(),
                listings.expiredBy(lastEventNs),
                listings.retiredBy(lastEventNs)));
    report.write(dir);
    return report;
  }

  /** Reads a soak's samples.csv (as {@link SoakCsv} writes it: empty field = not measured). */
  static SampleTable readCsv(Path csv) throws IOException {
    List<String> columns;
    List<double[]> rows = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        throw new IllegalArgumentException(csv + ": empty");
      }
      columns = fields(header);
      String line;
      int n = 1;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        List<String> f = fields(line);
        if (f.size() != columns.size()) {
          throw new IllegalArgumentException(
              csv + ":" + n + ": " + f.size() + " fields for " + columns.size() + " columns");
        }
        double[] v = new double[f.size()];
        for (int i = 0; i < v.length; i++) {
          try {
            v[i] = f.get(i).isEmpty() ? Double.NaN : Double.parseDouble(f.get(i));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                csv + ":" + n + ": column '" + columns.get(i) + "': not a number: " + f.get(i), e);
          }
        }
        rows.add(v);
      }
    }
    return new SampleTable(List.copyOf(columns), List.copyOf(rows));
  }

  /** Splits one RFC 4180 line (no line breaks inside fields). */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          b.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          b.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    out.add(b.toString());
    return out;
  }
}
