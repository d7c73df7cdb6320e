package io.nqflow.runner.feed;

import io.nqflow.core.config.KafkaConfig;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.core.config.SourceConfig;
import io.nqflow.core.config.SourceType;
import io.nqflow.core.kafka.TopicAdmin;
import io.nqflow.feed.FeedPublisher;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.Speed;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.runner.Sections;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nqflow replay}: publishes DBN files into Kafka through the feed. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes DBN files (raw or zstd, several schemas merged in ts_event order) into Kafka"
          + " through the feed: definitions to md.instruments, events to md.events, bad input and"
          + " records the quality monitor rejects to ops.deadletter. Missing topics are created.",
      "Progress goes to stderr, the final counts to stdout."
    })
public final class ReplayCommand implements Callable<Integer> {
  /** How often the progress line is printed at most. */
  private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

  @Spec CommandSpec spec;

  @Mixin ProfileOptions profile = new ProfileOptions("replay");

  @Option(
      names = "--input",
      paramLabel = "DIR|FILE",
      arity = "1..*",
      description =
          "DBN files or folders to replay. Default: the path of every REPLAY source of the"
              + " profile.")
  List<Path> inputs = new ArrayList<>();

  @Option(
      names = "--speed",
      paramLabel = "max|xN",
      description =
          "max (as fast as Kafka takes it) or N times real time (x10). Default: the profile's"
              + " first REPLAY source's speed, else max.")
  String speed;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers. Default: the profile's kafka.bootstrap_servers.")
  String bootstrapServers;

  @Option(
      names = "--source",
      description = "Source name stamped on every record. Default: ${DEFAULT-VALUE}.")
  String source = "replay";

  @Override
  public Integer call() throws Exception {
    NqflowConfig cfg = Sections.load(profile);
    List<SourceConfig> replaySources =
        cfg.feed().sources().stream().filter(s -> s.type() == SourceType.REPLAY).toList();
    List<Path> files = new ArrayList<>(inputs);
    if (files.isEmpty()) {
      replaySources.forEach(s -> files.add(Path.of(s.path())));
    }
    if (files.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no input: give --input or a REPLAY source in profile " + cfg.profile());
    }
    for (Path p : files) {
      if (!Files.exists(p)) {
        throw new ParameterException(spec.commandLine(), "--input: no such file or folder: " + p);
      }
    }
    Speed pace;
    try {
      pace =
          Speed.parse(
              speed != null
                  ? speed
                  : replaySources.isEmpty() ? "max" : replaySources.get(0).speed().toString());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--speed: " + e.getMessage(), e);
    }
    KafkaConfig bootstrap =
        bootstrapServers != null ? cfg.kafka().withBootstrapServers(bootstrapServers) : cfg.kafka();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();

    List<String> created =
        TopicAdmin.ensureTopics(
            bootstrap, cfg.kafka().partitions(), (short) cfg.kafka().replicationFactor());
    if (!created.isEmpty()) {
      err.println("replay: created topics " + String.join(", ", created));
    }

    long start = System.nanoTime();
    long[] lastPrint = {start};
    ReplayFeed.Stats stats;
    try (FeedPublisher publisher =
        new FeedPublisher(
            bootstrap,
            cfg.kafka().clientIdPrefix() + "-replay",
            32L << 20,
            pace.isMax() ? FeedPublisher.Mode.PIPELINED : FeedPublisher.Mode.DIRECT)) {
      stats =
          new ReplayFeed(source, publisher, pace, cfg.feed().quality())
              .run(
                  files,
                  n -> {
                    long now = System.nanoTime();
                    if (now - lastPrint[0] >= PROGRESS_EVERY_NANOS) {
                      lastPrint[0] = now;
                      err.printf(
                          "replay: %,d records read, %,.0f records/s%n",
                          n, n / ((now - start) / 1e9));
                      err.flush();
                    }
                  });
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "replayed %,d records to %s in %.1f s: %,d instruments, %,d events (%,.0f events/s),"
            + " %,d not events, %,d dead letters, %,d quality findings%n",
        stats.records(),
        bootstrap,
        seconds,
        stats.instruments(),
        stats.events(),
        stats.events() / Math.max(seconds, 1e-9),
        stats.notEvents(),
        stats.deadLetters(),
        stats.qualityFindings());
    out.flush();
    return 0;
  }
}
