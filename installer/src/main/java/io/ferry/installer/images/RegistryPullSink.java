package io.ferry.installer.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.installer.bundle.BlobSink;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.signing.manifest.ImageRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loads the missing images by having the engine pull them from a {@link LoopbackRegistry} while
 * the verifier reads the bundle: the engine registers layers during the pass instead of after it.
 * The images appear only on {@link #complete} (the registry holds their configs back until then);
 * {@link #rejected} cancels the pulls, and the engine releases the layers it registered for them.
 * Driven by the verifier's thread; the pulls run in the engine.
 */
final class RegistryPullSink implements BlobSink, AutoCloseable {
  /** How long the engine may take to send its first request before we call the registry unreachable. */
  private static final long CONTACT_SECONDS = 20;

  private final DockerClient docker;
  private final LoopbackRegistry registry;
  private final List<ImageRecord> images;
  private final List<PullCallback> pulls = new ArrayList<>();
  private final ProgressListener progress;
  private final long estimate;
  private boolean finished;
  private boolean closed;

  private RegistryPullSink(DockerClient docker, LoopbackRegistry registry, ImageLoadPlan plan, ProgressListener progress) {
    this.docker = docker;
    this.registry = registry;
    this.images = plan.missingImages();
    this.progress = progress;
    this.estimate = plan.bytesToLoad();
  }

  /**
   * Starts the registry and the engine's pulls, and returns once the engine reached the registry;
   * empty if it cannot (a remote or rootless engine has another loopback): the caller then sends
   * the images through {@code docker load}.
   */
  static Optional<RegistryPullSink> start(DockerClient docker, Path bundle, ImageLoadPlan plan,
      ProgressListener progress) {
    LoopbackRegistry registry;
    try {
      registry = LoopbackRegistry.start(bundle, plan.manifest(), plan.missingImages());
    } catch (IOException e) {
      // Headers that do not read as a tar: the verifier's pass will say what is wrong with the file.
      return Optional.empty();
    }
    RegistryPullSink sink = new RegistryPullSink(docker, registry, plan, progress);
    try {
      for (int i = 0; i < sink.images.size(); i++) {
        PullCallback pull = new PullCallback();
        sink.pulls.add(pull);
        docker.pullImageCmd(registry.repository(i)).withTag("load").exec(pull);
      }
      CompletableFuture<Object> failedFirst = new CompletableFuture<>();
      sink.pulls.forEach(p -> p.done.thenRun(() -> failedFirst.complete(null)));
      CompletableFuture.anyOf(registry.contacted(), failedFirst).get(CONTACT_SECONDS, TimeUnit.SECONDS);
      if (registry.contacted().isDone()) {
        return Optional.of(sink);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // not reached: fall back
    }
    sink.rejected();
    return Optional.empty();
  }

  /** Every entry verified: release the configs, wait for the engine, then give the images their names. */
  @Override
  public void complete() throws IOException {
    registry.open();
    try (ProgressTask task = ProgressTask.start(progress, "loading images", Math.max(estimate, registry.served()))) {
      long reported = 0;
      for (PullCallback pull : pulls) {
        while (!pull.awaitDone(200)) {
          long now = registry.served();
          task.advance(now - reported);
          reported = now;
        }
      }
      task.advance(registry.served() - reported);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the engine was loading images", e);
    }
    List<String> errors = new ArrayList<>();
    pulls.forEach(p -> errors.addAll(p.errors()));
    if (!errors.isEmpty()) {
      String refusal = registry.refusal();
      throw new IOException("the Docker engine could not load the images from the bundle: "
          + (refusal != null ? refusal : String.join("; ", errors)));
    }
    for (int i = 0; i < images.size(); i++) {
      ImageRecord image = images.get(i);
      try {
        // Named before the loopback name goes: an image losing its only name would be removed.
        ImageLoader.tag(docker, image);
      } catch (NotFoundException e) {
        throw new IOException("the engine pulled image " + image.shortId() + " but does not hold it afterwards");
      } catch (RuntimeException e) {
        throw new IOException("tagging image " + image.shortId() + " failed: " + DockerEngine.rootMessage(e), e);
      }
      if (!image.tags().isEmpty()) {
        untag(registry.repository(i) + ":load");
      }
    }
    finished = true;
    close();
  }

  /** Cancels the pulls; the engine then has no image from this bundle (it never got a config). */
  @Override
  public void rejected() {
    registry.refuse("the bundle was rejected");
    pulls.forEach(PullCallback::cancel);
    for (PullCallback pull : pulls) {
      try {
        pull.awaitDone(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    // An image cannot exist without its config, which the registry never sent; if one does, the
    // engine got it some other way, and removing our own name of it is all that is ours to do.
    for (int i = 0; i < pulls.size(); i++) {
      untag(registry.repository(i) + ":load");
    }
    close();
  }

  private void untag(String reference) {
    try {
      docker.removeImageCmd(reference).withNoPrune(true).exec();
    } catch (NotFoundException e) {
      // not there: nothing to undo
    } catch (RuntimeException e) {
      // a stray name of our own is cosmetic; the load itself succeeded or failed already
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!finished) {
      pulls.forEach(PullCallback::cancel);
    }
    try {
      registry.close();
    } catch (IOException ignored) {
      // the listening socket and the bundle's file handle: nothing to recover
    }
  }

  /** One image's pull: the engine's error lines, and when it ended. */
  private static final class PullCallback extends ResultCallback.Adapter<PullResponseItem> {
    private final List<String> errors = new ArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onNext(PullResponseItem item) {
      if (item.getErrorDetail() != null || item.getError() != null) {
        synchronized (errors) {
          errors.add(item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : item.getError());
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {
      synchronized (errors) {
        errors.add(DockerEngine.rootMessage(throwable));
      }
      super.onError(throwable);
      done.complete(null);
    }

    @Override
    public void onComplete() {
      super.onComplete();
      done.complete(null);
    }

    boolean awaitDone(long millis) throws InterruptedException {
      try {
        done.get(millis, TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        return true;
      }
    }

    void cancel() {
      try {
        close();
      } catch (IOException ignored) {
        // closing the stream is the cancellation; it has no other outcome to report
      }
      done.complete(null);
    }

    List<String> errors() {
      synchronized (errors) {
        return List.copyOf(errors);
      }
    }
  }
}
