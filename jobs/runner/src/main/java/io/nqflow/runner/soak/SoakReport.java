package io.nqflow.runner.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.core.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak's verdicts: a least-squares line per resource series (samples after the warm-up), flat
 * when its slope per hour stays within the series' {@link Flatness}, and no instrument key left
 * past the time its operator should have cleared it. Writes summary.json and plots/*.svg.
 *
 * @param info how the soak ran
 * @param series the judged series, in order
 * @param census per job with an instrument-key census: what it counted
 * @param lags per consumer: the largest and the last lag (records)
 * @param eventsPerSecond mean md.events per second over the run
 * @param table the samples
 * @param warmupSeconds samples before this were left out of the fits
 * @param listing what the replayed sessions listed, counted from their definition files
 */
public record SoakReport(
    RunInfo info,
    List<Series> series,
    Map<String, Census> census,
    Map<String, double[]> lags,
    double eventsPerSecond,
    SampleTable table,
    long warmupSeconds,
    Listing listing) {

  /**
   * The instruments of the replayed sessions, counted from their definition files (not from the
   * jobs).
   *
   * @param listed distinct instruments listed
   * @param expired of them, expired by the last event replayed
   * @param retired of them, expired more than two days (the longest retention of any operator)
   *     before the last event: no job may hold them any more
   */
  public record Listing(long listed, long expired, long retired) {
    /** Whether a job's key count at the end leaves room for no retired instrument. */
    public boolean admits(Census c) {
      return c.measured() && c.keysEnd() <= listed - retired;
    }
  }

  /**
   * How the soak ran.
   *
   * @param durationSeconds wall-clock duration asked for
   * @param rate the --rate given
   * @param speed the multiple of real time the sessions were replayed at
   * @param liveEventsPerSecond the simulated session's events per second at x1
   * @param seed simulator seed
   * @param scale simulator scale
   * @param sessionMinutes market minutes per session
   * @param sessions sessions begun
   * @param sampleSeconds time between samples
   * @param load1Start the machine's 1-minute load average at the start
   * @param load1End the same at the end
   * @param cores processors available
   */
  public record RunInfo(
      long durationSeconds,
      String rate,
      double speed,
      double liveEventsPerSecond,
      long seed,
      String scale,
      int sessionMinutes,
      int sessions,
      long sampleSeconds,
      double load1Start,
      double load1End,
      int cores) {}

  /**
   * One judged series.
   *
   * @param column its CSV column
   * @param unit its unit
   * @param trend the fit over the samples after the warm-up
   * @param allowedPerHour the drift per hour it may have
   * @param flat whether |slope| stayed within it
   */
  public record Series(
      String column,
      String unit,
      Trend trend,
      double allowedPerHour,
      boolean flat,
      String explainedBy) {
    /** A series judged by its plain slope. */
    public Series(String column, String unit, Trend trend, double allowedPerHour, boolean flat) {
      this(column, unit, trend, allowedPerHour, flat, "");
    }
  }

  /**
   * Whether a series is judged by the growth that the baseline population ({@link
   * BaselinePopulation}) does not explain: the heap (the state lives there) and checkpointed state.
   */
  static boolean followsBaselines(String column) {
    return column.equals("heap_after_gc_mib") || column.startsWith("state_mib");
  }

  /**
   * The instrument-key census of one job over the run.
   *
   * @param keysEnd keys with a definition at the last sample
   * @param keysMax the most keys seen
   * @param expiredMax the most keys seen past their instrument's expiration (kept on purpose)
   * @param overdueMax the most keys seen past their clearing time: must be 0
   * @param measured whether the census was read at all
   */
  public record Census(
      double keysEnd, double keysMax, double expiredMax, double overdueMax, boolean measured) {
    /** No state left for expired instruments: measured, and never a key past its clearing time. */
    public boolean noneLeft() {
      return measured && overdueMax == 0;
    }
  }

  /** Tolerances of the resource series (see docs/reliability.md). */
  static final Map<String, Flatness> TOLERANCES = new LinkedHashMap<>();

  static {
    TOLERANCES.put("heap_after_gc_mib", new Flatness(0.10, 16));
    // Non-heap as a whole is plotted, not judged: the JIT's code cache fills for a long time after
    // the start and is bounded by -XX:ReservedCodeCacheSize; a class leak shows in metaspace.
    TOLERANCES.put("metaspace_mib", new Flatness(0.05, 4));
    TOLERANCES.put("open_fds", new Flatness(0.05, 12));
    TOLERANCES.put("threads", new Flatness(0.05, 6));
    TOLERANCES.put("state_mib_total", new Flatness(0.10, 1));
  }

  /** Tolerance of each task's state size. */
  static final Flatness TASK_STATE = new Flatness(0.10, 1);

  /** Judges the samples. */
  public static SoakReport of(
      SampleTable table, long warmupSeconds, RunInfo info, Listing listing) {
    double[] t = table.column("t_s");
    int from = 0;
    while (from < t.length && t[from] < warmupSeconds) {
      from++;
    }
    if (t.length - from < 2) {
      // Too short a run for a warm-up: fit everything.
      from = 0;
    }
    List<Series> series = new ArrayList<>();
    for (String c : table.columns()) {
      Flatness f = TOLERANCES.get(c);
      if (f == null && c.startsWith("state_mib:")) {
        f = TASK_STATE;
      }
      if (f == null) {
        continue;
      }
      double[] v = table.column(c);
      double[] tt = java.util.Arrays.copyOfRange(t, from, t.length);
      double[] vv = java.util.Arrays.copyOfRange(v, from, v.length);
      long present = java.util.Arrays.stream(vv).filter(x -> !Double.isNaN(x)).count();
      if (present < 2) {
        continue;
      }
      java.util.Optional<Trend> beyond = java.util.Optional.empty();
      if (followsBaselines(c) && table.columns().contains(BaselinePopulation.COLUMN)) {
        double[] x = table.column(BaselinePopulation.COLUMN);
        beyond = Trend.fitBeyond(tt, vv, java.util.Arrays.copyOfRange(x, from, x.length));
      }
      Trend tr = beyond.orElseGet(() -> Trend.fit(tt, vv));
      series.add(
          new Series(
              c,
              unitOf(c),
              tr,
              f.allowedPerHour(tr),
              f.isFlat(tr),
              beyond.isPresent() ? BaselinePopulation.COLUMN : ""));
    }
    Map<String, Census> census = new LinkedHashMap<>();
    for (String j : SoakSampler.CENSUS_JOBS) {
      double[] keys = table.column("keys_" + j);
      double[] expired = table.column("keys_expired_" + j);
      double[] overdue = table.column("keys_overdue_" + j);
      census.put(
          j,
          new Census(
              lastOf(keys),
              maxOf(keys),
              maxOf(expired),
              maxOf(overdue),
              !Double.isNaN(maxOf(keys))));
    }
    Map<String, double[]> lags = new LinkedHashMap<>();
    for (String c : table.columns()) {
      if (c.startsWith("lag_")) {
        double[] v = table.column(c);
        lags.put(c.substring(4), new double[] {maxOf(v), lastOf(v)});
      }
    }
    double[] events = table.column("events_total");
    double eps =
        t.length < 2 ? Double.NaN : (lastOf(events) - firstOf(events)) / (t[t.length - 1] - t[0]);
    return new SoakReport(info, series, census, lags, eps, table, warmupSeconds, listing);
  }

  /** Every series flat and no state left for expired instruments. */
  public boolean passed() {
    return series.stream().allMatch(Series::flat)
        && census.values().stream().allMatch(c -> c.noneLeft() && listing.admits(c));
  }

  static String unitOf(String column) {
    if (column.contains("mib")) {
      return "MiB";
    }
    return switch (column) {
      case "open_fds" -> "fds";
      case "threads" -> "threads";
      case BaselinePopulation.COLUMN -> "instruments";
      default -> "";
    };
  }

  private static double maxOf(double[] v) {
    double m = Double.NaN;
    for (double x : v) {
      if (!Double.isNaN(x) && (Double.isNaN(m) || x > m)) {
        m = x;
      }
    }
    return m;
  }

  private static double lastOf(double[] v) {
    for (int i = v.length - 1; i >= 0; i--) {
      if (!Double.isNaN(v[i])) {
        return v[i];
      }
    }
    return Double.NaN;
  }

  private static double firstOf(double[] v) {
    for (double x : v) {
      if (!Double.isNaN(x)) {
        return x;
      }
    }
    return Double.NaN;
  }

  /** summary.json. */
  public String toJson() {
    ObjectMapper m =
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(
                com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
    ObjectNode root = m.createObjectNode();
    ObjectNode run = m.valueToTree(info);
    run.put("samples", table.rows().size());
    run.put("warmup_s", warmupSeconds);
    run.put("events_per_s_mean", round(eventsPerSecond));
    double[] signals = table.column("signals_total");
    double[] approved = table.column("approved_total");
    run.put("signals_total", lastOf(signals));
    run.put("approved_total", lastOf(approved));
    root.set("run", run);
    ObjectNode s = root.putObject("series");
    for (Series x : series) {
      ObjectNode n = s.putObject(x.column());
      n.put("unit", x.unit());
      n.put("start", round(x.trend().start()));
      n.put("end", round(x.trend().end()));
      n.put("mean", round(x.trend().mean()));
      n.put("slope_per_hour", round(x.trend().slopePerHour()));
      n.put("allowed_per_hour", round(x.allowedPerHour()));
      n.put("samples", x.trend().samples());
      n.put("flat", x.flat());
      if (!x.explainedBy().isEmpty()) {
        // The slope is then the growth per hour beyond what the covariate explains.
        n.put("explained_by", x.explainedBy());
        n.put("per_" + x.explainedBy(), round(x.trend().perCovariate()));
      }
    }
    ObjectNode c = root.putObject("expired_instrument_keys");
    c.put("instruments_listed", listing.listed());
    c.put("instruments_expired", listing.expired());
    c.put("instruments_retired", listing.retired());
    for (var e : census.entrySet()) {
      ObjectNode n = c.putObject(e.getKey());
      n.put("keys_end", e.getValue().keysEnd());
      n.put("keys_max", e.getValue().keysMax());
      n.put("expired_max", e.getValue().expiredMax());
      n.put("overdue_max", e.getValue().overdueMax());
      n.put("none_left", e.getValue().noneLeft() && listing.admits(e.getValue()));
    }
    ObjectNode l = root.putObject("lag_records");
    for (var e : lags.entrySet()) {
      ObjectNode n = l.putObject(e.getKey());
      n.put("max", e.getValue()[0]);
      n.put("end", e.getValue()[1]);
    }
    root.put("passed", passed());
    try {
      return m.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : v;
  }

  /** Writes summary.json and one SVG per judged series, events/s and the key census. */
  public void write(Path runDir) throws IOException {
    OwnerOnly.writeString(runDir.resolve("summary.json"), toJson());
    Path plots = OwnerOnly.createDirectories(runDir.resolve("plots"));
    double[] t = table.column("t_s");
    for (Series x : series) {
      // A fit against a covariate is no straight line in time: plot the samples alone.
      OwnerOnly.writeString(
          plots.resolve(fileName(x.column()) + ".svg"),
          SvgChart.render(
              x.column(),
              x.unit(),
              t,
              table.column(x.column()),
              x.explainedBy().isEmpty() ? x.trend() : null));
    }
    List<String> extra = new ArrayList<>(List.of("events_per_s", "rss_mib", "load1"));
    for (String c : List.of("nonheap_mib", "code_cache_mib", BaselinePopulation.COLUMN)) {
      if (table.columns().contains(c)) {
        extra.add(c);
      }
    }
    for (String j : SoakSampler.CENSUS_JOBS) {
      extra.add("keys_" + j);
      extra.add("keys_overdue_" + j);
    }
    for (String c : extra) {
      OwnerOnly.writeString(
          plots.resolve(fileName(c) + ".svg"),
          SvgChart.render(c, unitOf(c), t, table.column(c), null));
    }
  }

  /** A column name as a file name: letters, digits, '-' and '_' only. */
  static String fileName(String column) {
    String s = column.replaceAll("[^A-Za-z0-9_-]+", "_").replaceAll("_+", "_");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }

  /** The verdicts, one line each. */
  public String toTable() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%nsoak: %d s at x%.3f, %.0f events/s on average, %d sessions, load %.2f -> %.2f on %d"
                + " cores%n",
            info.durationSeconds(),
            info.speed(),
            eventsPerSecond,
            info.sessions(),
            info.load1Start(),
            info.load1End(),
            info.cores()));
    for (Series x : series) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %-8s %-60s %10.2f -> %10.2f %s, %s %+.2f/h (allowed up to +%.2f/h)%s%n",
              x.flat() ? "flat" : "DRIFTING",
              x.column(),
              x.trend().start(),
              x.trend().end(),
              x.unit(),
              x.explainedBy().isEmpty() ? "slope" : "slope beyond " + x.explainedBy(),
              x.trend().slopePerHour(),
              x.allowedPerHour(),
              x.explainedBy().isEmpty()
                  ? ""
                  : String.format(
                      Locale.ROOT, ", %.1f KiB per instrument", x.trend().perCovariate() * 1024)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  sessions listed %d instruments; %d expired by the last event, %d of them more than"
                + " two days before it (no job may keep those)%n",
            listing.listed(),
            listing.expired(),
            listing.retired()));
    for (var e : census.entrySet()) {
      Census c = e.getValue();
      b.append(
          String.format(
              Locale.ROOT,
              "  %-8s %-60s %s%n",
              c.noneLeft() && listing.admits(c) ? "ok" : c.measured() ? "LEFT" : "UNKNOWN",
              "expired instrument keys: " + e.getKey(),
              c.measured()
                  ? String.format(
                      Locale.ROOT,
                      "%.0f keys at the end (max %.0f), max %.0f past expiry (kept on purpose), max"
                          + " %.0f past clearing",
                      c.keysEnd(),
                      c.keysMax(),
                      c.expiredMax(),
                      c.overdueMax())
                  : "not measured"));
    }
    b.append(passed() ? "soak: PASSED\n" : "soak: FAILED\n");
    return b.toString();
  }
}
