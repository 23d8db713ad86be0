package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasFileException;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every dataset of a plain HDF5 file, such as a fixture's {@code data.h5}, the way h5py's
 * {@code f.visititems} sees them: keyed by path without the leading slash ({@code inputs/x},
 * {@code outputs/call/0}). Only float32 and float64 datasets are supported.
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
      collect(hdf, new HdfDatasets(hdf), hdf.root(), "", out);
      return Collections.unmodifiableMap(out);
    });
  }

  private static void collect(HdfContext hdf, HdfDatasets datasets, Group group, String prefix,
      Map<String, HostArray> out) {
    for (Map.Entry<String, Node> e : hdf.children(group).entrySet()) {
      String path = prefix + e.getKey();
      if (e.getValue() instanceof Dataset) {
        out.put(path, datasets.read((Dataset) e.getValue()));
      } else if (e.getValue() instanceof Group) {
        collect(hdf, datasets, (Group) e.getValue(), path + "/", out);
      }
    }
  }
}
