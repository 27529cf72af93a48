package io.ferry.bundler.bundle;

import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ManifestException;
import io.ferry.signing.manifest.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * The first two entries of a bundle, read without touching the rest. This does NOT verify the
 * signature: it is for inspecting one's own build output. The installer's verifier is what a
 * customer host relies on.
 */
public record BundleHead(BundleManifest manifest, byte[] signature) {
  public static BundleHead read(Path bundle) throws IOException, ManifestException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle));
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      byte[] manifest = entry(tar, BundleLayout.MANIFEST, BundleLayout.MAX_MANIFEST_BYTES);
      byte[] signature = entry(tar, BundleLayout.SIGNATURE, BundleLayout.MAX_SIGNATURE_BYTES);
      return new BundleHead(BundleManifest.parse(manifest), signature);
    }
  }

  /**
   * One small blob's bytes (e.g. the vanilla snapshot document), found by its entry name without
   * reading the blobs before it (tar headers only). Checked against its digest, not the signature.
   */
  public static byte[] readBlob(Path bundle, Blob blob) throws IOException {
    try (TarFile tar = new TarFile(bundle)) {
      for (TarArchiveEntry e : tar.getEntries()) {
        if (e.getName().equals(blob.entryName())) {
          byte[] bytes;
          try (InputStream in = tar.getInputStream(e)) {
            bytes = in.readNBytes(Math.toIntExact(blob.size()));
          }
          if (!Sha256.hexOf(bytes).equals(blob.digest())) {
            throw new IOException(blob.entryName() + " does not match its digest");
          }
          return bytes;
        }
      }
    }
    throw new IOException(blob.entryName() + " is missing");
  }

  private static byte[] entry(TarArchiveInputStream tar, String name, int max) throws IOException, ManifestException {
    TarArchiveEntry e = tar.getNextEntry();
    if (e == null || !e.getName().equals(name) || !e.isFile()) {
      throw new ManifestException("not a Ferry bundle: expected the entry '" + name + "'"
          + (e == null ? " but the file ended" : " but found '" + e.getName() + "'"));
    }
    if (e.getSize() > max) {
      throw new ManifestException("'" + name + "' is " + e.getSize() + " bytes, more than a bundle's " + max);
    }
    return tar.readAllBytes();
  }
}
