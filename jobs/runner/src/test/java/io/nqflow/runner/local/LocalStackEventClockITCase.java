package io.nqflow.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.core.config.NqflowConfig;
import io.nqflow.exec.v1.ExecutionEvent;
import io.nqflow.exec.v1.Fill;
import io.nqflow.exec.v1.OrderAccepted;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.orders.v1.OrderIntent;
import io.nqflow.orders.v1.RiskDecision;
import io.nqflow.orders.v1.RuleViolation;
import io.nqflow.runner.Sections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nqflow local} on one seed at max speed and at x20: with the paper broker on the event
 * clock (the local profile's AUTO) both runs report the same signals, decisions, orders and fills.
 */
class LocalStackEventClockITCase {
  @TempDir Path tmp;

  /** What a run did, as sorted text lines, so that two runs compare line by line. */
  record Outcome(
      List<String> signals, List<String> decisions, List<String> orders, List<String> fills) {}

  @Test
  void maxSpeedAndX20GiveTheSameOrdersAndFills() throws Exception {
    NqflowConfig cfg = Sections.load(new ProfileOptions("local"));
    Outcome max = run(cfg, "max", Speed.MAX);
    Outcome paced = run(cfg, "x20", Speed.parse("x20"));

    assertThat(max.orders()).as("orders sent at max speed").isNotEmpty();
    assertThat(max.fills()).as("fills at max speed (the arrival clock had none)").isNotEmpty();
    assertThat(paced.signals()).isEqualTo(max.signals());
    assertThat(paced.decisions()).isEqualTo(max.decisions());
    assertThat(paced.orders()).isEqualTo(max.orders());
    assertThat(paced.fills()).isEqualTo(max.fills());
  }

  private Outcome run(NqflowConfig cfg, String id, Speed speed) throws Exception {
    LocalStack.Options options =
        new LocalStack.Options(id, tmp, null, 7L, 4, Duration.ofMinutes(6), speed, false, 0, 0);
    Outcome[] out = new Outcome[1];
    new LocalStack(cfg, options)
        .run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            hops -> out[0] = outcome(hops));
    return out[0];
  }

  static Outcome outcome(SummaryCollector.Hops h) {
    List<String> signals = sorted(h.signals().keySet().stream().toList());
    List<String> decisions =
        sorted(
            java.util.stream.Stream.concat(
                    h.approved().values().stream().map(LocalStackEventClockITCase::approval),
                    h.rejected().values().stream().map(LocalStackEventClockITCase::rejection))
                .toList());
    List<String> orders =
        sorted(
            h.exec().stream()
                .filter(e -> e.getPayload() instanceof OrderAccepted)
                .map(
                    e -> {
                      OrderAccepted a = (OrderAccepted) e.getPayload();
                      return a.getClientOrderId()
                          + " "
                          + a.getRole()
                          + " "
                          + a.getSide()
                          + " "
                          + a.getQuantity()
                          + " @ "
                          + a.getLimitPrice();
                    })
                .toList());
    List<String> fills =
        sorted(
            h.exec().stream()
                .filter(e -> e.getPayload() instanceof Fill)
                .map(LocalStackEventClockITCase::fill)
                .toList());
    return new Outcome(signals, decisions, orders, fills);
  }

  private static String approval(OrderIntent i) {
    return i.getSignalId() + " APPROVED " + i.getClientOrderId() + " " + i.getLimitPrice();
  }

  private static String rejection(RiskDecision d) {
    return d.getSignalId()
        + " REJECTED "
        + d.getViolations().stream().map(RuleViolation::getRule).collect(Collectors.joining(","));
  }

  private static String fill(ExecutionEvent e) {
    Fill f = (Fill) e.getPayload();
    return f.getExecutionId()
        + " "
        + f.getClientOrderId()
        + " "
        + f.getSide()
        + " "
        + f.getQuantity()
        + " @ "
        + f.getPrice()
        + " ts "
        + e.getTsEvent()
        + " fee "
        + f.getFeeUsd();
  }

  private static List<String> sorted(List<String> in) {
    return in.stream().sorted().toList();
  }
}
