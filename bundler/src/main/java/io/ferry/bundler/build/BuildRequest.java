package io.ferry.bundler.build;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Everything one bundle build needs. {@code created} is the time recorded in the manifest and on
 * every tar entry; pin it (SOURCE_DATE_EPOCH) for byte-identical rebuilds.
 */
public record BuildRequest(Path stackFolder, String release, Path output, SignerLoader signer,
    Instant created, int compressionLevel, int workers) {}
