package io.ferry.bundler.bundle;

import java.nio.file.Path;

/**
 * A blob written to the staging folder: {@code digest}/{@code size} of the bytes as they will be
 * stored in the bundle, {@code contentDigest}/{@code contentSize} of the bytes before compression.
 */
public record StagedBlob(String digest, long size, String contentDigest, long contentSize, Path path) {}
