package dev.kerasrnn.io;

import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.KerasRnnException;
import dev.kerasrnn.core.Limits;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.links.ExternalLink;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An open HDF5 file plus the path reported in errors. Every jhdf call goes through
 * {@link #guard}, so jhdf's unchecked exceptions (and the NPEs, buffer underflows and index errors
 * it raises on corrupt input) surface as {@link KerasFileException}s naming the file and node.
 */
final class HdfContext {
  private final Path file;
  private final String entry;
  private final HdfFile hdf;
  private final Set<Long> untaggedOpaque;
  private final Limits limits = Limits.current();
  private final Set<Long> groupAddresses = new HashSet<>();
  private int visited;

  /**
   * @param entry the archive entry holding the HDF5 data, or null when {@code file} is HDF5 itself;
   *     prefixed to the paths errors report, e.g. {@code model.weights.h5:/layers/lstm}
   */
  HdfContext(Path file, String entry, HdfFile hdf) {
    this(file, entry, hdf, Set.of());
  }

  /**
   * @param untaggedOpaque object header addresses of datasets whose empty-tag opaque datatype was
   *     rewritten for jhdf ({@link UntaggedOpaque})
   */
  HdfContext(Path file, String entry, HdfFile hdf, Set<Long> untaggedOpaque) {
    this.file = file;
    this.entry = entry;
    this.hdf = hdf;
    this.untaggedOpaque = untaggedOpaque;
  }

  /** Whether the dataset's type is an empty-tag opaque type (read by jhdf as a string). */
  boolean isUntaggedOpaque(Node dataset) {
    return !untaggedOpaque.isEmpty() && untaggedOpaque.contains(
        guard(pathOf(dataset), "the object address", dataset::getAddress));
  }

  /** The size of the HDF5 data in bytes. */
  long fileSize() {
    return guard("/", "the file size", hdf::size);
  }

  Group root() {
    return hdf;
  }

  /** Runs a jhdf read of {@code what} at {@code pathInFile}, translating its failures. */
  <T> T guard(String pathInFile, String what, Supplier<T> read) {
    try {
      return read.get();
    } catch (KerasRnnException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new KerasFileException(file, where(pathInFile),
          "cannot read " + what + " (corrupt or truncated HDF5 file?): " + e, e);
    }
  }

  KerasFileException error(String pathInFile, String message) {
    return new KerasFileException(file, where(pathInFile), message);
  }

  private String where(String pathInFile) {
    return entry == null ? pathInFile : entry + ":" + pathInFile;
  }

  /** The child node {@code name} of {@code group}, if any. */
  Optional<Node> child(Group group, String name) {
    Map<String, Node> children = children(group);
    return Optional.ofNullable(children.get(name));
  }

  /**
   * The members of {@code group}. Soft and external links are refused here, before anything
   * resolves them: Keras never writes HDF5 links, a soft link can point at itself or nowhere, and
   * an external link would open another file.
   */
  Map<String, Node> children(Group group) {
    String path = pathOf(group);
    Map<String, Node> children = guard(path, "the members of the group", group::getChildren);
    for (Map.Entry<String, Node> e : children.entrySet()) {
      if (e.getValue() instanceof Link link) {
        throw error(join(path, e.getKey()), "expected a group or dataset, found "
            + (link instanceof ExternalLink ? "an external" : "a soft") + " link to '"
            + guard(join(path, e.getKey()), "the link", link::getTargetPath)
            + "'; Keras never writes HDF5 links and they are not followed");
      }
    }
    return children;
  }

  /**
   * Counts one more group or dataset of a walk over the file at {@code depth} (the root is 0),
   * refusing walks deeper or larger than {@link Limits}, and groups reached twice (a hard-link
   * cycle or a shared subtree, which Keras never writes).
   */
  void visit(Node node, int depth) {
    String path = pathOf(node);
    if (depth > limits.maxHdfDepth()) {
      throw error(path, "expected groups nested at most " + limits.maxHdfDepth()
          + " deep (kerasrnn.limits.maxHdfDepth), found deeper");
    }
    if (++visited > limits.maxHdfNodes()) {
      throw error(path, "expected at most " + limits.maxHdfNodes()
          + " groups and datasets (kerasrnn.limits.maxHdfNodes), found more");
    }
    if (node instanceof Group) {
      long address = guard(path, "the object address", node::getAddress);
      if (!groupAddresses.add(address)) {
        throw error(path, "the group at address " + address + " is reached by a second path"
            + " (a cycle or shared group); Keras never writes such files");
      }
    }
  }

  /** The limits in force when the file was opened. */
  Limits limits() {
    return limits;
  }

  /** The node at {@code relativePath} ("a/b/c") below {@code group}, if every step exists. */
  Optional<Node> resolve(Group group, String relativePath) {
    Node node = group;
    for (String step : relativePath.split("/")) {
      if (step.isEmpty()) {
        continue;
      }
      if (!(node instanceof Group)) {
        return Optional.empty();
      }
      Optional<Node> next = child((Group) node, step);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      node = next.get();
    }
    return Optional.of(node);
  }

  /** The attribute {@code name} of {@code node}, if present. */
  Optional<Attribute> attribute(Node node, String name) {
    Map<String, Attribute> attributes =
        guard(pathOf(node), "the attributes", node::getAttributes);
    return Optional.ofNullable(attributes.get(name));
  }

  /** The HDF5 path of {@code child} below {@code parent}. */
  static String join(String parent, String child) {
    String p = parent.endsWith("/") ? parent.substring(0, parent.length() - 1) : parent;
    return p + "/" + child;
  }

  /** jhdf's path of a node, without the trailing slash it puts on groups ("/" stays "/"). */
  static String pathOf(Node node) {
    String p = node.getPath();
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** "a group", "a dataset" or "a link", for messages. */
  static String kindOf(Node node) {
    return node instanceof Link ? "a link" : node instanceof Group ? "a group"
        : node instanceof io.jhdf.api.Dataset ? "a dataset"
        : "a " + node.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
