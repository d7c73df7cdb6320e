package io.nqflow.databento;

import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** Builds a {@link LiveClient}; dataset and at least one subscription are required. */
public final class LiveClientBuilder {
  String dataset;
  ApiKey key;
  String host;
  int port = LiveClient.DEFAULT_PORT;
  final List<Subscription> subscriptions = new ArrayList<>();
  int heartbeatIntervalS = 30;
  Duration heartbeatGrace = Duration.ofSeconds(5);
  Duration connectTimeout = Duration.ofSeconds(10);
  boolean tsOut;
  boolean upgradeToV3;
  Duration initialBackoff = Duration.ofSeconds(1);
  Duration maxBackoff = Duration.ofSeconds(30);
  int maxReconnectAttempts = 10;
  RandomGenerator random = RandomGenerator.getDefault();
  final List<ConnectionListener> listeners = new ArrayList<>();

  LiveClientBuilder() {}

  /** The dataset code, e.g. {@code GLBX.MDP3}. */
  public LiveClientBuilder dataset(String dataset) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    return this;
  }

  /** The key; when not set, {@code build()} reads {@value ApiKey#ENV_VAR}. */
  public LiveClientBuilder apiKey(ApiKey key) {
    this.key = Objects.requireNonNull(key, "key");
    return this;
  }

  /** Another gateway than the dataset's default. */
  public LiveClientBuilder gateway(String host, int port) {
    if (host == null || host.isBlank() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad gateway " + host + ":" + port);
    }
    this.host = host;
    this.port = port;
    return this;
  }

  /** Another gateway as {@code host:port}. */
  public LiveClientBuilder gateway(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("gateway must be HOST:PORT, not '" + hostPort + "'");
    }
    int p;
    try {
      p = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("gateway port is not a number in '" + hostPort + "'");
    }
    return gateway(hostPort.substring(0, colon), p);
  }

  public LiveClientBuilder subscribe(Subscription subscription) {
    subscriptions.add(Objects.requireNonNull(subscription));
    return this;
  }

  public LiveClientBuilder subscribe(Schema schema, SType stypeIn, List<String> symbols) {
    return subscribe(Subscription.of(schema, stypeIn, symbols));
  }

  /**
   * Heartbeat interval asked of the gateway, whole seconds (Databento accepts 5 to 1800; default
   * 30). The connection is declared dead after interval + grace without a byte.
   */
  public LiveClientBuilder heartbeatInterval(Duration interval) {
    long s = interval.toSeconds();
    if (s < 1 || s > 1800 || interval.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "heartbeat interval must be whole seconds in 1..1800, not " + interval);
    }
    this.heartbeatIntervalS = (int) s;
    return this;
  }

  /** Extra silence tolerated past the heartbeat interval (default 5 s). */
  public LiveClientBuilder heartbeatGrace(Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("heartbeat grace must be >= 0, not " + grace);
    }
    this.heartbeatGrace = grace;
    return this;
  }

  public LiveClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = Objects.requireNonNull(timeout);
    return this;
  }

  /** Ask for the gateway's send time (ts_out) on every record. */
  public LiveClientBuilder tsOut(boolean tsOut) {
    this.tsOut = tsOut;
    return this;
  }

  /** Upgrade v1/v2 records and metadata to the v3 layout before delivery. */
  public LiveClientBuilder upgradeToV3(boolean upgrade) {
    this.upgradeToV3 = upgrade;
    return this;
  }

  /** Backoff between reconnect attempts: doubling from {@code initial} up to {@code max}. */
  public LiveClientBuilder reconnectBackoff(Duration initial, Duration max) {
    this.initialBackoff = initial;
    this.maxBackoff = max;
    return this;
  }

  /** Consecutive failed attempts before giving up (default 10; reset by every good session). */
  public LiveClientBuilder maxReconnectAttempts(int attempts) {
    if (attempts < 0) {
      throw new IllegalArgumentException("maxReconnectAttempts must be >= 0");
    }
    this.maxReconnectAttempts = attempts;
    return this;
  }

  /** The jitter source (tests pass a seeded one). */
  public LiveClientBuilder random(RandomGenerator random) {
    this.random = Objects.requireNonNull(random);
    return this;
  }

  public LiveClientBuilder listener(ConnectionListener listener) {
    listeners.add(Objects.requireNonNull(listener));
    return this;
  }

  public LiveClient build() {
    List<String> problems = new ArrayList<>();
    if (dataset == null || dataset.isBlank()) {
      problems.add("dataset is required (e.g. GLBX.MDP3)");
    }
    if (subscriptions.isEmpty()) {
      problems.add("at least one subscription is required");
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("LiveClient: " + String.join("; ", problems));
    }
    if (key == null) {
      key = ApiKey.fromEnvironment();
    }
    if (host == null) {
      String g = LiveClient.defaultGateway(dataset);
      host = g.substring(0, g.lastIndexOf(':'));
      port = LiveClient.DEFAULT_PORT;
    }
    return new LiveClient(this);
  }
}
