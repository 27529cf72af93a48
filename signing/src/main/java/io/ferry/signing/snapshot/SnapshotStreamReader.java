package io.ferry.signing.snapshot;

import io.ferry.signing.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reassembles one stream of a snapshot from its chunks: the plain bytes in order, each chunk decoded and
 * verified ({@link ChunkCodec#decode}) before any of its bytes are handed out, and the whole stream's
 * size and SHA-256 checked before the end of the stream is reported. So a reader that reads to the end
 * without an exception has received exactly the stream the snapshot describes; a damaged or missing
 * chunk is a {@link ChunkException} naming the chunk, a mismatching whole a {@link CorruptStreamException}
 * naming the stream.
 *
 * <p>Shares answer slowly, so the next {@code prefetch} chunks are fetched and decoded on background
 * threads while the caller consumes the current one. Memory: at most {@code prefetch + 1} chunks.
 *
 * <p>For one reader thread. Close it to stop the background fetches.
 */
public final class SnapshotStreamReader extends InputStream {
  /** Chunks fetched ahead by default: enough to hide a share's latency, little memory (4 MiB each at most). */
  public static final int DEFAULT_PREFETCH = 3;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final SnapshotStream stream;
  private final ChunkSource source;
  private final List<ChunkRef> chunks;
  private final int prefetch;
  private final ExecutorService pool;
  private final Deque<Future<byte[]>> ahead = new ArrayDeque<>();
  private final MessageDigest digest = Sha256.newDigest();
  private int nextToFetch;
  private byte[] current;
  private int pos;
  private long delivered;
  private boolean verified;
  private boolean closed;

  private SnapshotStreamReader(SnapshotStream stream, ChunkSource source, int prefetch) {
    this.stream = Objects.requireNonNull(stream, "stream");
    this.source = Objects.requireNonNull(source, "source");
    this.chunks = stream.chunks();
    this.prefetch = Math.max(1, prefetch);
    this.pool = Executors.newFixedThreadPool(Math.min(this.prefetch, Math.max(1, chunks.size())), r -> {
      Thread t = new Thread(r, "snapshot-read-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** A verifying reader of {@code stream} with chunks from {@code source}, {@value #DEFAULT_PREFETCH} chunks fetched ahead. */
  public static SnapshotStreamReader open(SnapshotStream stream, ChunkSource source) {
    return open(stream, source, DEFAULT_PREFETCH);
  }

  /** A verifying reader of {@code stream}; {@code prefetch} chunks are fetched and decoded ahead, in parallel. */
  public static SnapshotStreamReader open(SnapshotStream stream, ChunkSource source, int prefetch) {
    return new SnapshotStreamReader(stream, source, prefetch);
  }

  /** The stream being read. */
  public SnapshotStream stream() {
    return stream;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("the reader of stream " + stream.name() + " is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (current == null || pos >= current.length) {
      if (!advance()) {
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.length - pos;
  }

  /** Moves to the next chunk; at the end verifies the whole stream and returns false. */
  private boolean advance() throws IOException {
    current = null;
    fillAhead();
    if (ahead.isEmpty()) {
      if (!verified) {
        verifyWhole();
      }
      return false;
    }
    byte[] chunk = await(ahead.removeFirst());
    fillAhead();
    digest.update(chunk);
    delivered += chunk.length;
    current = chunk;
    pos = 0;
    return true;
  }

  private void verifyWhole() throws CorruptStreamException {
    if (delivered != stream.size()) {
      throw new CorruptStreamException(stream.name(), "its chunks gave " + delivered + " bytes, the snapshot says "
          + stream.size());
    }
    String actual = Sha256.hex(digest.digest());
    if (!actual.equals(stream.sha256())) {
      throw new CorruptStreamException(stream.name(), "its chunks hash to " + actual + ", the snapshot says "
          + stream.sha256());
    }
    verified = true;
  }

  private void fillAhead() {
    while (ahead.size() < prefetch && nextToFetch < chunks.size()) {
      ChunkRef c = chunks.get(nextToFetch++);
      ahead.addLast(pool.submit(() -> ChunkCodec.decode(c.id(), c.size(), source.open(c.id()))));
    }
  }

  private byte[] await(Future<byte[]> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading stream " + stream.name());
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    current = null;
    // Let fetches already running finish rather than interrupt them: each closes its chunk's handle
    // when done, and a caller that deletes or unmounts after close() must find no handle open (an SMB
    // server keeps a deleted file, and so its folder, while a handle is open). At most `prefetch` chunks.
    for (Future<byte[]> f : ahead) {
      f.cancel(false);
    }
    ahead.clear();
    pool.shutdown();
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the whole stream was read and its size and SHA-256 matched. */
  public boolean verified() {
    return verified;
  }

}
