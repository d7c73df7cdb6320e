package io.nqflow.runner.dbn;

import io.nqflow.core.files.OwnerOnly;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnFormatException;
import io.nqflow.dbn.Metadata;
import io.nqflow.dbn.json.DbnJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nqflow dbn}: decodes DBN files (v1-v3, raw or zstd, or fragments) to JSON lines. */
@Command(
    name = "dbn",
    mixinStandardHelpOptions = true,
    description = {
      "Decode Databento DBN files (versions 1-3, raw or zstd-compressed) to JSON lines.",
      "Field names are Databento's, the record header is under \"hd\", integers are JSON"
          + " numbers and prices are raw fixed-point integers (1 unit = 1e-9). See docs/dbn.md."
    },
    subcommands = {DbnCommand.Dump.class, DbnCommand.MetadataCommand.class})
public final class DbnCommand implements Runnable {
  /** Exit code for malformed input (sysexits EX_DATAERR). */
  static final int EXIT_BAD_DATA = 65;

  /** Exit code for I/O failures (sysexits EX_IOERR). */
  static final int EXIT_IO = 74;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: dump or metadata");
  }

  /** Options shared by both subcommands. */
  abstract static class Common {
    @Spec CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "DBN file: .dbn, .dbn.zst, or with --fragment-version a .frag/.frag.zst.")
    Path file;

    @Option(
        names = "--fragment-version",
        paramLabel = "N",
        description =
            "Read FILE as a fragment: records of DBN version N (1, 2 or 3) without a metadata"
                + " header.")
    Integer fragmentVersion;

    @Option(
        names = "--upgrade",
        description = "Upgrade version 1 and 2 records and metadata to the version 3 layout.")
    boolean upgrade;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write to FILE instead of standard output.")
    Path output;

    DbnDecoder open() throws IOException {
      if (fragmentVersion != null && (fragmentVersion < 1 || fragmentVersion > 3)) {
        throw new ParameterException(
            spec.commandLine(), "--fragment-version must be 1, 2 or 3, not " + fragmentVersion);
      }
      InputStream in = Files.newInputStream(file);
      try {
        DbnDecoder d =
            fragmentVersion == null
                ? DbnDecoder.open(new java.io.BufferedInputStream(in, 1 << 16))
                : DbnDecoder.fragment(
                    new java.io.BufferedInputStream(in, 1 << 16), fragmentVersion);
        return d.upgradeToV3(upgrade);
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }

    Writer writer() throws IOException {
      if (output == null) {
        return spec.commandLine().getOut();
      }
      return new BufferedWriter(
          new java.io.OutputStreamWriter(OwnerOnly.newOutputStream(output), StandardCharsets.UTF_8),
          1 << 16);
    }

    /** Runs {@code body}, turning bad input into one clear line on stderr and an exit code. */
    int guarded(Body body) {
      try (DbnDecoder d = open()) {
        Writer out = writer();
        try {
          body.run(d, out);
        } finally {
          if (output == null) {
            out.flush();
          } else {
            out.close();
          }
        }
        return 0;
      } catch (DbnFormatException e) {
        spec.commandLine().getErr().println("error: " + file + ": " + e.getMessage());
        return EXIT_BAD_DATA;
      } catch (IOException e) {
        spec.commandLine().getErr().println("error: " + file + ": " + e);
        return EXIT_IO;
      }
    }

    interface Body {
      void run(DbnDecoder decoder, Writer out) throws IOException;
    }
  }

  /** {@code nqflow dbn dump FILE}. */
  @Command(
      name = "dump",
      mixinStandardHelpOptions = true,
      description = {
        "Write every record of FILE as one JSON object per line, as stored in the file"
            + " (no version upgrade unless --upgrade).",
        "Exit codes: 0 ok, 65 malformed DBN (the message names the byte offset), 74 I/O error."
      })
  static final class Dump extends Common implements Callable<Integer> {
    @Override
    public Integer call() {
      return guarded((d, out) -> DbnJson.dump(d, out));
    }
  }

  /** {@code nqflow dbn metadata FILE}. */
  @Command(
      name = "metadata",
      mixinStandardHelpOptions = true,
      description = {
        "Write the metadata header of FILE as one JSON object.",
        "Exit codes: 0 ok, 2 usage error (e.g. a fragment has no metadata), 65 malformed DBN,"
            + " 74 I/O error."
      })
  static final class MetadataCommand extends Common implements Callable<Integer> {
    @Override
    public Integer call() {
      if (fragmentVersion != null) {
        throw new ParameterException(
            spec.commandLine(), "a fragment has no metadata header; drop --fragment-version");
      }
      return guarded(
          (d, out) -> {
            Metadata md = d.metadata();
            DbnJson.writeMetadata(md, out);
          });
    }
  }
}
