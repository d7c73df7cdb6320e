package io.nqflow.runner.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The live feed of a chaos run: {@code nqflow feed} in its own JVM replaying the live session's
 * files at the run's speed. A kill is a real {@code SIGKILL}; a restart runs the same command,
 * which resumes from what md.events already holds.
 */
final class FeedProcess implements AutoCloseable {
  private final List<String> command;
  private final Path logDir;
  private Process process;
  private int starts;
  private volatile boolean suspended;
  private final List<Integer> failures = new ArrayList<>();

  /**
   * @param profile the feed's profile file (a REPLAY source of the live session)
   * @param configDir where the profile's base profile is found
   * @param bootstrap the run's Kafka
   * @param logDir where each start's stdout and stderr go
   */
  FeedProcess(Path profile, Path configDir, String bootstrap, Path logDir) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1"));
    // The same logging as this JVM (the CLI's configuration when started by ./nqflow).
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      cmd.add("-Dlog4j2.configurationFile=" + log4j);
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.nqflow.runner.Main",
            "feed",
            "--profile",
            profile.toAbsolutePath().toString(),
            "--config-dir",
            configDir.toAbsolutePath().toString(),
            "--bootstrap-servers",
            bootstrap));
    this.command = List.copyOf(cmd);
    this.logDir = logDir;
  }

  /** Writes the profile of a feed that replays {@code liveDir} at {@code speed} (e.g. x10). */
  static Path writeProfile(Path file, String baseProfile, Path liveDir, String speed, Path workDir)
      throws IOException {
    Files.writeString(
        file,
        String.join(
            "\n",
            "profile: chaos-feed",
            "extends: " + baseProfile,
            "feed:",
            "  work_dir: " + workDir.toAbsolutePath(),
            "  sources:",
            "    - type: REPLAY",
            "      name: chaos-live",
            "      speed: " + speed,
            "      path: " + liveDir.toAbsolutePath(),
            ""));
    return file;
  }

  synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("feed already running");
    }
    starts++;
    process =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectOutput(logDir.resolve("feed-" + starts + ".out").toFile())
            .redirectError(logDir.resolve("feed-" + starts + ".err").toFile())
            .start();
  }

  /** Whether a kill holds the feed down: the supervisor leaves it alone until it restarts. */
  boolean suspended() {
    return suspended;
  }

  /** Starts the feed again after a kill. */
  synchronized void restartAfterKill() throws IOException {
    start();
    suspended = false;
  }

  /** Starts the feed again after it exited with an error by itself (recorded). */
  synchronized void restartAfterFailure() throws IOException {
    Integer code = failedExit();
    if (code != null) {
      failures.add(code);
      start();
    }
  }

  /** Exit codes of the starts that failed by themselves. */
  synchronized List<Integer> failures() {
    return List.copyOf(failures);
  }

  /** SIGKILL as a fault: held down until {@link #restartAfterKill}. */
  synchronized void killAsFault() throws InterruptedException {
    suspended = true;
    kill();
  }

  /** SIGKILL, and waits until the process is gone. */
  synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Whether the current process has exited, and with 0. */
  synchronized boolean finishedOk() {
    return process != null && !process.isAlive() && process.exitValue() == 0;
  }

  /** The exit code of a process that failed, or null while it runs or when it ended well. */
  synchronized Integer failedExit() {
    if (process == null || process.isAlive() || process.exitValue() == 0) {
      return null;
    }
    return process.exitValue();
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized int starts() {
    return starts;
  }

  /** The last lines of the current start's stderr, for an error message. */
  synchronized String stderrTail() {
    Path err = logDir.resolve("feed-" + starts + ".err");
    try {
      List<String> lines = Files.exists(err) ? Files.readAllLines(err) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  @Override
  public synchronized void close() throws InterruptedException {
    kill();
  }
}
