package io.ferry.installer.bundle;

import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.stream.BlockInputStream;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ManifestException;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.pgp.SignatureCheck;
import io.ferry.signing.pgp.SigningException;
import io.ferry.signing.pgp.TrustStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Verifies a bundle in one streaming pass, from a file or a pipe: first the manifest's signature
 * against the trust store (nothing else is read before that passes), then every entry, hashed as
 * it streams, against the manifest. Memory stays flat: one copy buffer, whatever the bundle's size.
 * The first problem ends the pass with one {@link BundleRejectedException} naming the entry and
 * the reason. Not thread-safe; use one instance per bundle.
 */
public final class BundleVerifier {
  private static final int BUFFER = 1 << 20;

  private final TrustStore trust;
  private final Clock clock;
  private final ProgressListener progress;

  public BundleVerifier(TrustStore trust, Clock clock, ProgressListener progress) {
    this.trust = trust;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * @param bundle the bundle stream (not closed here)
   * @param length the stream's length in bytes for progress, or -1 if unknown (a pipe)
   * @param sink receives each blob's bytes as they are verified; {@link BlobSink#NONE} to only verify
   */
  public VerifiedBundle verify(InputStream bundle, long length, BlobSink sink)
      throws BundleRejectedException, SignatureRejectedException, IOException {
    return verify(bundle, length, sink, Set.of(), false);
  }

  /**
   * Like {@link #verify(InputStream, long, BlobSink)}, but the entries whose digests are in {@code
   * unread} are checked by their header alone (listed in the signed manifest, right size, a regular
   * file) and skipped over, not hashed, and the sink never sees them. For an update, whose host
   * already holds most of the bundle's content: every byte the host takes from the bundle is still
   * verified, and the time no longer grows with the part of the bundle that is not used. Whoever
   * passes {@code unread} must not read those entries afterwards.
   *
   * @param length the file's length: a skip past it is how truncation shows when bytes are not read;
   *     unknown (-1, a pipe), every entry is read after all
   */
  public VerifiedBundle verifyExcept(InputStream bundle, long length, BlobSink sink, Set<String> unread)
      throws BundleRejectedException, SignatureRejectedException, IOException {
    return verify(bundle, length, sink, length > 0 ? unread : Set.of(), false);
  }

  /**
   * Checks the signature and reads only the stack files, which the bundler writes right after it:
   * enough to plan a deployment without reading gigabytes of layers. Everything read is verified;
   * the rest of the bundle is not, so only {@link #verify} may precede changes to the host.
   */
  public VerifiedBundle verifyHead(InputStream bundle, StackFilesSink files)
      throws BundleRejectedException, SignatureRejectedException, IOException {
    return verify(bundle, -1, files, Set.of(), true);
  }

  private VerifiedBundle verify(InputStream bundle, long length, BlobSink sink, Set<String> unread, boolean headOnly)
      throws BundleRejectedException, SignatureRejectedException, IOException {
    try {
      return verifyOrThrow(bundle, length, sink, unread, headOnly);
    } catch (BundleRejectedException | SignatureRejectedException | IOException | RuntimeException e) {
      sink.rejected();
      throw e;
    }
  }

  private VerifiedBundle verifyOrThrow(InputStream bundle, long length, BlobSink sink, Set<String> unread,
      boolean headOnly) throws BundleRejectedException, SignatureRejectedException, IOException {
    try {
      return verifyEntries(bundle, length, sink, unread, headOnly);
    } catch (TruncatedEntryException e) {
      throw new BundleRejectedException(e.entry, "truncated: the bundle ends inside this entry (" + e.getMessage() + ")");
    }
  }

  private VerifiedBundle verifyEntries(InputStream bundle, long length, BlobSink sink, Set<String> unread,
      boolean headOnly) throws BundleRejectedException, SignatureRejectedException, IOException {
    CountingStream counted = new CountingStream(bundle);
    TarArchiveInputStream tar = new TarArchiveInputStream(counted);
    byte[] manifestBytes = readHeadEntry(tar, BundleLayout.MANIFEST, BundleLayout.MAX_MANIFEST_BYTES);
    byte[] signature = readHeadEntry(tar, BundleLayout.SIGNATURE, BundleLayout.MAX_SIGNATURE_BYTES);
    SignatureCheck check;
    try {
      check = trust.verify(new ByteArrayInputStream(manifestBytes), signature, clock.instant());
    } catch (SigningException e) {
      throw new SignatureRejectedException(e.getMessage(), e);
    }
    BundleManifest manifest;
    try {
      manifest = BundleManifest.parse(manifestBytes);
    } catch (ManifestException e) {
      throw new BundleRejectedException(BundleLayout.MANIFEST, e.getMessage());
    }
    if (headOnly && manifest.blobs().stream().noneMatch(b -> b.kind() == io.ferry.signing.manifest.BlobKind.FILE)) {
      return new VerifiedBundle(manifest, check, counted.count);
    }
    // The bar counts what is read: entries passed over are neither in its total nor in its progress.
    long total = (length > 0 ? length : manifest.storedBytes())
        - manifest.blobs().stream().filter(b -> unread.contains(b.digest())).mapToLong(Blob::size).sum();
    Set<String> seen = new HashSet<>();
    int skipped = 0;
    long skippedBytes = 0;
    byte[] buf = new byte[BUFFER];
    try (ProgressTask task = ProgressTask.start(progress, "verifying bundle", total)) {
      task.advance(counted.count);
      long[] reported = {counted.count};
      TarArchiveEntry entry;
      while ((entry = nextEntry(tar, counted, seen, manifest)) != null) {
        String name = entry.getName();
        Blob blob = checkEntry(entry, manifest, seen);
        if (unread.contains(blob.digest())) {
          skipEntry(tar, counted, name, blob.size(), length, buf);
          seen.add(blob.digest());
          skipped++;
          skippedBytes += blob.size();
          task.advance(counted.count - reported[0] - blob.size());
          reported[0] = counted.count;
          continue;
        }
        task.item(blob.kind().token() + " " + blob.digest().substring(0, 12));
        HashingEntryStream content = new HashingEntryStream(tar, name, blob.size(), buf, () -> {
          task.advance(counted.count - reported[0]);
          reported[0] = counted.count;
        });
        IOException sinkFailure = null;
        try {
          sink.consume(blob, content);
        } catch (TruncatedEntryException e) {
          throw e;
        } catch (IOException e) {
          // A sink fails on bad bytes too (zstd notices corruption first); if the digest is wrong,
          // that is the verdict, and the sink's error is only a symptom.
          sinkFailure = e;
        }
        content.drain();
        long read = content.read;
        MessageDigest digest = content.digest;
        if (read != blob.size()) {
          throw new BundleRejectedException(name, "truncated: the bundle ends inside this entry ("
              + read + " of " + blob.size() + " bytes)");
        }
        String actual = Sha256.hex(digest.digest());
        if (!actual.equals(blob.digest())) {
          throw new BundleRejectedException(name, "wrong digest: the content hashes to " + actual
              + ", the signed manifest says " + blob.digest());
        }
        if (sinkFailure != null) {
          throw sinkFailure;
        }
        seen.add(blob.digest());
        sink.verified(blob);
        if (headOnly && sink instanceof StackFilesSink files && files.hasAll(manifest)) {
          return new VerifiedBundle(manifest, check, counted.count);
        }
      }
      for (Blob blob : manifest.blobs()) {
        if (!seen.contains(blob.digest())) {
          throw new BundleRejectedException(blob.entryName(), "missing: listed in the signed manifest but not in the"
              + " bundle (" + (manifest.blobs().size() - seen.size()) + " of " + manifest.blobs().size()
              + " entries missing; is the file truncated?)");
        }
      }
      rejectTrailingData(counted);
      task.advance(counted.count - reported[0]);
    }
    sink.complete();
    return new VerifiedBundle(manifest, check, counted.count, skipped, skippedBytes);
  }

  /**
   * Seeks over an entry's content. The stream seeks first, then serves the tar's reads of those
   * bytes without I/O, so the tar's position moves on too. (Commons Compress's own skip reads, into
   * a new 8 KiB array each time: a 300 MiB layer grew the heap by 300 MiB.) A file that ends inside
   * the entry is refused as truncated, as when the bytes are read.
   */
  private static void skipEntry(TarArchiveInputStream tar, CountingStream counted, String name, long size,
      long length, byte[] buf) throws BundleRejectedException {
    long skipped = 0;
    try {
      if (counted.seekOver(size) != size) {
        throw new BundleRejectedException(name, "truncated: the bundle ends inside this entry");
      }
      int n;
      while (skipped < size && (n = tar.read(buf, 0, (int) Math.min(buf.length, size - skipped))) > 0) {
        skipped += n;
      }
    } catch (IOException e) {
      throw new BundleRejectedException(name, "truncated: the bundle ends inside this entry (" + e.getMessage() + ")");
    }
    if (skipped != size || counted.passed != 0 || counted.count > length) {
      throw new BundleRejectedException(name, "truncated: the bundle ends inside this entry");
    }
  }

  private static byte[] readHeadEntry(TarArchiveInputStream tar, String name, int max)
      throws BundleRejectedException, IOException {
    TarArchiveEntry e;
    try {
      e = tar.getNextEntry();
    } catch (IOException ex) {
      throw new BundleRejectedException(null, "not a Ferry bundle (not a tar stream: " + ex.getMessage() + ")");
    }
    if (e == null) {
      throw new BundleRejectedException(null, "not a Ferry bundle: the file is empty or ends before '" + name + "'");
    }
    if (!e.isCheckSumOK()) {
      throw new BundleRejectedException(e.getName(), "corrupt tar header (checksum mismatch)");
    }
    if (!e.getName().equals(name) || !e.isFile()) {
      throw new BundleRejectedException(e.getName(), "not a Ferry bundle: expected '" + name + "' here");
    }
    if (e.getSize() > max) {
      throw new BundleRejectedException(name, "too large (" + e.getSize() + " bytes, at most " + max + ")");
    }
    byte[] bytes;
    try {
      bytes = tar.readNBytes((int) e.getSize());
    } catch (IOException ex) {
      bytes = new byte[0];
    }
    if (bytes.length != e.getSize()) {
      throw new BundleRejectedException(name, "truncated: the bundle ends inside this entry");
    }
    return bytes;
  }

  /**
   * The call that finds the end of the archive reads only padding and zero records; a non-zero byte
   * among them is data someone appended, which tar tools would silently ignore and we refuse.
   */
  private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, CountingStream counted, Set<String> seen,
      BundleManifest manifest) throws BundleRejectedException {
    try {
      counted.sawNonZero = false;
      counted.scanning = true;
      TarArchiveEntry entry = tar.getNextEntry();
      counted.scanning = false;
      if (entry == null && counted.sawNonZero) {
        throw new BundleRejectedException(null, "data appended after the end of the bundle");
      }
      return entry;
    } catch (IOException e) {
      throw new BundleRejectedException(null, "the bundle is truncated or corrupt after " + seen.size() + " of "
          + manifest.blobs().size() + " entries (" + e.getMessage() + ")");
    }
  }

