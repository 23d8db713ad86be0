package dev.kerasrnn.serving;

import dev.kerasrnn.core.HostArray;
import java.util.Arrays;

/**
 * Element values decoded from a request, before they become a model input: numbers as doubles
 * (exactly as JSON's decimal parses to a double, which is how NumPy and TF Serving read JSON),
 * integers as longs or booleans, with the shape of their nesting.
 */
record TensorValues(long[] shape, double[] doubles, long[] longs, boolean[] booleans) {
  /** Which kind of JSON leaf a tensor's elements are. */
  enum Kind {
    FLOAT, INTEGER, BOOL;

    static Kind of(Datatype d) {
      return d.isFloat() ? FLOAT : d.isInteger() ? INTEGER : d == Datatype.BOOL ? BOOL : null;
    }
  }

  int size() {
    return doubles != null ? doubles.length : longs != null ? longs.length : booleans.length;
  }

  TensorValues withShape(long[] newShape) {
    return new TensorValues(newShape.clone(), doubles, longs, booleans);
  }

  String shapeString() {
    return HostArray.shapeString(shape);
  }

  /** Element count of a shape. */
  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Stacks equally shaped tensors along a new first axis (TF Serving's row format). */
  static TensorValues stack(java.util.List<TensorValues> rows) {
    TensorValues first = rows.get(0);
    long[] shape = new long[first.shape.length + 1];
    shape[0] = rows.size();
    System.arraycopy(first.shape, 0, shape, 1, first.shape.length);
    int per = first.size();
    int n = Math.multiplyExact(per, rows.size());
    double[] d = first.doubles == null ? null : new double[n];
    long[] l = first.longs == null ? null : new long[n];
    boolean[] b = first.booleans == null ? null : new boolean[n];
    for (int i = 0; i < rows.size(); i++) {
      TensorValues r = rows.get(i);
      if (d != null) {
        System.arraycopy(r.doubles, 0, d, i * per, per);
      } else if (l != null) {
        System.arraycopy(r.longs, 0, l, i * per, per);
      } else {
        System.arraycopy(r.booleans, 0, b, i * per, per);
      }
    }
    return new TensorValues(shape, d, l, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorValues t && Arrays.equals(t.shape, shape)
        && Arrays.equals(t.doubles, doubles) && Arrays.equals(t.longs, longs)
        && Arrays.equals(t.booleans, booleans);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(shape);
  }
}
