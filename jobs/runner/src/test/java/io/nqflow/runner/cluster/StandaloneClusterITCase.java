package io.nqflow.runner.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.kafka.ConsumerProgress;
import io.nqflow.flow.FlowDetectionJob;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.flow.FlowOutputs;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.MarketEventTime;
import io.nqflow.md.v1.Instrument;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.runner.Main;
import io.nqflow.schemas.Topics;
import io.nqflow.signals.v1.FlowSignal;
import io.nqflow.testing.KafkaExtension;
import io.nqflow.testing.Poll;
import io.nqflow.testing.TopicClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations path on a real standalone session cluster (JobManager and TaskManager JVMs started
 * by the code of {@code nqflow cluster start}) and an in-process Kafka broker: {@code nqflow
 * submit} of flow detection as an A/B variant, {@code nqflow upgrade} to a changed version through
 * stop-with-savepoint, with the volume baselines restored from the savepoint (the spike after the
 * upgrade is measured against them exactly as in a run that never stopped), then an upgrade to a
 * version whose main fails, rolled back to the running version from the same savepoint, and an
 * upgrade that would drop the state of a removed operator, refused (and rolled back) unless
 * allowed.
 */
class StandaloneClusterITCase {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String VARIANT = "ab1";
  private static final String GROUP = FlowDetectionJob.NAME + "-" + VARIANT;

  @TempDir static Path dir;
  private static ClusterLayout layout;
  private static StandaloneCluster cluster;
  private static String url;

