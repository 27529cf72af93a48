package io.ferry.installer.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import io.ferry.common.progress.ProgressEvent;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.compose.ComposeProject;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import io.ferry.installer.docker.ProjectContainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * HealthWaiter against real containers started by the real compose: a service that becomes
 * healthy, one whose check fails during its start period and then passes, one whose check never
 * passes, one that exits, and one that is never created.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthWaiterIT {
  static final String PROJECT = ItDocker.uniqueProject("health");
  @TempDir static Path dir;
  static DockerEngine engine;
  static DockerClient client;
  static ComposeProject compose;

  @BeforeAll
  static void setUp() throws Exception {
    engine = DockerEngine.open();
    client = engine.client();
    ItDocker.buildBox(client);
    Path file = Files.writeString(dir.resolve("compose.yaml"), """
        x-box: &box
          image: %s
          stop_signal: SIGKILL
        services:
          good:
            <<: *box
            command: ["/bin/busybox", "sleep", "3600"]
            healthcheck:
              test: ["CMD", "/bin/busybox", "true"]
              interval: 1s
              timeout: 1s
              retries: 2
          slow:
            <<: *box
            # its check fails for 3 s, inside its start period: that must not count (a scratch image has no /tmp)
            command: ["/bin/busybox", "sh", "-c", "/bin/busybox sleep 3; /bin/busybox touch /ready; exec /bin/busybox sleep 3600"]
            healthcheck:
              test: ["CMD", "/bin/busybox", "test", "-f", "/ready"]
              interval: 1s
              timeout: 1s
              retries: 1
              start_period: 20s
          bad:
            <<: *box
            profiles: ["broken"]
            restart: unless-stopped
            command: ["/bin/busybox", "sh", "-c", "echo bad: starting; echo bad: cannot reach the database >&2; exec /bin/busybox sleep 3600"]
            healthcheck:
              test: ["CMD", "/bin/busybox", "sh", "-c", "echo database not reachable; exit 1"]
              interval: 1s
              timeout: 1s
              retries: 2
          crash:
            <<: *box
            profiles: ["crash"]
            command: ["/bin/busybox", "sh", "-c", "echo crash: config file missing; exit 2"]
        """.formatted(ItDocker.BOX));
    compose = ComposeCli.detect().project(PROJECT, dir, file, null, List.of()).withDocker(client);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (client == null) {
      return;
    }
    try {
      if (compose != null) {
        compose.down(true);
      }
    } finally {
      ItDocker.purge(client, PROJECT);
      engine.close();
    }
  }

  static UnhealthyException expectUnhealthy(List<String> services, Duration timeout, double maxSeconds) {
    long t0 = System.nanoTime();
    UnhealthyException e = assertThrows(UnhealthyException.class,
        () -> new HealthWaiter(client, ProgressListener.NONE).waitHealthy(PROJECT, services, timeout));
    double s = (System.nanoTime() - t0) / 1e9;
    assertTrue(s < maxSeconds, "took " + s + " s");
    return e;
  }

  @Test
  @Order(1)
  void healthyServicesPassAndOneOffContainersAreIgnored() throws Exception {
    // a finished one-off container (as a migration leaves when --rm fails) must not count
    String oneOff = client.createContainerCmd(ItDocker.BOX)
        .withLabels(Map.of(ProjectContainers.PROJECT_LABEL, PROJECT, ProjectContainers.SERVICE_LABEL, "good",
            ProjectContainers.ONE_OFF_LABEL, "True"))
        .withCmd("/bin/busybox", "false").exec().getId();
    client.startContainerCmd(oneOff).exec();
    client.waitContainerCmd(oneOff).exec(new WaitContainerResultCallback()).awaitStatusCode();

    compose.up(List.of());
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    new HealthWaiter(client, events::add).waitHealthy(PROJECT, List.of("good", "slow"), Duration.ofSeconds(40));
    double s = (System.nanoTime() - t0) / 1e9;
    assertTrue(s >= 2, "slow needs ~3 s to pass its check: " + s);

    ProgressEvent last = events.get(events.size() - 1);
    assertEquals("waiting for health", last.task());
    assertEquals(ProgressEvent.Phase.FINISH, last.phase());
    assertEquals(2, last.done());
    assertEquals(2, last.total());
    assertTrue(events.stream().anyMatch(e -> e.item().equals("waiting for slow")
        || e.item().equals("waiting for good, slow")), events.toString());
  }

  @Test
  @Order(2)
  void aServiceThatWasNeverCreatedIsNamed() {
    UnhealthyException e = expectUnhealthy(List.of("good", "slow", "reports"), Duration.ofSeconds(2), 15);
    assertEquals(List.of("reports"), e.services());
    assertTrue(e.getMessage().startsWith("project " + PROJECT + " is not healthy after 2 s: service reports "
        + "(no container: it was never created) is not ready"), e.getMessage());
    assertTrue(e.details().contains("service reports: no container"), e.details());
  }

  @Test
  @Order(3)
  void aCheckThatNeverPassesFailsEarlyWithItsOutputAndLogs() throws Exception {
    compose.up(List.of("bad"));
    // the deadline is far away: the waiter must give up by itself once bad stays unhealthy
    UnhealthyException e = expectUnhealthy(List.of("good", "slow", "bad"), Duration.ofSeconds(120), 30);
    assertEquals(List.of("bad"), e.services());
    assertTrue(e.getMessage().contains("service bad (running, unhealthy; health check: exit code 1: "
        + "database not reachable) has failed"), e.getMessage());
    assertTrue(e.getMessage().endsWith("see 'docker logs " + PROJECT + "_bad_1'")
        || e.getMessage().endsWith("see 'docker logs " + PROJECT + "-bad-1'"), e.getMessage());
    assertTrue(e.details().contains("last failing health check:\n    exit code 1: database not reachable"),
        e.details());
    // stdout and stderr lines, in whichever order the engine copied the two streams
    assertTrue(e.details().contains("\n    bad: starting"), e.details());
    assertTrue(e.details().contains("\n    bad: cannot reach the database"), e.details());
    assertFalse(e.details().contains("service good"), e.details());
    compose.down(false);
  }

  @Test
  @Order(4)
  void anExitedContainerFailsAtOnce() throws Exception {
    compose.up(List.of("crash"));
    UnhealthyException e = expectUnhealthy(List.of("crash"), Duration.ofSeconds(120), 15);
    assertEquals(List.of("crash"), e.services());
    assertTrue(e.getMessage().contains("service crash (exited with code 2) has failed"), e.getMessage());
    assertTrue(e.details().contains("crash: config file missing"), e.details());
  }
}
