package io.nqflow.databento;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.RType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A client of Databento's raw live API (TCP, CRAM authentication, DBN stream) that keeps a session
 * alive: it supervises heartbeats, reconnects with exponential backoff and jitter, and resumes from
 * the last delivered ts_event without delivering a record twice.
 *
 * <pre>{@code
 * LiveClient client = LiveClient.builder()
 *     .dataset("GLBX.MDP3")
 *     .apiKey(ApiKey.fromEnvironment())
 *     .subscribe(Subscription.of(Schema.MBO, SType.PARENT, List.of("NQ.OPT")))
 *     .listener((from, to, why) -> log(to, why))
 *     .build();
 * client.start(record -> publish(record));    // records arrive on the client thread
 * ...
 * client.close();
 * }</pre>
 *
 * <p>One client thread connects, reads and calls the {@link RecordHandler}; {@link #close()} may be
 * called from any thread, including from inside the handler.
 */
public final class LiveClient implements AutoCloseable {
  /** The gateway port of every dataset. */
  public static final int DEFAULT_PORT = 13000;

  private static final System.Logger LOG = System.getLogger(LiveClient.class.getName());
  private static final int ERROR_AUTH_FAILED = 1;
  private static final int ERROR_KEY_DEACTIVATED = 2;
  private static final int SYSTEM_HEARTBEAT = 0;

  private final String dataset;
  private final ApiKey key;
  private final String host;
  private final int port;
  private final List<Subscription> subscriptions;
  private final int heartbeatIntervalS;
  private final Duration heartbeatGrace;
  private final Duration connectTimeout;
  private final boolean tsOut;
  private final boolean upgradeToV3;
  private final Backoff backoff;
  private final int maxReconnectAttempts;
  private final List<ConnectionListener> listeners;

  private final Object lock = new Object();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final ResumeFilter filter = new ResumeFilter();
  private Thread thread;
  private Socket socket;
  private boolean closed;
  private volatile ConnectionState state = ConnectionState.NEW;
  private volatile Throwable failure;

  private volatile long sessions;
  private volatile long reconnects;
  private volatile long heartbeatTimeouts;
  private volatile long recordsDelivered;
  private volatile long duplicatesDropped;
  private volatile long heartbeats;
  private volatile long systemMessages;
  private volatile long gatewayErrors;
  private volatile long bytesReceived;
  private volatile long lastTsEvent = -1;
  private volatile String sessionId;

  LiveClient(LiveClientBuilder b) {
    this.dataset = b.dataset;
    this.key = b.key;
    this.host = b.host;
    this.port = b.port;
    this.subscriptions = List.copyOf(b.subscriptions);
    this.heartbeatIntervalS = b.heartbeatIntervalS;
    this.heartbeatGrace = b.heartbeatGrace;
    this.connectTimeout = b.connectTimeout;
    this.tsOut = b.tsOut;
    this.upgradeToV3 = b.upgradeToV3;
    this.backoff = new Backoff(b.initialBackoff, b.maxBackoff, b.random);
    this.maxReconnectAttempts = b.maxReconnectAttempts;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
  }

  /** A builder; dataset and at least one subscription are required. */
  public static LiveClientBuilder builder() {
    return new LiveClientBuilder();
  }

  /**
   * The gateway of a dataset: its code lower-cased with '.' as '-', under {@code
   * .lsg.databento.com}, port 13000; e.g. {@code glbx-mdp3.lsg.databento.com:13000}.
   */
  public static String defaultGateway(String dataset) {
    return dataset.toLowerCase(Locale.ROOT).replace('.', '-')
        + ".lsg.databento.com:"
        + DEFAULT_PORT;
  }

  /** Adds a listener of connection state changes (also possible on the builder). */
  public void addListener(ConnectionListener listener) {
    listeners.add(Objects.requireNonNull(listener));
  }

  /**
   * Starts the client thread: it connects, authenticates, subscribes and delivers to {@code
   * handler} until {@link #close()} or a failure that reconnecting cannot cure.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start(RecordHandler handler) {
    Objects.requireNonNull(handler, "handler");
    synchronized (lock) {
      if (thread != null || closed) {
        throw new IllegalStateException("a LiveClient can be started once, it is " + state);
      }
      thread = new Thread(() -> run(handler), "databento-live-" + dataset);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * Closes the connection and stops the client thread; waits up to 5 s for it unless called from
   * the handler. Idempotent.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      closeQuietly(socket);
      lock.notifyAll();
      t = thread;
    }
    if (t == null) {
      setState(ConnectionState.CLOSED, "closed before start");
      terminated.countDown();
      return;
    }
    if (t != Thread.currentThread()) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits for the client to stop (closed or failed); true if it did within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Why the client stopped, or null if it is running or was closed. */
  public Throwable failure() {
    return failure;
  }

  public ConnectionState state() {
    return state;
  }

  /** The gateway as {@code host:port}. */
  public String gateway() {
    return host + ":" + port;
  }

  public String dataset() {
    return dataset;
  }

  public LiveStats stats() {
    return new LiveStats(
        state,
        sessions,
        reconnects,
        heartbeatTimeouts,
        recordsDelivered,
        duplicatesDropped,
        heartbeats,
        systemMessages,
        gatewayErrors,
        bytesReceived,
        lastTsEvent,
        sessionId);
  }

  /**
   * One session over the given streams instead of a socket, exactly as on a connection: reads the
   * greeting and challenge, answers, subscribes, then delivers records to {@code handler} until the
   * stream ends (an {@link EOFException}). For tests that play a gateway's bytes directly
   * (LiveProtocolFuzzTest).
   *
   * @throws IOException for anything the gateway sent that is not the protocol, or its end
   */
  void converse(InputStream in, OutputStream out, RecordHandler handler) throws IOException {
    new Session(handler, false).converse(in, out);
  }

  // ---- client thread ----

  private void run(RecordHandler handler) {
    Throwable fail = null;
    int failedAttempts = 0;
    boolean everStarted = false;
    try {
      while (!isClosed()) {
        setState(
            everStarted || failedAttempts > 0
                ? ConnectionState.RECONNECTING
                : ConnectionState.CONNECTING,
            "connecting to " + gateway());
        Session s = new Session(handler, everStarted);
        try {
          s.run();
          break; // returns normally only when closed
        } catch (LiveAuthenticationException e) {
          fail = e;
          break;
        } catch (HandlerFailure e) {
          fail = e.getCause();
          break;
        } catch (IOException | RuntimeException e) {
          if (isClosed()) {
            break;
          }
          everStarted |= s.started;
          failedAttempts = s.started ? 1 : failedAttempts + 1;
          String why = describe(e);
          LOG.log(Level.WARNING, "Databento live " + dataset + " disconnected: " + why);
          setState(ConnectionState.DISCONNECTED, why);
          if (failedAttempts > maxReconnectAttempts) {
            fail =
                new DatabentoException(
                    "Databento live "
                        + dataset
                        + ": gave up after "
                        + maxReconnectAttempts
                        + " reconnect attempts; last failure: "
                        + why,
                    e);
            break;
          }
          long delay = backoff.delayMillis(failedAttempts);
          setState(
              ConnectionState.RECONNECTING,
              "reconnect attempt " + failedAttempts + " in " + delay + " ms after: " + why);
          waitUnlessClosed(delay);
          reconnects++;
        }
      }
    } finally {
      failure = fail;
      if (fail != null) {
        LOG.log(Level.ERROR, "Databento live " + dataset + " stopped: " + fail.getMessage());
        setState(ConnectionState.FAILED, String.valueOf(fail.getMessage()));
      } else {
        setState(ConnectionState.CLOSED, "closed");
      }
      synchronized (lock) {
        closed = true;
        closeQuietly(socket);
        socket = null;
      }
      try {
        handler.onTerminated(fail);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "RecordHandler.onTerminated threw", e);
      }
      terminated.countDown();
    }
  }

  /** One connection: handshake, subscribe, stream until it breaks or the client is closed. */
  private final class Session {
    private final RecordHandler handler;
    private final boolean resumed;
    boolean started;

    Session(RecordHandler handler, boolean resumed) {
      this.handler = handler;
      this.resumed = resumed;
    }

    void run() throws IOException {
      Socket s = new Socket();
      synchronized (lock) {
        if (closed) {
          return;
        }
        socket = s;
      }
      try {
        s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
        // Heartbeat supervision: a gateway sends at least a heartbeat every interval, so a read
        // that waits longer than interval + grace means the connection is dead.
        s.setSoTimeout(readTimeoutMillis());
        s.setTcpNoDelay(true);
        converse(
            new BufferedInputStream(s.getInputStream(), 1 << 16),
            new BufferedOutputStream(s.getOutputStream()));
      } catch (SocketTimeoutException e) {
        if (isClosed()) {
          return;
        }
        heartbeatTimeouts++;
        throw new DatabentoException(
            "no data from gateway "
                + gateway()
                + " for "
                + readTimeoutMillis()
                + " ms (heartbeat interval "
                + heartbeatIntervalS
                + " s + grace "
                + heartbeatGrace.toMillis()
                + " ms): connection presumed dead",
            e);
      } catch (IOException e) {
        if (isClosed()) {
          return;
        }
        throw e;
      } finally {
        closeQuietly(s);
      }
    }

    /** Handshake, subscriptions, then records until the gateway closes the stream. */
    void converse(InputStream in, OutputStream out) throws IOException {
      String id =
          LiveProtocol.authenticate(in, out, key, dataset, tsOut, heartbeatIntervalS, gateway());
      sessionId = id;
      for (Subscription sub : subscriptionsToSend()) {
        for (String line : LiveProtocol.subscriptionLines(sub)) {
          LiveProtocol.writeLine(out, line);
        }
      }
      LiveProtocol.writeLine(out, LiveProtocol.START_SESSION);
      out.flush();
      stream(DbnDecoder.open(in).upgradeToV3(upgradeToV3), id);
    }

    private List<Subscription> subscriptionsToSend() {
      if (!filter.hasDelivered()) {
        return subscriptions;
      }
      List<Subscription> r = new ArrayList<>(subscriptions.size());
      for (Subscription sub : subscriptions) {
        r.add(sub.withStart(filter.lastTsEvent()));
      }
      return r;
    }

    private void stream(DbnDecoder d, String id) throws IOException {
      started = true;
      sessions++;
      long base = bytesReceived;
      LOG.log(
          Level.INFO,
          "Databento live "
              + dataset
              + " session "
              + id
              + (resumed ? " resumed" : " started")
              + " on "
              + gateway()
              + (filter.hasDelivered() ? " from ts_event " + filter.lastTsEvent() : ""));
      setState(ConnectionState.CONNECTED, "session " + id + " on " + gateway());
      call(() -> handler.onMetadata(d.metadata(), resumed));
      filter.beginResume();
      while (true) {
        DbnRecord r = d.next();
        if (isClosed()) {
          return;
        }
        if (r == null) {
          throw new EOFException("gateway " + gateway() + " closed the connection");
        }
        bytesReceived = base + d.position();
        switch (r.rtype()) {
          case RType.SYSTEM -> onSystem(r);
          case RType.ERROR -> onError(r);
          default -> {
            if (r.rtype() != RType.SYMBOL_MAPPING && !filter.admit(r)) {
              duplicatesDropped++;
            } else {
              call(() -> handler.onRecord(r));
              recordsDelivered++;
              if (r.rtype() != RType.SYMBOL_MAPPING) {
                filter.delivered(r);
                lastTsEvent = filter.lastTsEvent();
              }
            }
          }
        }
      }
    }

    private void onSystem(DbnRecord r) {
      String msg = r.getString("msg");
      int code = r.version() >= 2 ? (int) r.getInteger("code") : -1;
      if ("Heartbeat".equals(msg) || code == SYSTEM_HEARTBEAT) {
        heartbeats++;
        return;
      }
      systemMessages++;
      LOG.log(Level.INFO, "Databento live " + dataset + " system message: " + msg);
      call(() -> handler.onSystemMessage(msg, code));
    }

    private void onError(DbnRecord r) throws LiveAuthenticationException {
      String msg = LiveProtocol.clip(key, r.getString("err"));
      int code = r.version() >= 2 ? (int) r.getInteger("code") : -1;
      gatewayErrors++;
      LOG.log(Level.WARNING, "Databento live " + dataset + " gateway error " + code + ": " + msg);
      call(() -> handler.onGatewayError(msg, code));
      if (code == ERROR_AUTH_FAILED || code == ERROR_KEY_DEACTIVATED) {
        throw new LiveAuthenticationException(
            "Databento gateway " + gateway() + " ended the session: " + msg);
      }
    }
  }

  private interface HandlerCall {
    void run() throws Exception;
  }

  /** Runs handler code; anything it throws stops the client (never taken for a network error). */
  private static void call(HandlerCall c) {
    try {
      c.run();
    } catch (Exception e) {
      throw new HandlerFailure(e);
    }
  }

  private static final class HandlerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HandlerFailure(Exception cause) {
      super(cause);
    }
  }

  private int readTimeoutMillis() {
    return (int)
        Math.min(Integer.MAX_VALUE, heartbeatIntervalS * 1000L + heartbeatGrace.toMillis());
  }

  private String describe(Exception e) {
    String m = e.getMessage();
    return key.redact(m == null ? e.getClass().getSimpleName() : m);
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  private void waitUnlessClosed(long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    synchronized (lock) {
      while (!closed) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return;
        }
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          closed = true;
          return;
        }
      }
    }
  }

  private void setState(ConnectionState to, String reason) {
    ConnectionState from = state;
    if (from == to) {
      return;
    }
    state = to;
    for (ConnectionListener l : listeners) {
      try {
        l.onStateChange(from, to, reason);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "ConnectionListener threw", e);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a socket that is already broken
      }
    }
  }
}
