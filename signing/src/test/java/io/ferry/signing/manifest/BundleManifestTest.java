package io.ferry.signing.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleManifestTest {
  static final String LAYER = "a".repeat(64);
  static final String DIFF = "b".repeat(64);
  static final String CONFIG = "c".repeat(64);
  static final String COMPOSE = "d".repeat(64);
  static final String DATA = "e".repeat(64);
  static final String CHUNK = "f".repeat(64);
  static final String CHUNK_ID = "9".repeat(64);

  static BundleManifest sample() throws ManifestException {
    return BundleManifest.builder()
        .stack("acd-demo").release("1.0.0").product("ACD Demo contact centre")
        .created(Instant.parse("2026-11-23T08:00:00Z"))
        .composePath("compose.yaml").descriptorPath("stack.yaml")
        .blob(new Blob(COMPOSE, 120, BlobKind.FILE, Map.of()))
        .blob(new Blob(CONFIG, 1500, BlobKind.CONFIG, Map.of()))
        .blob(new Blob(LAYER, 1000, BlobKind.LAYER, Map.of("diff_id", DIFF, "size", "5000", "compression", "zstd")))
        .blob(new Blob(CHUNK, 300, BlobKind.CHUNK, Map.of("chunk", CHUNK_ID, "compression", "zstd", "size", "900")))
        .blob(new Blob(DATA, 200, BlobKind.SNAPSHOT, Map.of()))
        .image(new ImageRecord(CONFIG, List.of(DIFF), List.of("acd-demo/web:1.0.0")))
        .service(new ServiceRecord("web", "acd-demo/web:1.0.0", CONFIG))
        .file("compose.yaml", COMPOSE)
        .file("stack.yaml", COMPOSE)
        .data("snapshot", DATA)
        .build();
  }

  @Test
  void textRoundTripsByteForByte() throws Exception {
    BundleManifest m = sample();
    byte[] text = m.toBytes();
    BundleManifest parsed = BundleManifest.parse(text);
    assertArrayEquals(text, parsed.toBytes());
    assertEquals("ACD Demo contact centre", parsed.product());
    assertEquals(LAYER, parsed.layer(DIFF).orElseThrow().digest());
    assertEquals(COMPOSE, parsed.file("stack.yaml").orElseThrow().digest());
    assertEquals(List.of("acd-demo/web:1.0.0"), parsed.images().get(0).tags());
    assertEquals(DATA, parsed.vanillaSnapshot().orElseThrow().digest());
    assertEquals(CHUNK, parsed.chunk(CHUNK_ID).orElseThrow().digest());
    assertTrue(parsed.chunk(CHUNK).isEmpty(), "chunks are found by their plain id, not their stored digest");
  }

  @Test
  void sizesComeFromTheManifest() throws Exception {
    BundleManifest m = sample();
    assertEquals(120 + 1500 + 1000 + 300 + 200, m.storedBytes());
    assertEquals(120 + 1500 + 5000 + 900 + 200, m.requiredHostBytes());
  }

  @Test
  void blobLinesAreSha256sumCheckable() throws Exception {
    String text = new String(sample().toBytes(), StandardCharsets.UTF_8);
    assertTrue(text.contains("\nblob " + LAYER + " 1000 layer compression=zstd diff_id=" + DIFF + " size=5000\n"), text);
  }

  @Test
  void refusesNewerFormatVersionWithAHint() {
    ManifestException e = assertThrows(ManifestException.class,
        () -> BundleManifest.parse("ferry-bundle-manifest 2\nstack x\n".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("use a newer Ferry"), e.getMessage());
  }

  @Test
  void refusesUnknownLinesByLineNumber() throws Exception {
    String text = new String(sample().toBytes(), StandardCharsets.UTF_8) + "surprise here\n";
    ManifestException e = assertThrows(ManifestException.class,
        () -> BundleManifest.parse(text.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().matches("manifest line \\d+: unknown line 'surprise'"), e.getMessage());
  }

  @Test
  void refusesDuplicateBlob() throws Exception {
    String text = new String(sample().toBytes(), StandardCharsets.UTF_8);
    String dup = text.replace("file compose.yaml", "blob " + DATA + " 300 snapshot\nfile compose.yaml");
    ManifestException e = assertThrows(ManifestException.class,
        () -> BundleManifest.parse(dup.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
  }

  @Test
  void theOnlyDataIsTheVanillaSnapshotAndChunksNeedTheirPlainId() {
    ManifestException e = assertThrows(ManifestException.class, () -> BundleManifest.builder()
        .stack("s").release("1").created(Instant.EPOCH)
        .blob(new Blob(DATA, 1, BlobKind.SNAPSHOT, Map.of()))
        .data("database", DATA)
        .build());
    assertEquals("data database is not known: a bundle's data is one 'data snapshot' line", e.getMessage());
    e = assertThrows(ManifestException.class, () -> BundleManifest.builder()
        .stack("s").release("1").created(Instant.EPOCH)
        .blob(new Blob(DATA, 1, BlobKind.FILE, Map.of()))
        .data("snapshot", DATA)
        .build());
    assertTrue(e.getMessage().contains("which is not a listed snapshot blob"), e.getMessage());
    e = assertThrows(ManifestException.class, () -> BundleManifest.builder()
        .stack("s").release("1").created(Instant.EPOCH)
        .blob(new Blob(CHUNK, 1, BlobKind.CHUNK, Map.of("size", "3")))
        .build());
    assertEquals("chunk blob " + CHUNK + " needs chunk= and size=", e.getMessage());
  }

  @Test
  void refusesUnsafeFilePaths() {
    for (String path : List.of("../etc/passwd", "/etc/passwd", "a/../../b")) {
      ManifestException e = assertThrows(ManifestException.class, () -> BundleManifest.builder()
          .stack("s").release("1").created(Instant.EPOCH)
          .blob(new Blob(COMPOSE, 1, BlobKind.FILE, Map.of()))
          .file(path, COMPOSE)
          .build());
      assertTrue(e.getMessage().contains("unsafe path"), e.getMessage());
    }
  }

  @Test
  void refusesImageWhoseLayerIsNotCarried() {
    ManifestException e = assertThrows(ManifestException.class, () -> BundleManifest.builder()
        .stack("s").release("1").created(Instant.EPOCH)
        .blob(new Blob(CONFIG, 1, BlobKind.CONFIG, Map.of()))
        .image(new ImageRecord(CONFIG, List.of(DIFF), List.of("x:1")))
        .build());
    assertTrue(e.getMessage().contains("does not carry"), e.getMessage());
  }

  @Test
  void refusesNamesWithSpaces() {
    ManifestException e = assertThrows(ManifestException.class, () -> BundleManifest.builder()
        .stack("s").release("1").created(Instant.EPOCH)
        .blob(new Blob(COMPOSE, 1, BlobKind.FILE, Map.of()))
        .file("my file.yaml", COMPOSE)
        .build());
    assertTrue(e.getMessage().contains("white space"), e.getMessage());
  }

  @Test
  void blobNamesMustBeExactDigestPaths() {
    assertEquals(LAYER, BundleLayout.blobDigestOf("blobs/sha256/" + LAYER));
    assertEquals(null, BundleLayout.blobDigestOf("blobs/sha256/" + LAYER.toUpperCase()));
    assertEquals(null, BundleLayout.blobDigestOf("blobs/sha256/../" + LAYER));
    assertEquals(null, BundleLayout.blobDigestOf("x/blobs/sha256/" + LAYER));
  }
}
