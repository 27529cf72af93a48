package io.ferry.installer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vanilla restore of a first install, through the data package's restore, when it was
 * interrupted: the marker it leaves makes the next deploy discard the partial data and restore
 * anew. The sample stack runs as its own project ({@value #PROJECT}) on a free port.
 */
class DeployRedoRestoreIT {
  static final String PROJECT = "ferry-it-data-redo";

  @TempDir static Path tmp;
  @TempDir static Path state;
  static DockerEngine engine;
  static DockerClient docker;
  static RealBundles.Fixture keys;
  static Path bundle;
  static Path config;

  @BeforeAll
  static void sampleBundle() throws Exception {
    engine = DockerEngine.open();
    docker = engine.client();
    keys = RealBundles.sample();
    ItDocker.purge(docker, PROJECT);
    RealBundles.buildSampleImages("1.0.0");
    Path sample = RealBundles.repo().resolve("samples/acd-demo");
    Path stack = Files.createDirectories(tmp.resolve("stack"));
    DeployIt.copyTree(sample.resolve("config"), stack.resolve("config"));
    DeployIt.copyTree(sample.resolve("vanilla"), stack.resolve("vanilla"));
    Files.copy(sample.resolve("compose.yaml"), stack.resolve("compose.yaml"));
    Files.writeString(stack.resolve("stack.yaml"), DeploySampleIT.replaceOnce(
        Files.readString(sample.resolve("stack.yaml")), "\nproject: acd-demo ", "\nproject: " + PROJECT + " "));
    bundle = tmp.resolve("acd-demo-1.0.0.ferry");
    RealBundles.check(RealBundles.bundler("build", "--stack", stack.toString(), "--release", "1.0.0", "--sign-key",
        keys.releaseSecret().toString(), "--out", bundle.toString(), "--compression-level", "1"));
    config = DeployIt.customerConfig(tmp.resolve("customer.yaml"), "acd-demo", state,
        "dns_names: [127.0.0.1]\nnetwork:\n  ports: {https: " + DeployIt.freePort() + "}\n");
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (docker != null) {
      ItDocker.purge(docker, PROJECT);
      engine.close();
    }
  }

  static DeployIt.Outcome ferry(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command, bundle.toString(), "--trust",
        keys.releasePublic().toString(), "--config", config.toString()));
    args.addAll(List.of(more));
    return DeployIt.ferry(args.toArray(String[]::new));
  }

  static String db() {
    return DeployIt.containers(docker, PROJECT).get("db").name();
  }

  static String prompts() throws Exception {
    return DeployIt.sh("docker run --rm --network none --entrypoint ls -v " + PROJECT + "_prompts:/v acd-demo/db:1.0.0"
        + " -A /v", 60).out();
  }

  @Test
  void anInterruptedRestoreIsDiscardedAndDoneAgain() throws Exception {
    DeployIt.Outcome fresh = ferry("deploy", "--yes");
    assertEquals(0, fresh.code(), fresh.all());
    String queues = DeployIt.psql(db(), "SELECT count(*) FROM queues");
    String vanillaPrompts = prompts();
    assertTrue(vanillaPrompts.contains("greeting-main.txt"), vanillaPrompts);

    // What a crash in the middle of the restore leaves behind: the marker and partial data.
    Path marker = state.resolve("acd-demo/restore.pending");
    Files.writeString(marker, "db-data\nprompts\nreports");
    DeployIt.psql(db(), "INSERT INTO queues (name, description, greeting_prompt, service_level_seconds)"
        + " VALUES ('half-restored', 'left by the interrupted restore', 'greeting-main.txt', 15)");
    DeployIt.sh("docker run --rm --network none --entrypoint sh -v " + PROJECT + "_prompts:/v acd-demo/db:1.0.0"
        + " -c 'echo partial > /v/half-written.txt'", 60);

    DeployIt.Outcome plan = ferry("plan", "--json");
    assertEquals(0, plan.code(), plan.all());
    assertEquals("REDO_INTERRUPTED_RESTORE", new ObjectMapper().readTree(plan.lastLine()).get("data").asText(),
        plan.out());

    DeployIt.Outcome redo = ferry("deploy", "--yes");

    assertEquals(0, redo.code(), redo.all());
    assertTrue(redo.lastLine().startsWith("acd-demo 1.0.0 is running and healthy"), redo.all());
    assertFalse(Files.exists(marker), "the marker goes once the restore is complete");
    assertEquals(queues, DeployIt.psql(db(), "SELECT count(*) FROM queues"));
    assertEquals("0", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'half-restored'"));
    assertEquals(vanillaPrompts, prompts(), "the volume holds the vanilla files again, and only them");
  }
}
