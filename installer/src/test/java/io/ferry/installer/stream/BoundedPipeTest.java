package io.ferry.installer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BoundedPipeTest {

  @Test
  void aWriterAheadOfTheReaderWaitsWithAtMostTheBufferInFlight() throws Exception {
    BoundedPipe pipe = new BoundedPipe(1024);
    AtomicLong written = new AtomicLong();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < 10; i++) {
          pipe.write(new byte[300], 0, 300);
          written.addAndGet(300);
        }
        pipe.finish();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    writer.start();
    awaitWaiting(writer);
    // Three writes of 300 fit; the fourth waits with 124 of its bytes in the buffer.
    assertEquals(900, written.get());
    assertEquals(1024, pipe.reader().available());

    byte[] got = pipe.reader().readAllBytes();

    writer.join(5000);
    assertEquals(3000, got.length);
    assertEquals(3000, written.get());
  }

  @Test
  void bytesArriveInOrderAcrossTheWrapAround() throws Exception {
    BoundedPipe pipe = new BoundedPipe(4096);
    byte[] data = new byte[1 << 20];
    new Random(42).nextBytes(data);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        Random sizes = new Random(7);
        int off = 0;
        while (off < data.length) {
          int n = Math.min(data.length - off, 1 + sizes.nextInt(5000));
          pipe.write(data, off, n);
          off += n;
        }
        pipe.finish();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[777];
    int n;
    long total = 0;
    InputStream in = pipe.reader();
    while ((n = in.read(buf, 0, buf.length)) >= 0) {
      got.update(buf, 0, n);
      total += n;
    }
    writer.get(10, TimeUnit.SECONDS);
    assertEquals(data.length, total);
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), got.digest());
    assertEquals(-1, in.read(), "the end stays the end");
  }

  @Test
  void aFailureReachesTheReaderAfterTheBytesWrittenBeforeIt() throws Exception {
    BoundedPipe pipe = new BoundedPipe(64);
    pipe.write("partial".getBytes(), 0, 7);
    IOException cause = new IOException("'pg_dump' exited with code 1");
    pipe.fail(cause);
    pipe.finish(); // too late: the first end counts
    InputStream in = pipe.reader();

    byte[] first = new byte[64];
    assertEquals(7, in.read(first, 0, 64));
    IOException e = assertThrows(IOException.class, in::read);
    assertSame(cause, e);
    assertSame(cause, assertThrows(IOException.class, in::read), "and again on the next read");
  }

  @Test
  void aReaderWaitingOnAnEmptyPipeGetsTheFailure() throws Exception {
    BoundedPipe pipe = new BoundedPipe(64);
    CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
      try {
        return pipe.reader().read();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(100);
    assertFalse(read.isDone());
    pipe.fail(new IOException("boom"));
    ExecutionException e = assertThrows(ExecutionException.class, () -> read.get(5, TimeUnit.SECONDS));
    assertEquals("boom", e.getCause().getCause().getMessage());
  }

  @Test
  void closingTheReaderReleasesAWaitingWriterAtOnce() throws Exception {
    BoundedPipe pipe = new BoundedPipe(16);
    CompletableFuture<Throwable> writer = CompletableFuture.supplyAsync(() -> {
      try {
        pipe.write(new byte[1000], 0, 1000);
        return null;
      } catch (IOException e) {
        return e;
      }
    });
    Thread.sleep(100);
    assertFalse(writer.isDone(), "the writer waits for room");

    pipe.reader().close();

    Throwable t = writer.get(5, TimeUnit.SECONDS);
    assertTrue(t instanceof BoundedPipe.ReaderClosedException, String.valueOf(t));
    assertTrue(pipe.readerClosed());
    assertThrows(BoundedPipe.ReaderClosedException.class, () -> pipe.write(new byte[1], 0, 1),
        "and every later write fails too");
    assertThrows(IOException.class, () -> pipe.reader().read(), "a closed reader does not read");
  }

  @Test
  void anInterruptedReaderStopsWaitingAndKeepsItsInterruptFlag() throws Exception {
    BoundedPipe pipe = new BoundedPipe(16);
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        pipe.reader().read();
        outcome.complete("read returned");
      } catch (InterruptedIOException e) {
        outcome.complete("interrupted, flag " + Thread.currentThread().isInterrupted());
      } catch (IOException e) {
        outcome.complete("other: " + e);
      }
    });
    reader.start();
    awaitWaiting(reader);
    reader.interrupt();
    assertEquals("interrupted, flag true", outcome.get(5, TimeUnit.SECONDS));
  }

  private static void awaitWaiting(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(Thread.State.WAITING, t.getState());
  }
}
