package dev.kerasrnn.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.family.TFloating;

/**
 * An immutable dense array in JVM memory: dtype, shape and the raw little-endian element bytes.
 * Weights, inputs and outputs travel as HostArrays so that no native memory outlives a call and
 * equality is bit equality.
 */
public final class HostArray {
  private final DType dtype;
  private final long[] shape;
  private final byte[] data;

  private HostArray(DType dtype, long[] shape, byte[] data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  /** Wraps a copy of {@code littleEndianBytes}; its length must be size(shape) * dtype size. */
  public static HostArray ofBytes(DType dtype, long[] shape, byte[] littleEndianBytes) {
    long[] s = checkShape(shape);
    long expected = elementCount(s) * dtype.byteSize();
    if (littleEndianBytes.length != expected) {
      throw new IllegalArgumentException(
          "expected " + expected + " bytes for " + dtype + Arrays.toString(s) + ", given "
              + littleEndianBytes.length);
    }
    return new HostArray(dtype, s, littleEndianBytes.clone());
  }

  /** Wraps a copy of {@code bytes} stored in {@code order}, converting to little-endian. */
  public static HostArray ofBytes(DType dtype, long[] shape, byte[] bytes, ByteOrder order) {
    HostArray a = ofBytes(dtype, shape, bytes);
    if (order == ByteOrder.BIG_ENDIAN) {
      swapBytes(a.data, dtype.byteSize());
    }
    return a;
  }

  /** A float32 array of the given shape, row-major values. */
  public static HostArray ofFloats(long[] shape, float... values) {
    long[] s = checkShape(shape);
    checkCount(s, values.length);
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return new HostArray(DType.FLOAT32, s, b.array());
  }

  /** A float64 array of the given shape, row-major values. */
  public static HostArray ofDoubles(long[] shape, double... values) {
    long[] s = checkShape(shape);
    checkCount(s, values.length);
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(values);
    return new HostArray(DType.FLOAT64, s, b.array());
  }

  /**
   * An array of the given dtype and shape whose elements are {@code values} rounded to it, to
   * nearest with ties to even, as NumPy's {@code np.asarray(values).astype(dtype)}: float16
   * directly from the double, bfloat16 through float32 (as {@code ml_dtypes}); see {@link
   * HalfFloats}.
   */
  public static HostArray of(DType dtype, long[] shape, double... values) {
    switch (dtype) {
      case FLOAT32:
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) values[i];
        }
        return ofFloats(shape, f);
      case FLOAT64:
        return ofDoubles(shape, values);
      case FLOAT16:
      case BFLOAT16:
        int[] bits = new int[values.length];
        for (int i = 0; i < bits.length; i++) {
          bits[i] = dtype == DType.FLOAT16
              ? HalfFloats.float16Bits(values[i])
              : HalfFloats.bfloat16Bits(values[i]);
        }
        return ofHalfBits(dtype, shape, bits);
      default:
        throw new IllegalArgumentException("unsupported dtype " + dtype);
    }
  }

  /**
   * A float16 or bfloat16 array from raw 16-bit patterns (the low 16 bits of each int), e.g.
   * {@code 0x3C00} for float16 1.0.
   */
  public static HostArray ofHalfBits(DType dtype, long[] shape, int... bits) {
    if (!dtype.isHalf()) {
      throw new IllegalArgumentException("expected float16 or bfloat16, given " + dtype);
    }
    long[] s = checkShape(shape);
    checkCount(s, bits.length);
    ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : bits) {
      b.putShort((short) v);
    }
    return new HostArray(dtype, s, b.array());
  }

  /** An array of zeros. */
  public static HostArray zeros(DType dtype, long... shape) {
    long[] s = checkShape(shape);
    return new HostArray(dtype, s, new byte[Math.toIntExact(elementCount(s) * dtype.byteSize())]);
  }

  /** Copies a TensorFlow tensor of a {@link DType} into JVM memory. */
  public static HostArray fromTensor(Tensor tensor) {
    DType dtype = DType.of(tensor.dataType());
    long[] s = tensor.shape().asArray();
    byte[] bytes = new byte[Math.toIntExact(tensor.numBytes())];
    tensor.asRawTensor().data().read(bytes);
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      swapBytes(bytes, dtype.byteSize());
    }
    return new HostArray(dtype, s, bytes);
  }

  /** A new native tensor holding these values; the caller closes it. */
  public <T extends TFloating> T toTensor() {
    byte[] bytes = data;
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      bytes = data.clone();
      swapBytes(bytes, dtype.byteSize());
    }
    Class<T> type = dtype.tfType();
    return Tensor.of(type, Shape.of(shape), DataBuffers.of(bytes, true, false));
  }

  /** Rows [start, end) of axis 0 ({@code x[start:end]}). */
  public HostArray rows(long start, long end) {
    if (shape.length == 0 || start < 0 || end > shape[0] || start > end) {
      throw new IllegalArgumentException("rows [" + start + ", " + end + ") of "
          + shapeString(shape));
    }
    long row = shape[0] == 0 ? 0 : data.length / shape[0];
    long[] s = shape.clone();
    s[0] = end - start;
    return new HostArray(dtype, s, Arrays.copyOfRange(data, Math.toIntExact(start * row),
        Math.toIntExact(end * row)));
  }

  /** Arrays of equal trailing shape joined along axis 0 ({@code np.concatenate}). */
  public static HostArray concatRows(java.util.List<HostArray> parts) {
    HostArray first = parts.get(0);
    long rows = 0;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (HostArray p : parts) {
      if (p.dtype != first.dtype || p.shape.length != first.shape.length
          || !Arrays.equals(Arrays.copyOfRange(p.shape, 1, p.shape.length),
              Arrays.copyOfRange(first.shape, 1, first.shape.length))) {
        throw new IllegalArgumentException("cannot join " + p + " to " + first);
      }
      rows += p.shape[0];
      out.writeBytes(p.data);
    }
    long[] s = first.shape.clone();
    s[0] = rows;
    return new HostArray(first.dtype, s, out.toByteArray());
  }

  /**
   * The values in another float dtype, each rounded to nearest (ties to even), as NumPy's {@code
   * astype} and TensorFlow's Cast convert (float16/bfloat16 through float32, as TF does).
   */
  public HostArray castTo(DType to) {
    if (to == dtype) {
      return this;
    }
    long n = size();
    double[] v = new double[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = getDouble(i);
    }
    if (to == DType.FLOAT32) {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      return ofFloats(shape, f);
    }
    if (to == DType.FLOAT64) {
      return ofDoubles(shape, v);
    }
    return of(to, shape, v);
  }

  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public long dim(int axis) {
    return shape[axis];
  }

  /** Number of elements. */
  public long size() {
    return elementCount(shape);
  }

  /** A copy of the raw little-endian bytes. */
  public byte[] bytes() {
    return data.clone();
  }

  /** Element {@code i} (row-major) widened to double; exact for every dtype. */
  public double getDouble(long i) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int idx = Math.toIntExact(i);
    switch (dtype) {
      case FLOAT16:
        return HalfFloats.float16ToDouble(b.getShort(idx * 2) & 0xFFFF);
      case BFLOAT16:
        return HalfFloats.bfloat16ToDouble(b.getShort(idx * 2) & 0xFFFF);
      case FLOAT32:
        return b.getFloat(idx * 4);
      default:
        return b.getDouble(idx * 8);
    }
  }

  /**
   * The raw bits of element {@code i}, unsigned: 16-bit patterns for float16 / bfloat16, float
   * bits for float32, long bits for float64.
   */
  public long getBits(long i) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int idx = Math.toIntExact(i);
    switch (dtype.byteSize()) {
      case 2:
        return b.getShort(idx * 2) & 0xFFFFL;
      case 4:
        return b.getInt(idx * 4) & 0xFFFFFFFFL;
      default:
        return b.getLong(idx * 8);
    }
  }

  /** All elements widened to double, row-major. */
  public double[] toDoubleArray() {
    double[] out = new double[Math.toIntExact(size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** A shape as Keras prints it, e.g. {@code (3, 7, 5)}. */
  public static String shapeString(long[] shape) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      sb.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "None" : Long.toString(shape[i]));
    }
    return sb.append(shape.length == 1 ? ",)" : ")").toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostArray
        && ((HostArray) o).dtype == dtype
        && Arrays.equals(((HostArray) o).shape, shape)
        && Arrays.equals(((HostArray) o).data, data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "HostArray[" + dtype + shapeString(shape) + "]";
  }

  private static long[] checkShape(long[] shape) {
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
    long n;
    try {
      n = elementCount(shape);
    } catch (ArithmeticException e) {
      n = Long.MAX_VALUE;
    }
    if (n > Integer.MAX_VALUE / 8) {
      throw new IllegalArgumentException("array too large: " + Arrays.toString(shape));
    }
    return shape.clone();
  }

  private static void checkCount(long[] shape, int count) {
    if (elementCount(shape) != count) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + elementCount(shape) + " values, given "
              + count);
    }
  }

  private static long elementCount(long[] shape) {
    for (long d : shape) {
      if (d == 0) {
        return 0;  // before any product: [0, 2^40, 2^40] holds nothing, its product overflows
      }
    }
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static void swapBytes(byte[] bytes, int width) {
    for (int i = 0; i < bytes.length; i += width) {
      for (int a = i, b = i + width - 1; a < b; a++, b--) {
        byte t = bytes[a];
        bytes[a] = bytes[b];
        bytes[b] = t;
      }
    }
  }
}
