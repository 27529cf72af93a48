package io.ferry.installer.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.docker.ItDocker;
import io.ferry.installer.preflight.TinyStack;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.pgp.TrustStore;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferry load} as on-site IT types it, against the real engine: it says what it is about to
 * load before the transfer starts, loads it, and says so; a second run has nothing to load.
 */
class LoadCommandIT {
  @TempDir static Path tmp;
  static TinyStack stack;
  static DockerClient docker;

  @BeforeAll
  static void setUp() throws Exception {
    stack = TinyStack.open(tmp, "load");
    docker = stack.docker();
  }

  @AfterAll
  static void tearDown() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void saysWhatItWillLoadThenLoadsItAndASecondRunHasNothingToDo() throws Exception {
    ImageRecord image = OpenedBundle.open(stack.bundle, TrustStore.load(stack.releasePublic), ProgressListener.NONE)
        .manifest().images().get(0);
    docker.removeImageCmd(stack.image).exec();
    String[] load = {"load", stack.bundle.toString(), "--trust", stack.releasePublic.toString()};

    TinyStack.Outcome first = TinyStack.ferry(load);
    assertEquals(0, first.code(), first.all());
    // The busybox layer may be in the engine through other images: the counts are the plan's.
    String counts = line(first.out(), "to load: ");
    assertTrue(counts.startsWith("1 of 1 images of " + stack.name + " " + TinyStack.RELEASE + " ("), first.all());
    assertEquals(counts, line(first.out(), "loaded "), "the end says what the start announced");
    assertTrue(first.out().indexOf("to load: ") < first.out().indexOf("loaded "), first.all());
    assertEquals("sha256:" + image.id(), docker.inspectImageCmd(stack.image).exec().getId(),
        "the tag names the image the bundle pins");

    TinyStack.Outcome again = TinyStack.ferry(load);
    assertEquals(0, again.code(), again.all());
    assertTrue(line(again.out(), "to load: ").startsWith("0 of 1 images of " + stack.name), again.all());
    assertTrue(line(again.out(), "loaded ").startsWith("0 of 1 images of " + stack.name), again.all());
  }

  /**
   * The scope of verification: a layer the engine already holds is checked by name and size only,
   * so damage inside it does not stop a load that takes nothing from it; --verify-all (and ferry
   * verify) read it and refuse the bundle, and nothing is loaded.
   */
  @Test
  void aDamagedLayerTheEngineHoldsIsNotReadButVerifyAllRefusesIt() throws Exception {
    OpenedBundle opened = OpenedBundle.open(stack.bundle, TrustStore.load(stack.releasePublic), ProgressListener.NONE);
    ImageRecord image = opened.manifest().images().get(0);
    Blob layer = opened.manifest().layer(image.diffIds().get(0)).orElseThrow();
    Path damaged = tmp.resolve("damaged-layer.ferry");
    Files.copy(stack.bundle, damaged, StandardCopyOption.REPLACE_EXISTING);
    long at;
    try (TarFile tar = new TarFile(damaged)) {
      at = tar.getEntries().stream().filter(e -> e.getName().equals(layer.entryName())).findFirst().orElseThrow()
          .getDataOffset() + layer.size() / 2;
    }
    try (FileChannel ch = FileChannel.open(damaged, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x01)}), at);
    }
    // The other image of the fixture is the same busybox layer: the engine holds it throughout.
    assertTrue(docker.inspectImageCmd(stack.otherImage).exec().getRootFS().getLayers()
        .contains("sha256:" + image.diffIds().get(0)), "the fixture's other image holds the layer");

    removeIfPresent(stack.image);
    TinyStack.Outcome strict = TinyStack.ferry("load", damaged.toString(), "--trust", stack.releasePublic.toString(),
        "--verify-all");
    assertEquals(10, strict.code(), strict.all());
    assertTrue(strict.err().contains(layer.digest()) && strict.err().contains("Nothing was loaded"), strict.all());
    assertFalse(ItDocker.imagePresent(docker, image.id()), "an image from a refused bundle stayed in the engine");
    TinyStack.Outcome verify = TinyStack.ferry("verify", damaged.toString(), "--trust", stack.releasePublic.toString());
    assertEquals(10, verify.code(), verify.all());

    TinyStack.Outcome load = TinyStack.ferry("load", damaged.toString(), "--trust", stack.releasePublic.toString());
    assertEquals(0, load.code(), load.all());
    assertEquals("1 layers the engine already holds (" + io.ferry.common.progress.ConsoleProgressBar.bytes(layer.size())
        + "); 'ferry verify' or --verify-all reads them", line(load.out(), "not read: "), load.all());
    assertEquals("sha256:" + image.id(), docker.inspectImageCmd(stack.image).exec().getId(),
        "the image is the one the signed manifest pins, built from the engine's own copy of the layer");
  }

  private static void removeIfPresent(String reference) {
    try {
      docker.removeImageCmd(reference).exec();
    } catch (NotFoundException e) {
      // already gone
    }
  }

  /** The rest of the first output line that starts with {@code start}. */
  private static String line(String out, String start) {
    return out.lines().filter(l -> l.startsWith(start)).findFirst().map(l -> l.substring(start.length()))
        .orElseThrow(() -> new AssertionError("no line '" + start + "...' in:\n" + out));
  }
}
