package io.ferry.installer.bundle;

import io.ferry.signing.manifest.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Test helper: a bundle's manifest without verification. */
public final class BundleHeadForTests {
  private BundleHeadForTests() {}

  public static BundleManifest manifest(Path bundle) throws Exception {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(bundle))) {
      tar.getNextEntry();
      return BundleManifest.parse(tar.readAllBytes());
    }
  }
}
