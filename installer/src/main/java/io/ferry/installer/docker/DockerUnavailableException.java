package io.ferry.installer.docker;

/** The Docker engine did not answer; the message says where Ferry looked and how to start it. */
public final class DockerUnavailableException extends Exception {
  public DockerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
