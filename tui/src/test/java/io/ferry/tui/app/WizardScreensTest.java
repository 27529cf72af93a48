package io.ferry.tui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.preflight.CheckResult;
import io.ferry.tui.wizard.Step;
import io.ferry.tui.wizard.Tasks;
import io.ferry.tui.wizard.WizardAnswers;
import io.ferry.tui.wizard.WizardLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install flow's screens: welcome, bundle, configuration, summary, progress, done. */
class WizardScreensTest extends WizardScreens {
  @Test
  void welcomeShowsTheHostCheckAndTheKeys() {
    String s = screen();
    assertTrue(s.startsWith(" Ferry installer"), s);
    assertTrue(s.lines().findFirst().orElse("").endsWith("Step 1 of 7: Welcome"), s);
    assertShows("[ ok ] docker engine");
    assertShows("[ ok ] docker compose");
    assertShows("F10 next");
    assertEquals(24, s.lines().count());
  }

  @Test
  void withoutDockerTheWelcomeSaysWhatToDoAndDoesNotGoOn() throws Exception {
    installer.host = List.of(CheckResult.fail("docker engine", "the Docker engine at unix:///var/run/docker.sock"
        + " does not answer", "start Docker ('systemctl start docker'), then re-check"));
    start(Tasks.inline());
    assertShows("[FAIL] docker engine");
    assertShows("fix: start Docker ('systemctl start docker'), then re-check");
    press(KeyType.F10);
    assertEquals(Step.WELCOME, wizard.step());
    installer.host = List.of(CheckResult.pass("docker engine", "20.10.24"));
    type("r");
    press(KeyType.F10);
    assertEquals(Step.BUNDLE, wizard.step());
  }

  @Test
  void bundleIsVerifiedAtOnceAndShowsWhoSignedIt() throws Exception {
    toBundleVerified();
    assertShows("In this folder:");
    assertShows("demo-1.0.0.ferry");
    assertShows("signed by    Release <release@example.com>");
    assertShows("fingerprint  0123 4567 89AB CDEF 0123 4567 89AB CDEF 0123 4567");
    assertShows("signed on    2026-11-21 02:00 UTC");
    assertShows("images       2: demo/web:1.0.0, demo/db:1.0.0");
  }

  @Test
  void verifyingShowsAGauge() throws Exception {
    start(manual());
    pending.remove(0).run(); // the host check
    press(KeyType.F10, KeyType.Enter);
    assertShows("Verifying [");
    pending.remove(0).run();
    wizard.draw();
    assertShows("Verified: Demo Desk 1.0.0");
  }

  @Test
  void aTamperedBundleIsRefusedWithTheReason() throws Exception {
    press(KeyType.F10, KeyType.Tab);   // to the chooser: demo, tampered
    press(KeyType.ArrowDown);          // the second file
    type(" ");                         // choose it: verified at once
    assertShows("REFUSED");
    assertShows("is damaged or has been");
    assertShows("get a fresh copy from the vendor");
    press(KeyType.F10);
    assertEquals(Step.BUNDLE, wizard.step(), "cannot go on with a refused bundle");
  }

