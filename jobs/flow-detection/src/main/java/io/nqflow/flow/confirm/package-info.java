/**
 * The confirmation stage between the detectors and the dedupe: drops signals whose trigger was
 * delta-hedged in the futures or is one leg of a spread ({@link
 * io.nqflow.flow.confirm.SignalConfirmation}; its state types live in {@code io.nqflow.flow}).
 */
package io.nqflow.flow.confirm;