  /**
   * One entry's bytes as the sink sees them: every byte read is hashed and counted, and a read
   * failure inside the entry is reported as the truncation it is.
   */
  private static final class HashingEntryStream extends BlockInputStream {
    private final TarArchiveInputStream tar;
    private final String name;
    private final byte[] drainBuffer;
    private final Runnable onProgress;
    final MessageDigest digest = Sha256.newDigest();
    long read;

    HashingEntryStream(TarArchiveInputStream tar, String name, long size, byte[] drainBuffer, Runnable onProgress) {
      this.tar = tar;
      this.name = name;
      this.drainBuffer = drainBuffer;
      this.onProgress = onProgress;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n;
      try {
        n = tar.read(b, off, len);
      } catch (IOException e) {
        throw new TruncatedEntryException(name, e);
      }
      if (n > 0) {
        digest.update(b, off, n);
        read += n;
        onProgress.run();
      }
      return n;
    }

    void drain() throws IOException {
      while (read(drainBuffer, 0, drainBuffer.length) > 0) {
        // hashing is the point
      }
    }

    @Override
    public void close() {
      // the tar stream belongs to the verifier
    }
  }

  /** An I/O failure inside an entry: the bundle ends (or breaks) there. */
  static final class TruncatedEntryException extends IOException {
    final String entry;

