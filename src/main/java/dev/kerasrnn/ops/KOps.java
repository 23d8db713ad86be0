package dev.kerasrnn.ops;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HalfFloats;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * The few op builders that TF Java's {@link Ops} lacks or names differently from the ops Keras
 * emits. Each mirrors one TF Python call so that graphs carry the same op types as Keras's.
 */
public final class KOps {
  private static final long[] SCALAR = {};

  private KOps() {}

  /** {@code tf.add} / Python {@code +}: the AddV2 op (TF Java's {@code tf.math.add} emits Add). */
  public static <T extends TType> Operand<T> addV2(Ops tf, Operand<T> x, Operand<T> y) {
    return Py.addV2(tf, x, y);
  }

  /**
   * A scalar constant of {@code x}'s dtype, as Python {@code tf.constant(v, dtype=x.dtype)} and
   * the Python scalars of an eager Keras call ({@code 1 - z}, {@code x + 3.0}). For float16 and
   * bfloat16 the double is rounded to float32 first, then to the half type (ties to even), as
   * TensorFlow's eager conversion does; see {@link HalfFloats}.
   */
  @SuppressWarnings("unchecked")
  public static <T extends TType> Operand<T> scalarLike(Ops tf, double v, Operand<T> x) {
    Class<T> type = x.type();
    if (Py.tracing(tf)) {
      return PyConst.filled(tf, v, SCALAR, type);
    }
    if (type == TFloat32.class) {
      return (Operand<T>) tf.constant((float) v);
    }
    if (type == TFloat64.class) {
      return (Operand<T>) tf.constant(v);
    }
    DType d = DType.of(type);
    int bits = d == DType.FLOAT16 ? HalfFloats.float16BitsViaFloat(v) : HalfFloats.bfloat16Bits(v);
    try (TFloating t = HostArray.ofHalfBits(d, SCALAR, bits).toTensor()) {
      return (Operand<T>) tf.constantOf(t);
    }
  }

  /**
   * A Python float argument of a Keras 3 op ({@code ops.not_equal(x, 0.5)}): converted to a
   * float32 constant ({@code Const}), then cast to {@code x}'s dtype if that differs, as Keras 3's
   * TensorFlow backend converts and unifies dtypes. Integer {@code x}: an int32 constant.
   */
  @SuppressWarnings("unchecked")
  public static <T extends TType> Operand<T> pythonFloat(Ops tf, double v, Operand<T> x) {
    Class<T> type = x.type();
    if (type == org.tensorflow.types.TInt32.class) {
      return (Operand<T>) PyConst.scalar(tf, (int) v);
    }
    Operand<TFloat32> c = PyConst.filled(tf, v, SCALAR, TFloat32.class);
    if (type == TFloat32.class) {
      return (Operand<T>) c;
    }
    return (Operand<T>) Py.named(tf, "Cast").dtypes.cast(c, (Class<TFloating>) (Class<?>) type);
  }

  /**
   * {@code x} as {@code dtype}: {@code x} itself when it already is, else one Cast op, as Keras's
   * {@code backend.cast} / {@code tf.cast} (a float64 → float16 Cast rounds through float32).
   */
  @SuppressWarnings("unchecked")
  public static <T extends TFloating> Operand<T> castTo(Ops tf, Operand<? extends TFloating> x,
      DType dtype) {
    if (DType.of(x.type()) == dtype) {
      return (Operand<T>) x;
    }
    Class<T> type = dtype.tfType();
    return tf.dtypes.cast(x, type);
  }

  /**
   * {@code tf.matmul} of a rank-3+ tensor and a matrix, as Keras 3's {@code ops.matmul} emits it:
   * the BatchMatMulV2 op (broadcasting the matrix), not TF Java's BatchMatMulV3.
   */
  public static <T extends TType> Operand<T> batchMatMulV2(Ops tf, Operand<T> x, Operand<T> y) {
    return tf.scope()
        .env()
        .opBuilder("BatchMatMulV2", tf.scope().makeOpName("BatchMatMulV2"), tf.scope())
        .addInput(x.asOutput())
        .addInput(y.asOutput())
        .setAttr("adj_x", false)
        .setAttr("adj_y", false)
        .build()
        .output(0);
  }

  /** {@code tf.pad} with zeros: the Pad op (TF Java's {@code tf.pad} emits PadV2). */
  public static <T extends TType> Operand<T> pad(Ops tf, Operand<T> x,
      Operand<? extends org.tensorflow.types.family.TNumber> paddings) {
    return tf.scope()
        .env()
        .opBuilder("Pad", tf.scope().makeOpName("Pad"), tf.scope())
        .addInput(x.asOutput())
        .addInput(paddings.asOutput())
        .build()
        .output(0);
  }

  /**
   * {@code tf.nn.max_pool} with static window and strides (NHWC): the MaxPool op with attributes,
   * as TF Python emits it (TF Java's {@code tf.nn.maxPool} emits MaxPoolV2).
   */
  public static <T extends TType> Operand<T> maxPool(Ops tf, Operand<T> x, long[] ksize,
      long[] strides, String padding) {
    return tf.scope()
        .env()
        .opBuilder("MaxPool", tf.scope().makeOpName("MaxPool"), tf.scope())
        .addInput(x.asOutput())
        .setAttr("ksize", ksize)
        .setAttr("strides", strides)
        .setAttr("padding", padding)
        .setAttr("data_format", "NHWC")
        .build()
        .output(0);
  }
}
