package io.nqflow.chain.model;

/**
 * One at-risk strike: calls above the underlying or puts below it.
 *
 * @param strike strike, index points
 * @param right the side at risk there
 * @param riskUsd OI x mark x multiplier, USD
 * @param distance |strike - underlying|, index points
 * @param urgency distance band
 * @param danger risk x the band's factor, USD
 * @param volumeOverOi the side's session volume over its open interest (NaN when no OI)
 * @param reinforcement what that ratio says
 */
public record BattleZone(
    double strike,
    Right right,
    double riskUsd,
    double distance,
    Urgency urgency,
    double danger,
    double volumeOverOi,
    Reinforcement reinforcement) {}
