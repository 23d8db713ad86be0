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

  /** {@code x} with {@code size}-fold repeats along {@code axis} (each element repeated). */
  static <T extends TFloating> Operand<T> repeat(Ops tf, Operand<T> x, int axis, int size) {
    long[] s = x.shape().asArray();
    Operand<T> e = tf.expandDims(x, tf.constant(axis + 1));
    long[] multiples = new long[s.length + 1];
    Arrays.fill(multiples, 1);
    multiples[axis + 1] = size;
    Operand<T> tiled = tf.tile(e, tf.constant(multiples));
    long[] out = s.clone();
    out[axis] = s[axis] * size;
    if (out[0] < 0) {
      out[0] = -1;
    }
    return tf.reshape(tiled, tf.constant(out));
  }

}
