package io.ferry.installer.preflight;

import java.util.Objects;

/**
 * What the checks look at: the deployment about to happen and the host it happens on.
 *
 * @param target the stack, release, configuration and the planned work
 * @param host the host's engine, disks, memory, CPUs and ports
 */
public record PreflightContext(PreflightTarget target, HostProbe host) {
  public PreflightContext {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(host, "host");
  }
}
