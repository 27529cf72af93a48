package io.ferry.installer.health;

import java.util.List;

/**
 * Services of a compose project did not become healthy: one exited, stayed unhealthy, was never
 * created, or the deadline passed. The message is one line naming the services, their state and
 * their last failing health check; {@link #details()} adds, per service, the health check output
 * and the last log lines, for the log file or a "show details" view.
 */
public final class UnhealthyException extends Exception {
  private final List<String> services;
  private final String details;

  public UnhealthyException(String message, List<String> services, String details) {
    super(message);
    this.services = List.copyOf(services);
    this.details = details;
  }

  /** The services that are not healthy, in the order they were expected. */
  public List<String> services() {
    return services;
  }

  /** Several lines per service: container, state, health check output, last log lines. */
  public String details() {
    return details;
  }
}
