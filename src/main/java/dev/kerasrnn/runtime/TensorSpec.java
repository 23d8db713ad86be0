package dev.kerasrnn.runtime;

import dev.kerasrnn.core.HostArray;
import java.util.Arrays;
import org.tensorflow.types.family.TType;

/**
 * The type and shape of one input of a compiled function; a dimension &lt; 0 is unknown and
 * matches any size. {@code tf.TensorSpec} in TensorFlow.
 */
public record TensorSpec(Class<? extends TType> type, long[] shape) {
  public TensorSpec {
    shape = shape.clone();
  }

  /** The exact spec of a value (a HostArray, IntArray or Mask). */
  public static TensorSpec of(Object value) {
    return new TensorSpec(Values.type(value), Values.shape(value));
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Whether {@code value} has this type and a shape this spec accepts. */
  public boolean accepts(Object value) {
    long[] given = Values.shape(value);
    if (!Values.type(value).equals(type) || given.length != shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] >= 0 && shape[i] != given[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec s && s.type.equals(type) && Arrays.equals(s.shape, shape);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return type.getSimpleName() + HostArray.shapeString(shape);
  }
}
