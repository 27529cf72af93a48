package io.ferry.installer.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.installer.health.HealthWaiter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose runner against the real engine and the compose installed here (docker-compose
 * 1.29.2 on the test machines; v2 if the docker CLI has the plugin). One project, driven through
 * its life in order: up, up again, profiles, run, stop, down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeIT {
  static final String PROJECT = ItDocker.uniqueProject("compose");
  static final String WRONG_PROJECT = PROJECT + "-wrong";
  @TempDir static Path dir;
  static DockerEngine engine;
  static DockerClient client;
  static ComposeCli cli;
  static Path composeFile;
  static Path envFile;
  static Map<String, String> hostileShell;

  @BeforeAll
  static void setUp() throws Exception {
    engine = DockerEngine.open();
    client = engine.client();
    ItDocker.buildBox(client);
    cli = ComposeCli.detect();
    composeFile = Files.writeString(dir.resolve("compose.yaml"), """
        services:
          good:
            image: %1$s
            command: ["/bin/busybox", "sh", "-c", "echo greeting=$$GREETING; exec /bin/busybox sleep 3600"]
            environment:
              GREETING: ${GREETING}
            stop_signal: SIGKILL
            healthcheck:
              test: ["CMD", "/bin/busybox", "true"]
              interval: 1s
              timeout: 1s
              retries: 2
            volumes:
              - data:/data
          extra:
            image: %1$s
            command: ["/bin/busybox", "sleep", "3600"]
            stop_signal: SIGKILL
            profiles: ["extras"]
        volumes:
          data:
        """.formatted(ItDocker.BOX));
    envFile = Files.writeString(dir.resolve("stack.env"), "GREETING=from-env-file\n");
    // what an operator's shell might hold: none of it may change what Ferry runs
    hostileShell = new HashMap<>(System.getenv());
    hostileShell.putAll(Map.of("COMPOSE_PROJECT_NAME", WRONG_PROJECT, "COMPOSE_FILE", "/nonexistent/compose.yml",
        "COMPOSE_PROFILES", "extras", "COMPOSE_IGNORE_ORPHANS", "true", "GREETING", "from-shell"));
    plain = project(List.of());
    withExtras = project(List.of("extras"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (client == null) {
      return;
    }
    try {
      if (withExtras != null) {
        withExtras.down(true);
      }
    } finally {
      ItDocker.purge(client, PROJECT);
      ItDocker.purge(client, WRONG_PROJECT);
      engine.close();
    }
  }

  static ComposeProject plain;
  static ComposeProject withExtras;

  static ComposeProject project(List<String> profiles) {
    return cli.project(PROJECT, dir, composeFile, envFile, profiles).withDocker(client)
        .withParentEnvironment(hostileShell);
  }

  static List<ContainerState> containers() {
    return ProjectContainers.list(client, PROJECT).stream().filter(c -> !c.oneOff()).toList();
  }

  @Test
  @Order(1)
  void detectsTheInstalledCompose() {
    if (!cli.isV2()) {
      assertTrue(cli.version().startsWith("1."), cli.description());
      assertTrue(cli.description().startsWith("docker-compose 1."), cli.description());
    } else {
      assertTrue(cli.description().contains(" v2."), cli.description());
    }
  }

  @Test
  @Order(2)
  void upStartsTheEnabledServicesAndIgnoresTheShellsComposeVariables() throws Exception {
    ComposeProject p = plain;
    assertEquals(List.of("good"), p.configuredServices());
    p.up(List.of());
    new HealthWaiter(client, ProgressListener.NONE).waitHealthy(PROJECT, List.of("good"), Duration.ofSeconds(30));

    List<ContainerState> cs = containers();
    assertEquals(List.of("good"), cs.stream().map(ContainerState::service).toList(), "COMPOSE_PROFILES ignored");
    assertTrue(ProjectContainers.list(client, WRONG_PROJECT).isEmpty(), "COMPOSE_PROJECT_NAME ignored");
    List<String> env = List.of(client.inspectContainerCmd(cs.get(0).containerId()).exec().getConfig().getEnv());
    assertTrue(env.contains("GREETING=from-env-file"), "the env file wins over the shell: " + env);
  }

  @Test
  @Order(3)
  void upAgainRecreatesNothing() throws Exception {
    String before = containers().get(0).containerId();
    plain.up(List.of());
    List<ContainerState> after = containers();
    assertEquals(1, after.size());
    assertEquals(before, after.get(0).containerId());
    assertEquals("running", after.get(0).state());
  }

  @Test
  @Order(4)
  void aProfileServiceStartsOnlyWithItsProfile() throws Exception {
    assertEquals(List.of("extra", "good"), withExtras.configuredServices());
    String good = containers().get(0).containerId();
    withExtras.up(List.of());
    List<ContainerState> cs = containers();
    assertEquals(List.of("extra", "good"), cs.stream().map(ContainerState::service).toList());
    assertEquals(good, cs.get(1).containerId());
    // back without the profile: its container is not an orphan to compose, and stays
    plain.up(List.of());
    assertEquals(2, containers().size());
  }

  @Test
  @Order(5)
  void runReturnsTheOutputOfAOneShotCommand() throws Exception {
    CommandResult r = plain.run("good",
        List.of("/bin/busybox", "sh", "-c", "echo migrated to 1.0.1; ls /data >/dev/null"), Duration.ofSeconds(60));
    assertEquals(0, r.exitCode());
    assertTrue(r.output().contains("migrated to 1.0.1"), r.output());
    assertTrue(ProjectContainers.list(client, PROJECT).stream().noneMatch(ContainerState::oneOff), "--rm");
  }

  @Test
  @Order(6)
  void aFailingOneShotCommandThrowsWithItsOutput() {
    ComposeException e = assertThrows(ComposeException.class, () -> plain.run("good",
        List.of("/bin/busybox", "sh", "-c", "echo applying 0042_add_column; echo 'ERROR: column exists' >&2; exit 3"),
        Duration.ofSeconds(60)));
    assertEquals(3, e.exitCode());
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("ERROR: column exists"), e.getMessage());
    assertTrue(e.getMessage().contains("applying 0042_add_column"), e.getMessage());
  }

  @Test
  @Order(7)
  void aMissingImageIsRefusedWithoutPulling() throws Exception {
    Path other = Files.writeString(dir.resolve("missing.yaml"), """
        services:
          ghost:
            image: ferry-it/not-loaded:%s
        """.formatted(PROJECT));
    ComposeProject p = cli.project(PROJECT, dir, other, null, List.of()).withDocker(client);
    List<ContainerState> before = containers();
    long t0 = System.nanoTime();
    ComposeException e = assertThrows(ComposeException.class, () -> p.up(List.of()));
    assertTrue(e.getMessage().contains("ferry-it/not-loaded:" + PROJECT + " (ghost) not on this host"), e.getMessage());
    assertTrue(e.getMessage().contains("never pulls"), e.getMessage());
    assertTrue((System.nanoTime() - t0) / 1e9 < 15);
    assertEquals(before, containers(), "nothing touched");
  }

  @Test
  @Order(8)
  void stopKeepsContainersAndUpStartsThemAgain() throws Exception {
    List<String> ids = containers().stream().map(ContainerState::containerId).toList();
    plain.stop();
    List<ContainerState> stopped = containers();
    assertEquals(ids, stopped.stream().map(ContainerState::containerId).toList());
    assertTrue(stopped.stream().allMatch(c -> c.state().equals("exited")), stopped.toString());
    plain.up(List.of());
    ContainerState good = containers().stream().filter(c -> c.service().equals("good")).findFirst().orElseThrow();
    assertEquals("running", good.state());
    assertTrue(ids.contains(good.containerId()));
  }

  @Test
  @Order(9)
  void downWithVolumesRemovesEverythingEvenWithoutTheProfile() throws Exception {
    assertFalse(client.listVolumesCmd().withFilter("name", List.of(PROJECT + "_data")).exec().getVolumes().isEmpty());
    plain.down(true);
    assertTrue(ProjectContainers.list(client, PROJECT).isEmpty());
    assertTrue(client.listNetworksCmd().withNameFilter(PROJECT + "_default").exec().isEmpty());
    assertTrue(client.listVolumesCmd().withFilter("name", List.of(PROJECT + "_data")).exec().getVolumes().isEmpty());
  }
}
