package io.ferry.tui.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.tui.FerryMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code ferry wizard} without a terminal it can draw on: a clear pointer to the headless commands. */
class WizardCommandTest {
  @Test
  void withoutATerminalTheWizardPointsAtTheHeadlessCommandsAndExits2() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // Under Maven there is no console: exactly the case of a pipe or a cron job.
    int code = FerryMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("wizard");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().startsWith("ferry wizard needs an interactive terminal"), err.toString());
    assertTrue(err.toString().contains("ferry deploy BUNDLE --trust KEY --config customer.yaml --yes"), err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void aRecoveryWithoutATerminalPointsAtTheHeadlessRecovery() {
    StringWriter err = new StringWriter();
    int code = FerryMain.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
        .execute("wizard", "--recover");
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("ferry backups --config customer.yaml"), err.toString());
    assertTrue(err.toString().contains("ferry check --read-data --config customer.yaml"), err.toString());
    assertTrue(err.toString().contains("data: {source: backup}"), err.toString());
  }

  @Test
  void aDumbTerminalIsNotOne() {
    assertTrue(WizardCommand.whyNoTerminal(true, "dumb").contains("TERM is 'dumb'"));
    assertTrue(WizardCommand.whyNoTerminal(true, null).contains("TERM is not set"));
    assertNull(WizardCommand.whyNoTerminal(true, "tmux-256color"));
    assertNull(WizardCommand.whyNoTerminal(true, "linux"));
  }

  @Test
  void helpListsTheWizard() {
    StringWriter out = new StringWriter();
    int code = FerryMain.commandLine().setOut(new PrintWriter(out)).execute("--help");
    assertEquals(0, code);
    assertTrue(out.toString().contains("\n  wizard "), out.toString());
  }
}
