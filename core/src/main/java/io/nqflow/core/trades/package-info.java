/**
 * Trades reconstructed from the audit trail: parsing of ops.audit records, pairing of orders, legs
 * and exits into trades, and their P&amp;L. Plain Java, shared by the CLI's {@code nqflow audit
 * trades} and the shadow-evaluation reports.
 */
package io.nqflow.core.trades;
