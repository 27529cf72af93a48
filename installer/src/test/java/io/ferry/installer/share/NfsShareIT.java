package io.ferry.installer.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.share.ShareException.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The share contract against a real NFSv3 server (NFS-Ganesha on 127.0.0.1, rpcbind on 111, started by
 * {@code scripts/testbed.sh nfs}), and the failures on-site IT will meet, each with its kind and fix.
 */
class NfsShareIT extends ShareContract {
  static final Properties BED = ShareTestBed.load("nfs");
  static final String SERVER = BED.getProperty("nfs.server");
  static final String EXPORT = BED.getProperty("nfs.export");
  static final Path EXPORT_DIR = Path.of(BED.getProperty("nfs.dir"));
  static final int UID = Integer.parseInt(BED.getProperty("nfs.uid"));
  static final int GID = Integer.parseInt(BED.getProperty("nfs.gid"));

  static NfsShareSettings settings(String export, String path) {
    return new NfsShareSettings(SERVER, export, path, UID, GID);
  }

  @Override
  protected Share open() throws Exception {
    return Shares.open(settings(EXPORT, ""), null, Duration.ofSeconds(20));
  }

  @Override
  protected Share openSecond() throws Exception {
    return open();
  }

  @Test
  void describeNamesServerAndExport() {
    assertEquals("nfs://127.0.0.1/export", share.describe());
  }

  @Test
  void givenPortsNeedNoPortmapper() throws Exception {
    NfsShareSettings s = new NfsShareSettings(SERVER, EXPORT, dir, UID, GID, OptionalInt.of(2049), OptionalInt.of(20048));
    try (Share direct = Shares.open(s, null, Duration.ofSeconds(10))) {
      put("via-ports", 3, 100);
      assertEquals(List.of("via-ports"), direct.list(""));
      assertEquals("nfs://127.0.0.1:2049" + EXPORT + "/" + dir, direct.describe());
    }
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    int port = ShareTestBed.closedPort();
    NfsShareSettings s = new NfsShareSettings(SERVER, EXPORT, "", UID, GID, OptionalInt.of(port), OptionalInt.of(port));
    ShareException e = assertThrows(ShareException.class, () -> Shares.open(s, null, Duration.ofSeconds(5)));
    assertEquals(Kind.UNREACHABLE, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    assertTrue(e.getMessage().contains("firewall"), e.getMessage());
  }

  @Test
  void silentServerIsTimeout() throws Exception {
    try (java.net.ServerSocket silent = ShareTestBed.silentServer()) {
      int port = silent.getLocalPort();
      NfsShareSettings s = new NfsShareSettings(SERVER, EXPORT, "", UID, GID, OptionalInt.of(port), OptionalInt.of(port));
      ShareException e = assertThrows(ShareException.class, () -> Shares.open(s, null, Duration.ofSeconds(2)));
      assertEquals(Kind.TIMEOUT, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("did not answer within 2 s"), e.getMessage());
    }
  }

  @Test
  void missingExportNamesTheExportsThereAre() {
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(settings("/no-such-export", ""), null, Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains("(it exports ") && e.getMessage().contains(EXPORT), e.getMessage());
  }

  @Test
  void unknownHostIsUnreachable() {
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(new NfsShareSettings("no-such-host.invalid", EXPORT, "", UID, GID), null, Duration.ofSeconds(5)));
    assertEquals(Kind.UNREACHABLE, e.kind(), e.getMessage());
  }

  @Test
  void missingExportIsNotFound() {
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(settings("/no-such-export", ""), null, Duration.ofSeconds(10)));
    assertEquals(Kind.NOT_FOUND, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("no export '/no-such-export'"), e.getMessage());
    assertTrue(e.getMessage().contains("showmount -e"), e.getMessage());
  }

  @Test
  void missingFolderIsNotFound() {
    ShareException e = assertThrows(ShareException.class,
        () -> Shares.open(settings(EXPORT, "no/such/folder"), null, Duration.ofSeconds(10)));
    assertEquals(Kind.NOT_FOUND, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains("'no' does not exist"), e.getMessage());
  }

  @Test
  void readOnlyFolderIsPermissionDenied() throws Exception {
    Path ro = ShareTestBed.readOnlyFolder(EXPORT_DIR.resolve(dir), "read-only");
    try {
      ShareException e = assertThrows(ShareException.class, () -> put("read-only/obj", 1, 1000));
      assertEquals(Kind.PERMISSION_DENIED, e.kind(), e.getMessage());
      assertTrue(e.getMessage().contains("uid " + UID), e.getMessage());
      assertEquals(List.of(), share.list(dir + "/read-only"));
    } finally {
      Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void fullExportIsFull() throws Exception {
    String full = BED.getProperty("nfs.fullExport");
    Assumptions.assumeTrue(full != null, "the test bed has no small file system (loop mounts do not work here)");
    try (Share small = Shares.open(settings(full, ""), null, Duration.ofSeconds(20))) {
      String name = dir + "-too-big";
      ShareException e = assertThrows(ShareException.class,
          () -> small.putIfAbsent(name, TestData.stream(1, 64L * MIB), 64L * MIB));
      assertEquals(Kind.FULL, e.kind(), e.getMessage());
      assertFalse(small.exists(name));
      assertTrue(small.list("").stream().noneMatch(Shares::isTemporary), "the partial temporary object was removed");
    }
  }
}
