package io.nqflow.feed;

import io.nqflow.dbn.DbnDecoder;
import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;
import io.nqflow.feed.normalize.DbnNormalizer;
import io.nqflow.feed.normalize.NormalizationException;
import io.nqflow.md.v1.MarketEvent;
import io.nqflow.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * MBO records per second for decode + conversion to the Avro {@code MarketEvent}, and for decode +
 * conversion + the Avro single-object encoding the feed puts on md.events: the sample MBO records
 * repeated into a 1M-record DBN v3 stream. Not a test; run with {@code main} (docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NormalizeBenchmark {
  static final int RECORDS = 1_000_000;

  byte[] raw;
  final DbnNormalizer normalizer = new DbnNormalizer("bench");

  @Setup
  public void setUp() throws IOException {
    Path sample = Path.of("src/test/resources/dbn/test_data.mbo.v3.dbn");
    List<DbnRecord> records = new ArrayList<>();
    Metadata md;
    try (DbnDecoder d = DbnDecoder.open(sample)) {
      md = d.metadata();
      DbnRecord r;
      while ((r = d.next()) != null) {
        records.add(r.copy());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(RECORDS * 56 + 4096);
    try (DbnEncoder e = new DbnEncoder(out, md)) {
      for (int i = 0; i < RECORDS; i++) {
        e.write(records.get(i % records.size()));
      }
    }
    raw = out.toByteArray();
  }

  /** Decode and build the Avro MarketEvent (what the feed hands to the producer). */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void decodeAndNormalize(Blackhole bh) throws IOException, NormalizationException {
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(raw))) {
      DbnRecord r;
      while ((r = d.next()) != null) {
        bh.consume(normalizer.event(r));
      }
    }
  }

  /** The same plus the Avro single-object encoding of each event (the md.events wire bytes). */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void decodeNormalizeEncode(Blackhole bh) throws IOException, NormalizationException {
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(raw))) {
      DbnRecord r;
      while ((r = d.next()) != null) {
        MarketEvent e = normalizer.event(r);
        bh.consume(Topics.MARKET_EVENTS.serializeValue(e));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args);
  }
}
