package io.ferry.installer.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A byte pipe between one producer thread and one consumer with a fixed buffer: a producer that
 * runs ahead waits until the consumer has read, so memory stays the buffer's size however much
 * flows through it. {@link java.io.PipedInputStream} would do the same with a 1 KiB buffer that
 * turns every frame into dozens of hand-overs, and it breaks when the writing thread dies (as a
 * docker-java callback thread does once the stream ends).
 *
 * <p>The producer ends the stream with {@link #finish()} or {@link #fail(IOException)}; the
 * consumer reads everything written before either, then the end or that failure. When the consumer
 * closes its side, a waiting or later {@link #write} throws {@link ReaderClosedException} at once, so
 * the producer can stop whatever feeds it. Thread-safe for one producer and one consumer.
 */
public final class BoundedPipe {
  /** The consumer closed its side: nobody will read what the producer writes. */
  public static final class ReaderClosedException extends IOException {
    ReaderClosedException() {
      super("the reader closed the stream");
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final byte[] buffer;
  private int start;
  private int size;
  private boolean finished;
  private IOException failure;
  private boolean readerClosed;
  private final Reader reader = new Reader();

  public BoundedPipe(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    buffer = new byte[capacity];
  }

  public int capacity() {
    return buffer.length;
  }

  /**
   * The producer's side as a stream: {@code write} as {@link #write}, {@code close} as {@link #finish}.
   * For code that writes into an {@link OutputStream}, such as a tar writer.
   */
  public OutputStream writer() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        BoundedPipe.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        BoundedPipe.this.write(b, off, len);
      }

      @Override
      public void close() {
        finish();
      }
    };
  }

  /** Closes the consumer's side as if the consumer had: for when the consumer is gone without closing. */
  public void closeReader() {
    reader.close();
  }

  /** The consumer's side. */
  public InputStream reader() {
    return reader;
  }

  /**
   * Appends all {@code len} bytes, waiting while the buffer is full.
   *
   * @throws ReaderClosedException if the consumer closed its side (before or while waiting)
   * @throws InterruptedIOException if the producer thread is interrupted while waiting
   */
  public void write(byte[] b, int off, int len) throws IOException {
    lock.lock();
    try {
      if (finished || failure != null) {
        throw new IllegalStateException("write after the pipe was ended");
      }
      while (len > 0) {
        while (size == buffer.length && !readerClosed) {
          awaitOrInterrupted(writable);
        }
        if (readerClosed) {
          throw new ReaderClosedException();
        }
        int end = (start + size) % buffer.length;
        int n = Math.min(len, Math.min(buffer.length - size, buffer.length - end));
        System.arraycopy(b, off, buffer, end, n);
        size += n;
        off += n;
        len -= n;
        readable.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The stream ends cleanly after the bytes written so far. Only the first of finish/fail counts. */
  public void finish() {
    lock.lock();
    try {
      if (failure == null) {
        finished = true;
      }
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The consumer gets {@code e} once it has read the bytes written so far. Only the first of finish/fail counts. */
  public void fail(IOException e) {
    lock.lock();
    try {
      if (!finished && failure == null) {
        failure = e;
      }
      readable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** True once the consumer closed its side. */
  public boolean readerClosed() {
    lock.lock();
    try {
      return readerClosed;
    } finally {
      lock.unlock();
    }
  }

  private static void awaitOrInterrupted(Condition c) throws InterruptedIOException {
    try {
      c.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting on the stream");
    }
  }

  private final class Reader extends BlockInputStream {
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      java.util.Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      lock.lock();
      try {
        if (readerClosed) {
          throw new IOException("the stream is closed");
        }
        while (size == 0 && !finished && failure == null) {
          awaitOrInterrupted(readable);
        }
        if (size == 0) {
          if (failure != null) {
            throw failure;
          }
          return -1;
        }
        int n = Math.min(len, Math.min(size, buffer.length - start));
        System.arraycopy(buffer, start, b, off, n);
        start = (start + n) % buffer.length;
        size -= n;
        writable.signalAll();
        return n;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int available() {
      lock.lock();
      try {
        return size;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      lock.lock();
      try {
        readerClosed = true;
        size = 0;
        writable.signalAll();
        readable.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
