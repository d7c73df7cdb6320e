package io.nqflow.runner.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.eval.EvaluationSettings;
import io.nqflow.flow.FlowDetectionSettings;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.jobs.common.StateBackendKind;
import io.nqflow.risk.RiskSettings;
import io.nqflow.runner.Sections;
import io.nqflow.schemas.Topic;
import io.nqflow.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay of {@code k8s/} with {@link Kustomize} and checks what a cluster would
 * check and more: each FlinkDeployment against the Flink operator's CRD schema (strict fields),
 * savepoint upgrades with durable state, non-root pods with probes and no literal secrets, one
 * Strimzi KafkaTopic per registry topic, and that the profile each pod is given loads with the
 * environment that pod has.
 */
class K8sManifestsTest {
  private static final Path REPO = repoRoot();
  private static final Path K8S = REPO.resolve("k8s");
  private static final CrdSchemas CRDS =
      CrdSchemas.load(K8S.resolve("crds/flinkdeployments.flink.apache.org-v1.yml"));

  /** The job of each FlinkDeployment of the base: entry class and jar. */
  private static final Map<String, String> ENTRY_CLASSES =
      Map.of(
          "flow-detection", "io.nqflow.flow.FlowDetectionJob",
          "risk-gate", "io.nqflow.risk.RiskGateJob",
          "chain-analytics", "io.nqflow.chain.ChainAnalyticsJob",
          "signal-evaluation", "io.nqflow.eval.SignalEvaluationJob");

  private static final Set<String> DIR_KEYS =
      Set.of("state.checkpoints.dir", "state.savepoints.dir", "high-availability.storageDir");

  private static final String PROFILE_MOUNT = "/etc/nqflow/profile/";

  /** Values of the Secret keys that are not free text, as an operator would create them. */
  private static final Map<String, String> SECRET_STAND_INS =
      Map.of(
          "nqflow-broker/cid", "1234",
          "nqflow-broker/base-url", "https://demo.tradovateapi.com/v1",
          "nqflow-ledger/jdbc-url", "jdbc:postgresql://ledger-db:5432/nqflow");

