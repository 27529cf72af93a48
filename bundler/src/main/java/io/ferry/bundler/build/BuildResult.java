package io.ferry.bundler.build;

import io.ferry.signing.manifest.BundleManifest;
import java.nio.file.Path;

/** The bundle that was written and what it holds. */
public record BuildResult(Path bundle, BundleManifest manifest, long bundleBytes, long imageBytesExported) {}
