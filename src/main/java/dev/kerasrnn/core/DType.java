package dev.kerasrnn.core;

import java.util.Locale;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/** Floating-point dtypes a recurrent layer can compute in; Keras's {@code dtype} names. */
public enum DType {
  FLOAT32("float32", 4, TFloat32.class),
  FLOAT64("float64", 8, TFloat64.class);

  private final String kerasName;
  private final int byteSize;
  private final Class<? extends TFloating> tfType;

  DType(String kerasName, int byteSize, Class<? extends TFloating> tfType) {
    this.kerasName = kerasName;
    this.byteSize = byteSize;
    this.tfType = tfType;
  }

  /** The Keras name, e.g. {@code "float32"}. */
  public String kerasName() {
    return kerasName;
  }

  public int byteSize() {
    return byteSize;
  }

  /** The TensorFlow Java tensor type of this dtype. */
  @SuppressWarnings("unchecked")
  public <T extends TFloating> Class<T> tfType() {
    return (Class<T>) tfType;
  }

  /** The dtype of a TensorFlow Java tensor type, or an exception naming what is supported. */
  public static DType of(Class<?> tfType) {
    for (DType d : values()) {
      if (d.tfType.equals(tfType)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported tensor type " + tfType.getSimpleName() + "; supported: float32, float64");
  }

  /** The dtype of a TensorFlow tensor's {@code DataType}. */
  public static DType of(DataType dataType) {
    switch (dataType) {
      case DT_FLOAT:
        return FLOAT32;
      case DT_DOUBLE:
        return FLOAT64;
      default:
        throw new IllegalArgumentException(
            "unsupported tensor dtype " + dataType + "; supported: float32, float64");
    }
  }

  /** Parses a Keras dtype name such as {@code "float32"}. */
  public static DType fromKerasName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (DType d : values()) {
      if (d.kerasName.equals(n)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported dtype '" + name + "'; supported: float32, float64");
  }

  @Override
  public String toString() {
    return kerasName;
  }
}
