package io.ferry.installer.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.LoadResponseItem;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ferry.installer.bundle.BlobSink;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.stream.BoundedPipe;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BlobKind;
import io.ferry.signing.manifest.ImageRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;


import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Streams the images a bundle carries into the engine's {@code docker load} while the verifier
 * reads the bundle: configs and missing layers (decompressed on the fly: the 20.10 engine cannot
 * load zstd layers) become a docker-archive tar piped straight into the engine, with no copy of
 * the bundle on disk. The archive's {@code manifest.json}, without which the engine registers
 * nothing, is written only in {@link #complete()}, after every entry of the bundle verified; a
 * rejected bundle ends the archive without it, so the engine discards what it received.
 * Layers the engine already holds are left out (the engine skips a layer whose chain it has).
 * Not thread-safe: driven by the verifier's one thread.
 */
public final class DockerLoadSink implements BlobSink {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PIPE = 4 << 20;

  private final DockerClient client;
  private final ImageLoadPlan plan;
  private final List<String> loaded = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private BoundedPipe pipe;
  private TarArchiveOutputStream tar;
  private ResultCallback.Adapter<LoadResponseItem> callback;

  public DockerLoadSink(DockerClient client, ImageLoadPlan plan) {
    this.client = client;
    this.plan = plan;
  }

  private void startIfNeeded() throws IOException {
    if (tar != null) {
      return;
    }
    // Not PipedInputStream: its reader is never woken when data arrives, only when its buffer runs
    // full or after a second, so verification and the engine's reading took turns instead of overlapping.
    pipe = new BoundedPipe(PIPE);
    BoundedPipe feeding = pipe;
    callback = new ResultCallback.Adapter<>() {
      @Override
      public void onError(Throwable throwable) {
        // The engine hung up: a write waiting for room must fail now, not wait for a reader that is gone.
        feeding.closeReader();
        super.onError(throwable);
      }

      @Override
      public void onNext(LoadResponseItem item) {
        synchronized (errors) {
          if (item.getErrorDetail() != null || item.getError() != null) {
            errors.add(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
          } else if (item.getStream() != null) {
            loaded.add(item.getStream().strip());
          }
        }
      }
    };
    client.loadImageAsyncCmd(feeding.reader()).exec(callback);
    tar = new TarArchiveOutputStream(new BufferedOutputStream(pipe.writer(), 1 << 20));
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  @Override
  public void consume(Blob blob, InputStream content) throws IOException {
    if (blob.kind() == BlobKind.CONFIG && plan.needsConfig(blob.digest())) {
      startIfNeeded();
      put(blob.digest() + ".json", blob.size(), content);
    } else if (blob.kind() == BlobKind.LAYER && plan.layersToLoad().contains(blob.attribute("diff_id"))) {
      startIfNeeded();
      // Closing frees zstd's native buffers; it does not close the verifier's entry stream.
      try (InputStream layer = "zstd".equals(blob.attribute("compression"))
          ? new ZstdInputStreamNoFinalizer(content) : content) {
        put(blob.attribute("diff_id") + "/layer.tar", blob.expandedSize(), layer);
      }
    }
  }

  private void put(String name, long size, InputStream content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(size);
    try {
      tar.putArchiveEntry(e);
      long copied = content.transferTo(tar);
      if (copied != size) {
        throw new IOException(name + " holds " + copied + " bytes, the signed manifest says " + size);
      }
      tar.closeArchiveEntry();
    } catch (IOException ex) {
      throw engineFailure(ex);
    }
  }

  /** Every entry verified: hand the engine the manifest that makes it register the images. */
  @Override
  public void complete() throws IOException {
    if (plan.nothingToLoad()) {
      return;
    }
    startIfNeeded();
    ArrayNode manifest = JSON.createArrayNode();
    for (ImageRecord image : plan.missingImages()) {
      ObjectNode m = manifest.addObject();
      m.put("Config", image.id() + ".json");
      ArrayNode tags = m.putArray("RepoTags");
      image.tags().forEach(tags::add);
      ArrayNode layers = m.putArray("Layers");
      image.diffIds().forEach(d -> layers.add(d + "/layer.tar"));
    }
    byte[] bytes = JSON.writeValueAsBytes(manifest);
    try {
      TarArchiveEntry e = new TarArchiveEntry("manifest.json");
      e.setSize(bytes.length);
      tar.putArchiveEntry(e);
      tar.write(bytes);
      tar.closeArchiveEntry();
      tar.finish();
      tar.close();
    } catch (IOException ex) {
      throw engineFailure(ex);
    }
    awaitEngine();
    synchronized (errors) {
      if (!errors.isEmpty()) {
        throw new IOException("the Docker engine refused the images: " + String.join("; ", errors));
      }
    }
  }

  /** Ends the archive without its manifest: the engine loads nothing and removes what it unpacked. */
  @Override
  public void rejected() {
    if (tar == null) {
      return;
    }
    try {
      pipe.finish();
    } catch (RuntimeException ignored) {
      // the engine's side may be gone already; either way it gets no manifest
    }
    try {
      awaitEngine();
    } catch (IOException ignored) {
      // an error from the engine is the expected outcome here
    }
  }

  private void awaitEngine() throws IOException {
    try {
      if (!callback.awaitCompletion(30, TimeUnit.MINUTES)) {
        throw new IOException("the Docker engine did not finish loading within 30 minutes");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the engine was loading images", e);
    } catch (RuntimeException e) {
      throw new IOException("the Docker engine refused the images: " + DockerEngine.rootMessage(e), e);
    }
  }

  /** A write into the engine failed: the engine's own error says more than "pipe closed". */
  private IOException engineFailure(IOException ex) {
    if (ex.getMessage() != null && ex.getMessage().contains("holds")) {
      return ex;
    }
    try {
      pipe.finish();
      callback.awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException | RuntimeException ignored) {
      // collecting the engine's reason is best effort
    }
    synchronized (errors) {
      String reason = errors.isEmpty() ? ex.getMessage() : String.join("; ", errors);
      return new IOException("loading images into the Docker engine failed: " + reason, ex);
    }
  }

  /** The engine's "Loaded image: ..." lines. */
  public List<String> loaded() {
    synchronized (errors) {
      return List.copyOf(loaded);
    }
  }

}
