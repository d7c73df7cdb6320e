package io.nqflow.runner.analyze;

import io.nqflow.chain.ChainAnalyticsSettings;
import io.nqflow.chain.ChainAnalyticsSettings.ChainModelKind;
import io.nqflow.chain.model.ChainModel;
import io.nqflow.chain.model.ChainModels;
import io.nqflow.chain.model.ChainSnapshot;
import io.nqflow.chain.model.ExpiryChain;
import io.nqflow.chain.model.ModelResult;
import io.nqflow.chain.model.StrikeRow;
import io.nqflow.chain.state.ChainSnapshotJson;
import io.nqflow.chain.state.ChainState;
import io.nqflow.chain.state.ContractState;
import io.nqflow.core.config.ConfigSection;
import io.nqflow.core.config.NqflowConfig;
import io.nqflow.jobs.common.ProfileOptions;
import io.nqflow.market.CmeCalendar;
import io.nqflow.runner.Sections;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nqflow analyze}: one expiry of an option chain through a chain model — who has more skin
 * in the game (verdict, battle zones), dealer positioning (walls, zero gamma, max pain) and the
 * ranked setups. The chain comes from DBN files (rebuilt from definitions, statistics, trades and
 * market-by-order records up to {@code --at}) or from a chain snapshot file.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Analyzes one expiry of an NQ option chain: verdict (call risk Rc vs put risk Rp), battle"
          + " zones, walls, zero gamma, max pain and the setups ranked by expected value.",
      "The chain comes from DBN files (--input, as 'nqflow simulate' writes them) read up to"
          + " --at, or from a chain snapshot JSON file (--chain). Format: docs/algorithms.md.",
      "Exit code 0, 2 on a usage or input error."
    })