  @BeforeAll
  static void startCluster() throws Exception {
    // Under target/ rather than the temporary folder: its logs outlive a failed run.
    Path clusterDir = Path.of("target", "standalone-cluster-it");
    deleteRecursively(clusterDir);
    layout = new ClusterLayout(clusterDir);
    ClusterSpec spec = new ClusterSpec(freePort(), freePort(), 2, "1024m", "1280m", "0");
    url = spec.restUrl();
    cluster = new StandaloneCluster(layout, new PrintWriter(System.out, true));
    cluster.start(spec, ProjectHome.clusterClasspath(ProjectHome.find()), Duration.ofSeconds(90));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.stop(Duration.ofSeconds(30));
    }
  }

  @Test
  void submitUpgradeWithStateThenRollBack() throws Exception {
    Path v1 = profile("cluster-v1", false, "5m", 1);
    Path v2 = profile("cluster-v2", true, "2m", 1);
    Path broken = profile("cluster-broken", true, "2m", 0);
    FlowDetectionSettings v2Settings = detection(v2);
    List<MarketEvent> all = new ArrayList<>(ClusterMarket.history());
    all.addAll(ClusterMarket.spike());
    double uninterrupted = spikeRatio(inMemory(all, v2Settings));
    double withoutHistory = spikeRatio(inMemory(ClusterMarket.spike(), v2Settings));
    assertThat(uninterrupted)
        .as("the baseline matters: with history the spike is smaller relative to it")
        .isLessThan(withoutHistory);

    TopicClient kafka = KAFKA.client();
    kafka.produce(
        Topics.INSTRUMENTS,
        ClusterMarket.instruments().stream().map(i -> Map.entry(i.getInstrumentId(), i)).toList());
    kafka.produce(Topics.MARKET_EVENTS, entries(ClusterMarket.history()));

    // submit v1 as variant ab1
    assertThat(cli("submit", "flow-detection", "--profile", v1.toString(), "--variant", VARIANT))
        .isZero();
    FlinkRest rest = new FlinkRest(url);
    String job1 = theRunningJob(rest);
    assertThat(rest.job(job1).path("name").asText())
        .isEqualTo(FlowDetectionJob.NAME + " [" + VARIANT + "]");
    String listing = cliOutput("jobs");
    assertThat(listing)
        .contains(job1)
        .contains("RUNNING")
        .contains("flow-detection")
        .contains(VARIANT);
    try (ConsumerProgress progress = new ConsumerProgress(KAFKA.bootstrapServers())) {
      Poll.until(WAIT, "v1 has read the history", () -> lag(progress) == 0);
    }

    // upgrade to v2 (block pattern on, shorter cooldown) from a savepoint
    assertThat(cli("upgrade", "flow-detection", "--profile", v2.toString(), "--timeout", "90"))
        .isZero();
    String savepoint1 =
        rest.checkpoints(job1).path("latest").path("savepoint").path("external_path").asText();
    assertThat(savepoint1)
        .startsWith(layout.savepoints().toUri().toString().replace("file:///", "file:/"));
    assertThat(rest.job(job1).path("state").asText()).isEqualTo("FINISHED");
    String job2 = theRunningJob(rest);
    assertThat(job2).isNotEqualTo(job1);
    JsonNode restored2 = rest.checkpoints(job2).path("latest").path("restored");
    assertThat(restored2.path("is_savepoint").asBoolean()).isTrue();
    assertThat(restored2.path("external_path").asText()).isEqualTo(savepoint1);

    kafka.produce(Topics.MARKET_EVENTS, entries(ClusterMarket.spike()));
    FlowSignal spike;
    try {
      spike =
          Poll.untilPresent(
              WAIT,
              "the v2 signal of the spike",
              () ->
                  kafka.values(Topics.FLOW_SIGNALS).stream()
                      .filter(StandaloneClusterITCase::isSpike)
                      .findFirst()
                      .orElse(null));
    } catch (AssertionError e) {
      kafka.values(Topics.FLOW_SIGNALS).forEach(x -> System.out.println("signal " + x));
      kafka.values(Topics.DEAD_LETTERS).forEach(x -> System.out.println("dead letter " + x));
      throw e;
    }
    assertThat(spike.getVariant()).isEqualTo(VARIANT);
    assertThat(Double.parseDouble(spike.getAttributes().get("volume_ratio")))
        .as("measured against the baselines restored from the savepoint")
        .isEqualTo(uninterrupted);

    // an upgrade whose main fails (parallelism 0) rolls back to v2 from the same savepoint
    Deployment v2Deployment = Deployment.load(layout, job2).orElseThrow();
    assertThat(cli("upgrade", "flow-detection", "--profile", broken.toString(), "--timeout", "90"))
        .isEqualTo(UpgradeCommand.EXIT_ROLLED_BACK);
    assertThat(Files.readString(layout.logs().resolve("jobmanager.out")))
        .as("the broken profile's error, printed by the job's main in the JobManager")
        .contains("flink.parallelism");
    String savepoint2 =
        rest.checkpoints(job2).path("latest").path("savepoint").path("external_path").asText();
    assertThat(savepoint2).isNotEqualTo(savepoint1);
    String job3 = theRunningJob(rest);
    assertThat(job3).isNotIn(job1, job2);
    JsonNode restored3 = rest.checkpoints(job3).path("latest").path("restored");
    assertThat(restored3.path("external_path").asText()).isEqualTo(savepoint2);
    Deployment back = Deployment.load(layout, job3).orElseThrow();
    assertThat(back.jarId()).as("the old jar runs again").isEqualTo(v2Deployment.jarId());
    assertThat(back.programArgs()).isEqualTo(v2Deployment.programArgs());
    assertThat(rest.checkpoints(job3).path("counts").path("completed").asInt()).isPositive();

    // v1 has no block pattern: the savepoint's state of the block operator would be dropped, so
    // the upgrade is refused and v2 runs again from the savepoint ...
    assertThat(cli("upgrade", "flow-detection", "--profile", v1.toString(), "--timeout", "90"))
        .isEqualTo(UpgradeCommand.EXIT_REFUSED);
    String savepoint3 =
        rest.checkpoints(job3).path("latest").path("savepoint").path("external_path").asText();
    String job4 = theRunningJob(rest);
    assertThat(
            rest.checkpoints(job4).path("latest").path("restored").path("external_path").asText())
        .isEqualTo(savepoint3);
    assertThat(Deployment.load(layout, job4).orElseThrow().jarId()).isEqualTo(back.jarId());
    // ... unless the operator says that state may go
    assertThat(
            cli(
                "upgrade",
                "flow-detection",
                "--profile",
                v1.toString(),
                "--allow-non-restored-state",
                "--timeout",
                "90"))
        .isZero();
    String job5 = theRunningJob(rest);
    assertThat(Deployment.load(layout, job5).orElseThrow().profile()).isEqualTo(v1.toString());
  }

  private static boolean isSpike(FlowSignal s) {
    return s.getAlgorithm().equals("ifd_v1_volume_ratio")
        && s.getTsEvent() == ClusterMarket.SPIKE_TS;
  }

  private static double spikeRatio(List<FlowSignal> signals) {
    FlowSignal s =
        signals.stream().filter(StandaloneClusterITCase::isSpike).findFirst().orElseThrow();
    return Double.parseDouble(s.getAttributes().get("volume_ratio"));
  }

  /** The one RUNNING job of the cluster. */
  private static String theRunningJob(FlinkRest rest) throws IOException {
    List<String> running = new ArrayList<>();
    for (JsonNode j : rest.jobs()) {
      if ("RUNNING".equals(j.path("state").asText())) {
        running.add(j.path("jid").asText());
      }
    }
    assertThat(running).hasSize(1);
    return running.get(0);
  }

  /**
   * A profile of the spike test: one-print spikes left to v1 ({@code max_print_share: 1}), a 60 s
   * window in 30 min buckets, the confirmation stage on, RocksDB state and 500 ms checkpoints.
   */
  private static Path profile(String name, boolean block, String cooldown, int parallelism)
      throws IOException {
    String yaml =
        """
        profile: %s
        variant: it
        flink:
          parallelism: %d
          checkpoint_interval: 500ms
          idleness: 1s
          state_backend: ROCKSDB
          delivery: AT_LEAST_ONCE
        detection:
          window: 60s
          cooldown: %s
          baseline:
            bucket: 30m
          volume_ratio:
            max_print_share: 1.0
            min_baseline_volume: 10
            moderate: 4
            high: 10
            very_high: 30
            extreme: 50
          patterns:
            block: {enabled: %s}
          # on: the spike's signal may reach the stage after the day-later future trade has moved
          # its watermark on (channels wake from idleness at different times); it is then decided
          # on arrival, as no later event would fire a timer
          confirmation:
            enabled: true
        """
            .formatted(name, parallelism, cooldown, block);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static FlowDetectionSettings detection(Path profile) {
    return ConfigLoader.load(
            profile.toString(),
            ProjectHome.find().resolve("config"),
            Map.of(),
            List.of(JobSettings.SECTION, FlowDetectionSettings.SECTION))
        .section(FlowDetectionSettings.SECTION);
  }

  /** The signals of {@code events} in one uninterrupted in-memory run of the job graph. */
  private static List<FlowSignal> inMemory(List<MarketEvent> events, FlowDetectionSettings s)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    JobSettings js = JobSettings.local("unused:9092");
    DataStream<MarketEvent> ev =
        env.fromData(events, new AvroTypeInfo<>(MarketEvent.class))
            .assignTimestampsAndWatermarks(MarketEventTime.watermarks(js));
    DataStream<Instrument> in =
        env.fromData(ClusterMarket.instruments(), new AvroTypeInfo<>(Instrument.class));
    FlowOutputs out = FlowDetectionJob.defineWorkflow(env, ev, in, s);
    List<FlowSignal> signals = new ArrayList<>();
    try (CloseableIterator<FlowSignal> it = out.signals().executeAndCollect()) {
      it.forEachRemaining(signals::add);
    }
    return signals;
  }

  /** Runs an nqflow command against the test's cluster and broker; returns the exit code. */
  private static int cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--cluster", url, "--dir", layout.dir().toString()));
    if (!args[0].equals("jobs")) {
      all.addAll(List.of("--bootstrap-servers", KAFKA.bootstrapServers()));
    }
    return Main.execute(all.toArray(String[]::new));
  }

  /** The standard output of an nqflow command. */
  private static String cliOutput(String... args) {
    PrintStream before = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(cli(args)).isZero();
    } finally {
      System.setOut(before);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    before.print(out);
    return out;
  }

  private static long lag(ConsumerProgress progress) {
    try {
      return progress.lag(GROUP, Topics.MARKET_EVENTS.name());
    } catch (Exception e) {
      return Long.MAX_VALUE;
    }
  }

  private static List<Map.Entry<Long, MarketEvent>> entries(List<MarketEvent> events) {
    return events.stream().map(e -> Map.entry(e.getInstrumentId(), e)).toList();
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
