package io.ferry.installer.preflight;

import java.util.List;

/**
 * One thing preflight checks about the host. A check only looks (through the context's
 * {@link HostProbe}): it never changes the host and never prints. Implementations are stateless
 * and thread-safe.
 */
public interface PreflightCheck {
  /**
   * The results of this check, usually one; a check of several similar things (every published
   * port) gives one each. An unexpected exception is turned into a WARN by {@link Preflight}.
   */
  List<CheckResult> run(PreflightContext context);
}
