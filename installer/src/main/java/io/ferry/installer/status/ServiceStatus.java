package io.ferry.installer.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code ferry status}: a service of the deployment (or an extra container of the
 * project) as it runs now.
 *
 * @param service the compose service
 * @param extra true for a container of the project that is not part of the deployment
 * @param desiredImageId the image ID the deployment record holds for it, bare hex; null for an
 *     extra container, or when the record names none
 * @param container the container's name, null when the service has no container
 * @param imageId the image ID the container runs, bare hex; null without a container
 * @param state the engine's state (running, exited, restarting, paused, created, dead) or
 *     "missing" without a container
 * @param health healthy, unhealthy, starting or none (no health check); null without a container
 * @param startedAt when the container last started; null if never or without a container
 */
public record ServiceStatus(String service, boolean extra, String desiredImageId, String container, String imageId, String state,
    String health, Instant startedAt) {
  public static final String MISSING = "missing";

  public ServiceStatus {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(state, "state");
  }

  /** True when the container runs the image the deployment put there (or nothing is known to compare). */
  public boolean imageMatches() {
    return extra || desiredImageId == null || imageId == null || desiredImageId.equals(imageId);
  }

  /** How long the container has been running, or null when it is not running. */
  public Duration uptime(Instant now) {
    if (!"running".equals(state) || startedAt == null) {
      return null;
    }
    Duration d = Duration.between(startedAt, now);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
