package dev.kerasrnn.model;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.Mask;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.DoubleNdArray;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;

/**
 * The input values {@link Model#predict} accepts, as the runtime's values: {@link HostArray},
 * {@link IntArray}, {@link Mask} (a boolean input), TensorFlow Java tensors ({@code TFloat32}, ..., {@code TInt32}) and NdArrays
 * ({@code FloatNdArray}, {@code DoubleNdArray}, {@code IntNdArray}), and plain
 * rectangular Java arrays ({@code float[]...[]} → float32, {@code double[]...[]} → float64,
 * {@code int[]...[]} → int32), like NumPy arrays passed to Keras.
 */
public final class ModelInputs {
  /** Largest accepted plain-array input (elements). */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private ModelInputs() {}

  /** {@code value} as a HostArray or IntArray. */
  public static Object toValue(Object value) {
    if (value instanceof HostArray || value instanceof IntArray || value instanceof Mask) {
      return value;
    }
    if (value instanceof TInt32 t) {
      int[] v = new int[Math.toIntExact(t.size())];
      t.asRawTensor().data().asInts().read(v);
      return IntArray.of(t.shape().asArray(), v);
    }
    if (value instanceof Tensor t) {
      return HostArray.fromTensor(t);
    }
    if (value instanceof FloatNdArray a) {
      float[] v = new float[Math.toIntExact(a.size())];
      a.copyTo(DataBuffers.of(v, false, false));
      return HostArray.ofFloats(a.shape().asArray(), v);
    }
    if (value instanceof DoubleNdArray a) {
      double[] v = new double[Math.toIntExact(a.size())];
      a.copyTo(DataBuffers.of(v, false, false));
      return HostArray.ofDoubles(a.shape().asArray(), v);
    }
    if (value instanceof IntNdArray a) {
      int[] v = new int[Math.toIntExact(a.size())];
      a.copyTo(DataBuffers.of(v, false, false));
      return IntArray.of(a.shape().asArray(), v);
    }
    if (value != null && value.getClass().isArray()) {
      return fromArray(value);
    }
    throw new InvalidInputException("model", "a HostArray, IntArray, TensorFlow tensor, NdArray or a"
        + " float/double/int Java array", value == null ? "null" : value.getClass().getName());
  }

  private static Object fromArray(Object array) {
    List<Long> dims = new ArrayList<>();
    Object a = array;
    Class<?> c = array.getClass();
    while (c.isArray()) {
      dims.add((long) Array.getLength(a));
      c = c.getComponentType();
      if (c.isArray()) {
        if (Array.getLength(a) == 0) {
          throw new InvalidInputException("model", "a non-empty array", "an empty array");
        }
        a = Array.get(a, 0);
      }
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    if (n > MAX_ELEMENTS) {
      throw new InvalidInputException("model", "at most " + MAX_ELEMENTS + " elements", n + "");
    }
    if (c == float.class) {
      float[] flat = new float[(int) n];
      fill(array, flat, 0, shape, 0);
      return HostArray.ofFloats(shape, flat);
    }
    if (c == double.class) {
      double[] flat = new double[(int) n];
      fill(array, flat, 0, shape, 0);
      return HostArray.of(DType.FLOAT64, shape, flat);
    }
    if (c == int.class) {
      int[] flat = new int[(int) n];
      fill(array, flat, 0, shape, 0);
      return IntArray.of(shape, flat);
    }
    throw new InvalidInputException("model", "a float, double or int array",
        "an array of " + c.getName());
  }

  /** Copies a (checked rectangular) nested array into {@code flat}; returns the next offset. */
  private static int fill(Object a, Object flat, int offset, long[] shape, int depth) {
    int len = Array.getLength(a);
    if (len != shape[depth]) {
      throw new InvalidInputException("model", "a rectangular array of shape "
          + HostArray.shapeString(shape), "a ragged array (length " + len + " at depth " + depth
          + ")");
    }
    if (depth == shape.length - 1) {
      System.arraycopy(a, 0, flat, offset, len);
      return offset + len;
    }
    for (int i = 0; i < len; i++) {
      offset = fill(Array.get(a, i), flat, offset, shape, depth + 1);
    }
    return offset;
  }
}
