package io.ferry.installer.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.deploy.DeploymentRecord;
import io.ferry.installer.docker.ContainerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackStatusTest {
  static final String DB = "92dbe69c1fbe2b3a683e2e031bb066a5e80f79baff4ec32d39fc1e411f1afedb";
  static final String WEB = "ecd1327be5923ae9896bbc6adeb6b16ef89927be1042c1fd4b23365f38388b5a";
  static final String OLD_WEB = "18784d7f84b2aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final Instant DEPLOYED = Instant.parse("2026-11-23T09:05:40.123Z");
  static final Instant STARTED = Instant.parse("2026-11-23T09:05:10Z");
  static final Instant NOW = Instant.parse("2026-11-23T11:10:10Z");

  static DeploymentRecord record() {
    Map<String, String> images = new LinkedHashMap<>();
    images.put("db", DB);
    images.put("web", WEB);
    return new DeploymentRecord("acd-demo", "1.0.1", "m", "c", "e", List.of(), images, DEPLOYED.toString(),
        "acd-demo");
  }

  static ContainerState container(String service, String image, String state, String health) {
    return new ContainerState(service, "id-" + service, "acd-demo_" + service + "_1", image, state, health,
        "running".equals(state) ? STARTED : null, false);
  }

  static List<ContainerState> healthy() {
    return new ArrayList<>(List.of(container("db", DB, "running", "healthy"), container("web", WEB, "running", "none")));
  }

  @Test
  void allAsDeployed() {
    StatusReport r = StackStatus.compare(record(), healthy(), NOW);
    assertTrue(r.ok());
    assertEquals(0, r.exitCode());
    assertEquals("acd-demo 1.0.1: 2 services running and healthy (deployed 2026-11-23 09:05 UTC)", r.summary());
    assertEquals(List.of("db", "web"), r.services().stream().map(ServiceStatus::service).toList());
    ServiceStatus db = r.services().get(0);
    assertEquals(DB, db.desiredImageId());
    assertEquals(DB, db.imageId());
    assertEquals(Duration.ofMinutes(125), db.uptime(NOW));
  }

  @Test
  void aContainerRunningAnotherImageIsDrift() {
    List<ContainerState> cs = healthy();
    cs.set(1, container("web", OLD_WEB, "running", "healthy"));
    StatusReport r = StackStatus.compare(record(), cs, NOW);
    assertEquals(3, r.exitCode());
    assertEquals(List.of(new Drift(Drift.Kind.WRONG_IMAGE, "web", "acd-demo_web_1",
        "web runs image 18784d7f84b2, deployed ecd1327be592")), r.drift());
    assertEquals("acd-demo 1.0.1: 1 of 2 services running and healthy as deployed; 1 difference (deployed"
        + " 2026-11-23 09:05 UTC)", r.summary());
  }

  @Test
  void aMissingContainerIsDrift() {
    StatusReport r = StackStatus.compare(record(), List.of(container("db", DB, "running", "healthy")), NOW);
    assertEquals(List.of(new Drift(Drift.Kind.MISSING, "web", null, "web has no container (it was removed)")),
        r.drift());
    ServiceStatus web = r.services().get(1);
    assertEquals("missing", web.state());
    assertEquals(null, web.container());
    assertEquals(null, web.uptime(NOW));
  }

  @Test
  void stoppedUnhealthyAndStartingContainersAreDrift() {
    StatusReport r = StackStatus.compare(record(), List.of(container("db", DB, "exited", "unhealthy"),
        container("web", WEB, "running", "unhealthy")), NOW);
    assertEquals(List.of(Drift.Kind.STOPPED, Drift.Kind.UNHEALTHY), r.drift().stream().map(Drift::kind).toList());
    assertEquals("db is exited (container acd-demo_db_1)", r.drift().get(0).message());
    assertTrue(r.drift().get(1).message().startsWith("web is unhealthy: its health check fails (see 'docker inspect"
        + " acd-demo_web_1'"), r.drift().get(1).message());
    r = StackStatus.compare(record(), List.of(container("db", DB, "running", "healthy"),
        container("web", WEB, "running", "starting")), NOW);
    assertEquals("web is starting: its health check has not passed yet", r.drift().get(0).message());
    r = StackStatus.compare(record(), List.of(container("db", DB, "restarting", "none"),
        container("web", WEB, "paused", "healthy")), NOW);
    assertEquals(List.of("db is restarting (container acd-demo_db_1)", "web is paused (container acd-demo_web_1)"),
        r.drift().stream().map(Drift::message).toList());
  }

  @Test
  void anExtraContainerOfTheProjectIsDriftButOneOffContainersAreNot() {
    List<ContainerState> cs = healthy();
    cs.add(new ContainerState("web", "id-run", "acd-demo_web_run_1", WEB, "exited", "none", null, true));
    assertTrue(StackStatus.compare(record(), cs, NOW).ok(), "a finished 'compose run' is no drift");
    cs.add(new ContainerState("reports", "id-rep", "acd-demo_reports_1", DB, "running", "healthy", STARTED, false));
    StatusReport r = StackStatus.compare(record(), cs, NOW);
    assertEquals(List.of(new Drift(Drift.Kind.EXTRA, "reports", "acd-demo_reports_1",
        "container acd-demo_reports_1 (service reports, running) is not part of the deployment")), r.drift());
    assertEquals(List.of("db", "web", "reports"), r.services().stream().map(ServiceStatus::service).toList());
    assertTrue(r.services().get(2).extra());
    assertEquals(2, r.deployedServices().size());
    assertEquals("acd-demo 1.0.1: 2 of 2 services running and healthy as deployed; 1 difference (deployed"
        + " 2026-11-23 09:05 UTC)", r.summary());
  }

  @Test
  void aSecondContainerOfAServiceIsExtraAndTheRunningOneCounts() {
    List<ContainerState> cs = healthy();
    cs.add(0, new ContainerState("web", "id-web2", "acd-demo_web_2", WEB, "exited", "none", null, false));
    StatusReport r = StackStatus.compare(record(), cs, NOW);
    assertEquals(List.of(Drift.Kind.EXTRA), r.drift().stream().map(Drift::kind).toList());
    assertEquals("a second container of web, acd-demo_web_2 (exited), is not part of the deployment",
        r.drift().get(0).message());
    assertEquals("acd-demo_web_1", r.services().get(1).container());
  }

  @Test
  void theRecordWithoutProjectUsesTheStackName() {
    DeploymentRecord old = new DeploymentRecord("acd-demo", "1.0.0", "m", "c", "e", List.of(), Map.of("db", DB),
        "not a time", null);
    StatusReport r = StackStatus.compare(old, List.of(container("db", DB, "running", "healthy")), NOW);
    assertEquals("acd-demo", r.project());
    assertEquals(null, r.deployedAt());
    assertEquals("acd-demo 1.0.0: 1 service running and healthy", r.summary());
  }

  // ---------------------------------------------------------------------------------------------
  // Finding the deployment

  @Test
  void nothingDeployedIsExitCode2WithWhatToDo(@TempDir Path state) {
    StatusException e = assertThrows(StatusException.class, () -> StackStatus.find(state, null));
    assertEquals(2, e.exitCode());
    assertEquals("nothing deployed under " + state + "; run 'ferry deploy' first (or check --state-dir)",
        e.getMessage());
    e = assertThrows(StatusException.class, () -> StackStatus.find(state.resolve("absent"), null));
    assertEquals(2, e.exitCode());
    e = assertThrows(StatusException.class,
        () -> StackStatus.find(StackStatus.DEFAULT_STATE_DIR.resolve("ferry-unit-test-absent"), null));
    assertTrue(e.getMessage().endsWith("; run 'ferry deploy' first (or check --state-dir)"), e.getMessage());
  }

  @Test
  void theOnlyDeployedStackIsFoundWithoutItsName(@TempDir Path state) throws Exception {
    Files.createDirectories(state.resolve("half-made"));
    write(state, record());
    StackStatus.Deployed d = StackStatus.find(state, null);
    assertEquals("acd-demo", d.record().stack());
    assertEquals(state.resolve("acd-demo"), d.paths().root());
    assertEquals("acd-demo", StackStatus.find(state, "acd-demo").project());
  }

  @Test
  void severalStacksNeedAName(@TempDir Path state) throws Exception {
    write(state, record());
    write(state, new DeploymentRecord("crm", "2.0", "m", "c", "e", List.of(), Map.of(), DEPLOYED.toString(), "crm"));
    StatusException e = assertThrows(StatusException.class, () -> StackStatus.find(state, null));
    assertEquals(2, e.exitCode());
    assertEquals("2 stacks are deployed under " + state + " (acd-demo, crm); name one: ferry status acd-demo",
        e.getMessage());
    assertEquals("crm", StackStatus.find(state, "crm").record().stack());
    e = assertThrows(StatusException.class, () -> StackStatus.find(state, "shop"));
    assertEquals("nothing deployed as shop under " + state + "; deployed there: acd-demo, crm (or pass --state-dir if"
        + " it lives elsewhere)", e.getMessage());
  }

  @Test
  void aStackNameIsNoPath(@TempDir Path state) {
    StatusException e = assertThrows(StatusException.class, () -> StackStatus.find(state, "../etc"));
    assertEquals(2, e.exitCode());
  }

  @Test
  void anUnreadableRecordIsAnIoError(@TempDir Path state) throws Exception {
    Files.createDirectories(state.resolve("acd-demo"));
    Files.writeString(state.resolve("acd-demo/deployment.json"), "{not json");
    StatusException e = assertThrows(StatusException.class, () -> StackStatus.find(state, null));
    assertEquals(6, e.exitCode());
    assertTrue(e.getMessage().contains("move it away and deploy again"), e.getMessage());
  }

  static void write(Path state, DeploymentRecord r) throws Exception {
    Files.createDirectories(state.resolve(r.stack()));
    r.write(state.resolve(r.stack()).resolve("deployment.json"));
  }
}
