package io.ferry.installer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.bundle.BundleHeadForTests;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import io.ferry.signing.manifest.ImageRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer as a separate process, as on-site IT runs it: killed with SIGKILL in the middle of
 * loading a large image, then run again; and started while the Docker engine cannot be reached.
 * The stack is the tests' own (project {@value #PROJECT}): one image with a 300 MB layer of random
 * bytes, made fresh per run and removed from the engine before the test, so the load is real.
 */
class DeployInterruptedIT {
  static final String PROJECT = "ferry-it-big";
  static final String IMAGE = "ferry-it-big/big:1";

  @TempDir static Path tmp;
  static DockerEngine engine;
  static DockerClient docker;
  static RealBundles.Fixture keys;
  static Path bundle;
  static ImageRecord image;

  @BeforeAll
  static void bigBundle() throws Exception {
    engine = DockerEngine.open();
    docker = engine.client();
    keys = RealBundles.sample();
    ItDocker.purge(docker, PROJECT);
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM scratch
        COPY busybox /bin/busybox
        COPY big /big
        HEALTHCHECK --interval=1s --timeout=3s --retries=3 CMD ["/bin/busybox", "true"]
        CMD ["/bin/busybox", "sleep", "86400"]
        """);
    DeployIt.sh("cp /bin/busybox " + ctx + " && head -c 300000000 /dev/urandom > " + ctx.resolve("big")
        + " && docker build -q -t " + IMAGE + " " + ctx + " && rm " + ctx.resolve("big"), 300);
    Path stack = Files.createDirectories(tmp.resolve("ferry-it-big"));
    Files.writeString(stack.resolve("compose.yaml"), """
        services:
          big:
            image: ferry-it-big/big:${FERRY_RELEASE:-1}
            pull_policy: never
        """);
    Files.writeString(stack.resolve("stack.yaml"), """
        name: ferry-it-big
        project: ferry-it-big
        health:
          timeout_seconds: 30
        """);
    long start = System.nanoTime();
    bundle = tmp.resolve("ferry-it-big-1.ferry");
    RealBundles.check(RealBundles.bundler("build", "--stack", stack.toString(), "--release", "1", "--sign-key",
        keys.releaseSecret().toString(), "--out", bundle.toString(), "--compression-level", "1"));
    System.out.printf("bundling 300 MB of random bytes: %.1f s%n", (System.nanoTime() - start) / 1e9);
    image = BundleHeadForTests.manifest(bundle).images().get(0);
    DeployIt.removeImage(docker, IMAGE);
    assertFalse(ItDocker.imagePresent(docker, image.id()), "the big image must not be in the engine yet");
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (docker == null) {
      return;
    }
    ItDocker.purge(docker, PROJECT);
    DeployIt.removeImage(docker, IMAGE);
    engine.close();
  }

  @Test
  void killedWhileLoadingImagesThenRunAgainCompletes(@TempDir Path state) throws Exception {
    Path config = DeployIt.customerConfig(tmp.resolve("big.yaml"), "ferry-it-big", state, "");
    List<String> cmd = DeployIt.ferryCommand("deploy", bundle.toString(), "--trust", keys.releasePublic().toString(),
        "--yes", "--config", config.toString(), "--json");
    Path err = tmp.resolve("killed.err");
    Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception ignored) {
        // the process was killed
      }
    });
    reader.setDaemon(true);
    reader.start();

    // Kill once a quarter of the bundle went through the verifying pass, which streams the layer into the
    // engine as it goes, or 2 s into that pass on a machine too fast to report a quarter in time.
    ObjectMapper json = new ObjectMapper();
    List<String> seen = new ArrayList<>();
    JsonNode killedAt = null;
    JsonNode lastLoading = null;
    long loadingSince = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (killedAt == null && System.nanoTime() < deadline && p.isAlive()) {
      String line = lines.poll(50, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith("{")) {
        seen.add(line);
        JsonNode e = json.readTree(line);
        if ("verifying bundle".equals(e.path("task").asText()) && "update".equals(e.path("event").asText())
            && e.path("done").asLong() > 0) {
          loadingSince = loadingSince == 0 ? System.nanoTime() : loadingSince;
          lastLoading = e;
          if (e.path("done").asLong() * 4 >= e.path("total").asLong()) {
            killedAt = e;
          }
        }
      }
      if (lastLoading != null && System.nanoTime() - loadingSince > TimeUnit.SECONDS.toNanos(2)) {
        killedAt = lastLoading;
      }
    }
    p.destroyForcibly();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    System.out.println("killed the installer with SIGKILL at " + killedAt);
    assertNotNull(killedAt, "no loading progress to kill in; events: " + seen + "\nstderr: " + Files.readString(err));
    assertTrue(killedAt.path("done").asLong() < killedAt.path("total").asLong(), "killed too late: " + killedAt);
    assertEquals(137, p.exitValue(), "killed with SIGKILL");
    assertFalse(ItDocker.imagePresent(docker, image.id()), "a half-loaded image is in the engine");
    assertFalse(ItDocker.imagePresent(docker, IMAGE));
    assertTrue(DeployIt.containers(docker, PROJECT).isEmpty());

    DeployIt.Outcome again = DeployIt.ferryProcess(Map.of(), 300, "deploy", bundle.toString(), "--trust",
        keys.releasePublic().toString(), "--yes", "--config", config.toString());

    assertEquals(0, again.code(), again.all());
    assertEquals("ferry-it-big 1 is running and healthy", again.lastLine(), again.all());
    assertTrue(ItDocker.imagePresent(docker, image.id()));
    Map<String, ContainerState> running = DeployIt.containers(docker, PROJECT);
    assertEquals(List.of("big"), List.copyOf(running.keySet()));
    assertTrue(running.get("big").ready(), running.toString());
    assertEquals(image.id(), running.get("big").imageId());

    DeployIt.Outcome third = DeployIt.ferry("deploy", bundle.toString(), "--trust", keys.releasePublic().toString(),
        "--yes", "--config", config.toString());
    assertEquals(0, third.code(), third.all());
    assertEquals("nothing to do: ferry-it-big 1 is running and healthy", third.lastLine(), third.all());
  }

  @Test
  void dockerNotRunningIsOneClearLine(@TempDir Path state) throws Exception {
    Path config = DeployIt.customerConfig(tmp.resolve("nodocker.yaml"), "ferry-it-big", state, "");
    for (String command : List.of("deploy", "plan")) {
      List<String> args = new ArrayList<>(List.of(command, bundle.toString(), "--trust",
          keys.releasePublic().toString(), "--config", config.toString()));
      if (command.equals("deploy")) {
        args.add("--yes");
      }
      DeployIt.Outcome o = DeployIt.ferryProcess(Map.of("DOCKER_HOST", "unix:///nonexistent"), 60,
          args.toArray(String[]::new));
      assertEquals(13, o.code(), o.all());
      String e = o.err().strip();
      assertEquals(1, e.lines().count(), "one line: " + o.all());
      assertTrue(e.startsWith("error: the Docker engine at unix:///nonexistent does not answer"), e);
      assertTrue(e.contains("start it"), "says what to do: " + e);
      assertFalse(e.contains("\tat ") || e.contains("Exception"), "no stack trace or exception name: " + e);
      assertEquals("", o.out().strip(), o.all());
    }
  }
}
