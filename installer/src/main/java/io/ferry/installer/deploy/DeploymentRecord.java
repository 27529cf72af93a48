package io.ferry.installer.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What was deployed on this host, written as the last step of a successful deployment: the
 * release, the digest of its signed manifest, the digests of the rendered configuration, the
 * enabled profiles and each service's image ID. {@code ferry status} compares the host against it.
 */
public record DeploymentRecord(String stack, String release, String manifestSha256, String composeSha256,
    String envSha256, List<String> profiles, Map<String, String> serviceImages, String deployedAt,
    String composeProject) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  public static DeploymentRecord read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return JSON.readValue(file.toFile(), DeploymentRecord.class);
    } catch (IOException e) {
      throw new IOException("the deployment record " + file + " is unreadable (" + e.getMessage()
          + "); move it away and deploy again", e);
    }
  }

  public void write(Path file) throws IOException {
    AtomicWrite.write(file, JSON.writeValueAsBytes(this));
  }

  /** Same bundle, same configuration: the deployment would change nothing. */
  public boolean sameInputs(String manifest, String compose, String env, List<String> enabledProfiles) {
    return manifestSha256.equals(manifest) && composeSha256.equals(compose) && envSha256.equals(env)
        && profiles.equals(enabledProfiles);
  }
}
