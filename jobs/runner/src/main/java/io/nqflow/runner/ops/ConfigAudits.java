package io.nqflow.runner.ops;

import io.nqflow.core.audit.ConfigAuditLog;
import io.nqflow.core.audit.ConfigSnapshot;
import io.nqflow.core.config.ConfigLoader;
import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.jobs.common.JobSettings;
import io.nqflow.ops.v1.AuditEvent;
import io.nqflow.runner.Sections;
import io.nqflow.schemas.AuditDetails;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Records job submissions and service starts of the CLI on ops.audit (CONFIG_APPLIED): the whole
 * resolved configuration (every section, secrets masked) and its difference from the previous start
 * of the same component and instance. The execution service records its own section itself.
 */
public final class ConfigAudits {
  private ConfigAudits() {}

  /**
   * Records a Flink job's start.
   *
   * @param bootstrap the Kafka cluster the job uses (its ops.audit gets the record)
   * @param job the job name (flow-detection, risk-gate, chain-analytics)
   * @param cfg the configuration the job was given; its variant is the instance
   * @param jobId the Flink job id, or null when not known
   */
  public static AuditEvent job(String bootstrap, String job, NqflowConfig cfg, String jobId) {
    Map<String, String> extra = new LinkedHashMap<>();
    extra.put(AuditDetails.VARIANT, cfg.variant());
    if (jobId != null) {
      extra.put(AuditDetails.JOB_ID, jobId);
    }
    return record(bootstrap, job, cfg.variant(), cfg, extra);
  }

  /**
   * Records a service's start (e.g. the feed, instance = profile name).
   *
   * @param bootstrap the Kafka cluster the service uses (its ops.audit gets the record)
   */
  public static AuditEvent service(
      String bootstrap, String component, String instance, NqflowConfig cfg) {
    return record(bootstrap, component, instance, cfg, Map.of());
  }

  private static AuditEvent record(
      String bootstrap,
      String component,
      String instance,
      NqflowConfig cfg,
      Map<String, String> extra) {
    return ConfigAuditLog.forKafka(
            KafkaConfig.plaintext(bootstrap).withSecurity(cfg.kafka().security()))
        .apply(
            component,
            instance,
            fp -> {
              ConfigSnapshot s = ConfigSnapshot.of(cfg, fp);
              // the servers the component really uses, when a command line overrode the profile
              SortedMap<String, String> e = new TreeMap<>(s.entries());
              e.put("kafka.bootstrap_servers", bootstrap);
              return new ConfigSnapshot(e, s.saltHex());
            },
            extra);
  }

  /**
   * The configuration a job jar's main resolves from its program arguments ({@code --profile},
   * {@code --config-dir}, {@code --bootstrap-servers}), read here in the submitting process's
   * environment.
   */
  public static NqflowConfig fromProgramArgs(List<String> args) {
    String profile = "local";
    Path configDir = Path.of("config");
    String bootstrap = null;
    for (int i = 0; i + 1 < args.size(); i++) {
      switch (args.get(i)) {
        case "--profile" -> profile = args.get(++i);
        case "--config-dir" -> configDir = Path.of(args.get(++i));
        case "--bootstrap-servers" -> bootstrap = args.get(++i);
        default -> {
          // a switch without a value (e.g. --bounded)
        }
      }
    }
    NqflowConfig cfg = ConfigLoader.load(profile, configDir, System.getenv(), Sections.ALL);
    if (bootstrap != null) {
      cfg =
          cfg.with(
              JobSettings.SECTION,
              cfg.section(JobSettings.SECTION).withBootstrapServers(bootstrap));
    }
    return cfg;
  }

  /** The Kafka servers a job started with {@code cfg} uses. */
  public static String bootstrapOf(NqflowConfig cfg) {
    return cfg.section(JobSettings.SECTION).bootstrapServers();
  }
}
