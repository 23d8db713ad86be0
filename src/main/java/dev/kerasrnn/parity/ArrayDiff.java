package dev.kerasrnn.parity;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.util.Arrays;

/**
 * How two float arrays differ, bit for bit: differing elements, max ULP distance (in the arrays'
 * own dtype), max absolute difference, first differing index; or a dtype/shape mismatch.
 */
public record ArrayDiff(boolean comparable, long differing, long size, long maxUlp,
    double maxAbs, long firstIndex, String mismatch) {

  public static ArrayDiff of(HostArray expected, HostArray actual) {
    if (expected.dtype() != actual.dtype()
        || !Arrays.equals(expected.shape(), actual.shape())) {
      return new ArrayDiff(false, -1, expected.size(), -1, Double.NaN, -1, "expected "
          + expected.dtype() + HostArray.shapeString(expected.shape()) + ", given "
          + actual.dtype() + HostArray.shapeString(actual.shape()));
    }
    long count = 0;
    long first = -1;
    long maxUlp = 0;
    double maxAbs = 0;
    for (long i = 0; i < expected.size(); i++) {
      long a = expected.getBits(i);
      long b = actual.getBits(i);
      if (a != b) {
        count++;
        first = first < 0 ? i : first;
        maxUlp = Math.max(maxUlp, Math.abs(ordered(a, expected.dtype())
            - ordered(b, expected.dtype())));
        maxAbs = Math.max(maxAbs, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
      }
    }
    return new ArrayDiff(true, count, expected.size(), maxUlp, maxAbs, first, null);
  }

  /** Bit-identical. */
  public boolean exact() {
    return comparable && differing == 0;
  }

  /** Bits mapped to integers ordered like the floats they encode. */
  private static long ordered(long bits, DType dtype) {
    int width = dtype.byteSize() * 8;
    if (width == 64) {
      return bits < 0 ? Long.MIN_VALUE - bits : bits;
    }
    long sign = 1L << (width - 1);
    long magnitude = bits & (sign - 1);
    return (bits & sign) != 0 ? -magnitude : magnitude;
  }

  @Override
  public String toString() {
    if (!comparable) {
      return mismatch;
    }
    return exact() ? "bit-exact" : differing + " of " + size + " elements differ, max ULP "
        + maxUlp + ", max abs diff " + maxAbs + ", first at flat index " + firstIndex;
  }
}
