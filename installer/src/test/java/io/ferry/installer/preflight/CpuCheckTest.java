package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuCheckTest {
  final FakeHost host = new FakeHost();

  CheckResult run(String sizing) {
    return new CpuCheck().run(Targets.target().config(Targets.config(sizing, List.of(), null)).on(host)).get(0);
  }

  @Test
  void enoughCpusPass() {
    host.cpus = 2;
    assertEquals(CheckResult.pass("cpus", "2 CPUs, sizing small expects 2"), run("small"));
  }

  @Test
  void fewerCpusOnlyWarn() {
    host.cpus = 2;
    assertEquals(CheckResult.warn("cpus", "2 CPUs, sizing large expects 8",
        "give the host 8 CPUs, or expect the stack to be slower under load; a smaller sizing fits this host"
            + " (small: up to 25 agents, 2 CPUs)"), run("large"));
    host.cpus = 1;
    assertEquals("give the host 2 CPUs, or expect the stack to be slower under load", run("small").fix());
  }
}
