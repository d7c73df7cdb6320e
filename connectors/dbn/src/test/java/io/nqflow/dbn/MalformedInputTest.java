package io.nqflow.dbn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each kind of malformed input ends in one DbnFormatException naming the offset and the fault. */
class MalformedInputTest {

  /** Metadata of test_data.mbo.v3.dbn is 360 bytes; its first record starts there. */
  private static final int FIRST_RECORD = 360;

  private static byte[] mboV3() throws IOException {
    return Samples.decompressed("test_data.mbo.v3.dbn");
  }

  private static List<byte[]> decodeAll(byte[] bytes) throws IOException {
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(bytes))) {
      List<byte[]> out = new java.util.ArrayList<>();
      for (DbnRecord r = d.next(); r != null; r = d.next()) {
        out.add(r.copyBytes());
      }
      return out;
    }
  }

  private static AbstractThrowableAssert<?, ?> failsAt(byte[] bytes, long offset) {
    return assertThatThrownBy(() -> decodeAll(bytes))
        .isInstanceOf(DbnFormatException.class)
        .satisfies(e -> assertThat(((DbnFormatException) e).offset()).isEqualTo(offset));
  }

  @Test
  void emptyInputIsATruncatedHeader() {
    failsAt(new byte[0], 0).hasMessageContaining("truncated metadata");
  }

  @Test
  void truncatedMetadataNamesWhereTheStreamEnded() throws IOException {
    failsAt(Arrays.copyOf(mboV3(), 200), 200).hasMessageContaining("truncated metadata");
  }

  @Test
  void badMagicIsReported() throws IOException {
    byte[] b = mboV3();
    b[0] = 'X';
    failsAt(b, 0).hasMessageContaining("bad magic");
  }

  @Test
  void unknownVersionIsReported() throws IOException {
    byte[] b = mboV3();
    b[3] = 9;
    failsAt(b, 3).hasMessageContaining("unsupported DBN version 9");
  }

  @Test
  void absurdMetadataLengthIsRefusedWithoutAllocatingIt() throws IOException {
    byte[] b = mboV3();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0x7FFF_FFFF);
    failsAt(b, 4).hasMessageContaining("exceeds");
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 200_000_000);
    failsAt(b, 8 + b.length - 8).hasMessageContaining("truncated metadata");
  }

  @Test
  void symbolCountLargerThanTheMetadataIsRefused() throws IOException {
    byte[] b = mboV3();
    // symbols count sits right after the 100-byte fixed part and the schema_definition_length
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8 + 104, 1_000_000);
    failsAt(b, 8 + 104).hasMessageContaining("symbols count 1000000");
  }

  @Test
  void zeroRecordLengthIsReported() throws IOException {
    byte[] b = mboV3();
    b[FIRST_RECORD] = 0;
    failsAt(b, FIRST_RECORD).hasMessageContaining("record length is 0");
  }

  @Test
  void recordShorterThanItsHeaderIsReported() throws IOException {
    byte[] b = mboV3();
    b[FIRST_RECORD] = 2;
    failsAt(b, FIRST_RECORD).hasMessageContaining("shorter than the 16-byte record header");
  }

  @Test
  void recordShorterThanItsLayoutIsReported() throws IOException {
    byte[] b = mboV3();
    b[FIRST_RECORD] = 8; // 32 bytes, an MBO needs 56
    failsAt(b, FIRST_RECORD)
        .hasMessageContaining("mbo record is 32 bytes")
        .hasMessageContaining("56");
  }

  @Test
  void truncatedRecordIsReported() throws IOException {
    byte[] b = Arrays.copyOf(mboV3(), FIRST_RECORD + 56 + 20);
    failsAt(b, FIRST_RECORD + 56).hasMessageContaining("truncated record");
  }

  @Test
  void unknownRecordTypesAreSkippedByTheirLength() throws IOException {
    byte[] b = mboV3();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(b, 0, FIRST_RECORD);
    byte[] unknown = new byte[24];
    unknown[0] = 6;
    unknown[1] = (byte) 0x7E;
    out.write(unknown);
    out.write(b, FIRST_RECORD, b.length - FIRST_RECORD);
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(out.toByteArray()))) {
      int n = 0;
      while (d.next() != null) {
        n++;
      }
      assertThat(n).isEqualTo(decodeAll(b).size());
      assertThat(d.skippedCount()).isEqualTo(1);
    }
  }

  @Test
  void corruptZstdIsReported() throws IOException {
    byte[] z = java.nio.file.Files.readAllBytes(Samples.file("test_data.mbo.v3.dbn.zst"));
    for (int i = 12; i < z.length - 4; i++) {
      z[i] ^= (byte) 0x5A;
    }
    assertThatThrownBy(() -> decodeAll(z))
        .isInstanceOf(DbnFormatException.class)
        .hasMessageContaining("malformed DBN at byte offset");
  }

  @Test
  void truncatedZstdFrameIsReported() throws IOException {
    byte[] z = java.nio.file.Files.readAllBytes(Samples.file("test_data.mbo.v3.dbn.zst"));
    assertThatThrownBy(() -> decodeAll(Arrays.copyOf(z, z.length - 10)))
        .isInstanceOf(DbnFormatException.class)
        .hasMessageContaining("zstd");
  }

  @Test
  void tsOutSuffixIsReadAndWritten() throws IOException {
    Metadata md = Metadata.builder().dataset("GLBX.MDP3").schema(Schema.MBO).tsOut(true).build();
    var msg =
        new io.nqflow.dbn.record.MboMsg(
            io.nqflow.dbn.record.RecordHeader.of(RType.MBO, 1, 5482, 10L),
            7L,
            3722750000000L,
            2,
            Flags.F_LAST,
            0,
            'A',
            'B',
            11L,
            5,
            99);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DbnEncoder e = new DbnEncoder(out, md)) {
      e.write(msg, 12345L);
    }
    try (DbnDecoder d = DbnDecoder.open(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(d.metadata().tsOut()).isTrue();
      DbnRecord r = d.next();
      assertThat(r.length()).isEqualTo(64);
      assertThat(r.tsOut()).isEqualTo(12345L);
      assertThat(r.toMessage())
          .isEqualTo(
              new io.nqflow.dbn.record.MboMsg(
                  new io.nqflow.dbn.record.RecordHeader(16, RType.MBO, 1, 5482, 10L),
                  7L,
                  3722750000000L,
                  2,
                  Flags.F_LAST,
                  0,
                  'A',
                  'B',
                  11L,
                  5,
                  99));
      assertThat(d.next()).isNull();
    }
  }
}