    TruncatedEntryException(String entry, IOException cause) {
      super(cause.getMessage(), cause);
      this.entry = entry;
    }
  }

  /** Name, type, listing and size checks, all before a single byte of the entry is read. */
  private static Blob checkEntry(TarArchiveEntry entry, BundleManifest manifest, Set<String> seen)
      throws BundleRejectedException {
    String name = entry.getName();
    if (!entry.isCheckSumOK()) {
      // Commons Compress reads past a bad header checksum; tar and sha256sum users would not.
      throw new BundleRejectedException(name, "corrupt tar header (checksum mismatch)");
    }
    if (entry.isSymbolicLink() || entry.isLink()) {
      throw new BundleRejectedException(name, "link entry (-> " + entry.getLinkName()
          + "); a bundle holds only regular files");
    }
    if (name.startsWith("/")) {
      throw new BundleRejectedException(name, "absolute path");
    }
    if (Arrays.asList(name.split("[/\\\\]")).contains("..")) {
      throw new BundleRejectedException(name, "path with '..' (path traversal)");
    }
    if (!entry.isFile()) {
      throw new BundleRejectedException(name, "not a regular file");
    }
    String digest = BundleLayout.blobDigestOf(name);
    Blob blob = digest == null ? null : manifest.blob(digest).orElse(null);
    if (blob == null) {
      throw new BundleRejectedException(name, "extra entry: not listed in the signed manifest");
    }
    if (seen.contains(digest)) {
      throw new BundleRejectedException(name, "duplicate entry");
    }
    if (entry.getSize() != blob.size()) {
      throw new BundleRejectedException(name, "wrong size: " + entry.getSize() + " bytes, the signed manifest says "
          + blob.size());
    }
    return blob;
  }

