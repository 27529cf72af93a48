package io.ferry.installer.data;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.transport.DockerHttpClient;
import io.ferry.installer.docker.DockerEngine;
import io.ferry.installer.stream.BlockInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads and fills a compose project's named volumes through the engine's archive API, on a helper
 * container that is created but never started: no process of the stack runs, nothing is mounted
 * on the host, and it works wherever the engine does. Volumes are created with compose's labels so
 * that {@code docker compose up} adopts them as its own. Thread-safe.
 *
 * <p>A volume travels as a tar with one top folder, {@value #TAR_ROOT}, that is the volume's root:
 * its own owner and mode are in that entry, and below it every file, folder (empty ones too) and
 * symbolic link with its owner, group, mode and time, as the engine's archive API writes them.
 * {@link #read} produces that layout and {@link #write} with {@link Layout#ROOTED} is its exact
 * reverse. The leading folder cannot be left out: the engine applies a tar's metadata to the folder
 * it unpacks into only when that folder is an entry of the tar.
 */
public final class Volumes {
  /** Where helpers mount the volume; its name is therefore the tar's top folder. */
  static final String MOUNT = "/ferry-volume";
  /** The one top folder of a volume tar made by {@link #read}: the volume's root. */
  public static final String TAR_ROOT = "ferry-volume/";
  /** Label on every helper container, so that one left behind by a killed Ferry can be found. */
  public static final String HELPER_LABEL = "io.ferry.helper";
  /** Label naming the volume a helper container mounts. */
  public static final String HELPER_VOLUME_LABEL = "io.ferry.helper.volume";

  /** How the entries of a tar to unpack into a volume are named. */
  public enum Layout {
    /** Under the one top folder {@value #TAR_ROOT}, as {@link #read} makes them (format {@code tar}). */
    ROOTED,
    /** Relative to the volume's root, without an entry for the root (the bundler's vanilla folders). */
    CONTENTS
  }

  private final DockerClient client;
  private final DockerHttpClient http;

  public Volumes(DockerEngine engine) {
    this.client = engine.client();
    this.http = engine.http();
  }

  /** Compose's own name for a project's volume (v1 and v2 alike). */
  public static String volumeName(String project, String key) {
    return project + "_" + key;
  }

  public boolean exists(String volume) throws IOException {
    try {
      client.inspectVolumeCmd(volume).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw new IOException("cannot inspect volume " + volume + ": " + DockerEngine.rootMessage(e), e);
    }
  }

  /** True when the volume does not exist or holds no file, folder or link at all. */
  public boolean isEmpty(String volume, String image) throws IOException {
    return firstEntry(volume, image) == null;
  }

  /**
   * The path of something in the volume (relative to its root), for messages that say why a volume
   * counts as not empty; null when it is empty or does not exist. Reads only the tar's first entries.
   */
  public String firstEntry(String volume, String image) throws IOException {
    if (!exists(volume)) {
      return null;
    }
    try (InputStream archive = read(volume, image);
        TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        String name = e.getName();
        if (!name.equals(TAR_ROOT) && !name.equals(TAR_ROOT.substring(0, TAR_ROOT.length() - 1))) {
          return name.startsWith(TAR_ROOT) ? name.substring(TAR_ROOT.length()) : name;
        }
      }
      return null;
    }
  }

  /**
   * The volume's content as a tar under {@value #TAR_ROOT}, streamed from the engine as it is read
   * (the engine waits while the reader does). The volume is mounted read-only. Closing the stream
   * removes the helper container; closing it before the end breaks off the transfer instead of
   * reading the rest.
   */
  public InputStream read(String volume, String image) throws IOException {
    String helper = helper(volume, image, true);
    DockerHttpClient.Response response;
    try {
      // The raw client, not copyArchiveFromContainerCmd: closing docker-java's stream first reads
      // the rest of the body to keep the connection, i.e. the whole volume; Response.close aborts.
      response = http.execute(DockerHttpClient.Request.builder().method(DockerHttpClient.Request.Method.GET)
          .path("/containers/" + helper + "/archive?path=" + URLEncoder.encode(MOUNT, StandardCharsets.UTF_8))
          // Without this the HTTP client asks for gzip: the engine would compress what the backup
          // compresses anyway, at the cost of both CPU and a decompressor that fails a read after the end.
          .putHeader("Accept-Encoding", "identity")
          .build());
    } catch (RuntimeException e) {
      IOException failure = new IOException("cannot read volume " + volume + ": " + DockerEngine.rootMessage(e), e);
      removeHelper(helper, failure);
      throw failure;
    }
    if (response.getStatusCode() != 200) {
      String message = errorMessage(response);
      response.close();
      removeHelper(helper, null);
      throw new IOException("cannot read volume " + volume + ": the engine answered " + response.getStatusCode()
          + " " + message);
    }
    InputStream body = response.getBody();
    return new BlockInputStream() {
      private boolean ended;
      private boolean closed;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
          return -1;
        }
        try {
          int n = body.read(b, off, len);
          ended |= n < 0;
          return n;
        } catch (IOException | RuntimeException e) {
          throw new IOException("reading volume " + volume + " broke off: " + DockerEngine.rootMessage(e), e);
        }
      }

      @Override
      public synchronized void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try {
          if (ended) {
            body.close();
          }
        } finally {
          response.close();
          removeHelper(helper, null);
        }
      }
    };
  }

  /**
   * Creates the volume with compose's labels if it does not exist, and unpacks the tar stream into
   * it, reading it up to its end but leaving it open. Existing files of the same names are
   * replaced, others stay: empty the volume first (see {@link #remove}) for an exact copy.
   */
  public void write(String project, String key, String image, InputStream tar, Layout layout) throws IOException {
    String volume = volumeName(project, key);
    if (!exists(volume)) {
      create(project, key);
    }
    String helper = helper(volume, image, false);
    IOException failure = null;
    // The HTTP client closes a request body once sent; the caller still has to read the source's
    // end (where it may verify itself) and close it.
    InputStream unclosable = new java.io.FilterInputStream(tar) {
      @Override
      public void close() {
        // the caller's
      }
    };
    try {
      client.copyArchiveToContainerCmd(helper).withRemotePath(layout == Layout.ROOTED ? "/" : MOUNT)
          .withTarInputStream(unclosable).exec();
    } catch (RuntimeException e) {
      failure = new IOException("unpacking into volume " + volume + " failed: " + DockerEngine.rootMessage(e), e);
    }
    removeHelper(helper, failure);
    if (failure != null) {
      throw failure;
    }
  }

  /** Creates the named volume of {@code project} as compose would, so compose adopts it. */
  public void create(String project, String key) throws IOException {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("com.docker.compose.project", project);
    labels.put("com.docker.compose.volume", key);
    labels.put("io.ferry.restored", "true");
    try {
      client.createVolumeCmd().withName(volumeName(project, key)).withLabels(labels).exec();
    } catch (RuntimeException e) {
      throw new IOException("cannot create volume " + volumeName(project, key) + ": " + DockerEngine.rootMessage(e),
          e);
    }
  }

  /** Removes the volume and everything in it; nothing happens if it does not exist. */
  public void remove(String volume) throws IOException {
    try {
      client.removeVolumeCmd(volume).exec();
    } catch (NotFoundException e) {
      // gone already
    } catch (ConflictException e) {
      throw new IOException("volume " + volume + " cannot be emptied: a container still uses it ("
          + DockerEngine.rootMessage(e) + "); remove that container first", e);
    } catch (RuntimeException e) {
      throw new IOException("cannot remove volume " + volume + ": " + DockerEngine.rootMessage(e), e);
    }
  }

  private String helper(String volume, String image, boolean readOnly) throws IOException {
    try {
      return client.createContainerCmd(image)
          .withName("ferry-volume-" + volume + "-" + Long.toHexString(System.nanoTime()))
          .withLabels(Map.of(HELPER_LABEL, "volume", HELPER_VOLUME_LABEL, volume))
          .withEntrypoint("/ferry-never-started")
          .withNetworkDisabled(true)
          .withHostConfig(HostConfig.newHostConfig().withBinds(
              new Bind(volume, new Volume(MOUNT), readOnly ? AccessMode.ro : AccessMode.rw)))
          .exec().getId();
    } catch (RuntimeException e) {
      throw new IOException("cannot create a helper container for volume " + volume + " from image " + image + ": "
          + DockerEngine.rootMessage(e), e);
    }
  }

  /**
   * Removes a helper container, trying for a few seconds: the engine may still be tearing down a
   * transfer that was broken off. A failure is thrown, or added to {@code pending} if there is one.
   */
  private void removeHelper(String container, IOException pending) throws IOException {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        client.removeContainerCmd(container).withForce(true).exec();
        return;
      } catch (NotFoundException e) {
        return;
      } catch (RuntimeException e) {
        last = e;
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    IOException e = new IOException("the helper container " + container + " could not be removed ("
        + DockerEngine.rootMessage(last) + "); remove it with: docker rm -f " + container, last);
    if (pending == null) {
      throw e;
    }
    pending.addSuppressed(e);
  }

  private static String errorMessage(DockerHttpClient.Response response) {
    try (InputStream in = response.getBody()) {
      String text = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
      int at = text.indexOf("\"message\":\"");
      return at >= 0 ? text.substring(at + 11).replaceFirst("\"}?$", "") : text;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
