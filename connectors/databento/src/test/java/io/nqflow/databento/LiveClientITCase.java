package io.nqflow.databento;

import static org.assertj.core.api.Assertions.assertThat;

import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live client against {@link TestingLiveGateway} on loopback, real sockets. */
class LiveClientITCase {
  private static final String KEY = "db-TestKeyThatIsThirtyTwoChars12";
  private static final String DATASET = "GLBX.MDP3";
  private static final Duration WAIT = Duration.ofSeconds(20);

  private TestingLiveGateway gateway;
  private LiveClient client;

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      client.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  /** Collects what a client delivers, thread-safely. */
  static final class Collector implements RecordHandler {
    final List<ByteBuffer> records = new CopyOnWriteArrayList<>();
    final List<Metadata> metadata = new CopyOnWriteArrayList<>();
    final List<Boolean> resumed = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<String> system = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> terminated = new AtomicReference<>();
    volatile boolean terminatedCalled;

    @Override
    public void onRecord(DbnRecord record) {
      records.add(ByteBuffer.wrap(record.copyBytes()));
    }

    @Override
    public void onMetadata(Metadata md, boolean resumed) {
      metadata.add(md);
      this.resumed.add(resumed);
    }

    @Override
    public void onGatewayError(String message, int code) {
      errors.add(code + ":" + message);
    }

    @Override
    public void onSystemMessage(String message, int code) {
      system.add(code + ":" + message);
    }

    @Override
    public void onTerminated(Throwable failure) {
      terminated.set(failure);
      terminatedCalled = true;
    }
  }

  private LiveClientBuilder clientTo(TestingLiveGateway g, String key) {
    return LiveClient.builder()
        .dataset(DATASET)
        .apiKey(ApiKey.of(key))
        .gateway(g.hostPort())
        .heartbeatInterval(Duration.ofSeconds(1))
        .heartbeatGrace(Duration.ofMillis(300))
        .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
        .random(new SplittableRandom(7));
  }

  @Test
  void streamsDatabentosSampleByteForByteAfterCramAndSubscription() throws Exception {
    byte[] sample = LiveTestData.realMboSample();
    List<ByteBuffer> expected = LiveTestData.records(sample);
    gateway = new TestingLiveGateway(KEY, DATASET, sample);
    Collector got = new Collector();
    client =
        clientTo(gateway, KEY).subscribe(Schema.MBO, SType.RAW_SYMBOL, List.of("ESH1")).build();
    client.start(got);

    Poll.until(() -> got.records.size() >= expected.size(), WAIT, () -> "sample records");
    Poll.until(() -> client.stats().heartbeats() >= 1, WAIT, () -> "a heartbeat");

    assertThat(got.records).containsExactlyElementsOf(expected);
    assertThat(got.metadata).containsExactly(LiveTestData.metadata(sample));
    assertThat(gateway.violations()).isEmpty();
    TestingLiveGateway.Connection c = gateway.connections().get(0);
    assertThat(c.authenticated).isTrue();
    assertThat(c.subscriptionLines)
        .containsExactly("schema=mbo|stype_in=raw_symbol|symbols=ESH1|snapshot=0|is_last=1");
    assertThat(c.authLine).doesNotContain(KEY);
    LiveStats s = client.stats();
    assertThat(s.state()).isEqualTo(ConnectionState.CONNECTED);
    assertThat(s.sessions()).isEqualTo(1);
    assertThat(s.recordsDelivered()).isEqualTo(expected.size());
    assertThat(s.sessionId()).isEqualTo("1000");
    assertThat(s.bytesReceived()).isGreaterThanOrEqualTo(sample.length);

    client.close();
    assertThat(client.awaitTermination(WAIT)).isTrue();
    assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(got.terminatedCalled).isTrue();
    assertThat(got.terminated.get()).isNull();
  }

