package io.ferry.installer.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.deploy.DeploymentRecord;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.installer.preflight.TinyStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry status} against a stack of its own, deployed by the real {@code ferry deploy} into a
 * temporary state dir, then changed behind Ferry's back: a stopped container, a container running
 * another image, an extra container. The tests run in order on the one deployment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusIT {
  @TempDir static Path tmp;
  static Path state;
  static Path config;
  static DockerClient docker;
  static TinyStack stack;

  @BeforeAll
  static void deploy() throws Exception {
    stack = TinyStack.open(tmp, "status");
    docker = stack.docker();
    state = Files.createDirectories(tmp.resolve("state"));
    config = stack.config(tmp.resolve("customer.yaml"), state, "dns_names: [box.customer.example]\n");
    TinyStack.Outcome o = TinyStack.ferry("deploy", stack.bundle.toString(), "--trust", stack.releasePublic.toString(),
        "--config", config.toString(), "--yes");
    assertEquals(0, o.code(), o.all());
    assertTrue(o.out().contains("PASS  port http         127.0.0.1:" + stack.port + " is free"),
        "deploy ran preflight: " + o.all());
  }

  @AfterAll
  static void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  static TinyStack.Outcome status(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("status", "--state-dir", state.toString()));
    args.addAll(List.of(more));
    return TinyStack.ferry(args.toArray(String[]::new));
  }

  static ContainerState container(String service) {
    return ProjectContainers.list(docker, stack.name).stream().filter(c -> c.service().equals(service) && !c.oneOff())
        .findFirst().orElseThrow();
  }

  @Test
  @Order(1)
  void theDeployedStackIsRunningAndHealthy() throws Exception {
    TinyStack.Outcome o = status(stack.name);
    assertEquals(0, o.code(), o.all());
    List<String> lines = o.out().strip().lines().toList();
    assertTrue(lines.get(0).startsWith(stack.name + " 1: 2 services running and healthy (deployed 20"), o.all());
    assertEquals("SERVICE  STATE    HEALTH   UPTIME  IMAGE", lines.get(1));
    DeploymentRecord record = DeploymentRecord.read(state.resolve(stack.name).resolve("deployment.json"));
    String id = record.serviceImages().get("web").substring(0, 12);
    assertTrue(lines.get(2).matches("web +running +healthy +\\d+s +" + id), lines.get(2));
    assertTrue(lines.get(3).matches("worker +running +healthy +\\d+s +" + id), lines.get(3));
    assertEquals(4, lines.size(), o.all());

    // STACK may be left out when it is the only one under the state dir
    assertEquals(o.out().lines().findFirst(), status().out().lines().findFirst());

    TinyStack.Outcome json = status("--json");
    assertEquals(0, json.code(), json.all());
    JsonNode r = new ObjectMapper().readTree(json.out());
    assertEquals("result", r.path("event").asText());
    assertEquals(stack.name, r.path("stack").asText());
    assertTrue(r.path("ok").asBoolean());
    assertEquals(2, r.path("services").size());
    assertEquals(0, r.path("drift").size());
    assertEquals(record.serviceImages().get("web"), r.path("services").get(0).path("imageId").asText());
  }

  @Test
  @Order(2)
  void preflightCountsThePortOfTheStacksOwnContainerAsFree() {
    TinyStack.Outcome o = TinyStack.ferry("preflight", stack.bundle.toString(), "--trust",
        stack.releasePublic.toString(), "--config", config.toString());
    assertEquals(0, o.code(), o.all());
    assertTrue(TinyStack.flat(o.out()).contains("PASS port http 127.0.0.1:" + stack.port + " is in use by "
        + stack.name + " web, which this deployment keeps\n"), o.all());
  }

  @Test
  @Order(3)
  void aStoppedContainerIsDriftNamingIt() throws Exception {
    ContainerState web = container("web");
    docker.stopContainerCmd(web.containerId()).withTimeout(1).exec();
    TinyStack.Outcome o = status(stack.name);
    assertEquals(3, o.code(), o.all());
    assertTrue(o.out().startsWith(stack.name + " 1: 1 of 2 services running and healthy as deployed; 1 difference"),
        o.all());
    assertTrue(o.out().contains("\ndrift:\n  - web is exited (container " + web.name() + ")\n"), o.all());
    assertTrue(o.out().contains("run 'ferry deploy' with the bundle of " + stack.name + " 1 and --config "
        + state.resolve(stack.name).resolve("customer.yaml") + " again"), o.all());

    docker.startContainerCmd(web.containerId()).exec();
    waitUntil(() -> container("web").ready());
    assertEquals(0, status().code(), "healthy again");
  }

  @Test
  @Order(4)
  void aContainerRunningAnotherImageAndAnExtraContainerAreDrift() throws Exception {
    ContainerState worker = container("worker");
    String deployed = worker.imageId();
    // Someone replaced the worker by hand, with another image, and started a container of their own in the project.
    docker.removeContainerCmd(worker.containerId()).withForce(true).exec();
    String other = docker.inspectImageCmd(stack.otherImage).exec().getId().replaceFirst("^sha256:", "");
    for (String service : List.of("worker", "intruder")) {
      String id = docker.createContainerCmd(stack.otherImage)
          .withName(stack.name + "_" + service + "_1")
          .withLabels(Map.of(ProjectContainers.PROJECT_LABEL, stack.name, ProjectContainers.SERVICE_LABEL, service))
          .withCmd("/bin/busybox", "sleep", "3600")
          .exec().getId();
      docker.startContainerCmd(id).exec();
    }
    TinyStack.Outcome o = status(stack.name);
    assertEquals(3, o.code(), o.all());
    assertTrue(o.out().contains("  - worker runs image " + other.substring(0, 12) + ", deployed "
        + deployed.substring(0, 12) + "\n"), o.all());
    assertTrue(o.out().contains("  - container " + stack.name + "_intruder_1 (service intruder, running) is not part"
        + " of the deployment\n"), o.all());
    assertTrue(o.out().contains("(deployed " + deployed.substring(0, 12) + ")"), "the table shows both IDs: " + o.all());

    JsonNode r = new ObjectMapper().readTree(status("--json").out());
    assertEquals(List.of("WRONG_IMAGE", "EXTRA"), r.path("drift").findValuesAsText("kind"));
    assertEquals(List.of("worker", "intruder"), r.path("drift").findValuesAsText("service"));
  }

  @Test
  @Order(5)
  void nothingDeployedIsExitCode2(@TempDir Path empty) {
    TinyStack.Outcome o = TinyStack.ferry("status", "--state-dir", empty.toString());
    assertEquals(2, o.code(), o.all());
    assertEquals("error: nothing deployed under " + empty + "; run 'ferry deploy' first (or check --state-dir)",
        o.err().strip());
    assertEquals("", o.out());
  }

  interface Condition {
    boolean met() throws Exception;
  }

  static void waitUntil(Condition c) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!c.met()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s");
      }
      Thread.sleep(200);
    }
  }
}