  /** A tar ends with zero blocks; anything else after them was appended and is refused. */
  private static void rejectTrailingData(CountingStream in) throws BundleRejectedException, IOException {
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.in().read(buf)) > 0) {
      in.count += n;
      for (int i = 0; i < n; i++) {
        if (buf[i] != 0) {
          throw new BundleRejectedException(null, "data appended after the end of the bundle");
        }
      }
    }
  }

  private static final class CountingStream extends FilterInputStream {
    long count;
    boolean scanning;
    boolean sawNonZero;
    /** Bytes {@link #seekOver} passed that the tar stream has yet to "read" (see {@link #skipEntry}); never filled in. */
    long passed;

    CountingStream(InputStream in) {
      super(in);
    }

    InputStream in() {
      return in;
    }

    /** Moves {@code n} bytes on without reading them (a seek, on a file); fewer at the end of the file. */
    long seekOver(long n) throws IOException {
      long done = 0;
      while (done < n) {
        long s = in.skip(n - done);
        if (s <= 0) {
          if (in.read() < 0) {
            break;
          }
          s = 1;
        }
        done += s;
      }
      count += done;
      passed = done;
      return done;
    }

    @Override
    public int read() throws IOException {
      if (passed > 0) {
        passed--;
        return 0;
      }
      int b = super.read();
      if (b >= 0) {
        count++;
        sawNonZero |= scanning && b != 0;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (passed > 0) {
        int k = (int) Math.min(len, passed);
        passed -= k;
        return k;
      }
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        if (scanning) {
          for (int i = off; i < off + n && !sawNonZero; i++) {
            sawNonZero = b[i] != 0;
          }
        }
      }
      return n;
    }

    /** Skipped bytes are read instead while scanning, so that nothing escapes the check. */
    @Override
    public long skip(long n) throws IOException {
      if (scanning) {
        return Math.max(0, read(new byte[(int) Math.min(n, 64 * 1024)]));
      }
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
