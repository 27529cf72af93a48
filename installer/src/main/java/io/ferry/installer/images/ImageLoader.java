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
import io.ferry.signing.pgp.TrustStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Verifies a whole bundle and loads the images the engine lacks, in one pass (see {@link
 * DockerLoadSink}). Used by deploy, and on its own to stage a release's images before a
 * maintenance window. Not thread-safe.
 */
public final class ImageLoader {
  private final DockerClient docker;
  private final TrustStore trust;
  private final Clock clock;
  private final ProgressListener progress;

  public ImageLoader(DockerClient docker, TrustStore trust, Clock clock, ProgressListener progress) {
    this.docker = docker;
    this.trust = trust;
    this.clock = clock;
    this.progress = progress;
  }

  /** Verifies {@code bundle} and loads what {@code plan} says is missing; {@code also} sees every blob too. */
  public VerifiedBundle load(Path bundle, ImageLoadPlan plan, BlobSink also)
      throws BundleRejectedException, SignatureRejectedException, IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 20)) {
      return new BundleVerifier(trust, clock, progress)
          .verify(in, Files.size(bundle), new CompositeSink(also, new DockerLoadSink(docker, plan)));
    }
  }

  /** The images may be present but untagged (someone removed a tag): compose needs the tags. */
  public void tag(BundleManifest manifest) {
    for (var image : manifest.images()) {
      for (String tag : image.tags()) {
        int colon = tag.lastIndexOf(':');
        docker.tagImageCmd(image.id(), tag.substring(0, colon), tag.substring(colon + 1)).withForce(true).exec();
      }
    }
  }
}
