package io.ferry.installer.bundle;

import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.pgp.SignatureCheck;

/** A bundle whose signature and every entry were checked: what it is, who signed it, how big it was. */
public record VerifiedBundle(BundleManifest manifest, SignatureCheck signature, long bytesRead) {
  public int entries() {
    return manifest.blobs().size() + 2;
  }
}
