package io.nqflow.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.SignalOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a run folder ({@code outputs/<run>/}): reads {@value #OUTCOMES} (through {@link
 * OutcomesJsonl}) and, when present, {@value #SUMMARY} and {@value #RECONCILIATION}, and writes one
 * self-contained HTML file, by default {@value #REPORT} in the folder. The local stack calls {@link
 * #write(Path)} at the end of a run; {@code nqflow report} calls {@link #write(Path, Path)}.
 */
public final class RunReport {
  /** The outcomes file of a run folder. */
  public static final String OUTCOMES = "outcomes.jsonl";

  /** The run summary of a run folder. */
  public static final String SUMMARY = "summary.json";

  /** The reconciliation ({@code nqflow reconcile}) of a paced run folder, shown when present. */
  public static final String RECONCILIATION = ReconciliationSection.FILE;

  /** The report file written into the run folder. */
  public static final String REPORT = "report.html";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunReport() {}

  /**
   * Writes {@code runDir/report.html}; a run without {@value #OUTCOMES} gets a report saying there
   * are no outcomes.
   *
   * @return the file written
   * @throws IllegalArgumentException when the folder is missing or a file in it is malformed (the
   *     message names the file and line)
   */
  public static Path write(Path runDir) throws IOException {
    return write(runDir, runDir.resolve(REPORT));
  }

  /** Writes the report of {@code runDir} to {@code out} (see {@link #write(Path)}). */
  public static Path write(Path runDir, Path out) throws IOException {
    OwnerOnly.writeString(out, render(runDir));
    return out;
  }

  /** The report of a run folder as HTML (see {@link #write(Path)}). */
  public static String render(Path runDir) throws IOException {
    if (!Files.isDirectory(runDir)) {
      throw new IllegalArgumentException(
          runDir + ": no such run folder" + (Files.exists(runDir) ? " (not a directory)" : ""));
    }
    Path file = runDir.resolve(OUTCOMES);
    List<SignalOutcome> outcomes;
    String note;
    if (Files.exists(file)) {
      outcomes = OutcomesJsonl.read(file);
      note = file + ": " + outcomes.size() + " outcome(s)";
    } else {
      outcomes = List.of();
      note = file + ": missing, so there are no outcomes";
    }
    String name =
        runDir.toAbsolutePath().normalize().getFileName() == null
            ? runDir.toString()
            : runDir.toAbsolutePath().normalize().getFileName().toString();
    String html = render(name, outcomes, summary(runDir.resolve(SUMMARY)), note);
    return ReconciliationSection.insert(html, runDir.resolve(RECONCILIATION));
  }

  /**
   * The report of some outcomes as HTML.
   *
   * @param title the run's name
   * @param summary run summary fields shown as they are (may be empty)
   * @param note where the outcomes come from
   */
  public static String render(
      String title, List<SignalOutcome> outcomes, Map<String, String> summary, String note) {
    return new ReportPage(title, outcomes, summary, note).render();
  }

  /**
   * The scalar fields of a {@code summary.json}, nested ones as {@code a.b}; empty when the file
   * does not exist.
   *
   * @throws IllegalArgumentException naming the file, line and column when it is not a JSON object
   */
  public static Map<String, String> summary(Path file) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return m;
    }
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new IllegalArgumentException(
          file
              + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
              + ": not JSON: "
              + e.getOriginalMessage(),
          e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(file + ":1: expected a JSON object");
    }
    flatten("", n, m);
    return m;
  }

  private static void flatten(String prefix, JsonNode n, Map<String, String> m) {
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), m);
      }
    } else if (n.isArray()) {
      m.put(prefix, n.toString());
    } else {
      m.put(prefix, n.isNull() ? "" : n.asText());
    }
  }
}
