package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a live session to a DBN file, against {@link TestingLiveGateway}. */
class LiveRecorderITCase {
  private static final String KEY = "db-RecorderTestKey0123456789abcd";

  private static LiveClient client(TestingLiveGateway g) {
    return LiveClient.builder()
        .dataset("GLBX.MDP3")
        .apiKey(ApiKey.of(KEY))
        .gateway(g.hostPort())
        .subscribe(Schema.MBO, SType.PARENT, List.of("NQ.OPT"))
        .heartbeatInterval(Duration.ofSeconds(1))
        .heartbeatGrace(Duration.ofMillis(300))
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(20))
        .build();
  }

  @Test
  void stopsAtTheLimitAcrossAReconnectWithAFileThatDecodes(@TempDir Path dir) throws Exception {
    byte[] session = LiveTestData.generatedMboSession(300, 3);
    List<ByteBuffer> expected = LiveTestData.records(session);
    Path out = dir.resolve("session.dbn");
    try (TestingLiveGateway g =
        new TestingLiveGateway(KEY, "GLBX.MDP3", session)
            .script(0, TestingLiveGateway.Script.dropAfter(101))) {
      LiveRecorder.Result r = LiveRecorder.record(client(g), out, 250);

      assertThat(r.records()).isEqualTo(250);
      assertThat(r.limitReached()).isTrue();
      assertThat(r.failure()).isNull();
      assertThat(r.stats().sessions()).isEqualTo(2);
      assertThat(r.bytes()).isEqualTo(Files.size(out));
    }
    byte[] file = Files.readAllBytes(out);
    assertThat(LiveTestData.records(file)).containsExactlyElementsOf(expected.subList(0, 250));
    assertThat(LiveTestData.metadata(file)).isEqualTo(LiveTestData.metadata(session));
  }

  @Test
  void closingTheClientLikeCtrlCEndsTheRecordingCleanly(@TempDir Path dir) throws Exception {
    byte[] sample = LiveTestData.realMboSample();
    Path out = dir.resolve("sample.dbn");
    try (TestingLiveGateway g = new TestingLiveGateway(KEY, "GLBX.MDP3", sample)) {
      LiveClient c = client(g);
      CompletableFuture<LiveRecorder.Result> f =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return LiveRecorder.record(c, out, 0);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Poll.until(
          () -> c.stats().recordsDelivered() == 2 && c.stats().heartbeats() >= 1,
          Duration.ofSeconds(20),
          () -> "both sample records and a heartbeat");
      c.close(); // what the CLI's shutdown hook does
      LiveRecorder.Result r = f.get(20, TimeUnit.SECONDS);
      assertThat(r.records()).isEqualTo(2);
      assertThat(r.limitReached()).isFalse();
      assertThat(r.failure()).isNull();
    }
    // Databento's sample is v3 already, so the recording is the sample, byte for byte.
    assertThat(Files.readAllBytes(out)).isEqualTo(sample);
  }
}
