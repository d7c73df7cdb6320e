package io.nqflow.core.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nqflow.ops.v1.ControlAction;
import io.nqflow.ops.v1.ControlCommand;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Signing and verifying ControlCommands with the generic {@link RecordSigner}. */
class ControlSigningTest {
  private static final String KEY = randomKey();
  private final RecordSigner<ControlCommand> signer =
      new RecordSigner<>(ControlCommand.class, KEY, "ops-1");

  static String randomKey() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static ControlCommand command() {
    return ControlCommand.newBuilder()
        .setCommandId("ctl-1")
        .setScope("global")
        .setCommand(ControlAction.RESUME)
        .setOperator("alice")
        .setReason("loss reviewed")
        .setTs(1_700_000_000_123_456_789L)
        .build();
  }

  @Test
  void signedCommandVerifiesAndCarriesKeyIdAndRawMacBytes() {
    ControlCommand signed = signer.sign(command());
    assertEquals("ops-1", signed.getKeyId());
    assertEquals(32, signed.getSignature().remaining());
    assertTrue(signer.verify(signed));
    assertNull(command().getSignature(), "signing must not change its input");
    assertTrue(signer.verify(roundTrip(signed)), "a signature survives the topic's encoding");
  }

  @Test
  void signatureIsTheHmacOfTheHandWrittenAvroEncodingWithoutSignature() throws Exception {
    ControlCommand signed = signer.sign(command());
    // The Avro binary encoding written by hand: strings are zig-zag length + UTF-8, the enum its
    // zig-zag index, the long zig-zag varint, a union its zig-zag branch index (key_id: branch 1,
    // string; signature: branch 0, null).
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    string(b, "ctl-1");
    string(b, "global");
    varint(b, ControlAction.RESUME.ordinal());
    string(b, "alice");
    string(b, "loss reviewed");
    varint(b, 1_700_000_000_123_456_789L);
    varint(b, 1);
    string(b, "ops-1");
    varint(b, 0);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal(b.toByteArray());
    assertArrayEquals(b.toByteArray(), RecordSigner.canonicalBytes(signed));
    assertArrayEquals(expected, bytes(signed.getSignature()));
  }

  @Test
  void unsignedWrongKeyAndWrongIdAreRefused() {
    ControlCommand signed = signer.sign(command());
    assertFalse(signer.verify(command()));
    assertFalse(signer.verify(ControlCommand.newBuilder(command()).setKeyId("ops-1").build()));
    assertFalse(new RecordSigner<>(ControlCommand.class, randomKey(), "ops-1").verify(signed));
    assertFalse(new RecordSigner<>(ControlCommand.class, KEY, "ops-2").verify(signed));
    ByteBuffer shortSig = ByteBuffer.wrap(new byte[] {1, 2, 3});
    assertFalse(signer.verify(ControlCommand.newBuilder(signed).setSignature(shortSig).build()));
  }

  @Test
  void changingAnyFieldBreaksTheSignature() {
    ControlCommand signed = signer.sign(command());
    int checked = 0;
    for (Schema.Field f : ControlCommand.getClassSchema().getFields()) {
      ControlCommand tampered = ControlCommand.newBuilder(signed).build();
      Object before = tampered.get(f.pos());
      Object after = changed(before);
      assertNotEquals(before, after, f.name());
      tampered.put(f.pos(), after);
      assertFalse(signer.verify(tampered), "a change of " + f.name() + " must break the signature");
      checked++;
    }
    assertEquals(ControlCommand.getClassSchema().getFields().size(), checked);
  }

  @Test
  void keyNeverPrints() {
    assertFalse(signer.toString().contains(KEY));
  }

  private static ControlCommand roundTrip(ControlCommand c) {
    try {
      return ControlCommand.fromByteBuffer(c.toByteBuffer());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  private static void string(ByteArrayOutputStream b, String s) {
    byte[] u = s.getBytes(StandardCharsets.UTF_8);
    varint(b, u.length);
    b.writeBytes(u);
  }

  private static void varint(ByteArrayOutputStream b, long v) {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      b.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    b.write((int) z);
  }

  private static Object changed(Object v) {
    if (v instanceof ByteBuffer bb) {
      byte[] a = bytes(bb);
      a[a.length - 1] ^= 1;
      return ByteBuffer.wrap(a);
    }
    if (v instanceof CharSequence s) {
      return s + "x";
    }
    if (v instanceof Long l) {
      return l + 1;
    }
    if (v instanceof Enum<?> e) {
      Object[] all = e.getDeclaringClass().getEnumConstants();
      return all[(e.ordinal() + 1) % all.length];
    }
    throw new AssertionError("no change defined for " + v + " " + Arrays.toString(new Object[0]));
  }
}
