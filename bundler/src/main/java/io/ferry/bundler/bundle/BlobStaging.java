package io.ferry.bundler.bundle;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.ferry.common.progress.ProgressTask;
import io.ferry.signing.manifest.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A folder next to the bundle being built where blobs wait, named by their digest, until the
 * manifest (which must come first in the bundle) is known. Each blob is hashed and compressed in a
 * single streaming pass; nothing is held in memory beyond a copy buffer and zstd's window.
 * Not thread-safe: one export writes at a time.
 */
public final class BlobStaging implements AutoCloseable {
  private static final int BUFFER = 1 << 20;
  private final Path dir;
  private final int level;
  private final int workers;
  private long tmpCounter;

  public BlobStaging(Path dir, int level, int workers) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.level = level;
    this.workers = workers;
  }

  public Path dir() {
    return dir;
  }

  /** Streams {@code in} to a zstd-compressed blob, reporting uncompressed bytes to {@code task}. */
  public StagedBlob putCompressed(InputStream in, ProgressTask task) throws IOException {
    Path tmp = dir.resolve("tmp-" + (tmpCounter++));
    MessageDigest stored = Sha256.newDigest();
    MessageDigest content = Sha256.newDigest();
    AtomicLong storedSize = new AtomicLong();
    long contentSize = 0;
    try (OutputStream file = Files.newOutputStream(tmp);
        OutputStream counted = new CountingOutputStream(new DigestOutputStream(file, stored), storedSize);
        OutputStream buffered = new BufferedOutputStream(counted, BUFFER);
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(buffered, level)) {
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
    }
    return commit(tmp, Sha256.hex(stored.digest()), storedSize.get(), Sha256.hex(content.digest()), contentSize);
  }

  /** Stores small, already-final bytes (image configs, stack files) as they are. */
  public StagedBlob putRaw(byte[] bytes) throws IOException {
    Path tmp = dir.resolve("tmp-" + (tmpCounter++));
    Files.write(tmp, bytes);
    String digest = Sha256.hexOf(bytes);
    return commit(tmp, digest, bytes.length, digest, bytes.length);
  }

  private StagedBlob commit(Path tmp, String digest, long size, String contentDigest, long contentSize)
      throws IOException {
    Path target = dir.resolve(digest);
    if (Files.exists(target)) {
      // Same digest, same bytes: a layer shared by two images is stored once.
      Files.delete(tmp);
    } else {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
    return new StagedBlob(digest, size, contentDigest, contentSize, target);
  }

  public void discard(StagedBlob blob) throws IOException {
    Files.deleteIfExists(blob.path());
  }

  @Override
  public void close() {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover staging folder is harmless and is named after the bundle.
    }
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    private final AtomicLong count;

    CountingOutputStream(OutputStream out, AtomicLong count) {
      super(out);
      this.count = count;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count.addAndGet(len);
    }
  }
}
