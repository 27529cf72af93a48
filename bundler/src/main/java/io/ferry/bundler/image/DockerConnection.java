package io.ferry.bundler.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.time.Duration;

/**
 * A connection to the local Docker engine (DOCKER_HOST or the default socket), checked with a ping
 * so that "Docker is not running" is one clear error instead of a stack trace at the first call.
 */
public final class DockerConnection implements AutoCloseable {
  private final DockerClient client;
  private final DockerHttpClient http;
  private final String host;

  private DockerConnection(DockerClient client, DockerHttpClient http, String host) {
    this.client = client;
    this.http = http;
    this.host = host;
  }

  public static DockerConnection open() throws DockerUnavailableException {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    String host = config.getDockerHost().toString();
    DockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(10))
        // Exports of large images stream for minutes; only a dead engine should time out.
        .responseTimeout(Duration.ofHours(6))
        .maxConnections(16)
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
          + "); start it (dockerd, or 'systemctl start docker') or set DOCKER_HOST", e);
    }
    return new DockerConnection(client, http, host);
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

  static String rootMessage(Throwable t) {
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
