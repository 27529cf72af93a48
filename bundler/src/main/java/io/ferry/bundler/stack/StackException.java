package io.ferry.bundler.stack;

/** The stack folder cannot be bundled; the message names the file, the service or key, and the fix. */
public final class StackException extends Exception {
  public StackException(String message) {
    super(message);
  }
}
