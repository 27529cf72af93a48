package io.ferry.installer.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.time.Duration;

/**
 * The host's Docker engine (DOCKER_HOST or the default socket), checked with a ping so that "Docker
 * is not running" is one clear error instead of a stack trace at the first call. Thread-safe: the
 * docker-java client pools its connections.
 */
public final class DockerEngine implements AutoCloseable {
  private final DockerClient client;
  private final DockerHttpClient http;
  private final String host;

  private DockerEngine(DockerClient client, DockerHttpClient http, String host) {
    this.client = client;
    this.http = http;
    this.host = host;
  }

  public static DockerEngine open() throws DockerUnavailableException {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    String host = config.getDockerHost().toString();
    DockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(10))
        // Loading gigabytes of images streams for minutes; only a dead engine should time out.
        .responseTimeout(Duration.ofHours(6))
        .maxConnections(32)
        .build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    try {
      client.pingCmd().exec();
    } catch (RuntimeException e) {
      try {
        http.close();
      } catch (IOException ignored) {
        // already failing
      }
      throw new DockerUnavailableException("the Docker engine at " + host + " does not answer (" + rootMessage(e)
          + "); start it ('systemctl start docker', or 'dockerd &') or set DOCKER_HOST", e);
    }
    return new DockerEngine(client, http, host);
  }

  public DockerClient client() {
    return client;
  }

  public DockerHttpClient http() {
    return http;
  }

  public String host() {
    return host;
  }

  public Version version() {
    return client.versionCmd().exec();
  }

  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
