package io.ferry.installer.share;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves object bytes in large blocks, with several requests in flight where a protocol is
 * latency-bound (SMB without multi-credit is limited to 64 KiB per request; one request at a time
 * leaves the link idle while the server answers).
 */
final class BlockIo {
  /** The block size of reads and writes: 1 MiB, NFS's largest request here and a good SMB batch. */
  static final int BLOCK = 1 << 20;

  private BlockIo() {}

  /** Writes one block at an offset; must be safe to call from several threads for different offsets. */
  interface BlockWriter {
    void write(long offset, byte[] b, int len) throws IOException;
  }

  /** The data source (the caller's stream) failed or ended early: not the share's fault. */
  static final class SourceException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A pool of daemon threads for one share's background I/O; idle threads end after a minute. */
  static ExecutorService newPool(String name) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf = r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), tf);
  }

  /** Reads until {@code len} bytes or the end of {@code in}; returns how many were read. */
  static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int r = in.read(b, off + done, len - done);
      if (r < 0) {
        break;
      }
      done += r;
    }
    return done;
  }

  /** {@link #copy(InputStream, long, BlockWriter, int, int, ExecutorService)} in {@link #BLOCK}s. */
  static void copy(InputStream src, long length, BlockWriter w, int parallel, ExecutorService pool) throws IOException {
    copy(src, length, w, BLOCK, parallel, pool);
  }

  /**
   * Copies exactly {@code length} bytes of {@code src} to {@code w} in blocks of {@code block} bytes,
   * with up to {@code parallel} writes in flight. Never reads past {@code length}. On failure no write is still
   * running when this returns (so the caller may delete what was written).
   *
   * @throws SourceException if {@code src} failed or ended early
   * @throws IOException what {@code w} threw
   */
  static void copy(InputStream src, long length, BlockWriter w, int block, int parallel, ExecutorService pool)
      throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    if (parallel <= 1 || length <= block) {
      byte[] b = new byte[(int) Math.min(block, Math.max(length, 1))];
      for (long off = 0; off < length; ) {
        int n = (int) Math.min(b.length, length - off);
        fill(src, b, n, off, length);
        w.write(off, b, n);
        off += n;
      }
      return;
    }
    Deque<byte[]> free = new ArrayDeque<>();
    Deque<Future<?>> inFlight = new ArrayDeque<>();
    Deque<byte[]> inFlightBuffers = new ArrayDeque<>();
    try {
      for (long off = 0; off < length; ) {
        if (inFlight.size() >= parallel) {
          await(inFlight.removeFirst());
          free.addLast(inFlightBuffers.removeFirst());
        }
        byte[] b = free.isEmpty() ? new byte[block] : free.removeFirst();
        int n = (int) Math.min(block, length - off);
        fill(src, b, n, off, length);
        long at = off;
        inFlight.addLast(pool.submit(() -> {
          w.write(at, b, n);
          return null;
        }));
        inFlightBuffers.addLast(b);
        off += n;
      }
      while (!inFlight.isEmpty()) {
        await(inFlight.removeFirst());
      }
    } finally {
      // After a failure: let the writes still running finish (or fail) before the caller cleans up.
      // (Not cancel(): a cancelled task's get() returns at once while the task may still run.)
      for (Future<?> f : inFlight) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (ExecutionException | CancellationException ignored) {
          // the first failure is the one reported
        }
      }
    }
  }

  private static void fill(InputStream src, byte[] b, int n, long off, long length) throws SourceException {
    int r;
    try {
      r = readFully(src, b, 0, n);
    } catch (IOException | RuntimeException e) {
      throw new SourceException("reading the data to write failed after " + off + " of " + length + " bytes: "
          + e.getMessage(), e);
    }
    if (r < n) {
      throw new SourceException("the data to write ended after " + (off + r) + " of the " + length
          + " bytes announced", null);
    }
  }

  private static void await(Future<?> f) throws IOException {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while writing");
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
}
