package io.ferry.installer.images;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import io.ferry.signing.manifest.Sha256;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the engine already holds: image IDs and layer chains. A snapshot taken once per plan; not
 * updated when images are loaded afterwards.
 */
public final class EngineImages {
  private final Set<String> imageIds;
  private final Set<String> chainIds;

  private EngineImages(Set<String> imageIds, Set<String> chainIds) {
    this.imageIds = imageIds;
    this.chainIds = chainIds;
  }

  public static EngineImages of(DockerClient client) {
    Set<String> ids = new HashSet<>();
    Set<String> chains = new HashSet<>();
    for (Image image : client.listImagesCmd().withShowAll(true).exec()) {
      String id = Sha256.stripPrefix(image.getId());
      ids.add(id);
      try {
        InspectImageResponse inspect = client.inspectImageCmd(id).exec();
        if (inspect.getRootFS() != null && inspect.getRootFS().getLayers() != null) {
          chains.addAll(ChainIds.of(inspect.getRootFS().getLayers()));
        }
      } catch (NotFoundException e) {
        // Removed between list and inspect: it is not there, which is what we record.
      }
    }
    return new EngineImages(ids, chains);
  }

  public boolean hasImage(String id) {
    return imageIds.contains(id);
  }

  public boolean hasChain(String chainId) {
    return chainIds.contains(chainId);
  }

  /** Diff IDs of this image's layers that the engine lacks (on top of this image's own lower layers). */
  public Set<String> missingLayers(List<String> diffIds) {
    Set<String> missing = new HashSet<>();
    List<String> chains = ChainIds.of(diffIds);
    for (int i = 0; i < diffIds.size(); i++) {
      if (!chainIds.contains(chains.get(i))) {
        missing.add(diffIds.get(i));
      }
    }
    return missing;
  }
}
