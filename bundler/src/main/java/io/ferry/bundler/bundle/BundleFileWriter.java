package io.ferry.bundler.bundle;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.ferry.common.progress.ProgressTask;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Writes the bundle file in one pass, each blob once, straight to its final place.
 *
 * <p>The signed manifest must be the first entry, but it is known only after every blob is. So the
 * file starts with a reserved front region of a size fixed before the first blob (an upper bound of
 * the manifest's and the signature's lengths, see {@link #frontRegion}); the blobs follow it. Each
 * blob is written as a placeholder header block, its data (streamed through zstd and SHA-256), and
 * its zero padding; then the header is written over the placeholder with the real size and the
 * name, which is the digest of the data. A blob whose digest was already written (a layer shared by
 * two images) is cut off again: the file is truncated back to where its header started.
 *
 * <p>{@link #finish} fills the front region exactly: the {@code manifest} entry, then a pax extended
 * header holding only a {@code comment} record sized to take up the slack, then the
 * {@code manifest.asc} entry. Readers ignore the comment, so the tar reads as manifest,
 * manifest.asc, blobs. The file is a temporary file in the target folder until {@link #finish}
 * syncs it and renames it into place; closing the writer before that deletes it, so a crash or a full
 * disk never leaves something that looks like a bundle; a background thread starts syncing it
 * every 64 MiB, so the disk works while the export streams and the final sync has little left to
 * do. The front region's size depends only on
 * what the caller derives it from, so the same inputs still give the same bytes. Not thread-safe.
 */
public final class BundleFileWriter implements AutoCloseable {
  /**
   * Room for the armoured detached signature. An Ed25519 signature (what {@code keygen} makes) is
   * about 300 bytes armoured, an RSA-4096 one about 900.
   */
  public static final int SIGNATURE_RESERVE = 4096;
  private static final int BUFFER = 1 << 20;
  private static final int BLOCK = TarHeaders.BLOCK;

  private final Path out;
  private final Path dir;
  private final Path tmp;
  private final FileChannel channel;
  private final long front;
  private final Instant mtime;
  private final int level;
  private final int workers;
  private final Map<String, WrittenBlob> byDigest = new HashMap<>();
  private final List<WrittenBlob> blobs = new ArrayList<>();
  private long end;
  private boolean finished;
  private long unsynced;
  private ExecutorService syncer;
  private Future<?> syncing;

  private BundleFileWriter(Path out, Path dir, Path tmp, FileChannel channel, long front, Instant mtime, int level,
      int workers) {
    this.out = out;
    this.dir = dir;
    this.tmp = tmp;
    this.channel = channel;
    this.front = front;
    this.mtime = mtime;
    this.level = level;
    this.workers = workers;
    this.end = front;
  }

  /**
   * The bytes to reserve at the start of the bundle for a manifest of at most {@code manifestBytes}
   * and a signature of at most {@code signatureBytes}: both entries with their headers and padding,
   * plus a pax header of at least one block of records (there is always slack to fill, even when
   * both bounds are met exactly).
   */
  public static long frontRegion(long manifestBytes, long signatureBytes) {
    return BLOCK + TarHeaders.padded(manifestBytes) + 2 * BLOCK + BLOCK + TarHeaders.padded(signatureBytes);
  }

  /**
   * Opens a temporary file next to {@code out} (same folder, so the final rename is atomic) with
   * {@code frontRegion} bytes left free at its start. {@code mtime} goes on every entry.
   */
  public static BundleFileWriter create(Path out, long frontRegion, Instant mtime, int level, int workers)
      throws IOException {
    if (frontRegion % BLOCK != 0 || frontRegion < 5 * BLOCK) {
      throw new IllegalArgumentException("front region must be whole blocks, at least five: " + frontRegion);
    }
    Path target = out.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    // A bundle is public (it is signed, not secret): readable by all, unlike createTempFile's 0600.
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".partial",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    FileChannel channel;
    try {
      channel = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new BundleFileWriter(target, dir, tmp, channel, frontRegion, mtime, level, workers);
  }

  /** The blobs in the order they are stored in the file. */
  public List<WrittenBlob> blobs() {
    return Collections.unmodifiableList(blobs);
  }

  /** The bytes reserved for the manifest and the signature. */
  public long frontRegion() {
    return front;
  }

  /** Streams {@code in} into a zstd-compressed blob, reporting uncompressed bytes to {@code task}. */
  public WrittenBlob putCompressed(InputStream in, ProgressTask task) throws IOException {
    return putCompressed(in, task, null);
  }

  /**
   * Like {@link #putCompressed(InputStream, ProgressTask)}, but when {@code keep} refuses the
   * SHA-256 of the uncompressed content, the blob is cut off again and null returned.
   */
  public WrittenBlob putCompressed(InputStream in, ProgressTask task, Predicate<String> keep) throws IOException {
    long start = end;
    channel.position(start + BLOCK);
    ChannelStream file = new ChannelStream(channel);
    MessageDigest content = Sha256.newDigest();
    long contentSize = 0;
    try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(new BufferedOutputStream(file, BUFFER),
        level)) {
      if (workers > 1) {
        zstd.setWorkers(workers);
      }
      byte[] buf = new byte[BUFFER];
      int n;
      while ((n = in.read(buf)) > 0) {
        content.update(buf, 0, n);
        zstd.write(buf, 0, n);
        contentSize += n;
        if (task != null) {
          task.advance(n);
        }
      }
    } catch (IOException | RuntimeException e) {
      try {
        truncate(start);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    String contentDigest = Sha256.hex(content.digest());
    if (keep != null && !keep.test(contentDigest)) {
      truncate(start);
      return null;
    }
    return commit(start, Sha256.hex(file.digest.digest()), file.count, contentDigest, contentSize);
  }

  /** Stores small, already-final bytes (image configs, stack files) as they are. */
  public WrittenBlob putRaw(byte[] bytes) throws IOException {
    String digest = Sha256.hexOf(bytes);
    WrittenBlob existing = byDigest.get(digest);
    if (existing != null) {
      return existing;
    }
    writeAt(ByteBuffer.wrap(bytes), end + BLOCK);
    return commit(end, digest, bytes.length, digest, bytes.length);
  }

  private WrittenBlob commit(long start, String digest, long size, String contentDigest, long contentSize)
      throws IOException {
    WrittenBlob existing = byDigest.get(digest);
    if (existing != null) {
      // Same digest, same bytes: a layer shared by two images is stored once.
      truncate(start);
      return existing;
    }
    long dataEnd = start + BLOCK + size;
    long next = start + BLOCK + TarHeaders.padded(size);
    writeAt(ByteBuffer.allocate((int) (next - dataEnd)), dataEnd);
    writeAt(ByteBuffer.wrap(TarHeaders.file(BundleLayout.blobPath(digest), size, mtime)), start);
    end = next;
    unsynced += next - start;
    if (syncing != null && syncing.isDone()) {
      // A sync that failed reports it here: Linux reports a failed writeback to one sync only.
      syncResult();
    }
    if (unsynced >= SYNC_EVERY && syncing == null) {
      syncInBackground();
    }
    WrittenBlob blob = new WrittenBlob(digest, size, contentDigest, contentSize, start);
    byDigest.put(digest, blob);
    blobs.add(blob);
    return blob;
  }

  /**
   * Writes the manifest and its signature into the front region, ends the archive, syncs the file
   * and renames it into place. Fails, leaving nothing, if they exceed the reserved room.
   */
  public void finish(byte[] manifest, byte[] signature) throws IOException {
    long manifestEntry = BLOCK + TarHeaders.padded(manifest.length);
    long signatureEntry = BLOCK + TarHeaders.padded(signature.length);
    long pax = front - manifestEntry - signatureEntry;
    if (pax < 2 * BLOCK) {
      throw new IOException("the manifest (" + manifest.length + " bytes) and its signature (" + signature.length
          + " bytes) do not fit the " + front + " bytes reserved for them at the start of the bundle"
          + (signature.length > SIGNATURE_RESERVE ? "; sign with a key that makes smaller signatures, such as the"
              + " Ed25519 keys of 'ferry-bundler keygen'" : ""));
    }
    ByteBuffer head = ByteBuffer.allocate(Math.toIntExact(front));
    head.put(TarHeaders.file(BundleLayout.MANIFEST, manifest.length, mtime)).put(manifest);
    head.position(Math.toIntExact(manifestEntry));
    head.put(TarHeaders.paxPadding(BundleLayout.SIGNATURE, Math.toIntExact(pax), mtime));
    head.put(TarHeaders.file(BundleLayout.SIGNATURE, signature.length, mtime)).put(signature);
    head.clear();
    writeAt(head, 0);
    // The end of the archive: two zero blocks, then zeros up to a whole record, as tar writes it.
    long length = (end + 2 * BLOCK + TarHeaders.RECORD - 1) / TarHeaders.RECORD * TarHeaders.RECORD;
    writeAt(ByteBuffer.allocate(Math.toIntExact(length - end)), end);
    channel.truncate(length);
    syncResult();
    channel.force(true);
    channel.close();
    Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    finished = true;
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // Not every filesystem lets a folder be synced; the rename itself is already atomic.
    }
  }

  private static final long SYNC_EVERY = 64L << 20;

  /**
   * Starts writing what is written so far to disk on a background thread, so the final sync finds
   * little left to do: the disk works while the export streams instead of after it.
   */
  private void syncInBackground() {
    if (syncer == null) {
      syncer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bundle sync");
        t.setDaemon(true);
        return t;
      });
    }
    unsynced = 0;
    syncing = syncer.submit(() -> {
      channel.force(false);
      return null;
    });
  }

  /** Waits for the sync in flight, if any, and rethrows its failure. */
  private void syncResult() throws IOException {
    if (syncing == null) {
      return;
    }
    try {
      syncing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while syncing the bundle");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      syncing = null;
    }
  }

  private void truncate(long start) throws IOException {
    channel.truncate(start);
    channel.position(start);
    end = start;
  }

  private void writeAt(ByteBuffer buffer, long position) throws IOException {
    long p = position;
    while (buffer.hasRemaining()) {
      p += channel.write(buffer, p);
    }
  }

  /** Deletes the temporary file unless {@link #finish} renamed it into place. */
  @Override
  public void close() throws IOException {
    if (syncer != null) {
      syncer.shutdownNow();
    }
    if (finished) {
      return;
    }
    try {
      channel.close();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Writes at the channel's position, hashing and counting; closing it leaves the channel open. */
  private static final class ChannelStream extends OutputStream {
    private final FileChannel channel;
    final MessageDigest digest = Sha256.newDigest();
    long count;

    ChannelStream(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      digest.update(b, off, len);
      ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      count += len;
    }

    @Override
    public void close() {
      // the channel belongs to the writer
    }
  }
}
