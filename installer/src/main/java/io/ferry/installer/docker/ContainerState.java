package io.ferry.installer.docker;

import java.time.Instant;

/**
 * One container of a compose project as the engine sees it now.
 *
 * @param service the compose service (label {@code com.docker.compose.service})
 * @param containerId the full container ID
 * @param name the container name without the leading slash ({@code acd-demo_web_1})
 * @param imageId the ID of the image the container runs, bare hex (no {@code sha256:})
 * @param state the engine's state: created, running, paused, restarting, removing, exited or dead
 * @param health healthy, unhealthy, starting, or none when the container has no healthcheck
 * @param startedAt when the container was last started, or null if it never was
 * @param oneOff true for containers of {@code compose run} (label {@code com.docker.compose.oneoff=True})
 */
public record ContainerState(String service, String containerId, String name, String imageId, String state,
    String health, Instant startedAt, boolean oneOff) {

  /** Running and, if it has a healthcheck, healthy. */
  public boolean ready() {
    return "running".equals(state) && ("none".equals(health) || "healthy".equals(health));
  }
}
