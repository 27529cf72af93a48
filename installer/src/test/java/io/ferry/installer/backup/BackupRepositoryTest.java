package io.ferry.installer.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.share.LocalShareSettings;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.Shares;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup repository contract on a local folder, and what only a local folder lets a test do. */
class BackupRepositoryTest extends BackupRepositoryContract {
  @TempDir
  Path dir;

  @Override
  protected Share openShare() throws Exception {
    return Shares.open(new LocalShareSettings(dir), null, null);
  }

  @Test
  void pruneRemovesObjectsACrashLeftHalfWritten() throws Exception {
    BackupRepository repo = init();
    backup(repo, 200, 201);
    // What a power cut during putIfAbsent leaves: a temporary name, never the final one.
    Path chunkLeft = dir.resolve(folder).resolve("chunks/ab/.ferry-tmp-0011223344556677-ab" + "0".repeat(62));
    Path docLeft = dir.resolve(folder).resolve("snapshots/.ferry-tmp-8899aabbccddeeff-20261123T020000Z-0123456789ab");
    Files.createDirectories(chunkLeft.getParent());
    Files.write(chunkLeft, new byte[100]);
    Files.write(docLeft, new byte[10]);
    assertEquals(1, repo.snapshots().size(), "a half-written document is no snapshot");
    assertEquals(2, repo.check(false, ProgressListener.NONE).temporaryObjects());
    PruneResult p = repo.prune(ProgressListener.NONE);
    assertEquals(2, p.temporaryDeleted());
    assertEquals(0, p.chunksDeleted());
    assertFalse(Files.exists(chunkLeft));
    assertFalse(Files.exists(docLeft));
  }

  @Test
  void retentionMustKeepSomething() {
    assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(-1, 3));
  }
}
