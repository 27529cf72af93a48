package io.ferry.tui.app;

import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.ChunkProblem;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.backup.VerifyResult;
import io.ferry.installer.backupshare.ShareSnapshots;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.preflight.CheckResult;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.signing.snapshot.ChunkRef;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotKind;
import io.ferry.signing.snapshot.SnapshotStream;
import io.ferry.tui.wizard.BundleFacts;
import io.ferry.tui.wizard.DeployOutcome;
import io.ferry.tui.wizard.HostFacts;
import io.ferry.tui.wizard.Installer;
import io.ferry.tui.wizard.PlanFacts;
import io.ferry.tui.wizard.SnapshotCheck;
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
  /** Failures the next "Test connection"s throw, in order; empty: they list {@link #snapshots}. */
  final Deque<Exception> probeFailures = new ArrayDeque<>();
  final List<CustomerConfig> planned = new ArrayList<>();
  /** The configurations the share was opened with, and the password each time ("" for none). */
  final List<CustomerConfig> probed = new ArrayList<>();
  final List<String> passwords = new ArrayList<>();
  /** The password the deploy was given ("" for none), or null before a deploy. */
  String deployPassword;
  int deploys;
  /** The share's folder is empty: no repository yet. */
  boolean emptyShare;
  List<SnapshotEntry> snapshots = List.of(
      entry("20261120T020000Z-1111111111aa", "2026-11-20T02:00:00Z", "1.0.0"),
      new SnapshotEntry("20261121T010000Z-2222222222bb", Instant.parse("2026-11-21T01:00:00Z"), null,
          "the document's content (time 2026-11-21T01:00:00Z, id 99) does not match its name"),
      entry("20261121T020000Z-3333333333cc", "2026-11-21T02:00:00Z", "1.0.0"));
  /** The configuration a backup kept (config/customer.yaml), or null. */
  CustomerConfig kept;
  /** Snapshots whose check finds a corrupt chunk. */
  final List<String> corrupt = new ArrayList<>();

  static SnapshotEntry entry(String name, String time, String release) {
    String sha = "ab".repeat(32);
    Snapshot s = Snapshot.builder().time(Instant.parse(time)).kind(SnapshotKind.BACKUP).stack("demo").release(release)
        .host("desk01").stream(new SnapshotStream("database", "sql", 12_897_485, sha,
            List.of(new ChunkRef(sha, 12_897_485)))).build();
    return new SnapshotEntry(name, s.time(), s, null);
  }

  @Override
  public HostFacts host() {
    return new HostFacts(host);
  }

  private static String shown(char[] password) {
    return password == null ? "" : new String(password);
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
    // "demo-1.0.1.ferry" is release 1.0.1 of stack demo; "other-1.0.0.ferry" a bundle of another stack.
    String name = bundle.getFileName().toString().replace(".ferry", "");
    String stack = name.substring(0, name.indexOf('-'));
    String release = name.substring(name.indexOf('-') + 1);
    return new BundleFacts(bundle, trust, "Demo Desk", "Example Vendor Ltd", stack, release,
        "Release <release@example.com>", "0123456789ABCDEF", "0123456789abcdef0123456789abcdef01234567",
        Instant.parse("2026-11-21T02:00:00Z"), 12_345_678, List.of("demo/web:1.0.0", "demo/db:1.0.0"),
        List.of("reports"), d, null, null);
  }

  @Override
  public PlanFacts plan(BundleFacts bundle, CustomerConfig config, char[] sharePassword) {
    planned.add(config);
    passwords.add(shown(sharePassword));
    String data = config.restoresFromBackup() ? "4. data: restore the backup " + (config.dataSnapshot() == null
        ? "newest" : config.dataSnapshot()) + " from " + config.backup().share().describe()
        : "4. data: restore the vanilla data from the bundle";
    return new PlanFacts(List.of("Demo Desk " + bundle.release() + " (" + bundle.stack() + "), signed by"
        + " 0123456789ABCDEF (Release)", "this host has no deployment of demo yet",
        "1. verify every entry of the bundle (11.8 MiB)", data), outlook(bundle, config, sharePassword), false,
        preflight, null);
  }

  @Override
  public String outlook(BundleFacts bundle, CustomerConfig config, char[] sharePassword) {
    return config.restoresFromBackup() ? "This host has no data of demo; the share holds a backup of release 1.0.0"
        + " from 2026-11-21 02:00 UTC (host desk01, 12.3 MiB) -> restore it and start " + bundle.release()
        + (bundle.release().equals("1.0.0") ? " (the same release)" : " (an out-of-place update from 1.0.0)")
        : "This host has no data of demo -> start " + bundle.release() + " with the bundle's vanilla data (a new"
            + " installation)";
  }

  @Override
  public ShareSnapshots.Listing probe(CustomerConfig config, char[] sharePassword)
      throws ConfigException, ShareException, BackupException {
    probed.add(config);
    passwords.add(shown(sharePassword));
    Exception failure = probeFailures.poll();
    if (failure instanceof ConfigException e) {
      throw e;
    } else if (failure instanceof ShareException e) {
      throw e;
    } else if (failure instanceof BackupException e) {
      throw e;
    }
    String where = config.backup().share().describe();
    return emptyShare ? new ShareSnapshots.Listing(where, false, List.of())
        : new ShareSnapshots.Listing(where, true, snapshots);
  }

  @Override
  public SnapshotCheck check(CustomerConfig config, char[] sharePassword, String name, ProgressListener progress)
      throws BackupException {
    passwords.add(shown(sharePassword));
    try (ProgressTask t = ProgressTask.start(progress, "verifying " + name, 12_897_485)) {
      t.advance(12_897_485);
    }
    List<ChunkProblem> problems = corrupt.contains(name) ? List.of(new ChunkProblem("ab".repeat(32),
        ChunkProblem.Kind.CORRUPT, "chunk abab... is corrupt: it hashes to 12ab...", List.of(name))) : List.of();
    return new SnapshotCheck(new VerifyResult(name, true, problems, 1, 12_897_485), problems.isEmpty() ? kept : null,
        null);
  }

  @Override
  public DeployOutcome deploy(BundleFacts bundle, PlanFacts plan, char[] sharePassword, ProgressListener progress)
      throws DeployException {
    deploys++;
    deployPassword = shown(sharePassword);
    try (ProgressTask t = ProgressTask.start(progress, "verifying bundle", 1000)) {
      t.advance(1000);
    }
    try (ProgressTask t = ProgressTask.start(progress, "[5/8] starting the stack", -1)) {
      t.item("web, db");
      if (!deployFailures.isEmpty()) {
        throw deployFailures.pop();
      }
    }
    return new DeployOutcome("demo", bundle.release(), true, "https://desk.example:8443/", Duration.ofSeconds(42));
  }
}
