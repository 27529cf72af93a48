package io.ferry.installer.preflight;

import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.deploy.DeployPlan;
import io.ferry.installer.docker.DockerEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the host before a deployment changes anything: Docker engine and compose, disk, memory
 * and CPUs against the sizing, published ports, DNS name, the customer's TLS certificate, an
 * interrupted restore. {@code ferry preflight} shows the report; {@code ferry deploy} runs it after planning and stops on a FAIL.
 * The checks only look, and never print: the CLI, the wizard and {@code --json} render the report.
 *
 * <pre>{@code
 * PreflightReport report = Preflight.run(PreflightTarget.of(plan), LiveHost.of(engine, compose));
 * if (!report.passed()) { ... report.failures() ... }
 * }</pre>
 *
 * Stateless and thread-safe (as thread-safe as the {@link HostProbe} given).
 */
public final class Preflight {
  private static final List<PreflightCheck> CHECKS = List.of(
      new DockerEngineCheck(),
      new DockerComposeCheck(),
      new EngineDiskCheck(),
      new StateDirDiskCheck(),
      new MemoryCheck(),
      new CpuCheck(),
      new PortsCheck(),
      new DnsNameCheck(),
      new TlsCertificateCheck(),
      new InterruptedRestoreCheck());

  private Preflight() {}

  /** The checks, in the order they run and are shown. */
  public static List<PreflightCheck> checks() {
    return CHECKS;
  }

  /** Runs every check against {@code host} for {@code target}. */
  public static PreflightReport run(PreflightTarget target, HostProbe host) {
    return run(CHECKS, new PreflightContext(target, host));
  }

  /** Preflight of a deployment plan on this host, with the engine and compose the deployment uses. */
  public static PreflightReport run(DeployPlan plan, DockerEngine engine, ComposeCli compose) {
    return run(PreflightTarget.of(plan), LiveHost.of(engine, compose));
  }

  /**
   * Runs {@code checks} in order. A check that throws is reported as a WARN naming the error, so
   * that a bug in one check neither hides the others nor blocks a deployment.
   */
  public static PreflightReport run(List<PreflightCheck> checks, PreflightContext context) {
    List<CheckResult> results = new ArrayList<>();
    for (PreflightCheck check : checks) {
      try {
        results.addAll(check.run(context));
      } catch (RuntimeException e) {
        String name = check.getClass().getSimpleName().replaceAll("Check$", "")
            .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        results.add(CheckResult.warn(name, "could not be checked (" + e + ")",
            "check it by hand, and report this to the vendor with 'ferry preflight --stacktrace'"));
      }
    }
    return new PreflightReport(results);
  }
}
