package dev.kerasrnn.core;

import java.util.Arrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/** An immutable int32 array (token ids for an Embedding), row-major. */
public final class IntArray {
  private final long[] shape;
  private final int[] values;

  private IntArray(long[] shape, int[] values) {
    this.shape = shape;
    this.values = values;
  }

  public static IntArray of(long[] shape, int... values) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
          + " values, given " + values.length);
    }
    return new IntArray(shape.clone(), values.clone());
  }

  /** Rows [start, end) of axis 0. */
  public IntArray rows(long start, long end) {
    if (shape.length == 0 || start < 0 || end > shape[0] || start > end) {
      throw new IllegalArgumentException("rows [" + start + ", " + end + ") of shape "
          + java.util.Arrays.toString(shape));
    }
    int row = shape[0] == 0 ? 0 : values.length / (int) shape[0];
    long[] s = shape.clone();
    s[0] = end - start;
    return new IntArray(s, java.util.Arrays.copyOfRange(values, (int) start * row,
        (int) end * row));
  }

  public long[] shape() {
    return shape.clone();
  }

  public int get(int i) {
    return values[i];
  }

  public int size() {
    return values.length;
  }

  /** A new native tensor; the caller closes it. */
  public TInt32 toTensor() {
    return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IntArray a && Arrays.equals(a.shape, shape)
        && Arrays.equals(a.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "IntArray" + HostArray.shapeString(shape);
  }
}
