package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PreflightTest {
  final FakeHost host = new FakeHost();

  @Test
  void runsEveryCheckInOrder() {
    PreflightReport r = Preflight.run(Targets.target().build(), host);
    assertEquals(List.of("docker engine", "docker compose", "disk (engine)", "disk (state dir)", "memory", "cpus",
        "port https", "port admin", "dns name", "tls certificate", "restore"), r.results().stream().map(CheckResult::check).toList());
    assertTrue(r.passed(), r.toString());
    assertEquals("11 passed, 0 warnings, 0 failed", r.summary());
  }

  @Test
  void warningsDoNotFailButFailuresDo() {
    host.cpus = 1;
    PreflightReport r = Preflight.run(Targets.target().build(), host);
    assertTrue(r.passed());
    assertEquals(1, r.warnings().size());
    host.memory = OptionalLong.of(FakeHost.GIB);
    host.bindProblems.put("127.0.0.1:9000", "Address already in use");
    r = Preflight.run(Targets.target().build(), host);
    assertFalse(r.passed());
    assertEquals(List.of("memory", "port admin"), r.failures().stream().map(CheckResult::check).toList());
    assertEquals("8 passed, 1 warning, 2 failed (memory, port admin)", r.summary());
  }

  @Test
  void aCheckThatBreaksBecomesAWarningAndTheOthersStillRun() {
    PreflightCheck broken = context -> {
      throw new IllegalStateException("boom");
    };
    PreflightReport r = Preflight.run(List.of(broken, new CpuCheck()), Targets.target().on(host));
    assertEquals(2, r.results().size());
    assertEquals(CheckStatus.WARN, r.results().get(0).status());
    assertTrue(r.results().get(0).finding().contains("boom"), r.results().get(0).finding());
    assertTrue(r.passed());
  }

  @Test
  void resultsNeedAFixUnlessTheyPass() {
    assertThrows(IllegalArgumentException.class, () -> CheckResult.warn("x", "y", " "));
    assertThrows(IllegalArgumentException.class, () -> CheckResult.fail("x", "y", null));
    assertEquals(null, new CheckResult("x", CheckStatus.PASS, "y", "ignored").fix());
  }

  @Test
  void theReportAsAMapForJson() {
    host.cpus = 1;
    Map<String, Object> m = Preflight.run(Targets.target().build(), host).toMap();
    assertEquals(true, m.get("passed"));
    assertEquals("10 passed, 1 warning, 0 failed", m.get("summary"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> checks = (List<Map<String, Object>>) m.get("checks");
    assertEquals(11, checks.size());
    assertEquals(Map.of("check", "cpus", "status", "WARN", "finding", "1 CPU, sizing small expects 2", "fix",
        "give the host 2 CPUs, or expect the stack to be slower under load"), checks.get(5));
    assertTrue(checks.get(0).containsKey("fix") && checks.get(0).get("fix") == null, "PASS has fix: null");
  }
}
