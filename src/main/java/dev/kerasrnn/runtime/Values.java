package dev.kerasrnn.runtime;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.Mask;
import org.tensorflow.Tensor;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/** The JVM-side values a {@link TensorFunction} takes: float arrays, int32 ids, masks. */
final class Values {
  private Values() {}

  /** A new native tensor holding {@code value}; the caller closes it. */
  static Tensor toTensor(Object value) {
    if (value instanceof HostArray a) {
      return a.toTensor();
    }
    if (value instanceof IntArray a) {
      return a.toTensor();
    }
    if (value instanceof Mask m) {
      return m.toTensor();
    }
    throw new IllegalArgumentException("unsupported input " + describe(value)
        + "; expected HostArray, IntArray or Mask");
  }

  /** The TensorFlow type of a value. */
  @SuppressWarnings("unchecked")
  static Class<? extends TType> type(Object value) {
    if (value instanceof HostArray a) {
      return a.dtype().tfType();
    }
    if (value instanceof IntArray) {
      return TInt32.class;
    }
    if (value instanceof Mask) {
      return TBool.class;
    }
    throw new IllegalArgumentException("unsupported input " + describe(value)
        + "; expected HostArray, IntArray or Mask");
  }

  static long[] shape(Object value) {
    if (value instanceof HostArray a) {
      return a.shape();
    }
    if (value instanceof IntArray a) {
      return a.shape();
    }
    if (value instanceof Mask m) {
      return m.shape();
    }
    throw new IllegalArgumentException("unsupported input " + describe(value));
  }

  /** A value's type and shape, as errors print it. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof HostArray || value instanceof IntArray || value instanceof Mask) {
      return value.toString();
    }
    return value.getClass().getName();
  }
}
