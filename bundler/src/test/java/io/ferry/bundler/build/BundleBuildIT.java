package io.ferry.bundler.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.bundler.bundle.BundleHead;
import io.ferry.signing.manifest.BlobKind;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotKind;
import io.ferry.signing.snapshot.SnapshotStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real bundler jar against the real Docker engine and the sample stack's real images. */
class BundleBuildIT {
  static final String PASS = "build-it-passphrase";
  @TempDir static Path tmp;
  static Path repo;
  static Path key;

  record Run(int code, String out, String err) {}

  static Run run(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", repo.resolve("bundler/target/ferry-bundler.jar").toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("FERRY_KEY_PASSPHRASE", PASS);
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(15, TimeUnit.MINUTES), "timed out: " + cmd);
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @BeforeAll
  static void setUp() throws Exception {
    repo = Path.of(System.getProperty("ferry.repo"));
    Process images = new ProcessBuilder("bash", repo.resolve("samples/acd-demo/build-images.sh").toString(), "1.0.0")
        .inheritIO().start();
    assertEquals(0, images.waitFor(), "sample images must build");
    Run keygen = run(Map.of(), "keygen", "--name", "it", "--out", tmp.toString());
    assertEquals(0, keygen.code(), keygen.err());
    key = tmp.resolve("it.sec.asc");
  }

  @Test
  void sameInputsAndTimeGiveTheSameBytesAndSharedLayersAreStoredOnce() throws Exception {
    // Pinned after the key's creation: a signature may not predate its key.
    String pinned = Long.toString(java.time.Instant.now().getEpochSecond() + 5);
    Map<String, String> epoch = Map.of("SOURCE_DATE_EPOCH", pinned);
    Path a = tmp.resolve("a.ferry");
    Path b = tmp.resolve("b.ferry");
    for (Path out : List.of(a, b)) {
      Run r = run(epoch, "build", "--stack", repo.resolve("samples/acd-demo").toString(), "--release", "1.0.0",
          "--sign-key", key.toString(), "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("built " + out + ": acd-demo 1.0.0, 4 images"), r.out());
    }
    BundleManifest m = BundleHead.read(a).manifest();
    assertEquals(new String(m.toBytes(), StandardCharsets.UTF_8),
        new String(BundleHead.read(b).manifest().toBytes(), StandardCharsets.UTF_8));
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "a rebuild must be byte-identical");
    long references = m.images().stream().mapToLong(i -> i.diffIds().size()).sum();
    long stored = m.blobsOfKind(BlobKind.LAYER).size();
    assertTrue(stored < references, "the shared base layer must be stored once: " + stored + " of " + references);
    String base = m.images().get(0).diffIds().get(0);
    for (ImageRecord image : m.images()) {
      assertEquals(base, image.diffIds().get(0), "every sample image starts with the base layer");
    }
    assertEquals(List.of("compose.yaml", "stack.yaml", "config/defaults.env"), new ArrayList<>(m.files().keySet()));
    // The vanilla data is a snapshot in the backup format: its document lists the streams, and
    // every chunk it names is a chunk blob of the bundle.
    Snapshot vanilla = Snapshot.parse(BundleHead.readBlob(a, m.vanillaSnapshot().orElseThrow()));
    assertEquals(List.of("database", "volume/prompts"), vanilla.streams().stream().map(SnapshotStream::name).toList());
    assertEquals(SnapshotKind.VANILLA, vanilla.kind());
    assertEquals("1.0.0", vanilla.release());
    byte[] dump = Files.readAllBytes(repo.resolve("samples/acd-demo/vanilla/database.sql"));
    assertEquals(Sha256.hexOf(dump), vanilla.stream("database").orElseThrow().sha256());
    for (String chunk : vanilla.chunks().keySet()) {
      assertTrue(m.chunk(chunk).isPresent(), "chunk " + chunk + " is carried");
    }
    assertEquals(vanilla.chunks().size(), m.blobsOfKind(BlobKind.CHUNK).size());
    Map<String, String> refs = new HashMap<>();
    m.services().forEach(s -> refs.put(s.name(), s.imageRef()));
    assertEquals("acd-demo/web:1.0.0", refs.get("web"));
    assertTrue(m.services().stream().anyMatch(s -> s.name().equals("reports")), "profile services are bundled too");
    Run inspect = run(Map.of(), "inspect", a.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("acd-demo/web:1.0.0") && inspect.out().contains("distinct layers stored once"),
        inspect.out());
    assertTrue(inspect.out().contains("vanilla data: snapshot ") && inspect.out().contains("volume/prompts"),
        inspect.out());
  }

