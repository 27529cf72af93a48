package io.ferry.installer.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The share contract on a local folder, plus what only a local folder can get wrong. */
class LocalShareTest extends ShareContract {
  @TempDir
  Path folder;

  @Override
  protected Share open() throws Exception {
    return Shares.open(new LocalShareSettings(folder), null, Duration.ofSeconds(5));
  }

  @Override
  protected Share openSecond() throws Exception {
    return open();
  }

  @Test
  void missingFolderIsNotFoundWithTheFix() {
    Path missing = folder.resolve("nope");
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(new LocalShareSettings(missing), null, Duration.ofSeconds(5)));
    assertEquals(ShareException.Kind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains("mkdir -p " + missing), e.getMessage());
  }

  @Test
  void describeIsTheFolder() {
    assertEquals(folder.toString(), share.describe());
  }

  @Test
  void objectsAreFilesUnderTheirNames() throws Exception {
    put("a/b", 9, 123);
    assertEquals(123, Files.size(folder.resolve(dir).resolve("a/b")));
  }

  @Test
  void relativeFolderIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LocalShareSettings(Path.of("relative")));
  }
}
