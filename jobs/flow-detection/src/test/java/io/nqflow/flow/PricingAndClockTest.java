package io.nqflow.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nqflow.market.Black76;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PricingAndClockTest {
  private static final Black76 BLACK76 = OptionDelta.BLACK76;

  @Test
  void impliedVolatilityRecoversTheVolatilityThatPricedTheOption() {
    double years = 30 / 365.0;
    double call = BLACK76.price(true, 21_050, 21_000, years, 0.22);
    double put = BLACK76.price(false, 21_050, 21_000, years, 0.22);
    assertThat(BLACK76.impliedVol(true, 21_050, 21_000, years, call)).isCloseTo(0.22, within(1e-4));
    assertThat(BLACK76.impliedVol(false, 21_050, 21_000, years, put)).isCloseTo(0.22, within(1e-4));
    // put-call parity with zero rates: C - P = F - K
    assertThat(call - put).isCloseTo(50, within(1e-3));
    double dc = BLACK76.delta(true, 21_050, 21_000, years, 0.22);
    double dp = BLACK76.delta(false, 21_050, 21_000, years, 0.22);
    assertThat(dc - dp).isCloseTo(1.0, within(1e-12));
    assertThat(dc).isBetween(0.5, 0.6);
    assertThat(BLACK76.impliedVol(true, 21_050, 21_000, years, 10)).isNaN(); // below intrinsic
  }

  @Test
  void sessionsOpenAt17ChicagoAndBucketsCountFromTheOpen() {
    SessionClock c =
        new SessionClock(
            ZoneId.of("America/Chicago"), LocalTime.of(17, 0), 30 * 60 * 1_000_000_000L);
    long mondayOpen = nanos("2026-03-01T23:00:00Z"); // Sunday 17:00 CST
    long mondayMorning = nanos("2026-03-02T15:00:00Z"); // Monday 09:00 CST
    long mondayClose = nanos("2026-03-02T22:59:59Z"); // Monday 16:59:59 CST
    long tuesdaySession = nanos("2026-03-02T23:00:00Z"); // Monday 17:00 CST
    assertThat(c.session(mondayMorning)).isEqualTo(c.session(mondayOpen));
    assertThat(c.session(mondayClose)).isEqualTo(c.session(mondayOpen));
    assertThat(c.session(tuesdaySession)).isEqualTo(c.session(mondayOpen) + 1);
    assertThat(c.sessionStart(mondayMorning)).isEqualTo(mondayOpen);
    assertThat(c.bucket(mondayOpen)).isZero();
    assertThat(c.bucket(mondayMorning)).isEqualTo(32); // 16 hours after the open
    assertThat(c.bucket(mondayClose)).isEqualTo(47);
  }

  private static long nanos(String iso) {
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }
}
