package io.ferry.bundler.bundle;

/**
 * A blob written into the bundle: {@code digest}/{@code size} of the bytes as stored,
 * {@code contentDigest}/{@code contentSize} of the bytes before compression (the same for a blob
 * stored as is), and {@code offset}, where its tar header starts in the bundle file.
 */
public record WrittenBlob(String digest, long size, String contentDigest, long contentSize, long offset) {}
