package io.nqflow.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.nqflow.dbn.json.DbnJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds thousands of mutated sample files (bit flips, truncations, inserted bytes, corrupted length
 * fields; raw and compressed) to the decoder. Every outcome must be records or a
 * DbnFormatException, within a bounded time.
 */
class FuzzTest {
  private static final long SEED = 0x5EED_DB11L;
  private static final int MUTATIONS_PER_FILE = 60;

  @Test
  void mutatedSamplesDecodeOrFailWithDbnFormatException() throws IOException {
    Random rnd = new Random(SEED);
    List<String> names = Samples.decodable().toList();
    int cases = 0;
    int failures = 0;
    for (String name : names) {
      byte[] compressed = Files.readAllBytes(Samples.file(name));
      byte[] raw = Samples.decompressed(name);
      for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
        // Mostly mutate the decompressed bytes (reaches the DBN parser); sometimes the zstd bytes.
        byte[] base = name.endsWith(".zst") && i % 4 == 0 ? compressed : raw;
        byte[] mutated = mutate(base, rnd, Samples.isFragment(name) ? 0 : metadataLength(raw));
        boolean fragment = Samples.isFragment(name);
        int version = Samples.version(name);
        String what = name + " mutation " + i;
        Boolean ok =
            assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> decodesOrFailsCleanly(mutated, fragment, version),
                what);
        cases++;
        if (!ok) {
          failures++;
        }
      }
    }
    assertThat(cases).isGreaterThanOrEqualTo(4000);
    // The mutations must actually reach the error paths, not only flip irrelevant bytes.
    assertThat(failures).isGreaterThan(cases / 5);
  }

  /** True if all records decoded (and dumped), false on DbnFormatException; anything else fails. */
  private static boolean decodesOrFailsCleanly(byte[] bytes, boolean fragment, int version) {
    try (DbnDecoder d =
        fragment
            ? DbnDecoder.fragment(new ByteArrayInputStream(bytes), version)
            : DbnDecoder.open(new ByteArrayInputStream(bytes))) {
      StringWriter sink = new StringWriter();
      long n = 0;
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        r.toMessage();
        DbnJson.writeRecord(r, sink);
        n++;
        assertThat(n).isLessThan(1_000_000);
      }
      if (d.metadata() != null) {
        DbnJson.writeMetadata(d.metadata(), sink);
      }
      return true;
    } catch (DbnFormatException e) {
      assertThat(e.getMessage()).contains("byte offset");
      return false;
    } catch (IOException e) {
      throw new AssertionError("not a DbnFormatException: " + e, e);
    }
  }

  private static int metadataLength(byte[] raw) {
    return raw.length >= 8 ? 8 + ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getInt(4) : 0;
  }

  private static byte[] mutate(byte[] src, Random rnd, int firstRecord) {
    byte[] b = src.clone();
    if (b.length == 0) {
      return b;
    }
    switch (rnd.nextInt(7)) {
      case 0 -> { // bit flips
        for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
          int p = rnd.nextInt(b.length);
          b[p] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length)); // truncation
      case 2 -> { // inserted bytes
        int p = rnd.nextInt(b.length);
        byte[] ins = new byte[1 + rnd.nextInt(16)];
        rnd.nextBytes(ins);
        byte[] out = new byte[b.length + ins.length];
        System.arraycopy(b, 0, out, 0, p);
        System.arraycopy(ins, 0, out, p, ins.length);
        System.arraycopy(b, p, out, p + ins.length, b.length - p);
        b = out;
      }
      case 3 -> { // metadata length field
        if (b.length >= 8 && firstRecord > 0) {
          int[] choices = {0, 1, 99, 100, firstRecord - 9, firstRecord + 7, -1, 0x7FFF_FFFF};
          ByteBuffer.wrap(b)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt(4, choices[rnd.nextInt(choices.length)]);
        } else {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
      }
      case 4 -> { // a record's length byte
        int p = recordStart(b, rnd, firstRecord);
        int[] choices = {0, 1, 3, 4, 5, 255, (b[p] & 0xFF) - 2, (b[p] & 0xFF) + 2};
        b[p] = (byte) choices[rnd.nextInt(choices.length)];
      }
      case 5 -> { // a record's rtype byte
        int p = recordStart(b, rnd, firstRecord);
        if (p + 1 < b.length) {
          b[p + 1] = (byte) rnd.nextInt(256);
        }
      }
      default -> { // random overwrite of a metadata count or field
        int p = rnd.nextInt(Math.max(1, Math.min(b.length, firstRecord > 0 ? firstRecord : 64)));
        for (int k = 0; k < 4 && p + k < b.length; k++) {
          b[p + k] = (byte) rnd.nextInt(256);
        }
      }
    }
    return b;
  }

  /** Start of a random record, walking the length bytes of the unmutated stream. */
  private static int recordStart(byte[] b, Random rnd, int first) {
    int p = Math.min(first, b.length - 1);
    List<Integer> starts = new java.util.ArrayList<>();
    while (p < b.length) {
      starts.add(p);
      int len = (b[p] & 0xFF) * 4;
      if (len == 0) {
        break;
      }
      p += len;
    }
    return starts.get(rnd.nextInt(starts.size()));
  }
}
