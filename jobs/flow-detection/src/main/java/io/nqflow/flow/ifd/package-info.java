/**
 * The keyed institutional-flow detectors (IFD v1 volume ratio, IFD v3 MBO pressure) and their base,
 * which orders events by event time and looks up the underlying price.
 */
package io.nqflow.flow.ifd;
