package io.ferry.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.cli.FerryCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The `ferry` entry point, black-box: what on-site IT sees first. */
class FerryMainTest {
  private record Run(int code, String out, String err) {}

  private static Run ferry(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FerryCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpTeachesTheCommandsAndTheExitCodes() {
    Run r = ferry("--help");
    assertEquals(0, r.code());
    for (String command : new String[] {"verify", "plan", "deploy", "load"}) {
      assertTrue(r.out().contains("\n  " + command + " "), command + " missing from:\n" + r.out());
    }
    assertTrue(r.out().contains("Exit codes:") && r.out().contains(" 10  the bundle is damaged"), r.out());
  }

  @Test
  void aTypoGetsOneLineASuggestionAndExitCode2() {
    Run r = ferry("deploi");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("deploy"), "suggests the right command: " + r.err());
    assertTrue(r.err().contains("Run 'ferry --help'"), r.err());
    assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void missingBundleArgumentIsAUsageError() {
    Run r = ferry("verify");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("BUNDLE"), r.err());
  }
}
