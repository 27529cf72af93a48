package io.ferry.bundler.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.SaveImagesCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import io.ferry.bundler.bundle.BundleFileWriter;
import io.ferry.bundler.bundle.WrittenBlob;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.signing.manifest.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Exports images from the Docker engine with {@code docker save} streams (one per group of images
 * that share layers, see {@link ExportGroups}) and writes their layers as zstd blobs straight into
 * the bundle as each stream arrives: the save output is never written to disk or held in memory.
 * The export is checked against the engine's own view: the config digest must equal the image ID
 * inspected while the engine prepared the export, and every layer's digest must equal the diff ID
 * the config names, so an image retagged during the build or a corrupted stream fails the build.
 * Not thread-safe.
 */
public final class DockerImageExporter {
  /** Small metadata entries (configs, manifest.json) are kept in memory; layers never are. */
  private static final long SMALL_ENTRY = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DockerClient client;
  private final DockerHttpClient http;

  public DockerImageExporter(DockerConnection connection) {
    this.client = connection.client();
    this.http = connection.http();
  }

  /** Resolves each reference to the image ID it names now, failing by name for a missing one. */
  public Map<String, String> resolve(Iterable<String> refs) throws ImageExportException {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String ref : refs) {
      if (ids.containsKey(ref)) {
        continue;
      }
      try {
        InspectImageResponse inspect = client.inspectImageCmd(ref).exec();
        ids.put(ref, Sha256.stripPrefix(inspect.getId()));
      } catch (NotFoundException e) {
        throw new ImageExportException("image " + ref + " is not in the Docker engine; build or load it first"
            + " (docker images " + ref + ")");
      }
    }
    return ids;
  }

  /**
   * Each image's layers, bottom first by diff ID, as the engine reports them now (its RootFS). Known
   * before the export, they fix the bundle's shape: how many layer blobs, and which content is a
   * layer at all.
   */
  public Map<String, List<String>> layers(Iterable<String> ids) throws ImageExportException {
    Map<String, List<String>> layers = new LinkedHashMap<>();
    for (String id : ids) {
      if (layers.containsKey(id)) {
        continue;
      }
      try {
        InspectImageResponse inspect = client.inspectImageCmd(id).exec();
        List<String> diffIds = new ArrayList<>();
        if (inspect.getRootFS() != null && inspect.getRootFS().getLayers() != null) {
          inspect.getRootFS().getLayers().forEach(d -> diffIds.add(Sha256.stripPrefix(d)));
        }
        layers.put(id, List.copyOf(diffIds));
      } catch (NotFoundException e) {
        throw new ImageExportException("image " + id.substring(0, Math.min(12, id.length()))
            + " left the Docker engine during the build (was it removed?); run the build again");
      } catch (RuntimeException e) {
        throw new ImageExportException("inspecting image " + id + " failed: " + DockerConnection.rootMessage(e), e);
      }
    }
    return layers;
  }

  /**
   * Exports every reference (tag) in {@code idsByRef} into {@code bundle} and returns the images in
   * the compose file's order. The session's export requests are read one after the other, in its
   * order; within each, layers are compressed and written as the stream arrives, in the stream's
   * order (which is the engine's, sorted by name, so the same images give the same order). The
   * small entries of a stream wait in memory, and the images' configs are written after the last
   * layer, in the compose file's order. {@code layersById} comes from {@link #layers}: an entry
   * whose content is none of those diff IDs is not written, whatever its name.
   */
  public List<ExportedImage> export(Map<String, String> idsByRef, Map<String, List<String>> layersById,
      EngineSession session, BundleFileWriter bundle, ProgressListener progress)
      throws ImageExportException, IOException {
    Set<String> expected = new HashSet<>();
    layersById.values().forEach(expected::addAll);
    Map<String, List<String>> tagsById = new LinkedHashMap<>();
    idsByRef.forEach((ref, id) -> tagsById.computeIfAbsent(id, k -> new ArrayList<>()).add(ref));
    Map<String, Exported> byId = new LinkedHashMap<>();
    try (ProgressTask task = ProgressTask.start(progress, "exporting images", estimateBytes(idsByRef.values()))) {
      for (EngineSession.Export request : session.exports()) {
        // Not closed here on failure: closing an unfinished response reads it to its end. The
        // session aborts the connection instead.
        ExportStream stream = read(EngineSession.stream(request), expected, bundle, task);
        assemble(tagsById, stream, byId);
      }
      // The total was an estimate from the image histories; the export is complete.
      task.total(task.done());
    } catch (NotFoundException e) {
      throw new ImageExportException("the engine could not export the images: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ImageExportException("exporting images from the engine failed: " + DockerConnection.rootMessage(e), e);
    }
    for (String id : tagsById.keySet()) {
      if (!byId.containsKey(id)) {
        throw new ImageExportException("the engine's export lacks image " + id.substring(0, 12) + " ("
            + tagsById.get(id) + ")");
      }
    }
    // The engine's manifest.json order varies between exports; the compose file's order does not.
    List<ExportedImage> images = new ArrayList<>();
    for (Map.Entry<String, List<String>> t : tagsById.entrySet()) {
      Exported e = byId.get(t.getKey());
      images.add(new ExportedImage(t.getKey(), bundle.putRaw(e.config()), e.diffIds(), e.layers(), t.getValue()));
    }
    return images;
  }

  /**
   * What one export stream held: its small entries by name, the layers written from it, the large
   * entries that were no expected layer (by name, with their digest) and its links.
   */
  private record ExportStream(Map<String, byte[]> small, Map<String, WrittenBlob> layers,
      Map<String, String> foreign, Map<String, String> links) {}

  private static ExportStream read(InputStream raw, Set<String> expected, BundleFileWriter bundle, ProgressTask task)
      throws IOException {
    ExportStream read = new ExportStream(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    TarArchiveInputStream tar = new TarArchiveInputStream(raw);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      String name = entry.getName();
      if (entry.isSymbolicLink()) {
        // docker save links a layer it already wrote instead of writing it twice.
        read.links().put(name, resolveLink(name, entry.getLinkName()));
      } else if (entry.isFile() && entry.getSize() <= SMALL_ENTRY) {
        byte[] bytes = tar.readAllBytes();
        if (expected.contains(Sha256.hexOf(bytes))) {
          read.layers().put(name, bundle.putCompressed(new ByteArrayInputStream(bytes), task));
        } else {
          read.small().put(name, bytes);
        }
      } else if (entry.isFile()) {
        task.item(name);
        String[] content = new String[1];
        WrittenBlob layer = bundle.putCompressed(tar, task, digest -> {
          content[0] = digest;
          return expected.contains(digest);
        });
        if (layer != null) {
          read.layers().put(name, layer);
        } else {
          read.foreign().put(name, content[0]);
        }
      }
    }
    tar.close();
    return read;
  }

  /** Refuses references the export cannot pin: Ferry needs name:tag. */
  static void checkReferences(List<String> refs) throws ImageExportException {
    for (String ref : refs) {
      int colon = ref.lastIndexOf(':');
      if (ref.contains("@") || colon < ref.lastIndexOf('/')) {
        throw new ImageExportException("image reference " + ref + " must be name:tag (Ferry pins the image ID itself)");
      }
    }
  }

  /** Sends the export request; returns once the engine's first byte arrives. */
  static InputStream save(DockerClient client, List<String> refs) {
    SaveImagesCmd save = client.saveImagesCmd();
    for (String ref : new java.util.LinkedHashSet<>(refs)) {
      int colon = ref.lastIndexOf(':');
      save.withImage(ref.substring(0, colon), ref.substring(colon + 1));
    }
    return save.exec();
  }

  private record Exported(byte[] config, List<String> diffIds, List<WrittenBlob> layers) {}

  /** Adds the images of one export stream to {@code byId}, checking them against the engine's view. */
  private static void assemble(Map<String, List<String>> tagsById, ExportStream stream, Map<String, Exported> byId)
      throws ImageExportException, IOException {
    Map<String, byte[]> small = stream.small();
    byte[] manifestJson = small.get("manifest.json");
    if (manifestJson == null) {
      throw new ImageExportException("the engine's export has no manifest.json; is this Docker engine supported?");
    }
    Set<String> used = new HashSet<>();
    for (JsonNode m : JSON.readTree(manifestJson)) {
      String configPath = m.path("Config").asText();
      byte[] config = small.get(configPath);
      if (config == null) {
        throw new ImageExportException("the engine's export lacks the image config " + configPath);
      }
      String id = Sha256.hexOf(config);
      if (!tagsById.containsKey(id)) {
        throw new ImageExportException("the engine exported image " + id.substring(0, 12) + " for "
            + m.path("RepoTags") + ", but that tag named another image when the build started;"
            + " was it re-tagged during the build? Run the build again");
      }
      List<String> diffIds = new ArrayList<>();
      for (JsonNode d : JSON.readTree(config).path("rootfs").path("diff_ids")) {
        diffIds.add(Sha256.stripPrefix(d.asText()));
      }
      JsonNode layerPaths = m.path("Layers");
      if (layerPaths.size() != diffIds.size()) {
        throw new ImageExportException("image " + id.substring(0, 12) + ": the export lists " + layerPaths.size()
            + " layers but its config names " + diffIds.size());
      }
      List<WrittenBlob> layers = new ArrayList<>();
      for (int i = 0; i < diffIds.size(); i++) {
        String path = layerPaths.get(i).asText();
        path = stream.links().getOrDefault(path, path);
        WrittenBlob layer = stream.layers().get(path);
        String actual = layer != null ? layer.contentDigest()
            : stream.foreign().containsKey(path) ? stream.foreign().get(path)
            : small.containsKey(path) ? Sha256.hexOf(small.get(path)) : null;
        if (actual == null) {
          throw new ImageExportException("image " + id.substring(0, 12) + ": layer " + path + " is missing from the export");
        }
        if (layer == null || !actual.equals(diffIds.get(i))) {
          throw new ImageExportException("image " + id.substring(0, 12) + ": layer " + path + " has digest "
              + actual + " but the image config says " + diffIds.get(i) + "; the export is corrupt");
        }
        layers.add(layer);
        used.add(layer.digest());
      }
      byId.putIfAbsent(id, new Exported(config, diffIds, layers));
    }
    for (WrittenBlob layer : stream.layers().values()) {
      if (!used.contains(layer.digest())) {
        throw new ImageExportException("the export holds layer " + layer.contentDigest().substring(0, 12)
            + " which none of the exported images uses; did an image change during the build? Run the build again");
      }
    }
  }

  private static String resolveLink(String name, String target) {
    if (target.startsWith("/")) {
      return target.substring(1);
    }
    String base = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
    java.nio.file.Path p = java.nio.file.Path.of(base + target).normalize();
    return p.toString();
  }

  /**
   * The bytes the export will stream: each distinct layer once. Layer sizes come from the image
   * histories (the engine has no per-layer size API); when a history does not line up with the
   * layers, that image's whole size is counted, which only makes the estimate high.
   */
  private long estimateBytes(java.util.Collection<String> ids) {
    Map<String, Long> layerSizes = new HashMap<>();
    long unmatched = 0;
    for (String id : new java.util.LinkedHashSet<>(ids)) {
      try {
        InspectImageResponse inspect = client.inspectImageCmd(id).exec();
        List<String> diffIds = inspect.getRootFS() == null ? List.of() : inspect.getRootFS().getLayers();
        List<Long> sizes = historySizes(id);
        if (sizes.size() == diffIds.size()) {
          for (int i = 0; i < sizes.size(); i++) {
            layerSizes.put(diffIds.get(i), sizes.get(i));
          }
        } else {
          unmatched += inspect.getSize() == null ? 0 : inspect.getSize();
        }
      } catch (RuntimeException | IOException e) {
        return -1;
      }
    }
    return layerSizes.values().stream().mapToLong(Long::longValue).sum() + unmatched;
  }

  /** Non-empty history entries, oldest first: in practice one per layer. */
  private List<Long> historySizes(String id) throws IOException {
    DockerHttpClient.Request request = DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path("/images/" + id + "/history")
        .build();
    try (DockerHttpClient.Response response = http.execute(request)) {
      if (response.getStatusCode() != 200) {
        throw new IOException("history: HTTP " + response.getStatusCode());
      }
      List<Long> sizes = new ArrayList<>();
      for (JsonNode h : JSON.readTree(response.getBody())) {
        long size = h.path("Size").asLong();
        if (size > 0) {
          sizes.add(0, size);
        }
      }
      return sizes;
    }
  }
}
