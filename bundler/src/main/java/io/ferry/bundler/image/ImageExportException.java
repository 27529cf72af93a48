package io.ferry.bundler.image;

/** An image could not be exported (missing, changed during export, or the stream was broken). */
public final class ImageExportException extends Exception {
  public ImageExportException(String message) {
    super(message);
  }

  public ImageExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
