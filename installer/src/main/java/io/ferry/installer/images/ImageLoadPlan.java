package io.ferry.installer.images;

import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which of a bundle's images the engine lacks and which layers must travel for them: a layer whose
 * chain the engine already holds is not sent again, so an update loads only what changed.
 */
public record ImageLoadPlan(BundleManifest manifest, List<ImageRecord> missingImages, Set<String> layersToLoad,
    long bytesToLoad, long bytesPresent) {

  public static ImageLoadPlan of(BundleManifest manifest, EngineImages engine) {
    List<ImageRecord> missing = new ArrayList<>();
    Set<String> layers = new LinkedHashSet<>();
    for (ImageRecord image : manifest.images()) {
      if (!engine.hasImage(image.id())) {
        missing.add(image);
        layers.addAll(engine.missingLayers(image.diffIds()));
      }
    }
    long load = 0;
    long present = 0;
    Set<String> counted = new LinkedHashSet<>();
    for (ImageRecord image : manifest.images()) {
      for (String diff : image.diffIds()) {
        if (!counted.add(diff)) {
          continue;
        }
        long size = manifest.layer(diff).map(Blob::expandedSize).orElse(0L);
        if (layers.contains(diff)) {
          load += size;
        } else {
          present += size;
        }
      }
    }
    return new ImageLoadPlan(manifest, List.copyOf(missing), Set.copyOf(layers), load, present);
  }

  public boolean nothingToLoad() {
    return missingImages.isEmpty();
  }

  /**
   * The stored digests of the bundle's layers that do not travel: the engine holds each of them
   * (an image it has, or a layer chain it registered and checked against its diff ID itself), so
   * nothing of this host's result depends on those bytes of the bundle.
   */
  public Set<String> heldLayerBlobs() {
    Set<String> held = new LinkedHashSet<>();
    for (ImageRecord image : manifest.images()) {
      for (String diff : image.diffIds()) {
        if (!layersToLoad.contains(diff)) {
          manifest.layer(diff).ifPresent(b -> held.add(b.digest()));
        }
      }
    }
    return held;
  }

  /** The stored (compressed) size of {@link #heldLayerBlobs}: what an update need not read. */
  public long heldStoredBytes() {
    Set<String> held = heldLayerBlobs();
    return manifest.blobs().stream().filter(b -> held.contains(b.digest())).mapToLong(Blob::size).sum();
  }

  public boolean needsConfig(String imageId) {
    return missingImages.stream().anyMatch(i -> i.id().equals(imageId));
  }
}
