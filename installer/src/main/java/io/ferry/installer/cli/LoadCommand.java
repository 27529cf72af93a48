package io.ferry.installer.cli;

import io.ferry.common.progress.ConsoleProgressBar;
import io.ferry.common.progress.ProgressListener;
import io.ferry.installer.bundle.BlobSink;
import io.ferry.installer.bundle.BundleRejectedException;
import io.ferry.installer.bundle.SignatureRejectedException;
import io.ferry.installer.bundle.VerifiedBundle;
import io.ferry.installer.deploy.DeployException;
import io.ferry.installer.deploy.ExitCode;
import io.ferry.installer.deploy.OpenedBundle;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.images.EngineImages;
import io.ferry.installer.images.ImageLoadPlan;
import io.ferry.installer.images.ImageLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "load",
    description = {
        "Verifies a bundle and loads the images this host lacks, without touching the running stack.",
        "",
        "Use it to stage a release's images before a maintenance window: the later 'ferry deploy' then"
            + " finds them present. Only layers the engine does not hold travel; nothing from a bundle that"
            + " fails verification stays in the engine.",
        "It verifies the signature and every entry it reads; the layers the engine already holds are checked by"
            + " name and size and not read (this host uses none of their bytes). --verify-all reads them too;"
            + " 'ferry verify' checks a whole bundle without loading anything.",
        ""},
    mixinStandardHelpOptions = true)
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin BundleOptions options;

  @Option(names = "--verify-all", description = "Also read and hash the layers the Docker engine already holds, as"
      + " 'ferry verify' does.")
  boolean verifyAll;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ProgressListener progress = options.progress(out);
    try (DockerEngine engine = Installers.engine()) {
      OpenedBundle bundle = OpenedBundle.open(options.bundle, options.trustStore(), ProgressListener.NONE);
      ImageLoadPlan plan = ImageLoadPlan.of(bundle.manifest(), EngineImages.of(engine.client()));
      ImageLoader loader = new ImageLoader(engine.client(), options.trustStore(), Clock.systemUTC(), progress)
          .readingEveryEntry(verifyAll);
      var m = bundle.manifest();
      if (!options.json) {
        // Said before the long part starts, so the operator knows what the bars are about.
        out.println("to load: " + counts(plan));
        out.flush();
      }
      VerifiedBundle verified;
      try {
        verified = loader.load(bundle.path(), plan, BlobSink.NONE);
        loader.tag(bundle.manifest());
      } catch (BundleRejectedException e) {
        throw new CommandFailure(options.bundle + " is damaged or has been tampered with: " + e.getMessage()
            + ". Nothing was loaded; get a fresh copy from the vendor.", ExitCode.BUNDLE_REJECTED, e);
      } catch (SignatureRejectedException e) {
        throw new CommandFailure(options.bundle + " is not signed by a trusted release key: " + e.getMessage(),
            ExitCode.SIGNATURE_REJECTED, e);
      } catch (IOException e) {
        throw new CommandFailure("loading the images failed: " + e.getMessage(), ExitCode.LOAD, e);
      }
      if (options.json) {
        JsonEvents.print(out, "result", Map.of("stack", m.stack(), "release", m.release(),
            "imagesLoaded", plan.missingImages().size(), "layersLoaded", plan.layersToLoad().size(),
            "bytesLoaded", plan.bytesToLoad(), "entriesNotRead", verified.entriesNotRead(),
            "bytesNotRead", verified.bytesNotRead()));
      } else {
        out.println("loaded " + counts(plan));
        if (!verified.readWhole()) {
          out.println("not read: " + verified.entriesNotRead() + " layers the engine already holds ("
              + ConsoleProgressBar.bytes(verified.bytesNotRead()) + "); 'ferry verify' or --verify-all reads them");
        }
        out.flush();
      }
      return 0;
    } catch (DeployException e) {
      throw Installers.failure(e);
    }
  }

  /** "N of M images of STACK RELEASE (K layers, SIZE; SIZE present)", before and after the load. */
  private static String counts(ImageLoadPlan plan) {
    var m = plan.manifest();
    return String.format("%d of %d images of %s %s (%d layers, %s; %s present)", plan.missingImages().size(),
        m.images().size(), m.stack(), m.release(), plan.layersToLoad().size(),
        ConsoleProgressBar.bytes(plan.bytesToLoad()), ConsoleProgressBar.bytes(plan.bytesPresent()));
  }
}
