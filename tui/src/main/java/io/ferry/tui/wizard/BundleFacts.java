package io.ferry.tui.wizard;

import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.signing.pgp.TrustStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A verified bundle as the wizard shows it. {@code opened} and {@code trust} are the installer's
 * own objects, handed back to it for planning and deploying (null in screen tests).
 */
public record BundleFacts(Path path, Path trustPath, String product, String vendor, String stack, String release,
    String signer, String keyId, String fingerprint, Instant signedAt, long bytes, List<String> images,
    List<String> profiles, StackDescriptor descriptor, OpenedBundle opened, TrustStore trust) {
  public BundleFacts {
    images = List.copyOf(images);
    profiles = List.copyOf(profiles);
  }
}
