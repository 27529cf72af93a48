package io.ferry.installer.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.preflight.TinyStack;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.pgp.TrustStore;
import java.nio.file.Path;
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

  /** The rest of the first output line that starts with {@code start}. */
  private static String line(String out, String start) {
    return out.lines().filter(l -> l.startsWith(start)).findFirst().map(l -> l.substring(start.length()))
        .orElseThrow(() -> new AssertionError("no line '" + start + "...' in:\n" + out));
  }
}
