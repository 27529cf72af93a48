package io.ferry.installer.bundle;

import io.ferry.signing.manifest.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Several sinks on one pass. A blob goes to the first sink that wants its kind; sinks must not
 * want the same kinds (an InputStream can be read once).
 */
public final class CompositeSink implements BlobSink {
  private final List<BlobSink> sinks;

  public CompositeSink(BlobSink... sinks) {
    this.sinks = List.of(sinks);
  }

  @Override
  public void consume(Blob blob, InputStream content) throws IOException {
    for (BlobSink sink : sinks) {
      sink.consume(blob, content);
    }
  }

  @Override
  public void verified(Blob blob) throws IOException {
    for (BlobSink sink : sinks) {
      sink.verified(blob);
    }
  }

  @Override
  public void complete() throws IOException {
    for (BlobSink sink : sinks) {
      sink.complete();
    }
  }

  @Override
  public void rejected() {
    sinks.forEach(BlobSink::rejected);
  }
}
