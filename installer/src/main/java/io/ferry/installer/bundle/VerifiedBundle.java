package io.ferry.installer.bundle;

import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.pgp.SignatureCheck;

/**
 * A bundle whose signature and entries were checked: what it is, who signed it, how big it was
 * ({@code bytesRead}: the file's bytes passed, read or skipped).
 * {@code entriesNotRead} entries ({@code bytesNotRead} bytes) were checked by header only and not
 * read, because this host did not need them (see {@link BundleVerifier#verifyExcept}).
 */
public record VerifiedBundle(BundleManifest manifest, SignatureCheck signature, long bytesRead, int entriesNotRead,
    long bytesNotRead) {
  public VerifiedBundle(BundleManifest manifest, SignatureCheck signature, long bytesRead) {
    this(manifest, signature, bytesRead, 0, 0);
  }

  public int entries() {
    return manifest.blobs().size() + 2;
  }

  /** Every entry was hashed, as {@code ferry verify} does. */
  public boolean readWhole() {
    return entriesNotRead == 0;
  }
}
