package io.ferry.installer.backupshare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.installer.backupshare.PasswordSource.Password;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.share.SmbShareSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourceTest {
  static final String SOURCE = "customer.yaml";

  @TempDir Path dir;
  Path file;
  int me;
  final List<String> prompts = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    file = dir.resolve("share-password");
    me = (Integer) Files.getAttribute(dir, "unix:uid");
  }

  /** Checks files against the owner of the test's files, so the test runs as any user. */
  PasswordSource source(Map<String, String> env, String typed) {
    return new PasswordSource(env::get, prompt -> {
      prompts.add(prompt);
      return typed == null ? null : typed.toCharArray();
    }, me);
  }

  static SmbShareSettings smb(Path passwordFile) {
    return new SmbShareSettings("nas01.example.com", 445, "backup", "ferry", "EXAMPLE", "svc-ferry", passwordFile);
  }

  Path secret(String content, String mode) throws Exception {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  String password(PasswordSource s, SmbShareSettings share) throws Exception {
    try (Password p = s.passwordFor(share, SOURCE)) {
      return new String(p.chars());
    }
  }

  String failure(PasswordSource s, SmbShareSettings share) {
    return assertThrows(ConfigException.class, () -> s.passwordFor(share, SOURCE)).getMessage();
  }

  @Test
  void theFileWinsAndOneTrailingLineBreakIsNotPartOfIt() throws Exception {
    PasswordSource s = source(Map.of(PasswordSource.ENVIRONMENT_VARIABLE, "from-env"), "typed");
    assertEquals(" p@ss word ", password(s, smb(secret(" p@ss word \n", "rw-------"))));
    assertEquals("p@ss", password(s, smb(secret("p@ss\r\n", "r--------"))));
    assertEquals("pässwörd", password(s, smb(secret("pässwörd", "rw-------"))));
    assertTrue(prompts.isEmpty(), "no prompt when a file is configured");
  }

  @Test
  void thenTheEnvironmentThenThePrompt() throws Exception {
    assertEquals("from-env", password(source(Map.of(PasswordSource.ENVIRONMENT_VARIABLE, "from-env"), "typed"),
        smb(null)));
    assertTrue(prompts.isEmpty());
    assertEquals("typed", password(source(Map.of(), "typed"), smb(null)));
    assertEquals(List.of("Password of the SMB user EXAMPLE\\svc-ferry on //nas01.example.com/backup: "), prompts);
  }

  @Test
  void aTypedPasswordWinsOverTheFileAndEachCopyIsWipedOnItsOwn() throws Exception {
    char[] typed = "s3cret-typed".toCharArray();
    PasswordSource s = PasswordSource.of(typed);
    Arrays.fill(typed, 'x'); // the caller wipes its own array: the source kept a copy
    // The file named in the configuration does not exist yet: the wizard writes it on Confirm.
    Password first = s.passwordFor(smb(dir.resolve("not-written-yet")), SOURCE);
    assertEquals("s3cret-typed", new String(first.chars()));
    assertEquals("the password typed in the wizard", first.origin());
    assertFalse(first.toString().contains("s3cret-typed"), first.toString());
    first.close();
    assertEquals("\0".repeat(12), new String(first.chars()), "closing wipes that copy");
    assertEquals("s3cret-typed", password(s, smb(null)), "the next one is whole");
    assertThrows(IllegalArgumentException.class, () -> PasswordSource.of(new char[0]));
    assertThrows(IllegalArgumentException.class, () -> PasswordSource.of(null));
  }

  @Test
  void noPasswordAnywhere() {
    assertEquals(SOURCE + ": no password for the SMB user 'EXAMPLE\\svc-ferry' on //nas01.example.com/backup: set"
        + " backup.share.password_file to a root-only file that holds it (docs/onprem/shares.md), or set"
        + " FERRY_SHARE_PASSWORD, or run ferry on a terminal to be asked", failure(source(Map.of(), null), smb(null)));
    assertEquals(SOURCE + ": no password was typed for the SMB user 'EXAMPLE\\svc-ferry'; run the command again and"
        + " type it, or set backup.share.password_file", failure(source(Map.of(), ""), smb(null)));
    assertEquals(SOURCE + ": FERRY_SHARE_PASSWORD is set but empty; set it to the SMB password, or unset it and set"
        + " backup.share.password_file",
        failure(source(Map.of(PasswordSource.ENVIRONMENT_VARIABLE, ""), "typed"), smb(null)));
  }

  @Test
  void withoutPromptNeverAsks() {
    assumeTrue(System.getenv(PasswordSource.ENVIRONMENT_VARIABLE) == null, "FERRY_SHARE_PASSWORD is set here");
    String m = assertThrows(ConfigException.class, () -> PasswordSource.withoutPrompt().passwordFor(smb(null), SOURCE))
        .getMessage();
    assertTrue(m.startsWith(SOURCE + ": no password for the SMB user"), m);
  }

  @Test
  void aMissingFileIsNotReplacedByAnotherSource() {
    assertEquals(SOURCE + ": backup.share.password_file: " + file + " does not exist; create it as root with the"
        + " password on one line (see docs/onprem/shares.md), or correct the path",
        failure(source(Map.of(PasswordSource.ENVIRONMENT_VARIABLE, "from-env"), "typed"), smb(file)));
    assertTrue(prompts.isEmpty());
  }

  @Test
  void refusesAFileOthersMayReadOrChange() throws Exception {
    String at = SOURCE + ": backup.share.password_file: " + file;
    assertEquals(at + " may be read or changed by users other than root (mode 0640); run: chmod 600 " + file,
        failure(source(Map.of(), null), smb(secret("pw\n", "rw-r-----"))));
    assertEquals(at + " may be read or changed by users other than root (mode 0602); run: chmod 600 " + file,
        failure(source(Map.of(), null), smb(secret("pw\n", "rw-----w-"))));
    assertEquals(at + " may be read or changed by users other than root (mode 0610); run: chmod 600 " + file,
        failure(source(Map.of(), null), smb(secret("pw\n", "rw---x---"))));
  }

  @Test
  void refusesAFileThatDoesNotBelongToRoot() throws Exception {
    secret("pw\n", "rw-------");
    PasswordSource expectingAnotherOwner = new PasswordSource(Map.<String, String>of()::get, p -> null, me + 1);
    assertEquals(SOURCE + ": backup.share.password_file: " + file + " belongs to uid " + me + ", not root, so someone"
        + " else could change it; run: chown root:root " + file + " && chmod 600 " + file,
        failure(expectingAnotherOwner, smb(file)));
  }

  @Test
  void theRealCheckIsForRoot() throws Exception {
    assumeTrue(me == 0, "only root can give a file away to another user");
    secret("pw\n", "rw-------");
    Files.setAttribute(file, "unix:uid", 65534);
    String m = assertThrows(ConfigException.class, () -> PasswordSource.standard().passwordFor(smb(file), SOURCE))
        .getMessage();
    assertTrue(m.contains(" belongs to uid 65534, not root"), m);
    Files.setAttribute(file, "unix:uid", 0);
    try (Password p = PasswordSource.standard().passwordFor(smb(file), SOURCE)) {
      assertArrayEquals("pw".toCharArray(), p.chars());
    }
  }

  @Test
  void refusesLinksFoldersAndFilesThatAreNotOnePassword() throws Exception {
    String at = SOURCE + ": backup.share.password_file: ";
    Path real = secret("pw\n", "rw-------");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertEquals(at + link + " is a symbolic link; name the file itself (readlink -f " + link + ")",
        failure(source(Map.of(), null), smb(link)));
    Path folder = Files.createDirectory(dir.resolve("folder"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    assertEquals(at + folder + " is not a regular file; write the password into a file and name that file",
        failure(source(Map.of(), null), smb(folder)));
    assertEquals(at + file + " is empty; write the SMB password on its first line",
        failure(source(Map.of(), null), smb(secret("\n", "rw-------"))));
    assertEquals(at + file + " has more than one line; it must hold only the password (a line break at the end is"
        + " fine)", failure(source(Map.of(), null), smb(secret("pw\nsecond\n", "rw-------"))));
    assertEquals(at + file + " is longer than 1024 bytes; it must hold only the password, on one line",
        failure(source(Map.of(), null), smb(secret("x".repeat(1025), "rw-------"))));
    assertEquals(1024, password(source(Map.of(), null), smb(secret("x".repeat(1024), "rw-------"))).length());
    Files.write(file, new byte[] {'p', (byte) 0xff, 'w'});
    assertEquals(at + file + " is not UTF-8 text; write the password as UTF-8 text",
        failure(source(Map.of(), null), smb(file)));
  }

  @Test
  void aPasswordShowsWhereItCameFromNeverWhatItIs() throws Exception {
    try (Password p = source(Map.of(PasswordSource.ENVIRONMENT_VARIABLE, "Hunter2-secret"), null)
        .passwordFor(smb(null), SOURCE)) {
      assertEquals("password from the environment variable FERRY_SHARE_PASSWORD", p.toString());
      assertFalse(p.fromFile());
    }
    Password p = source(Map.of(), null).passwordFor(smb(secret("Hunter2-secret\n", "rw-------")), SOURCE);
    assertEquals("password from " + file, p.toString());
    assertTrue(p.fromFile());
    char[] chars = p.chars();
    p.close();
    assertArrayEquals(new char[chars.length], chars, "closing wipes it");
  }
}
