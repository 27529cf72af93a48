package io.ferry.tui.wizard;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.BlobSink;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.bundle.BundleVerifier;
import io.ferry.installer.bundle.SignatureRejectedException;
import io.ferry.installer.bundle.VerifiedBundle;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.VerifyResult;
import io.ferry.installer.backupshare.BackupShare;
import io.ferry.installer.backupshare.PasswordSource;
import io.ferry.installer.backupshare.ShareSnapshots;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.compose.ComposeUnavailableException;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.DeployPlan;
import io.ferry.installer.deploy.DeployResult;
import io.ferry.installer.deploy.Deployer;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.DockerUnavailableException;
import io.ferry.installer.preflight.CheckResult;
import io.ferry.installer.preflight.HostProbe;
import io.ferry.installer.preflight.LiveHost;
import io.ferry.installer.preflight.Preflight;
import io.ferry.installer.preflight.PreflightReport;
import io.ferry.installer.share.ShareException;
import io.ferry.signing.pgp.TrustStore;
import io.ferry.signing.pgp.TrustStoreException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The real installer: the same calls {@code ferry verify}, {@code plan}, {@code preflight} and
 * {@code deploy} make, with the same messages. Holds the Docker engine it opened until
 * {@link #close()}. Called from one background thread at a time.
 */
public final class LiveInstaller implements Installer, AutoCloseable {
  private DockerEngine engine;
  private ComposeCli compose;

  @Override
  public HostFacts host() {
    List<CheckResult> checks = new ArrayList<>();
    try (LiveHost host = LiveHost.detect()) {
      HostProbe.EngineFacts e = host.engine();
      checks.add(e.reachable()
          ? CheckResult.pass("docker engine", e.version() + " (API " + e.apiVersion() + ") at " + e.host())
          : CheckResult.fail("docker engine", e.problem(), "start Docker ('systemctl start docker'), then re-check"));
      try {
        checks.add(CheckResult.pass("docker compose", host.compose()));
      } catch (ComposeUnavailableException x) {
        checks.add(CheckResult.fail("docker compose", x.getMessage(),
            "install Docker Compose (Debian 12: apt-get install docker-compose), then re-check"));
      }
      host.memoryBytes().ifPresent(m -> checks.add(CheckResult.pass("memory", ConsoleProgressBar.bytes(m))));
      checks.add(CheckResult.pass("CPUs", String.valueOf(host.cpus())));
    } catch (IOException | RuntimeException e) {
      checks.add(CheckResult.warn("host", "could not be checked (" + e + ")", "check Docker by hand: docker info"));
    }
    return new HostFacts(checks);
  }

  @Override
  public BundleFacts verify(Path bundle, Path trustPath, ProgressListener progress) throws DeployException {
    TrustStore trust = trust(trustPath);
    VerifiedBundle verified;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 20)) {
      verified = new BundleVerifier(trust, Clock.systemUTC(), progress).verify(in, Files.size(bundle), BlobSink.NONE);
    } catch (BundleRejectedException e) {
      throw new DeployException(bundle + " is damaged or has been tampered with: " + e.getMessage()
          + ". Do not install it; get a fresh copy from the vendor.", ExitCode.BUNDLE_REJECTED, e);
    } catch (SignatureRejectedException e) {
      throw new DeployException(bundle + " is not signed by a trusted release key: " + e.getMessage()
          + ". Do not install it unless the vendor confirms the key.", ExitCode.SIGNATURE_REJECTED, e);
    } catch (NoSuchFileException e) {
      throw new DeployException("the bundle " + bundle + " does not exist; check the path", ExitCode.IO, e);
    } catch (IOException e) {
      throw new DeployException("reading " + bundle + " failed: " + e.getMessage(), ExitCode.IO, e);
    }
    OpenedBundle opened = OpenedBundle.open(bundle, trust, ProgressListener.NONE);
    var m = opened.manifest();
    var s = opened.signature();
    List<String> images = m.images().stream()
        .map(i -> i.tags().isEmpty() ? i.id() : String.join(", ", i.tags())).toList();
    return new BundleFacts(bundle, trustPath, m.product(), opened.descriptor().vendor(), m.stack(), m.release(),
        s.userId(), s.keyId(), s.fingerprint(), s.signedAt(), verified.bytesRead(), images,
        opened.composeProfiles(), opened.descriptor(), opened, trust);
  }

  static TrustStore trust(Path trustPath) throws DeployException {
    if (!Files.exists(trustPath)) {
      throw new DeployException("no trusted release keys at " + trustPath + ": put the vendor's public key there,"
          + " or type the path of the key file", ExitCode.USAGE);
    }
    try {
      return TrustStore.load(trustPath);
    } catch (TrustStoreException e) {
      throw new DeployException(e.getMessage(), ExitCode.SIGNATURE_REJECTED, e);
    }
  }

  @Override
  public PlanFacts plan(BundleFacts bundle, CustomerConfig config, char[] sharePassword) throws DeployException {
    DeployPlan plan = deployer(ProgressListener.NONE, sharePassword).plan(bundle.opened(), config);
    List<CheckResult> checks = List.of();
    if (!plan.nothingToDo()) {
      PreflightReport report = Preflight.run(plan, engine, compose);
      checks = report.results();
    }
    return new PlanFacts(plan.describe(), plan.outlook(), plan.nothingToDo(), checks, plan);
  }

  @Override
  public DeployOutcome deploy(BundleFacts bundle, PlanFacts plan, char[] sharePassword, ProgressListener progress)
      throws DeployException {
    DeployPlan p = plan.plan();
    DeployResult r = deployer(progress, sharePassword).deploy(p, bundle.trust());
    return new DeployOutcome(p.bundle().manifest().stack(), p.bundle().manifest().release(), r.changed(), r.url(),
        r.took());
  }

  @Override
  public String outlook(BundleFacts bundle, CustomerConfig config, char[] sharePassword) throws DeployException {
    return deployer(ProgressListener.NONE, sharePassword).plan(bundle.opened(), config).outlook();
  }

  @Override
  public ShareSnapshots.Listing probe(CustomerConfig config, char[] sharePassword)
      throws ConfigException, ShareException, BackupException {
    return ShareSnapshots.list(config, passwords(sharePassword));
  }

  @Override
  public SnapshotCheck check(CustomerConfig config, char[] sharePassword, String name, ProgressListener progress)
      throws ConfigException, ShareException, BackupException {
    VerifyResult result = ShareSnapshots.verify(config, passwords(sharePassword), name, progress);
    if (!result.ok()) {
      return new SnapshotCheck(result, null, null);
    }
    try {
      return new SnapshotCheck(result, ShareSnapshots.savedConfiguration(config, passwords(sharePassword), name)
          .orElse(null), null);
    } catch (ConfigException | BackupException e) {
      // The data can still be restored; the configuration is then filled in by hand.
      return new SnapshotCheck(result, null, e.getMessage());
    }
  }

  /** The password typed in the wizard, else the password file or FERRY_SHARE_PASSWORD: never a prompt. */
  private static PasswordSource passwords(char[] sharePassword) {
    return sharePassword == null || sharePassword.length == 0 ? PasswordSource.withoutPrompt()
        : PasswordSource.of(sharePassword);
  }

  /** A deployer on this host's engine that opens the backup share with the wizard's password. */
  private Deployer deployer(ProgressListener progress, char[] sharePassword) throws DeployException {
    open();
    PasswordSource passwords = passwords(sharePassword);
    return new Deployer(engine, compose, progress, Clock.systemUTC())
        .withBackupShares(c -> BackupShare.open(c, passwords));
  }

  private void open() throws DeployException {
    try {
      if (engine == null) {
        engine = DockerEngine.open();
      }
      if (compose == null) {
        compose = ComposeCli.detect();
      }
    } catch (DockerUnavailableException | ComposeUnavailableException e) {
      throw new DeployException(e.getMessage(), ExitCode.DOCKER, e);
    }
  }

  @Override
  public void close() throws IOException {
    if (engine != null) {
      engine.close();
    }
  }
}
