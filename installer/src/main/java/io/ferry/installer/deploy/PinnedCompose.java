package io.ferry.installer.deploy;

import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ServiceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The compose file Ferry runs: the vendor's, with every service's image replaced by the image ID
 * the signed manifest pins. Compose then only replaces a container whose image really changed (by
 * tag alone, an update would restart every service, the database included), and it can never run
 * anything but what was verified. The vendor's file stays next to it, untouched, for reference.
 */
final class PinnedCompose {
  static final String FILE_NAME = "compose.ferry.yaml";

  private PinnedCompose() {}

  @SuppressWarnings("unchecked")
  static byte[] render(byte[] vendorCompose, BundleManifest manifest) {
    Map<String, Object> doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(new String(vendorCompose, StandardCharsets.UTF_8));
    Map<String, Object> services = (Map<String, Object>) doc.get("services");
    for (ServiceRecord s : manifest.services()) {
      Object def = services.get(s.name());
      if (def instanceof Map<?, ?> m) {
        ((Map<String, Object>) m).put("image", "sha256:" + s.imageId());
      }
    }
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setWidth(200);
    String header = "# Rendered by Ferry from release/" + manifest.composePath() + " of " + manifest.stack() + " "
        + manifest.release() + ": images pinned to the IDs of the signed manifest. Do not edit.\n";
    return (header + new Yaml(new Representer(options), options).dump(doc)).getBytes(StandardCharsets.UTF_8);
  }
}
