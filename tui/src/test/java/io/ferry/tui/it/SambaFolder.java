package io.ferry.tui.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A folder of a test's own on the test bed's Samba share ({@code scripts/testbed.sh smb}), made as
 * on-site IT would have it made: empty, owned by the share's user. Close it to remove it.
 */
final class SambaFolder implements AutoCloseable {
  final String server;
  final String port;
  final String share;
  final String user;
  final Path passwordFile;
  final String folder;
  final Path onServer;

  private SambaFolder(Properties p, String folder) {
    this.server = p.getProperty("smb.server");
    this.port = p.getProperty("smb.port");
    this.share = p.getProperty("smb.share");
    this.user = p.getProperty("smb.user");
    this.passwordFile = Path.of(p.getProperty("smb.passwordFile"));
    this.folder = folder;
    this.onServer = Path.of(p.getProperty("smb.dir")).resolve(folder);
  }

  static SambaFolder make(String folder) throws Exception {
    Path f = Path.of(System.getenv().getOrDefault("FERRY_TESTBED_DIR", "/var/lib/ferry-testbed"), "smb",
        "testbed.properties");
    assertTrue(Files.isRegularFile(f), "the Samba test server is not set up (" + f + " is missing): run"
        + " scripts/testbed.sh smb (as root)");
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(f)) {
      p.load(in);
    }
    SambaFolder s = new SambaFolder(p, folder);
    TinyStack.check(TinyStack.run(List.of("bash", "-c", "mkdir " + s.onServer + " && chown " + s.user + ": "
        + s.onServer), Map.of(), 30));
    return s;
  }

  /** The share user's password, as on-site IT types it. */
  String password() throws Exception {
    return Files.readString(passwordFile).strip();
  }

  /** "smb://127.0.0.1:4450/share/FOLDER", as the wizard shows the share. */
  String url() {
    return "smb://" + server + ":" + port + "/" + share + "/" + folder;
  }

  /**
   * Fills the wizard's SMB fields from the server field on, the password file pointing to
   * {@code passwordFileField}; the focus ends on the password file field.
   */
  void typeInto(TmuxSession session, Path passwordFileField) throws Exception {
    session.type(server);
    session.keys("Tab");
    session.repeat("BSpace", 3);                    // 445
    session.type(port);
    session.keys("Tab");
    session.type(share);
    session.keys("Tab");
    session.type(folder);
    session.keys("Tab", "Tab");                     // no domain: to User
    session.type(user);
    session.keys("Tab");
    session.type(password());
    session.keys("Tab");
    session.repeat("BSpace", 80);                   // the password file: where the test may write
    session.type(passwordFileField.toString());
  }

  @Override
  public void close() throws Exception {
    TinyStack.run(List.of("rm", "-rf", onServer.toString()), Map.of(), 60);
  }
}
