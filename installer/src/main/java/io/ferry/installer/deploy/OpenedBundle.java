package io.ferry.installer.deploy;

import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.bundle.BundleVerifier;
import io.ferry.installer.bundle.SignatureRejectedException;
import io.ferry.installer.bundle.StackFilesSink;
import io.ferry.installer.bundle.VerifiedBundle;
import io.ferry.installer.stack.DescriptorException;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.Sha256;
import io.ferry.signing.pgp.SignatureCheck;
import io.ferry.signing.pgp.TrustStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A bundle whose signature and stack files were checked: enough to plan. Deploying reads the
 * whole bundle again and verifies every entry before anything changes on the host.
 */
public record OpenedBundle(Path path, BundleManifest manifest, SignatureCheck signature, StackDescriptor descriptor,
    byte[] composeFile, String defaultsEnv) {

  public static OpenedBundle open(Path bundle, TrustStore trust, ProgressListener progress) throws DeployException {
    StackFilesSink files = new StackFilesSink();
    VerifiedBundle head;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 20)) {
      head = new BundleVerifier(trust, Clock.systemUTC(), ProgressListener.NONE).verifyHead(in, files);
    } catch (NoSuchFileException e) {
      throw new DeployException("the bundle " + bundle + " does not exist", ExitCode.IO, e);
    } catch (BundleRejectedException e) {
      throw rejected(bundle, e);
    } catch (SignatureRejectedException e) {
      throw untrusted(bundle, e);
    } catch (IOException e) {
      throw new DeployException("reading " + bundle + " failed: " + e.getMessage(), ExitCode.IO, e);
    }
    return fromFiles(bundle, head, files);
  }

  static OpenedBundle fromFiles(Path bundle, VerifiedBundle verified, StackFilesSink files) throws DeployException {
    BundleManifest m = verified.manifest();
    StackDescriptor descriptor;
    try {
      descriptor = m.descriptorPath().isPresent()
          ? StackDescriptor.parse(files.bytes(m.files().get(m.descriptorPath().get())), "stack.yaml in " + bundle.getFileName())
          : StackDescriptor.defaultsFor(m.stack());
    } catch (DescriptorException e) {
      throw new DeployException("the bundle's stack descriptor is invalid: " + e.getMessage()
          + "; ask the vendor for a corrected bundle", ExitCode.BUNDLE_REJECTED, e);
    }
    byte[] compose = files.bytes(m.files().get(m.composePath()));
    String defaults = descriptor.configDefaults() == null || !m.files().containsKey(descriptor.configDefaults()) ? null
        : new String(files.bytes(m.files().get(descriptor.configDefaults())), StandardCharsets.UTF_8);
    return new OpenedBundle(bundle, m, verified.signature(), descriptor, compose, defaults);
  }

  /** The compose profiles (optional services) the release's compose file offers, in file order. */
  public java.util.List<String> composeProfiles() {
    return ComposeFacts.parse(composeFile).serviceProfiles().values().stream()
        .flatMap(java.util.List::stream).distinct().toList();
  }

  public String manifestSha256() {
    return Sha256.hexOf(manifest.toBytes());
  }

  static DeployException rejected(Path bundle, BundleRejectedException e) {
    return new DeployException(bundle + " is damaged or has been tampered with: " + e.getMessage()
        + ". Nothing was changed on this host; get a fresh copy of the bundle from the vendor.", ExitCode.BUNDLE_REJECTED, e);
  }

  static DeployException untrusted(Path bundle, SignatureRejectedException e) {
    return new DeployException(bundle + " is not signed by a trusted release key: " + e.getMessage()
        + ". Nothing was changed on this host.", ExitCode.SIGNATURE_REJECTED, e);
  }
}
