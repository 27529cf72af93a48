package io.ferry.installer.bundle;

import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BlobKind;
import io.ferry.signing.manifest.BundleLayout;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.pgp.GeneratedKeyPair;
import io.ferry.signing.pgp.ReleaseKeyGenerator;
import io.ferry.signing.pgp.SigningKey;
import io.ferry.signing.snapshot.ChunkCodec;
import io.ferry.signing.snapshot.ChunkRef;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotKind;
import io.ferry.signing.snapshot.SnapshotStream;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Test fixture: small but well-formed signed bundles written without Docker, for unit tests of the
 * verifier. The integration tests use real bundles from the real bundler.
 */
final class TestBundles {
  static final char[] PASSPHRASE = "test-passphrase".toCharArray();

  record Key(Path publicKey, SigningKey signer) {}

  private TestBundles() {}

  static Key key(Path dir, String name) throws Exception {
    GeneratedKeyPair pair = new ReleaseKeyGenerator().generate(name, PASSPHRASE, null);
    Path sec = dir.resolve(name + ".sec.asc");
    Path pub = dir.resolve(name + ".pub.asc");
    pair.writeSecretKey(sec);
    pair.writePublicKey(pub);
    return new Key(pub, SigningKey.load(sec, PASSPHRASE));
  }

  /** A bundle with a compose file, one image of two layers, and a vanilla database dump. */
  static Path write(Path out, SigningKey signer) throws Exception {
    Random random = new Random(42);
    byte[] compose = "services:\n  web:\n    image: demo/web:1\n".getBytes(StandardCharsets.UTF_8);
    byte[] layer1 = new byte[300_000];
    byte[] layer2 = new byte[70_000];
    random.nextBytes(layer1);
    random.nextBytes(layer2);
    byte[] dump = "create table t(x int);\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    String diff1 = "1".repeat(64);
    String diff2 = "2".repeat(64);
    byte[] config = ("{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + diff1 + "\",\"sha256:" + diff2
        + "\"]}}").getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    blobs.put(Sha256.hexOf(compose), compose);
    blobs.put(Sha256.hexOf(config), config);
    blobs.put(Sha256.hexOf(layer1), layer1);
    blobs.put(Sha256.hexOf(layer2), layer2);
    // The vanilla data: a one-chunk snapshot, as the bundler makes it.
    byte[] chunk = ChunkCodec.encode(dump);
    byte[] snapshot = Snapshot.builder().time(Instant.parse("2026-11-20T10:00:00Z")).kind(SnapshotKind.VANILLA)
        .stack("demo").release("1.0.0").host("bundle")
        .stream(new SnapshotStream("database", "sql", dump.length, Sha256.hexOf(dump),
            List.of(new ChunkRef(ChunkCodec.id(dump), dump.length))))
        .build().toBytes();
    blobs.put(Sha256.hexOf(chunk), chunk);
    blobs.put(Sha256.hexOf(snapshot), snapshot);
    BundleManifest manifest = BundleManifest.builder()
        .stack("demo").release("1.0.0").created(Instant.parse("2026-11-20T10:00:00Z"))
        .composePath("compose.yaml")
        .blob(new Blob(Sha256.hexOf(compose), compose.length, BlobKind.FILE, Map.of()))
        .blob(new Blob(Sha256.hexOf(config), config.length, BlobKind.CONFIG, Map.of()))
        .blob(new Blob(Sha256.hexOf(layer1), layer1.length, BlobKind.LAYER,
            Map.of("diff_id", diff1, "size", "900000", "compression", "zstd")))
        .blob(new Blob(Sha256.hexOf(layer2), layer2.length, BlobKind.LAYER,
            Map.of("diff_id", diff2, "size", "100000", "compression", "zstd")))
        .blob(new Blob(Sha256.hexOf(chunk), chunk.length, BlobKind.CHUNK,
            Map.of("chunk", ChunkCodec.id(dump), "compression", "zstd", "size", Integer.toString(dump.length))))
        .blob(new Blob(Sha256.hexOf(snapshot), snapshot.length, BlobKind.SNAPSHOT, Map.of()))
        .image(new ImageRecord(Sha256.hexOf(config), List.of(diff1, diff2), List.of("demo/web:1")))
        .file("compose.yaml", Sha256.hexOf(compose))
        .data(BundleManifest.VANILLA_SNAPSHOT, Sha256.hexOf(snapshot))
        .build();
    byte[] manifestBytes = manifest.toBytes();
    byte[] signature = signer.signDetached(new ByteArrayInputStream(manifestBytes));
    try (OutputStream o = Files.newOutputStream(out); TarArchiveOutputStream tar = new TarArchiveOutputStream(o)) {
      put(tar, BundleLayout.MANIFEST, manifestBytes);
      put(tar, BundleLayout.SIGNATURE, signature);
      for (Map.Entry<String, byte[]> b : blobs.entrySet()) {
        put(tar, BundleLayout.blobPath(b.getKey()), b.getValue());
      }
    }
    return out;
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws Exception {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
