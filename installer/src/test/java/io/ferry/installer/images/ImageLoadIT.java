package io.ferry.installer.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.bundle.BundleVerifier;
import io.ferry.installer.bundle.RealBundles;
import io.ferry.installer.bundle.VerifiedBundle;
import io.ferry.installer.docker.ItDocker;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.pgp.TrustStore;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a bundle's images into the real engine in the verifier's single pass. */
class ImageLoadIT {
  @TempDir static Path tmp;
  static DockerEngine engine;
  static DockerClient docker;
  static Path v1;
  static Path v2;
  static RealBundles.Fixture keys;

  static void sh(String script) throws Exception {
    RealBundles.check(RealBundles.run(List.of("bash", "-c", script), Map.of(), 300));
  }

  @BeforeAll
  static void images() throws Exception {
    engine = DockerEngine.open();
    docker = engine.client();
    keys = RealBundles.sample();
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    // Unique content per run, so the engine cannot already hold these layers from an earlier run.
    Files.writeString(ctx.resolve("stamp"), "load-it " + System.nanoTime());
    Files.writeString(ctx.resolve("extra"), "only in release 2 " + System.nanoTime());
    sh("cd " + ctx + " && cp /bin/busybox . && printf 'FROM scratch\\nCOPY busybox /bin/busybox\\nCOPY stamp /stamp\\n' > D1"
        + " && docker build -q -f D1 -t ferry-it/load:1 . && printf 'FROM ferry-it/load:1\\nCOPY extra /extra\\n' > D2"
        + " && docker build -q -f D2 -t ferry-it/load:2 .");
    for (String v : List.of("1", "2")) {
      Path stack = Files.createDirectories(tmp.resolve("stack" + v));
      Files.writeString(stack.resolve("compose.yaml"), "services:\n  box:\n    image: ferry-it/load:" + v + "\n");
      RealBundles.check(RealBundles.bundler("build", "--stack", stack.toString(), "--release", v, "--sign-key",
          keys.releaseSecret().toString(), "--out", tmp.resolve("load-" + v + ".ferry").toString()));
    }
    v1 = tmp.resolve("load-1.ferry");
    v2 = tmp.resolve("load-2.ferry");
    removeImages();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    removeImages();
    engine.close();
  }

  static void removeImages() {
    for (String ref : List.of("ferry-it/load:2", "ferry-it/load:1")) {
      try {
        docker.removeImageCmd(ref).withForce(true).exec();
      } catch (NotFoundException ignored) {
        // already gone
      }
    }
  }

  static boolean present(String ref) {
    return ItDocker.imagePresent(docker, ref);
  }

