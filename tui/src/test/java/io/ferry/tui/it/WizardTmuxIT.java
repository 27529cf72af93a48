package io.ferry.tui.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.share.SmbShareSettings;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real wizard ({@code java -jar tui/target/ferry.jar wizard}) in an 80x24 tmux session, driven
 * with send-keys and read with capture-pane, installing a bundle of the test's own tiny stack with
 * the real Docker engine into a temporary state folder from the vanilla data, with the test bed's
 * Samba share (Test connection) for its backups, until the stack is healthy. Saves the
 * screens it saw under tui/target/screens/ (or -Dferry.screens=DIR).
 */
class WizardTmuxIT {
  @TempDir Path tmp;
  TinyStack stack;
  SambaFolder samba;
  TmuxSession session;

  @AfterEach
  void cleanUp() throws Exception {
    if (session != null) {
      session.close();
    }
    if (stack != null) {
      stack.purge();
    }
    if (samba != null) {
      samba.close();
    }
  }

  @Test
  void installsTheTinyStackUntilHealthy() throws Exception {
    assumeTrue(System.getProperty("ferry.repo") != null, "an integration test: runs under failsafe (mvn verify)");
    Path jar = TinyStack.repo().resolve("tui/target/ferry.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is missing: run 'mvn -o -q package -Dmaven.test.skip=true'");
    stack = TinyStack.build(tmp);
    Path site = stack.bundle.getParent();
    Path state = Files.createDirectories(tmp.resolve("state"));
    Path answers = site.resolve("answers.yaml");
    Path log = tmp.resolve("ferry.log");
    int port = TinyStack.freePort();
    // The answer file on-site IT starts from: Ferry's folder and a port of this test.
    Files.writeString(site.resolve("preset.yaml"), "stack: " + stack.name + "\nstate_dir: " + state
        + "\nnetwork:\n  ports: {http: " + port + "}\n");

    String command = "cd " + site + " && FERRY_LOG=" + log
        + " FERRY_WIZARD_MEMORY=" + log.resolveSibling("wizard.properties")
        + " java -jar " + jar + " wizard --trust "
        + stack.releasePublic + " --answers " + answers + "; echo WIZARD-EXIT=$?; sleep 600";
    session = TmuxSession.start(stack.name, command);

    String welcome = session.waitFor(s -> s.contains("[ ok ] docker compose"), 60);
    assertTrue(welcome.contains("Step 1 of 7: Welcome"), welcome);
    TmuxSession.save("1-welcome.txt", welcome);

    session.keys("F10");
    session.waitFor(s -> s.contains("Step 2 of 7: Bundle"), 10);
    session.keys("Enter");                          // the only .ferry here is preselected: verify it
    String bundle = session.waitFor(s -> s.contains("Verified:") || s.contains("REFUSED"), 120);
    assertTrue(bundle.contains("Verified: Wizard Test Desk 1.0.0 (" + stack.name + ") by Ferry tests"), bundle);
    assertTrue(bundle.contains("fingerprint"), bundle);
    TmuxSession.save("2-bundle.txt", bundle);

    session.keys("F10");
    session.waitFor(s -> s.contains("Step 3 of 7: Configuration"), 10);
    session.type("preset.yaml");
    session.keys("Enter");                          // load it
    String config = session.waitFor(s -> s.contains("[" + port), 10);
    assertTrue(config.contains("(*) small a few users"), config);
    assertTrue(config.contains("[ ] extras"), config);
    assertTrue(config.contains("[" + state), config);

    session.keys("F10");
    String data = session.waitFor(s -> s.contains("Step 4 of 7: Data source"), 10);
    assertTrue(data.contains("(*) vanilla"), data);
    // A new installation from the vanilla data, its nightly backups to the test bed's Samba share.
    samba = SambaFolder.make("it-wiz-" + stack.name.substring(stack.name.lastIndexOf('-') + 1));
    Path secret = tmp.resolve("secrets").resolve(stack.name + "-share-password");
    session.keys("Tab", "Tab", "Tab", "Space");    // vanilla, backup, none: smb
    session.keys("Tab", "Tab", "Tab");              // nfs, local: to Server
    samba.typeInto(session, secret);
    session.keys("F5");
    String tested = session.waitFor(s -> s.contains("Connected to") || s.contains("refused")
        || s.contains("cannot"), 60);
    assertTrue(tested.contains("Connected to " + samba.url()), tested);
    assertTrue(tested.replaceAll("\n ", " ").contains("the folder holds no backups yet"), tested);
    tested = session.waitFor(s -> s.contains("What happens:"), 60);
    // The tiny stack declares no data (the sample's recovery is WizardRecoverTmuxIT).
    assertTrue(tested.contains("What happens: The stack keeps no data -> start 1.0.0"), tested);
    TmuxSession.save("3-data-source.txt", tested);
    session.keys("F10");
    String summary = session.waitFor(s -> s.contains("Step 5 of 7") && !s.contains("Planning:"), 120);
    assertTrue(summary.contains("[ ok ] restore") && !summary.contains("[FAIL]"), summary);
    assertTrue(!Files.exists(answers), "nothing written before Confirm");
    assertTrue(!Files.exists(secret), "nothing written before Confirm");
    TmuxSession.save("4-summary.txt", summary);

    session.keys("F10");                            // Confirm
    String done = session.waitFor(s -> s.contains("Step 7 of 7"), 300);
    assertTrue(done.contains("is installed, running and healthy."), done);
    assertTrue(done.contains("http://127.0.0.1:" + port + "/"), done);
    assertTrue(done.replaceAll(" \\\\\n +", " ").contains("ferry deploy " + stack.bundle + " --config " + answers
        + " --trust " + stack.releasePublic + " --yes"), done);
    assertTrue(done.replaceAll("\n ", " ").contains("Backups go to " + samba.url()), done);
    TmuxSession.save("5-done.txt", done);

    // The stack answers and is healthy; the answer file replays this run.
    String body = new String(new URL("http://127.0.0.1:" + port + "/").openStream().readAllBytes(),
        StandardCharsets.UTF_8);
    assertEquals("hello from " + stack.name, body.strip());
    String health = TinyStack.check(TinyStack.run(List.of("docker", "ps", "--filter",
        "label=com.docker.compose.project=" + stack.name, "--format", "{{.Names}} {{.Status}}"), Map.of(), 30)).out();
    assertEquals(1, health.strip().lines().count(), health);
    assertTrue(health.contains("(healthy)"), health);
    CustomerConfig saved = CustomerConfig.read(answers);
    assertEquals(stack.name, saved.stack());
    assertEquals(state, saved.stateDir());
    assertEquals(port, saved.ports().get("http"));
    assertEquals("vanilla", saved.dataSource());
    assertEquals(new SmbShareSettings(samba.server, Integer.parseInt(samba.port), samba.share, samba.folder, "",
        samba.user, secret), saved.backup().share());
    assertTrue(!Files.readString(answers).contains(samba.password()), "the password is not in the answer file");
    assertEquals(samba.password() + "\n", Files.readString(secret), "Confirm wrote the password file");
    assertTrue(Files.exists(state.resolve(stack.name).resolve("deployment.json")));
    assertTrue(Files.readString(log).contains("ferry wizard:"), "the wizard logs to FERRY_LOG");

    session.keys("q");
    String after = session.waitFor(s -> s.contains("WIZARD-EXIT="), 20);
    assertTrue(after.contains("WIZARD-EXIT=0"), after);
    assertTrue(after.contains("is running and healthy"), after);
  }
}
