package io.ferry.installer.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.signing.manifest.BundleManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second pass over a verified bundle that streams vanilla data: it must notice a file changed meanwhile. */
class BundleBlobReaderTest {
  static final byte[] DUMP = "create table t(x int);\n".repeat(100).getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  static Path bundle;
  static BundleManifest manifest;
  static String dump;

  @BeforeAll
  static void bundle() throws Exception {
    bundle = TestBundles.write(dir.resolve("good.ferry"), TestBundles.key(dir, "release").signer());
    manifest = BundleHeadForTests.manifest(bundle);
    dump = manifest.data().get("database");
  }

  /** A copy of the bundle with one byte of the vanilla dump changed, as if the file changed after verification. */
  static Path tampered() throws IOException {
    byte[] bytes = Files.readAllBytes(bundle);
    int at = indexOf(bytes, DUMP) + 1000;
    bytes[at] ^= 0x01;
    Path copy = dir.resolve("changed.ferry");
    Files.write(copy, bytes);
    return copy;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("the dump is not in the bundle");
  }

  @Test
  void aBlobStreamsAsStored() throws Exception {
    try (InputStream in = new BundleBlobReader(bundle, manifest).open(dump)) {
      assertArrayEquals(DUMP, in.readAllBytes());
      assertEquals(-1, in.read());
    }
  }

  @Test
  void aChangedBlobFailsTheLastReadWithTheBundleRejected() throws Exception {
    IOException e;
    try (InputStream in = new BundleBlobReader(tampered(), manifest).open(dump)) {
      byte[] head = in.readNBytes(DUMP.length);
      assertEquals(DUMP.length, head.length, "all bytes come, unconfirmed");
      e = assertThrows(IOException.class, in::read);
    }
    BundleRejectedException rejected = assertInstanceOf(BundleRejectedException.class, e.getCause());
    assertTrue(rejected.getMessage().contains(dump) && rejected.getMessage().contains("changed since"),
        rejected.getMessage());
  }

  @Test
  void theCallbackReadThrowsTheBundleRejectedItself() throws Exception {
    BundleRejectedException e = assertThrows(BundleRejectedException.class,
        () -> new BundleBlobReader(tampered(), manifest).read(dump, (blob, content) -> content.readNBytes(10)));
    assertTrue(e.getMessage().contains("changed since the bundle was verified"), e.getMessage());
  }
}
