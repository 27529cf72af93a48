package io.ferry.installer.share;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every {@link Share} must keep, run against each implementation (local folder, SMB, NFS)
 * by a subclass that opens it. Each test works in its own fresh folder on the share and removes it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
abstract class ShareContract {
  static final int MIB = 1 << 20;

  /** Opens the share under test (its base folder is the root of what the tests see). */
  protected abstract Share open() throws Exception;

  /**
   * A second, independent connection to the same share, for races between two writers that do not
   * share a client. The default is the same share (one client, several threads).
   */
  protected Share openSecond() throws Exception {
    return null;
  }

  protected Share share;
  protected String dir;

  @BeforeEach
  void openShare() throws Exception {
    share = open();
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    dir = "contract-" + HexFormat.of().formatHex(b);
    share.mkdirs(dir);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (share != null) {
      try {
        deleteTree(share, dir);
      } finally {
        share.close();
      }
    }
  }

  static void deleteTree(Share s, String d) throws ShareException {
    ShareTestBed.deleteTree(s, d);
  }

  private String p(String rel) {
    return dir + "/" + rel;
  }

  @Test
  void smallObjectRoundTrip() throws Exception {
    byte[] data = TestData.bytes(1, 1000);
    assertTrue(share.putIfAbsent(p("a/b/small.bin"), new ByteArrayInputStream(data), data.length));
    assertTrue(share.exists(p("a/b/small.bin")));
    assertEquals(1000, share.size(p("a/b/small.bin")));
    try (InputStream in = share.read(p("a/b/small.bin"))) {
      assertArrayEquals(data, in.readAllBytes());
    }
  }

  @Test
  void emptyObjectRoundTrip() throws Exception {
    assertTrue(share.putIfAbsent(p("empty"), new ByteArrayInputStream(new byte[0]), 0));
    assertTrue(share.exists(p("empty")));
    assertEquals(0, share.size(p("empty")));
    try (InputStream in = share.read(p("empty"))) {
      assertEquals(-1, in.read());
    }
  }

  @Test
  void largeObjectIsStreamedBothWays() throws Exception {
    long len = 64L * MIB + 12345; // not a multiple of the 1 MiB block
    InputStream src = TestData.stream(64, len);
    assertTrue(share.putIfAbsent(p("large.bin"), src, len));
    assertEquals(len, TestData.position(src), "exactly the announced bytes were read");
    assertEquals(len, share.size(p("large.bin")));
    try (InputStream in = share.read(p("large.bin"))) {
      assertEquals(TestData.sha256(64, len), TestData.sha256(in));
    }
  }

