package io.ferry.tui.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.SmbShareSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's disaster recovery end to end, with the real engine, the sample stack (PostgreSQL in its
 * db container) and the test bed's Samba server: deploy acd-demo 1.0.0 from the vanilla data with a
 * backup share in the answer file, add a row, {@code ferry backup}, lose the host (containers,
 * volumes, Ferry's folder), then drive {@code ferry wizard --recover} in tmux: the share, its
 * snapshot, the check that reads it back, the 1.0.1 bundle, the configuration the backup kept,
 * Confirm; the stack ends healthy on 1.0.1 with the row. Keeps the screens it saw (see
 * {@link TmuxSession#save}).
 */
class WizardRecoverTmuxIT {
  static final String ROW = "ferry-it-wiz made before the disaster";

  @TempDir Path tmp;
  String project;
  SambaFolder samba;
  TmuxSession session;

  @AfterEach
  void cleanUp() throws Exception {
    if (session != null) {
      session.close();
    }
    if (project != null) {
      TinyStack.purgeProject(project);
    }
    if (samba != null) {
      samba.close();
    }
  }

  @Test
  void recoversTheSampleFromTheSambaShareOntoTheNextRelease() throws Exception {
    assumeTrue(System.getProperty("ferry.repo") != null, "an integration test: runs under failsafe (mvn verify)");
    Path repo = TinyStack.repo();
    Path jar = repo.resolve("tui/target/ferry.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn -o -q package -Dmaven.test.skip=true'");
    TinyStack.check(TinyStack.run(List.of("bash", repo.resolve("samples/acd-demo/build-images.sh").toString(),
        "1.0.0", "1.0.1"), Map.of(), 1800));

    byte[] b = new byte[3];
    new SecureRandom().nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    project = "ferry-it-wiz-" + id;
    Path keys = Files.createDirectories(tmp.resolve("keys"));
    TinyStack.check(TinyStack.bundler("keygen", "--name", "release", "--out", keys.toString(), "--force"));
    Path lostSite = Files.createDirectories(tmp.resolve("lost-host"));
    Path newSite = Files.createDirectories(tmp.resolve("new-host"));
    Path b100 = bundle(repo, "1.0.0", keys, lostSite);
    Path b101 = bundle(repo, "1.0.1", keys, newSite);

    samba = SambaFolder.make("it-wiz-" + id);
    String password = samba.password();

    Path state = Files.createDirectories(tmp.resolve("state"));
    int port = TinyStack.freePort();
    String url = "https://127.0.0.1:" + port + "/";
    Path config = lostSite.resolve("customer.yaml");
    Files.writeString(config, "stack: acd-demo\nstate_dir: " + state + "\ndns_names: [127.0.0.1]\n"
        + "network:\n  ports: {https: " + port + "}\n"
        + "backup:\n  share: {type: smb, server: " + samba.server + ", port: " + samba.port + ", share: "
        + samba.share + ", folder: " + samba.folder + ", user: " + samba.user + ", password_file: "
        + samba.passwordFile + "}\n");
    Path log = tmp.resolve("ferry.log");

    // The lost host: deployed from the vanilla data, a row added, backed up to the share.
    ferry(jar, log, "deploy", b100.toString(), "--trust", keys.resolve("release.pub.asc").toString(), "--yes",
        "--config", config.toString());
    psql("INSERT INTO queues (name, description, greeting_prompt, service_level_seconds) VALUES ('ferry-it-wiz', '"
        + ROW + "', 'greeting-main.txt', 20)");
    TinyStack.Run backup = ferry(jar, log, "backup", "--config", config.toString());
    assertTrue(backup.out().contains("backup ") && backup.out().contains("of acd-demo 1.0.0"), backup.out());

    // The disaster: containers, volumes and Ferry's folder are gone.
    TinyStack.purgeProject(project);
    TinyStack.check(TinyStack.run(List.of("bash", "-c", "rm -rf " + state + "/*"), Map.of(), 60));

    // Support staff on the new host: the 1.0.1 bundle, the vendor's key, the wizard.
    Path answers = newSite.resolve("answers.yaml");
    Path secret = tmp.resolve("secrets/acd-demo-share-password");
    String command = "cd " + newSite + " && FERRY_LOG=" + log
        + " FERRY_WIZARD_MEMORY=" + log.resolveSibling("wizard.properties")
        + " java -jar " + jar + " wizard --recover --trust "
        + keys.resolve("release.pub.asc") + " --answers " + answers + "; echo WIZARD-EXIT=$?; sleep 600";
    session = TmuxSession.start(project, command);

    String welcome = session.waitFor(s -> s.contains("[ ok ] docker compose"), 60);
    assertTrue(welcome.contains("Step 1 of 8: Welcome"), welcome);
    assertTrue(welcome.contains("(*) recover"), welcome);
    session.keys("F10");
    session.waitFor(s -> s.contains("Step 2 of 8: Backup share"), 10);
    session.keys("Tab", "Tab", "Tab");              // smb, nfs, local: to Server
    samba.typeInto(session, secret);
    session.keys("F5");
    String tested = session.waitFor(s -> s.contains("Connected to") || s.contains("refused")
        || s.contains("cannot"), 60);
    assertTrue(tested.contains("Connected to " + samba.url()), tested);
    assertTrue(tested.contains("1 backup:"), tested);
    assertTrue(tested.contains("acd-demo 1.0.0, host "), tested);
    assertFalse(tested.contains(password), "the password is masked:\n" + tested);
    TmuxSession.save("recover-1-share.txt", tested);

    session.keys("F10");
    String snapshots = session.waitFor(s -> s.contains("Step 3 of 8: Snapshot"), 20);
    assertTrue(snapshots.contains("(*) "), snapshots);
    TmuxSession.save("recover-2-snapshots.txt", snapshots);
    session.keys("F5");                             // check: every chunk read back
    String checked = session.waitFor(s -> s.contains("Verified:") || s.contains("DAMAGED")
        || s.contains("CHECK FAILED"), 300);
    assertTrue(checked.contains("can be restored"), checked);
    assertTrue(checked.contains("The configuration it was taken with is read"), checked);
    TmuxSession.save("recover-3-checked.txt", checked);

    session.keys("F10");
    session.waitFor(s -> s.contains("Step 4 of 8: Bundle"), 10);
    session.keys("Enter");                          // the only .ferry here is preselected: verify it
    String bundle = session.waitFor(s -> s.contains("Verified:") || s.contains("REFUSED"), 300);
    assertTrue(bundle.contains("A newer release than the backup: an update"), bundle);
    assertTrue(bundle.contains("an update from 1.0.0"), bundle);
    TmuxSession.save("recover-4-bundle.txt", bundle);

    session.keys("F10");
    String configuration = session.waitFor(s -> s.contains("Step 5 of 8: Configuration"), 10);
    assertTrue(configuration.contains("[127.0.0.1"), "filled from the configuration the backup kept:\n"
        + configuration);
    session.keys("F10");
    String summary = session.waitFor(s -> s.contains("Step 6 of 8") && !s.contains("Planning:"),
        300);
    assertTrue(summary.contains("[ ok ] ") && !summary.contains("[FAIL]"), summary);
    assertFalse(Files.exists(answers), "nothing written before Confirm");
    assertFalse(Files.exists(secret), "nothing written before Confirm");
    session.keys("PPage", "PPage", "PPage");      // to the top: what the host becomes
    String top = session.waitFor(s -> s.contains("->"), 10);
    assertTrue(top.replaceAll("\n ", " ").contains("restore it and start 1.0.1 (an out-of-place update from 1.0.0)"),
        top);
    TmuxSession.save("recover-5-summary.txt", top);
    session.keys("NPage");

    session.keys("F10");                            // Confirm
    String done = session.waitFor(s -> s.contains("Step 8 of 8"), 900);
    assertTrue(done.contains("acd-demo 1.0.1 is recovered from the backup of"), done);
    TmuxSession.save("recover-6-done.txt", done);

    // The stack is back, healthy, on 1.0.1, with the row made before the disaster.
    assertEquals("1", psql("SELECT count(*) FROM queues WHERE description = '" + ROW + "'"));
    String health = TinyStack.check(TinyStack.run(List.of("docker", "ps", "--filter",
        "label=com.docker.compose.project=" + project, "--format", "{{.Names}} {{.Status}}"), Map.of(), 30)).out();
    assertEquals(3, health.strip().lines().count(), health);
    assertTrue(health.lines().allMatch(l -> l.contains("(healthy)")), health);
    assertTrue(curl(url).contains("<b id=\"release\">1.0.1</b>"), "the web page shows 1.0.1");
    // The answer file replays the recovery; it names the password file, never the password.
    String saved = Files.readString(answers);
    assertFalse(saved.contains(password), saved);
    CustomerConfig c = CustomerConfig.read(answers);
    assertEquals("backup", c.dataSource());
    assertTrue(c.dataSnapshot() != null && checked.contains(c.dataSnapshot().substring(0, 4)), saved);
    assertEquals(secret, ((SmbShareSettings) c.backup().share()).passwordFile());
    assertEquals(password + "\n", Files.readString(secret));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));

    session.keys("q");
    String after = session.waitFor(s -> s.contains("WIZARD-EXIT="), 20);
    assertTrue(after.contains("WIZARD-EXIT=0"), after);
  }

  /** The sample stack's bundle of {@code release}, with this test's own compose project, into {@code site}. */
  Path bundle(Path repo, String release, Path keys, Path site) throws Exception {
    Path sample = repo.resolve("samples/acd-demo");
    Path dir = tmp.resolve("stack-" + release);
    TinyStack.check(TinyStack.run(List.of("cp", "-a", sample.toString(), dir.toString()), Map.of(), 60));
    String descriptor = Files.readString(dir.resolve("stack.yaml"));
    assertTrue(descriptor.contains("\nproject: acd-demo "), "the sample's descriptor names its project");
    Files.writeString(dir.resolve("stack.yaml"), descriptor.replace("\nproject: acd-demo ", "\nproject: " + project
        + " "));
    Path out = site.resolve("acd-demo-" + release + ".ferry");
    TinyStack.check(TinyStack.bundler("build", "--stack", dir.toString(), "--release", release, "--sign-key",
        keys.resolve("release.sec.asc").toString(), "--out", out.toString(), "--compression-level", "1"));
    return out;
  }

  /** {@code java -jar ferry.jar ARGS}, which must succeed. */
  static TinyStack.Run ferry(Path jar, Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    TinyStack.Run r = TinyStack.run(cmd, Map.of("FERRY_LOG", log.toString()), 900);
    System.out.println("$ ferry " + String.join(" ", args) + "\n" + r.out());
    return TinyStack.check(r);
  }

  String psql(String sql) throws Exception {
    String db = TinyStack.check(TinyStack.run(List.of("docker", "ps", "--filter", "label=com.docker.compose.project="
        + project, "--filter", "label=com.docker.compose.service=db", "--format", "{{.Names}}"), Map.of(), 30))
        .out().strip();
    return TinyStack.check(TinyStack.run(List.of("docker", "exec", db, "psql", "-U", "acd", "-d", "acd", "-X", "-v",
        "ON_ERROR_STOP=1", "-tAc", sql), Map.of(), 60)).out().strip();
  }

  static String curl(String url) throws Exception {
    return TinyStack.check(TinyStack.run(List.of("curl", "-ksS", "--max-time", "20", url), Map.of(), 30)).out();
  }
}
