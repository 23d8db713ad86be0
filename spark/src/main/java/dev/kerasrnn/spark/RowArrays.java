package dev.kerasrnn.spark;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Column values to and from the arrays a model takes and gives: a row's value is a nested array
 * (Spark's {@code array<float>}, {@code array<array<float>>}, ..., or {@code array<int>} for
 * Embedding ids), one level per non-batch axis of the model input.
 */
final class RowArrays {
  private RowArrays() {}

  /** One row's value of one input: its shape (without the batch) and its values, row-major. */
  record Value(long[] shape, float[] floats, int[] ints) {
    boolean sameShape(Value o) {
      return Arrays.equals(shape, o.shape);
    }
  }

  /**
   * Reads one row's value of an input whose batch shape is {@code batchShape} (-1: any size).
   *
   * @throws ScoringException naming {@code where} when the value is null, ragged, of another rank,
   *     of a size the model fixes otherwise, or not numbers
   */
  static Value read(Object value, long[] batchShape, boolean ints, String where) {
    int rank = batchShape.length - 1;
    if (value == null) {
      throw new ScoringException(where + ": expected a value, given null");
    }
    List<Object> flat = new ArrayList<>();
    long[] shape = new long[rank];
    Arrays.fill(shape, -1);
    collect(value, 0, rank, shape, flat, where);
    for (int d = 0; d < rank; d++) {
      if (batchShape[d + 1] >= 0 && batchShape[d + 1] != shape[d]) {
        throw new ScoringException(where + ": expected shape " + HostArray.shapeString(
            Arrays.copyOfRange(batchShape, 1, batchShape.length)) + " (-1: any), given "
            + HostArray.shapeString(shape));
      }
    }
    if (ints) {
      int[] v = new int[flat.size()];
      for (int i = 0; i < v.length; i++) {
        Object o = flat.get(i);
        if (!(o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte)) {
          throw new ScoringException(where + ": expected integer ids, given " + describe(o));
        }
        long id = ((Number) o).longValue();
        if (id != (int) id) {
          throw new ScoringException(where + ": id " + id + " does not fit in int32");
        }
        v[i] = (int) id;
      }
      return new Value(shape, null, v);
    }
    float[] v = new float[flat.size()];
    for (int i = 0; i < v.length; i++) {
      Object o = flat.get(i);
      if (!(o instanceof Number)) {
        throw new ScoringException(where + ": expected numbers, given " + describe(o));
      }
      v[i] = ((Number) o).floatValue();
    }
    return new Value(shape, v, null);
  }

  private static void collect(Object value, int depth, int rank, long[] shape, List<Object> flat,
      String where) {
    if (depth == rank) {
      if (value == null || asList(value) != null) {
        throw new ScoringException(where + ": expected a nested array of rank " + rank + ", given "
            + (value == null ? "a null element" : "one of a higher rank"));
      }
      flat.add(value);
      return;
    }
    List<?> items = asList(value);
    if (items == null) {
      throw new ScoringException(where + ": expected a nested array of rank " + rank
          + ", given one of rank " + depth);
    }
    if (shape[depth] < 0) {
      shape[depth] = items.size();
    } else if (shape[depth] != items.size()) {
      throw new ScoringException(where + ": ragged array: axis " + depth + " has lengths "
          + shape[depth] + " and " + items.size());
    }
    for (Object item : items) {
      collect(item, depth + 1, rank, shape, flat, where);
    }
  }

  /** A Spark array value (a Scala Seq, a Java list or array) as a list, else null. */
  static List<?> asList(Object value) {
    if (value instanceof List<?> l) {
      return l;
    }
    if (value instanceof scala.collection.Seq<?> s) {
      return scala.jdk.javaapi.CollectionConverters.asJava(s);
    }
    if (value instanceof float[] a) {
      List<Float> l = new ArrayList<>(a.length);
      for (float x : a) {
        l.add(x);
      }
      return l;
    }
    if (value instanceof double[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    if (value instanceof int[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    if (value instanceof long[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    if (value instanceof Object[] a) {
      return Arrays.asList(a);
    }
    return null;
  }

  /** The rows of one batch, all of one shape, as the model's input array. */
  static Object batch(List<Value> rows) {
    Value first = rows.get(0);
    long[] shape = new long[first.shape().length + 1];
    shape[0] = rows.size();
    System.arraycopy(first.shape(), 0, shape, 1, first.shape().length);
    if (first.ints() != null) {
      int n = first.ints().length;
      int[] all = new int[n * rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        System.arraycopy(rows.get(r).ints(), 0, all, r * n, n);
      }
      return IntArray.of(shape, all);
    }
    int n = first.floats().length;
    float[] all = new float[n * rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r).floats(), 0, all, r * n, n);
    }
    return HostArray.ofFloats(shape, all);
  }

  /**
   * Spark's type for one row of an output of static rank {@code rank} (batch included): doubles,
   * which hold every float16, float32 and float64 value exactly.
   */
  static DataType outputType(int rank) {
    DataType t = DataTypes.DoubleType;
    for (int d = 1; d < rank; d++) {
      t = ArrayType.apply(t, false);
    }
    return t;
  }

  /**
   * Row {@code row} of a model output as Spark takes it: a double for a scalar per row, else
   * nested Java arrays ({@code double[]} innermost).
   */
  static Object rowOf(HostArray out, int row) {
    long[] shape = out.shape();
    long perRow = 1;
    for (int d = 1; d < shape.length; d++) {
      perRow *= shape[d];
    }
    return nest(out, row * perRow, shape, 1);
  }

  private static Object nest(HostArray out, long offset, long[] shape, int axis) {
    if (axis == shape.length) {
      return out.getDouble(offset);
    }
    long stride = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      stride *= shape[d];
    }
    int n = (int) shape[axis];
    if (axis == shape.length - 1) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = out.getDouble(offset + i);
      }
      return v;
    }
    Object[] items = new Object[n];
    for (int i = 0; i < n; i++) {
      items[i] = nest(out, offset + i * stride, shape, axis + 1);
    }
    return items;
  }

  private static String describe(Object o) {
    return o == null ? "null" : o.getClass().getSimpleName() + " " + o;
  }
}
