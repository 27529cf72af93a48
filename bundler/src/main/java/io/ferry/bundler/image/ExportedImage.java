package io.ferry.bundler.image;

import io.ferry.bundler.bundle.StagedBlob;
import java.util.List;

/**
 * One image as exported from the engine: its ID (the SHA-256 of {@code config}), its layers bottom
 * first by diff ID, with the staged blob that holds each, and the tags the compose file uses.
 */
public record ExportedImage(String id, StagedBlob config, List<String> diffIds, List<StagedBlob> layers,
    List<String> tags) {}