  @Test
  void oddReadSizesSeeTheSameBytes() throws Exception {
    int len = 2 * MIB + MIB / 2 + 3;
    assertTrue(share.putIfAbsent(p("odd"), TestData.stream(7, len), len));
    byte[] expected = TestData.bytes(7, len);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = share.read(p("odd"))) {
      byte[] buf = new byte[7777];
      got.write(in.read());
      assertEquals(1000, in.skip(1000));
      got.write(expected, 1, 1000);
      int n;
      while ((n = in.read(buf, 0, buf.length)) > 0) {
        got.write(buf, 0, n);
      }
      assertEquals(-1, in.read());
    }
    assertArrayEquals(expected, got.toByteArray());
  }

  @Test
  void putIfAbsentNeverReplaces() throws Exception {
    byte[] first = TestData.bytes(1, 5000);
    assertTrue(share.putIfAbsent(p("once"), new ByteArrayInputStream(first), first.length));
    InputStream second = TestData.stream(2, 5000);
    assertFalse(share.putIfAbsent(p("once"), second, 5000));
    assertEquals(0, TestData.position(second), "nothing was read or written for an existing object");
    try (InputStream in = share.read(p("once"))) {
      assertArrayEquals(first, in.readAllBytes());
    }
    assertEquals(List.of("once"), share.list(dir));
  }

  @Test
  void readsNoMoreThanTheAnnouncedLength() throws Exception {
    InputStream longer = TestData.stream(3, 3 * MIB);
    assertTrue(share.putIfAbsent(p("slice"), longer, MIB + 10));
    assertEquals(MIB + 10, TestData.position(longer), "the rest of the caller's stream is left unread");
    assertEquals(MIB + 10, share.size(p("slice")));
  }

  @Test
  void noTemporaryObjectAfterSuccess() throws Exception {
    assertTrue(share.putIfAbsent(p("f/x"), TestData.stream(1, 3 * MIB), 3 * MIB));
    assertEquals(List.of("x"), share.list(p("f")));
  }

  @Test
  void failingSourceLeavesNothingBehind() throws Exception {
    share.mkdirs(p("fail"));
    ShareException e = assertThrows(ShareException.class,
        () -> share.putIfAbsent(p("fail/obj"), TestData.failingAfter(5, 8L * MIB, 3L * MIB + 5), 8L * MIB));
    assertEquals(ShareException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains("simulated failure"), e.getMessage());
    assertFalse(share.exists(p("fail/obj")));
    assertEquals(List.of(), share.list(p("fail")), "no temporary object is left");
  }

  @Test
  void shortSourceLeavesNothingBehind() throws Exception {
    share.mkdirs(p("short"));
    ShareException e = assertThrows(ShareException.class,
        () -> share.putIfAbsent(p("short/obj"), TestData.stream(5, 500), 1000));
    assertEquals(ShareException.Kind.IO, e.kind());
    assertTrue(e.getMessage().contains("ended after 500 of the 1000 bytes"), e.getMessage());
    assertEquals(List.of(), share.list(p("short")));
  }

  @Test
  void foldersListExistsSizeAndDelete() throws Exception {
    share.mkdirs(p("x/y/z"));
    share.mkdirs(p("x/y/z")); // again: no error
    assertTrue(share.exists(p("x/y/z")));
    assertEquals(List.of("z"), share.list(p("x/y")));
    assertEquals(List.of(), share.list(p("x/y/z")));
    assertEquals(List.of(), share.list(p("no/such/folder")), "a missing folder lists as empty");
    assertFalse(share.exists(p("x/nothing")));

    byte[] a = TestData.bytes(1, 10);
    share.putIfAbsent(p("x/b"), new ByteArrayInputStream(a), a.length);
    share.putIfAbsent(p("x/a"), new ByteArrayInputStream(a), a.length);
    assertEquals(List.of("a", "b", "y"), share.list(p("x")), "sorted names of objects and folders");
    assertEquals(List.of(), share.list(p("x/a")), "an object lists as empty");

    share.delete(p("x/a"));
    assertFalse(share.exists(p("x/a")));
    share.delete(p("x/a")); // already gone: no error
    assertEquals(List.of("b", "y"), share.list(p("x")));

    share.delete(p("x/y/z")); // an empty folder
    assertEquals(List.of(), share.list(p("x/y")));

    ShareException size = assertThrows(ShareException.class, () -> share.size(p("x/missing")));
    assertEquals(ShareException.Kind.NOT_FOUND, size.kind());
    ShareException read = assertThrows(ShareException.class, () -> share.read(p("x/missing")));
    assertEquals(ShareException.Kind.NOT_FOUND, read.kind());
    assertFalse(share.exists(p("x/missing")), "a failed read creates nothing");
  }

  @Test
  void deletingAFolderThatIsNotEmptyFails() throws Exception {
    share.putIfAbsent(p("full/obj"), TestData.stream(1, 10), 10);
    assertThrows(ShareException.class, () -> share.delete(p("full")));
    assertTrue(share.exists(p("full/obj")));
  }

  @Test
  void racingWritersExactlyOneWins() throws Exception {
    Share other = openSecond();
    try {
      Share second = other == null ? share : other;
      ExecutorService ex = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 4; round++) {
          String path = p("race/obj-" + round);
          long len = 3L * MIB + 17;
          CyclicBarrier start = new CyclicBarrier(2);
          List<Future<Boolean>> results = new ArrayList<>();
          long[] seeds = {100 + round, 200 + round};
          Share[] writers = {share, second};
          for (int i = 0; i < 2; i++) {
            long seed = seeds[i];
            Share w = writers[i];
            Callable<Boolean> put = () -> {
              start.await(30, TimeUnit.SECONDS);
              return w.putIfAbsent(path, TestData.stream(seed, len), len);
            };
            results.add(ex.submit(put));
          }
          boolean a = results.get(0).get(3, TimeUnit.MINUTES);
          boolean b = results.get(1).get(3, TimeUnit.MINUTES);
          assertTrue(a ^ b, "exactly one writer wins (round " + round + "): " + a + " " + b);
          long winner = a ? seeds[0] : seeds[1];
          try (InputStream in = share.read(path)) {
            assertEquals(TestData.sha256(winner, len), TestData.sha256(in), "the object is the winner's, complete");
          }
        }
        assertEquals(List.of("obj-0", "obj-1", "obj-2", "obj-3"), share.list(p("race")), "no temporary objects");
      } finally {
        ex.shutdownNow();
      }
    } finally {
      if (other != null) {
        other.close();
      }
    }
  }

  @Test
  void invalidPathsAreRefused() {
    String temp = SharePaths.TEMP_PREFIX + "0123-x";
    for (String bad : new String[] {"../x", "/abs", "a/../b", "a/./b", "a//b", "a/", "", "a\\b", "a b", "dot.", temp}) {
      assertThrows(IllegalArgumentException.class, () -> share.exists(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> share.read(bad), bad);
      assertThrows(IllegalArgumentException.class,
          () -> share.putIfAbsent(bad, new ByteArrayInputStream(new byte[1]), 1), bad);
      if (!bad.isEmpty() && !bad.equals(temp)) {
        assertThrows(IllegalArgumentException.class, () -> share.mkdirs(bad), bad);
        assertThrows(IllegalArgumentException.class, () -> share.list(bad), bad);
        assertThrows(IllegalArgumentException.class, () -> share.delete(bad), bad);
      }
    }
  }

  @Test
  void temporaryNamesAreListedAndDeletable() throws Exception {
    assertTrue(Shares.isTemporary(SharePaths.tempName("x")));
    assertFalse(Shares.isTemporary("x"));
    share.delete(p(SharePaths.tempName("x"))); // nothing there: no error, and the name is accepted
  }

  @Test
  void tellsFreeSpace() throws Exception {
    assertTrue(share.freeBytes().isPresent());
    assertTrue(share.freeBytes().getAsLong() > 0);
  }

  @Test
  void describesWithoutSecrets() {
    assertFalse(share.describe().isBlank());
  }

  /** For subclasses: an object of {@code len} bytes from {@code seed}, written through the share. */
  protected void put(String rel, long seed, long len) throws ShareException, IOException {
    assertTrue(share.putIfAbsent(p(rel), TestData.stream(seed, len), len));
  }
}
