package io.nqflow.chain.model;

import java.util.List;

/**
 * Dealer positioning of one expiry: gamma exposure by strike, the level where it changes sign, the
 * walls and max pain. A level is null when the chain does not define it (no open interest, no sign
 * change within the search range).
 *
 * @param volatility the at-the-money implied volatility used where a strike implies none, per year
 * @param strikes gamma exposure per strike, ascending strike
 * @param totalGexPerPoint sum over strikes, USD per point
 * @param totalGexPerPct sum over strikes, USD per 1% move
 * @param zeroGamma underlying level nearest the underlying where the total exposure changes sign
 * @param callWall strike with the largest call gamma exposure
 * @param putWall strike with the largest put gamma exposure (by magnitude)
 * @param maxPain expiration level (a strike) at which option holders' payout is smallest
 */
public record Positioning(
    double volatility,
    List<GammaStrike> strikes,
    double totalGexPerPoint,
    double totalGexPerPct,
    Double zeroGamma,
    Double callWall,
    Double putWall,
    Double maxPain) {

  public Positioning {
    strikes = List.copyOf(strikes);
  }
}
