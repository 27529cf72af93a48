package io.ferry.signing.snapshot;

import java.io.IOException;

/**
 * A stream of a snapshot was reassembled from chunks that each verified, but the whole does not have
 * the size or SHA-256 the snapshot records: the snapshot document does not match its chunks.
 */
public final class CorruptStreamException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String stream;

  public CorruptStreamException(String stream, String why) {
    super("stream " + stream + " does not verify: " + why);
    this.stream = stream;
  }

  public String stream() {
    return stream;
  }
}
