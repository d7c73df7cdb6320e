package io.nqflow.databento;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a Databento live gateway on loopback that speaks the raw protocol byte for byte:
 * greeting, CRAM challenge, a check of the client's reply (the expected SHA-256 is computed here,
 * independently of the client), a check of every subscription line, then the DBN stream (the
 * metadata and records of a DBN file, filtered by the subscription's replay start) followed by
 * heartbeats. Per connection, a {@link Script} can drop the connection in the middle of a record or
 * go silent so the client's heartbeat supervision must notice.
 */
public final class TestingLiveGateway implements AutoCloseable {
  private static final Pattern SUB_LINE =
      Pattern.compile(
          "schema=([a-z0-9-]+)\\|stype_in=([a-z_]+)\\|symbols=([^|]+)"
              + "(?:\\|start=([0-9]+))?\\|snapshot=([01])\\|is_last=([01])");
  private static final List<String> AUTH_KEYS =
      List.of("auth", "dataset", "encoding", "compression", "ts_out", "heartbeat_interval_s");

  /** What one connection does after the session starts. */
  public static final class Script {
    int dropAfterRecords = -1;
    int stallAfterRecords = -1;
    final List<byte[]> beforeRecords = new ArrayList<>();

    /** Sends {@code n} records, then half of the next one, then closes the socket. */
    public static Script dropAfter(int n) {
      Script s = new Script();
      s.dropAfterRecords = n;
      return s;
    }

    /** Sends {@code n} records, then nothing at all (no heartbeats) until the client leaves. */
    public static Script stallAfter(int n) {
      Script s = new Script();
      s.stallAfterRecords = n;
      return s;
    }

    /** Sends these raw records right after the metadata (gateway errors, system messages). */
    public static Script withBefore(byte[]... records) {
      Script s = new Script();
      s.beforeRecords.addAll(Arrays.asList(records));
      return s;
    }
  }

  /** What the gateway saw on one connection. */
  static final class Connection {
    final int index;
    volatile String authLine;
    volatile boolean authenticated;
    final List<String> subscriptionLines = new CopyOnWriteArrayList<>();
    volatile boolean sessionStarted;
    volatile Long replayStart;
    volatile int recordsSent;

    Connection(int index) {
      this.index = index;
    }
  }

  private final String apiKey;
  private final String dataset;
  private final byte[] metadataBytes;
  private final List<byte[]> records = new ArrayList<>();
  private final List<Long> tsEvents = new ArrayList<>();
  private final ServerSocket server;
  private final Thread acceptor;
  private final Map<Integer, Script> scripts = new ConcurrentHashMap<>();
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private volatile boolean closed;

  /**
   * @param apiKey the one key this gateway accepts
   * @param dataset the dataset the client must name
   * @param dbn a DBN stream with metadata: what every session streams
   */
  public TestingLiveGateway(String apiKey, String dataset, byte[] dbn) throws IOException {
    this.apiKey = apiKey;
    this.dataset = dataset;
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(dbn))) {
      int mdLen = (int) d.position();
      this.metadataBytes = Arrays.copyOf(dbn, mdLen);
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        int off = (int) r.streamOffset();
        records.add(Arrays.copyOfRange(dbn, off, off + r.length()));
        tsEvents.add(r.tsEvent());
      }
    }
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "testing-live-gateway");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Sets what connection {@code index} (0-based, in accept order) does. */
  public TestingLiveGateway script(int index, Script script) {
    scripts.put(index, script);
    return this;
  }

  public String hostPort() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  List<Connection> connections() {
    return connections;
  }

  /** Protocol rules the client broke; a passing test expects none. */
  List<String> violations() {
    return violations;
  }

  int recordCount() {
    return records.size();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }

  private void acceptLoop() {
    int index = 0;
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(s);
      Connection c = new Connection(index);
      connections.add(c);
      Script script = scripts.getOrDefault(index, new Script());
      Thread t = new Thread(() -> serve(s, c, script), "testing-live-gateway-conn-" + index);
      t.setDaemon(true);
      t.start();
      index++;
    }
  }

  private void serve(Socket s, Connection c, Script script) {
    try (s) {
      s.setSoTimeout(10_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String challenge = challenge();
      out.write(
          ("lsg_version=0.99.0\ncram=" + challenge + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();

      String auth = readLine(in);
      c.authLine = auth;
      int heartbeatS = checkAuth(auth, challenge);
      if (heartbeatS < 0) {
        out.write("success=0|error=Authentication failed.\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return;
      }
      c.authenticated = true;
      out.write(
          ("success=1|session_id=" + (1000 + c.index) + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();

      Long start = null;
      while (true) {
        String line = readLine(in);
        if (line.equals("start_session")) {
          break;
        }
        c.subscriptionLines.add(line);
        Matcher m = SUB_LINE.matcher(line);
        if (!m.matches()) {
          violations.add("connection " + c.index + ": malformed subscription line: " + line);
          continue;
        }
        if (m.group(4) != null) {
          start = Long.parseLong(m.group(4));
        }
      }
      if (c.subscriptionLines.isEmpty()) {
        violations.add("connection " + c.index + ": start_session before any subscription");
      }
      c.sessionStarted = true;
      c.replayStart = start;

      out.write(metadataBytes);
      for (byte[] b : script.beforeRecords) {
        out.write(b);
      }
      int sent = 0;
      for (int i = 0; i < records.size(); i++) {
        if (start != null && Long.compareUnsigned(tsEvents.get(i), start) < 0) {
          continue;
        }
        if (sent == script.dropAfterRecords) {
          byte[] r = records.get(i);
          out.write(r, 0, r.length / 2);
          out.flush();
          return; // closes the socket mid-record
        }
        if (sent == script.stallAfterRecords) {
          out.flush();
          s.setSoTimeout(0);
          waitForClientToLeave(in);
          return;
        }
        out.write(records.get(i));
        sent++;
        c.recordsSent = sent;
      }
      out.flush();
      // Idle like a real gateway, heartbeats while the client stays; at half the interval so a
      // busy test machine cannot make a healthy stand-in look dead.
      s.setSoTimeout(heartbeatS * 500);
      while (!closed) {
        try {
          if (in.read() < 0) {
            return;
          }
        } catch (SocketTimeoutException quiet) {
          out.write(LiveTestData.heartbeat(System.currentTimeMillis() * 1_000_000L));
          out.flush();
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to check
    }
  }

  /** Checks the CRAM reply and the session fields; returns the heartbeat interval or -1. */
  private int checkAuth(String line, String challenge) {
    String[] parts = line.split("\\|", -1);
    List<String> keys = new ArrayList<>();
    java.util.Map<String, String> f = new java.util.HashMap<>();
    for (String p : parts) {
      int eq = p.indexOf('=');
      if (eq < 0) {
        violations.add("auth field without '=': " + p);
        return -1;
      }
      keys.add(p.substring(0, eq));
      f.put(p.substring(0, eq), p.substring(eq + 1));
    }
    if (!keys.equals(AUTH_KEYS)) {
      violations.add("auth fields " + keys + ", expected " + AUTH_KEYS);
      return -1;
    }
    if (line.contains(apiKey)) {
      violations.add("the API key itself was sent over the wire");
      return -1;
    }
    String expected =
        sha256Hex(challenge + "|" + apiKey) + "-" + apiKey.substring(apiKey.length() - 5);
    if (!f.get("auth").equals(expected)) {
      return -1; // a wrong key: an authentication failure, not a protocol violation
    }
    if (!dataset.equals(f.get("dataset"))) {
      violations.add("dataset " + f.get("dataset") + ", expected " + dataset);
      return -1;
    }
    if (!"dbn".equals(f.get("encoding"))
        || !"none".equals(f.get("compression"))
        || !"0".equals(f.get("ts_out"))) {
      violations.add("unexpected session options in " + line.substring(line.indexOf('|')));
      return -1;
    }
    try {
      int hb = Integer.parseInt(f.get("heartbeat_interval_s"));
      if (hb < 1) {
        violations.add("heartbeat_interval_s " + hb);
        return -1;
      }
      return hb;
    } catch (NumberFormatException e) {
      violations.add("heartbeat_interval_s is not a number: " + f.get("heartbeat_interval_s"));
      return -1;
    }
  }

  private static void waitForClientToLeave(InputStream in) {
    try {
      while (in.read() >= 0) {
        // a client sends nothing once the session started; wait for its close
      }
    } catch (IOException e) {
      // closed
    }
  }

  private String challenge() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("client closed mid-line");
      }
      if (c == '\n') {
        return b.toString(StandardCharsets.UTF_8);
      }
      b.write(c);
    }
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static InetSocketAddress unused() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
