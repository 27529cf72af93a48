package io.ferry.bundler.image;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A connection to the Docker engine, opened on a background thread that sends the export requests
 * ({@code docker save}, one per group of images that share layers, see {@link ExportGroups}) as
 * soon as it is open and the images are known. The engine needs seconds
 * before the first byte of an export (Docker 20.10 writes the whole export to a temporary folder
 * first): the build connects while it reads the stack folder, requests the export first, and unlocks
 * its key, inspects the images and prepares the bundle file while the engine works, instead of
 * before.
 *
 * <p>Closing the session closes the connection first, which aborts an export that is still pending
 * or was not read to its end (closing an unfinished response stream alone would read the rest of
 * it), then the stream.
 */
public final class EngineSession implements AutoCloseable {
  private final CompletableFuture<DockerConnection> connection = new CompletableFuture<>();
  private final CompletableFuture<List<String>> refs = new CompletableFuture<>();
  private final CompletableFuture<Void> requested = new CompletableFuture<>();
  private final CompletableFuture<List<Export>> exports = new CompletableFuture<>();
  private volatile boolean closed;

  private EngineSession() {}

  /** Starts connecting on a daemon thread; {@link #requestExport} says what to export. */
  public static EngineSession connect() {
    EngineSession session = new EngineSession();
    Thread thread = new Thread(session::connectAndRequest, "docker save");
    thread.setDaemon(true);
    thread.start();
    return session;
  }

  /** Has the export of {@code images} (name:tag, checked here) requested as soon as the connection is open. */
  public void requestExport(List<String> images) throws ImageExportException {
    DockerImageExporter.checkReferences(images);
    refs.complete(List.copyOf(images));
  }

  private void connectAndRequest() {
    DockerConnection c;
    try {
      c = DockerConnection.open();
    } catch (Throwable t) {
      connection.completeExceptionally(t);
      requested.completeExceptionally(t);
      exports.completeExceptionally(t);
      return;
    }
    connection.complete(c);
    try {
      List<String> images = refs.get();
      if (closed) {
        throw new java.util.concurrent.CancellationException();
      }
      List<Export> requests = new ArrayList<>();
      for (List<String> group : ExportGroups.of(c.client(), images)) {
        Export export = new Export(group, new CompletableFuture<>());
        requests.add(export);
        Thread thread = new Thread(() -> request(c, export), "docker save " + requests.size());
        thread.setDaemon(true);
        thread.start();
      }
      exports.complete(List.copyOf(requests));
      requested.complete(null);
    } catch (Throwable t) {
      requested.completeExceptionally(t);
      exports.completeExceptionally(t);
      if (closed) {
        closeQuietly(c);
      }
    }
  }

  /** Sends one export request and waits for its first byte; on its own thread, as the others do. */
  private void request(DockerConnection c, Export export) {
    try {
      InputStream stream = DockerImageExporter.save(c.client(), export.refs());
      export.stream().complete(stream);
      if (closed) {
        closeQuietly(c);
        closeQuietly(stream);
      }
    } catch (Throwable t) {
      export.stream().completeExceptionally(t);
      if (closed) {
        closeQuietly(c);
      }
    }
  }

  /**
   * Waits until the export requests are on their way (or connecting failed): the moment from which
   * the engine works on its own and the caller's work costs no time.
   */
  public void awaitRequested() {
    try {
      requested.get();
    } catch (ExecutionException e) {
      // reported by connection() or exports()
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The connection, once open (waits for it). */
  public DockerConnection connection() throws DockerUnavailableException {
    try {
      return connection.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DockerUnavailableException u) {
        throw u;
      }
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting to the Docker engine", e);
    }
  }

  /**
   * One export request: the images it names (name:tag) and its tar stream, which completes at the
   * engine's first byte. The stream is owned by the session.
   */
  record Export(List<String> refs, CompletableFuture<InputStream> stream) {}

  /**
   * The export requests, one per group of images that share layers, smallest first (see
   * {@link ExportGroups}): the order to read them in, as the engine finishes preparing the small
   * ones first.
   */
  List<Export> exports() throws ImageExportException, IOException {
    return await(exports);
  }

  /** The tar stream of {@code export}, waiting for the engine's first byte. */
  static InputStream stream(Export export) throws ImageExportException, IOException {
    return await(export.stream());
  }

  private static <T> T await(CompletableFuture<T> future) throws ImageExportException, IOException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof com.github.dockerjava.api.exception.NotFoundException) {
        throw new ImageExportException("the engine could not export the images: " + cause.getMessage());
      }
      if (cause instanceof RuntimeException) {
        throw new ImageExportException("exporting images from the engine failed: "
            + DockerConnection.rootMessage(cause), cause);
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw rethrow(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for the engine's export");
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // aborting: the first failure is the one that matters
    }
  }

  @Override
  public void close() {
    closed = true;
    refs.cancel(false);
    DockerConnection c = doneOrNull(connection);
    if (c != null) {
      closeQuietly(c);
    }
    List<Export> requests = doneOrNull(exports);
    if (requests != null) {
      for (Export export : requests) {
        InputStream stream = doneOrNull(export.stream());
        if (stream != null) {
          closeQuietly(stream);
        }
      }
    }
  }

  private static <T> T doneOrNull(CompletableFuture<T> f) {
    return f.isDone() && !f.isCompletedExceptionally() ? f.getNow(null) : null;
  }
}
