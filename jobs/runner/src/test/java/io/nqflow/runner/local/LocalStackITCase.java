package io.nqflow.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.eval.OutcomesJsonl;
import io.nqflow.eval.v1.OutcomeKind;
import io.nqflow.eval.v1.SignalOutcome;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.exec.v1.OrderRole;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.runner.Sections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the local stack in-process, as {@code ./nqflow local} does, and checks every hop from the
 * topics themselves: events in, signals out, one decision per signal, no order without an approved
 * signal, at most one order per approved signal, fills only of our orders.
 */
class LocalStackITCase {
  @TempDir Path tmp;

  @Test
  void everyHopOfTheLocalStackIsRealAndNoOrderIsSentTwiceOrWithoutApproval() throws Exception {
    NqflowConfig cfg = Sections.load(new ProfileOptions("local"));
    LocalStack.Options options =
        new LocalStack.Options(
            "itcase", tmp, null, 7L, 4, Duration.ofMinutes(6), Speed.parse("x20"), false, 0, 0);
    AtomicReference<SummaryCollector.Hops> seen = new AtomicReference<>();
    ByteArrayOutputStream console = new ByteArrayOutputStream();

    LocalSummary summary =
        new LocalStack(cfg, options)
            .run(new PrintStream(console, true, StandardCharsets.UTF_8), seen::set);

    SummaryCollector.Hops hops = seen.get();
    assertThat(hops).as("the check ran while the broker was up").isNotNull();
    assertThat(hops.events()).isPositive();
    assertThat(hops.instruments()).isPositive();
    assertThat(hops.signals()).as("signals.flow").isNotEmpty();
    // The gate decides every signal exactly once.
    assertThat(hops.approved().size() + hops.rejected().size()).isEqualTo(hops.signals().size());
    assertThat(hops.approved()).as("orders.approved").isNotEmpty();

    // No order without an approved signal; at most one order per approved signal.
    Map<String, Integer> intentsPerSignal = new HashMap<>();
    for (OrderIntent intent : hops.approved().values()) {
      assertThat(hops.signals()).containsKey(intent.getSignalId());
      intentsPerSignal.merge(intent.getSignalId(), 1, Integer::sum);
    }
    assertThat(intentsPerSignal.values()).allMatch(n -> n == 1);

    Map<String, Integer> entriesPerOrder = new HashMap<>();
    for (ExecutionEvent e : hops.exec()) {
      if (e.getPayload() instanceof OrderAccepted a && a.getRole() == OrderRole.ENTRY) {
        assertThat(hops.approved()).containsKey(a.getClientOrderId());
        entriesPerOrder.merge(a.getClientOrderId(), 1, Integer::sum);
      }
      if (e.getPayload() instanceof Fill f) {
        String parent = f.getClientOrderId().replaceAll("/(SL|PT|EX)$", "");
        assertThat(hops.approved()).as("fill of %s", f.getClientOrderId()).containsKey(parent);
      }
    }
    assertThat(entriesPerOrder).as("orders sent to the broker").isNotEmpty();
    assertThat(entriesPerOrder.values()).allMatch(n -> n == 1);

    // The summary the user sees says the same, and is written where the CLI says.
    assertThat(summary.duplicateOrders()).isZero();
    assertThat(summary.signals()).isEqualTo(hops.signals().size());
    assertThat(summary.opportunities()).isEqualTo(hops.opportunities());
    assertThat(summary.opportunities()).as("chain analytics ranked the chain").isPositive();
    assertThat(summary.ordersSent()).isEqualTo(entriesPerOrder.size());
    assertThat(summary.maxAbsPosition())
        .isLessThanOrEqualTo(cfg.section(io.nqflow.risk.RiskSettings.SECTION).maxTotalContracts());
    Path json = tmp.resolve("itcase").resolve("summary.json");
    assertThat(Files.readString(json))
        .contains("\"events_in\": " + summary.eventsIn())
        .contains("\"duplicate_orders\": 0");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("orders approved");
    // ... and so does the report of the run folder (outcomes or not).
    Path report = tmp.resolve("itcase").resolve("report.html");
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("report: " + report);
    assertThat(Files.readString(report)).contains("<h1>nqflow report: itcase</h1>");

    // outcomes.jsonl: one outcome per priced signal, decided, with the gate's decision joined
    List<SignalOutcome> outcomes =
        OutcomesJsonl.read(tmp.resolve("itcase").resolve(RunOutcomes.FILE));
    long priced =
        hops.signals().values().stream().filter(sig -> sig.getReferencePrice() > 0).count();
    assertThat(outcomes).hasSize((int) priced);
    assertThat(outcomes).extracting(SignalOutcome::getSignalId).doesNotHaveDuplicates();
    for (SignalOutcome o : outcomes) {
      assertThat(hops.signals()).containsKey(o.getSignalId());
      assertThat(o.getOutcome()).isNotEqualTo(OutcomeKind.OPEN);
      assertThat(o.getApproved())
          .as("approval of %s", o.getSignalId())
          .isEqualTo(
              hops.approved().values().stream()
                  .anyMatch(i -> i.getSignalId().equals(o.getSignalId())));
    }
  }
}
