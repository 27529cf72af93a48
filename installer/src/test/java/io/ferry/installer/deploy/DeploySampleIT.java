package io.ferry.installer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.BundleHeadForTests;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ItDocker;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.pgp.TrustStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample stack deployed for real, through the CLI: real engine, real compose, real PostgreSQL
 * in the sample's db container. The tests build on each other (fresh install, deploy again, a
 * tampered update, the update, a release that never gets healthy), so they run in order.
 *
 * <p>The sample runs as its own compose project ({@value #PROJECT}) on a free port, never as
 * {@code acd-demo} on 8443: someone may be running the sample by hand on this engine. Its web
 * image of 1.0.1 gets one extra layer of random bytes, made fresh per run and removed from the
 * engine after bundling, so the update really has a layer to load (the sample's own 1.0.1 image is
 * usually in the engine already).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploySampleIT {
  static final String PROJECT = "ferry-it-acd";
  static final String WEB = "ferry-it-acd/web";
  static final long STAMP_BYTES = 8L << 20;

  @TempDir static Path tmp;
  @TempDir static Path state;
  static DockerEngine engine;
  static DockerClient docker;
  static RealBundles.Fixture keys;
  static Path b100;
  static Path b101;
  static Path b999;
  static Path config;
  static String url;
  static ImageRecord web101;
  /** The later tests build on the fresh deployment; without it they are skipped, not failed for the same reason. */
  static boolean deployed;

  @BeforeAll
  static void bundles() throws Exception {
    engine = DockerEngine.open();
    docker = engine.client();
    long start = System.nanoTime();
    keys = RealBundles.sample();
    ItDocker.purge(docker, PROJECT); // what an aborted earlier run may have left of OUR project
    RealBundles.buildSampleImages("1.0.0", "1.0.1", "9.9.9", "--broken-web", "9.9.9");
    System.out.printf("keys and sample images: %.1f s%n", (System.nanoTime() - start) / 1e9);
    Path ctx = Files.createDirectories(tmp.resolve("web-ctx"));
    DeployIt.sh("head -c " + STAMP_BYTES + " /dev/urandom > " + ctx.resolve("stamp")
        + " && docker tag acd-demo/web:1.0.0 " + WEB + ":1.0.0 && docker tag acd-demo/web:9.9.9 " + WEB + ":9.9.9"
        + " && printf 'FROM acd-demo/web:1.0.1\\nCOPY stamp /app/ferry-it-stamp\\n' > " + ctx.resolve("Dockerfile")
        + " && docker build -q -t " + WEB + ":1.0.1 " + ctx, 300);
    List<CompletableFuture<Path>> builds = new ArrayList<>();
    for (String release : List.of("1.0.0", "1.0.1", "9.9.9")) {
      Path stack = stackFolder(release);
      Path out = tmp.resolve("acd-demo-" + release + ".ferry");
      builds.add(CompletableFuture.supplyAsync(() -> {
        try {
          // Level 1: the same format, made faster; these bundles live for one test run.
          RealBundles.check(RealBundles.bundler("build", "--stack", stack.toString(), "--release", release,
              "--sign-key", keys.releaseSecret().toString(), "--out", out.toString(), "--compression-level", "1"));
          return out;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    b100 = builds.get(0).join();
    b101 = builds.get(1).join();
    b999 = builds.get(2).join();
    System.out.printf("three bundles of the sample: %.1f s%n", (System.nanoTime() - start) / 1e9);
    web101 = BundleHeadForTests.manifest(b101).images().stream().filter(i -> i.tags().contains(WEB + ":1.0.1"))
        .findFirst().orElseThrow();
    DeployIt.removeImage(docker, WEB + ":1.0.1");
    assertFalse(ItDocker.imagePresent(docker, web101.id()), "the update's web image must not be in the engine yet");
    int port = DeployIt.freePort();
    url = "https://127.0.0.1:" + port + "/";
    config = DeployIt.customerConfig(tmp.resolve("customer.yaml"), "acd-demo", state,
        "dns_names: [127.0.0.1]\nnetwork:\n  ports: {https: " + port + "}\n");
  }

  /** The sample's stack files, run as project ferry-it-acd; release 9.9.9 gives up on health after 15 s. */
  static Path stackFolder(String release) throws Exception {
    Path sample = RealBundles.repo().resolve("samples/acd-demo");
    Path dir = Files.createDirectories(tmp.resolve("stack-" + release));
    DeployIt.copyTree(sample.resolve("config"), dir.resolve("config"));
    DeployIt.copyTree(sample.resolve("vanilla"), dir.resolve("vanilla"));
    String compose = Files.readString(sample.resolve("compose.yaml"));
    Files.writeString(dir.resolve("compose.yaml"), replaceOnce(compose, "image: acd-demo/web:", "image: " + WEB + ":"));
    String descriptor = replaceOnce(Files.readString(sample.resolve("stack.yaml")), "\nproject: acd-demo ",
        "\nproject: " + PROJECT + " ");
    if (release.equals("9.9.9")) {
      descriptor = replaceOnce(descriptor, "timeout_seconds: 180", "timeout_seconds: 15");
    }
    Files.writeString(dir.resolve("stack.yaml"), descriptor);
    return dir;
  }

  static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new IllegalStateException("the sample changed: expected '" + from + "' exactly once");
    }
    return text.replace(from, to);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (docker == null) {
      return;
    }
    ItDocker.purge(docker, PROJECT);
    for (String ref : List.of(WEB + ":1.0.0", WEB + ":1.0.1", WEB + ":9.9.9", "acd-demo/web:9.9.9", "acd-demo/db:9.9.9",
        "acd-demo/worker:9.9.9", "acd-demo/reports:9.9.9")) {
      DeployIt.removeImage(docker, ref);
    }
    engine.close();
  }

  @BeforeEach
  void needsTheFreshDeployment(TestInfo test) {
    if (!test.getTestMethod().orElseThrow().getName().equals("freshDeployShowsTheDatabaseOverHttps")) {
      Assumptions.assumeTrue(deployed, "the fresh deployment failed; see freshDeployShowsTheDatabaseOverHttps");
    }
  }

  static DeployIt.Outcome deploy(Path bundle) {
    return DeployIt.ferry("deploy", bundle.toString(), "--trust", keys.releasePublic().toString(), "--yes",
        "--config", config.toString());
  }

  static Map<String, ContainerState> running() {
    return DeployIt.containers(docker, PROJECT);
  }

  static String db() {
    return running().get("db").name();
  }

  static void assertHealthy(Map<String, ContainerState> containers) {
    assertEquals(Set.of("db", "web", "worker"), containers.keySet(), containers.toString());
    containers.values().forEach(c -> assertTrue(c.ready(), c + " is not running and healthy"));
  }

  static void assertUnchanged(Map<String, ContainerState> before, Map<String, ContainerState> after, String service) {
    assertEquals(before.get(service).containerId(), after.get(service).containerId(), service + " was recreated");
    assertEquals(before.get(service).startedAt(), after.get(service).startedAt(), service + " was restarted");
  }

  @Test
  @Order(1)
  void freshDeployShowsTheDatabaseOverHttps() throws Exception {
    DeployIt.Outcome o = deploy(b100);
    assertEquals(0, o.code(), o.all());
    assertTrue(o.out().contains("4. data: restore the vanilla data"), o.all());
    assertEquals("acd-demo 1.0.0 is running and healthy: " + url, o.lastLine(), o.all());
    assertHealthy(running());
    String page = DeployIt.httpsGet(url);
    assertTrue(page.contains("<b id=\"release\">1.0.0</b>"), page);
    for (String fromDatabase : List.of("Billing", "Technical support, first level", "Alice Martin")) {
      assertTrue(page.contains(fromDatabase), "row '" + fromDatabase + "' of vanilla/database.sql: " + page);
    }
    assertTrue(Files.isRegularFile(state.resolve("acd-demo/deployment.json")));
    deployed = true;
  }

  @Test
  @Order(2)
  void deployingAgainHasNothingToDoAndRecreatesNothing() {
    Map<String, ContainerState> before = running();
    DeployIt.Outcome o = deploy(b100);
    assertEquals(0, o.code(), o.all());
    assertEquals("nothing to do: acd-demo 1.0.0 is running and healthy: " + url, o.lastLine(), o.all());
    Map<String, ContainerState> after = running();
    for (String s : List.of("db", "web", "worker")) {
      assertUnchanged(before, after, s);
    }
  }

  @Test
  @Order(3)
  void aTamperedUpdateLoadsNothingAndLeavesTheRunningStackAlone() throws Exception {
    BundleManifest m = BundleHeadForTests.manifest(b101);
    Blob stamp = m.layer(web101.diffIds().get(web101.diffIds().size() - 1)).orElseThrow();
    assertTrue(stamp.size() > STAMP_BYTES / 2, "the stamp layer is the random one: " + stamp);
    Path bad = tmp.resolve("tampered-1.0.1.ferry");
    DeployIt.flipNearEndOfEntry(b101, bad, stamp.entryName(), 100);
    Map<String, ContainerState> before = running();

    DeployIt.Outcome o = deploy(bad);

    assertEquals(10, o.code(), o.all());
    String err = o.err().strip();
    assertEquals(1, err.lines().count(), "one line: " + o.all());
    assertTrue(err.startsWith("error: "), err);
    assertTrue(err.contains(stamp.digest()), "names the damaged entry: " + err);
    assertTrue(err.contains("Nothing was changed on this host"), err);
    assertFalse(err.contains("\tat "), err);
    assertFalse(ItDocker.imagePresent(docker, web101.id()), "an image from a rejected bundle stayed in the engine");
    assertFalse(ItDocker.imagePresent(docker, WEB + ":1.0.1"));
    Map<String, ContainerState> after = running();
    assertHealthy(after);
    for (String s : List.of("db", "web", "worker")) {
      assertUnchanged(before, after, s);
    }
    assertTrue(DeployIt.httpsGet(url).contains("<b id=\"release\">1.0.0</b>"));
    assertEquals("1.0.0", DeploymentRecord.read(state.resolve("acd-demo/deployment.json")).release());
  }

  @Test
  @Order(4)
  void inPlaceUpdateLoadsOnlyTheNewLayerKeepsTheDataAndMigrates() throws Exception {
    DeployIt.psql(db(), "INSERT INTO queues (name, description, greeting_prompt, service_level_seconds)"
        + " VALUES ('ferry-it-kept', 'inserted by DeploySampleIT before the update', 'greeting-main.txt', 15)");

    // What the update will load, as 'ferry plan --json' reports it and as the deployer plans it.
    DeployIt.Outcome p = DeployIt.ferry("plan", b101.toString(), "--trust", keys.releasePublic().toString(),
        "--config", config.toString(), "--json");
    assertEquals(0, p.code(), p.all());
    JsonNode plan = new ObjectMapper().readTree(p.lastLine());
    assertFalse(plan.get("nothingToDo").asBoolean(), p.out());
    assertEquals(1, plan.get("imagesToLoad").asInt(), p.out());
    assertEquals("KEEP_EXISTING", plan.get("data").asText(), p.out());
    long bytesToLoad = plan.get("bytesToLoad").asLong();
    assertTrue(bytesToLoad >= STAMP_BYTES && bytesToLoad < STAMP_BYTES + (1 << 20), "only the new layer: " + p.out());
    // Verification reads what the host takes: the layers the engine holds, most of the bundle, are skipped.
    long notRead = plan.get("bytesNotRead").asLong();
    assertTrue(notRead > Files.size(b101) / 2 && notRead < Files.size(b101) - STAMP_BYTES,
        "the held layers are not read: " + p.out());
    assertTrue(plan.get("steps").get(2).asText().startsWith("1. verify the signature and every entry this host uses ("),
        p.out());
    try (DockerEngine e = DockerEngine.open()) {
      DeployPlan planned = new Deployer(e, ComposeCli.detect(), ProgressListener.NONE, Clock.systemUTC())
          .plan(OpenedBundle.open(b101, TrustStore.load(keys.releasePublic()), ProgressListener.NONE),
              CustomerConfig.read(config));
      String newLayer = web101.diffIds().get(web101.diffIds().size() - 1);
      assertEquals(Set.of(newLayer), planned.images().layersToLoad(), "the base layer (~200 MB) must not travel");
      assertTrue(planned.images().bytesPresent() > 20 * bytesToLoad, planned.images().toString());
    }
    Map<String, ContainerState> before = running();

    DeployIt.Outcome o = deploy(b101);

    assertEquals(0, o.code(), o.all());
    assertEquals("acd-demo 1.0.1 is running and healthy: " + url, o.lastLine(), o.all());
    Map<String, ContainerState> after = running();
    assertHealthy(after);
    assertUnchanged(before, after, "db");
    assertUnchanged(before, after, "worker");
    assertNotEquals(before.get("web").containerId(), after.get("web").containerId(), "web must be replaced");
    assertEquals(web101.id(), after.get("web").imageId());
    String db = db();
    assertEquals("1", DeployIt.psql(db, "SELECT count(*) FROM queues WHERE name = 'ferry-it-kept'"), "data kept");
    assertEquals("2", DeployIt.psql(db, "SELECT max(version) FROM schema_migrations"), "migration 002 applied");
    assertEquals("1", DeployIt.psql(db, "SELECT count(*) FROM information_schema.columns"
        + " WHERE table_name = 'callbacks' AND column_name = 'priority'"));
    String page = DeployIt.httpsGet(url);
    assertTrue(page.contains("<b id=\"release\">1.0.1</b>"), page);
    assertTrue(page.contains("ferry-it-kept"), page);
    assertTrue(page.contains("VIP"), "the migration's new queue: " + page);
    assertTrue(page.contains(">priority<"), "the migration's new column: " + page);

    DeployIt.Outcome again = deploy(b101);
    assertEquals(0, again.code(), again.all());
    assertEquals("nothing to do: acd-demo 1.0.1 is running and healthy: " + url, again.lastLine(), again.all());
    assertEquals(after.get("web").containerId(), running().get("web").containerId());
  }

  @Test
  @Order(5)
  void aReleaseThatNeverGetsHealthyFailsNamingTheServiceAndCanBeUndone() throws Exception {
    Map<String, ContainerState> before = running();

    DeployIt.Outcome o = deploy(b999);

    assertEquals(18, o.code(), o.all());
    String err = o.err();
    assertTrue(err.startsWith("error: "), err);
    assertTrue(err.contains("service web"), "names the service: " + err);
    assertTrue(err.contains("log lines"), "shows the tail of its log: " + err);
    assertTrue(err.contains("'ferry deploy' again"), "says how to retry: " + err);
    assertFalse(err.contains("\tat "), err);
    assertUnchanged(before, running(), "db");

    // The previous release comes back with its own bundle, data and all.
    DeployIt.Outcome back = deploy(b101);
    assertEquals(0, back.code(), back.all());
    assertEquals("acd-demo 1.0.1 is running and healthy: " + url, back.lastLine(), back.all());
    assertHealthy(running());
    assertEquals("1", DeployIt.psql(db(), "SELECT count(*) FROM queues WHERE name = 'ferry-it-kept'"));
    assertTrue(DeployIt.httpsGet(url).contains("<b id=\"release\">1.0.1</b>"));
  }
}
