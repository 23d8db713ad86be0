package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasFileException;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Reads every dataset of a plain HDF5 file, such as a fixture's {@code data.h5}, the way h5py's
 * {@code f.visititems} sees them: keyed by path without the leading slash ({@code inputs/x},
 * {@code outputs/call/0}). Floating-point datasets only: float16, bfloat16 (2-byte opaque or
 * uint16 with attribute {@code dtype="bfloat16"}), float32, float64.
 */
public final class HdfArrays {
  private HdfArrays() {}

  /**
   * All datasets of {@code file} by path, in natural order.
   *
   * @throws KerasFileException if the file is missing, not HDF5, truncated or holds a dataset of
   *     another dtype
   */
  public static Map<String, HostArray> readAll(Path file) {
    byte[] head = HdfOpener.head(file);
    return HdfOpener.readFile(file, head, hdf -> {
      Map<String, HostArray> out = new TreeMap<>(NaturalOrder.INSTANCE);
      HdfDatasets datasets = new HdfDatasets(hdf);
      collect(hdf, hdf.root(), "", 0, (path, d) -> out.put(path, datasets.read(d)));
      return Collections.unmodifiableMap(out);
    });
  }

  /**
   * All datasets of {@code file} by path, in natural order: float datasets as {@link HostArray}s,
   * integer ones (a fixture's mask or token ids) as {@link IntArray}s.
   *
   * @throws KerasFileException if the file is missing, not HDF5, truncated or holds a dataset of
   *     another type
   */
  public static Map<String, Object> readValues(Path file) {
    byte[] head = HdfOpener.head(file);
    return HdfOpener.readFile(file, head, hdf -> {
      Map<String, Object> out = new TreeMap<>(NaturalOrder.INSTANCE);
      HdfDatasets datasets = new HdfDatasets(hdf);
      collect(hdf, hdf.root(), "", 0, (path, d) -> out.put(path, datasets.readValue(d)));
      return Collections.unmodifiableMap(out);
    });
  }

  private static void collect(HdfContext hdf, Group group, String prefix, int depth,
      BiConsumer<String, Dataset> sink) {
    hdf.visit(group, depth);
    for (Map.Entry<String, Node> e : hdf.children(group).entrySet()) {
      String path = prefix + e.getKey();
      if (e.getValue() instanceof Dataset) {
        sink.accept(path, (Dataset) e.getValue());
      } else if (e.getValue() instanceof Group) {
        collect(hdf, (Group) e.getValue(), path + "/", depth + 1, sink);
      }
    }
  }
}
