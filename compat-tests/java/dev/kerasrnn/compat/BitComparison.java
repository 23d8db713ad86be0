package dev.kerasrnn.compat;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.util.Arrays;

/**
 * Compares two arrays bit for bit (raw float bits, no tolerance) and describes the first
 * difference: max abs diff, max ULP distance and the first differing index.
 */
final class BitComparison {
  private BitComparison() {}

  /** Null when identical, else a description of how they differ. */
  static String difference(HostArray expected, HostArray actual) {
    if (expected.dtype() != actual.dtype()
        || !Arrays.equals(expected.shape(), actual.shape())) {
      return "expected " + expected.dtype() + HostArray.shapeString(expected.shape()) + ", got "
          + actual.dtype() + HostArray.shapeString(actual.shape());
    }
    long first = -1;
    long count = 0;
    double maxAbs = 0;
    long maxUlp = 0;
    for (long i = 0; i < expected.size(); i++) {
      if (expected.getBits(i) != actual.getBits(i)) {
        count++;
        if (first < 0) {
          first = i;
        }
        maxAbs = Math.max(maxAbs, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
        maxUlp = Math.max(maxUlp, ulpDistance(expected, actual, i));
      }
    }
    if (count == 0) {
      return null;
    }
    return count + " of " + expected.size() + " elements differ; max abs diff " + maxAbs
        + ", max ULP " + maxUlp + ", first differing index " + first + " "
        + Arrays.toString(unravel(first, expected.shape())) + ": expected "
        + expected.getDouble(first) + ", got " + actual.getDouble(first);
  }

  /** ULP distance between element i of two arrays of the same dtype. */
  static long ulpDistance(HostArray a, HostArray b, long i) {
    if (a.dtype() == DType.FLOAT32) {
      return Math.abs(ordered32((int) a.getBits(i)) - ordered32((int) b.getBits(i)));
    }
    long x = ordered64(a.getBits(i));
    long y = ordered64(b.getBits(i));
    return Math.abs(x - y);
  }

  private static long ordered32(int bits) {
    return bits < 0 ? (long) Integer.MIN_VALUE - bits : bits;
  }

  private static long ordered64(long bits) {
    return bits < 0 ? Long.MIN_VALUE - bits : bits;
  }

  private static long[] unravel(long flat, long[] shape) {
    long[] idx = new long[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
      flat = shape[d] == 0 ? 0 : flat / shape[d];
    }
    return idx;
  }
}
