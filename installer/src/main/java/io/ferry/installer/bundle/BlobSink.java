package io.ferry.installer.bundle;

import io.ferry.signing.manifest.Blob;
import java.io.IOException;
import java.io.InputStream;

/**
 * Uses the blobs of a bundle while the verifier streams and hashes them, so one pass over a bundle
 * both verifies and uses it (e.g. loads images). What a sink received is untrusted until {@link
 * #verified} is called for that blob, and the sink must undo everything when {@link #rejected} is
 * called: nothing may stay on the host from a bundle that fails verification.
 */
public interface BlobSink {
  BlobSink NONE = new BlobSink() {};

  /**
   * Reads (some of) the blob's stored bytes. The verifier hashes what the sink reads and drains
   * the rest itself, so a sink that ignores a blob simply does not read.
   */
  default void consume(Blob blob, InputStream content) throws IOException {}

  /** The blob's digest and size matched the signed manifest. */
  default void verified(Blob blob) throws IOException {}

  /** Every entry matched: the bundle is good. Commit what was received. */
  default void complete() throws IOException {}

  /** Verification failed somewhere; discard everything received so far. */
  default void rejected() {}
}
