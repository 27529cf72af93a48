package io.ferry.installer.deploy;

import com.github.dockerjava.api.DockerClient;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.backup.BackupException;
import io.ferry.installer.backup.BackupRepository;
import io.ferry.installer.backup.NewestVerified;
import io.ferry.installer.backup.SnapshotEntry;
import io.ferry.installer.backup.VerifyResult;
import io.ferry.installer.backupshare.BackupShare;
import io.ferry.installer.backupshare.PasswordSource;
import io.ferry.installer.bundle.BundleChunkSource;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.bundle.SignatureRejectedException;
import io.ferry.installer.bundle.StackFilesSink;
import io.ferry.installer.bundle.VerifiedBundle;
import io.ferry.installer.compose.ComposeCli;
import io.ferry.installer.compose.ComposeException;
import io.ferry.installer.compose.ComposeProject;
import io.ferry.installer.config.ComposeEnvironment;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.docker.ContainerState;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.docker.ProjectContainers;
import io.ferry.installer.health.HealthWaiter;
import io.ferry.installer.health.UnhealthyException;
import io.ferry.installer.images.ImageLoader;
import io.ferry.installer.images.EngineImages;
import io.ferry.installer.images.ImageLoadPlan;
import io.ferry.installer.data.RestoreException;
import io.ferry.installer.data.StackRestore;
import io.ferry.installer.data.Volumes;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareException;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ServiceRecord;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.pgp.TrustStore;
import io.ferry.signing.snapshot.ChunkSource;
import io.ferry.signing.snapshot.SnapshotKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The installer's one process for every scenario: converge this host to (bundle + customer
 * configuration + data). {@link #plan} inspects the host and changes nothing; {@link #deploy} runs
 * the plan's steps, each idempotent, so running it again after a failure, a crash or Ctrl-C picks
 * up and finishes. Nothing on the host changes before the bundle verified: its signature and every
 * entry the host takes from it (with {@link #verifyingEveryEntry}, every entry). Not thread-safe.
 */
public final class Deployer {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final int STEPS = 8;

  private final DockerEngine engine;
  private final DockerClient docker;
  private final ComposeCli compose;
  private final ProgressListener progress;
  private final Clock clock;
  private BackupShareOpener shares = config -> BackupShare.open(config, PasswordSource.standard());
  private boolean replaceData;
  private boolean readEveryEntry;

  /** Opens the customer's backup share for a restore from it. */
  @FunctionalInterface
  public interface BackupShareOpener {
    Share open(CustomerConfig config) throws ConfigException, ShareException;
  }

  public Deployer(DockerEngine engine, ComposeCli compose, ProgressListener progress, Clock clock) {
    this.engine = engine;
    this.docker = engine.client();
    this.compose = compose;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * How the backup share is opened (default: the password from its file, the environment or a prompt);
   * the wizard passes the password it asked for, --json runs never prompt.
   */
  public Deployer withBackupShares(BackupShareOpener opener) {
    this.shares = opener;
    return this;
  }

  /**
   * Whether data already on the host is discarded and restored anew from the data source (the
   * vanilla data, or the backup). Off by default: a restore never overwrites data unless the user
   * says so explicitly ({@code ferry deploy --replace-data}).
   */
  public Deployer replacingData(boolean replace) {
    this.replaceData = replace;
    return this;
  }

  /**
   * Whether deploy also hashes the layers the engine already holds, as {@code ferry verify} does
   * ({@code ferry deploy --verify-all}). Off by default: the host takes none of those bytes, and an
   * update then takes time in proportion to what changed (see {@link ImageLoader#readingEveryEntry}).
   */
  public Deployer verifyingEveryEntry(boolean every) {
    this.readEveryEntry = every;
    return this;
  }

  // ---------------------------------------------------------------------------------------------
  // Plan

  public DeployPlan plan(OpenedBundle bundle, CustomerConfig requested) throws DeployException {
    BundleManifest m = bundle.manifest();
    StackDescriptor d = bundle.descriptor();
    CustomerConfig config;
    Map<String, String> env;
    if (requested != null && !requested.stack().equals(m.stack())) {
      throw new DeployException(requested.sourceName() + " is for stack '" + requested.stack() + "' but the bundle is '"
          + m.stack() + "'; use the configuration of this stack", ExitCode.CONFIG);
    }
    StackPaths paths;
    try {
      CustomerConfig c = requested == null ? CustomerConfig.defaultsFor(m.stack()) : requested;
      c.requireRelease(m.release());
      config = c.validateAgainst(d);
      paths = StackPaths.of(config.stateDirOrDefault(), m.stack());
      env = ComposeEnvironment.render(d, bundle.defaultsEnv(), config, m.release(), paths.root());
    } catch (ConfigException e) {
      throw new DeployException(e.getMessage(), ExitCode.CONFIG, e);
    }
    String envText = ComposeEnvironment.toEnvFile(env);
    ComposeFacts facts = ComposeFacts.parse(bundle.composeFile());
    List<String> profiles = config.profiles();
    List<String> enabled = facts.enabledServices(profiles);
    ImageLoadPlan images = ImageLoadPlan.of(m, EngineImages.of(docker));
    DeploymentRecord previous = readRecord(paths);
    DeployPlan.DataAction data = dataAction(bundle, config, paths, facts);
    BackupChoice backup = restoresData(data) && config.restoresFromBackup() ? chooseBackup(config, m) : null;
    List<ContainerState> containers = ProjectContainers.list(docker, d.project());
    String composeSha = Sha256.hexOf(bundle.composeFile());
    String envSha = Sha256.hexOf(envText.getBytes(StandardCharsets.UTF_8));
    boolean sameInputs = previous != null && previous.sameInputs(bundle.manifestSha256(), composeSha, envSha, profiles);
    List<DeployPlan.ServiceChange> changes = new ArrayList<>();
    boolean allCurrent = true;
    for (String service : enabled) {
      String desired = desiredImage(m, service);
      ContainerState current = containers.stream()
          .filter(c -> c.service().equals(service) && !c.oneOff()).findFirst().orElse(null);
      if (current == null) {
        changes.add(new DeployPlan.ServiceChange(service, "create", ""));
        allCurrent = false;
      } else if (desired != null && !desired.equals(current.imageId())) {
        changes.add(new DeployPlan.ServiceChange(service, "replace", "image " + short12(current.imageId()) + " -> "
            + short12(desired)));
        allCurrent = false;
      } else if (!sameInputs) {
        changes.add(new DeployPlan.ServiceChange(service, "update", "if its configuration changed"));
      } else {
        changes.add(new DeployPlan.ServiceChange(service, "keep", ""));
        allCurrent &= current.ready();
      }
    }
    for (ContainerState c : containers) {
      if (!c.oneOff() && !enabled.contains(c.service())) {
        changes.add(new DeployPlan.ServiceChange(c.service(), "remove", "not enabled by the configuration"));
        allCurrent = false;
      }
    }
    boolean nothingToDo = sameInputs && allCurrent && images.nothingToLoad()
        && (data == DeployPlan.DataAction.KEEP_EXISTING || data == DeployPlan.DataAction.NONE);
    String url = d.url() == null ? null : ComposeEnvironment.interpolate(d.url(), env);
    return new DeployPlan(bundle, config, paths, env, envText, profiles, enabled, images, data, backup,
        facts.volumes(), changes, d.migrations() != null, previous, nothingToDo, url, readEveryEntry);
  }

  private static String short12(String id) {
    return id == null ? "none" : id.substring(0, Math.min(12, id.length()));
  }

  private static String desiredImage(BundleManifest m, String service) {
    return m.services().stream().filter(s -> s.name().equals(service)).map(ServiceRecord::imageId).findFirst()
        .orElse(null);
  }

  private static DeploymentRecord readRecord(StackPaths paths) throws DeployException {
    try {
      return DeploymentRecord.read(paths.record());
    } catch (IOException e) {
      throw new DeployException(e.getMessage(), ExitCode.IO, e);
    }
  }

  private DeployPlan.DataAction dataAction(OpenedBundle bundle, CustomerConfig config, StackPaths paths,
      ComposeFacts facts) throws DeployException {
    StackDescriptor d = bundle.descriptor();
    boolean hasSource = config.restoresFromBackup() || bundle.manifest().vanillaSnapshot().isPresent();
    if (!hasSource) {
      return DeployPlan.DataAction.NONE;
    }
    if (Files.exists(paths.restoreMarker())) {
      return DeployPlan.DataAction.REDO_INTERRUPTED_RESTORE;
    }
    Volumes volumes = new Volumes(engine);
    try {
      for (String v : facts.volumes()) {
        String name = Volumes.volumeName(d.project(), v);
        if (volumes.exists(name) && !volumes.isEmpty(name, anyLocalImage(bundle.manifest().images().get(0).id()))) {
          return replaceData ? DeployPlan.DataAction.REPLACE_EXISTING : DeployPlan.DataAction.KEEP_EXISTING;
        }
      }
    } catch (IOException e) {
      throw new DeployException(e.getMessage(), ExitCode.RESTORE, e);
    }
    return config.restoresFromBackup() ? DeployPlan.DataAction.RESTORE_BACKUP : DeployPlan.DataAction.RESTORE_VANILLA;
  }

  private static boolean restoresData(DeployPlan.DataAction data) {
    return data == DeployPlan.DataAction.RESTORE_VANILLA || data == DeployPlan.DataAction.RESTORE_BACKUP
        || data == DeployPlan.DataAction.REDO_INTERRUPTED_RESTORE || data == DeployPlan.DataAction.REPLACE_EXISTING;
  }

  /**
   * The snapshot to restore: the one the configuration names, else the newest of this stack whose
   * chunks are all on the share (each chunk is re-hashed as it is restored). A host never starts
   * empty when its configuration says its data is on the share: no usable backup is an error.
   */
  private BackupChoice chooseBackup(CustomerConfig config, BundleManifest m) throws DeployException {
    Share share = openShare(config, "");
    try {
      BackupRepository repo = BackupRepository.open(share, "");
      if (config.dataSnapshot() != null) {
        SnapshotEntry e = repo.snapshot(config.dataSnapshot());
        if (e.damaged()) {
          throw new DeployException("the backup " + e.name() + " named by data.snapshot cannot be read: " + e.problem()
              + ". Choose another one ('ferry backups' lists them)", ExitCode.BACKUP_DAMAGED);
        }
        if (!e.snapshot().stack().equals(m.stack())) {
          // Another product's tables and volumes would land in this stack.
          throw new DeployException("the backup " + e.name() + " named by data.snapshot is of stack "
              + e.snapshot().stack() + ", not " + m.stack() + "; name a backup of " + m.stack() + " ('ferry backups'"
              + " lists them)", ExitCode.CONFIG);
        }
        VerifyResult v = repo.verify(e, false, ProgressListener.NONE);
        if (!v.ok()) {
          throw new DeployException("the backup " + e.name() + " named by data.snapshot does not verify: "
              + v.summary() + ". " + newestHint(repo, m, false), ExitCode.BACKUP_DAMAGED);
        }
        return new BackupChoice(repo.describe(), e.name(), e.snapshot(), List.of());
      }
      NewestVerified found = repo.newestVerified(s -> s.stack().equals(m.stack()) && s.kind() == SnapshotKind.BACKUP,
          false, ProgressListener.NONE);
      if (found.snapshot().isEmpty()) {
        throw new DeployException("the backup share " + repo.describe() + " holds no backup of " + m.stack()
            + " that can be restored" + (found.rejected().isEmpty() ? "" : " (" + found.rejected().size()
                + " do not verify; 'ferry check' names what is missing)")
            + ". For a new installation set data.source: vanilla in " + config.sourceName(), ExitCode.BACKUP_DAMAGED);
      }
      SnapshotEntry e = found.snapshot().get();
      return new BackupChoice(repo.describe(), e.name(), e.snapshot(), found.rejected());
    } catch (BackupException e) {
      throw backupFailure(e);
    } finally {
      closeQuietly(share);
    }
  }

  private static String newestHint(BackupRepository repo, BundleManifest m, boolean readData) throws BackupException {
    NewestVerified found = repo.newestVerified(s -> s.stack().equals(m.stack()) && s.kind() == SnapshotKind.BACKUP,
        readData, ProgressListener.NONE);
    return found.snapshot().map(e -> "The newest backup that verifies is " + e.name() + ": set data.snapshot: "
        + e.name() + " in the configuration and deploy again").orElse("No backup of " + m.stack()
        + " on the share verifies");
  }

  /** The configuration's backup share; {@code then} is added to the message of a share failure. */
  private Share openShare(CustomerConfig config, String then) throws DeployException {
    try {
      return shares.open(config);
    } catch (ConfigException e) {
      throw new DeployException(e.getMessage(), ExitCode.CONFIG, e);
    } catch (ShareException e) {
      throw new DeployException("the backup share: " + e.getMessage() + then, ExitCode.BACKUP_SHARE, e);
    }
  }

  static DeployException backupFailure(BackupException e) {
    return new DeployException(e.getMessage(), ExitCode.of(e), e);
  }

  private static void closeQuietly(Share share) {
    try {
      share.close();
    } catch (ShareException e) {
      // what was read is complete
    }
  }

  /**
   * A helper container (created, never started) needs some local image: the bundle's own when the
   * engine has it, else any image the engine has (a volume can only exist where Docker ran before).
   */
  private String anyLocalImage(String preferredId) {
    try {
      docker.inspectImageCmd(preferredId).exec();
      return preferredId;
    } catch (RuntimeException e) {
      return docker.listImagesCmd().exec().stream().map(i -> i.getId()).findFirst().orElse(preferredId);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Deploy

  public DeployResult deploy(DeployPlan plan, TrustStore trust) throws DeployException {
    Instant start = clock.instant();
    if (plan.nothingToDo()) {
      return new DeployResult(plan, false, plan.url(), Duration.ZERO);
    }
    StackFilesSink files = verifyAndLoad(plan, trust);
    tagImages(plan.bundle().manifest());
    ComposeProject project = writeProject(plan, files);
    restoreData(plan, project);
    start(plan, project);
    migrate(plan, project);
    waitHealthy(plan);
    record(plan);
    return new DeployResult(plan, true, plan.url(), Duration.between(start, clock.instant()));
  }

  private ProgressTask step(int n, String name) {
    return ProgressTask.start(progress, "[" + n + "/" + STEPS + "] " + name, -1);
  }

  /**
   * Step 1+2: one pass over the bundle verifies it (every entry, or all but the layers the engine
   * holds) and streams missing images into the engine.
   */
  private StackFilesSink verifyAndLoad(DeployPlan plan, TrustStore trust) throws DeployException {
    Path bundle = plan.bundle().path();
    StackFilesSink files = new StackFilesSink();
    VerifiedBundle verified;
    try {
      verified = new ImageLoader(docker, trust, clock, progress).readingEveryEntry(plan.readsEveryEntry())
          .load(bundle, plan.images(), files);
    } catch (BundleRejectedException e) {
      throw OpenedBundle.rejected(bundle, e);
    } catch (SignatureRejectedException e) {
      throw OpenedBundle.untrusted(bundle, e);
    } catch (IOException e) {
      throw new DeployException("loading the images failed: " + e.getMessage() + ". The running stack was not"
          + " touched; check the engine (docker info, free space) and run the same 'ferry deploy' again",
          ExitCode.LOAD, e);
    }
    if (!Sha256.hexOf(verified.manifest().toBytes()).equals(plan.bundle().manifestSha256())) {
      throw new DeployException(bundle + " changed between planning and deploying; run 'ferry deploy' again",
          ExitCode.BUNDLE_REJECTED);
    }
    return files;
  }

  private void tagImages(BundleManifest m) throws DeployException {
    try {
      new ImageLoader(docker, null, clock, progress).tag(m);
    } catch (RuntimeException e) {
      throw new DeployException("tagging the images failed: " + DockerEngine.rootMessage(e), ExitCode.LOAD, e);
    }
  }

  /** Step 3: the rendered compose project; the previous release's files are kept next to it. */
  private ComposeProject writeProject(DeployPlan plan, StackFilesSink files) throws DeployException {
    StackPaths paths = plan.paths();
    BundleManifest m = plan.bundle().manifest();
    try (ProgressTask task = step(3, "writing the compose project")) {
      Files.createDirectories(paths.root());
      Path staging = paths.root().resolve("release.new");
      deleteTree(staging);
      for (Map.Entry<String, String> f : m.files().entrySet()) {
        Path target = staging.resolve(f.getKey()).normalize();
        if (!target.startsWith(staging)) {
          throw new DeployException("unsafe file path in the bundle: " + f.getKey(), ExitCode.BUNDLE_REJECTED);
        }
        Files.createDirectories(target.getParent());
        Files.write(target, files.bytes(f.getValue()));
      }
      // release.previous/ keeps the last OTHER release (to go back to); re-running the same release
      // (after a failure, to repair drift) must not overwrite it with itself.
      boolean newRelease = plan.previous() == null || !plan.previous().release().equals(m.release());
      if (Files.exists(paths.releaseDir()) && newRelease) {
        deleteTree(paths.previousReleaseDir());
        Files.move(paths.releaseDir(), paths.previousReleaseDir(), StandardCopyOption.ATOMIC_MOVE);
      } else {
        deleteTree(paths.releaseDir());
      }
      Files.move(staging, paths.releaseDir(), StandardCopyOption.ATOMIC_MOVE);
      AtomicWrite.write(paths.envFile(), plan.envFileText().getBytes(StandardCharsets.UTF_8));
      Files.createDirectories(paths.tlsDir());
      CustomerConfig c = plan.config();
      var tls = plan.bundle().descriptor().tls();
      if (tls != null && c.tlsCertificate() != null) {
        Files.copy(c.tlsCertificate(), paths.tlsDir().resolve(tls.certificateFile()), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(c.tlsKey(), paths.tlsDir().resolve(tls.keyFile()), StandardCopyOption.REPLACE_EXISTING);
      }
      AtomicWrite.write(paths.root().resolve(PinnedCompose.FILE_NAME),
          PinnedCompose.render(plan.bundle().composeFile(), m));
      c.write(paths.customerConfig());
      task.advance(1);
    } catch (IOException e) {
      throw new DeployException("writing the compose project to " + paths.root() + " failed: " + e.getMessage()
          + " (check free space and permissions)", ExitCode.IO, e);
    }
    return compose.project(plan.project(), paths.root(), paths.root().resolve(PinnedCompose.FILE_NAME),
        paths.envFile(), plan.profiles()).withDocker(docker);
  }

  /**
   * Step 4: vanilla data into an empty stack, or nothing. The bundle's vanilla data is a snapshot in
   * the backup format, read through the same verifying reader as a backup on the share. A marker
   * makes an interrupted restore redoable.
   */
  private void restoreData(DeployPlan plan, ComposeProject project) throws DeployException {
    if (!restoresData(plan.data())) {
      return;
    }
    StackDescriptor d = plan.bundle().descriptor();
    BundleManifest m = plan.bundle().manifest();
    String what = plan.backup() != null ? "the backup" : "the vanilla data";
    try (SnapshotData data = openData(plan);
        ProgressTask task = step(4, plan.backup() != null ? "restoring the backup" : "restoring vanilla data")) {
      task.total(data.source().size());
      if (plan.data() == DeployPlan.DataAction.REDO_INTERRUPTED_RESTORE
          || plan.data() == DeployPlan.DataAction.REPLACE_EXISTING) {
        task.item(plan.data() == DeployPlan.DataAction.REPLACE_EXISTING ? "discarding the data on this host (--replace-data)"
            : "discarding the partial data of the interrupted restore");
        project.down(false);
        Volumes volumes = new Volumes(engine);
        for (String v : plan.dataVolumes()) {
          volumes.remove(Volumes.volumeName(d.project(), v));
        }
      }
      AtomicWrite.write(plan.paths().restoreMarker(),
          String.join("\n", plan.dataVolumes()).getBytes(StandardCharsets.UTF_8));
      // The plan found every volume empty (or the lines above just emptied them): a stack that holds
      // data by now is refused rather than overwritten.
      new StackRestore(engine, task).restore(project, d, m.images().get(0).id(), data.source(), false);
      Files.deleteIfExists(plan.paths().restoreMarker());
    } catch (BundleRejectedException e) {
      throw OpenedBundle.rejected(plan.bundle().path(), e);
    } catch (RestoreException | IOException | ComposeException e) {
      BundleRejectedException rejected = rejectedCause(e);
      if (rejected != null) {
        throw OpenedBundle.rejected(plan.bundle().path(), rejected);
      }
      throw new DeployException("restoring " + what + " failed: " + e.getMessage()
          + ". Run the same 'ferry deploy' again: the partial data is discarded and restored anew", ExitCode.RESTORE, e);
    } catch (UnhealthyException e) {
      throw new DeployException("the database did not become healthy for the restore: " + e.getMessage(),
          ExitCode.UNHEALTHY, e);
    }
  }

  /** A snapshot to restore, with where its chunks come from: the bundle, or the backup share. */
  private record SnapshotData(SnapshotRestoreSource source, AutoCloseable resource) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        resource.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }

  private SnapshotData openData(DeployPlan plan) throws IOException, BundleRejectedException, DeployException {
    if (plan.backup() == null) {
      BundleChunkSource chunks = BundleChunkSource.open(plan.bundle().path(), plan.bundle().manifest());
      try {
        return new SnapshotData(new SnapshotRestoreSource(chunks.vanillaSnapshot(), chunks), chunks);
      } catch (IOException | BundleRejectedException | RuntimeException e) {
        chunks.close();
        throw e;
      }
    }
    Share share = openShare(plan.config(), ". Nothing was restored yet; run the same 'ferry deploy' again when the"
        + " share is back");
    try {
      BackupRepository repo = BackupRepository.open(share, "");
      // The plan saw every chunk present; now each is read and re-hashed before anything is written,
      // so a damaged backup is refused whole instead of failing half-way through the restore.
      SnapshotEntry entry = repo.snapshot(plan.backup().name());
      VerifyResult verified = repo.verify(entry, true, progress);
      if (!verified.ok()) {
        throw new DeployException("the backup " + entry.name() + " does not verify: " + verified.summary()
            + ". Nothing was restored. " + newestHint(repo, plan.bundle().manifest(), true), ExitCode.BACKUP_DAMAGED);
      }
      return new SnapshotData(new SnapshotRestoreSource(plan.backup().snapshot(), repo.chunkSource()), share);
    } catch (BackupException e) {
      closeQuietly(share);
      throw backupFailure(e);
    } catch (DeployException | RuntimeException e) {
      closeQuietly(share);
      throw e;
    }
  }

  private static BundleRejectedException rejectedCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof BundleRejectedException b) {
        return b;
      }
    }
    return null;
  }

  /** Step 5: docker compose up; unchanged containers stay as they are. */
  private void start(DeployPlan plan, ComposeProject project) throws DeployException {
    try (ProgressTask task = step(5, "starting the stack")) {
      removeDisabledServices(plan);
      task.item(String.join(", ", plan.enabledServices()));
      project.up(List.of());
    } catch (ComposeException e) {
      throw new DeployException("docker compose could not start the stack: " + e.getMessage()
          + ". The images of the previous release are still on this host; fix the cause and run the same"
          + " 'ferry deploy' again", ExitCode.START, e);
    }
  }

  /** Compose leaves the containers of a service whose profile was switched off; the configuration says they go. */
  private void removeDisabledServices(DeployPlan plan) {
    for (ContainerState c : ProjectContainers.list(docker, plan.project())) {
      if (!c.oneOff() && !plan.enabledServices().contains(c.service())) {
        docker.removeContainerCmd(c.containerId()).withForce(true).exec();
      }
    }
  }

  /** Step 6: the release's migrations, a one-shot command the descriptor names (idempotent by contract). */
  private void migrate(DeployPlan plan, ComposeProject project) throws DeployException {
    var migrations = plan.bundle().descriptor().migrations();
    if (migrations == null) {
      return;
    }
    try (ProgressTask task = step(6, "running migrations")) {
      task.item(String.join(" ", migrations.command()));
      // run() throws with the output's tail on a non-zero exit.
      project.run(migrations.service(), migrations.command(), Duration.ofHours(2));
    } catch (ComposeException e) {
      throw new DeployException("the migrations of release " + plan.bundle().manifest().release() + " failed: "
          + e.getMessage() + ". The data is untouched by Ferry; ask the vendor's support with 'ferry status' and"
          + " the log above, then run 'ferry deploy' again", ExitCode.MIGRATION, e);
    }
  }

  /** Step 7: every enabled service running and healthy, or a failure that names the culprit. */
  private void waitHealthy(DeployPlan plan) throws DeployException {
    StackDescriptor d = plan.bundle().descriptor();
    try {
      new HealthWaiter(docker, progress).waitHealthy(d.project(), plan.enabledServices(),
          Duration.ofSeconds(d.healthTimeoutSeconds()));
    } catch (UnhealthyException e) {
      throw new DeployException(e.getMessage() + "\n" + e.details()
          + "\nFix the cause (often the configuration: see 'ferry status') and run the same 'ferry deploy' again;"
          + " the data is kept.", ExitCode.UNHEALTHY, e);
    }
  }

  /** Step 8: what now runs, and the configuration that made it, kept in the history. */
  private void record(DeployPlan plan) throws DeployException {
    BundleManifest m = plan.bundle().manifest();
    Map<String, String> images = new LinkedHashMap<>();
    for (String s : plan.enabledServices()) {
      images.put(s, desiredImage(m, s));
    }
    Instant now = clock.instant();
    DeploymentRecord record = new DeploymentRecord(m.stack(), m.release(), plan.bundle().manifestSha256(),
        Sha256.hexOf(plan.bundle().composeFile()), Sha256.hexOf(plan.envFileText().getBytes(StandardCharsets.UTF_8)),
        plan.profiles(), images, now.toString(), plan.project());
    try (ProgressTask task = step(8, "recording the deployment")) {
      record.write(plan.paths().record());
      Path history = Files.createDirectories(plan.paths().history());
      String stamp = STAMP.format(now) + "-" + m.release();
      record.write(history.resolve(stamp + ".json"));
      plan.config().write(history.resolve(stamp + "-customer.yaml"));
      task.advance(1);
    } catch (IOException e) {
      throw new DeployException("the stack runs, but recording the deployment in " + plan.paths().record()
          + " failed: " + e.getMessage(), ExitCode.IO, e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
