package io.ferry.installer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.share.LocalShareSettings;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.Shares;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The by-hand restore of docs/onprem/backup-format.md ("Restoring without Ferry": awk, zstd, sha256sum)
 * must restore what Ferry backed up, byte for byte, and must fail on a damaged chunk. The script is taken
 * from the document itself, so the two cannot drift apart.
 */
class BackupInteropIT {
  @TempDir
  Path tmp;

  static String recipe() throws Exception {
    Path doc = Path.of(System.getProperty("ferry.repo", "..")).resolve("docs/onprem/backup-format.md");
    String text = Files.readString(doc);
    Matcher m = Pattern.compile("## Restoring without Ferry.*?```sh\\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertTrue(m.find(), "the recipe is in " + doc);
    String script = m.group(1);
    // The document's example values become the script's arguments.
    script = script.replaceFirst("(?m)^REPO=.*$", "REPO=\\$1").replaceFirst("(?m)^SNAP=.*$", "SNAP=\\$REPO/snapshots/\\$2")
        .replaceFirst("(?m)^STREAM=.*$", "STREAM=\\$3").replaceFirst("(?m)^OUT=.*$", "OUT=\\$4");
    assertTrue(script.contains("REPO=$1") && script.contains("OUT=$4"), script);
    return script;
  }

  int runRecipe(Path repo, String snapshot, String stream, Path out) throws Exception {
    Path work = Files.createTempDirectory(tmp, "work");
    Process p = new ProcessBuilder("bash", "-c", recipe(), "restore", repo.toString(), snapshot, stream, out.toString())
        .directory(work.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES));
    System.out.println("[recipe] " + output.trim());
    return p.exitValue();
  }

  @Test
  void theDocumentedRecipeRestoresWhatFerryWroteAndRefusesADamagedChunk() throws Exception {
    Path shareDir = Files.createDirectories(tmp.resolve("share"));
    CommittedSnapshot c;
    try (Share share = Shares.open(new LocalShareSettings(shareDir), null, null)) {
      BackupRepository repo = BackupRepository.init(share, "ferry", false);
      try (SnapshotWriter w = repo.newBackup("acd-demo", "1.0.0", "acd01")) {
        try (InputStream db = new java.io.SequenceInputStream(BackupData.text(1, 6 << 20), BackupData.random(2, 3 << 20))) {
          w.addStream("database", "sql", db, null);
        }
        w.addStream("config/customer.yaml", "yaml", new ByteArrayInputStream("a: 1\n".getBytes(StandardCharsets.UTF_8)), null);
        c = w.commit();
      }
    }
    assertTrue(c.snapshot().stream("database").orElseThrow().chunks().size() > 3);
    Path repoDir = shareDir.resolve("ferry");

    Path out = tmp.resolve("database.sql");
    assertEquals(0, runRecipe(repoDir, c.name(), "database", out));
    String expected = BackupData.sha256(new java.io.SequenceInputStream(BackupData.text(1, 6 << 20), BackupData.random(2, 3 << 20)));
    assertEquals(expected, BackupData.sha256(Files.newInputStream(out)));
    assertEquals(c.snapshot().stream("database").orElseThrow().sha256(), expected);

    Path cfg = tmp.resolve("customer.yaml");
    assertEquals(0, runRecipe(repoDir, c.name(), "config/customer.yaml", cfg));
    assertEquals("a: 1\n", Files.readString(cfg));

    // One flipped bit in a stored chunk: zstd's checksum or the SHA-256 check stops the recipe.
    String id = c.snapshot().stream("database").orElseThrow().chunks().get(2).id();
    Path chunk = repoDir.resolve("chunks").resolve(id.substring(0, 2)).resolve(id);
    byte[] b = Files.readAllBytes(chunk);
    b[b.length / 2] ^= 0x04;
    Files.write(chunk, b);
    assertNotEquals(0, runRecipe(repoDir, c.name(), "database", tmp.resolve("again.sql")));
  }
}
