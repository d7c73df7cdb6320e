package io.nqflow.chain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVolatilityTest {
  private static final long DAY_NS = 86_400_000_000_000L;
  private static final long EXPIRY = 10 * DAY_NS;

  private static ChainContract quoted(double strike, Right right, Double mark) {
    return ChainContract.quoted(strike, right, EXPIRY, mark, mark, null, 0, 100);
  }

  @Test
  void interpolatesTheStrikeVolatilitiesBracketingTheUnderlying() {
    // F = 20050, 10 days. Marks are exact Black-76 values (30-digit normal distribution) at:
    // 19900 call 50% (not bracketing: ignored), 20000 call 25% and put 27% (strike: 26%),
    // 20100 call 30% (no put). Halfway between 20000 and 20100: 0.5·0.26 + 0.5·0.30 = 0.28.
    ExpiryChain chain =
        new ExpiryChain(
            "NQH7",
            EXPIRY,
            20,
            List.of(
                new StrikeRow(19900, quoted(19900, Right.CALL, 737.03109246739652), null),
                new StrikeRow(
                    20000,
                    quoted(20000, Right.CALL, 356.15759627085002),
                    quoted(20000, Right.PUT, 332.55329592131559)),
                new StrikeRow(20100, quoted(20100, Right.CALL, 373.14526780376842), null),
                new StrikeRow(20200, null, null)));
    double years = ChainVolatility.yearsToExpiry(EXPIRY, 0);
    assertThat(years).isEqualTo(10.0 / 365);
    assertThat(ChainVolatility.strikeVol(chain.strikes().get(1), 20050, years))
        .isCloseTo(0.26, within(1e-5));
    assertThat(ChainVolatility.atTheMoney(chain, 20050, years, 0.9)).isCloseTo(0.28, within(1e-5));
    // Above every strike with a volatility: the nearest one's.
    assertThat(ChainVolatility.atTheMoney(chain, 20150, years, 0.9))
        .isCloseTo(ChainVolatility.strikeVol(chain.strikes().get(2), 20150, years), within(1e-12));
  }

  @Test
  void fallsBackWhenNoMarkImpliesAVolatility() {
    ExpiryChain chain =
        new ExpiryChain(
            "NQH7",
            EXPIRY,
            20,
            List.of(
                // A call below its intrinsic value implies nothing.
                new StrikeRow(19000, quoted(19000, Right.CALL, 900.0), null),
                new StrikeRow(
                    20000, quoted(20000, Right.CALL, null), quoted(20000, Right.PUT, 0.0))));
    assertThat(ChainVolatility.atTheMoney(chain, 20050, 10.0 / 365, 0.2)).isEqualTo(0.2);
    assertThat(ChainVolatility.atTheMoney(chain, 20050, -1, 0.2)).isEqualTo(0.2);
  }
}
