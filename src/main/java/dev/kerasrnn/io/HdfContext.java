package dev.kerasrnn.io;

import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.core.KerasRnnException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
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

  Map<String, Node> children(Group group) {
    return guard(pathOf(group), "the members of the group", group::getChildren);
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
    return "a " + node.getType().name().toLowerCase(Locale.ROOT);
  }
}
