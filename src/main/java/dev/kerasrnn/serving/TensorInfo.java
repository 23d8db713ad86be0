package dev.kerasrnn.serving;

import java.util.Arrays;

/** A served model's input or output: name, element type and shape (-1 where any size fits). */
public record TensorInfo(String name, Datatype datatype, long[] shape) {
  public TensorInfo {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Whether {@code given} has this rank and the size of every known dimension. */
  public boolean fits(long[] given) {
    if (given.length != shape.length) {
      return false;
    }
    for (int d = 0; d < given.length; d++) {
      if (shape[d] >= 0 && shape[d] != given[d]) {
        return false;
      }
    }
    return true;
  }

  /** The shape as protocols print it, e.g. {@code [-1, 8, 8]}. */
  public String shapeString() {
    return Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t && t.name.equals(name) && t.datatype == datatype
        && Arrays.equals(t.shape, shape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }
}
