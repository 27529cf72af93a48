package io.ferry.bundler.build;

import io.ferry.bundler.bundle.BundleFileWriter;
import io.ferry.bundler.bundle.VanillaSnapshot;
import io.ferry.bundler.bundle.WrittenBlob;
import io.ferry.bundler.image.DockerConnection;
import io.ferry.bundler.image.DockerImageExporter;
import io.ferry.bundler.image.DockerUnavailableException;
import io.ferry.bundler.image.EngineSession;
import io.ferry.bundler.image.ExportedImage;
import io.ferry.bundler.image.ImageExportException;
import io.ferry.bundler.stack.ComposeFile;
import io.ferry.bundler.stack.StackException;
import io.ferry.bundler.stack.StackFolder;
import io.ferry.common.progress.ProgressListener;
import io.ferry.common.progress.ProgressTask;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BlobKind;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.manifest.ManifestException;
import io.ferry.signing.manifest.ServiceRecord;
import io.ferry.signing.manifest.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The bundler's one entry point: stack folder + release + signing key → one signed bundle file.
 * Steps: read the stack (while connecting to the engine); request the images' export, which the
 * engine takes seconds to start streaming; meanwhile unlock the signing key (a wrong passphrase
 * aborts the export before a byte of it is read), resolve the images and read their layer lists,
 * and reserve room at the start of the bundle for the manifest and its signature
 * (an upper bound computed from what is known before the export: every manifest line but the sizes
 * and the blob digests), then write every blob once, straight into the bundle: stack files, layers
 * as the export streams, image configs, vanilla data. Last, sign the manifest and write it and the
 * signature into the reserved room (see {@link BundleFileWriter}).
 */
public final class BundleBuild {
  public static final int EXIT_STACK = 3;
  public static final int EXIT_DOCKER = 4;
  public static final int EXIT_IMAGE = 5;
  public static final int EXIT_IO = 6;
  public static final int EXIT_SIGN = 7;
  /** Stands for every size in the manifest bound: no size has more digits. */
  private static final long MAX_SIZE = Long.MAX_VALUE;

  private final ProgressListener progress;

  public BundleBuild(ProgressListener progress) {
    this.progress = progress;
  }

