package io.ferry.installer.preflight;

import static io.ferry.installer.preflight.FakeHost.GIB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferry.installer.config.CustomerConfig;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MemoryCheckTest {
  final FakeHost host = new FakeHost();

  CheckResult run(String sizing) {
    var results = new MemoryCheck().run(Targets.target().config(Targets.config(sizing, List.of(), null)).on(host));
    assertEquals(1, results.size());
    return results.get(0);
  }

  @Test
  void enoughMemoryPasses() {
    host.memory = OptionalLong.of(24 * GIB);
    assertEquals(CheckResult.pass("memory", "24 GB, sizing medium needs 8 GB"), run("medium"));
  }

  @Test
  void tooLittleFailsListingTheSizingsThatFit() {
    host.memory = OptionalLong.of(4 * GIB);
    assertEquals(CheckResult.fail("memory", "4 GB, sizing large needs 16 GB",
        "choose a smaller sizing (small: up to 25 agents, 2 GB): set sizing: small in /etc/ferry/demo.yaml; or add"
            + " memory"), run("large"));
    host.memory = OptionalLong.of(10 * GIB);
    assertEquals("choose a smaller sizing (small: up to 25 agents, 2 GB; medium: up to 150 agents, 8 GB): set"
        + " sizing: medium in /etc/ferry/demo.yaml; or add memory", run("large").fix());
  }

  @Test
  void whatTheKernelKeepsForItselfDoesNotCount() {
    // A 2 GB virtual machine shows about 1.9 GB as MemTotal.
    host.memory = OptionalLong.of(1_967L * 1024 * 1024);
    assertEquals(CheckStatus.PASS, run("small").status());
    host.memory = OptionalLong.of(1_800L * 1024 * 1024);
    assertEquals(CheckStatus.FAIL, run("small").status());
  }

  @Test
  void whenNothingFitsItSaysHowMuchToAdd() {
    host.memory = OptionalLong.of(GIB);
    CheckResult r = run("medium");
    assertEquals("1 GB, sizing medium needs 8 GB", r.finding());
    assertEquals("add memory: this stack needs at least 2 GB even in its smallest sizing", r.fix());
  }

  @Test
  void withoutAConfigurationFileTheFixSaysHowToWriteOne() {
    host.memory = OptionalLong.of(4 * GIB);
    CustomerConfig defaults = CustomerConfig.defaultsFor("demo");
    CustomerConfig sized = new CustomerConfig(null, "demo", null, "medium", List.of(), List.of(), null, Map.of(),
        Map.of(), null, null, null, null, null, null);
    assertEquals(null, defaults.file());
    CheckResult r = new MemoryCheck().run(Targets.target().config(sized).on(host)).get(0);
    assertEquals("choose a smaller sizing (small: up to 25 agents, 2 GB): write sizing: small in a customer"
        + " configuration and pass it with --config FILE; or add memory", r.fix());
  }

  @Test
  void unreadableMemoryIsAWarning() {
    host.memory = OptionalLong.empty();
    CheckResult r = run("small");
    assertEquals(CheckStatus.WARN, r.status());
    assertEquals("make sure the host has at least 2 GB of memory (sizing small)", r.fix());
  }

  @Test
  void aProfileWithoutRequirementPasses() {
    host.memory = OptionalLong.of(GIB / 2);
    var unsized = Targets.parse("name: demo\n");
    CheckResult r = new MemoryCheck().run(Targets.target().descriptor(unsized)
        .config(Targets.config("default", List.of(), null)).on(host)).get(0);
    assertEquals(CheckResult.pass("memory", "512 MB; sizing default sets no memory requirement"), r);
  }
}
