package io.ferry.installer.backupshare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferry.installer.backupshare.PasswordSource.Password;
import io.ferry.installer.share.SmbShareSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {
  @TempDir Path dir;

  /** Reads it back as a deploy or the nightly backup would (owner: whoever runs the test). */
  String readBack(Path file) throws Exception {
    int me = (Integer) Files.getAttribute(dir, "unix:uid");
    PasswordSource source = new PasswordSource(name -> null, prompt -> null, me);
    SmbShareSettings smb = new SmbShareSettings("nas01", "backup", "ferry", "", "svc-ferry", file);
    try (Password p = source.passwordFor(smb, "customer.yaml")) {
      return new String(p.chars());
    }
  }

  @Test
  void writesAFileThePasswordSourceAcceptsInAFolderOnlyTheOwnerCanEnter() throws Exception {
    Path file = dir.resolve("etc/ferry/secrets/acd-demo-share-password");
    PasswordFile.write(file, "pässwörd with spaces ".toCharArray());
    assertEquals("pässwörd with spaces ", readBack(file));
    assertEquals("pässwörd with spaces \n", Files.readString(file, StandardCharsets.UTF_8));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
  }

  @Test
  void replacesAnOldPasswordAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("share-password");
    String folderMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir));
    PasswordFile.write(file, "old".toCharArray());
    PasswordFile.write(file, "new".toCharArray());
    assertEquals("new", readBack(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
    assertEquals(folderMode, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)),
        "an existing folder keeps its mode");
  }

  @Test
  void refusesWhatTheReaderWouldRefuse() {
    assertThrows(IllegalArgumentException.class, () -> PasswordFile.write(Path.of("relative"), "pw".toCharArray()));
    assertThrows(IllegalArgumentException.class, () -> PasswordFile.write(dir.resolve("f"), new char[0]));
    assertThrows(IllegalArgumentException.class, () -> PasswordFile.write(dir.resolve("f"), "a\nb".toCharArray()));
  }
}
