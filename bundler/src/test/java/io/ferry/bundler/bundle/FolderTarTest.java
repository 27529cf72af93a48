package io.ferry.bundler.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderTarTest {
  @TempDir Path tmp;

  @Test
  void sameFolderGivesSameBytesWhateverTheFileTimes() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("prompts/sub"));
    Files.writeString(tmp.resolve("prompts/b.txt"), "bee");
    Files.writeString(tmp.resolve("prompts/a.txt"), "ay");
    Files.writeString(dir.resolve("c.txt"), "sea");
    Date when = new Date(1_700_000_000_000L);
    byte[] first;
    try (InputStream in = FolderTar.stream(tmp.resolve("prompts"), when)) {
      first = in.readAllBytes();
    }
    Files.setLastModifiedTime(tmp.resolve("prompts/a.txt"), FileTime.fromMillis(5));
    byte[] second;
    try (InputStream in = FolderTar.stream(tmp.resolve("prompts"), when)) {
      second = in.readAllBytes();
    }
    assertArrayEquals(first, second);
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(first))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
      }
    }
    assertEquals(List.of("a.txt", "b.txt", "sub/", "sub/c.txt"), names);
  }

  @Test
  void symbolicLinksAreRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("v"));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("/etc/passwd"));
    assertThrows(IOException.class, () -> {
      try (InputStream in = FolderTar.stream(dir, new Date(0))) {
        in.readAllBytes();
      }
    });
  }
}
