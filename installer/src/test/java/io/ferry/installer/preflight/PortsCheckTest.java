package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.preflight.HostProbe.PublishedPort;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortsCheckTest {
  static final String IN_USE = "Address already in use";
  final FakeHost host = new FakeHost();

  List<CheckResult> run(Targets.Builder target) {
    return new PortsCheck().run(target.on(host));
  }

  @Test
  void everyPublishedPortIsProbedOnTheBindAddress() {
    List<CheckResult> r = run(Targets.target());
    assertEquals(List.of(CheckResult.pass("port https", "127.0.0.1:8443 is free"),
        CheckResult.pass("port admin", "127.0.0.1:9000 is free")), r);
    assertEquals(List.of("published", "bind 127.0.0.1:8443", "bind 127.0.0.1:9000"), host.calls);
  }

  @Test
  void theRenderedEnvironmentDecidesPortAndAddress() {
    run(Targets.target().env("DEMO_HTTPS_PORT", "443").env("DEMO_BIND", "::1"));
    assertEquals(List.of("published", "bind ::1:443", "bind ::1:9000"), host.calls);
    host.calls.clear();
    // no bind variable rendered and none configured: probe all addresses, which finds any listener
    run(Targets.target().env("DEMO_BIND", null).config(Targets.config("small", List.of(), null)));
    assertEquals(List.of("published", "bind 0.0.0.0:8443", "bind 0.0.0.0:9000"), host.calls);
  }

  @Test
  void aPortHeldByThisStacksOwnContainerPasses() {
    host.bindProblems.put("127.0.0.1:8443", IN_USE);
    host.bindProblems.put("127.0.0.1:9000", IN_USE);
    host.published.add(new PublishedPort("demo", "web", "demo_web_1", "127.0.0.1", 8443));
    host.published.add(new PublishedPort("demo", "admin", "demo_admin_1", "127.0.0.1", 9000));
    List<CheckResult> r = run(Targets.target());
    assertEquals(CheckResult.pass("port https", "127.0.0.1:8443 is in use by demo web, which this deployment"
        + " replaces"), r.get(0));
    assertEquals(CheckResult.pass("port admin", "127.0.0.1:9000 is in use by demo admin, which this deployment"
        + " keeps"), r.get(1));
  }

  @Test
  void aPortHeldByAnotherContainerFailsNamingIt() {
    host.bindProblems.put("127.0.0.1:8443", IN_USE);
    host.published.add(new PublishedPort("shop", "front", "shop_front_1", "0.0.0.0", 8443));
    CheckResult r = run(Targets.target()).get(0);
    assertEquals(CheckResult.fail("port https", "127.0.0.1:8443 is in use by container shop_front_1 (compose project"
        + " shop)", "stop that container, or choose another port: set network.ports.https: 8444 in"
        + " /etc/ferry/demo.yaml"), r);
  }

  @Test
  void anotherContainersPortCountsEvenWhenTheBindSucceeds() {
    // the engine's userland proxy is off: the port is taken in iptables only, invisible to bind()
    host.published.add(new PublishedPort("shop", "front", "shop_front_1", "0.0.0.0", 9000));
    host.published.add(new PublishedPort("crm", "api", "crm_api_1", "10.0.0.5", 8443));
    List<CheckResult> r = run(Targets.target());
    assertEquals(CheckResult.pass("port https", "127.0.0.1:8443 is free"), r.get(0), "another address: no clash");
    assertEquals(CheckStatus.FAIL, r.get(1).status());
    assertEquals("127.0.0.1:9000 is in use by container shop_front_1 (compose project shop)", r.get(1).finding());
  }

  @Test
  void addressesOverlapWhenEqualOrEitherIsAll() {
    assertTrue(PortsCheck.overlap("127.0.0.1", "127.0.0.1"));
    assertTrue(PortsCheck.overlap("0.0.0.0", "127.0.0.1"));
    assertTrue(PortsCheck.overlap("192.0.2.1", "::"));
    assertEquals(false, PortsCheck.overlap("127.0.0.1", "192.0.2.1"));
  }

  @Test
  void aPortHeldByAnotherProgramFailsWithHowToFindIt() {
    host.bindProblems.put("127.0.0.1:8443", IN_USE + " (Bind failed)");
    CheckResult r = run(Targets.target()).get(0);
    assertEquals(CheckStatus.FAIL, r.status());
    assertEquals("127.0.0.1:8443 is in use by another program", r.finding());
    assertEquals("find it with 'ss -ltnp sport = :8443' and stop it, or choose another port: set"
        + " network.ports.https: 8444 in /etc/ferry/demo.yaml", r.fix());
  }

  @Test
  void aBindAddressThatIsNotThisHostsFails() {
    host.bindProblems.put("192.0.2.10:8443", "Cannot assign requested address");
    // even though this stack's container publishes 8443 elsewhere: the address is the problem
    host.published.add(new PublishedPort("demo", "web", "demo_web_1", "127.0.0.1", 8443));
    CheckResult r = run(Targets.target().env("DEMO_BIND", "192.0.2.10")).get(0);
    assertEquals(CheckStatus.FAIL, r.status());
    assertEquals("cannot listen on 192.0.2.10: it is not an address of this host (Cannot assign requested address)",
        r.finding());
    assertTrue(r.fix().startsWith("set network.bind_address: ADDRESS in /etc/ferry/demo.yaml, an address of this"
        + " host"), r.fix());
  }

  @Test
  void aPrivilegedPortWithoutRootIsOnlyAWarning() {
    host.bindProblems.put("127.0.0.1:443", "Permission denied");
    CheckResult r = run(Targets.target().env("DEMO_HTTPS_PORT", "443")).get(0);
    assertEquals(CheckStatus.WARN, r.status());
    assertEquals("could not test 127.0.0.1:443: ports below 1024 need root to test", r.finding());
  }

  @Test
  void ipv6AddressesAreBracketed() {
    assertEquals("[::1]:8443 is free", run(Targets.target().env("DEMO_BIND", "::1")).get(0).finding());
  }

  @Test
  void aPortVariableThatIsNoNumberFails() {
    CheckResult r = run(Targets.target().env("DEMO_HTTPS_PORT", "https")).get(0);
    assertEquals(CheckStatus.FAIL, r.status());
    assertTrue(r.finding().startsWith("DEMO_HTTPS_PORT is 'https', not a port number"), r.finding());
  }

  @Test
  void aStackWithoutPorts() {
    var d = Targets.parse("name: demo\n");
    assertEquals(List.of(CheckResult.pass("ports", "the stack publishes no ports")),
        run(Targets.target().descriptor(d).config(Targets.config("default", List.of(), null))));
  }
}
