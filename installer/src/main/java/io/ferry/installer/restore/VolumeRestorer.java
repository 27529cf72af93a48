package io.ferry.installer.restore;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.ferry.installer.docker.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads and fills a compose project's named volumes through the engine's archive API, on a helper
 * container that is created but never started: no process of the stack runs, nothing is mounted
 * on the host, and it works wherever the engine does. Volumes are created with compose's labels so
 * that {@code docker compose up} adopts them as its own. Thread-safe.
 */
public final class VolumeRestorer {
  private static final String MOUNT = "/ferry-volume";
  private final DockerClient client;

  public VolumeRestorer(DockerClient client) {
    this.client = client;
  }

  /** Compose's own name for a project's volume (v1 and v2 alike). */
  public static String volumeName(String project, String key) {
    return project + "_" + key;
  }

  public boolean exists(String volume) {
    try {
      client.inspectVolumeCmd(volume).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** True when the volume does not exist or holds no file at all. */
  public boolean isEmpty(String volume, String image) throws RestoreException {
    if (!exists(volume)) {
      return true;
    }
    String helper = helper(volume, image);
    try (InputStream archive = client.copyArchiveFromContainerCmd(helper, MOUNT + "/.").exec();
        TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName().replaceFirst("^\\./?", "");
        if (!name.isEmpty() && !name.equals("/")) {
          return false;
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      throw new RestoreException("cannot read volume " + volume + ": " + DockerEngine.rootMessage(e), e);
    } finally {
      remove(helper);
    }
  }

  /** Creates the volume if needed and unpacks the tar stream into it. */
  public void restore(String project, String key, String image, InputStream tar) throws RestoreException {
    String volume = volumeName(project, key);
    if (!exists(volume)) {
      client.createVolumeCmd().withName(volume).withLabels(Map.of(
          "com.docker.compose.project", project,
          "com.docker.compose.volume", key,
          "io.ferry.restored", "true")).exec();
    }
    String helper = helper(volume, image);
    try {
      client.copyArchiveToContainerCmd(helper).withRemotePath(MOUNT).withTarInputStream(tar).exec();
    } catch (RuntimeException e) {
      throw new RestoreException("restoring volume " + volume + " failed: " + DockerEngine.rootMessage(e), e);
    } finally {
      remove(helper);
    }
  }

  public void removeVolume(String volume) {
    try {
      client.removeVolumeCmd(volume).exec();
    } catch (NotFoundException e) {
      // gone already
    }
  }

  private String helper(String volume, String image) {
    CreateContainerResponse c = client.createContainerCmd(image)
        .withName("ferry-volume-" + volume + "-" + Long.toHexString(System.nanoTime()))
        .withLabels(Map.of("io.ferry.helper", "volume"))
        .withEntrypoint("/ferry-never-started")
        .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volume, new Volume(MOUNT))))
        .exec();
    return c.getId();
  }

  private void remove(String container) {
    try {
      client.removeContainerCmd(container).withForce(true).exec();
    } catch (NotFoundException e) {
      // gone already
    }
  }
}
