package io.nqflow.dbn;

import com.github.luben.zstd.Zstd;
import io.nqflow.dbn.record.MboMsg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * MBO records per second for in-memory decoding: the sample MBO records repeated into a 1M-record
 * DBN v3 stream. Not a test; run with {@code main} (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MboDecodeBenchmark {
  static final int RECORDS = 1_000_000;

  byte[] raw;
  byte[] zstd;

  @Setup
  public void setUp() throws IOException {
    List<DbnRecord> sample = Samples.records("test_data.mbo.v3.dbn");
    Metadata md;
    try (DbnDecoder d = DbnDecoder.open(Samples.file("test_data.mbo.v3.dbn"))) {
      md = d.metadata();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(RECORDS * 56 + 4096);
    try (DbnEncoder e = new DbnEncoder(out, md)) {
      for (int i = 0; i < RECORDS; i++) {
        e.write(sample.get(i % sample.size()));
      }
    }
    raw = out.toByteArray();
    zstd = Zstd.compress(raw, 3);
  }

  /** Flyweight decode reading every MBO field. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void decodeFlyweight(Blackhole bh) throws IOException {
    drain(DbnDecoder.open(new ByteArrayInputStream(raw)), bh);
  }

  /** The same from a zstd-compressed copy (decompression included). */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void decodeFlyweightZstd(Blackhole bh) throws IOException {
    drain(DbnDecoder.open(new ByteArrayInputStream(zstd)), bh);
  }

  /** Decode and materialize each record as an immutable {@link MboMsg}. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void decodeAndMaterialize(Blackhole bh) throws IOException {
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(raw))) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        bh.consume(r.toMessage());
      }
    }
  }

  private static void drain(DbnDecoder d, Blackhole bh) throws IOException {
    try (d) {
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        MboView m = r.mbo();
        bh.consume(r.instrumentId());
        bh.consume(r.tsEvent());
        bh.consume(m.orderId());
        bh.consume(m.price());
        bh.consume(m.size());
        bh.consume(m.flags());
        bh.consume(m.action());
        bh.consume(m.side());
        bh.consume(m.tsRecv());
        bh.consume(m.sequence());
      }
    }
  }

  /** Runs this benchmark; JMH arguments may be passed, the default is a brief run. */
  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(
        args.length > 0
            ? args
            : new String[] {
              MboDecodeBenchmark.class.getSimpleName(), "-wi", "2", "-i", "3", "-f", "1"
            });
  }
}
