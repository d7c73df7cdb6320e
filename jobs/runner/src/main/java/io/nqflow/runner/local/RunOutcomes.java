package io.nqflow.runner.local;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.files.OwnerOnly;
import io.nqflow.core.kafka.TopicReader;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.schemas.Topics;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The outcomes of a local run: runs the signal-evaluation job bounded over the run's topics once
 * its signals, decisions and fills are written, then writes {@code outputs/<run>/outcomes.jsonl}:
 * the latest eval.outcomes record of each signal (read committed), ordered by ts_signal then
 * signal_id, in the {@link OutcomesJsonl} format.
 */
final class RunOutcomes {
  static final String FILE = "outcomes.jsonl";
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private RunOutcomes() {}

  /**
   * Evaluates the run and writes its outcomes; returns the count of each outcome kind.
   *
   * @param cfg the run's configuration with {@code job} as its job settings
   */
  static Map<OutcomeKind, Integer> write(
      LocalFlink flink, NqflowConfig cfg, JobSettings job, Path runDir, PrintStream out)
      throws Exception {
    // the job's configuration is recorded on ops.audit like the other jobs' (CONFIG_APPLIED)
    JobID id = flink.submit(LocalFlink.signalEvaluation(cfg, job), "signal-evaluation", cfg);
    flink.awaitSuccess(id, TIMEOUT);
    List<ConsumerRecord<String, SignalOutcome>> records =
        new TopicReader(job.kafka()).readAll(Topics.OUTCOMES, Duration.ofSeconds(60));
    List<SignalOutcome> outcomes = latest(records);
    Path file = runDir.resolve(FILE);
    try (Writer w =
        new OutputStreamWriter(OwnerOnly.newOutputStream(file), StandardCharsets.UTF_8)) {
      OutcomesJsonl.write(w, outcomes);
    }
    Map<OutcomeKind, Integer> counts = counts(outcomes);
    out.printf("outcomes: %d signal(s) %s -> %s%n", outcomes.size(), counts, file);
    return counts;
  }

  /** The last record of each signal id (one key stays on one partition, in offset order). */
  static List<SignalOutcome> latest(List<ConsumerRecord<String, SignalOutcome>> records)
      throws IOException {
    Map<String, SignalOutcome> byId = new LinkedHashMap<>();
    for (ConsumerRecord<String, SignalOutcome> r : records) {
      byId.put(r.value().getSignalId(), r.value());
    }
    List<SignalOutcome> list = new ArrayList<>(byId.values());
    list.sort(
        Comparator.comparingLong(SignalOutcome::getTsSignal)
            .thenComparing(SignalOutcome::getSignalId));
    return list;
  }

  static Map<OutcomeKind, Integer> counts(List<SignalOutcome> outcomes) {
    Map<OutcomeKind, Integer> counts = new EnumMap<>(OutcomeKind.class);
    for (SignalOutcome o : outcomes) {
      counts.merge(o.getOutcome(), 1, Integer::sum);
    }
    return counts;
  }
}
