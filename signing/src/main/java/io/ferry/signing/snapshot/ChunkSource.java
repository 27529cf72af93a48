package io.ferry.signing.snapshot;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where stored chunks come from: a backup repository on a share, or the blobs of a bundle. A source only
 * hands out stored bytes; decoding and verifying them is {@link ChunkCodec}'s job, so no source has to
 * be trusted.
 *
 * <p>Implementations must be safe for use by several threads at once: readers fetch chunks ahead on
 * background threads.
 */
@FunctionalInterface
public interface ChunkSource {
  /**
   * Opens the stored form (one zstd frame) of the chunk named {@code id}.
   *
   * @throws MissingChunkException if the source has no such chunk
   * @throws IOException if the source cannot be read (the message says why and what to do)
   */
  InputStream open(String id) throws IOException;
}