  @Test
  void resumesAfterADropAndAHeartbeatTimeoutDeliveringEveryRecordExactlyOnce() throws Exception {
    // 300 records, 3 per ts_event: the drop and the stall both fall inside a timestamp group, so
    // the resumed sessions re-send records the client already delivered.
    byte[] session = LiveTestData.generatedMboSession(300, 3);
    List<ByteBuffer> expected = LiveTestData.records(session);
    gateway =
        new TestingLiveGateway(KEY, DATASET, session)
            .script(0, TestingLiveGateway.Script.dropAfter(101))
            .script(1, TestingLiveGateway.Script.stallAfter(200));
    Collector got = new Collector();
    List<String> transitions = new CopyOnWriteArrayList<>();
    client =
        clientTo(gateway, KEY)
            .subscribe(Schema.MBO, SType.PARENT, List.of("NQ.OPT"))
            .listener((from, to, why) -> transitions.add(to.name()))
            .build();
    client.start(got);

    Poll.until(() -> got.records.size() >= expected.size(), WAIT, () -> "all records");
    Poll.until(() -> client.stats().heartbeats() >= 1, WAIT, () -> "a heartbeat after the end");

    assertThat(got.records).containsExactlyElementsOf(expected);
    assertThat(gateway.violations()).isEmpty();
    assertThat(gateway.connections()).hasSize(3);

    long tsOf100 = expected.get(100).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8);
    long tsOf298 = expected.get(298).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8);
    assertThat(gateway.connections().get(0).subscriptionLines)
        .containsExactly("schema=mbo|stype_in=parent|symbols=NQ.OPT|snapshot=0|is_last=1");
    assertThat(gateway.connections().get(1).subscriptionLines)
        .containsExactly(
            "schema=mbo|stype_in=parent|symbols=NQ.OPT|start=" + tsOf100 + "|snapshot=0|is_last=1");
    assertThat(gateway.connections().get(2).replayStart).isEqualTo(tsOf298);

    LiveStats s = client.stats();
    assertThat(s.sessions()).isEqualTo(3);
    assertThat(s.heartbeatTimeouts()).isEqualTo(1);
    // records 99 and 100 re-sent by the first resume, 297 and 298 by the second
    assertThat(s.duplicatesDropped()).isEqualTo(4);
    assertThat(s.recordsDelivered()).isEqualTo(300);
    assertThat(s.lastTsEvent()).isEqualTo(tsOf298);
    assertThat(got.resumed).containsExactly(false, true, true);
    assertThat(transitions)
        .containsSubsequence(
            "CONNECTING",
            "CONNECTED",
            "DISCONNECTED",
            "RECONNECTING",
            "CONNECTED",
            "DISCONNECTED",
            "RECONNECTING",
            "CONNECTED");
  }

  @Test
  void wrongKeyFailsOnceWithAClearErrorThatNeverShowsTheKey() throws Exception {
    String wrong = "db-WrongKeyWrongKeyWrongKeyZq9Xy";
    gateway = new TestingLiveGateway(KEY, DATASET, LiveTestData.realMboSample());
    Collector got = new Collector();
    List<String> reasons = new CopyOnWriteArrayList<>();
    client =
        clientTo(gateway, wrong)
            .subscribe(Schema.MBO, SType.RAW_SYMBOL, List.of("ESH1"))
            .listener((from, to, why) -> reasons.add(to + " " + why))
            .build();
    client.start(got);

    assertThat(client.awaitTermination(WAIT)).isTrue();
    assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
    Throwable f = client.failure();
    assertThat(f)
        .isInstanceOf(LiveAuthenticationException.class)
        .hasMessageContaining("refused authentication for dataset GLBX.MDP3")
        .hasMessageContaining("Authentication failed.");
    assertThat(f.getMessage()).doesNotContain(wrong).doesNotContain("Zq9Xy");
    assertThat(String.join("\n", reasons)).doesNotContain(wrong).doesNotContain("Zq9Xy");
    assertThat(got.terminated.get()).isSameAs(f);
    assertThat(gateway.connections()).hasSize(1);
    assertThat(got.records).isEmpty();
  }

  @Test
  void gatewayErrorsAndSystemMessagesReachTheHandlerAndHeartbeatsAreCounted() throws Exception {
    byte[] sample = LiveTestData.realMboSample();
    gateway =
        new TestingLiveGateway(KEY, DATASET, sample)
            .script(
                0,
                TestingLiveGateway.Script.withBefore(
                    LiveTestData.error("Failed to resolve symbol: NQZ9 C99999", 4, 1L),
                    LiveTestData.system("Subscription request 0 for mbo data succeeded", 1, 2L),
                    LiveTestData.heartbeat(3L)));
    Collector got = new Collector();
    client =
        clientTo(gateway, KEY)
            .subscribe(Schema.MBO, SType.RAW_SYMBOL, List.of("ESH1", "NQZ9 C99999"))
            .build();
    client.start(got);

    int n = LiveTestData.records(sample).size();
    Poll.until(() -> got.records.size() >= n, WAIT, () -> "records after the messages");
    assertThat(got.errors).containsExactly("4:Failed to resolve symbol: NQZ9 C99999");
    assertThat(got.system).containsExactly("1:Subscription request 0 for mbo data succeeded");
    LiveStats s = client.stats();
    assertThat(s.gatewayErrors()).isEqualTo(1);
    assertThat(s.systemMessages()).isEqualTo(1);
    assertThat(s.heartbeats()).isGreaterThanOrEqualTo(1);
    assertThat(s.state()).isEqualTo(ConnectionState.CONNECTED);
  }

  @Test
  void replayStartAndChunkedSymbolsGoOnTheWire() throws Exception {
    byte[] session = LiveTestData.generatedMboSession(60, 2);
    List<ByteBuffer> all = LiveTestData.records(session);
    long start = all.get(40).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(8);
    gateway = new TestingLiveGateway(KEY, DATASET, session);
    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      symbols.add("NQM5 C" + (20000 + i * 5));
    }
    Collector got = new Collector();
    client =
        clientTo(gateway, KEY)
            .subscribe(new Subscription(Schema.MBO, SType.RAW_SYMBOL, symbols, start, false))
            .build();
    client.start(got);

    Poll.until(() -> got.records.size() >= 20, WAIT, () -> "the replayed records");
    assertThat(got.records).containsExactlyElementsOf(all.subList(40, 60));
    List<String> lines = gateway.connections().get(0).subscriptionLines;
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).endsWith("|start=" + start + "|snapshot=0|is_last=0");
    assertThat(lines.get(1)).endsWith("|is_last=0");
    assertThat(lines.get(2))
        .isEqualTo(
            "schema=mbo|stype_in=raw_symbol|symbols=NQM5 C25000|start="
                + start
                + "|snapshot=0|is_last=1");
    assertThat(gateway.violations()).isEmpty();
  }

  @Test
  void closingFromTheHandlerStopsAtOnceWithoutAnotherRecord() throws Exception {
    gateway = new TestingLiveGateway(KEY, DATASET, LiveTestData.generatedMboSession(100, 1));
    List<Long> seen = new CopyOnWriteArrayList<>();
    AtomicReference<LiveClient> self = new AtomicReference<>();
    client =
        clientTo(gateway, KEY).subscribe(Schema.MBO, SType.RAW_SYMBOL, List.of("ESH1")).build();
    self.set(client);
    client.start(
        r -> {
          seen.add(r.tsEvent());
          if (seen.size() == 10) {
            self.get().close();
          }
        });

    assertThat(client.awaitTermination(WAIT)).isTrue();
    assertThat(seen).hasSize(10);
    assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    assertThat(client.failure()).isNull();
  }

  @Test
  void aHandlerExceptionStopsTheClientInsteadOfSkippingTheRecord() throws Exception {
    gateway = new TestingLiveGateway(KEY, DATASET, LiveTestData.generatedMboSession(50, 1));
    IllegalStateException boom = new IllegalStateException("disk full");
    List<Long> seen = new CopyOnWriteArrayList<>();
    client =
        clientTo(gateway, KEY).subscribe(Schema.MBO, SType.RAW_SYMBOL, List.of("ESH1")).build();
    client.start(
        r -> {
          seen.add(r.tsEvent());
          if (seen.size() == 5) {
            throw boom;
          }
        });

    assertThat(client.awaitTermination(WAIT)).isTrue();
    assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
    assertThat(client.failure()).isSameAs(boom);
    assertThat(client.stats().recordsDelivered()).isEqualTo(4);
    assertThat(gateway.connections()).hasSize(1);
  }

  @Test
  void givesUpAfterTheConfiguredReconnectAttemptsWhenNoGatewayListens() throws Exception {
    var nobody = TestingLiveGateway.unused();
    client =
        LiveClient.builder()
            .dataset(DATASET)
            .apiKey(ApiKey.of(KEY))
            .gateway(nobody.getHostString(), nobody.getPort())
            .subscribe(Schema.TRADES, SType.CONTINUOUS, List.of("NQ.c.0"))
            .reconnectBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .maxReconnectAttempts(2)
            .build();
    client.start(r -> {});

    assertThat(client.awaitTermination(WAIT)).isTrue();
    assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
    assertThat(client.failure())
        .isInstanceOf(DatabentoException.class)
        .hasMessageContaining("gave up after 2 reconnect attempts");
    assertThat(client.stats().reconnects()).isEqualTo(2);
  }
}
