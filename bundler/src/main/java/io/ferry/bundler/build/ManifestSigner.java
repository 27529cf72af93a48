package io.ferry.bundler.build;

/** Makes the detached, ASCII-armoured signature over the manifest's exact bytes. */
@FunctionalInterface
public interface ManifestSigner {
  byte[] sign(byte[] manifest) throws Exception;
}
