package io.ferry.bundler.image;

import io.ferry.bundler.bundle.WrittenBlob;
import java.util.List;

/**
 * One image as exported from the engine: its ID (the SHA-256 of {@code config}), its layers bottom
 * first by diff ID, with the bundle blob that holds each, and the tags the compose file uses.
 */
public record ExportedImage(String id, WrittenBlob config, List<String> diffIds, List<WrittenBlob> layers,
    List<String> tags) {}
