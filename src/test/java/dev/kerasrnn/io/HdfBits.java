package dev.kerasrnn.io;

import dev.kerasrnn.core.HostArray;
import io.jhdf.HdfFile;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent read of a dataset for comparison: jhdf's own decoded Java array (float[][]...,
 * not the raw buffer the reader uses), flattened row-major into raw bit patterns.
 */
final class HdfBits {
  private HdfBits() {}

  static List<Long> bits(Path file, String datasetPath) {
    try (HdfFile hdf = new HdfFile(file)) {
      List<Long> out = new ArrayList<>();
      flatten(hdf.getDatasetByPath(datasetPath).getData(), out);
      return out;
    }
  }

  private static void flatten(Object data, List<Long> out) {
    if (data instanceof float[]) {
      for (float f : (float[]) data) {
        out.add(Float.floatToRawIntBits(f) & 0xffffffffL);
      }
    } else if (data instanceof double[]) {
      for (double d : (double[]) data) {
        out.add(Double.doubleToRawLongBits(d));
      }
    } else if (data instanceof Float) {
      out.add(Float.floatToRawIntBits((Float) data) & 0xffffffffL);
    } else if (data instanceof Double) {
      out.add(Double.doubleToRawLongBits((Double) data));
    } else {
      for (int i = 0; i < Array.getLength(data); i++) {
        flatten(Array.get(data, i), out);
      }
    }
  }

  /** The bit patterns of a HostArray, row-major. */
  static List<Long> bits(HostArray array) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < array.size(); i++) {
      out.add(array.getBits(i));
    }
    return out;
  }
}
