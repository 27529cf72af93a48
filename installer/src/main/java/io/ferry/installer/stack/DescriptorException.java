package io.ferry.installer.stack;

/**
 * The stack descriptor carried in the bundle cannot be used. The message names the file, the line
 * and the key path, and says what to write instead, e.g.
 * {@code stack.yaml line 9: sizing.profiles.small.cpus must be a whole number (found: two)}.
 * A bundle that carries a bad descriptor is the vendor's fault: the fix goes into the next release.
 */
public final class DescriptorException extends Exception {
  public DescriptorException(String message) {
    super(message);
  }
}