public final class AnalyzeCommand implements Callable<Integer> {
  /** Exit code of a usage or input error. */
  public static final int EXIT_INPUT = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--input",
      paramLabel = "DIR",
      description = "Folder (or file) of DBN files; day folders are read in order.")
  Path input;

  @Option(names = "--chain", paramLabel = "FILE", description = "Chain snapshot JSON file.")
  Path chain;

  @Option(
      names = "--at",
      paramLabel = "HH:MM",
      description =
          "With --input: stop reading at this America/Chicago time of the input's last trading"
              + " day (default: the end of the data).")
  LocalTime at;

  @Option(
      names = "--future",
      paramLabel = "SYMBOL",
      description =
          "With --input: the underlying future whose options to analyze (default: the one whose"
              + " live options have the most open interest).")
  String future;

  @Option(
      names = "--underlying",
      paramLabel = "PRICE",
      description = "Underlying price in index points (overrides the future's or the file's).")
  Double underlyingPrice;

  @Option(
      names = "--model",
      paramLabel = "original|black76",
      description = "Model ranking the setups (default: the profile's chain.model).")
  String model;

  @Option(
      names = "--expiry",
      paramLabel = "YYYY-MM-DD",
      description = "Expiry to analyze (default: the nearest with open interest at as-of).")
  LocalDate expiry;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description = "With --chain: the snapshot's moment (ISO, e.g. 2026-03-13T19:00:00Z).")
  String asOf;

  @Option(names = "--json", paramLabel = "OUT", description = "Also write the analysis as JSON.")
  Path json;

  @Option(
      names = "--dump-chain",
      paramLabel = "FILE",
      description = "Write the chain snapshot analyzed (snapshot JSON format).")
  Path dumpChain;

  @Option(
      names = "--top",
      paramLabel = "N",
      description = "Setups shown and written (default: the profile's chain.top).")
  Integer top;

  @Mixin ProfileOptions profile = new ProfileOptions();

  /** Where the models and the defaults come from: the profile's section; tests replace it. */
  Function<ProfileOptions, Models> models = AnalyzeCommand::fromProfile;

  /** What the command takes from the profile's {@code chain:} section. */
  interface Models {
    /** The model the profile selects. */
    ChainModelKind defaultModel();

    /** Setups shown when {@code --top} is not given. */
    int defaultTop();

    /** A model configured by the section. */
    ChainModel create(ChainModelKind kind);
  }

  /** The models of the profile's {@code chain:} section (the CLI's sections plus this one). */
  static Models fromProfile(ProfileOptions profile) {
    List<ConfigSection<?>> sections = new ArrayList<>(Sections.ALL);
    if (!sections.contains(ChainAnalyticsSettings.SECTION)) {
      sections.add(ChainAnalyticsSettings.SECTION);
    }
    NqflowConfig cfg = profile.load(sections);
    ChainAnalyticsSettings settings = cfg.section(ChainAnalyticsSettings.SECTION);
    return new Models() {
      @Override
      public ChainModelKind defaultModel() {
        return settings.model();
      }

      @Override
      public int defaultTop() {
        return settings.top();
      }

      @Override
      public ChainModel create(ChainModelKind kind) {
        return ChainModels.create(settings.withModel(kind));
      }
    };
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(out, err);
    } catch (InputException | IllegalArgumentException e) {
      err.println("analyze: " + e.getMessage());
      err.flush();
      return EXIT_INPUT;
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws Exception {
    checkOptions();
    Models chainModels = models.apply(profile);
    ChainModelKind kind = model != null ? modelKind(model) : chainModels.defaultModel();
    int shown = top != null ? top : chainModels.defaultTop();

    ChainSnapshot snapshot;
    String priceSource;
    boolean badInput = false;
    if (input != null) {
      long t0 = System.nanoTime();
      DbnChainReader.Result r = DbnChainReader.read(input, at);
      for (String p : r.firstProblems()) {
        err.println("analyze: bad input: " + p);
      }
      if (r.problems() > r.firstProblems().size()) {
        err.println("analyze: bad input: ... and " + (r.problems() - r.firstProblems().size()));
      }
      badInput = r.problems() > 0;
      if (r.records() == 0) {
        throw new InputException("no market data in the DBN files under " + input);
      }
      long asOfNs = at != null ? r.cutoffNs() : r.lastTsNs();
      String u = future != null ? future : defaultUnderlying(r.state(), asOfNs);
      snapshot = r.state().snapshot(u, asOfNs);
      priceSource = "from the future " + u;
      err.printf(
          Locale.ROOT,
          "analyze: read %,d records in %.1f s; %s as of %s%n",
          r.records(),
          (System.nanoTime() - t0) / 1e9,
          u,
          ChainSnapshotJson.instantText(asOfNs));
    } else {
      snapshot = ChainSnapshotJson.read(chain);
      priceSource = "from " + chain.getFileName();
      if (asOf != null) {
        long ns = ChainSnapshotJson.instant(asOf, "--as-of");
        snapshot =
            new ChainSnapshot(
                snapshot.underlying(),
                snapshot.underlyingPrice(),
                snapshot.multiplier(),
                ns,
                snapshot.contracts());
      }
    }
    if (underlyingPrice != null) {
      if (!(underlyingPrice > 0)) {
        throw new InputException("--underlying must be > 0, got " + underlyingPrice);
      }
      snapshot =
          new ChainSnapshot(
              snapshot.underlying(),
              underlyingPrice,
              snapshot.multiplier(),
              snapshot.asOfNs(),
              snapshot.contracts());
      priceSource = "given";
    } else if (snapshot.underlyingPrice() == null) {
      priceSource = "unknown";
    }
    if (dumpChain != null) {
      ChainSnapshotJson.write(snapshot, dumpChain);
    }
    long asOfNs = snapshot.asOfNs();
    boolean asOfKnown = asOfNs != ChainSnapshotJson.UNKNOWN_AS_OF;
    if (!asOfKnown && kind == ChainModelKind.BLACK76) {
      throw new InputException(
          "the black76 model needs the snapshot's moment: the chain has no as_of; give --as-of");
    }
    ExpiryChain expiryChain = pickExpiry(snapshot, asOfKnown);
    ChainModel m = chainModels.create(kind);
    double price = snapshot.underlyingPrice() == null ? Double.NaN : snapshot.underlyingPrice();
    ModelResult result;
    try {
      result = m.analyze(expiryChain, price, asOfNs);
    } catch (IllegalArgumentException e) {
      // Not an input error of this command: the model failed on a chain it was given.
      throw new IllegalStateException("model " + m.name() + " failed: " + e.getMessage(), e);
    }

    AnalysisText.print(out, result, asOfNs, shown, priceSource);
    if (json != null) {
      AnalysisJson.write(AnalysisJson.document(result, asOfNs, shown), json);
      err.println("analyze: wrote " + json);
    }
    err.flush();
    return badInput ? EXIT_INPUT : 0;
  }

  private void checkOptions() {
    if (input != null && chain != null) {
      throw new InputException("--input and --chain are mutually exclusive");
    }
    if (input == null && chain == null) {
      throw new InputException("give --input DIR (DBN files) or --chain FILE (snapshot JSON)");
    }
    if (chain != null && (at != null || future != null)) {
      throw new InputException("--at and --future go with --input, not --chain");
    }
    if (input != null && asOf != null) {
      throw new InputException("--as-of goes with --chain; with --input use --at");
    }
    if (top != null && top < 1) {
      throw new InputException("--top must be at least 1, got " + top);
    }
  }

  static ChainModelKind modelKind(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "original" -> ChainModelKind.ORIGINAL;
      case "black76" -> ChainModelKind.BLACK76;
      default -> throw new InputException("--model must be original or black76, got " + name);
    };
  }

  /** The future whose unexpired options hold the most open interest. */
  static String defaultUnderlying(ChainState state, long asOfNs) {
    String best = null;
    long bestOi = -1;
    for (String u : state.underlyings()) {
      long oi = 0;
      for (ContractState s : state.options(u).values()) {
        if (s.expirationNs == 0 || s.expirationNs > asOfNs) {
          oi += s.openInterest;
        }
      }
      if (oi > bestOi) {
        best = u;
        bestOi = oi;
      }
    }
    if (best == null) {
      throw new InputException("no options in the input's instrument definitions");
    }
    return best;
  }

  private ExpiryChain pickExpiry(ChainSnapshot snapshot, boolean asOfKnown) {
    List<ExpiryChain> expiries = snapshot.expiries();
    if (expiries.isEmpty()) {
      throw new InputException("no options of underlying " + snapshot.underlying());
    }
    if (expiry != null) {
      List<String> seen = new ArrayList<>();
      for (ExpiryChain e : expiries) {
        LocalDate d = chicagoDate(e.expirationNs());
        if (d.equals(expiry)) {
          return e;
        }
        seen.add(d.toString());
      }
      throw new InputException(
          "no expiry " + expiry + " among the options of " + snapshot.underlying() + " " + seen);
    }
    for (ExpiryChain e : expiries) {
      if (asOfKnown && e.expirationNs() <= snapshot.asOfNs()) {
        continue;
      }
      long oi = 0;
      for (StrikeRow row : e.strikes()) {
        oi += row.callOi() + row.putOi();
      }
      if (oi > 0) {
        return e;
      }
    }
    throw new InputException(
        "no expiry of "
            + snapshot.underlying()
            + " has open interest"
            + (asOfKnown ? " after " + ChainSnapshotJson.instantText(snapshot.asOfNs()) : ""));
  }

  private static LocalDate chicagoDate(long ns) {
    return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L))
        .atZone(CmeCalendar.CHICAGO)
        .toLocalDate();
  }

  /** A usage or input problem: its message is printed and the exit code is 2. */
  static final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
      super(message);
    }
  }
}