  public BuildResult run(BuildRequest request) throws BuildException {
    Path output = request.output().toAbsolutePath();
    // The engine prepares an export for seconds before its first byte: connect while the stack is
    // read, request the export first, and do everything else meanwhile.
    try (EngineSession engine = EngineSession.connect()) {
      StackFolder stack;
      try {
        stack = StackFolder.open(request.stackFolder(), request.release());
      } catch (StackException e) {
        throw new BuildException(e.getMessage(), EXIT_STACK, e);
      }
      List<String> refs = stack.serviceImages().stream().map(ComposeFile.ServiceImage::imageRef).distinct().toList();
      engine.requestExport(refs);
      DockerConnection docker = engine.connection();
      engine.awaitRequested();
      // If the key does not unlock, closing the session aborts the export.
      ManifestSigner sign = unlock(request.signer());
      DockerImageExporter exporter = new DockerImageExporter(docker);
      Map<String, String> idsByRef = exporter.resolve(refs);
      Map<String, List<String>> layersById = exporter.layers(idsByRef.values());
      Map<String, byte[]> files = new LinkedHashMap<>();
      for (String file : stack.files()) {
        files.put(file, Files.readAllBytes(stack.folder().resolve(file)));
      }
      VanillaSnapshot vanilla = readVanillaData(stack, request);
      int manifestBound = manifestBound(stack, request, idsByRef, layersById, files, vanilla).toBytes().length;
      long front = BundleFileWriter.frontRegion(manifestBound, BundleFileWriter.SIGNATURE_RESERVE);
      try (BundleFileWriter bundle = BundleFileWriter.create(output, front, request.created(),
          request.compressionLevel(), request.workers())) {
        Map<String, Blob> described = new HashMap<>();
        Map<String, String> fileDigests = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          WrittenBlob blob = bundle.putRaw(f.getValue());
          described.putIfAbsent(blob.digest(), new Blob(blob.digest(), blob.size(), BlobKind.FILE, Map.of()));
          fileDigests.put(f.getKey(), blob.digest());
        }
        List<ExportedImage> images = exporter.export(idsByRef, layersById, engine, bundle, progress);
        long exported = describeImages(images, described);
        Map<String, String> dataDigests = writeVanillaData(vanilla, bundle, described);
        List<Blob> blobs = new ArrayList<>();
        for (WrittenBlob w : bundle.blobs()) {
          blobs.add(Objects.requireNonNull(described.get(w.digest()), "undescribed blob " + w.digest()));
        }
        List<ImageRecord> records = images.stream().map(i -> new ImageRecord(i.id(), i.diffIds(), i.tags())).toList();
        BundleManifest built = manifest(stack, request, idsByRef, blobs, records, fileDigests, dataDigests);
        byte[] manifestBytes = built.toBytes();
        byte[] signature = sign(sign, manifestBytes);
        try (ProgressTask task = ProgressTask.start(progress, "writing bundle", front)) {
          task.item("manifest and signature");
          bundle.finish(manifestBytes, signature);
          task.advance(front);
        }
        return new BuildResult(output, built, Files.size(output), exported);
      }
    } catch (DockerUnavailableException e) {
      throw new BuildException(e.getMessage(), EXIT_DOCKER, e);
    } catch (ImageExportException e) {
      throw new BuildException(e.getMessage(), EXIT_IMAGE, e);
    } catch (ManifestException e) {
      throw new BuildException("the bundle manifest is invalid: " + e.getMessage(), EXIT_STACK, e);
    } catch (IOException e) {
      throw new BuildException("writing " + output + " failed: " + e.getMessage()
          + " (check free space and permissions in " + output.getParent() + ")", EXIT_IO, e);
    }
  }

  /** The unlocked key's signer; the loader's unchecked exceptions pass through as they are. */
  private static ManifestSigner unlock(SignerLoader loader) throws BuildException {
    try {
      return loader.load();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new BuildException("unlocking the signing key failed: " + e.getMessage(), EXIT_SIGN, e);
    }
  }

  /**
   * The manifest as it will be but for the digits of sizes and the values of digests: every blob
   * line the build will write (one per distinct stack file, image config, layer diff ID and data
   * stream), with each size at its maximum digits and placeholder digests of the same length. It is
   * never shorter than the real manifest, and it depends only on the inputs, so the room reserved
   * from it (and thus the bundle's bytes) does too.
   */
  private static BundleManifest manifestBound(StackFolder stack, BuildRequest request, Map<String, String> idsByRef,
      Map<String, List<String>> layersById, Map<String, byte[]> files, VanillaSnapshot vanilla)
      throws ManifestException {
    Map<String, Blob> blobs = new LinkedHashMap<>();
    Map<String, String> fileDigests = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String digest = Sha256.hexOf(f.getValue());
      blobs.putIfAbsent(digest, new Blob(digest, f.getValue().length, BlobKind.FILE, Map.of()));
      fileDigests.put(f.getKey(), digest);
    }
    int placeholder = 0;
    Set<String> diffIds = new LinkedHashSet<>();
    layersById.values().forEach(diffIds::addAll);
    for (String diffId : diffIds) {
      String digest = String.format("%064x", ++placeholder);
      blobs.put(digest, new Blob(digest, MAX_SIZE, BlobKind.LAYER, layerAttributes(diffId, MAX_SIZE)));
    }
    Map<String, List<String>> tagsById = new LinkedHashMap<>();
    idsByRef.forEach((ref, id) -> tagsById.computeIfAbsent(id, k -> new ArrayList<>()).add(ref));
    List<ImageRecord> images = new ArrayList<>();
    for (Map.Entry<String, List<String>> t : tagsById.entrySet()) {
      blobs.putIfAbsent(t.getKey(), new Blob(t.getKey(), MAX_SIZE, BlobKind.CONFIG, Map.of()));
      images.add(new ImageRecord(t.getKey(), layersById.get(t.getKey()), t.getValue()));
    }
    Map<String, String> dataDigests = new LinkedHashMap<>();
    if (vanilla != null) {
      for (Map.Entry<String, Integer> c : vanilla.document().chunks().entrySet()) {
        String digest = String.format("%064x", ++placeholder);
        blobs.put(digest, new Blob(digest, MAX_SIZE, BlobKind.CHUNK, VanillaSnapshot.chunkAttributes(c.getKey(),
            c.getValue())));
      }
      byte[] doc = vanilla.document().toBytes();
      String digest = Sha256.hexOf(doc);
      blobs.put(digest, new Blob(digest, doc.length, BlobKind.SNAPSHOT, Map.of()));
      dataDigests.put(BundleManifest.VANILLA_SNAPSHOT, digest);
    }
    return manifest(stack, request, idsByRef, new ArrayList<>(blobs.values()), images, fileDigests, dataDigests);
  }

  private static BundleManifest manifest(StackFolder stack, BuildRequest request, Map<String, String> idsByRef,
      List<Blob> blobs, List<ImageRecord> images, Map<String, String> files, Map<String, String> data)
      throws ManifestException {
    BundleManifest.Builder manifest = BundleManifest.builder()
        .stack(stack.descriptor().name())
        .release(request.release())
        .product(stack.descriptor().product())
        .created(request.created())
        .composePath(stack.composeFile());
    if (stack.hasDescriptor()) {
      manifest.descriptorPath(io.ferry.bundler.stack.StackDescriptor.FILE_NAME);
    }
    blobs.forEach(manifest::blob);
    images.forEach(manifest::image);
    files.forEach(manifest::file);
    data.forEach(manifest::data);
    for (ComposeFile.ServiceImage s : stack.serviceImages()) {
      manifest.service(new ServiceRecord(s.service(), s.imageRef(), idsByRef.get(s.imageRef())));
    }
    return manifest.build();
  }

  private static Map<String, String> layerAttributes(String diffId, long size) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("diff_id", diffId);
    attrs.put("size", Long.toString(size));
    attrs.put("compression", "zstd");
    return attrs;
  }

  /** Describes the images' blobs for the manifest; returns the uncompressed bytes of distinct layers. */
  private static long describeImages(List<ExportedImage> images, Map<String, Blob> described) {
    long exported = 0;
    for (ExportedImage image : images) {
      WrittenBlob config = image.config();
      described.putIfAbsent(config.digest(), new Blob(config.digest(), config.size(), BlobKind.CONFIG, Map.of()));
      for (WrittenBlob layer : image.layers()) {
        if (!described.containsKey(layer.digest())) {
          described.put(layer.digest(), new Blob(layer.digest(), layer.size(), BlobKind.LAYER,
              layerAttributes(layer.contentDigest(), layer.contentSize())));
          exported += layer.contentSize();
        }
      }
    }
    return exported;
  }

  /** Cuts the vanilla data into chunks once, so the manifest's size is known before anything is written. */
  private VanillaSnapshot readVanillaData(StackFolder stack, BuildRequest request) throws IOException {
    List<VanillaSnapshot.Source> sources = new ArrayList<>();
    String db = stack.descriptor().vanillaDatabase();
    if (db != null) {
      sources.add(new VanillaSnapshot.Source("database", "sql", stack.folder().resolve(db), false));
    }
    for (Map.Entry<String, String> v : stack.descriptor().vanillaVolumes().entrySet()) {
      sources.add(new VanillaSnapshot.Source("volume/" + v.getKey(), "folder-tar", stack.folder().resolve(v.getValue()),
          true));
    }
    if (sources.isEmpty()) {
      return null;
    }
    try (ProgressTask task = ProgressTask.start(progress, "reading vanilla data", -1)) {
      return VanillaSnapshot.read(sources, stack.descriptor().name(), request.release(), request.created(), task);
    }
  }

  /** Stores the vanilla snapshot's chunks and document; returns the manifest's data line. */
  private Map<String, String> writeVanillaData(VanillaSnapshot vanilla, BundleFileWriter bundle,
      Map<String, Blob> described) throws IOException {
    if (vanilla == null) {
      return Map.of();
    }
    List<Blob> written;
    try (ProgressTask task = ProgressTask.start(progress, "writing vanilla data", vanilla.size())) {
      written = vanilla.write(bundle, task);
    }
    for (Blob b : written) {
      described.putIfAbsent(b.digest(), b);
    }
    return Map.of(BundleManifest.VANILLA_SNAPSHOT, written.get(written.size() - 1).digest());
  }

  private static byte[] sign(ManifestSigner signer, byte[] manifest) throws BuildException {
    try {
      return signer.sign(manifest);
    } catch (Exception e) {
      throw new BuildException("signing the manifest failed: " + e.getMessage(), EXIT_SIGN, e);
    }
  }
}
