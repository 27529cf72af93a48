package io.ferry.installer.status;

import java.util.Objects;

/**
 * One way the host differs from what was deployed.
 *
 * @param kind what kind of difference
 * @param service the compose service concerned
 * @param container the container concerned, null when there is none
 * @param message one line in plain words, e.g. "web runs image 0fad379c7f17, deployed ecd1327be592"
 */
public record Drift(Kind kind, String service, String container, String message) {
  /** The kinds of drift {@code ferry status} reports. */
  public enum Kind {
    /** A container runs another image than the deployment put there. */
    WRONG_IMAGE,
    /** A service of the deployment has no container. */
    MISSING,
    /** A container of the project that the deployment does not have (one-off containers aside). */
    EXTRA,
    /** A container of the deployment is not running (exited, restarting, paused, created, dead). */
    STOPPED,
    /** A running container whose health check fails, or has not passed yet. */
    UNHEALTHY
  }

  public Drift {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(message, "message");
  }
}
