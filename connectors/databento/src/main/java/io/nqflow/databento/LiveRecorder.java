package io.nqflow.databento;

import io.nqflow.dbn.DbnEncoder;
import io.nqflow.dbn.DbnRecord;
import io.nqflow.dbn.Metadata;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Records a live session into a DBN v3 file: the metadata of the first session, then every record
 * the client delivers (exactly once across reconnects), until a record limit, {@link
 * LiveClient#close()} (e.g. from a Ctrl-C hook) or a failure. The file is always closed cleanly, so
 * what was recorded decodes.
 */
public final class LiveRecorder {
  /**
   * How a recording ended.
   *
   * @param records records written
   * @param bytes bytes of the file
   * @param limitReached whether it stopped because of the record limit
   * @param stats the client's counters at the end
   * @param failure why the client failed, or null if it was closed or reached the limit
   */
  public record Result(
      long records, long bytes, boolean limitReached, LiveStats stats, Throwable failure) {}

  private LiveRecorder() {}

  /**
   * Starts {@code client} and records until it stops; blocks the calling thread.
   *
   * @param limit stop after this many records; 0 for no limit
   * @throws IOException if the file cannot be written (the client is closed first)
   */
  public static Result record(LiveClient client, Path output, long limit)
      throws IOException, InterruptedException {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, not " + limit);
    }
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 16);
    Writer w = new Writer(client, out, limit);
    try {
      client.start(w);
      while (!client.awaitTermination(Duration.ofSeconds(1))) {
        // wait until closed (limit, Ctrl-C) or failed
      }
    } finally {
      client.close();
      if (w.encoder != null) {
        w.encoder.close();
      } else {
        out.close();
      }
    }
    if (w.writeFailure != null) {
      throw w.writeFailure;
    }
    return new Result(
        w.records, Files.size(output), w.limitReached, client.stats(), client.failure());
  }

  /** Runs on the client thread; the encoder is touched only there until the client stops. */
  private static final class Writer implements RecordHandler {
    private final LiveClient client;
    private final OutputStream out;
    private final long limit;
    DbnEncoder encoder;
    long records;
    boolean limitReached;
    IOException writeFailure;

    Writer(LiveClient client, OutputStream out, long limit) {
      this.client = client;
      this.out = out;
      this.limit = limit;
    }

    @Override
    public void onMetadata(Metadata metadata, boolean resumed) throws IOException {
      if (encoder == null) {
        encoder = new DbnEncoder(out, metadata);
      }
    }

    @Override
    public void onRecord(DbnRecord record) throws IOException {
      try {
        encoder.write(record);
      } catch (IOException e) {
        writeFailure = e;
        throw e;
      }
      records++;
      if (limit > 0 && records >= limit) {
        limitReached = true;
        client.close();
      }
    }
  }
}
