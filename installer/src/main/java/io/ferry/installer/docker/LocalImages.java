package io.ferry.installer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

/** Whether the engine already holds an image. Stateless and thread-safe. */
public final class LocalImages {
  private LocalImages() {}

  /** True if {@code reference} (name:tag, name@digest or an ID) names an image the engine has. */
  public static boolean present(DockerClient client, String reference) {
    try {
      client.inspectImageCmd(reference).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
