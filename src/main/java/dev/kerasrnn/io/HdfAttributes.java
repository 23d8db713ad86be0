package dev.kerasrnn.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the string attributes Keras writes. h5py stores Python {@code str} as variable-length
 * UTF-8, {@code bytes} as variable-length ASCII and NumPy {@code 'S'} arrays as fixed-length
 * strings; jhdf returns all three as {@code String} / {@code String[]}. A raw byte array is
 * decoded as UTF-8. An empty array of any type is an empty list: for a weightless layer Keras
 * writes {@code np.asarray([])}, a float64 array.
 */
final class HdfAttributes {
  /** Highest attribute rank read (Keras writes rank 0 and 1). */
  private static final int MAX_RANK = 32;

  private final HdfContext hdf;

  HdfAttributes(HdfContext hdf) {
    this.hdf = hdf;
  }

  /** A scalar string attribute (e.g. {@code keras_version}, {@code model_config}), if present. */
  Optional<String> string(Node node, String name) {
    return hdf.attribute(node, name).map(a -> {
      List<String> values = strings(node, a);
      if (values.size() != 1) {
        throw hdf.error(where(node, name),
            "expected a single string, found " + values.size() + " strings " + values);
      }
      return values.get(0);
    });
  }

  /**
   * A string-list attribute as Keras's {@code load_attributes_from_hdf5_group} reads it:
   * {@code name} itself, or else the chunks {@code name0, name1, ...} concatenated, or else absent.
   */
  Optional<List<String>> stringList(Node node, String name) {
    Optional<Attribute> whole = hdf.attribute(node, name);
    if (whole.isPresent()) {
      return Optional.of(strings(node, whole.get()));
    }
    List<String> joined = new ArrayList<>();
    int chunk = 0;
    for (Optional<Attribute> a; (a = hdf.attribute(node, name + chunk)).isPresent(); chunk++) {
      joined.addAll(strings(node, a.get()));
    }
    return chunk == 0 ? Optional.empty() : Optional.of(List.copyOf(joined));
  }

  private List<String> strings(Node node, Attribute attribute) {
    String where = where(node, attribute.getName());
    Object data = hdf.guard(where, "the attribute",
        () -> attribute.isEmpty() || !fits(attribute, where) ? null : attribute.getData());
    if (data == null) {
      return List.of();
    }
    if (data instanceof String) {
      return List.of((String) data);
    }
    if (data instanceof byte[]) {
      return List.of(new String((byte[]) data, StandardCharsets.UTF_8));
    }
    if (data.getClass().isArray()) {
      List<String> out = new ArrayList<>();
      flatten(data, where, out);
      return List.copyOf(out);
    }
    throw hdf.error(where,
        "expected a string attribute, found a " + data.getClass().getSimpleName());
  }

  /**
   * Whether the attribute has elements, checked before jhdf allocates its array: rank at most
   * {@link #MAX_RANK}, and the declared elements must fit in the bytes the attribute message
   * stores (for variable-length strings, one heap reference each).
   */
  private boolean fits(Attribute attribute, String where) {
    long[] dims = attribute.getDimensionsAsLong();
    if (dims.length > MAX_RANK) {
      throw hdf.error(where, "expected an attribute of rank at most " + MAX_RANK + ", found rank "
          + dims.length);
    }
    long elements = 1;
    for (long d : dims) {
      if (d == 0) {
        return false;
      }
      if (d < 0 || elements > Long.MAX_VALUE / d) {
        throw hdf.error(where, "corrupt attribute shape " + java.util.Arrays.toString(dims));
      }
      elements *= d;
    }
    long elementSize = Math.max(1, attribute.getDataType().getSize());
    long stored = attribute.getBuffer().capacity();
    if (elements > stored / elementSize) {
      throw hdf.error(where, "the attribute declares " + elements + " elements of "
          + elementSize + " bytes, but stores only " + stored + " bytes");
    }
    return true;
  }

  /** Appends the strings of a (possibly nested) array; an array with no elements adds nothing. */
  private void flatten(Object array, String where, List<String> out) {
    int n = Array.getLength(array);
    for (int i = 0; i < n; i++) {
      Object element = Array.get(array, i);
      if (element instanceof String) {
        out.add((String) element);
      } else if (element != null && element.getClass().isArray()) {
        flatten(element, where, out);
      } else {
        throw hdf.error(where, "expected an array of strings, found an array of "
            + array.getClass().getComponentType().getSimpleName());
      }
    }
  }

  private static String where(Node node, String attributeName) {
    return HdfContext.pathOf(node) + "@" + attributeName;
  }
}
