package io.nqflow.runner.databento;

import io.nqflow.core.files.OwnerOnly;
import io.nqflow.databento.ApiKey;
import io.nqflow.databento.ConnectionState;
import io.nqflow.databento.LiveAuthenticationException;
import io.nqflow.databento.LiveClient;
import io.nqflow.databento.LiveClientBuilder;
import io.nqflow.databento.LiveRecorder;
import io.nqflow.databento.LiveStats;
import io.nqflow.databento.Subscription;
import io.nqflow.dbn.SType;
import io.nqflow.dbn.Schema;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nqflow databento}: tools on Databento's live API (recording a session to DBN). */
@Command(
    name = "databento",
    mixinStandardHelpOptions = true,
    description = {
      "Databento live API tools. The API key comes from DATABENTO_API_KEY or --api-key-file and"
          + " is never printed. See docs/databento.md."
    },
    subcommands = {DatabentoCommand.Record.class})
public final class DatabentoCommand implements Runnable {
  /** Exit code when the gateway refuses the key (sysexits EX_NOPERM). */
  static final int EXIT_AUTH = 77;

  /** Exit code when the gateway cannot be reached or the session fails (EX_UNAVAILABLE). */
  static final int EXIT_UNAVAILABLE = 69;

  /** Exit code when the output cannot be written (EX_IOERR). */
  static final int EXIT_IO = 74;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: record");
  }

  /** {@code nqflow databento record}. */
  @Command(
      name = "record",
      mixinStandardHelpOptions = true,
      description = {
        "Record a Databento live session to a DBN (v3) file: the gateway's metadata, then every"
            + " record, exactly once across reconnects. Stops after --limit records or on"
            + " Ctrl-C, and always closes the file cleanly.",
        "Exit codes: 0 ok, 2 usage, 69 gateway unreachable or session failed, 74 output not"
            + " writable, 77 key refused."
      })
  static final class Record implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "D", description = "e.g. GLBX.MDP3")
    String dataset;

    @Option(
        names = "--schema",
        required = true,
        paramLabel = "S",
        description = "mbo, mbp-1, mbp-10, tbbo, trades, ohlcv-1s, definition, statistics, ...")
    String schema;

    @Option(
        names = "--stype-in",
        defaultValue = "raw_symbol",
        paramLabel = "T",
        description =
            "Symbology of --symbols: raw_symbol (NQM5), parent (NQ.OPT), continuous (NQ.c.0),"
                + " instrument_id. Default: ${DEFAULT-VALUE}.")
    String stypeIn;

    @Option(
        names = "--symbols",
        required = true,
        split = ",",
        paramLabel = "A,B",
        description = "Symbols, comma-separated (ALL_SYMBOLS for the whole dataset).")
    List<String> symbols;

    @Option(
        names = "--output",
        required = true,
        paramLabel = "F.dbn",
        description = "The DBN file to write (replaced if it exists).")
    Path output;

    @Option(
        names = "--start",
        paramLabel = "NS",
        description = "Intraday replay from this time, ns since the UNIX epoch (last 24 hours).")
    Long start;

    @Option(names = "--snapshot", description = "Ask for a book snapshot first (mbo only).")
    boolean snapshot;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "Stop after N records (default: until Ctrl-C).")
    Long limit;

    @Option(
        names = "--gateway",
        paramLabel = "HOST:PORT",
        description = "Gateway address (default: <dataset>.lsg.databento.com:13000).")
    String gateway;

    @Option(
        names = "--api-key-file",
        paramLabel = "F",
        description = "File holding the API key (default: the DATABENTO_API_KEY variable).")
    Path apiKeyFile;

    @Option(
        names = "--heartbeat-interval",
        defaultValue = "30",
        paramLabel = "SECONDS",
        description = "Heartbeat interval asked of the gateway, 5-1800. Default: ${DEFAULT-VALUE}.")
    int heartbeatIntervalS;

    @Option(
        names = "--max-reconnects",
        defaultValue = "10",
        paramLabel = "N",
        description =
            "Consecutive failed reconnect attempts before giving up. Default: ${DEFAULT-VALUE}.")
    int maxReconnects;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      Subscription subscription = subscription();
      if (limit != null && limit <= 0) {
        throw new ParameterException(spec.commandLine(), "--limit must be > 0, not " + limit);
      }
      ApiKey key;
      try {
        key = ApiKey.resolve(apiKeyFile);
      } catch (IOException | IllegalStateException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      LiveClientBuilder b =
          LiveClient.builder()
              .dataset(dataset)
              .apiKey(key)
              .subscribe(subscription)
              .maxReconnectAttempts(maxReconnects)
              .listener(
                  (from, to, why) -> {
                    if (to != ConnectionState.CONNECTING) {
                      err.println("databento: " + to + ": " + why);
                      err.flush();
                    }
                  });
      try {
        b.heartbeatInterval(Duration.ofSeconds(heartbeatIntervalS));
        if (gateway != null) {
          b.gateway(gateway);
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      LiveClient client = b.build();

      // Ctrl-C closes the client; the hook then waits for the file to be closed before the JVM
      // exits, so the recording always ends on a record boundary.
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                client.close();
                try {
                  finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "databento-record-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      long t0 = System.nanoTime();
      LiveRecorder.Result r;
      try {
        Path outParent = output.toAbsolutePath().getParent();
        if (outParent != null) {
          OwnerOnly.createMissingDirectories(outParent);
        }
        // Created owner-only before the recorder truncates and fills it.
        OwnerOnly.write(output, new byte[0]);
        r = LiveRecorder.record(client, output, limit == null ? 0 : limit);
      } catch (IOException e) {
        err.println("databento record: cannot write " + output + ": " + e.getMessage());
        return EXIT_IO;
      } finally {
        finished.countDown();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it waits for `finished`, released above
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      LiveStats s = r.stats();
      spec.commandLine()
          .getOut()
          .printf(
              "recorded %d records (%d bytes) from %s to %s in %.1f s; sessions %d, reconnects %d,"
                  + " duplicates dropped %d, heartbeats %d, gateway errors %d%n",
              r.records(),
              r.bytes(),
              dataset,
              output,
              secs,
              s.sessions(),
              s.reconnects(),
              s.duplicatesDropped(),
              s.heartbeats(),
              s.gatewayErrors());
      spec.commandLine().getOut().flush();
      if (r.failure() instanceof LiveAuthenticationException e) {
        err.println("databento record: " + e.getMessage());
        return EXIT_AUTH;
      }
      if (r.failure() != null) {
        err.println("databento record: " + r.failure().getMessage());
        return EXIT_UNAVAILABLE;
      }
      return 0;
    }

    private Subscription subscription() {
      Schema s;
      SType t;
      try {
        s = Schema.fromDbnName(schema);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--schema: " + e.getMessage());
      }
      try {
        t = SType.fromDbnName(stypeIn);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--stype-in: " + e.getMessage());
      }
      try {
        return new Subscription(s, t, symbols, start, snapshot);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }
}
