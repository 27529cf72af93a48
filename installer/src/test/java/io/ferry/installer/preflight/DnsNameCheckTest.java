package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DnsNameCheckTest {
  final FakeHost host = new FakeHost();

  CheckResult run(Targets.Builder target) {
    return new DnsNameCheck().run(target.on(host)).get(0);
  }

  @Test
  void theConfiguredNamesPass() {
    assertEquals(CheckResult.pass("dns name", "acd.customer.example (also acd2.customer.example)"),
        run(Targets.target().config(Targets.config("small", List.of("acd.customer.example", "acd2.customer.example"),
            null))));
  }

  @Test
  void noNameWarnsThatTheBundlesDefaultIsUsed() {
    CheckResult r = run(Targets.target().config(Targets.config("small", List.of(), null))
        .env("DEMO_DNS", "demo.example.local"));
    assertEquals(CheckResult.warn("dns name", "none set: the bundle's default demo.example.local is used",
        "set dns_names: [demo.customer.example] in /etc/ferry/demo.yaml (the name users type)"), r);
    r = run(Targets.target().config(Targets.config("small", List.of(), null)).env("DEMO_DNS", null));
    assertEquals("none set: the stack's default is used", r.finding());
  }

  @Test
  void anInvalidNameFails() {
    // A configuration built in code skips the file's checks; preflight still catches it.
    CheckResult r = run(Targets.target().config(Targets.config("small", List.of("https://acd.example"), null)));
    assertEquals(CheckStatus.FAIL, r.status());
    assertTrue(r.finding().startsWith("'https://acd.example' is not a valid DNS name: write the host name only"),
        r.finding());
    assertEquals("correct dns_names in /etc/ferry/demo.yaml", r.fix());
  }

  @Test
  void aStackWithoutDnsNamePasses() {
    CheckResult r = run(Targets.target().descriptor(Targets.parse("name: demo\n"))
        .config(Targets.config("default", List.of(), null)));
    assertEquals(CheckResult.pass("dns name", "stack demo takes no DNS name"), r);
  }
}
