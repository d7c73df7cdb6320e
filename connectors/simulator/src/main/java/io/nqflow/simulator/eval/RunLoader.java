package io.nqflow.simulator.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.market.CmeCalendar;
import io.nqflow.simulator.Episode;
import io.nqflow.simulator.Simulator;
import io.nqflow.simulator.TruthFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns {@code nqflow simulate} folders and their signals files into scored {@link Session}s: one
 * per (run, day), by default only the days that have full MBO, because the MBO detectors (iceberg,
 * pressure) cannot see anything on a trades-only history day.
 */
public final class RunLoader {
  /** Minutes of a regular session, assumed when a run has no manifest.json. */
  public static final int DEFAULT_SESSION_MINUTES = 390;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunLoader() {}

  /** Which days of a run are scored. */
  public enum Days {
    /** Days with a {@code <date>/mbo.dbn}. */
    MBO,
    /** Every day. */
    ALL;

    public static Days parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "mbo" -> MBO;
        case "all" -> ALL;
        default -> throw new IllegalArgumentException("--days must be mbo or all, was '" + s + "'");
      };
    }
  }

  /**
   * One run to score.
   *
   * @param label how reports name the run
   * @param dir the run folder (day folders and manifest.json, when it has them)
   * @param truth its truth.jsonl
   * @param signals signals files scored side by side (one per detection variant)
   */
  public record Run(String label, Path dir, Path truth, List<Path> signals) {
    public Run {
      signals = List.copyOf(signals);
    }
  }

  /**
   * What was loaded.
   *
   * @param sessions scored sessions, in run then day order
   * @param skippedDays days left out (no MBO)
   * @param skippedEpisodes episodes of those days
   * @param skippedSignals signals whose event time fell on those days (or on no day of the run)
   * @param notes assumptions made, one line each
   * @param variants variant labels, in the order the files were given (a file without signals is
   *     labelled by its name, so it is still reported)
   */
  public record Loaded(
      List<Session> sessions,
      int skippedDays,
      int skippedEpisodes,
      int skippedSignals,
      List<String> notes,
      List<String> variants) {}

  /**
   * A simulated run folder and the names of its signals files; fails with what is missing and
   * where.
   */
  public static Run folder(Path dir, List<String> signalNames) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "run folder "
              + dir
              + (Files.exists(dir) ? " is not a folder" : " does not exist")
              + " (expected a folder written by 'nqflow simulate')");
    }
    Path truth = dir.resolve(Simulator.TRUTH_FILE);
    if (!Files.isRegularFile(truth)) {
      throw new IllegalArgumentException(
          "no "
              + Simulator.TRUTH_FILE
              + " in run folder "
              + dir
              + " (expected "
              + truth
              + ", written by 'nqflow simulate')");
    }
    List<Path> signals = new ArrayList<>();
    for (String name : signalNames) {
      Path s = dir.resolve(name);
      if (!Files.isRegularFile(s)) {
        throw new IllegalArgumentException(
            "no signals file "
                + name
                + " in run folder "
                + dir
                + " (expected "
                + s
                + "; write it with 'nqflow detect --input "
                + dir
                + " --out "
                + s
                + "', or name another file with --signals-name or DIR:NAME)");
      }
      signals.add(s);
    }
    return new Run(dir.toString(), dir, truth, signals);
  }

  /** A truth file and signals files given directly; the truth file's folder is the run folder. */
  public static Run files(Path truth, List<Path> signals) {
    if (!Files.isRegularFile(truth)) {
      throw new IllegalArgumentException("truth file " + truth + " does not exist");
    }
    for (Path s : signals) {
      if (!Files.isRegularFile(s)) {
        throw new IllegalArgumentException("signals file " + s + " does not exist");
      }
    }
    Path dir = truth.toAbsolutePath().getParent();
    return new Run(truth.toString(), dir, truth, signals);
  }

  /** Reads every run and cuts it into sessions. */
  public static Loaded load(List<Run> runs, Days days) throws IOException {
    // Variant labels: the signals' own variant field, qualified by the file name when two files
    // carry the same label (two detect runs left at the profile's variant).
    Map<Path, List<Signal>> read = new LinkedHashMap<>();
    Map<String, Set<String>> filesPerVariant = new HashMap<>();
    for (Run r : runs) {
      for (Path p : r.signals()) {
        List<Signal> s = SignalFile.read(p);
        read.put(p, s);
        String name = p.getFileName().toString();
        for (Signal x : s) {
          filesPerVariant.computeIfAbsent(x.variant(), k -> new TreeSet<>()).add(name);
        }
      }
    }
    // Variants in the order the files were named; a name without any signal still gets a row.
    Map<String, List<Path>> byName = new LinkedHashMap<>();
    read.keySet()
        .forEach(
            p -> byName.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>()).add(p));
    LinkedHashSet<String> variants = new LinkedHashSet<>();
    for (Map.Entry<String, List<Path>> n : byName.entrySet()) {
      boolean any = false;
      for (Path p : n.getValue()) {
        for (Signal x : read.get(p)) {
          variants.add(label(x, n.getKey(), filesPerVariant));
          any = true;
        }
      }
      if (!any) {
        variants.add(n.getKey());
      }
    }
    List<Session> sessions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int skippedDays = 0;
    int skippedEpisodes = 0;
    int skippedSignals = 0;
    for (Run r : runs) {
      List<Episode> truth = TruthFile.read(r.truth());
      JsonNode manifest = manifest(r.dir());
      if (manifest == null) {
        notes.add(
            "no "
                + Simulator.MANIFEST_FILE
                + " next to "
                + r.truth()
                + ": days taken from the truth and signals, "
                + DEFAULT_SESSION_MINUTES
                + "-minute sessions assumed");
      }
      Map<String, List<Episode>> episodesByDay = new TreeMap<>();
      truth.forEach(e -> episodesByDay.computeIfAbsent(e.day(), k -> new ArrayList<>()).add(e));
      Map<String, List<Signal>> signalsByDay = new TreeMap<>();
      for (Path p : r.signals()) {
        String name = p.getFileName().toString();
        for (Signal s : read.get(p)) {
          signalsByDay
              .computeIfAbsent(dayOf(s.tsEvent()), k -> new ArrayList<>())
              .add(s.withVariant(label(s, name, filesPerVariant)));
        }
      }
      Map<String, JsonNode> runDays = new LinkedHashMap<>();
      if (manifest != null && manifest.path("days").isArray()) {
        manifest.get("days").forEach(d -> runDays.put(d.path("date").asText(), d));
      } else {
        TreeSet<String> all = new TreeSet<>(episodesByDay.keySet());
        all.addAll(signalsByDay.keySet());
        all.forEach(d -> runDays.put(d, null));
      }
      for (Map.Entry<String, JsonNode> d : runDays.entrySet()) {
        String day = d.getKey();
        List<Episode> eps = episodesByDay.getOrDefault(day, List.of());
        List<Signal> sig = signalsByDay.getOrDefault(day, List.of());
        if (days == Days.MBO && !hasMbo(r.dir().resolve(day))) {
          skippedDays++;
          skippedEpisodes += eps.size();
          skippedSignals += sig.size();
          continue;
        }
        sessions.add(
            new Session(
                r.label(),
                day,
                regime(manifest, d.getValue(), eps),
                minutes(manifest, d.getValue()),
                eps,
                sig));
      }
      // Signals dated on no day of the run (e.g. a detect run over other files) are not scored.
      for (Map.Entry<String, List<Signal>> e : signalsByDay.entrySet()) {
        if (!runDays.containsKey(e.getKey())) {
          skippedSignals += e.getValue().size();
        }
      }
      for (Map.Entry<String, List<Episode>> e : episodesByDay.entrySet()) {
        if (!runDays.containsKey(e.getKey())) {
          throw new IllegalArgumentException(
              r.truth()
                  + ": episodes on "
                  + e.getKey()
                  + ", a day that "
                  + Simulator.MANIFEST_FILE
                  + " does not list");
        }
      }
    }
    return new Loaded(
        sessions, skippedDays, skippedEpisodes, skippedSignals, notes, new ArrayList<>(variants));
  }

  private static String label(Signal s, String file, Map<String, Set<String>> filesPerVariant) {
    if (s.variant().isEmpty()) {
      return file;
    }
    return filesPerVariant.get(s.variant()).size() > 1 ? s.variant() + "@" + file : s.variant();
  }

  /** The session date (New York) of an event time. */
  static String dayOf(long tsEventNs) {
    return Instant.ofEpochSecond(
            Math.floorDiv(tsEventNs, 1_000_000_000L), Math.floorMod(tsEventNs, 1_000_000_000L))
        .atZone(CmeCalendar.NEW_YORK)
        .toLocalDate()
        .toString();
  }

  private static boolean hasMbo(Path dayDir) {
    return Files.isRegularFile(dayDir.resolve(Simulator.MBO_FILE))
        || Files.isRegularFile(dayDir.resolve(Simulator.MBO_FILE + ".zst"));
  }

  private static JsonNode manifest(Path dir) throws IOException {
    Path m = dir.resolve(Simulator.MANIFEST_FILE);
    if (!Files.isRegularFile(m)) {
      return null;
    }
    try {
      return JSON.readTree(m.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(m + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** The day's own session length if the manifest has one, else the run's, else 390 minutes. */
  private static double minutes(JsonNode manifest, JsonNode day) {
    if (day != null && day.path("session_minutes").isNumber()) {
      return day.get("session_minutes").asDouble();
    }
    if (manifest != null && manifest.path("session_minutes").isNumber()) {
      return manifest.get("session_minutes").asDouble();
    }
    return DEFAULT_SESSION_MINUTES;
  }

  /** The manifest's day regime, else the day's episodes' most common one, else the run's. */
  private static String regime(JsonNode manifest, JsonNode day, List<Episode> episodes) {
    if (day != null && day.path("regime").isTextual()) {
      return day.get("regime").asText();
    }
    Map<String, Integer> n = new TreeMap<>();
    episodes.forEach(e -> n.merge(e.regime(), 1, Integer::sum));
    if (!n.isEmpty()) {
      return n.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    }
    if (manifest != null && manifest.path("regime").isTextual()) {
      return manifest.get("regime").asText();
    }
    return "normal";
  }
}
