/**
 * Market events joined with instrument definitions: option events for the detectors, underlying
 * prices, late events, and event time read from raw records at the Kafka source.
 */
package io.nqflow.flow.routing;
