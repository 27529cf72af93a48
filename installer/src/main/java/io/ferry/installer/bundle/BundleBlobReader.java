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
 * reader throws after it if the digest is wrong; a stream from {@link #open} fails its last read.
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
    Blob blob = blob(digest);
    try (InputStream content = open(digest)) {
      consumer.accept(blob, content);
      content.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      if (e.getCause() instanceof BundleRejectedException rejected) {
        throw rejected;
      }
      throw e;
    }
  }

  /**
   * The blob's stored bytes as a stream, hashed as they are read. Reading to its end checks size
   * and digest: a mismatch fails that last read with an IOException whose cause is a {@link
   * BundleRejectedException}, so everything read before it is unconfirmed until then. Closing the
   * stream closes the bundle file.
   *
   * @throws BundleRejectedException if the manifest at the file's head changed or the blob is missing
   */
  public InputStream open(String digest) throws IOException, BundleRejectedException {
    Blob blob = blob(digest);
    InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 20);
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    boolean handedOver = false;
    try {
      TarArchiveEntry head = tar.getNextEntry();
      if (head == null || !head.getName().equals(BundleLayout.MANIFEST)
          || !Arrays.equals(tar.readNBytes(BundleLayout.MAX_MANIFEST_BYTES), manifest.toBytes())) {
        throw new BundleRejectedException(BundleLayout.MANIFEST, "the bundle file changed since it was verified");
      }
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals(blob.entryName())) {
          handedOver = true;
          return new Verifying(tar, blob);
        }
      }
      throw new BundleRejectedException(blob.entryName(), "missing: the bundle file changed since it was verified");
    } finally {
      if (!handedOver) {
        tar.close();
      }
    }
  }

  private Blob blob(String digest) {
    return manifest.blob(digest).orElseThrow(() -> new IllegalArgumentException("not in the manifest: " + digest));
  }

  /** One entry's bytes, hashed; the end of the entry is where size and digest must match. */
  private static final class Verifying extends FilterInputStream {
    private final Blob blob;
    private final MessageDigest md = Sha256.newDigest();
    private long count;
    private boolean checked;

    Verifying(TarArchiveInputStream tar, Blob blob) {
      super(tar);
      this.blob = blob;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        md.update(b, off, n);
        count += n;
      } else if (n < 0 && !checked) {
        checked = true;
        if (count != blob.size() || !Sha256.hex(md.digest()).equals(blob.digest())) {
          BundleRejectedException e = new BundleRejectedException(blob.entryName(),
              "changed since the bundle was verified");
          throw new IOException(e.getMessage(), e);
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes must be hashed too.
      byte[] buf = new byte[(int) Math.min(n, 8192)];
      int r = read(buf, 0, buf.length);
      return Math.max(r, 0);
    }
  }
}
