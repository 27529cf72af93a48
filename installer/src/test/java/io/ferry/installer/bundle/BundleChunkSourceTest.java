package io.ferry.installer.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.common.progress.ProgressListener;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.pgp.TrustStore;
import io.ferry.signing.snapshot.MissingChunkException;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotKind;
import io.ferry.signing.snapshot.SnapshotStreamReader;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleChunkSourceTest {
  @TempDir static Path dir;
  static Path good;
  static BundleManifest manifest;

  @BeforeAll
  static void makeBundle() throws Exception {
    TestBundles.Key key = TestBundles.key(dir, "release");
    good = TestBundles.write(dir.resolve("good.ferry"), key.signer());
    try (InputStream in = Files.newInputStream(good)) {
      manifest = new BundleVerifier(TrustStore.load(key.publicKey()), Clock.systemUTC(), ProgressListener.NONE)
          .verify(in, Files.size(good), BlobSink.NONE).manifest();
    }
  }

  @Test
  void theVanillaStreamsReadBackThroughTheSnapshotReader() throws Exception {
    try (BundleChunkSource source = BundleChunkSource.open(good, manifest)) {
      Snapshot snapshot = source.vanillaSnapshot();
      assertEquals(SnapshotKind.VANILLA, snapshot.kind());
      try (SnapshotStreamReader in = SnapshotStreamReader.open(snapshot.stream("database").orElseThrow(), source)) {
        assertArrayEquals("create table t(x int);\n".repeat(100).getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        assertTrue(in.verified());
      }
      assertThrows(MissingChunkException.class, () -> source.open("0".repeat(64)));
    }
  }

  @Test
  void aChunkChangedAfterVerificationIsRefused() throws Exception {
    Path changed = dir.resolve("changed.ferry");
    Files.copy(good, changed, StandardCopyOption.REPLACE_EXISTING);
    String chunkId = manifest.blobsOfKind(io.ferry.signing.manifest.BlobKind.CHUNK).get(0).attribute("chunk");
    long offset;
    try (BundleChunkSource source = BundleChunkSource.open(changed, manifest)) {
      offset = locate(changed, source.open(chunkId).readAllBytes());
    }
    try (RandomAccessFile f = new RandomAccessFile(changed.toFile(), "rw")) {
      f.seek(offset + 10);
      int b = f.read();
      f.seek(offset + 10);
      f.write(b ^ 0x01);
    }
    try (BundleChunkSource source = BundleChunkSource.open(changed, manifest)) {
      Exception e = assertThrows(Exception.class, () -> source.open(chunkId));
      assertTrue(e.getMessage().contains("changed since the bundle was verified"), e.getMessage());
    }
  }

  @Test
  void anotherManifestIsRefused() throws Exception {
    TestBundles.Key other = TestBundles.key(dir, "other");
    Path second = TestBundles.write(dir.resolve("other.ferry"), other.signer());
    // Same content, other signature: the manifest bytes are equal, so this must open...
    BundleChunkSource.open(second, manifest).close();
    // ...but a bundle whose manifest differs must not.
    Path empty = dir.resolve("empty.ferry");
    Files.write(empty, new byte[10240]);
    assertThrows(Exception.class, () -> BundleChunkSource.open(empty, manifest));
  }

  private static long locate(Path file, byte[] needle) throws Exception {
    byte[] all = Files.readAllBytes(file);
    outer:
    for (int i = 0; i + needle.length <= all.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (all[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("chunk not found in the file");
  }
}
