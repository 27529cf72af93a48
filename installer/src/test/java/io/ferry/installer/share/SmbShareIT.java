package io.ferry.installer.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.share.ShareException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The share contract against a real Samba server (smbd on 127.0.0.1:4450, started by
 * {@code scripts/testbed.sh smb}), and the failures on-site IT will meet, each with its kind and fix.
 */
class SmbShareIT extends ShareContract {
  static final Properties BED = ShareTestBed.load("smb");
  static final String SERVER = BED.getProperty("smb.server");
  static final int PORT = Integer.parseInt(BED.getProperty("smb.port"));
  static final String USER = BED.getProperty("smb.user");
  static final Path PASSWORD_FILE = Path.of(BED.getProperty("smb.passwordFile"));
  static final Path SHARE_DIR = Path.of(BED.getProperty("smb.dir"));

  static char[] password() throws IOException {
    return Files.readString(PASSWORD_FILE).trim().toCharArray();
  }

  static SmbShareSettings settings(String share, String path) {
    return new SmbShareSettings(SERVER, PORT, share, path, "", USER, PASSWORD_FILE);
  }

  @Override
  protected Share open() throws Exception {
    return Shares.open(settings(BED.getProperty("smb.share"), ""), password(), Duration.ofSeconds(20));
  }

  @Test
  void describeNamesServerPortShareAndNoPassword() throws Exception {
    assertEquals("smb://127.0.0.1:" + PORT + "/share", share.describe());
    String pw = new String(password());
    assertFalse(share.describe().contains(pw));
    assertFalse(settings("share", "").describe().contains(pw));
  }

  @Test
  void wrongPasswordIsAuthentication() {
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(settings("share", ""), "not-the-password".toCharArray(), Duration.ofSeconds(10)));
    assertEquals(Kind.AUTHENTICATION, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + PORT), e.getMessage());
    assertTrue(e.getMessage().contains("'" + USER + "'"), e.getMessage());
    assertTrue(e.getMessage().contains(PASSWORD_FILE.toString()), "names the file to fix: " + e.getMessage());
    assertFalse(e.getMessage().contains("not-the-password"));
  }

  @Test
  void unknownUserIsAuthentication() {
    ShareException e = assertThrows(ShareException.class, () -> Shares.open(
        new SmbShareSettings(SERVER, PORT, "share", "", "", "nobody-here", PASSWORD_FILE), "x".toCharArray(), Duration.ofSeconds(10)));
    assertEquals(Kind.AUTHENTICATION, e.kind(), e.getMessage());
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    int port = ShareTestBed.closedPort();
    ShareException e = assertThrows(ShareException.class, () -> Shares.open(
        new SmbShareSettings(SERVER, port, "share", "", "", USER, PASSWORD_FILE), password(), Duration.ofSeconds(5)));
    assertEquals(Kind.UNREACHABLE, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertTrue(e.getMessage().contains("firewall"), e.getMessage());
  }

  @Test
  void silentServerIsTimeout() throws Exception {
    try (java.net.ServerSocket silent = ShareTestBed.silentServer()) {
      ShareException e = assertThrows(ShareException.class, () -> Shares.open(
          new SmbShareSettings(SERVER, silent.getLocalPort(), "share", "", "", USER, PASSWORD_FILE), password(), Duration.ofSeconds(2)));
      assertEquals(Kind.TIMEOUT, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("did not answer within 2 s"), e.getMessage());
    }
  }

  @Test
  void unknownHostIsUnreachable() {
    ShareException e = assertThrows(ShareException.class, () -> Shares.open(
        new SmbShareSettings("no-such-host.invalid", PORT, "share", "", "", USER, PASSWORD_FILE), password(), Duration.ofSeconds(5)));
    assertEquals(Kind.UNREACHABLE, e.kind(), e.getMessage());
  }

  @Test
  void missingShareIsNotFound() {
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(settings("no-such-share", ""), password(), Duration.ofSeconds(10)));
    assertEquals(Kind.NOT_FOUND, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("no share 'no-such-share'"), e.getMessage());
  }

  @Test
  void missingFolderIsNotFound() {
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(settings("share", "no/such/folder"), password(), Duration.ofSeconds(10)));
    assertEquals(Kind.NOT_FOUND, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("'no/such/folder' does not exist"), e.getMessage());
  }

  @Test
  void readOnlyFolderIsPermissionDenied() throws Exception {
    Path ro = ShareTestBed.readOnlyFolder(SHARE_DIR.resolve(dir), "read-only");
    try {
      ShareException e = assertThrows(ShareException.class, () -> put("read-only/obj", 1, 1000));
      assertEquals(Kind.PERMISSION_DENIED, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("'" + USER + "'"), e.getMessage());
      assertEquals(List.of(), share.list(dir + "/read-only"));
    } finally {
      Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void fullShareIsFull() throws Exception {
    String full = BED.getProperty("smb.fullShare");
    Assumptions.assumeTrue(full != null, "the test bed has no small file system (loop mounts do not work here)");
    try (Share small = Shares.open(settings(full, ""), password(), Duration.ofSeconds(20))) {
      String name = dir + "-too-big";
      ShareException e = assertThrows(ShareException.class,
          () -> small.putIfAbsent(name, TestData.stream(1, 64L * MIB), 64L * MIB));
      assertEquals(Kind.FULL, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("is full"), e.getMessage());
      assertFalse(small.exists(name));
      assertTrue(small.list("").stream().noneMatch(Shares::isTemporary), "the partial temporary object was removed");
    }
  }
}
