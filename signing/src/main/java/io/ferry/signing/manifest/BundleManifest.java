package io.ferry.signing.manifest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The signed document at the head of every bundle: what the bundle is, and the size and SHA-256 of
 * every other entry. It is line-oriented UTF-8 text so that {@code grep}, {@code awk} and {@code
 * sha256sum} can check a bundle without Ferry (see docs/onprem/bundle-format.md, the contract).
 *
 * <p>Immutable and thread-safe. {@link #parse} is strict: an unknown format version, an unknown
 * line, a duplicate blob or an image whose layers are nowhere to be found is refused, because a
 * manifest is only worth something if every reader understands it the same way.
 */
public final class BundleManifest {
  public static final String MAGIC = "ferry-bundle-manifest";
  public static final int FORMAT_VERSION = 1;
  /** The name of the one data line: the vanilla data's snapshot document. */
  public static final String VANILLA_SNAPSHOT = "snapshot";
  private static final Pattern TOKEN = Pattern.compile("[^\\s=]+");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

  private final String stack;
  private final String release;
  private final String product;
  private final Instant created;
  private final String composePath;
  private final String descriptorPath;
  private final String baseRelease;
  private final List<Blob> blobs;
  private final List<ImageRecord> images;
  private final List<ServiceRecord> services;
  private final Map<String, String> files;
  private final Map<String, String> data;
  private final Map<String, Blob> blobsByDigest;
  private final Map<String, Blob> layersByDiffId;
  private final Map<String, Blob> chunksById;

  private BundleManifest(Builder b) throws ManifestException {
    if (b.stack == null || !NAME.matcher(b.stack).matches()) {
      throw new ManifestException("stack name missing or not of [a-z0-9_.-]: " + b.stack);
    }
    if (b.release == null || !TOKEN.matcher(b.release).matches()) {
      throw new ManifestException("release missing or contains spaces: " + b.release);
    }
    if (b.created == null) {
      throw new ManifestException("creation time missing");
    }
    this.stack = b.stack;
    this.release = b.release;
    this.product = b.product == null ? b.stack : b.product;
    this.created = b.created;
    this.composePath = b.composePath;
    this.descriptorPath = b.descriptorPath;
    this.baseRelease = b.baseRelease;
    this.blobs = List.copyOf(b.blobs);
    this.images = List.copyOf(b.images);
    this.services = List.copyOf(b.services);
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(b.files));
    this.data = Collections.unmodifiableMap(new LinkedHashMap<>(b.data));
    Map<String, Blob> byDigest = new LinkedHashMap<>();
    Map<String, Blob> byDiffId = new HashMap<>();
    Map<String, Blob> byChunkId = new HashMap<>();
    for (Blob blob : blobs) {
      if (byDigest.put(blob.digest(), blob) != null) {
        throw new ManifestException("blob " + blob.digest() + " is listed twice");
      }
      if (blob.kind() == BlobKind.LAYER) {
        String diffId = blob.attribute("diff_id");
        if (!Sha256.isHex(diffId) || blob.attribute("size") == null) {
          throw new ManifestException("layer blob " + blob.digest() + " needs diff_id= and size=");
        }
        byDiffId.putIfAbsent(diffId, blob);
      }
      if (blob.kind() == BlobKind.CHUNK) {
        if (!Sha256.isHex(blob.attribute("chunk")) || blob.attribute("size") == null) {
          throw new ManifestException("chunk blob " + blob.digest() + " needs chunk= and size=");
        }
        byChunkId.putIfAbsent(blob.attribute("chunk"), blob);
      }
    }
    this.blobsByDigest = Collections.unmodifiableMap(byDigest);
    this.layersByDiffId = Collections.unmodifiableMap(byDiffId);
    this.chunksById = Collections.unmodifiableMap(byChunkId);
    Set<String> imageIds = new HashSet<>();
    for (ImageRecord image : images) {
      if (!imageIds.add(image.id())) {
        throw new ManifestException("image " + image.id() + " is listed twice");
      }
      Blob config = byDigest.get(image.id());
      if (config == null || config.kind() != BlobKind.CONFIG) {
        throw new ManifestException("image " + image.shortId() + " has no config blob");
      }
      for (String diffId : image.diffIds()) {
        if (!byDiffId.containsKey(diffId) && baseRelease == null) {
          throw new ManifestException(
              "image " + image.shortId() + " needs layer " + diffId + " which the bundle does not carry");
        }
      }
    }
    for (ServiceRecord s : services) {
      if (!imageIds.contains(s.imageId())) {
        throw new ManifestException("service " + s.name() + " names image " + s.imageId() + " which is not listed");
      }
    }
    for (Map.Entry<String, String> f : files.entrySet()) {
      requireSafePath(f.getKey(), "file");
      requireBlob(byDigest, f.getValue(), BlobKind.FILE, "file " + f.getKey());
    }
    for (Map.Entry<String, String> d : data.entrySet()) {
      if (!d.getKey().equals(VANILLA_SNAPSHOT)) {
        throw new ManifestException("data " + d.getKey() + " is not known: a bundle's data is one 'data "
            + VANILLA_SNAPSHOT + "' line");
      }
      requireBlob(byDigest, d.getValue(), BlobKind.SNAPSHOT, "data " + d.getKey());
    }
    if (composePath != null && !files.containsKey(composePath)) {
      throw new ManifestException("the compose file " + composePath + " is not among the file blobs");
    }
  }

  private static void requireBlob(Map<String, Blob> byDigest, String digest, BlobKind kind, String what)
      throws ManifestException {
    Blob blob = byDigest.get(digest);
    if (blob == null || blob.kind() != kind) {
      throw new ManifestException(what + " names blob " + digest + " which is not a listed " + kind.token() + " blob");
    }
  }

  private static void requireSafePath(String path, String what) throws ManifestException {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
        || Arrays.asList(path.split("/")).contains("..")) {
      throw new ManifestException(what + " has an unsafe path: " + path);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public String stack() { return stack; }
  public String release() { return release; }
  public String product() { return product; }
  public Instant created() { return created; }
  public String composePath() { return composePath; }
  public Optional<String> descriptorPath() { return Optional.ofNullable(descriptorPath); }
  public Optional<String> baseRelease() { return Optional.ofNullable(baseRelease); }
  public List<Blob> blobs() { return blobs; }
  public List<ImageRecord> images() { return images; }
  public List<ServiceRecord> services() { return services; }

  public Optional<Blob> blob(String digest) {
    return Optional.ofNullable(blobsByDigest.get(digest));
  }

  /** The blob that carries the layer with this diff ID, if this bundle carries it. */
  public Optional<Blob> layer(String diffId) {
    return Optional.ofNullable(layersByDiffId.get(diffId));
  }

  /** The stack files by path relative to the stack folder, in bundle order. */
  public Map<String, String> files() {
    return files;
  }

  /** The data lines: at most one, {@value #VANILLA_SNAPSHOT}, naming the vanilla data's snapshot document. */
  public Map<String, String> data() {
    return data;
  }

  /** The blob holding the vanilla data's snapshot document, if the bundle carries vanilla data. */
  public Optional<Blob> vanillaSnapshot() {
    return Optional.ofNullable(data.get(VANILLA_SNAPSHOT)).map(blobsByDigest::get);
  }

  /** The chunk blob whose plain bytes have SHA-256 {@code chunkId}, if the bundle carries it. */
  public Optional<Blob> chunk(String chunkId) {
    return Optional.ofNullable(chunksById.get(chunkId));
  }

  public Optional<Blob> file(String path) {
    return Optional.ofNullable(files.get(path)).map(blobsByDigest::get);
  }

  public List<Blob> blobsOfKind(BlobKind kind) {
    return blobs.stream().filter(b -> b.kind() == kind).toList();
  }

  /** Bytes of all entries as stored in the bundle, without the manifest and signature. */
  public long storedBytes() {
    return blobs.stream().mapToLong(Blob::size).sum();
  }

  /**
   * Disk the host needs for this release: every layer and data stream uncompressed (the engine and
   * the volumes keep them so) plus the stack files. An estimate from above: the engine may already
   * hold some layers.
   */
  public long requiredHostBytes() {
    return blobs.stream().mapToLong(Blob::expandedSize).sum();
  }

  /** The canonical text; signatures are made over exactly these bytes. */
  public byte[] toBytes() {
    StringBuilder out = new StringBuilder();
    out.append(MAGIC).append(' ').append(FORMAT_VERSION).append('\n');
    out.append("stack ").append(stack).append('\n');
    out.append("release ").append(release).append('\n');
    out.append("product ").append(product).append('\n');
    out.append("created ").append(created).append('\n');
    if (baseRelease != null) {
      out.append("base ").append(baseRelease).append('\n');
    }
    if (composePath != null) {
      out.append("compose ").append(composePath).append('\n');
    }
    if (descriptorPath != null) {
      out.append("descriptor ").append(descriptorPath).append('\n');
    }
    for (Blob b : blobs) {
      out.append("blob ").append(b.digest()).append(' ').append(b.size()).append(' ').append(b.kind().token());
      b.attributes().forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
      out.append('\n');
    }
    for (ImageRecord image : images) {
      out.append("image ").append(image.id()).append(' ').append(String.join(",", image.diffIds())).append('\n');
      for (String tag : image.tags()) {
        out.append("tag ").append(image.id()).append(' ').append(tag).append('\n');
      }
    }
    files.forEach((path, digest) -> out.append("file ").append(path).append(' ').append(digest).append('\n'));
    data.forEach((name, digest) -> out.append("data ").append(name).append(' ').append(digest).append('\n'));
    for (ServiceRecord s : services) {
      out.append("service ").append(s.name()).append(' ').append(s.imageId()).append(' ').append(s.imageRef()).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static BundleManifest parse(byte[] bytes) throws ManifestException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    Builder b = builder();
    Map<String, List<String>> diffIdsByImage = new LinkedHashMap<>();
    Map<String, List<String>> tagsByImage = new HashMap<>();
    int lineNo = 0;
    try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        String where = "manifest line " + lineNo + ": ";
        if (lineNo == 1) {
          if (!line.startsWith(MAGIC + " ")) {
            throw new ManifestException(where + "not a Ferry bundle manifest");
          }
          String version = line.substring(MAGIC.length() + 1);
          if (!version.equals(String.valueOf(FORMAT_VERSION))) {
            throw new ManifestException(
                where + "format version " + version + " is newer than this Ferry understands (" + FORMAT_VERSION
                    + "); use a newer Ferry");
          }
          continue;
        }
        int space = line.indexOf(' ');
        if (space <= 0) {
          throw new ManifestException(where + "malformed line");
        }
        String key = line.substring(0, space);
        String rest = line.substring(space + 1);
        String[] f = rest.split(" ");
        switch (key) {
          case "stack" -> b.stack(rest);
          case "release" -> b.release(rest);
          case "product" -> b.product(rest);
          case "created" -> b.created(parseInstant(rest, where));
          case "base" -> b.baseRelease(rest);
          case "compose" -> b.composePath(rest);
          case "descriptor" -> b.descriptorPath(rest);
          case "blob" -> b.blob(parseBlob(f, where));
          case "image" -> {
            requireFields(f, 2, where);
            List<String> diffIds = f[1].isEmpty() ? List.of() : Arrays.asList(f[1].split(","));
            for (String d : diffIds) {
              requireHex(d, where);
            }
            requireHex(f[0], where);
            if (diffIdsByImage.put(f[0], diffIds) != null) {
              throw new ManifestException(where + "image " + f[0] + " is listed twice");
            }
          }
          case "tag" -> {
            requireFields(f, 2, where);
            tagsByImage.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
          }
          case "file" -> {
            requireFields(f, 2, where);
            if (b.files.put(f[0], f[1]) != null) {
              throw new ManifestException(where + "file " + f[0] + " is listed twice");
            }
          }
          case "data" -> {
            requireFields(f, 2, where);
            if (b.data.put(f[0], f[1]) != null) {
              throw new ManifestException(where + "data " + f[0] + " is listed twice");
            }
          }
          case "service" -> {
            requireFields(f, 3, where);
            b.service(new ServiceRecord(f[0], f[2], f[1]));
          }
          default -> throw new ManifestException(where + "unknown line '" + key + "'");
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
    if (lineNo == 0) {
      throw new ManifestException("manifest is empty");
    }
    for (Map.Entry<String, List<String>> e : diffIdsByImage.entrySet()) {
      b.image(new ImageRecord(e.getKey(), e.getValue(), tagsByImage.getOrDefault(e.getKey(), List.of())));
    }
    for (String id : tagsByImage.keySet()) {
      if (!diffIdsByImage.containsKey(id)) {
        throw new ManifestException("a tag names image " + id + " which is not listed");
      }
    }
    return b.build();
  }

  private static Blob parseBlob(String[] f, String where) throws ManifestException {
    requireFields(f, 3, where);
    requireHex(f[0], where);
    long size;
    try {
      size = Long.parseLong(f[1]);
    } catch (NumberFormatException e) {
      throw new ManifestException(where + "size is not a number: " + f[1]);
    }
    BlobKind kind = BlobKind.ofToken(f[2]);
    if (kind == null) {
      throw new ManifestException(where + "unknown blob kind '" + f[2] + "'");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 3; i < f.length; i++) {
      int eq = f[i].indexOf('=');
      if (eq <= 0) {
        throw new ManifestException(where + "attribute without '=': " + f[i]);
      }
      attributes.put(f[i].substring(0, eq), f[i].substring(eq + 1));
    }
    try {
      return new Blob(f[0], size, kind, attributes);
    } catch (IllegalArgumentException e) {
      throw new ManifestException(where + e.getMessage());
    }
  }

  private static void requireFields(String[] f, int n, String where) throws ManifestException {
    if (f.length < n) {
      throw new ManifestException(where + "expected " + n + " fields");
    }
  }

  private static void requireHex(String s, String where) throws ManifestException {
    if (!Sha256.isHex(s)) {
      throw new ManifestException(where + "not a SHA-256 digest: " + s);
    }
  }

  private static Instant parseInstant(String s, String where) throws ManifestException {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ManifestException(where + "not a UTC time: " + s);
    }
  }

  /** Collects the parts of a manifest; {@link #build} checks them as {@link #parse} would. */
  public static final class Builder {
    private String stack;
    private String release;
    private String product;
    private Instant created;
    private String composePath;
    private String descriptorPath;
    private String baseRelease;
    private final List<Blob> blobs = new ArrayList<>();
    private final List<ImageRecord> images = new ArrayList<>();
    private final List<ServiceRecord> services = new ArrayList<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> data = new LinkedHashMap<>();

    public Builder stack(String v) { stack = v; return this; }
    public Builder release(String v) { release = v; return this; }
    public Builder product(String v) { product = v; return this; }
    public Builder created(Instant v) { created = v; return this; }
    public Builder composePath(String v) { composePath = v; return this; }
    public Builder descriptorPath(String v) { descriptorPath = v; return this; }
    public Builder baseRelease(String v) { baseRelease = v; return this; }
    public Builder blob(Blob v) { blobs.add(v); return this; }
    public Builder image(ImageRecord v) { images.add(v); return this; }
    public Builder service(ServiceRecord v) { services.add(v); return this; }
    public Builder file(String path, String digest) { files.put(path, digest); return this; }
    public Builder data(String name, String digest) { data.put(name, digest); return this; }

    private static List<String> concat(java.util.Collection<String> a, java.util.Collection<String> b) {
      List<String> all = new ArrayList<>(a);
      all.addAll(b);
      return all;
    }

    public BundleManifest build() throws ManifestException {
      List<String> values = new ArrayList<>(List.of(String.valueOf(composePath), String.valueOf(descriptorPath),
          String.valueOf(product)));
      for (String name : concat(files.keySet(), data.keySet())) {
        if (!name.matches("[^\\s]+")) {
          throw new ManifestException("a file or data name contains white space: '" + name + "'");
        }
      }
      for (String v : values) {
        if (v != null && (v.contains("\n") || v.contains("\r"))) {
          throw new ManifestException("a manifest value contains a line break: " + v);
        }
      }
      for (Blob blob : blobs) {
        for (Map.Entry<String, String> a : blob.attributes().entrySet()) {
          if (!TOKEN.matcher(a.getKey()).matches() || !a.getValue().matches("[^\\s]+")) {
            throw new ManifestException(
                "blob " + blob.digest() + " attribute " + a.getKey() + " must be one word without spaces: '"
                    + a.getValue() + "'");
          }
        }
      }
      return new BundleManifest(this);
    }
  }
}
