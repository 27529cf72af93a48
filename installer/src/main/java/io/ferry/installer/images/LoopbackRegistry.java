package io.ferry.installer.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.ferry.installer.stream.BlockInputStream;
import io.ferry.signing.manifest.Blob;
import io.ferry.signing.manifest.BundleManifest;
import io.ferry.signing.manifest.ImageRecord;
import io.ferry.signing.manifest.Sha256;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A read-only registry on the loopback interface that serves a bundle's images to the engine's
 * own {@code docker pull}, straight from the bundle file: the engine downloads a layer and
 * registers it while the next one streams, where {@code docker load} first unpacks the whole upload
 * and only then starts registering. Layers are served uncompressed (their digest is then the diff
 * ID, which the engine checks itself) and hashed here as they are read, against the signed
 * manifest; a layer whose stored bytes do not match is cut short before its last bytes, so the
 * engine never completes it.
 *
 * <p>Image configs are held back until {@link #open} (every entry of the bundle verified): the
 * engine creates an image only once it has its config, so a bundle rejected half-way leaves no
 * image, and the layers the engine registered for the failed pull are released again. Only
 * requests under a random repository prefix are answered, so no other local client can read the
 * bundle through it. Thread-safe.
 */
final class LoopbackRegistry implements AutoCloseable {
  static final String MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String CONFIG_TYPE = "application/vnd.docker.container.image.v1+json";
  private static final String LAYER_TYPE = "application/vnd.docker.image.rootfs.diff.tar";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BUFFER = 256 * 1024;

  private final ServerSocket server;
  private final ExecutorService threads;
  private final FileChannel file;
  private final BundleRegions regions;
  private final String prefix;
  private final Map<String, byte[]> manifests = new HashMap<>();
  private final Map<String, Blob> configs = new HashMap<>();
  private final Map<String, Blob> layers = new HashMap<>();
  private final CompletableFuture<Boolean> gate = new CompletableFuture<>();
  private final CompletableFuture<Void> contacted = new CompletableFuture<>();
  private final AtomicLong served = new AtomicLong();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile String refused;

  private LoopbackRegistry(Path bundle, BundleManifest manifest, List<ImageRecord> images) throws IOException {
    this.regions = BundleRegions.of(bundle);
    byte[] token = new byte[16];
    new SecureRandom().nextBytes(token);
    this.prefix = "ferry-" + HexFormat.of().formatHex(token);
    for (int i = 0; i < images.size(); i++) {
      ImageRecord image = images.get(i);
      Blob config = manifest.blob(image.id()).orElseThrow(() -> new IOException("image " + image.shortId()
          + " has no config in the signed manifest"));
      configs.put(image.id(), config);
      ObjectNode doc = JSON.createObjectNode();
      doc.put("schemaVersion", 2);
      doc.put("mediaType", MANIFEST_TYPE);
      ObjectNode c = doc.putObject("config");
      c.put("mediaType", CONFIG_TYPE);
      c.put("size", config.size());
      c.put("digest", "sha256:" + config.digest());
      ArrayNode ls = doc.putArray("layers");
      for (String diffId : image.diffIds()) {
        Blob layer = manifest.layer(diffId).orElseThrow(() -> new IOException("layer " + diffId.substring(0, 12)
            + " of image " + image.shortId() + " is not in the signed manifest"));
        layers.put(diffId, layer);
        ObjectNode l = ls.addObject();
        l.put("mediaType", LAYER_TYPE);
        l.put("size", layer.expandedSize());
        l.put("digest", "sha256:" + diffId);
      }
      byte[] bytes = JSON.writeValueAsBytes(doc);
      manifests.put(name(i) + ":load", bytes);
      manifests.put(name(i) + ":sha256:" + Sha256.hexOf(bytes), bytes);
    }
    this.file = FileChannel.open(bundle, StandardOpenOption.READ);
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "ferry-registry");
      t.setDaemon(true);
      return t;
    });
    try {
      this.server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      file.close();
      threads.shutdownNow();
      throw e;
    }
    threads.execute(this::accept);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        threads.execute(() -> serve(socket));
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  /** One connection: requests one after the other (keep-alive) until the engine or a cut-short blob ends it. */
  private void serve(Socket socket) {
    connections.add(socket);
    try (socket) {
      socket.setSendBufferSize(BUFFER);
      HttpExchange exchange;
      while ((exchange = HttpExchange.read(socket)) != null) {
        handle(exchange);
        exchange.finish();
      }
    } catch (IOException | RuntimeException e) {
      // The engine hung up, spoke TLS to us first (it tries HTTPS before HTTP), or a blob was cut short.
    } finally {
      connections.remove(socket);
    }
  }

  /** Serves {@code images} (their configs and layers) from {@code bundle}, whose signed manifest is {@code manifest}. */
  static LoopbackRegistry start(Path bundle, BundleManifest manifest, List<ImageRecord> images) throws IOException {
    return new LoopbackRegistry(bundle, manifest, images);
  }

  /** The repository (with registry host) that the engine pulls the {@code index}th image from, tag "load". */
  String repository(int index) {
    return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort() + "/" + name(index);
  }

  private String name(int index) {
    return prefix + "/image-" + index;
  }

  /** Completes when the engine's first request arrives: proof that it can reach this registry. */
  CompletableFuture<Void> contacted() {
    return contacted;
  }

  /** Every entry of the bundle verified: let the engine have the configs, so it creates the images. */
  void open() {
    gate.complete(true);
  }

  /** The bundle was rejected: refuse every further request, so the pulls fail and leave nothing. */
  void refuse(String reason) {
    if (refused == null) {
      refused = reason;
    }
    gate.complete(false);
  }

  /** Why a layer was refused while serving it, or null. */
  String refusal() {
    return refused;
  }

  /** Layer bytes sent to the engine so far (uncompressed). */
  long served() {
    return served.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.path();
    boolean head = "HEAD".equals(exchange.method());
    exchange.header("Docker-Distribution-API-Version", "registry/2.0");
    if (!head && !"GET".equals(exchange.method())) {
      error(exchange, 405, "UNSUPPORTED", "read-only registry");
    } else if (path.equals("/v2/") || path.equals("/v2")) {
      contacted.complete(null);
      send(exchange, head, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    } else if (!path.startsWith("/v2/" + prefix + "/") || refused != null) {
      error(exchange, 404, "NAME_UNKNOWN", "not served here");
    } else if (path.contains("/manifests/")) {
      String ref = path.substring("/v2/".length()).replace("/manifests/", ":");
      byte[] doc = manifests.get(ref);
      if (doc == null) {
        error(exchange, 404, "MANIFEST_UNKNOWN", "no such manifest");
      } else {
        exchange.header("Docker-Content-Digest", "sha256:" + Sha256.hexOf(doc));
        send(exchange, head, MANIFEST_TYPE, doc);
      }
    } else if (path.contains("/blobs/sha256:")) {
      String digest = path.substring(path.lastIndexOf(':') + 1);
      if (configs.containsKey(digest)) {
        serveConfig(exchange, head, configs.get(digest));
      } else if (layers.containsKey(digest)) {
        serveLayer(exchange, head, digest, layers.get(digest));
      } else {
        error(exchange, 404, "BLOB_UNKNOWN", "no such blob");
      }
    } else {
      error(exchange, 404, "NAME_UNKNOWN", "not served here");
    }
  }

  private void serveConfig(HttpExchange exchange, boolean head, Blob config) throws IOException {
    if (!awaitGate()) {
      error(exchange, 404, "BLOB_UNKNOWN", "the bundle was rejected");
      return;
    }
    BundleRegions.Region region = regions.of(config.digest()).orElse(null);
    if (region == null || region.size() != config.size() || config.size() > (1 << 24)) {
      refuse("config " + config.digest().substring(0, 12) + " is not where the bundle's headers say");
      error(exchange, 404, "BLOB_UNKNOWN", "config not found in the bundle");
      return;
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) config.size());
    while (bytes.hasRemaining() && file.read(bytes, region.offset() + bytes.position()) > 0) {
      // positional reads: other threads read other regions of the same channel
    }
    if (bytes.hasRemaining() || !Sha256.hexOf(bytes.array()).equals(config.digest())) {
      refuse("config " + config.digest().substring(0, 12) + " does not match the signed manifest");
      error(exchange, 404, "BLOB_UNKNOWN", "config does not verify");
      return;
    }
    exchange.header("Docker-Content-Digest", "sha256:" + config.digest());
    send(exchange, head, "application/octet-stream", bytes.array());
  }

  private boolean awaitGate() {
    try {
      return gate.get(2, TimeUnit.HOURS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /**
   * Streams one layer uncompressed. The last buffer of it is written only after the stored bytes
   * hashed to the signed digest: a mismatch closes the connection with the body incomplete, which
   * the engine treats as a failed download.
   */
  private void serveLayer(HttpExchange exchange, boolean head, String diffId, Blob layer) throws IOException {
    BundleRegions.Region region = regions.of(layer.digest()).orElse(null);
    if (region == null || region.size() != layer.size()) {
      refuse("layer " + layer.digest().substring(0, 12) + " is not where the bundle's headers say");
      error(exchange, 404, "BLOB_UNKNOWN", "layer not found in the bundle");
      return;
    }
    exchange.header("Content-Type", "application/octet-stream");
    exchange.header("Docker-Content-Digest", "sha256:" + diffId);
    exchange.sendResponseHeaders(200, layer.expandedSize());
    if (head) {
      return;
    }
    RegionStream stored = new RegionStream(file, region.offset(), region.size());
    InputStream plain = layer.isCompressed()
        ? new ZstdInputStreamNoFinalizer(new BufferedInputStream(stored, BUFFER)) : stored;
    try (plain) {
      OutputStream out = exchange.getResponseBody();
      byte[] held = new byte[BUFFER];
      byte[] next = new byte[BUFFER];
      int heldLength = 0;
      long total = 0;
      int n;
      while ((n = readPlain(plain, stored, layer, next)) > 0) {
        total += n;
        if (total > layer.expandedSize()) {
          throw refuseLayer(layer, "expands to more than the signed " + layer.expandedSize() + " bytes");
        }
        if (heldLength > 0) {
          out.write(held, 0, heldLength);
          served.addAndGet(heldLength);
        }
        byte[] swap = held;
        held = next;
        next = swap;
        heldLength = n;
      }
      if (!stored.drainAndMatch(layer)) {
        throw refuseLayer(layer, "does not match the signed manifest");
      }
      if (total != layer.expandedSize()) {
        throw refuseLayer(layer, "expands to " + total + " bytes, the signed manifest says " + layer.expandedSize());
      }
      out.write(held, 0, heldLength);
      served.addAndGet(heldLength);
    }
  }

  /** Reads decompressed bytes; a decompression failure is the stored bytes' fault, and said so. */
  private int readPlain(InputStream plain, RegionStream stored, Blob layer, byte[] into) throws IOException {
    try {
      return plain.readNBytes(into, 0, into.length);
    } catch (IOException e) {
      throw refuseLayer(layer, stored.drainAndMatch(layer) ? "does not decompress (" + e.getMessage() + ")"
          : "does not match the signed manifest");
    }
  }

  private IOException refuseLayer(Blob layer, String why) {
    String reason = "layer " + layer.digest().substring(0, 12) + " " + why;
    refuse(reason);
    return new IOException(reason);
  }

  private static void send(HttpExchange exchange, boolean head, String type, byte[] body) throws IOException {
    exchange.header("Content-Type", type);
    exchange.sendResponseHeaders(200, body.length);
    if (!head) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    exchange.header("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    if (!"HEAD".equals(exchange.method())) {
      exchange.getResponseBody().write(body);
    }
  }

  @Override
  public void close() throws IOException {
    gate.complete(false);
    server.close();
    for (Socket socket : connections) {
      socket.close();
    }
    threads.shutdownNow();
    file.close();
  }

  /**
   * One HTTP/1.1 request and its response: just what the engine's registry client sends (GET and
   * HEAD, no bodies). Not the JDK's HttpServer: that one waits for a request line when the engine
   * opens with a TLS handshake (it tries HTTPS first), so every pull stalled for the engine's
   * ten-second handshake timeout; here a first byte of 0x16 ends the connection at once.
   */
  static final class HttpExchange {
    private final OutputStream out;
    private final String method;
    private final String path;
    private final StringBuilder headers = new StringBuilder();

    private HttpExchange(OutputStream out, String method, String path) {
      this.out = out;
      this.method = method;
      this.path = path;
    }

    /** The next request on the connection, or null when the client closed it or is not speaking HTTP. */
    static HttpExchange read(Socket socket) throws IOException {
      InputStream in = socket.getInputStream();
      String requestLine = line(in, true);
      if (requestLine == null) {
        return null;
      }
      String header;
      while ((header = line(in, false)) != null && !header.isEmpty()) {
        // GET and HEAD carry no body; the headers matter to nobody here
      }
      String[] parts = requestLine.split(" ");
      if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
        return null;
      }
      String path = parts[1];
      int query = path.indexOf('?');
      return new HttpExchange(new java.io.BufferedOutputStream(socket.getOutputStream(), BUFFER), parts[0],
          query < 0 ? path : path.substring(0, query));
    }

    private static String line(InputStream in, boolean first) throws IOException {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (first && line.length() == 0 && (c == 0x16 || c == 0x80)) {
          return null;
        }
        if (c == '\n') {
          int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
          return line.substring(0, end);
        }
        if (line.length() > 8192) {
          return null;
        }
        line.append((char) c);
      }
      return null;
    }

    String method() {
      return method;
    }

    String path() {
      return path;
    }

    void header(String name, String value) {
      headers.append(name).append(": ").append(value).append("\r\n");
    }

    void sendResponseHeaders(int status, long length) throws IOException {
      String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : status == 404 ? " Not Found" : " Error") + "\r\n"
          + headers + "Content-Length: " + length + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      if ("HEAD".equals(method)) {
        out.flush();
      }
    }

    OutputStream getResponseBody() {
      return out;
    }

    /** The response is complete: send what is buffered. */
    void finish() throws IOException {
      out.flush();
    }
  }

  /** One region of the bundle file by positional reads, hashed as it is read. */
  private static final class RegionStream extends BlockInputStream {
    private final FileChannel file;
    private final long end;
    private long position;
    private final MessageDigest digest = Sha256.newDigest();
    private long read;

    RegionStream(FileChannel file, long offset, long size) {
      this.file = file;
      this.position = offset;
      this.end = offset + size;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= end) {
        return -1;
      }
      int n = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
      if (n < 0) {
        return -1;
      }
      position += n;
      read += n;
      digest.update(b, off, n);
      return n;
    }

    /**
     * Reads (and hashes) what the decompressor left, trailing bytes being part of the blob too, and
     * says whether the whole region is the signed blob. Once: the digest is spent afterwards.
     */
    boolean drainAndMatch(Blob blob) throws IOException {
      byte[] rest = new byte[BUFFER];
      while (read(rest, 0, rest.length) > 0) {
        // hashed in read
      }
      return read == blob.size() && Sha256.hex(digest.digest()).equals(blob.digest());
    }
  }
}
