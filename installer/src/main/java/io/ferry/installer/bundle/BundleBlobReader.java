package io.ferry.installer.bundle;

import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.Sha256;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A second pass over a bundle file that was verified already, to stream single blobs (vanilla
 * data) to where they go. The manifest at the file's head must be byte-identical to the verified
 * one and each blob is hashed again as it is read, so a file swapped or changed between the passes
 * is caught: {@link Consumer#accept} must treat the data as unconfirmed until it returns, and the
 * reader throws after it if the digest is wrong.
 */
public final class BundleBlobReader {
  /** Reads one blob's stored bytes. */
  @FunctionalInterface
  public interface Consumer {
    void accept(Blob blob, InputStream content) throws IOException;
  }

  private final Path bundle;
  private final BundleManifest manifest;

  public BundleBlobReader(Path bundle, BundleManifest verifiedManifest) {
    this.bundle = bundle;
    this.manifest = verifiedManifest;
  }

  public void read(String digest, Consumer consumer) throws IOException, BundleRejectedException {
    Blob blob = manifest.blob(digest).orElseThrow(() -> new IllegalArgumentException("not in the manifest: " + digest));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 20);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry head = tar.getNextEntry();
      if (head == null || !head.getName().equals(BundleLayout.MANIFEST)
          || !Arrays.equals(tar.readNBytes(BundleLayout.MAX_MANIFEST_BYTES), manifest.toBytes())) {
        throw new BundleRejectedException(BundleLayout.MANIFEST, "the bundle file changed since it was verified");
      }
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals(blob.entryName())) {
          MessageDigest md = Sha256.newDigest();
          long[] count = {0};
          InputStream hashing = new FilterInputStream(tar) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              if (n > 0) {
                md.update(b, off, n);
                count[0] += n;
              }
              return n;
            }

            @Override
            public int read() throws IOException {
              byte[] one = new byte[1];
              return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public void close() {
              // the tar stream is ours
            }
          };
          consumer.accept(blob, hashing);
          hashing.transferTo(java.io.OutputStream.nullOutputStream());
          if (count[0] != blob.size() || !Sha256.hex(md.digest()).equals(digest)) {
            throw new BundleRejectedException(blob.entryName(), "changed since the bundle was verified");
          }
          return;
        }
      }
    }
    throw new BundleRejectedException(blob.entryName(), "missing: the bundle file changed since it was verified");
  }
}
