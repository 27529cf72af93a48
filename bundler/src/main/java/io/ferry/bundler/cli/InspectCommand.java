package io.ferry.bundler.cli;

import io.ferry.bundler.bundle.BundleHead;
import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BlobKind;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.manifest.ManifestException;
import io.ferry.signing.manifest.ServiceRecord;
import io.ferry.signing.snapshot.Snapshot;
import io.ferry.signing.snapshot.SnapshotFormatException;
import io.ferry.signing.snapshot.SnapshotStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "inspect",
    description = {
        "Lists what a bundle holds.",
        "",
        "From the manifest: release, images and their layers, services, stack files and vanilla data."
            + " It does not verify the signature: 'ferry verify' does.",
        ""},
    mixinStandardHelpOptions = true)
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "BUNDLE", description = "The bundle file.")
  Path bundle;

  @Option(names = "--manifest", description = "Print the raw manifest text instead of the summary.")
  boolean raw;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;

  @Override
  public Integer call() {
    BundleHead head;
    try {
      head = BundleHead.read(bundle);
    } catch (ManifestException e) {
      throw new Failures.CommandFailure(bundle + ": " + e.getMessage(), 10, e);
    } catch (IOException e) {
      throw new Failures.CommandFailure("cannot read " + bundle + ": " + e.getMessage(), 10, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    BundleManifest m = head.manifest();
    if (raw) {
      out.print(new String(m.toBytes(), java.nio.charset.StandardCharsets.UTF_8));
      out.flush();
      return 0;
    }
    long fileSize;
    try {
      fileSize = Files.size(bundle);
    } catch (IOException e) {
      fileSize = -1;
    }
    out.printf("bundle:    %s (%s)%n", bundle, ConsoleProgressBar.bytes(fileSize));
    out.printf("stack:     %s (%s)%n", m.stack(), m.product());
    out.printf("release:   %s%s%n", m.release(), m.baseRelease().map(b -> " (patch on " + b + ")").orElse(""));
    out.printf("created:   %s%n", m.created());
    out.printf("signature: %d bytes (unverified here; run 'ferry verify %s --trust KEY')%n", head.signature().length, bundle);
    out.printf("entries:   %d (%s stored, %s needed on the host)%n", m.blobs().size() + 2,
        ConsoleProgressBar.bytes(m.storedBytes()), ConsoleProgressBar.bytes(m.requiredHostBytes()));
    out.println();
    out.println("images:");
    for (ImageRecord image : m.images()) {
      long size = 0;
      long stored = 0;
      for (String d : image.diffIds()) {
        Blob layer = m.layer(d).orElse(null);
        if (layer != null) {
          size += layer.expandedSize();
          stored += layer.size();
        }
      }
      out.printf("  %s  %-40s %2d layers  %9s (%s stored)%n", image.shortId(), String.join(", ", image.tags()),
          image.diffIds().size(), ConsoleProgressBar.bytes(size), ConsoleProgressBar.bytes(stored));
    }
    long layers = m.blobsOfKind(BlobKind.LAYER).size();
    long refs = m.images().stream().mapToLong(i -> i.diffIds().size()).sum();
    out.printf("  %d distinct layers stored once for %d layer references%n", layers, refs);
    out.println("services:");
    for (ServiceRecord s : m.services()) {
      out.printf("  %-12s %s  (image %s)%n", s.name(), s.imageRef(), s.imageId().substring(0, 12));
    }
    out.println("stack files:");
    for (Map.Entry<String, String> f : m.files().entrySet()) {
      out.printf("  %-28s %s  %s%n", f.getKey(), f.getValue().substring(0, 12),
          ConsoleProgressBar.bytes(m.blob(f.getValue()).map(Blob::size).orElse(0L)));
    }
    Blob snapshot = m.vanillaSnapshot().orElse(null);
    if (snapshot != null) {
      List<Blob> chunks = m.blobsOfKind(BlobKind.CHUNK);
      out.printf("vanilla data: snapshot %s, %d chunks, %s (%s stored)%n", snapshot.digest().substring(0, 12),
          chunks.size(), ConsoleProgressBar.bytes(chunks.stream().mapToLong(Blob::expandedSize).sum()),
          ConsoleProgressBar.bytes(chunks.stream().mapToLong(Blob::size).sum()));
      try {
        Snapshot doc = Snapshot.parse(BundleHead.readBlob(bundle, snapshot));
        for (SnapshotStream st : doc.streams()) {
          out.printf("  %-28s %-4s %s%n", st.name(), st.format(), ConsoleProgressBar.bytes(st.size()));
        }
      } catch (IOException | SnapshotFormatException e) {
        out.printf("  (its document cannot be read: %s; 'ferry verify' tells whether the bundle is intact)%n",
            e.getMessage());
      }
    }
    out.flush();
    return 0;
  }
}
