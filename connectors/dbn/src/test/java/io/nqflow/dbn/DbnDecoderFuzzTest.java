package io.nqflow.dbn;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nqflow.dbn.json.DbnJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of the DBN decoder: any bytes, as a stream with metadata (raw or
 * zstd) or as a fragment of version 1-3, decode to records or end in a {@link DbnFormatException}
 * naming the byte offset; nothing else is thrown, and no input makes the decoder allocate more than
 * {@link #ALLOCATION_BUDGET} bytes. Every record is also read whole ({@code toMessage}) and written
 * as JSON, as {@code nqflow dbn dump} does.
 *
 * <p>Input layout: byte 0 chooses the mode (bits 0-1: 0 = stream with metadata, 1-3 = fragment of
 * that version; bit 2: upgrade to v3; bit 3: fragment records carry ts_out); the rest is the DBN
 * data. Seeds: {@code DbnDecoderFuzzTestInputs/decode} (the sample files with a mode byte). Runs in
 * fuzzing mode in the build (see the {@code nqflow.fuzz*} properties of the parent pom) and for as
 * long as asked in scripts/fuzz.sh.
 */
class DbnDecoderFuzzTest {
  /** Far above what the decoder needs (a 64 KiB buffer and the metadata present). */
  static final long ALLOCATION_BUDGET = 64L << 20;

  /** Records past this many are not read: a valid stream of them says nothing new. */
  private static final int MAX_RECORDS = 100_000;

  @FuzzTest(maxDuration = "12s")
  void decode(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    AllocationBudget.run(
        ALLOCATION_BUDGET + 64L * input.length, "decoding", () -> decodeAll(input));
  }

  private static void decodeAll(byte[] input) {
    int mode = input[0] & 0xFF;
    int fragmentVersion = mode & 3;
    boolean upgrade = (mode & 4) != 0;
    boolean tsOut = (mode & 8) != 0;
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    try (DbnDecoder d =
        fragmentVersion == 0
            ? DbnDecoder.open(new ByteArrayInputStream(data))
            : DbnDecoder.fragment(new ByteArrayInputStream(data), fragmentVersion, tsOut)) {
      d.upgradeToV3(upgrade);
      Writer sink = Writer.nullWriter();
      if (d.metadata() != null) {
        DbnJson.writeMetadata(d.metadata(), sink);
      }
      int n = 0;
      for (DbnRecord r = d.next(); r != null && n < MAX_RECORDS; r = d.next()) {
        r.toMessage();
        DbnJson.writeRecord(r, sink);
        n++;
      }
    } catch (DbnFormatException e) {
      if (e.getMessage() == null || !e.getMessage().contains("byte offset")) {
        throw new AssertionError("a DbnFormatException must name the byte offset: " + e, e);
      }
    } catch (IOException e) {
      throw new AssertionError("not a DbnFormatException: " + e, e);
    }
  }
}
