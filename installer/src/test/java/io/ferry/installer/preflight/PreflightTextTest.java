package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightTextTest {
  @Test
  void oneRowPerResultWithTheFixBelow() {
    PreflightReport report = new PreflightReport(List.of(
        CheckResult.pass("docker engine", "20.10.24 (API 1.41)"),
        CheckResult.warn("cpus", "2 CPUs, sizing medium expects 4", "give the host 4 CPUs"),
        CheckResult.fail("port https", "127.0.0.1:8443 is in use by another program", "stop it")));
    assertEquals(List.of(
        "PASS  docker engine  20.10.24 (API 1.41)",
        "WARN  cpus           2 CPUs, sizing medium expects 4",
        "                     fix: give the host 4 CPUs",
        "FAIL  port https     127.0.0.1:8443 is in use by another program",
        "                     fix: stop it",
        "preflight: 1 passed, 1 warning, 1 failed (port https)"), PreflightText.table(report));
  }

  @Test
  void longTextWrapsUnderItsColumnWithin80Columns() {
    String fix = "find it with 'ss -ltnp sport = :8443' and stop it, or choose another port: set network.ports.https:"
        + " 8444 in /etc/ferry/customer.yaml";
    PreflightReport report = new PreflightReport(List.of(
        CheckResult.fail("disk (state dir)", "a finding that is long enough to need a second line on a terminal of"
            + " eighty columns", fix)));
    List<String> lines = PreflightText.table(report);
    for (String line : lines) {
      assertTrue(line.length() <= 80, line.length() + ": " + line);
    }
    assertEquals("FAIL  disk (state dir)  a finding that is long enough to need a second line on a", lines.get(0));
    assertEquals("                        terminal of eighty columns", lines.get(1));
    assertEquals("                        fix: find it with 'ss -ltnp sport = :8443' and stop it,", lines.get(2));
    assertTrue(lines.get(3).startsWith("                        or choose another port:"), lines.get(3));
  }

  @Test
  void aWordLongerThanTheLineIsNotCut() {
    String path = "/very/long/path/" + "x".repeat(80);
    List<String> lines = PreflightText.wrap("head ", "     ", "free " + path + " now", 40);
    assertEquals(List.of("head free", "     " + path, "     now"), lines);
  }
}
