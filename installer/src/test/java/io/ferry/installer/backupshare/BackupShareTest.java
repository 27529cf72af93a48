package io.ferry.installer.backupshare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeploymentRecord;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupShareTest {
  static final String PASSWORD = "Tr0ub4dor&3-never-shown";

  @TempDir Path dir;

  /** A source that fails the test if it is asked at all. */
  static final PasswordSource NEVER_ASKED = new PasswordSource(name -> {
    throw new AssertionError("the environment was consulted for " + name);
  }, prompt -> {
    throw new AssertionError("prompted: " + prompt);
  }, 0);

  CustomerConfig config(String backup) throws Exception {
    Path file = dir.resolve("customer.yaml");
    Files.writeString(file, "stack: acd-demo\n" + backup);
    return CustomerConfig.read(file);
  }

  /** An SMB share on 127.0.0.1 at a port nothing listens on, its password in a root-only file. */
  String unreachableSmb() throws Exception {
    Path secret = dir.resolve("share-password");
    Files.writeString(secret, PASSWORD + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    return "backup:\n  share: {type: smb, server: 127.0.0.1, port: " + closedPort() + ", share: backup, folder: ferry,"
        + " domain: EXAMPLE, user: svc-ferry, password_file: " + secret + "}\n";
  }

  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  @Test
  void aLocalFolderOpensWithoutAPassword() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("backups"));
    try (Share share = BackupShare.open(config("backup:\n  share: {type: local, path: " + folder + "}\n"),
        NEVER_ASKED)) {
      assertTrue(share.putIfAbsent("probe", new java.io.ByteArrayInputStream(new byte[] {1}), 1));
      assertEquals(List.of("probe"), share.list(""));
    }
    assertTrue(Files.isRegularFile(folder.resolve("probe")), "it is the configured folder");
  }

  @Test
  void aMissingLocalFolderIsTheShareLayersMessage() throws Exception {
    Path missing = dir.resolve("not-mounted");
    ShareException e = assertThrows(ShareException.class, () -> BackupShare.open(
        config("backup:\n  share: {type: local, path: " + missing + "}\n"), NEVER_ASKED));
    assertEquals(ShareException.Kind.NOT_FOUND, e.kind());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void withoutABackupSectionItSaysWhatToAdd() throws Exception {
    CustomerConfig c = config("");
    assertEquals(c.file() + ": there is no 'backup' section, so Ferry does not know where backups go; add"
        + " backup.share with your file share (docs/onprem/customer-config.md, section backup)",
        assertThrows(ConfigException.class, () -> BackupShare.open(c, NEVER_ASKED)).getMessage());
  }

  @Test
  void anUnreachableSmbServerIsTheShareLayersMessage() throws Exception {
    CustomerConfig c = config(unreachableSmb());
    ShareException e = assertThrows(ShareException.class,
        () -> BackupShare.open(c, PasswordSource.withoutPrompt(), Duration.ofSeconds(5)));
    assertEquals(ShareException.Kind.UNREACHABLE, e.kind());
    assertTrue(e.getMessage().startsWith("cannot connect to the SMB server 127.0.0.1:"), e.getMessage());
    assertFalse(trace(e).contains(PASSWORD), trace(e));
  }

  @Test
  void theUnsafePasswordFileStopsBeforeAnyConnection() throws Exception {
    CustomerConfig c = config(unreachableSmb());
    Files.setPosixFilePermissions(dir.resolve("share-password"), PosixFilePermissions.fromString("rw-r--r--"));
    String m = assertThrows(ConfigException.class, () -> BackupShare.open(c, PasswordSource.withoutPrompt()))
        .getMessage();
    assertTrue(m.contains("may be read or changed by users other than root (mode 0644); run: chmod 600"), m);
  }

  /**
   * Everything Ferry records or prints about a configuration and a failed connection: the config's
   * toString, its canonical YAML (what the deploy keeps in the history), its JSON (what --json
   * prints), a deployment record, and a real failure's terminal line, --json event and log file.
   */
  @Test
  void thePasswordAppearsNowhereThatIsRecordedOrLogged() throws Exception {
    CustomerConfig c = config(unreachableSmb());
    Path history = dir.resolve("history-customer.yaml");
    c.write(history);
    Path record = dir.resolve("deployment.json");
    new DeploymentRecord("acd-demo", "1.0.1", "m", "c", "e", List.of(), Map.of(), "now", "acd-demo").write(record);
    List<String> recorded = List.of(c.toString(), c.toYaml(), Files.readString(history),
        new ObjectMapper().writeValueAsString(c), c.backup().share().describe(), Files.readString(record));
    for (String text : recorded) {
      assertFalse(text.contains(PASSWORD), text);
    }
    assertTrue(Files.readString(history).contains("password_file: " + dir.resolve("share-password")),
        "the history keeps where the password is");

    // The same failure with the password from the file, and from FERRY_SHARE_PASSWORD.
    Path configFile = c.file();
    ProbeRun fromFile = ProbeRun.run(dir, Map.of(), "--config", configFile.toString(), "--json");
    Files.writeString(configFile, Files.readString(configFile).replaceAll(", password_file: [^}]*", ""));
    ProbeRun fromEnv = ProbeRun.run(dir, Map.of(PasswordSource.ENVIRONMENT_VARIABLE, PASSWORD), "--config",
        configFile.toString());
    for (ProbeRun run : List.of(fromFile, fromEnv)) {
      assertEquals(ShareProbe.SHARE_FAILED, run.exitCode(), run.toString());
      assertTrue(run.stderr().startsWith("error: cannot connect to the SMB server 127.0.0.1:"), run.toString());
      assertTrue(run.log().contains("error: cannot connect to the SMB server")
          && run.log().contains("at io.ferry.installer."), "the log has the failure and its trace: " + run);
      assertTrue(run.stdout().contains("user EXAMPLE\\svc-ferry"), "the probe printed the settings: " + run);
      assertFalse(run.stdout().contains(PASSWORD) || run.stderr().contains(PASSWORD) || run.log().contains(PASSWORD),
          run.toString());
    }
    assertTrue(fromFile.stdout().contains("{\"event\":\"error\""), "--json printed the error: " + fromFile);
  }
}
