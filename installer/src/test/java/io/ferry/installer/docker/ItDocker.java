package io.ferry.installer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shared by the integration tests that need the real engine: a tiny local image and project clean-up. */
public final class ItDocker {
  /** FROM scratch + a static busybox: builds offline in well under a second. */
  public static final String BOX = "ferry-it/compose-box:1";
  private static boolean built;

  private ItDocker() {}

  public static synchronized void buildBox(DockerClient client) throws Exception {
    if (built) {
      return;
    }
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isRegularFile(busybox)) {
      throw new IllegalStateException("the integration tests need a static /bin/busybox: apt-get install busybox-static");
    }
    Path ctx = Files.createTempDirectory("ferry-it-box");
    try {
      Files.copy(busybox, ctx.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
      Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY busybox /bin/busybox\n");
      client.buildImageCmd(ctx.toFile()).withTags(Set.of(BOX)).withPull(false)
          .exec(new BuildImageResultCallback()).awaitImageId();
      built = true;
    } finally {
      try (var files = Files.list(ctx)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(ctx);
    }
  }

  /** A project name no one else uses: ferry-it-PREFIX-1a2b3c. */
  /** Whether the engine has an image by this ID or name:tag. */
  public static boolean imagePresent(DockerClient client, String ref) {
    try {
      client.inspectImageCmd(ref).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  public static String uniqueProject(String prefix) {
    byte[] b = new byte[3];
    new SecureRandom().nextBytes(b);
    return "ferry-it-" + prefix + "-" + HexFormat.of().formatHex(b);
  }

  /** Removes whatever a test left of ITS project: containers, networks and volumes labelled with its name. */
  public static void purge(DockerClient client, String project) {
    String label = ProjectContainers.PROJECT_LABEL + "=" + project;
    for (Container c : client.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(ProjectContainers.PROJECT_LABEL, project)).exec()) {
      try {
        client.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    }
    for (Network n : client.listNetworksCmd().withFilter("label", List.of(label)).exec()) {
      try {
        client.removeNetworkCmd(n.getId()).exec();
      } catch (NotFoundException gone) {
        // removed meanwhile
      }
    }
    var volumes = client.listVolumesCmd().withFilter("label", List.of(label)).exec().getVolumes();
    if (volumes != null) {
      for (var v : volumes) {
        try {
          client.removeVolumeCmd(v.getName()).exec();
        } catch (NotFoundException gone) {
          // removed meanwhile
        }
      }
    }
  }
}
