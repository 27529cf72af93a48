package io.ferry.signing.manifest;

/** A compose service, the image reference its compose file names, and the image ID that pins it. */
public record ServiceRecord(String name, String imageRef, String imageId) {}
