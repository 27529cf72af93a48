package io.ferry.installer.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.progress.ProgressListener;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.pgp.TrustStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal of point 6 on a synthetic bundle; BundleTamperIT repeats them on a real one. */
class BundleVerifierTest {
  @TempDir static Path dir;
  static Path good;
  static TestBundles.Key trusted;
  static TestBundles.Key stranger;
  static String layer;

  static final Predicate<String> LAYER = n -> n.startsWith(BundleLayout.BLOB_PREFIX);

  @BeforeAll
  static void makeBundle() throws Exception {
    trusted = TestBundles.key(dir, "release");
    stranger = TestBundles.key(dir, "stranger");
    good = TestBundles.write(dir.resolve("good.ferry"), trusted.signer());
    layer = firstLayer();
  }

  private static VerifiedBundle verify(Path bundle, BlobSink sink) throws Exception {
    try (InputStream in = Files.newInputStream(bundle)) {
      return new BundleVerifier(TrustStore.load(trusted.publicKey()), Clock.systemUTC(), ProgressListener.NONE)
          .verify(in, Files.size(bundle), sink);
    }
  }

  private static BundleRejectedException rejected(TarRewriter.Edit edit) throws Exception {
    Path bad = Files.createTempFile(dir, "bad", ".ferry");
    TarRewriter.rewrite(good, bad, edit);
    return assertThrows(BundleRejectedException.class, () -> verify(bad, BlobSink.NONE));
  }

  @Test
  void goodBundleVerifiesAndReportsWhatItNeeds() throws Exception {
    VerifiedBundle v = verify(good, BlobSink.NONE);
    assertEquals("demo", v.manifest().stack());
    assertEquals(trusted.signer().keyId(), v.signature().keyId());
    assertEquals(8, v.entries());
    assertEquals(Files.size(good), v.bytesRead());
    assertTrue(v.manifest().requiredHostBytes() > 1_000_000);
  }

  @Test
  void sinkSeesEveryBlobOnlyOnceAndVerifiedAfterItsBytes() throws Exception {
    List<String> events = new ArrayList<>();
    verify(good, new BlobSink() {
      @Override
      public void consume(Blob blob, InputStream content) throws java.io.IOException {
        events.add("open " + blob.kind().token());
        content.readNBytes(10);
      }

      @Override
      public void verified(Blob blob) {
        events.add("ok " + blob.kind().token());
      }

      @Override
      public void complete() {
        events.add("complete");
      }
    });
    assertEquals(List.of("open file", "ok file", "open config", "ok config", "open layer", "ok layer", "open layer",
        "ok layer", "open chunk", "ok chunk", "open snapshot", "ok snapshot", "complete"), events);
  }

  @Test
  void flippedByteInsideALayerIsAWrongDigest() throws Exception {
    BundleRejectedException e = rejected(TarRewriter.flipByte(n -> n.contains(layer), 1234));
    assertTrue(e.getMessage().startsWith("entry blobs/sha256/" + layer + ": wrong digest"), e.getMessage());
  }

  @Test
  void longerEntryIsAWrongSize() throws Exception {
    BundleRejectedException e = rejected(TarRewriter.replace(n -> n.contains(layer), new byte[300_001]));
    assertTrue(e.getMessage().contains(": wrong size: 300001 bytes, the signed manifest says 300000"), e.getMessage());
  }

  @Test
  void missingEntryIsNamed() throws Exception {
    BundleRejectedException e = rejected(TarRewriter.drop(n -> n.contains(layer)));
    assertEquals("blobs/sha256/" + layer, e.entry());
    assertTrue(e.reason().startsWith("missing"), e.getMessage());
  }

  @Test
  void appendedEntryIsExtra() throws Exception {
    BundleRejectedException e = rejected(TarRewriter.appendFile("blobs/sha256/" + "f".repeat(64), new byte[10]));
    assertTrue(e.getMessage().contains("extra entry"), e.getMessage());
  }

  @Test
  void duplicateEntryIsRefused() throws Exception {
    BundleRejectedException e = rejected(TarRewriter.duplicate(n -> n.contains(layer)));
    assertTrue(e.getMessage().endsWith(": duplicate entry"), e.getMessage());
  }

  @Test
  void traversalAbsoluteAndLinkEntriesAreRefused() throws Exception {
    assertTrue(rejected(TarRewriter.appendFile("../../etc/cron.d/evil", new byte[3])).getMessage()
        .contains("path with '..'"));
    assertTrue(rejected(TarRewriter.appendFile("blobs/sha256/../../x", new byte[3])).getMessage()
        .contains("path with '..'"));
    assertTrue(rejected(TarRewriter.appendFile("/etc/passwd", new byte[3])).getMessage().contains("absolute path"));
    assertTrue(rejected(TarRewriter.appendLink("blobs/sha256/" + "f".repeat(64), "/etc/shadow", true)).getMessage()
        .contains("link entry"));
    assertTrue(rejected(TarRewriter.appendLink("x", "manifest", false)).getMessage().contains("link entry"));
  }