  private static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("k8s/base/kustomization.yaml"))) {
        return p;
      }
    }
    throw new IllegalStateException("no k8s/base/kustomization.yaml above the working directory");
  }

  private static List<ObjectNode> render(String overlay) {
    return Kustomize.build(K8S.resolve("overlays").resolve(overlay));
  }

  private static List<ObjectNode> ofKind(List<ObjectNode> all, String kind) {
    return all.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
  }

  private static ObjectNode named(List<ObjectNode> all, String kind, String name) {
    return ofKind(all, kind).stream()
        .filter(r -> name.equals(r.path("metadata").path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "prod", "variant-b"})
  void everyFlinkDeploymentMatchesTheOperatorSchema(String overlay) {
    List<ObjectNode> flink = ofKind(render(overlay), "FlinkDeployment");
    assertThat(flink).hasSizeGreaterThanOrEqualTo(3);
    for (ObjectNode d : flink) {
      assertThat(d.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
      assertThat(CRDS.validate(d)).as(Kustomize.id(d)).isEmpty();
    }
  }

  @Test
  void theSchemaRejectsBrokenFlinkDeployments() {
    ObjectNode good = named(render("prod"), "FlinkDeployment", "flow-detection");
    assertThat(CRDS.validate(good)).isEmpty();

    ObjectNode badMode = good.deepCopy();
    ((ObjectNode) badMode.get("spec").get("job")).put("upgradeMode", "rolling");
    assertThat(CRDS.validate(badMode)).singleElement().asString().contains("upgradeMode");

    ObjectNode typo = good.deepCopy();
    ((ObjectNode) typo.get("spec").get("job")).put("upgradeMod", "savepoint");
    assertThat(CRDS.validate(typo)).singleElement().asString().contains("upgradeMod");

    ObjectNode wrongType = good.deepCopy();
    ((ObjectNode) wrongType.get("spec").get("jobManager")).put("replicas", "two");
    assertThat(CRDS.validate(wrongType)).singleElement().asString().contains("replicas");

    ObjectNode badPod = good.deepCopy();
    ((ObjectNode) badPod.at("/spec/podTemplate/spec/securityContext")).put("runAsNonRoot", "yes");
    assertThat(CRDS.validate(badPod)).singleElement().asString().contains("runAsNonRoot");

    ObjectNode oldFlink = good.deepCopy();
    ((ObjectNode) oldFlink.get("spec")).put("flinkVersion", "v2_9");
    assertThat(CRDS.validate(oldFlink)).singleElement().asString().contains("flinkVersion");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "prod", "variant-b"})
  void jobsUpgradeFromSavepointsWithDurableState(String overlay) {
    List<ObjectNode> all = render(overlay);
    Set<String> dirs = new HashSet<>();
    for (ObjectNode d : ofKind(all, "FlinkDeployment")) {
      String id = Kustomize.id(d);
      JsonNode spec = d.path("spec");
      JsonNode conf = spec.path("flinkConfiguration");
      assertThat(spec.at("/job/upgradeMode").asText()).as(id).isEqualTo("savepoint");
      assertThat(spec.at("/job/allowNonRestoredState").asBoolean(true)).as(id).isFalse();
      assertThat(spec.path("flinkVersion").asText()).as(id).isEqualTo("v2_2");
      for (String key : DIR_KEYS) {
        String dir = conf.path(key).asText("");
        assertThat(dir)
            .as(id + " " + key)
            .startsWith(overlay.equals("local") ? "file:///" : "s3://");
        // no two deployments (nor two uses) share a directory
        assertThat(dirs.add(dir)).as(id + " " + key + " is unique: " + dir).isTrue();
      }
      // one name per directory: Flink 2 reads these keys as the execution.checkpointing.* ones
      assertThat(conf.has("execution.checkpointing.dir")).as(id).isFalse();
      assertThat(conf.has("execution.checkpointing.savepoint-dir")).as(id).isFalse();
      assertThat(conf.path("state.backend.type").asText()).as(id).isEqualTo("rocksdb");
      assertThat(conf.path("high-availability.type").asText()).as(id).isEqualTo("kubernetes");
      assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
          .as(id)
          .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
      assertThat(conf.path("metrics.reporter.prom.port").asText()).as(id).isEqualTo("9249");
      for (String role : List.of("jobManager", "taskManager")) {
        assertThat(spec.path(role).path("resource").path("memory").asText())
            .as(id + " " + role)
            .matches("\\d+m");
        assertThat(spec.path(role).path("resource").path("cpu").asDouble()).isPositive();
      }
      String base = d.path("metadata").path("name").asText().replaceFirst("-b$", "");
      assertThat(spec.at("/job/entryClass").asText()).as(id).isEqualTo(ENTRY_CLASSES.get(base));
      assertThat(spec.at("/job/jarURI").asText())
          .as(id)
          .isEqualTo("local:///opt/flink/usrlib/nqflow-" + base + "-job.jar");
      // the profile comes from the ConfigMap that the overlay renders
      JsonNode volume = volume(spec.at("/podTemplate/spec"), "nqflow-profile");
      named(all, "ConfigMap", volume.at("/configMap/name").asText());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "prod", "variant-b"})
  void podsRunAsNonRootWithProbesAndNoLiteralSecrets(String overlay) {
    List<ObjectNode> all = render(overlay);
    assertThat(ofKind(all, "Secret"))
        .as("Secrets are created by operators, never shipped")
        .isEmpty();
    List<JsonNode> pods = new ArrayList<>();
    for (ObjectNode d : ofKind(all, "Deployment")) {
      JsonNode pod = d.at("/spec/template/spec");
      pods.add(pod);
      assertThat(d.at("/spec/replicas").asInt()).as(Kustomize.id(d)).isEqualTo(1);
      assertThat(d.at("/spec/strategy/type").asText()).as(Kustomize.id(d)).isEqualTo("Recreate");
      assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
      for (JsonNode c : pod.path("containers")) {
        String where = Kustomize.id(d) + " " + c.path("name").asText();
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(where).isTrue();
        Set<String> ports = new HashSet<>();
        c.path("ports").forEach(p -> ports.add(p.path("name").asText()));
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
          assertThat(ports)
              .as(where + " " + probe + " checks a declared port")
              .contains(c.path(probe).at("/tcpSocket/port").asText("<none>"));
        }
        assertThat(c.at("/resources/requests/cpu").isMissingNode()).as(where).isFalse();
        assertThat(c.at("/resources/requests/memory").isMissingNode()).as(where).isFalse();
        assertThat(c.at("/resources/limits/memory").isMissingNode()).as(where).isFalse();
      }
    }
    for (ObjectNode d : ofKind(all, "FlinkDeployment")) {
      pods.add(d.at("/spec/podTemplate/spec"));
    }
    assertThat(pods).hasSizeGreaterThanOrEqualTo(5);
    for (JsonNode pod : pods) {
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
      assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText())
          .isEqualTo("RuntimeDefault");
      for (JsonNode c : pod.path("containers")) {
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(c.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        for (JsonNode e : c.path("env")) {
          String name = e.path("name").asText();
          if (name.matches(".*(KEY|SECRET|PASSWORD|TOKEN|USERNAME|CID|SEC|APP_ID|JDBC_URL).*")) {
            assertThat(e.has("value")).as(name + " must come from a Secret").isFalse();
            assertThat(e.at("/valueFrom/secretKeyRef/name").asText()).as(name).isNotEmpty();
          }
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "prod", "variant-b"})
  void everyPodRunsTheOneImageThatHoldsWhatTheManifestsName(String overlay) throws IOException {
    List<ObjectNode> all = render(overlay);
    String dockerfile = Files.readString(K8S.resolve("image/Dockerfile"));
    Set<String> images = new HashSet<>();
    for (ObjectNode d : ofKind(all, "FlinkDeployment")) {
      images.add(d.at("/spec/image").asText());
      String jar = d.at("/spec/job/jarURI").asText().replaceFirst("^local://", "");
      assertThat(dockerfile).as(Kustomize.id(d)).contains(" " + jar + "\n");
    }
    for (ObjectNode d : ofKind(all, "Deployment")) {
      d.at("/spec/template/spec/containers").forEach(c -> images.add(c.path("image").asText()));
    }
    assertThat(images).containsExactly("nqflow:0.1.0");
    assertThat(dockerfile).contains("COPY config/ /opt/nqflow/config/");
    assertThat(dockerfile).contains("ENTRYPOINT [\"/opt/nqflow/bin/nqflow\"]");
  }

  @Test
  void theServicesTakeTheirKeysFromSecrets() {
    JsonNode feed = container(named(render("prod"), "Deployment", "nqflow-feed"), "feed");
    assertThat(secretRef(feed, "DATABENTO_API_KEY")).isEqualTo("nqflow-databento/api-key required");
    JsonNode exec = container(named(render("prod"), "Deployment", "nqflow-execution"), "execution");
    assertThat(secretRef(exec, "TRADOVATE_USERNAME")).isEqualTo("nqflow-broker/username required");
    assertThat(secretRef(exec, "TRADOVATE_PASSWORD")).isEqualTo("nqflow-broker/password required");
    assertThat(secretRef(exec, "TRADOVATE_SEC")).isEqualTo("nqflow-broker/sec required");
    assertThat(secretRef(exec, "LEDGER_JDBC_URL")).isEqualTo("nqflow-ledger/jdbc-url optional");
    // the base's env entries survive the merge of prod's broker patch
    assertThat(env(exec)).containsKey("NQFLOW_JAVA_OPTS");
    // paper trading (base, local) needs no broker credentials; the simulator no Databento key
    JsonNode localExec =
        container(named(render("local"), "Deployment", "nqflow-execution"), "execution");
    assertThat(env(localExec)).doesNotContainKey("TRADOVATE_USERNAME");
    JsonNode localFeed = container(named(render("local"), "Deployment", "nqflow-feed"), "feed");
    assertThat(secretRef(localFeed, "DATABENTO_API_KEY"))
        .isEqualTo("nqflow-databento/api-key optional");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "prod", "variant-b"})
  void kafkaTopicsAreExactlyTheRegistrysTopics(String overlay) {
    List<ObjectNode> topics = ofKind(render(overlay), "KafkaTopic");
    Map<String, List<ObjectNode>> byName =
        topics.stream().collect(Collectors.groupingBy(t -> t.at("/spec/topicName").asText()));
    Set<String> registry = new HashSet<>();
    for (Topic<?, ?> topic : Topics.ALL) {
      registry.add(topic.name());
      assertThat(byName.get(topic.name())).as(topic.name()).hasSize(1);
      ObjectNode t = byName.get(topic.name()).get(0);
      assertThat(t.at("/apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
      assertThat(t.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("nqflow");
      JsonNode config = t.at("/spec/config");
      assertThat(config.path("cleanup.policy").asText())
          .as(topic.name())
          .isEqualTo(topic.compacted() ? "compact" : "delete");
      // the configs the services create a missing topic with
      TopicAdmin.configs(topic)
          .forEach(
              (k, v) ->
                  assertThat(config.path(k).asText()).as(topic.name() + " " + k).isEqualTo(v));
      int replicas = t.at("/spec/replicas").asInt();
      assertThat(replicas).isEqualTo(overlay.equals("local") ? 1 : 3);
      assertThat(t.at("/spec/partitions").asInt()).isEqualTo(overlay.equals("local") ? 3 : 6);
      assertThat(config.path("min.insync.replicas").asInt())
          .isBetween(1, Math.max(1, replicas - 1));
    }
    assertThat(byName.keySet()).as("no KafkaTopic outside the registry").isEqualTo(registry);
    assertThat(topics).hasSize(Topics.ALL.size());
  }

  @Test
  void theVariantOverlayAddsOneFlowDetectionThatDiffersOnlyInVariantAndState() {
    List<ObjectNode> prod = render("prod");
    List<ObjectNode> ab = render("variant-b");
    Set<String> prodIds = prod.stream().map(Kustomize::id).collect(Collectors.toSet());
    Set<String> abIds = ab.stream().map(Kustomize::id).collect(Collectors.toSet());
    assertThat(abIds).containsAll(prodIds);
    assertThat(abIds)
        .hasSize(prodIds.size() + 1)
        .contains("FlinkDeployment/nqflow/flow-detection-b");

    ObjectNode a = named(ab, "FlinkDeployment", "flow-detection").get("spec").deepCopy();
    ObjectNode b = named(ab, "FlinkDeployment", "flow-detection-b").get("spec").deepCopy();
    assertThat(a).isEqualTo(named(prod, "FlinkDeployment", "flow-detection").get("spec"));
    for (String key : DIR_KEYS) {
      String dirB = b.at("/flinkConfiguration").path(key).asText();
      assertThat(dirB)
          .contains("/flow-detection-b/")
          .isNotEqualTo(a.at("/flinkConfiguration").path(key).asText());
      ((ObjectNode) a.get("flinkConfiguration")).remove(key);
      ((ObjectNode) b.get("flinkConfiguration")).remove(key);
    }
    assertThat(b.at("/job/args/1").asText()).isEqualTo(PROFILE_MOUNT + "variant-b.yaml");
    ((ObjectNode) a.get("job")).remove("args");
    ((ObjectNode) b.get("job")).remove("args");
    assertThat(b)
        .as("flow-detection-b is prod's flow-detection but for variant and state")
        .isEqualTo(a);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "prod", "variant-b"})
  void everyPodsProfileLoadsWithThatPodsEnvironment(String overlay, @TempDir Path tmp)
      throws IOException {
    List<ObjectNode> all = render(overlay);
    Path profiles = tmp.resolve("profile");
    Files.createDirectories(profiles);
    named(all, "ConfigMap", "nqflow-profile")
        .path("data")
        .fields()
        .forEachRemaining(f -> write(profiles.resolve(f.getKey()), f.getValue().asText()));
    Map<String, String> variants = new HashMap<>();
    for (ObjectNode d : ofKind(all, "FlinkDeployment")) {
      String name = d.path("metadata").path("name").asText();
      JsonNode spec = d.path("spec");
      List<ConfigSection<?>> sections =
          switch (spec.at("/job/entryClass").asText()) {
            case "io.nqflow.flow.FlowDetectionJob" ->
                List.of(JobSettings.SECTION, FlowDetectionSettings.SECTION);
            case "io.nqflow.risk.RiskGateJob" -> List.of(JobSettings.SECTION, RiskSettings.SECTION);
            case "io.nqflow.chain.ChainAnalyticsJob" ->
                List.of(JobSettings.SECTION, ChainAnalyticsSettings.SECTION);
            case "io.nqflow.eval.SignalEvaluationJob" ->
                List.of(JobSettings.SECTION, EvaluationSettings.SECTION);
            default -> throw new AssertionError("unknown entry class in " + name);
          };
      JsonNode main = containers(spec.at("/podTemplate/spec")).get("flink-main-container");
      NqflowConfig cfg = load(spec.at("/job/args"), profiles, env(main), sections);
      JobSettings job = cfg.section(JobSettings.SECTION);
      assertThat(job.stateBackend()).as(name).isEqualTo(StateBackendKind.ROCKSDB);
      assertThat(job.savepointDir()).as(name + ": the FlinkDeployment's dirs apply").isNull();
      variants.put(name, cfg.variant());
      if (name.startsWith("flow-detection")) {
        assertThat(cfg.section(FlowDetectionSettings.SECTION).variant()).isEqualTo(cfg.variant());
      }
    }
    for (ObjectNode d : ofKind(all, "Deployment")) {
      JsonNode c = d.at("/spec/template/spec/containers/0");
      JsonNode args = c.path("args");
      assertThat(args.get(0).asText()).isIn("feed", "execution");
      NqflowConfig cfg = load(args, profiles, env(c), Sections.ALL);
      assertThat(cfg.metrics().port()).as("the probes' port").isEqualTo(9249);
      variants.put(d.path("metadata").path("name").asText(), cfg.variant());
    }
    // one variant everywhere (the profile's), but for the second flow detection of variant-b
    String variantB = variants.remove("flow-detection-b");
    assertThat(variantB).isEqualTo(overlay.equals("variant-b") ? "b" : null);
    assertThat(new HashSet<>(variants.values())).singleElement().isNotEqualTo("b");
  }

  /** Loads the profile named by {@code --profile} and {@code --config-dir} in {@code args}. */
  private static NqflowConfig load(
      JsonNode args, Path profiles, Map<String, String> env, List<ConfigSection<?>> sections) {
    String profile = null;
    String configDir = null;
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).asText().equals("--profile")) {
        profile = args.get(i + 1).asText();
      } else if (args.get(i).asText().equals("--config-dir")) {
        configDir = args.get(i + 1).asText();
      }
    }
    assertThat(profile).startsWith(PROFILE_MOUNT);
    // the image's config folder is the repository's config/
    assertThat(configDir).isEqualTo("/opt/nqflow/config");
    Path file = profiles.resolve(profile.substring(PROFILE_MOUNT.length()));
    NqflowConfig cfg = ConfigLoader.load(file.toString(), REPO.resolve("config"), env, sections);
    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("nqflow-kafka-bootstrap:9092");
    return cfg;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonNode volume(JsonNode podSpec, String name) {
    for (JsonNode v : podSpec.path("volumes")) {
      if (name.equals(v.path("name").asText())) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  private static Map<String, JsonNode> containers(JsonNode podSpec) {
    Map<String, JsonNode> out = new HashMap<>();
    podSpec.path("containers").forEach(c -> out.put(c.path("name").asText(), c));
    return out;
  }

  private static JsonNode container(JsonNode deployment, String name) {
    JsonNode c = containers(deployment.at("/spec/template/spec")).get(name);
    assertThat(c).as("container " + name).isNotNull();
    return c;
  }

  /**
   * A container's environment as the pod gets it, with a stand-in value for each Secret key (the
   * Secret exists).
   */
  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    for (JsonNode e : container.path("env")) {
      JsonNode ref = e.at("/valueFrom/secretKeyRef");
      env.put(
          e.path("name").asText(),
          ref.isMissingNode()
              ? e.path("value").asText()
              : SECRET_STAND_INS.getOrDefault(
                  ref.path("name").asText() + "/" + ref.path("key").asText(),
                  "from-secret-" + ref.path("name").asText() + "-" + ref.path("key").asText()));
    }
    return env;
  }

  private static String secretRef(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        JsonNode ref = e.at("/valueFrom/secretKeyRef");
        return ref.path("name").asText()
            + "/"
            + ref.path("key").asText()
            + (ref.path("optional").asBoolean(false) ? " optional" : " required");
      }
    }
    return "absent";
  }
}
