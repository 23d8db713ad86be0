package dev.kerasrnn.tracing;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Constants as TF Python's {@code tensor_util.make_tensor_proto} encodes them: several elements of
 * the given shape as {@code tensor_content}, one element or a value broadcast to a shape as {@code
 * int_val} / {@code float_val} / {@code double_val}. Traced, the Const node carries that proto
 * exactly; otherwise these are ordinary constants (the value is the same).
 */
public final class PyConst {
  private PyConst() {}

  /** An int32 scalar ({@code tf.constant(3)}). */
  public static Operand<TInt32> scalar(Ops tf, int v) {
    if (!Py.tracing(tf)) {
      return tf.constant(v);
    }
    return build(tf, TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(shape(new long[0])).addIntVal(v));
  }

  /** An int32 vector ({@code tf.constant([1, 0, 2])}). */
  public static Operand<TInt32> vector(Ops tf, int... v) {
    if (!Py.tracing(tf)) {
      return tf.constant(v);
    }
    TensorProto.Builder p = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(shape(new long[] {v.length}));
    if (v.length > 1) {
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      for (int x : v) {
        b.putInt(x);
      }
      p.setTensorContent(ByteString.copyFrom(b.array()));
    } else {
      for (int x : v) {
        p.addIntVal(x);
      }
    }
    return build(tf, p);
  }

  /**
   * An empty vector of {@code dtype} ({@code []} converted for a shape argument: TF Python tries
   * float32 first and leaves that constant unused, then int32).
   */
  public static Operand<?> empty(Ops tf, DataType dtype) {
    if (!Py.tracing(tf)) {
      return dtype == DataType.DT_FLOAT ? tf.constant(new float[0]) : tf.constant(new int[0]);
    }
    return build(tf, TensorProto.newBuilder().setDtype(dtype)
        .setTensorShape(shape(new long[] {0})));
  }

  /** An int32 matrix ({@code tf.constant([[0, 0], [2, 0]])}), as {@code tensor_content}. */
  public static Operand<TInt32> matrix(Ops tf, int[][] v) {
    if (!Py.tracing(tf)) {
      return tf.constant(v);
    }
    int cols = v.length == 0 ? 0 : v[0].length;
    TensorProto.Builder p = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
        .setTensorShape(shape(new long[] {v.length, cols}));
    ByteBuffer b = ByteBuffer.allocate(4 * v.length * cols).order(ByteOrder.LITTLE_ENDIAN);
    for (int[] row : v) {
      for (int x : row) {
        b.putInt(x);
      }
    }
    if (v.length * cols > 1) {
      p.setTensorContent(ByteString.copyFrom(b.array()));
    } else {
      for (int[] row : v) {
        for (int x : row) {
          p.addIntVal(x);
        }
      }
    }
    return build(tf, p);
  }

  /**
   * A float scalar of {@code type} (float32 or float64), or broadcast to {@code shape} ({@code
   * tf.zeros} below 1000 elements, {@code constant(0, shape)}).
   */
  @SuppressWarnings("unchecked")
  public static <T extends TType> Operand<T> filled(Ops tf, double v, long[] shape, Class<T> type) {
    if (!Py.tracing(tf)) {
      if (type == TFloat32.class) {
        return (Operand<T>) tf.constant(Shape.of(shape), DataBuffers.ofFloats(
            Shape.of(shape).size()).write(fill((float) v, Shape.of(shape).size())));
      }
      if (type == TFloat64.class) {
        return (Operand<T>) tf.constant(Shape.of(shape), DataBuffers.ofDoubles(
            Shape.of(shape).size()).write(fillD(v, Shape.of(shape).size())));
      }
      throw new IllegalArgumentException("unsupported constant type " + type.getSimpleName());
    }
    TensorProto.Builder p = TensorProto.newBuilder().setTensorShape(shape(shape));
    if (type == TFloat32.class) {
      p.setDtype(DataType.DT_FLOAT).addFloatVal((float) v);
    } else if (type == TFloat64.class) {
      p.setDtype(DataType.DT_DOUBLE).addDoubleVal(v);
    } else if (type == org.tensorflow.types.TFloat16.class) {
      // numpy's float16 conversion rounds the double directly.
      p.setDtype(DataType.DT_HALF).addHalfVal(dev.kerasrnn.core.HalfFloats.float16Bits(v));
    } else if (type == org.tensorflow.types.TBfloat16.class) {
      p.setDtype(DataType.DT_BFLOAT16).addHalfVal(dev.kerasrnn.core.HalfFloats.bfloat16Bits(v));
    } else {
      throw new IllegalArgumentException("unsupported constant type " + type.getSimpleName());
    }
    return build(tf, p);
  }

  /** A bool scalar or a bool value broadcast to {@code shape} ({@code ones_like(x, bool)}). */
  public static Operand<org.tensorflow.types.TBool> bools(Ops tf, boolean v, long[] shape) {
    if (!Py.tracing(tf)) {
      return tf.fill(tf.constant(shape), tf.constant(v));
    }
    return build(tf, TensorProto.newBuilder().setDtype(DataType.DT_BOOL)
        .setTensorShape(shape(shape)).addBoolVal(v));
  }

  private static float[] fill(float v, long n) {
    float[] a = new float[Math.toIntExact(n)];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static double[] fillD(double v, long n) {
    double[] a = new double[Math.toIntExact(n)];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static TensorShapeProto shape(long[] dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return s.build();
  }

  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> build(Ops tf, TensorProto.Builder proto) {
    TensorProto p = proto.build();
    return (Operand<T>) tf.scope().env()
        .opBuilder("Const", tf.scope().makeOpName("Const"), tf.scope())
        .setAttr("value", AttrValue.newBuilder().setTensor(p).build())
        .setAttr("dtype", p.getDtype())
        .build()
        .output(0);
  }
}
