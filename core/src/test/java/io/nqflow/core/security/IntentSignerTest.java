package io.nqflow.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nqflow.common.v1.DecisionSource;
import io.nqflow.common.v1.OrderSide;
import io.nqflow.orders.v1.OrderIntent;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class IntentSignerTest {
  private static final String KEY = "0123456789abcdef-test-key";
  private final IntentSigner signer = new IntentSigner(KEY, "k1");

  static OrderIntent intent() {
    return OrderIntent.newBuilder()
        .setClientOrderId("A-s1")
        .setSignalId("s1")
        .setVariant("A")
        .setAccount("paper")
        .setInstrumentId(42L)
        .setRawSymbol("NQZ6 C21000")
        .setUnderlying("NQZ6")
        .setSide(OrderSide.BUY)
        .setQuantity(2)
        .setLimitPrice(10_000_000_000L)
        .setStopLossPrice(8_000_000_000L)
        .setProfitTargetPrice(14_000_000_000L)
        .setMultiplierUsd(20.0)
        .setReduceOnly(false)
        .setSignalPrice(9_750_000_000L)
        .setTsSignal(1_000L)
        .setTsDecision(2_000L)
        .setRiskUsd(80.0)
        .setRationale("ok")
        .setSource(DecisionSource.FLOW_SIGNAL)
        .setConfirmingOpportunityId(null)
        .build();
  }

  @Test
  void signedIntentVerifiesAndCarriesKeyId() {
    OrderIntent signed = signer.sign(intent());
    assertEquals("k1", signed.getKeyId());
    assertEquals(64, signed.getSignature().length());
    assertTrue(signer.verify(signed));
    assertNull(intent().getSignature(), "signing must not change its input");
  }

  @Test
  void signatureIsTheHmacOfTheAvroEncodingWithoutSignature() throws Exception {
    OrderIntent signed = signer.sign(intent());
    // independent computation with the JDK's Mac over the documented canonical bytes
    OrderIntent withId = OrderIntent.newBuilder(intent()).setKeyId("k1").build();
    byte[] body = OrderIntent.getEncoder().encode(withId).array();
    // the single-object encoding has a 10-byte header (marker + fingerprint) before the binary body
    byte[] binary = java.util.Arrays.copyOfRange(body, 10, body.length);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    assertEquals(HexFormat.of().formatHex(mac.doFinal(binary)), signed.getSignature());
  }

  @Test
  void unsignedIntentIsRefused() {
    assertFalse(signer.verify(intent()));
    assertFalse(signer.verify(OrderIntent.newBuilder(intent()).setKeyId("k1").build()));
  }

  @Test
  void wrongKeyOrKeyIdIsRefused() {
    OrderIntent signed = signer.sign(intent());
    assertFalse(new IntentSigner("another-key-of-16+chars", "k1").verify(signed));
    assertFalse(new IntentSigner(KEY, "k2").verify(signed));
    assertFalse(
        signer.verify(OrderIntent.newBuilder(signed).setSignature("not hex at all").build()));
    assertFalse(signer.verify(OrderIntent.newBuilder(signed).setSignature("00").build()));
  }

  @Test
  void changingAnyFieldBreaksTheSignature() {
    OrderIntent signed = signer.sign(intent());
    int checked = 0;
    for (Schema.Field f : OrderIntent.getClassSchema().getFields()) {
      if (f.name().equals("signature")) {
        continue;
      }
      OrderIntent tampered = OrderIntent.newBuilder(signed).build();
      Object before = tampered.get(f.pos());
      Object after = changed(before);
      assertNotEquals(before, after, f.name());
      tampered.put(f.pos(), after);
      if (f.name().equals("key_id")) {
        // another id names another key: refused before any MAC; with the MAC alone it still fails
        assertFalse(new IntentSigner(KEY, (String) after).verify(tampered), f.name());
      }
      assertFalse(signer.verify(tampered), "a change of " + f.name() + " must break the signature");
      checked++;
    }
    assertEquals(OrderIntent.getClassSchema().getFields().size() - 1, checked);
  }

  @Test
  void shortKeyIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new IntentSigner("short", "k1"));
    assertThrows(IllegalArgumentException.class, () -> new IntentSigner(KEY, " "));
    assertFalse(signer.toString().contains(KEY));
  }

  private static Object changed(Object v) {
    if (v == null) {
      return "x";
    }
    if (v instanceof CharSequence s) {
      return s + "x";
    }
    if (v instanceof Long l) {
      return l + 1;
    }
    if (v instanceof Integer i) {
      return i + 1;
    }
    if (v instanceof Double d) {
      return d + 0.5;
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    if (v instanceof Enum<?> e) {
      Object[] all = e.getDeclaringClass().getEnumConstants();
      return all[(e.ordinal() + 1) % all.length];
    }
    throw new AssertionError("no change defined for " + v.getClass());
  }
}
