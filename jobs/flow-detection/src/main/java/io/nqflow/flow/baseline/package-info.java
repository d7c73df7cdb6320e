/** Trading sessions, time-of-day buckets and the rolling volume baseline the detectors share. */
package io.nqflow.flow.baseline;