  @Test
  void aCertificateForAnotherNameOrAWrongKeyIsShownAtItsField() throws Exception {
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        key.toString(), "-out", cert.toString(), "-days", "90", "-subj", "/CN=other.example", "-addext",
        "subjectAltName=DNS:other.example").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
    toBundleVerified();
    press(KeyType.F10);
    press(KeyType.Tab, KeyType.Tab, KeyType.Tab, KeyType.Tab); // past sizing and profiles to DNS
    type("desk.example");
    press(KeyType.Tab);
    type("tls.crt");
    press(KeyType.Tab);
    type("tls.key");
    press(KeyType.F10);
    assertEquals(Step.CONFIGURATION, wizard.step(), "a certificate for another name stops the page");
    assertShows("the certificate is not for desk.example");
  }

  @Test
  void configurationChecksEachFieldAndSavesNothingBeforeConfirm() throws Exception {
    toBundleVerified();
    press(KeyType.F10);
    assertEquals(Step.CONFIGURATION, wizard.step());
    assertShows("Sizing:            (*) small up to 25 agents (2 CPUs, 2 GiB)");
    assertShows("( ) large up to 500 agents (8 CPUs, 16 GiB)");
    assertShows("[ ] reports");
    // Load answer file -> small -> large -> reports -> DNS
    press(KeyType.Tab, KeyType.Tab);
    type(" ");                          // large
    press(KeyType.Tab);
    type(" ");                          // reports
    press(KeyType.Tab);
    type("desk_1.example");
    press(KeyType.F10);
    assertEquals(Step.CONFIGURATION, wizard.step());
    assertShows("'_' is not allowed in host names");
    for (int i = 0; i < "desk_1.example".length(); i++) {
      press(KeyType.Backspace);
    }
    type("desk.example, desk");
    press(KeyType.Tab);                 // TLS certificate
    type("missing.crt");
    press(KeyType.Tab);
    type("missing.key");
    press(KeyType.F10);
    assertEquals(Step.CONFIGURATION, wizard.step());
    assertShows("tls.key: " + dir.resolve("missing.key") + " does not exist");
    press(KeyType.ArrowUp);
    for (int i = 0; i < 11; i++) {
      press(KeyType.Backspace);
    }
    press(KeyType.ArrowDown);
    for (int i = 0; i < 11; i++) {
      press(KeyType.Backspace);
    }
    press(KeyType.Tab);                 // port https
    for (int i = 0; i < 4; i++) {
      press(KeyType.Backspace);
    }
    type("70000");
    press(KeyType.F10);
    assertShows("70000 is not a port number: use a whole number from 1 to 65535");
    for (int i = 0; i < 5; i++) {
      press(KeyType.Backspace);
    }
    type("9443");
    press(KeyType.F10);
    assertEquals(Step.DATA_SOURCE, wizard.step());
    assertShows("(*) vanilla the bundle's initial data: a new installation");
    assertShows("Backup share:      (*) none  ( ) smb  ( ) nfs  ( ) local");
    assertShows("What happens: This host has no data of demo -> start 1.0.0 with the bundle's vanilla data");
    press(KeyType.F10);
    assertEquals(Step.SUMMARY, wizard.step());
    assertShows("this host has no deployment of demo yet");
    assertShows("Host check (ferry preflight)");
    assertShows("[warn] memory");
    assertFalse(Files.exists(answers.answerFile), "nothing is written before Confirm");
    CustomerConfig planned = installer.planned.get(0);
    assertEquals("large", planned.sizing());
    assertEquals(List.of("reports"), planned.profiles());
    assertEquals(List.of("desk.example", "desk"), planned.dnsNames());
    assertEquals(9443, planned.ports().get("https"));

    press(KeyType.F10);                 // Confirm
    assertEquals(Step.DONE, wizard.step());
    assertShows("demo 1.0.0 is installed, running and healthy.");
    assertShows("https://desk.example:8443/");
    assertShows("Answer file   " + answers.answerFile);
    String replay = "ferry deploy " + dir.resolve("demo-1.0.0.ferry") + " --config " + answers.answerFile
        + " --trust " + answers.trust + " --yes";
    assertTrue(screen().replaceAll(" \\\\\n +", " ").contains(replay), replay + "\n" + screen());
    CustomerConfig saved = CustomerConfig.read(answers.answerFile);
    assertEquals("large", saved.sizing());
    assertEquals(List.of("desk.example", "desk"), saved.dnsNames());
    assertEquals(9443, saved.ports().get("https"));
    type("q");
    assertTrue(wizard.finished());
    assertEquals(0, wizard.exitCode());
  }

  @Test
  void aFailedHostCheckBlocksConfirm() throws Exception {
    installer.preflight = List.of(CheckResult.fail("port https", "8443 is taken by another-app",
        "stop another-app or choose another port"));
    toBundleVerified();
    press(KeyType.F10, KeyType.F10, KeyType.F10);
    assertEquals(Step.SUMMARY, wizard.step());
    assertShows("[FAIL] port https");
    press(KeyType.F10);
    assertEquals(Step.SUMMARY, wizard.step());
    assertEquals(0, installer.deploys);
  }

  @Test
  void aFailureSaysWhatToDoAndRetryFinishes() throws Exception {
    installer.deployFailures.add(new DeployException("service web did not become healthy within 180 s\nFix the"
        + " cause and run the same 'ferry deploy' again; the data is kept.", ExitCode.UNHEALTHY));
    toBundleVerified();
    press(KeyType.F10, KeyType.F10, KeyType.F10, KeyType.F10);
    assertEquals(Step.DONE, wizard.step());
    assertShows("FAILED: [5/8] starting the stack");
    assertShows("service web did not become healthy within 180 s");
    assertShows("R retry");
    type("l");
    assertShows("Log of this run");
    assertShows("[5/8] starting the stack ...");
    type("l");
    type("r");
    assertEquals(Step.DONE, wizard.step());
    assertEquals(2, installer.deploys);
    assertShows("is installed, running and healthy");
  }

  @Test
  void ctrlCWhileInstallingAsksAndSaysThatRerunningContinues() throws Exception {
    start(manual());
    pending.remove(0).run();
    press(KeyType.F10, KeyType.Enter);
    pending.remove(0).run();            // verify
    press(KeyType.F10, KeyType.F10, KeyType.F10);
    runPending();                       // what the data source screen asked, and the plan
    press(KeyType.F10);
    assertEquals(Step.PROGRESS, wizard.step());
    assertShows("Overall");
    ctrlC();
    assertShows("Stop the installation now? Nothing is lost");
    assertShows("continues where it stopped");
    type("n");
    assertFalse(screen().contains("Stop the installation now?"));
    assertFalse(wizard.finished());
    ctrlC();
    type("y");
    assertTrue(wizard.finished());
    assertEquals(130, wizard.exitCode());
    assertTrue(wizard.exitMessage().contains("ferry deploy"), wizard.exitMessage());
  }

  @Test
  void progressShowsAGaugePerStepAndTheLog() throws Exception {
    start(manual());
    pending.remove(0).run();
    press(KeyType.F10, KeyType.Enter);
    pending.remove(0).run();
    press(KeyType.F10, KeyType.F10, KeyType.F10);
    runPending();
    press(KeyType.F10);
    assertShows("Overall                           [....");
    assertShows("Log (PgUp/PgDn to scroll");
    pending.remove(0).run();            // the deploy: its steps report, the page moves on
    assertEquals(Step.DONE, wizard.step());
    type("l");                          // the log keeps what the gauges showed
    assertShows("verifying bundle: took");
    assertShows("[5/8] starting the stack ...");
    assertShows("  web, db");
  }

  @Test
  void ctrlCBeforeConfirmQuitsWithNothingChanged() throws Exception {
    ctrlC();
    assertTrue(wizard.finished());
    assertEquals(ExitCode.DECLINED, wizard.exitCode());
    assertTrue(wizard.exitMessage().contains("nothing was changed"));
  }

  @Test
  void tooSmallATerminalSaysSo() throws Exception {
    terminal.setTerminalSize(new TerminalSize(50, 12));
    wizard.draw();
    assertShows("make the terminal at least 80x24");
    terminal.setTerminalSize(new TerminalSize(120, 40));
    wizard.draw();
    assertShows("Step 1 of 7: Welcome");
  }

  @Test
  void loadingAnAnswerFileFillsTheFields() throws Exception {
    Path file = dir.resolve("customer.yaml");
    Files.writeString(file, "stack: demo\nsizing: large\ndns_names: [desk.example]\nnetwork:\n  ports: {https: 9443}\n");
    toBundleVerified();
    press(KeyType.F10);
    type("customer.yaml");
    press(KeyType.Enter);
    assertShows("(*) large");
    assertShows("[desk.example");
    assertShows("[9443");
    assertNull(answers.config);
  }
}
