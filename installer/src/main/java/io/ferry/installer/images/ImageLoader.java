package io.ferry.installer.images;

import com.github.dockerjava.api.DockerClient;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.BlobSink;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.bundle.BundleVerifier;
import io.ferry.installer.bundle.CompositeSink;
import io.ferry.installer.bundle.SignatureRejectedException;
import io.ferry.installer.bundle.VerifiedBundle;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.pgp.TrustStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a bundle and loads the images the engine lacks, in one pass (see {@link
 * RegistryPullSink}). Used by deploy, and on its own to stage a release's images before a
 * maintenance window. By default the layers the engine already holds are not read (see {@link
 * #readingEveryEntry}). Not thread-safe.
 */
public final class ImageLoader {
  private final DockerClient docker;
  private final TrustStore trust;
  private final Clock clock;
  private final ProgressListener progress;
  private boolean readEveryEntry;

  public ImageLoader(DockerClient docker, TrustStore trust, Clock clock, ProgressListener progress) {
    this.docker = docker;
    this.trust = trust;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Whether the layers the engine already holds are hashed too, as {@code ferry verify} does. Off by
   * default: the host takes nothing from those bytes (the engine checked its copy of each layer
   * against its diff ID, which the signed manifest names), and an update then costs time in
   * proportion to what changed, not to the bundle's size. On, a damaged byte anywhere in the file
   * stops the load, even where this host would not have used it.
   */
  public ImageLoader readingEveryEntry(boolean every) {
    this.readEveryEntry = every;
    return this;
  }

  /**
   * Verifies {@code bundle} (its signature, and every entry but the layers the engine holds, unless
   * {@link #readingEveryEntry}) and loads what {@code plan} says is missing; {@code also} sees every
   * blob that is read too.
   */
  public VerifiedBundle load(Path bundle, ImageLoadPlan plan, BlobSink also)
      throws BundleRejectedException, SignatureRejectedException, IOException {
    Transport transport = Transport.configured();
    Optional<RegistryPullSink> pull = plan.nothingToLoad() || transport == Transport.ARCHIVE
        ? Optional.empty() : RegistryPullSink.start(docker, bundle, plan, progress);
    if (pull.isEmpty() && !plan.nothingToLoad() && transport == Transport.REGISTRY) {
      throw new IOException("the Docker engine could not reach Ferry's registry on the loopback interface"
          + " (" + Transport.VARIABLE + "=registry); unset " + Transport.VARIABLE + " to load through docker load");
    }
    BlobSink images = plan.nothingToLoad() ? BlobSink.NONE
        : pull.<BlobSink>map(p -> p).orElseGet(() -> new DockerLoadSink(docker, plan));
    try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 20)) {
      return new BundleVerifier(trust, clock, progress).verifyExcept(in, Files.size(bundle),
          new CompositeSink(also, images), readEveryEntry ? Set.of() : plan.heldLayerBlobs());
    } finally {
      pull.ifPresent(RegistryPullSink::close);
    }
  }

  /**
   * How images reach the engine. {@code registry}: the engine pulls them from Ferry's registry on
   * the loopback interface, registering layers while the bundle is verified (the fast way);
   * {@code archive}: one {@code docker load} upload, which the engine registers only after the last
   * byte (works with any engine, also a remote one). {@code auto}, the default, tries the registry
   * and falls back to the archive when the engine cannot reach it.
   */
  enum Transport {
    AUTO, REGISTRY, ARCHIVE;

    static final String VARIABLE = "FERRY_IMAGE_TRANSPORT";

    static Transport configured() throws IOException {
      return parse(System.getProperty("ferry.image.transport", System.getenv(VARIABLE)));
    }

    static Transport parse(String value) throws IOException {
      if (value == null || value.isBlank()) {
        return AUTO;
      }
      try {
        return valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IOException(VARIABLE + " is '" + value + "'; it must be auto, registry or archive (or unset)");
      }
    }
  }

  /** The images may be present but untagged (someone removed a tag): compose needs the tags. */
  public void tag(BundleManifest manifest) {
    for (ImageRecord image : manifest.images()) {
      tag(docker, image);
    }
  }

  /** Gives {@code image} every name:tag the bundle lists for it, moving a tag that names another image. */
  static void tag(DockerClient docker, ImageRecord image) {
    for (String tag : image.tags()) {
      int colon = tag.lastIndexOf(':');
      docker.tagImageCmd(image.id(), tag.substring(0, colon), tag.substring(colon + 1)).withForce(true).exec();
    }
  }
}