  /**
   * Images that share no layer are exported by separate, concurrent requests (one per group). The
   * bundle must still hold each layer under the right diff ID, and be byte-identical when rebuilt.
   */
  @Test
  void imagesWithoutSharedLayersAreExportedSideBySideAndStillPinned() throws Exception {
    Path context = Files.createDirectories(tmp.resolve("apart-context"));
    Files.copy(Path.of("/bin/busybox"), context.resolve("busybox"));
    Files.writeString(context.resolve("note.txt"), "exported apart from the sample images " + System.nanoTime() + "\n");
    Files.writeString(context.resolve("Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\nCOPY note.txt /note.txt\nCMD [\"/bin/busybox\", \"sleep\", \"60\"]\n");
    Process build = new ProcessBuilder("docker", "build", "-q", "-t", "ferry-it/apart:1", context.toString())
        .redirectErrorStream(true).start();
    String built = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, build.waitFor(), built);
    Path stack = Files.createDirectories(tmp.resolve("apart"));
    Files.writeString(stack.resolve("compose.yaml"), "services:\n  db:\n    image: acd-demo/db:1.0.0\n"
        + "  web:\n    image: acd-demo/web:1.0.0\n  apart:\n    image: ferry-it/apart:1\n");
    String pinned = Long.toString(java.time.Instant.now().getEpochSecond() + 5);
    Path a = tmp.resolve("apart-a.ferry");
    Path b = tmp.resolve("apart-b.ferry");
    for (Path out : List.of(a, b)) {
      Run r = run(Map.of("SOURCE_DATE_EPOCH", pinned), "build", "--stack", stack.toString(), "--release", "1",
          "--sign-key", key.toString(), "--out", out.toString());
      assertEquals(0, r.code(), r.err());
    }
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "a rebuild must be byte-identical");
    BundleManifest m = BundleHead.read(a).manifest();
    assertEquals(3, m.images().size());
    for (ImageRecord image : m.images()) {
      Process inspect = new ProcessBuilder("docker", "image", "inspect", "--format",
          "{{.Id}}{{range .RootFS.Layers}} {{.}}{{end}}", image.tags().get(0)).redirectErrorStream(true).start();
      String said = new String(inspect.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertEquals(0, inspect.waitFor(), said);
      String[] engine = said.split(" ");
      assertEquals(Sha256.stripPrefix(engine[0]), image.id(), image.tags() + " is pinned by the engine's image ID");
      List<String> diffIds = new ArrayList<>();
      for (int i = 1; i < engine.length; i++) {
        diffIds.add(Sha256.stripPrefix(engine[i]));
      }
      assertEquals(diffIds, image.diffIds(), image.tags() + " lists the engine's layers");
    }
    // Every layer blob decompresses to the diff ID the manifest files it under.
    Map<String, String> diffIdByPath = new HashMap<>();
    m.blobsOfKind(BlobKind.LAYER).forEach(l -> diffIdByPath.put(
        io.ferry.signing.manifest.BundleLayout.blobPath(l.digest()), l.attribute("diff_id")));
    int checked = 0;
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
        new java.io.BufferedInputStream(Files.newInputStream(a)))) {
      org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String diffId = diffIdByPath.get(entry.getName());
        if (diffId == null) {
          continue;
        }
        java.security.MessageDigest sha = Sha256.newDigest();
        var zstd = new com.github.luben.zstd.ZstdInputStreamNoFinalizer(new java.io.FilterInputStream(tar) {
          @Override
          public void close() {
            // the tar goes on to its next entry
          }
        });
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = zstd.read(buf)) > 0) {
          sha.update(buf, 0, n);
        }
        zstd.close();
        assertEquals(diffId, Sha256.hex(sha.digest()), entry.getName());
        checked++;
      }
    }
    assertEquals(diffIdByPath.size(), checked, "every layer blob was found and checked");
  }

  @Test
  void aFolderWithOnlyAComposeFileBundles() throws Exception {
    Path stack = Files.createDirectories(tmp.resolve("minimal"));
    Files.writeString(stack.resolve("compose.yaml"), "services:\n  db:\n    image: acd-demo/db:1.0.0\n");
    Path out = tmp.resolve("minimal.ferry");
    Run r = run(Map.of(), "build", "--stack", stack.toString(), "--release", "7", "--sign-key", key.toString(),
        "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    BundleManifest m = BundleHead.read(out).manifest();
    assertEquals("minimal", m.stack());
    assertEquals(1, m.images().size());
    assertTrue(m.descriptorPath().isEmpty());
  }

  @Test
  void missingImageIsNamedAndNothingIsWritten() throws Exception {
    Path stack = Files.createDirectories(tmp.resolve("missing"));
    Files.writeString(stack.resolve("compose.yaml"), "services:\n  app:\n    image: nobody/nothing:0\n");
    Path out = tmp.resolve("missing.ferry");
    Run r = run(Map.of(), "build", "--stack", stack.toString(), "--release", "1", "--sign-key", key.toString(),
        "--out", out.toString());
    assertEquals(5, r.code(), r.err());
    assertTrue(r.err().contains("image nobody/nothing:0 is not in the Docker engine"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(out));
    try (var files = Files.list(tmp)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".missing.ferry")), "no staging left");
    }
  }

  @Test
  void unreachableEngineSaysHowToStartIt() throws Exception {
    Run r = run(Map.of("DOCKER_HOST", "unix://" + tmp.resolve("no-docker.sock")), "build",
        "--stack", repo.resolve("samples/acd-demo").toString(), "--release", "1.0.0", "--sign-key", key.toString(),
        "--out", tmp.resolve("never.ferry").toString());
    assertEquals(4, r.code(), r.err());
    assertTrue(r.err().contains("does not answer") && r.err().contains("DOCKER_HOST"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void wrongPassphraseFailsBeforeAnyWork() throws Exception {
    Run r = run(Map.of("FERRY_KEY_PASSPHRASE", "not-the-passphrase"), "build",
        "--stack", repo.resolve("samples/acd-demo").toString(), "--release", "1.0.0", "--sign-key", key.toString(),
        "--out", tmp.resolve("never.ferry").toString());
    assertEquals(8, r.code(), r.err());
    assertTrue(r.err().contains("passphrase"), r.err());
    assertFalse(r.err().contains("exporting images"), "must fail before exporting: " + r.err());
  }

  @Test
  void badStackFolderFailsWithExit3() throws Exception {
    Run r = run(Map.of(), "build", "--stack", tmp.resolve("nope").toString(), "--release", "1",
        "--sign-key", key.toString(), "--out", tmp.resolve("never.ferry").toString());
    assertEquals(3, r.code(), r.err());
    assertTrue(r.err().contains("does not exist"), r.err());
    String usage = run(Map.of(), "build", "--stack", "x").err();
    assertTrue(usage.contains("Missing required option") && usage.contains("--help"), usage);
  }
}
