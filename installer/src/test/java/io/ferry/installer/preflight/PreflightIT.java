package io.ferry.installer.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.docker.ItDocker;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.signing.pgp.TrustStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry preflight} and the preflight inside {@code ferry deploy}, against the real engine,
 * the real ports and this host's memory, with a stack of this test's own.
 */
class PreflightIT {
  @TempDir static Path tmp;
  static DockerClient docker;
  static TinyStack stack;

  @BeforeAll
  static void setUp() throws Exception {
    stack = TinyStack.open(tmp, "preflight");
    docker = stack.docker();
  }

  @AfterAll
  static void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  TinyStack.Outcome preflight(Path config, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("preflight", stack.bundle.toString(), "--trust",
        stack.releasePublic.toString(), "--config", config.toString()));
    args.addAll(List.of(more));
    return TinyStack.ferry(args.toArray(String[]::new));
  }

  @Test
  void aHealthyHostPassesWithTheMissingDnsNameAsAWarning(@TempDir Path state) throws Exception {
    TinyStack.Outcome o = preflight(stack.config(tmp.resolve("ok.yaml"), state, ""));
    assertEquals(0, o.code(), o.all());
    assertTrue(o.out().startsWith("preflight of " + stack.name + " 1 on this host (sizing tiny):\n"), o.all());
    assertTrue(o.out().contains("PASS  docker engine     20.") || o.out().contains("PASS  docker engine     2"),
        o.all());
    assertTrue(o.out().contains("PASS  port http         127.0.0.1:" + stack.port + " is free"), o.all());
    assertTrue(o.out().contains("WARN  dns name          none set: the bundle's default box.example.local is used"),
        o.all());
    assertTrue(TinyStack.flat(o.out()).contains("fix: set dns_names: [" + stack.name + ".customer.example] in " + tmp
        + "/ok.yaml (the name users type)"), o.all());
    assertTrue(o.out().contains("PASS  memory "), o.all());
    assertTrue(o.out().strip().endsWith("preflight: 9 passed, 1 warning, 0 failed"), o.all());
    assertEquals("", o.err(), o.all());
    assertFalse(Files.exists(state.resolve(stack.name)), "preflight changes nothing");
  }

  @Test
  void aPortHeldByAnotherProgramFailsNamingThePortAndTheFix(@TempDir Path state) throws Exception {
    Path config = stack.config(tmp.resolve("port.yaml"), state, "dns_names: [box.customer.example]\n");
    try (ServerSocket held = new ServerSocket(stack.port, 1, InetAddress.getByName("127.0.0.1"))) {
      TinyStack.Outcome o = preflight(config);
      assertEquals(5, o.code(), o.all());
      assertTrue(o.out().contains("FAIL  port http         127.0.0.1:" + stack.port + " is in use by another program\n"
          + "                        fix: find it with 'ss -ltnp sport = :" + stack.port + "' and stop it,"),
          o.all());
      assertTrue(TinyStack.flat(o.out()).contains("or choose another port: set network.ports.http: " + (stack.port + 1) + " in "
          + config + "\n"), o.all());
      assertEquals("error: preflight: 1 check failed (port http). Fix it as shown above and run 'ferry preflight'"
          + " again", o.err().strip(), o.all());

      TinyStack.Outcome json = preflight(config, "--json");
      assertEquals(5, json.code(), json.all());
      List<String> all = json.out().strip().lines().toList();
      // With --json a failure also ends with an error event carrying the exit code.
      assertTrue(all.get(all.size() - 1).contains("\"event\":\"error\"") && all.get(all.size() - 1).contains("\"exitCode\":5"),
          json.all());
      List<String> lines = all.stream().filter(l -> !l.contains("\"event\":\"error\"")).toList();
      assertEquals(1, lines.size(), "one result object: " + json.all());
      JsonNode r = new ObjectMapper().readTree(lines.get(0));
      assertEquals("result", r.path("event").asText());
      assertEquals(stack.name, r.path("stack").asText());
      assertFalse(r.path("passed").asBoolean());
      JsonNode port = null;
      for (JsonNode c : r.path("checks")) {
        if (c.path("check").asText().equals("port http")) {
          port = c;
        }
      }
      assertTrue(port != null, json.out());
      assertEquals("FAIL", port.path("status").asText());
      assertTrue(port.path("fix").asText().contains("ss -ltnp sport = :" + stack.port), json.out());
    }
    assertEquals(0, preflight(config).code(), "the port is free again");
  }

  @Test
  void aSizingThatNeedsMoreMemoryThanTheHostFails(@TempDir Path state) throws Exception {
    Path config = stack.config(tmp.resolve("absurd.yaml"), state, "sizing: absurd\ndns_names: [box.customer.example]\n");
    TinyStack.Outcome o = preflight(config);
    assertEquals(5, o.code(), o.all());
    assertTrue(o.out().contains("FAIL  memory            "), o.all());
    assertTrue(o.out().contains(", sizing absurd needs 976562.5 GB"), o.all());
    assertTrue(TinyStack.flat(o.out()).contains("fix: choose a smaller sizing (tiny: a test, 16 MB): set sizing: tiny in " + config
        + "; or add memory"), o.all());
  }

  @Test
  void deployRefusesOnAFailedCheckAndChangesNothing(@TempDir Path state) throws Exception {
    Path config = stack.config(tmp.resolve("refuse.yaml"), state, "sizing: absurd\n");
    TinyStack.Outcome o = TinyStack.ferry("deploy", stack.bundle.toString(), "--trust", stack.releasePublic.toString(),
        "--config", config.toString(), "--yes");
    assertEquals(5, o.code(), o.all());
    assertTrue(o.out().contains("preflight of " + stack.name + " 1 on this host (sizing absurd):"), o.all());
    assertTrue(o.out().contains("FAIL  memory"), o.all());
    assertTrue(o.out().contains("WARN  dns name"), "warnings are shown too: " + o.all());
    assertEquals("error: preflight: 1 check failed (memory); nothing was changed. Fix it as shown above and run"
        + " 'ferry deploy' again", o.err().strip(), o.all());
    assertEquals(List.of(), ProjectContainers.list(docker, stack.name), "no container was created");
    assertFalse(Files.exists(state.resolve(stack.name)), "nothing was written to the state dir");
    assertTrue(docker.listNetworksCmd().withFilter("label", List.of(ProjectContainers.PROJECT_LABEL + "="
        + stack.name)).exec().isEmpty(), "no network was created");
    // --json: the checks as one "preflight" event, the failure on stderr as always
    TinyStack.Outcome json = TinyStack.ferry("deploy", stack.bundle.toString(), "--trust",
        stack.releasePublic.toString(), "--config", config.toString(), "--yes", "--json");
    assertEquals(5, json.code(), json.all());
    JsonNode event = new ObjectMapper().readTree(json.out().strip().lines()
        .filter(l -> !l.contains("\"event\":\"error\"")).reduce((a, b) -> b).orElse("{}"));
    assertEquals("preflight", event.path("event").asText(), json.all());
    assertFalse(event.path("passed").asBoolean());
    assertEquals("absurd", event.path("sizing").asText());
    assertTrue(event.path("summary").asText().endsWith("1 failed (memory)"), json.all());
    assertEquals(List.of(), ProjectContainers.list(docker, stack.name));
  }

  @Test
  void withoutAnEngineEveryOtherCheckStillReports(@TempDir Path state) throws Exception {
    Path config = stack.config(tmp.resolve("offline.yaml"), state, "");
    OpenedBundle bundle = OpenedBundle.open(stack.bundle, TrustStore.load(stack.releasePublic), ProgressListener.NONE);
    PreflightTarget target = PreflightTarget.unplanned(bundle, CustomerConfig.read(config), null);
    assertFalse(target.bytesExact());
    assertTrue(target.bytesToLoad() > 1_000_000, "the busybox layer counts: " + target.bytesToLoad());
    try (LiveHost host = LiveHost.offline("unix:///nonexistent", "the Docker engine at unix:///nonexistent does not"
        + " answer (No such file or directory); start it ('systemctl start docker', or 'dockerd &') or set"
        + " DOCKER_HOST")) {
      PreflightReport r = Preflight.run(target, host);
      assertFalse(r.passed());
      assertEquals(CheckResult.fail("docker engine", "the Docker engine at unix:///nonexistent does not answer (No"
          + " such file or directory)", "start it ('systemctl start docker', or 'dockerd &') or set DOCKER_HOST"),
          r.results().get(0));
      assertEquals(CheckStatus.WARN, r.results().get(2).status(), "disk (engine): " + r.results().get(2));
      assertEquals(List.of("docker engine", "docker compose", "disk (engine)", "disk (state dir)", "memory", "cpus",
          "port http", "dns name", "tls certificate", "restore"), r.results().stream().map(CheckResult::check).toList());
      assertEquals(CheckStatus.PASS, r.results().get(6).status(), r.results().get(6).toString());
    }
  }
}