  @Test
  void truncatedFileIsRefusedWhereverItIsCut() throws Exception {
    long size = Files.size(good);
    for (long cut : new long[] {size / 2, size - 1500, 700}) {
      Path bad = dir.resolve("cut-" + cut);
      TarRewriter.truncate(good, bad, cut);
      BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> verify(bad, BlobSink.NONE));
      assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("missing"), e.getMessage());
    }
  }

  @Test
  void corruptHeaderChecksumIsRefusedAsTarWould() throws Exception {
    Path bad = dir.resolve("header.ferry");
    Files.copy(good, bad);
    try (var ch = java.nio.channels.FileChannel.open(bad, java.nio.file.StandardOpenOption.WRITE)) {
      // The linkname field of the third header: meaningless for a file, but covered by the checksum.
      ch.write(java.nio.ByteBuffer.wrap("ZZZ".getBytes(StandardCharsets.US_ASCII)), 3072 + 170);
    }
    BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> verify(bad, BlobSink.NONE));
    assertTrue(e.getMessage().contains("corrupt tar header"), e.getMessage());
  }

  @Test
  void dataAppendedAfterTheArchiveIsRefused() throws Exception {
    Path bad = dir.resolve("trailing.ferry");
    Files.copy(good, bad);
    Files.write(bad, "evil".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> verify(bad, BlobSink.NONE));
    assertTrue(e.getMessage().contains("appended after the end"), e.getMessage());
  }

  @Test
  void editedManifestFailsTheSignatureBeforeAnythingElse() throws Exception {
    Path bad = dir.resolve("edited.ferry");
    byte[] manifest = readEntry(good, BundleLayout.MANIFEST);
    byte[] edited = new String(manifest, StandardCharsets.UTF_8).replace("release 1.0.0", "release 9.9.9")
        .getBytes(StandardCharsets.UTF_8);
    TarRewriter.rewrite(good, bad, TarRewriter.replace(n -> n.equals(BundleLayout.MANIFEST), edited));
    List<String> opened = new ArrayList<>();
    SignatureRejectedException e = assertThrows(SignatureRejectedException.class, () -> verify(bad, new BlobSink() {
      @Override
      public void consume(Blob blob, InputStream content) {
        opened.add(blob.digest());
      }
    }));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    assertEquals(List.of(), opened, "no blob may be read before the signature is trusted");
  }

  @Test
  void signatureByAnUntrustedKeyNamesTheKey() throws Exception {
    Path bad = dir.resolve("resigned.ferry");
    byte[] manifest = readEntry(good, BundleLayout.MANIFEST);
    byte[] foreign = stranger.signer().signDetached(new ByteArrayInputStream(manifest));
    TarRewriter.rewrite(good, bad, TarRewriter.replace(n -> n.equals(BundleLayout.SIGNATURE), foreign));
    SignatureRejectedException e = assertThrows(SignatureRejectedException.class, () -> verify(bad, BlobSink.NONE));
    assertTrue(e.getMessage().contains(stranger.signer().keyId()), e.getMessage());
  }

  @Test
  void notABundleAtAll() throws Exception {
    Path junk = dir.resolve("junk.ferry");
    Files.write(junk, "hello, this is not a tar file at all".repeat(40).getBytes(StandardCharsets.UTF_8));
    BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> verify(junk, BlobSink.NONE));
    assertTrue(e.getMessage().contains("not a Ferry bundle"), e.getMessage());
  }

  @Test
  void rejectionTellsTheSinkToDiscard() throws Exception {
    Path bad = dir.resolve("flip-for-sink.ferry");
    TarRewriter.rewrite(good, bad, TarRewriter.flipByte(n -> n.contains(layer), 10));
    boolean[] discarded = {false};
    assertThrows(BundleRejectedException.class, () -> verify(bad, new BlobSink() {
      @Override
      public void rejected() {
        discarded[0] = true;
      }
    }));
    assertTrue(discarded[0]);
  }

  private static VerifiedBundle verifyExcept(Path bundle, BlobSink sink, java.util.Set<String> unread,
      long[] bytesReallyRead) throws Exception {
    return verifyExcept(bundle, sink, unread, bytesReallyRead, ProgressListener.NONE);
  }

  private static VerifiedBundle verifyExcept(Path bundle, BlobSink sink, java.util.Set<String> unread,
      long[] bytesReallyRead, ProgressListener progress) throws Exception {
    try (InputStream file = Files.newInputStream(bundle);
        InputStream in = new java.io.FilterInputStream(file) {
          @Override
          public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            bytesReallyRead[0] += Math.max(n, 0);
            return n;
          }

          @Override
          public int read() throws java.io.IOException {
            int b = super.read();
            bytesReallyRead[0] += b < 0 ? 0 : 1;
            return b;
          }
        }) {
      return new BundleVerifier(TrustStore.load(trusted.publicKey()), Clock.systemUTC(), progress)
          .verifyExcept(in, Files.size(bundle), sink, unread);
    }
  }

  @Test
  void anEntryTheHostHoldsIsSeekedOverNotHashedAndNotShownToTheSink() throws Exception {
    Path flipped = dir.resolve("flip-held.ferry");
    TarRewriter.rewrite(good, flipped, TarRewriter.flipByte(n -> n.contains(layer), 1234));
    List<String> opened = new ArrayList<>();
    BlobSink sink = new BlobSink() {
      @Override
      public void consume(Blob blob, InputStream content) {
        opened.add(blob.digest());
      }
    };
    long[] read = {0};
    List<io.ferry.common.progress.ProgressEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    VerifiedBundle v = verifyExcept(flipped, sink, java.util.Set.of(layer), read, events::add);

    assertEquals(1, v.entriesNotRead());
    assertEquals(300_000, v.bytesNotRead());
    assertEquals(Files.size(flipped), v.bytesRead(), "the position still reaches the end of the file");
    assertTrue(read[0] <= Files.size(flipped) - 300_000, "the layer's bytes were read: " + read[0]);
    assertTrue(!opened.contains(layer) && opened.size() == v.manifest().blobs().size() - 1, opened.toString());
    var last = events.get(events.size() - 1);
    assertEquals(io.ferry.common.progress.ProgressEvent.Phase.FINISH, last.phase());
    assertEquals(Files.size(flipped) - 300_000, last.total(), "the bar counts what is read, not what is passed over");
    assertEquals(last.total(), last.done());
    // The same damage where the host does use the entry, or when everything is read: refused.
    assertThrows(BundleRejectedException.class, () -> verifyExcept(flipped, BlobSink.NONE, java.util.Set.of(), read));
    assertThrows(BundleRejectedException.class, () -> verify(flipped, BlobSink.NONE));
  }

  @Test
  void skippingKeepsEveryHeaderCheck() throws Exception {
    long[] read = {0};
    java.util.Set<String> held = java.util.Set.of(layer);
    Path longer = dir.resolve("longer-held.ferry");
    TarRewriter.rewrite(good, longer, TarRewriter.replace(n -> n.contains(layer), new byte[300_001]));
    BundleRejectedException e = assertThrows(BundleRejectedException.class,
        () -> verifyExcept(longer, BlobSink.NONE, held, read));
    assertTrue(e.getMessage().contains("wrong size"), e.getMessage());

    Path dropped = dir.resolve("dropped-held.ferry");
    TarRewriter.rewrite(good, dropped, TarRewriter.drop(n -> n.contains(layer)));
    e = assertThrows(BundleRejectedException.class, () -> verifyExcept(dropped, BlobSink.NONE, held, read));
    assertTrue(e.reason().startsWith("missing"), e.getMessage());

    Path trailing = dir.resolve("trailing-held.ferry");
    Files.copy(good, trailing);
    Files.write(trailing, "evil".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
    e = assertThrows(BundleRejectedException.class, () -> verifyExcept(trailing, BlobSink.NONE, held, read));
    assertTrue(e.getMessage().contains("appended after the end"), e.getMessage());
  }

  @Test
  void aFileCutInsideASkippedEntryIsTruncated() throws Exception {
    long start;
    try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(good)) {
      start = tar.getEntries().stream().filter(t -> t.getName().contains(layer)).findFirst().orElseThrow()
          .getDataOffset();
    }
    java.util.Set<String> everyBlob = new java.util.HashSet<>();
    verify(good, BlobSink.NONE).manifest().blobs().forEach(b -> everyBlob.add(b.digest()));
    for (long cut : new long[] {start + 150_000, Files.size(good) - 1500}) {
      Path bad = dir.resolve("cut-held-" + cut);
      TarRewriter.truncate(good, bad, cut);
      BundleRejectedException e = assertThrows(BundleRejectedException.class,
          () -> verifyExcept(bad, BlobSink.NONE, everyBlob, new long[1]));
      assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("missing"), e.getMessage());
    }
  }

  private static String firstLayer() throws Exception {
    for (String line : new String(readEntry(good, BundleLayout.MANIFEST), StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("blob ") && line.contains(" layer ")) {
        return line.split(" ")[1];
      }
    }
    throw new AssertionError("no layer");
  }

  private static byte[] readEntry(Path bundle, String name) throws Exception {
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(bundle))) {
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals(name)) {
          return tar.readAllBytes();
        }
      }
    }
    throw new AssertionError(name + " not found");
  }
}
