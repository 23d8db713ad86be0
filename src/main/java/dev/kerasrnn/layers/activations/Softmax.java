package dev.kerasrnn.layers.activations;

import static dev.kerasrnn.ops.KOps.addV2;
import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.tracing.Py;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Softmax(axis)}, called with or without {@code mask}: with a mask, {@code
 * x + (1 - cast(mask)) * large_negative} first (Cast, Sub, Mul, AddV2; the mask broadcast as TF
 * broadcasts; large_negative -1e9, for float16 -3e4 in Keras 3 and {@code float16.min / 2} in
 * tf-keras), then the Softmax op over {@code axis} ({@code tf.nn.softmax}: an axis other than the
 * last is swapped to the end by Transpose and back). The mask passes on. A list of more than one
 * axis (a logsumexp) is not implemented; the reader refuses it.
 */
public final class Softmax extends ActivationLayer {
  private final int axis;
  private int rank = -1;

  public Softmax(String name, int axis, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), era() == KerasEra.KERAS_2 ? 2 : 1, Integer.MAX_VALUE);
    rank = shapes.get(0).length;
    if (axis < -rank || axis >= rank) {
      throw new InvalidInputException(name(), "an input with axis " + axis,
          "rank " + rank);
    }
  }

  /** Keras 3's {@code predict()} ops are rebuilt over the last axis without a mask. */
  @Override
  boolean traced(Operand<TBool> mask) {
    return mask == null && (axis == -1 || rank >= 0 && axis == rank - 1);
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask) {
    if (mask != null) {
      Operand<T> keep = tf.dtypes.cast(mask, x.type());
      Operand<T> adder = tf.math.mul(tf.math.sub(scalarLike(tf, 1.0, x), keep),
          scalarLike(tf, largeNegative(x), x));
      x = addV2(tf, x, adder);
    }
    int rank = x.shape().numDimensions();
    int a = axis < 0 ? axis + rank : axis;
    if (a == rank - 1) {
      return Py.named(tf, "Softmax").nn.softmax(x);
    }
    int[] perm = new int[rank];
    for (int i = 0; i < rank; i++) {
      perm[i] = i;
    }
    perm[a] = rank - 1;
    perm[rank - 1] = a;
    Operand<T> swapped = tf.linalg.transpose(x, tf.constant(perm));
    return tf.linalg.transpose(tf.nn.softmax(swapped), tf.constant(perm));
  }

  private double largeNegative(Operand<?> x) {
    if (DType.of(x.type()) != DType.FLOAT16) {
      return -1e9;
    }
    return era() == KerasEra.KERAS_3 ? -3e4 : -65504.0 / 2.0;
  }

  @Override
  public boolean takesMask() {
    return true;
  }

  @Override
  public List<Operand<TBool>> computeMask(Ops tf, List<Operand<TBool>> previousMasks) {
    return Collections.singletonList(firstMask(previousMasks));
  }
}
