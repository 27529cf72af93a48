package io.ferry.installer.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ProjectContainers on containers made directly with docker-java, labelled as compose labels them. */
class ProjectContainersIT {
  static DockerEngine engine;
  static DockerClient client;
  static final String PROJECT = ItDocker.uniqueProject("containers");

  @BeforeAll
  static void start() throws Exception {
    engine = DockerEngine.open();
    client = engine.client();
    ItDocker.buildBox(client);
  }

  @AfterAll
  static void clean() throws Exception {
    if (client != null) {
      ItDocker.purge(client, PROJECT);
      engine.close();
    }
  }

  static String create(String service, boolean oneOff, String script) {
    return client.createContainerCmd(ItDocker.BOX)
        .withName(PROJECT + "_" + service + (oneOff ? "_run_1" : "_1"))
        .withLabels(Map.of(ProjectContainers.PROJECT_LABEL, PROJECT, ProjectContainers.SERVICE_LABEL, service,
            ProjectContainers.ONE_OFF_LABEL, oneOff ? "True" : "False"))
        .withCmd("/bin/busybox", "sh", "-c", script)
        .exec().getId();
  }

  @Test
  void listsRunningStoppedCreatedAndOneOffContainersOfTheProjectOnly() throws Exception {
    // stdout and stderr are copied separately by the engine: only lines of one stream keep their order
    String web = create("web", false, "echo 'to stderr' >&2; /bin/busybox sleep 0.5;"
        + " i=1; while [ $i -le 30 ]; do echo \"web line $i\"; i=$((i+1)); done; exec /bin/busybox sleep 600");
    String job = create("job", true, "echo migrated; exit 3");
    String idle = create("idle", false, "true");
    client.startContainerCmd(web).exec();
    client.startContainerCmd(job).exec();
    client.waitContainerCmd(job).exec(new WaitContainerResultCallback()).awaitStatusCode();

    List<ContainerState> all = ProjectContainers.list(client, PROJECT);
    assertEquals(List.of("idle", "job", "web"), all.stream().map(ContainerState::service).toList());
    ContainerState idleState = all.get(0);
    ContainerState jobState = all.get(1);
    ContainerState webState = all.get(2);

    assertEquals("created", idleState.state());
    assertNull(idleState.startedAt());
    assertEquals("exited", jobState.state());
    assertTrue(jobState.oneOff());
    assertFalse(webState.oneOff());
    assertEquals("running", webState.state());
    assertEquals("none", webState.health());
    assertNotNull(webState.startedAt());
    assertEquals(web, webState.containerId());
    assertEquals(PROJECT + "_web_1", webState.name());
    String imageId = client.inspectImageCmd(ItDocker.BOX).exec().getId();
    assertEquals(imageId, "sha256:" + webState.imageId());
    assertTrue(webState.imageId().matches("[0-9a-f]{64}"), webState.imageId());

    assertTrue(ProjectContainers.list(client, PROJECT + "-other").isEmpty());

    // logs: stdout and stderr, only the last lines
    String tail = "";
    for (int i = 0; i < 100 && !tail.endsWith("web line 30"); i++) {
      Thread.sleep(100);
      tail = ProjectContainers.logTail(client, web, 3);
    }
    assertEquals("web line 28\nweb line 29\nweb line 30", tail);
    String whole = ProjectContainers.logTail(client, web, 100);
    assertTrue(whole.startsWith("to stderr\nweb line 1\n"), whole);
    assertEquals("migrated", ProjectContainers.logTail(client, job, 20));
    assertEquals("", ProjectContainers.logTail(client, "no-such-container-" + PROJECT, 20));
  }
}
