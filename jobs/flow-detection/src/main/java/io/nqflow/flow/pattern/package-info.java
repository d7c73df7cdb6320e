/**
 * Institutional-flow patterns (sweep, ladder, iceberg, block, accumulation), switched on by name,
 * and the gate that gives their signals the underlying price.
 */
package io.nqflow.flow.pattern;
