package io.ferry.signing.snapshot;

/**
 * A stored chunk is damaged: it is not one valid zstd frame, or its plain bytes have another size or
 * SHA-256 than its name and the snapshot say.
 */
public final class CorruptChunkException extends ChunkException {
  private static final long serialVersionUID = 1L;

  public CorruptChunkException(String chunkId, String why, Throwable cause) {
    super(chunkId, "chunk " + chunkId + " is corrupt: " + why, cause);
  }
}
