package io.ferry.bundler.build;

import io.ferry.bundler.bundle.BlobStaging;
import io.ferry.bundler.bundle.BundleTarWriter;
import io.ferry.bundler.bundle.FolderTar;
import io.ferry.bundler.bundle.StagedBlob;
import io.ferry.bundler.image.DockerConnection;
import io.ferry.bundler.image.DockerImageExporter;
import io.ferry.bundler.image.DockerUnavailableException;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bundler's one entry point: stack folder + release + signing key → one signed bundle file.
 * Steps: read the stack (no Docker needed to fail on a bad folder), resolve and export the images,
 * stage the stack files and vanilla data, sign the manifest, write the bundle. The staging folder
 * sits next to the output (same disk, so the final write is a local copy) and is removed whatever
 * happens.
 */
public final class BundleBuild {
  public static final int EXIT_STACK = 3;
  public static final int EXIT_DOCKER = 4;
  public static final int EXIT_IMAGE = 5;
  public static final int EXIT_IO = 6;
  public static final int EXIT_SIGN = 7;

  private final ProgressListener progress;

  public BundleBuild(ProgressListener progress) {
    this.progress = progress;
  }

  public BuildResult run(BuildRequest request) throws BuildException {
    StackFolder stack;
    try {
      stack = StackFolder.open(request.stackFolder(), request.release());
    } catch (StackException e) {
      throw new BuildException(e.getMessage(), EXIT_STACK, e);
    }
    Path output = request.output().toAbsolutePath();
    Path stagingDir = output.resolveSibling("." + output.getFileName() + ".staging");
    try (DockerConnection docker = DockerConnection.open();
        BlobStaging staging = new BlobStaging(stagingDir, request.compressionLevel(), request.workers())) {
      DockerImageExporter exporter = new DockerImageExporter(docker);
      Map<String, String> idsByRef = exporter.resolve(
          stack.serviceImages().stream().map(ComposeFile.ServiceImage::imageRef).toList());
      BundleManifest.Builder manifest = BundleManifest.builder()
          .stack(stack.descriptor().name())
          .release(request.release())
          .product(stack.descriptor().product())
          .created(request.created())
          .composePath(stack.composeFile());
      if (stack.hasDescriptor()) {
        manifest.descriptorPath(io.ferry.bundler.stack.StackDescriptor.FILE_NAME);
      }
      Set<String> digests = new LinkedHashSet<>();
      stageStackFiles(stack, staging, manifest, digests);
      List<ExportedImage> images = exporter.export(idsByRef, staging, progress);
      long exported = addImages(images, manifest, digests);
      for (ComposeFile.ServiceImage s : stack.serviceImages()) {
        manifest.service(new ServiceRecord(s.service(), s.imageRef(), idsByRef.get(s.imageRef())));
      }
      stageVanillaData(stack, request, staging, manifest, digests);
      BundleManifest built = manifest.build();
      byte[] signature = sign(request.signer(), built.toBytes());
      BundleTarWriter.write(output, built, signature, staging, progress);
      return new BuildResult(output, built, Files.size(output), exported);
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

  private static void stageStackFiles(StackFolder stack, BlobStaging staging, BundleManifest.Builder manifest,
      Set<String> digests) throws IOException {
    for (String file : stack.files()) {
      StagedBlob blob = staging.putRaw(Files.readAllBytes(stack.folder().resolve(file)));
      if (digests.add(blob.digest())) {
        manifest.blob(new Blob(blob.digest(), blob.size(), BlobKind.FILE, Map.of()));
      }
      manifest.file(file, blob.digest());
    }
  }

  private static long addImages(List<ExportedImage> images, BundleManifest.Builder manifest, Set<String> digests) {
    long exported = 0;
    for (ExportedImage image : images) {
      if (digests.add(image.config().digest())) {
        manifest.blob(new Blob(image.config().digest(), image.config().size(), BlobKind.CONFIG, Map.of()));
      }
    }
    for (ExportedImage image : images) {
      for (StagedBlob layer : image.layers()) {
        if (digests.add(layer.digest())) {
          Map<String, String> attrs = new LinkedHashMap<>();
          attrs.put("diff_id", layer.contentDigest());
          attrs.put("size", Long.toString(layer.contentSize()));
          attrs.put("compression", "zstd");
          manifest.blob(new Blob(layer.digest(), layer.size(), BlobKind.LAYER, attrs));
          exported += layer.contentSize();
        }
      }
      manifest.image(new ImageRecord(image.id(), image.diffIds(), image.tags()));
    }
    return exported;
  }

  private void stageVanillaData(StackFolder stack, BuildRequest request, BlobStaging staging,
      BundleManifest.Builder manifest, Set<String> digests) throws IOException {
    String db = stack.descriptor().vanillaDatabase();
    Map<String, String> volumes = stack.descriptor().vanillaVolumes();
    if (db == null && volumes.isEmpty()) {
      return;
    }
    try (ProgressTask task = ProgressTask.start(progress, "staging vanilla data", -1)) {
      if (db != null) {
        task.item("database");
        try (InputStream in = Files.newInputStream(stack.folder().resolve(db))) {
          addData(staging.putCompressed(in, task), "database", "sql", manifest, digests);
        }
      }
      for (Map.Entry<String, String> v : volumes.entrySet()) {
        task.item("volume " + v.getKey());
        try (InputStream in = FolderTar.stream(stack.folder().resolve(v.getValue()), Date.from(request.created()))) {
          addData(staging.putCompressed(in, task), "volume/" + v.getKey(), "tar", manifest, digests);
        }
      }
    }
  }

  private static void addData(StagedBlob blob, String name, String format, BundleManifest.Builder manifest,
      Set<String> digests) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("format", format);
    attrs.put("compression", "zstd");
    attrs.put("size", Long.toString(blob.contentSize()));
    if (digests.add(blob.digest())) {
      manifest.blob(new Blob(blob.digest(), blob.size(), BlobKind.DATA, attrs));
    }
    manifest.data(name, blob.digest());
  }

  private static byte[] sign(ManifestSigner signer, byte[] manifest) throws BuildException {
    try {
      return signer.sign(manifest);
    } catch (Exception e) {
      throw new BuildException("signing the manifest failed: " + e.getMessage(), EXIT_SIGN, e);
    }
  }
}
