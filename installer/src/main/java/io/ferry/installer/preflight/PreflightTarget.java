package io.ferry.installer.preflight;

import com.github.dockerjava.api.DockerClient;
import io.ferry.installer.config.ComposeEnvironment;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.config.CustomerConfig;
import io.ferry.installer.deploy.DeployPlan;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.deploy.StackPaths;
import io.ferry.installer.images.EngineImages;
import io.ferry.installer.images.ImageLoadPlan;
import io.ferry.installer.stack.SizingProfile;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BlobKind;
import io.ferry.signing.manifest.BundleManifest;
import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The deployment preflight looks ahead to: which stack and release, with which configuration, and
 * how much it will load and restore. Usually derived from the {@link DeployPlan}; when the engine
 * or compose is missing (so nothing can be planned), {@link #unplanned} estimates from above.
 * Immutable and thread-safe.
 *
 * @param config the effective configuration (its {@code sizing} resolved to a profile)
 * @param env the compose variables as rendered for this host
 * @param bytesToLoad bytes of image layers the engine lacks, uncompressed
 * @param bytesExact false when {@code bytesToLoad} is an upper bound (the engine was not asked)
 * @param dataBytes bytes of vanilla data to restore, uncompressed; 0 when the data is kept
 * @param stackFileBytes bytes of the release's files written to the state dir
 * @param serviceActions what the plan does to each service (create, replace, update, keep,
 *     remove); empty when unplanned
 */
public record PreflightTarget(String stack, String release, String project, StackDescriptor descriptor,
    CustomerConfig config, Map<String, String> env, StackPaths paths, long bytesToLoad, boolean bytesExact,
    long dataBytes, long stackFileBytes, Map<String, String> serviceActions) {

  public PreflightTarget {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(paths, "paths");
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    serviceActions = Collections.unmodifiableMap(new LinkedHashMap<>(serviceActions));
  }

  /** The target of a deployment plan: exact bytes to load, data only when it will be restored. */
  public static PreflightTarget of(DeployPlan plan) {
    BundleManifest m = plan.bundle().manifest();
    boolean restores = plan.data() == DeployPlan.DataAction.RESTORE_VANILLA
        || plan.data() == DeployPlan.DataAction.RESTORE_BACKUP
        || plan.data() == DeployPlan.DataAction.REPLACE_EXISTING
        || plan.data() == DeployPlan.DataAction.REDO_INTERRUPTED_RESTORE;
    Map<String, String> actions = new LinkedHashMap<>();
    plan.services().forEach(s -> actions.put(s.service(), s.action()));
    return new PreflightTarget(m.stack(), m.release(), plan.project(), plan.bundle().descriptor(), plan.config(),
        plan.env(), plan.paths(), plan.images().bytesToLoad(), true, !restores ? 0 : plan.backup() != null ? plan.backup().snapshot().size() : vanillaBytes(m),
        fileBytes(m), actions);
  }

  /**
   * The target when no plan can be made (no engine or no compose): the configuration is checked
   * as deploy checks it; with {@code docker} the engine is asked which layers it lacks, without it
   * every layer counts; the vanilla data counts when this host has no deployment record yet.
   *
   * @param requested the customer configuration, or null for the bundle's defaults
   * @param docker the engine's client, or null when it does not answer
   * @throws ConfigException when the configuration does not fit the bundle (as deploy would say)
   */
  public static PreflightTarget unplanned(OpenedBundle bundle, CustomerConfig requested, DockerClient docker)
      throws ConfigException {
    BundleManifest m = bundle.manifest();
    StackDescriptor d = bundle.descriptor();
    if (requested != null && !requested.stack().equals(m.stack())) {
      throw new ConfigException(requested.sourceName() + " is for stack '" + requested.stack()
          + "' but the bundle is '" + m.stack() + "'; use the configuration of this stack");
    }
    CustomerConfig c = requested == null ? CustomerConfig.defaultsFor(m.stack()) : requested;
    c.requireRelease(m.release());
    CustomerConfig config = c.validateAgainst(d);
    StackPaths paths = StackPaths.of(config.stateDirOrDefault(), m.stack());
    Map<String, String> env = ComposeEnvironment.render(d, bundle.defaultsEnv(), config, m.release(), paths.root());
    long load;
    boolean exact = docker != null;
    if (exact) {
      load = ImageLoadPlan.of(m, EngineImages.of(docker)).bytesToLoad();
    } else {
      load = m.blobs().stream().filter(b -> b.kind() == BlobKind.LAYER)
          .mapToLong(Blob::expandedSize).sum();
    }
    long data = Files.exists(paths.record()) ? 0 : vanillaBytes(m);
    return new PreflightTarget(m.stack(), m.release(), d.project(), d, config, env, paths, load, exact, data,
        fileBytes(m), Map.of());
  }

  /** The sizing profile the configuration chose. */
  public SizingProfile sizingProfile() {
    return descriptor.sizingProfile(config.sizing());
  }

  /** The vanilla data's plain bytes: its distinct chunks (a chunk used twice is restored twice, rarely). */
  private static long vanillaBytes(BundleManifest m) {
    return m.blobsOfKind(BlobKind.CHUNK).stream().mapToLong(Blob::expandedSize).sum();
  }

  private static long fileBytes(BundleManifest m) {
    return m.files().values().stream().mapToLong(digest -> m.blob(digest).map(Blob::size).orElse(0L)).sum();
  }
}