  /**
   * Where the image's top layer ends in the bundle file: the layer with this run's unique stamp,
   * which the engine never holds beforehand. A flip there is in bytes the load must read; a flip in
   * the busybox layer, which other tests' images share, would be passed over when the engine holds it.
   */
  static long topLayerEnd(Path bundle) throws Exception {
    BundleManifest manifest = io.ferry.installer.bundle.BundleHeadForTests.manifest(bundle);
    List<String> diffIds = manifest.images().get(0).diffIds();
    String top = manifest.layer(diffIds.get(diffIds.size() - 1)).orElseThrow().entryName();
    try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(bundle)) {
      var e = tar.getEntries().stream().filter(t -> t.getName().equals(top)).findFirst().orElseThrow();
      return e.getDataOffset() + e.getSize();
    }
  }

  static VerifiedBundle load(Path bundle, ImageLoadPlan[] planOut) throws Exception {
    BundleManifest manifest = io.ferry.installer.bundle.BundleHeadForTests.manifest(bundle);
    ImageLoadPlan plan = ImageLoadPlan.of(manifest, EngineImages.of(docker));
    planOut[0] = plan;
    try (InputStream in = Files.newInputStream(bundle)) {
      return new BundleVerifier(TrustStore.load(keys.releasePublic()), Clock.systemUTC(), ProgressListener.NONE)
          .verify(in, Files.size(bundle), new DockerLoadSink(docker, plan));
    }
  }

  @Test
  void tamperedBundleLoadsNothingThenGoodOneLoadsThenUpdateLoadsOnlyTheNewLayer() throws Exception {
    Path bad = tmp.resolve("bad.ferry");
    Files.copy(v1, bad);
    long at = topLayerEnd(bad) - 10;
    try (var ch = java.nio.channels.FileChannel.open(bad, java.nio.file.StandardOpenOption.WRITE)) {
      // Near the end of the top layer: all of it streams into the engine before the flip is found.
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x5a, 0x5a, 0x5a}), at);
    }
    ImageLoadPlan[] plan = new ImageLoadPlan[1];
    assertThrows(BundleRejectedException.class, () -> load(bad, plan));
    assertFalse(plan[0].layersToLoad().isEmpty(), "the layers were sent to the engine");
    assertFalse(present("ferry-it/load:1"), "nothing from a rejected bundle may stay in the engine");

    VerifiedBundle first = load(v1, plan);
    assertEquals("1", first.manifest().release());
    assertTrue(present("ferry-it/load:1"));
    assertEquals(first.manifest().images().get(0).id(),
        docker.inspectImageCmd("ferry-it/load:1").exec().getId().replace("sha256:", ""), "pinned image ID");

    load(v2, plan);
    assertTrue(present("ferry-it/load:2"));
    assertEquals(1, plan[0].layersToLoad().size(), "only the new layer travels: " + plan[0].layersToLoad());
    assertTrue(plan[0].bytesPresent() > plan[0].bytesToLoad(), plan[0].toString());

    load(v2, plan);
    assertTrue(plan[0].nothingToLoad(), "a second load has nothing to do");
  }

  static VerifiedBundle loadThrough(String transport, Path bundle, ImageLoadPlan[] planOut) throws Exception {
    BundleManifest manifest = io.ferry.installer.bundle.BundleHeadForTests.manifest(bundle);
    ImageLoadPlan plan = ImageLoadPlan.of(manifest, EngineImages.of(docker));
    planOut[0] = plan;
    String before = System.getProperty("ferry.image.transport");
    System.setProperty("ferry.image.transport", transport);
    try {
      return new ImageLoader(docker, TrustStore.load(keys.releasePublic()), Clock.systemUTC(), ProgressListener.NONE)
          .load(bundle, plan, io.ferry.installer.bundle.BlobSink.NONE);
    } finally {
      if (before == null) {
        System.clearProperty("ferry.image.transport");
      } else {
        System.setProperty("ferry.image.transport", before);
      }
    }
  }

  /** The engine's record of a layer chain: present while any image (or an unfinished pull) holds it. */
  static boolean engineHoldsChain(String chainId) {
    return Files.exists(Path.of("/var/lib/docker/image/overlay2/layerdb/sha256", chainId));
  }

  static List<String> ourReferences() {
    List<String> refs = new java.util.ArrayList<>();
    for (var image : docker.listImagesCmd().withShowAll(true).exec()) {
      for (String[] names : new String[][] {image.getRepoTags(), image.getRepoDigests()}) {
        if (names != null) {
          for (String n : names) {
            if (n.startsWith("127.0.0.1:")) {
              refs.add(n);
            }
          }
        }
      }
    }
    return refs;
  }

  @Test
  void registryTransportPullsVerifiedLayersAndLeavesNothingOfARejectedBundle() throws Exception {
    removeImages();
    BundleManifest manifest = io.ferry.installer.bundle.BundleHeadForTests.manifest(v1);
    List<String> allChains = ChainIds.of(manifest.images().get(0).diffIds());
    String topChain = allChains.get(allChains.size() - 1);
    // The busybox bottom layer is the same in other tests' images; only chains new to the engine count.
    EngineImages before = EngineImages.of(docker);
    List<String> chains = allChains.stream().filter(c -> !before.hasChain(c)).toList();
    assertTrue(chains.contains(topChain), "the image's top layer is new to the engine (unique content per run)");
    Path bad = tmp.resolve("bad-registry.ferry");
    Files.copy(v1, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (var ch = java.nio.channels.FileChannel.open(bad, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x5a, 0x5a, 0x5a}), topLayerEnd(bad) - 10);
    }
    ImageLoadPlan[] plan = new ImageLoadPlan[1];
    assertThrows(BundleRejectedException.class, () -> loadThrough("registry", bad, plan));
    assertFalse(plan[0].nothingToLoad());
    assertFalse(present("ferry-it/load:1"), "no image from a rejected bundle");
    // The engine releases the layers of a cancelled pull right after it notices the cancellation.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (chains.stream().anyMatch(ImageLoadIT::engineHoldsChain) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    for (String chain : chains) {
      assertFalse(engineHoldsChain(chain), "layer chain " + chain + " of the rejected bundle stayed in the engine");
    }
    assertEquals(List.of(), ourReferences(), "no name of Ferry's loopback registry stays behind");

    VerifiedBundle good = loadThrough("registry", v1, plan);
    assertTrue(present("ferry-it/load:1"));
    assertEquals(good.manifest().images().get(0).id(),
        docker.inspectImageCmd("ferry-it/load:1").exec().getId().replace("sha256:", ""), "pinned image ID");
    assertTrue(engineHoldsChain(topChain), "the pulled layers are registered");
    assertEquals(List.of(), ourReferences(), "the loopback registry's names are removed after the pull");

    loadThrough("registry", v2, plan);
    assertTrue(present("ferry-it/load:2"));
    assertEquals(1, plan[0].layersToLoad().size(), "only the new layer travels: " + plan[0].layersToLoad());
    assertEquals(List.of(), ourReferences());
    removeImages();
  }

  @Test
  void archiveTransportStillLoadsThroughDockerLoad() throws Exception {
    removeImages();
    ImageLoadPlan[] plan = new ImageLoadPlan[1];
    loadThrough("archive", v1, plan);
    assertTrue(present("ferry-it/load:1"));
    assertFalse(plan[0].nothingToLoad());
    removeImages();
  }

  @Test
  void registryServesLayersThatHashToTheirDiffIdAndHoldsConfigsUntilOpened() throws Exception {
    BundleManifest manifest = io.ferry.installer.bundle.BundleHeadForTests.manifest(v1);
    var image = manifest.images().get(0);
    var http = java.net.http.HttpClient.newHttpClient();
    try (LoopbackRegistry registry = LoopbackRegistry.start(v1, manifest, List.of(image))) {
      String base = "http://" + registry.repository(0).replaceFirst("/", "/v2/");
      var layer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/blobs/sha256:"
          + image.diffIds().get(0))).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, layer.statusCode());
      assertEquals(image.diffIds().get(0), io.ferry.signing.manifest.Sha256.hexOf(layer.body()),
          "served uncompressed: its digest is the diff ID the engine checks");
      var manifestDoc = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/manifests/load"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertTrue(manifestDoc.body().contains(image.id()), manifestDoc.body());
      var wrongPrefix = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          base.replaceFirst("/v2/[^/]+/", "/v2/someone-else/") + "/manifests/load")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(404, wrongPrefix.statusCode(), "only the random prefix is served");

      var config = http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/blobs/sha256:"
          + image.id())).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      Thread.sleep(500);
      assertFalse(config.isDone(), "the config waits until the whole bundle verified");
      registry.open();
      assertEquals(image.id(), io.ferry.signing.manifest.Sha256.hexOf(config.get(10, java.util.concurrent.TimeUnit.SECONDS).body()));
    }

    Path bad = tmp.resolve("bad-layer.ferry");
    Files.copy(v1, bad, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (var ch = java.nio.channels.FileChannel.open(bad, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0x5a, 0x5a, 0x5a}), topLayerEnd(bad) - 10);
    }
    try (LoopbackRegistry registry = LoopbackRegistry.start(bad, manifest, manifest.images())) {
      String base = "http://" + registry.repository(0).replaceFirst("/", "/v2/");
      // Whichever layer the flip is in, fetching every layer must end in a cut-short body.
      boolean cut = false;
      for (String diffId : manifest.images().stream().flatMap(i -> i.diffIds().stream()).distinct().toList()) {
        try {
          var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/blobs/sha256:" + diffId))
              .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() == 200) {
            assertEquals(diffId, io.ferry.signing.manifest.Sha256.hexOf(r.body()), "a layer served whole verifies");
          } else {
            // The client retries a GET whose connection closed before any response (a small layer is
            // cut short before its headers leave); the retry finds the registry refusing everything.
            assertEquals(404, r.statusCode());
            cut = true;
          }
        } catch (java.io.IOException e) {
          cut = true;
        }
      }
      assertTrue(cut, "the tampered layer was not served whole");
      assertTrue(registry.refusal() != null && registry.refusal().contains("does not match"), registry.refusal());
      var after = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/manifests/load")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(404, after.statusCode(), "a refused bundle serves nothing more");
    }
  }
}
