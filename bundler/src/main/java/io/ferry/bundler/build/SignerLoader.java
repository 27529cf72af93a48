package io.ferry.bundler.build;

/**
 * Unlocks the signing key (which may ask for its passphrase) and returns its signer. The build
 * calls it once, right after it sent the export request (the engine then needs seconds before its
 * first byte), and before it reads a byte of the export: a wrong passphrase still fails the build
 * before any work. An unchecked exception it throws ends the build as it is.
 */
@FunctionalInterface
public interface SignerLoader {
  ManifestSigner load() throws Exception;
}
