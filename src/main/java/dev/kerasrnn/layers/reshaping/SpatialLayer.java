package dev.kerasrnn.layers.reshaping;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * The padding, cropping and up-sampling layers (channels_last): they only move values (or add
 * zeros), so any op sequence moving the same values gives Keras's bits; each takes an input of
 * one rank with static spatial dimensions and drops the mask (none of them supports masking).
 * Their {@code predict()} graph is not rebuilt.
 */
abstract class SpatialLayer extends ShapeLayer {
  private final int rank;

  SpatialLayer(String name, int rank, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    this.rank = rank;
  }

  /** The output for an input of the layer's rank. */
  abstract <T extends TFloating> Operand<T> move(Ops tf, Operand<T> x, long[] shape);

  /** The output shape for one input shape (spatial dimensions known). */
  abstract long[] outputShape(long[] s);

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), rank, rank);
    long[] s = shapes.get(0);
    for (int i = 1; i < s.length; i++) {
      if (s[i] < 0) {
        throw new InvalidInputException(name(), kerasClassName() + " input with static"
            + " non-batch dimensions", "shape " + Arrays.toString(s));
      }
    }
    outputShape(s);
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(outputShape(inputShapes.get(0)));
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    if (Py.tracing(tf)) {
      throw new UnsupportedTraceException(name(), kerasClassName() + " layers");
    }
    long[] s = x.shape().asArray();
    checkInputShapes(List.of(s));
    return move(tf, x, s);
  }

  /**
   * {@code x} with each element repeated {@code size} times along {@code axis}: ExpandDims after
   * the axis, BroadcastTo the repeated size, Reshape (the values Keras's repeat moves).
   */
  static <T extends TFloating> Operand<T> repeat(Ops tf, Operand<T> x, int axis, int size) {
    long[] s = x.shape().asArray();
    if (size == 1) {
      return x;
    }
    Operand<T> e = tf.expandDims(x, tf.constant(axis + 1));
    long[] wide = new long[s.length + 1];
    for (int i = 0, j = 0; i < wide.length; i++) {
      wide[i] = i == axis + 1 ? size : s[j++];
    }
    long[] out = s.clone();
    out[axis] = s[axis] * size;
    if (s[0] < 0) {
      // The batch is only known at run time: take it from the input's shape.
      Operand<org.tensorflow.types.TInt64> shape = tf.shape(e, org.tensorflow.types.TInt64.class);
      Operand<org.tensorflow.types.TInt64> rest = tf.constant(Arrays.copyOfRange(wide, 1,
          wide.length));
      Operand<org.tensorflow.types.TInt64> batch = tf.slice(shape, tf.constant(new long[] {0}),
          tf.constant(new long[] {1}));
      Operand<T> b = tf.broadcastTo(e, tf.concat(java.util.List.of(batch, rest),
          tf.constant(0)));
      return tf.reshape(b, tf.constant(out));
    }
    return tf.reshape(tf.broadcastTo(e, tf.constant(wide)), tf.constant(out));
  }

}
