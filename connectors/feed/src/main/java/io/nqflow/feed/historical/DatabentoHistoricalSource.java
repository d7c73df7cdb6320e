package io.nqflow.feed.historical;

import io.nqflow.core.config.QualityConfig;
import io.nqflow.core.ids.Ids;
import io.nqflow.databento.HistoricalClient;
import io.nqflow.databento.RangeRequest;
import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.feed.FeedSink;
import io.nqflow.feed.FeedSource;
import io.nqflow.feed.RunControl;
import io.nqflow.feed.SourceUnavailableException;
import io.nqflow.feed.cost.Budget;
import io.nqflow.feed.replay.ReplayFeed;
import io.nqflow.feed.replay.Speed;
import io.nqflow.ops.v1.CostKind;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databento Historical over a time range as a {@link FeedSource}: one {@code timeseries.get_range}
 * request per schema. Each request is priced first ({@code metadata.get_cost}); when the total
 * would not fit in the data budget the source refuses to run (an audit event, and the feed retries
 * in the next budget period), otherwise every price is charged as a {@code HISTORICAL_PREFLIGHT}
 * cost event and the data is downloaded into the work dir (zstd DBN, written to a temporary file
 * and renamed when complete). The files are then replayed in event-time order, definitions first,
 * like any DBN replay. A downloaded range is never bought twice: a restart finds the file. A
 * bounded source: it ends after the range.
 */
public final class DatabentoHistoricalSource implements FeedSource {
  private static final Logger LOG = LoggerFactory.getLogger(DatabentoHistoricalSource.class);

  private final String name;
  private final HistoricalClient client;
  private final List<RangeRequest> requests;
  private final Path dir;
  private final Speed speed;
  private final QualityConfig quality;
  private final Budget budget;

  /**
   * @param requests one per schema, over the same range
   * @param dir where downloads are kept
   * @param budget charged before each download; null to download without charging (tests)
   */
  public DatabentoHistoricalSource(
      String name,
      HistoricalClient client,
      List<RangeRequest> requests,
      Path dir,
      Speed speed,
      QualityConfig quality,
      Budget budget) {
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("historical source " + name + " needs a request");
    }
    this.name = name;
    this.client = client;
    this.requests = List.copyOf(requests);
    this.dir = dir;
    this.speed = speed;
    this.quality = quality;
    this.budget = budget;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean paid() {
    return true;
  }

  @Override
  public void run(FeedSink sink, RunControl control) throws Exception {
    Files.createDirectories(dir);
    Map<RangeRequest, Path> files = new LinkedHashMap<>();
    Map<RangeRequest, BigDecimal> toBuy = new LinkedHashMap<>();
    BigDecimal total = BigDecimal.ZERO;
    for (RangeRequest r : requests) {
      Path f = fileFor(r);
      files.put(r, f);
      if (!Files.isRegularFile(f)) {
        BigDecimal cost = client.getCost(r);
        toBuy.put(r, cost);
        total = total.add(cost);
      }
    }
    if (!toBuy.isEmpty() && budget != null) {
      String what = "Databento historical " + describe(toBuy.keySet());
      if (!budget.fits(total.doubleValue())) {
        throw new SourceUnavailableException(
            what + " would exceed the data budget", budget.refuse(name, total.doubleValue(), what));
      }
    }
    for (Map.Entry<RangeRequest, BigDecimal> e : toBuy.entrySet()) {
      if (control.stopRequested()) {
        return;
      }
      RangeRequest r = e.getKey();
      if (budget != null) {
        budget.charge(
            name,
            CostKind.HISTORICAL_PREFLIGHT,
            e.getValue().doubleValue(),
            r.dataset(),
            r.schema().dbnName(),
            "get_range " + describe(List.of(r)) + " priced by metadata.get_cost");
      }
      download(r, files.get(r));
    }
    if (!control.stopRequested()) {
      new ReplayFeed(name, sink, speed, quality)
          .run(new ArrayList<>(files.values()), n -> {}, control);
    }
  }

  private void download(RangeRequest r, Path file) throws IOException {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    long t0 = System.nanoTime();
    long n = 0;
    try (DbnDecoder d = client.openRange(r);
        OutputStream out = Files.newOutputStream(part);
        DbnEncoder w = DbnEncoder.zstd(out, d.metadata())) {
      for (DbnRecord rec = d.next(); rec != null; rec = d.next()) {
        w.write(rec);
        n++;
      }
    }
    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    LOG.info(
        "{}: downloaded {} records of {} into {} in {} ms",
        name,
        n,
        describe(List.of(r)),
        file,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** The download of a request: named by its parameters, so a different range is another file. */
  Path fileFor(RangeRequest r) {
    String id =
        Ids.of(
            "range",
            r.dataset(),
            r.schema().dbnName(),
            r.stypeIn().dbnName(),
            String.join(",", r.symbols()),
            r.start(),
            r.end(),
            r.limit());
    return dir.resolve(r.schema().dbnName() + "." + id + ".dbn.zst");
  }

  private static String describe(Iterable<RangeRequest> rs) {
    List<String> schemas = new ArrayList<>();
    RangeRequest first = null;
    for (RangeRequest r : rs) {
      schemas.add(r.schema().dbnName());
      first = first == null ? r : first;
    }
    return String.format(
        Locale.ROOT,
        "%s %s %s %s [%d..%s)",
        first.dataset(),
        String.join("+", schemas),
        first.stypeIn().dbnName(),
        first.symbols(),
        first.start(),
        first.end() == null ? "" : first.end());
  }
}
