package io.ferry.signing.snapshot;

import java.io.IOException;

/**
 * A chunk a snapshot needs cannot be used: it is missing ({@link MissingChunkException}) or its bytes do
 * not decode to the content its name promises ({@link CorruptChunkException}). The message names the
 * chunk; {@link #chunkId()} gives it to callers that report per chunk.
 */
public class ChunkException extends IOException {
  private static final long serialVersionUID = 1L;
  private final String chunkId;

  public ChunkException(String chunkId, String message, Throwable cause) {
    super(message, cause);
    this.chunkId = chunkId;
  }

  /** The chunk's id (the SHA-256 in hex of its plain bytes). */
  public String chunkId() {
    return chunkId;
  }
}
