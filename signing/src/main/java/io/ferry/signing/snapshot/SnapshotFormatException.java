package io.ferry.signing.snapshot;

/** Bytes are not a valid Ferry snapshot document; the message names the line and what is wrong with it. */
public final class SnapshotFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public SnapshotFormatException(String message) {
    super(message);
  }
}
