package io.ferry.installer.share;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Reads an object of known length in {@link BlockIo#BLOCK}s, keeping up to {@code depth} block reads
 * in flight ahead of the reader so the link stays busy while the caller hashes or decompresses. Block
 * {@code i} is read before block {@code i + depth} is asked for, so a reader may keep one sequential
 * handle per lane ({@code i % depth}).
 *
 * <p>Failures surface as {@link IOException}s whose cause is the mapped {@link ShareException}. Not
 * thread-safe: one reader thread.
 */
final class ReadAheadInputStream extends InputStream {
  /** Reads up to {@code len} bytes at {@code offset} into {@code b[off..]}; returns the count, 0 or less at the end. */
  interface BlockReader {
    int read(long offset, byte[] b, int off, int len) throws IOException;
  }

  private record Block(byte[] data, int len) {}

  private final BlockReader reader;
  private final long length;
  private final int depth;
  private final ExecutorService pool;
  private final Function<IOException, ShareException> errors;
  private final AutoCloseable onClose;
  private final Deque<Future<Block>> ahead = new ArrayDeque<>();
  private final Deque<byte[]> free = new ArrayDeque<>();
  private long nextOffset;
  private Block current;
  private int pos;
  private boolean ended;
  private boolean closed;

  ReadAheadInputStream(BlockReader reader, long length, int depth, ExecutorService pool,
      Function<IOException, ShareException> errors, AutoCloseable onClose) {
    this.reader = reader;
    this.length = length;
    this.depth = Math.max(1, depth);
    this.pool = pool;
    this.errors = errors;
    this.onClose = onClose;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("the stream is closed");
    }
    if (len == 0) {
      return 0;
    }
    while (current == null || pos >= current.len()) {
      if (!advance()) {
        return -1;
      }
    }
    int n = Math.min(len, current.len() - pos);
    System.arraycopy(current.data(), pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long done = 0;
    while (done < n) {
      if (current == null || pos >= current.len()) {
        if (!advance()) {
          break;
        }
      }
      int step = (int) Math.min(n - done, current.len() - pos);
      pos += step;
      done += step;
    }
    return done;
  }

  @Override
  public int available() {
    return current == null ? 0 : current.len() - pos;
  }

  /** Moves to the next block; false at the end. */
  private boolean advance() throws IOException {
    if (current != null) {
      free.addLast(current.data());
      current = null;
    }
    if (ended) {
      return false;
    }
    fillAhead();
    if (ahead.isEmpty()) {
      ended = true;
      return false;
    }
    Block b = await(ahead.removeFirst());
    fillAhead();
    pos = 0;
    current = b;
    if (b.len() < BlockIo.BLOCK) {
      // A short block is the end of the object (it may have been shorter than its size said).
      ended = true;
      cancelAhead();
    }
    return b.len() > 0 || !ended;
  }

  private void fillAhead() {
    while (ahead.size() < depth && nextOffset < length) {
      long at = nextOffset;
      int n = (int) Math.min(BlockIo.BLOCK, length - at);
      byte[] buf = free.isEmpty() ? new byte[BlockIo.BLOCK] : free.removeFirst();
      ahead.addLast(pool.submit(() -> {
        int done = 0;
        while (done < n) {
          int r = reader.read(at + done, buf, done, n - done);
          if (r <= 0) {
            break;
          }
          done += r;
        }
        return new Block(buf, done);
      }));
      nextOffset += n;
    }
  }

  private Block await(Future<Block> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancelAhead();
      throw new InterruptedIOException("interrupted while reading");
    } catch (ExecutionException e) {
      cancelAhead();
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        ShareException se = errors.apply(io);
        throw new IOException(se.getMessage(), se);
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

  /**
   * Waits until no read ahead is running (their handles may be closed next). At most {@code depth}
   * block reads; not cancel(), whose get() returns at once while the task may still run.
   */
  private void cancelAhead() {
    while (!ahead.isEmpty()) {
      Future<Block> f = ahead.removeFirst();
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | CancellationException ignored) {
        // closing or already failing: the first failure was reported
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    cancelAhead();
    current = null;
    free.clear();
    try {
      onClose.close();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }
}
