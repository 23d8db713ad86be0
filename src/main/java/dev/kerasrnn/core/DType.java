package dev.kerasrnn.core;

import java.util.Locale;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/**
 * Floating-point dtypes a recurrent layer can compute in or keep its weights in; Keras's {@code
 * dtype} names. float16 is IEEE binary16, bfloat16 the top half of a float32 (TensorFlow's and
 * {@code ml_dtypes}'s), both two bytes per element.
 */
public enum DType {
  FLOAT32("float32", 4, TFloat32.class, DataType.DT_FLOAT),
  FLOAT64("float64", 8, TFloat64.class, DataType.DT_DOUBLE),
  FLOAT16("float16", 2, TFloat16.class, DataType.DT_HALF),
  BFLOAT16("bfloat16", 2, TBfloat16.class, DataType.DT_BFLOAT16);

  private static final String SUPPORTED = "float16, bfloat16, float32, float64";

  private final String kerasName;
  private final int byteSize;
  private final Class<? extends TFloating> tfType;
  private final DataType dataType;

  DType(String kerasName, int byteSize, Class<? extends TFloating> tfType, DataType dataType) {
    this.kerasName = kerasName;
    this.byteSize = byteSize;
    this.tfType = tfType;
    this.dataType = dataType;
  }

  /** The Keras name, e.g. {@code "float32"}. */
  public String kerasName() {
    return kerasName;
  }

  public int byteSize() {
    return byteSize;
  }

  /** True for the two-byte types, float16 and bfloat16. */
  public boolean isHalf() {
    return byteSize == 2;
  }

  /** The TensorFlow Java tensor type of this dtype. */
  @SuppressWarnings("unchecked")
  public <T extends TFloating> Class<T> tfType() {
    return (Class<T>) tfType;
  }

  /** The TensorFlow {@code DataType} of this dtype, e.g. {@code DT_HALF} for float16. */
  public DataType dataType() {
    return dataType;
  }

  /** The dtype of a TensorFlow Java tensor type, or an exception naming what is supported. */
  public static DType of(Class<?> tfType) {
    for (DType d : values()) {
      if (d.tfType.equals(tfType)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported tensor type " + tfType.getSimpleName() + "; supported: " + SUPPORTED);
  }

  /** The dtype of a TensorFlow tensor's {@code DataType}. */
  public static DType of(DataType dataType) {
    for (DType d : values()) {
      if (d.dataType == dataType) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported tensor dtype " + dataType + "; supported: " + SUPPORTED);
  }

  /** Parses a Keras dtype name such as {@code "float32"} or {@code "bfloat16"}. */
  public static DType fromKerasName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (DType d : values()) {
      if (d.kerasName.equals(n)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unsupported dtype '" + name + "'; supported: " + SUPPORTED);
  }

  @Override
  public String toString() {
    return kerasName;
  }
}
