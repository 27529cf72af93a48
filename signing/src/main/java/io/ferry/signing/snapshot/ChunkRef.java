package io.ferry.signing.snapshot;

import io.ferry.signing.manifest.Sha256;

/**
 * One chunk of a stream, as a snapshot lists it.
 *
 * @param id the SHA-256 in lower-case hex of the chunk's plain bytes
 * @param size the number of plain bytes, 1 to {@link ChunkerParams#MAX_LIMIT}
 */
public record ChunkRef(String id, int size) {
  public ChunkRef {
    if (!Sha256.isHex(id)) {
      throw new IllegalArgumentException("a chunk id must be 64 lower-case hex digits: " + id);
    }
    if (size <= 0 || size > ChunkerParams.MAX_LIMIT) {
      throw new IllegalArgumentException("chunk " + id + " has an impossible size " + size);
    }
  }
}
