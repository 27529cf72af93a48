package io.ferry.installer.bundle;

import io.ferry.signing.manifest.Blob;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Receives the bytes of blobs while the verifier streams and hashes them, so that one pass over a
 * bundle both verifies and uses it (e.g. loads images). A sink must treat what it received as
 * untrusted until {@link #verified} is called for that blob, and must undo it when {@link #rejected}
 * is called: nothing may stay on the host from a bundle that fails verification.
 */
public interface BlobSink {
  BlobSink NONE = new BlobSink() {};

  /** Where the blob's stored bytes should go, or null to only verify it. */
  default OutputStream open(Blob blob) throws IOException {
    return null;
  }

  /** The blob's digest and size matched the signed manifest. */
  default void verified(Blob blob) throws IOException {}

  /** Verification failed somewhere; discard everything received so far. */
  default void rejected() {}
}
