package dev.kerasrnn.core;

import java.util.Arrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;

/**
 * A [batch, time] boolean mask: true keeps a time step, false masks it. Keras's {@code mask}
 * argument of a recurrent layer, or what Masking / Embedding(mask_zero=True) produce.
 */
public final class Mask {
  private final long batch;
  private final long time;
  private final boolean[] values;

  private Mask(long batch, long time, boolean[] values) {
    this.batch = batch;
    this.time = time;
    this.values = values;
  }

  /** A mask from rows of equal length. */
  public static Mask of(boolean[][] rows) {
    long time = rows.length == 0 ? 0 : rows[0].length;
    boolean[] flat = new boolean[Math.toIntExact(rows.length * time)];
    for (int b = 0; b < rows.length; b++) {
      if (rows[b].length != time) {
        throw new IllegalArgumentException("mask rows must have equal length: row 0 has " + time
            + ", row " + b + " has " + rows[b].length);
      }
      System.arraycopy(rows[b], 0, flat, Math.toIntExact(b * time), (int) time);
    }
    return new Mask(rows.length, time, flat);
  }

  /** A mask of the given shape from row-major values. */
  public static Mask of(long batch, long time, boolean... values) {
    if (batch < 0 || time < 0 || batch * time != values.length) {
      throw new IllegalArgumentException("a (" + batch + ", " + time + ") mask holds "
          + batch * time + " values, given " + values.length);
    }
    return new Mask(batch, time, values.clone());
  }

  /** {@code true} where an array's element is non-zero, as Keras casts a numeric mask to bool. */
  public static Mask nonZero(HostArray a) {
    if (a.rank() != 2) {
      throw new IllegalArgumentException("a mask has shape (batch, time), given "
          + HostArray.shapeString(a.shape()));
    }
    boolean[] v = new boolean[Math.toIntExact(a.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.getDouble(i) != 0;
    }
    return new Mask(a.dim(0), a.dim(1), v);
  }

  /** Rows [start, end). */
  public Mask rows(long start, long end) {
    if (start < 0 || end > batch || start > end) {
      throw new IllegalArgumentException("rows [" + start + ", " + end + ") of a mask of "
          + batch + " rows");
    }
    return new Mask(end - start, time, java.util.Arrays.copyOfRange(values,
        (int) (start * time), (int) (end * time)));
  }

  /** True where an int array of shape (batch, time) is non-zero. */
  public static Mask nonZero(IntArray a) {
    long[] s = a.shape();
    if (s.length != 2) {
      throw new InvalidInputException("mask", "a (batch, time) array", HostArray.shapeString(s));
    }
    boolean[] v = new boolean[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i) != 0;
    }
    return new Mask(s[0], s[1], v);
  }

  public long[] shape() {
    return new long[] {batch, time};
  }

  public boolean get(long b, long t) {
    return values[Math.toIntExact(b * time + t)];
  }

  /** A new native tensor; the caller closes it. */
  public TBool toTensor() {
    return TBool.tensorOf(Shape.of(batch, time), DataBuffers.of(values, true, false));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Mask m && m.batch == batch && m.time == time
        && Arrays.equals(m.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values) * 31 + Long.hashCode(batch * 7 + time);
  }

  @Override
  public String toString() {
    return "Mask" + HostArray.shapeString(shape());
  }
}
