package io.nqflow.runner.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import io.nqflow.runner.local.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the local stack with a recognizable fake Databento API key and fake broker and ledger
 * secrets in the profile (through environment variables, as in production), then looks for the
 * canary everywhere the run wrote: every file of the run's folder (while the broker and Flink are
 * up, and again at the end), every record of every topic (keys, values, headers), every log line
 * (the project's and the libraries' at INFO) and the console. Also checks that the run's folder and
 * what the project creates in it are readable by the owner only.
 */
class SecretLeakITCase {
  static final String CANARY = "NQFLOW-CANARY-7f3a9c";
  private static final byte[] CANARY_BYTES = CANARY.getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  @Test
  void theScannerFindsACanaryPlantedInAFileOfTheTree() throws IOException {
    Path deep = Files.createDirectories(tmp.resolve("a").resolve("b"));
    Files.write(deep.resolve("clean.bin"), new byte[] {0, 1, 2, (byte) 0xff, 'N', 'Q'});
    assertThat(filesWithCanary(tmp)).isEmpty();
    byte[] planted = new byte[70_000];
    // across the scanner's read buffer boundary, amid bytes that are not UTF-8
    planted[0] = (byte) 0xfe;
    System.arraycopy(CANARY_BYTES, 0, planted, 65_530, CANARY_BYTES.length);
    Files.write(deep.resolve("planted.bin"), planted);
    assertThat(filesWithCanary(tmp)).containsExactly(deep.resolve("planted.bin"));
    assertThat(contains(("x" + CANARY).getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(contains("NQFLOW-CANARY-7f3a9".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void aLocalRunWritesTheSecretsNowhereAndItsFolderIsOwnerOnly() throws Exception {
    Map<String, String> env =
        Map.of(
            "DATABENTO_API_KEY", CANARY,
            "TRADOVATE_PASSWORD", CANARY + "-pw",
            "TRADOVATE_SEC", CANARY + "-sec",
            "LEDGER_PASSWORD", CANARY + "-ledger");
    String yaml =
        """
        extends: local
        databento:
          api_key: ${DATABENTO_API_KEY}
        execution:
          ledger_password: ${LEDGER_PASSWORD}
          tradovate:
            username: canary-user
            password: ${TRADOVATE_PASSWORD}
            sec: ${TRADOVATE_SEC}
        """;
    Path configDir = new ProfileOptions("local").configDir();
    NqflowConfig cfg = ConfigLoader.fromYaml(yaml, configDir, env, Sections.ALL);
    assertThat(cfg.databento().apiKey().toString()).doesNotContain(CANARY);

    int kafkaPort;
    try (ServerSocket s = new ServerSocket(0)) {
      kafkaPort = s.getLocalPort();
    }
    String bootstrap = "localhost:" + kafkaPort;
    LocalStack.Options options =
        new LocalStack.Options(
            "leak", tmp, null, 11L, 1, Duration.ofMinutes(2), Speed.MAX, false, kafkaPort, 0);
    Path runDir = tmp.resolve("leak");

    ConcurrentLinkedQueue<String> logLines = new ConcurrentLinkedQueue<>();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    List<String> duringRun = new ArrayList<>();
    long[] recordsScanned = {0};
    PrintStream savedErr = System.err;
    Capture capture = Capture.install(logLines);
    try {
      // The capture itself works: a project INFO line reaches it.
      org.slf4j.LoggerFactory.getLogger(SecretLeakITCase.class).info("capture check");
      System.setErr(new PrintStream(new Tee(savedErr, stderr), true, StandardCharsets.UTF_8));
      new LocalStack(cfg, options)
          .run(
              new PrintStream(console, true, StandardCharsets.UTF_8),
              hops -> {
                // While the broker and Flink run: their log folders and checkpoints exist now.
                assertThat(Files.isDirectory(runDir.resolve("work").resolve("kafka"))).isTrue();
                filesWithCanary(runDir).forEach(p -> duringRun.add(p.toString()));
                recordsScanned[0] = scanTopics(bootstrap, duringRun);
              });
    } finally {
      System.setErr(savedErr);
      capture.remove();
    }

    assertThat(recordsScanned[0]).as("records read from the topics").isPositive();
    assertThat(duringRun).as("files and topic records holding the canary").isEmpty();
    assertThat(filesWithCanary(runDir)).as("files holding the canary after the run").isEmpty();
    assertThat(logLines)
        .as("log lines captured")
        .contains(SecretLeakITCase.class.getName() + " capture check");
    assertThat(logLines)
        .as("library log lines captured")
        .anyMatch(l -> l.startsWith("org.apache.kafka"));
    assertThat(logLines).as("log lines holding the canary").noneMatch(l -> l.contains(CANARY));
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("summary").doesNotContain(CANARY);
    assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain(CANARY);

    assumeTrue(Files.getFileAttributeView(runDir, PosixFileAttributeView.class) != null);
    for (Path dir :
        List.of(
            runDir,
            runDir.resolve("work"),
            runDir.resolve("checkpoints"),
            runDir.resolve("ledger"))) {
      assertThat(mode(dir)).as("mode of %s", dir).isEqualTo("rwx------");
    }
    assertThat(mode(runDir.resolve("summary.json"))).isEqualTo("rw-------");
    assertThat(mode(runDir.resolve("ledger").resolve("ledger.mv.db"))).isEqualTo("rw-------");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** Every regular file under {@code root} whose bytes contain the canary. */
  static List<Path> filesWithCanary(Path root) throws IOException {
    List<Path> hits = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    } catch (java.io.UncheckedIOException e) {
      // a library removed a file while the tree was listed: list again
      try (Stream<Path> walk = Files.walk(root)) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        if (streamContains(in)) {
          hits.add(f);
        }
      } catch (NoSuchFileException gone) {
        // deleted meanwhile (Flink's and Kafka's temporary files)
      }
    }
    return hits;
  }

  /** Whether the stream holds the canary, read in blocks that overlap by the canary's length. */
  static boolean streamContains(InputStream in) throws IOException {
    byte[] buf = new byte[1 << 16];
    int keep = 0;
    int n;
    while ((n = in.read(buf, keep, buf.length - keep)) > 0) {
      int len = keep + n;
      if (indexOf(buf, len) >= 0) {
        return true;
      }
      keep = Math.min(len, CANARY_BYTES.length - 1);
      System.arraycopy(buf, len - keep, buf, 0, keep);
    }
    return false;
  }

  static boolean contains(byte[] bytes) {
    return bytes != null && indexOf(bytes, bytes.length) >= 0;
  }

  private static int indexOf(byte[] b, int len) {
    outer:
    for (int i = 0; i + CANARY_BYTES.length <= len; i++) {
      for (int j = 0; j < CANARY_BYTES.length; j++) {
        if (b[i + j] != CANARY_BYTES[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /**
   * Reads every partition of every topic, internal ones included, from the beginning to its end
   * offset; adds a line to {@code hits} for each record whose key, value or a header holds the
   * canary. Returns the number of records read.
   */
  static long scanTopics(String bootstrap, List<String> hits) throws Exception {
    Properties a = new Properties();
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    List<TopicPartition> partitions = new ArrayList<>();
    try (Admin admin = Admin.create(a)) {
      Set<String> names =
          admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
      for (TopicDescription d : admin.describeTopics(names).allTopicNames().get().values()) {
        d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
      }
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (!done(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topics not read to their end within 3 minutes: " + end);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          read++;
          boolean hit = contains(r.key()) || contains(r.value());
          for (Header h : r.headers()) {
            hit |= contains(h.key().getBytes(StandardCharsets.UTF_8)) || contains(h.value());
          }
          if (hit) {
            hits.add("topic " + r.topic() + "-" + r.partition() + "@" + r.offset());
          }
        }
      }
    }
    return read;
  }

  private static boolean done(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Copies what is written to two streams (the real stderr and a buffer). */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }

  /**
   * A log4j appender on the root logger, with the root level lowered to INFO for the run so the
   * libraries' configuration dumps (Kafka clients print theirs) are captured too.
   */
  private static final class Capture extends AbstractAppender {
    private final ConcurrentLinkedQueue<String> lines;
    private Level savedLevel;

    private Capture(ConcurrentLinkedQueue<String> lines) {
      super("secret-leak-capture", null, null, true, Property.EMPTY_ARRAY);
      this.lines = lines;
    }

    static Capture install(ConcurrentLinkedQueue<String> lines) {
      Capture c = new Capture(lines);
      c.start();
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      Configuration conf = ctx.getConfiguration();
      LoggerConfig root = conf.getRootLogger();
      c.savedLevel = root.getLevel();
      root.setLevel(Level.INFO);
      root.addAppender(c, Level.ALL, null);
      ctx.updateLoggers();
      return c;
    }

    void remove() {
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      LoggerConfig root = ctx.getConfiguration().getRootLogger();
      root.removeAppender(getName());
      root.setLevel(savedLevel);
      ctx.updateLoggers();
      stop();
    }

    @Override
    public void append(LogEvent event) {
      StringBuilder line =
          new StringBuilder(event.getLoggerName())
              .append(' ')
              .append(event.getMessage().getFormattedMessage());
      for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
        line.append(" | ").append(t);
      }
      lines.add(line.toString());
    }
  }
}
