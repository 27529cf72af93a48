package io.ferry.installer.health;

import io.ferry.installer.docker.ContainerState;
import java.time.Duration;

/**
 * When a container that is not ready yet has failed for good. Pure, so the rules are unit-tested
 * without an engine.
 *
 * <p>A health check may fail during its start_period without consequence: the engine keeps the
 * container "starting" then, and only "unhealthy" counts. An unhealthy container can still
 * recover (the next passing check makes it healthy again), so it fails only after staying
 * unhealthy for a grace period derived from its own check interval. An exited container fails at
 * once, unless its restart policy will bring it back; a restarting one gets a grace period too.
 */
final class HealthRules {
  static final Duration RESTART_GRACE = Duration.ofSeconds(10);
  static final Duration MIN_UNHEALTHY_GRACE = Duration.ofSeconds(3);
  static final Duration MAX_UNHEALTHY_GRACE = Duration.ofSeconds(60);
  /** The engine's defaults when a healthcheck leaves interval or timeout unset. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /**
   * What the engine's inspect adds to a {@link ContainerState}.
   *
   * @param restartPolicy no, always, unless-stopped, on-failure, or empty for none
   * @param maxRetries on-failure's maximum retry count, 0 for unlimited
   * @param restartCount how often the engine restarted the container
   * @param exitCode the last exit code
   * @param healthInterval the healthcheck's interval, or null/zero for the default
   * @param healthTimeout the healthcheck's timeout, or null/zero for the default
   */
  record Facts(String restartPolicy, int maxRetries, int restartCount, long exitCode, Duration healthInterval,
      Duration healthTimeout) {}

  /** {@code grace} is how long the state must last before it counts as failed; null when not failing. */
  record Verdict(boolean failing, Duration grace, String reason) {
    static final Verdict WAITING = new Verdict(false, null, "waiting");
  }

  private HealthRules() {}

  /** Whether {@code c}, which is not ready, is failing; {@code facts} may be null if it could not be inspected. */
  static Verdict judge(ContainerState c, Facts facts) {
    switch (c.state()) {
      case "running":
        if ("unhealthy".equals(c.health())) {
          return new Verdict(true, unhealthyGrace(facts), "unhealthy");
        }
        return Verdict.WAITING;
      case "restarting":
        return new Verdict(true, RESTART_GRACE, "restarting");
      case "exited":
      case "dead":
        return new Verdict(true, willRestart(facts) ? RESTART_GRACE : Duration.ZERO, c.state());
      default: // created, paused, removing: compose or the operator is still at work
        return Verdict.WAITING;
    }
  }

  static boolean willRestart(Facts f) {
    if (f == null || f.restartPolicy() == null) {
      return false;
    }
    return switch (f.restartPolicy()) {
      case "always", "unless-stopped" -> true;
      case "on-failure" -> f.exitCode() != 0 && (f.maxRetries() <= 0 || f.restartCount() < f.maxRetries());
      default -> false;
    };
  }

  /** Two check intervals plus one check timeout: time for two more checks to pass; within 3 s … 60 s. */
  static Duration unhealthyGrace(Facts f) {
    Duration interval = f == null ? null : f.healthInterval();
    Duration timeout = f == null ? null : f.healthTimeout();
    interval = interval == null || interval.isZero() ? DEFAULT_INTERVAL : interval;
    timeout = timeout == null || timeout.isZero() ? DEFAULT_INTERVAL : timeout;
    Duration grace = interval.multipliedBy(2).plus(timeout);
    if (grace.compareTo(MIN_UNHEALTHY_GRACE) < 0) {
      return MIN_UNHEALTHY_GRACE;
    }
    return grace.compareTo(MAX_UNHEALTHY_GRACE) > 0 ? MAX_UNHEALTHY_GRACE : grace;
  }
}
