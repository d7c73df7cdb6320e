package io.nqflow.databento;

import java.math.BigDecimal;

/**
 * What Databento says a request will cost before it is made.
 *
 * @param costUsd cost in US dollars ({@code metadata.get_cost})
 * @param billableBytes uncompressed DBN bytes billed ({@code metadata.get_billable_size})
 */
public record CostEstimate(BigDecimal costUsd, long billableBytes) {}
