package io.ferry.tui.app;

import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.preflight.CheckResult;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.tui.wizard.BundleFacts;
import io.ferry.tui.wizard.DeployOutcome;
import io.ferry.tui.wizard.HostFacts;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.PlanFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The installer as the screen tests want it: scripted answers, and a record of what was asked. */
final class FakeInstaller implements Installer {
  static final String DESCRIPTOR = """
      name: demo
      product: Demo Desk
      vendor: Example Vendor Ltd
      sizing:
        default: small
        profiles:
          small: {description: "up to 25 agents", cpus: 2, memory_mb: 2048}
          large: {description: "up to 500 agents", cpus: 8, memory_mb: 16384}
      dns_name_variable: DEMO_DNS
      ports:
        https: {variable: DEMO_PORT, default: 8443, service: web}
      tls:
        directory_variable: DEMO_TLS
        certificate: tls.crt
        key: tls.key
      url: "https://${DEMO_DNS}:${DEMO_PORT}/"
      """;

  List<CheckResult> host = List.of(CheckResult.pass("docker engine", "20.10.24 (API 1.41)"),
      CheckResult.pass("docker compose", "docker-compose 1.29.2"));
  List<CheckResult> preflight = List.of(CheckResult.pass("disk", "90 GiB free"),
      CheckResult.warn("memory", "3.8 GiB, the profile wants 2 GiB", "nothing to do"));
  /** Failures the next deploys throw, in order; empty: deploys succeed. */
  final Deque<DeployException> deployFailures = new ArrayDeque<>();
  final List<CustomerConfig> planned = new ArrayList<>();
  int deploys;

  @Override
  public HostFacts host() {
    return new HostFacts(host);
  }

  @Override
  public BundleFacts verify(Path bundle, Path trust, ProgressListener progress) throws DeployException {
    if (bundle.getFileName().toString().startsWith("tampered")) {
      throw new DeployException(bundle + " is damaged or has been tampered with: entry blobs/sha256-ab has"
          + " SHA-256 12.. but the manifest says ab... Do not install it; get a fresh copy from the vendor.",
          ExitCode.BUNDLE_REJECTED);
    }
    try (ProgressTask t = ProgressTask.start(progress, "verifying bundle", 100)) {
      t.advance(100);
    }
    StackDescriptor d;
    try {
      d = StackDescriptor.parse(DESCRIPTOR.getBytes(StandardCharsets.UTF_8), "stack.yaml");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return new BundleFacts(bundle, trust, "Demo Desk", "Example Vendor Ltd", "demo", "1.0.0",
        "Release <release@example.com>", "0123456789ABCDEF", "0123456789abcdef0123456789abcdef01234567",
        Instant.parse("2026-11-21T02:00:00Z"), 12_345_678, List.of("demo/web:1.0.0", "demo/db:1.0.0"),
        List.of("reports"), d, null, null);
  }

  @Override
  public PlanFacts plan(BundleFacts bundle, CustomerConfig config) {
    planned.add(config);
    return new PlanFacts(List.of("Demo Desk 1.0.0 (demo), signed by 0123456789ABCDEF (Release)",
        "this host has no deployment of demo yet", "1. verify every entry of the bundle (11.8 MiB)",
        "4. data: restore the vanilla data from the bundle"), false, preflight, null);
  }

  @Override
  public DeployOutcome deploy(BundleFacts bundle, PlanFacts plan, ProgressListener progress) throws DeployException {
    deploys++;
    try (ProgressTask t = ProgressTask.start(progress, "verifying bundle", 1000)) {
      t.advance(1000);
    }
    try (ProgressTask t = ProgressTask.start(progress, "[5/8] starting the stack", -1)) {
      t.item("web, db");
      if (!deployFailures.isEmpty()) {
        throw deployFailures.pop();
      }
    }
    return new DeployOutcome("demo", "1.0.0", true, "https://desk.example:8443/", Duration.ofSeconds(42));
  }
}
