package dev.kerasrnn.layers.merging;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.ops.BackendOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Concatenate(axis)}: one ConcatV2. Output mask when any input has one: each
 * mask expanded to its input (all-true for an unmasked input), concatenated along {@code axis},
 * then reduced over the last axis: Keras 3 broadcasts and uses {@code any}, tf-keras expands
 * without broadcasting and uses {@code all}.
 */
public final class Concatenate extends Merge {
  private final int axis;

  public Concatenate(String name, int axis, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
    this.axis = axis;
  }

  public Concatenate(String name, int axis, KerasEra era) {
    this(name, axis, DTypePolicy.FLOAT32, era);
  }

  public int axis() {
    return axis;
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, Integer.MAX_VALUE);
    int rank = shapes.get(0).length;
    int a = CoreOps.axis(axis, rank);
    for (long[] s : shapes) {
      boolean ok = s.length == rank && a >= 1 && a < rank;
      for (int i = 1; ok && i < rank; i++) {
        ok = i == a || s[i] < 0 || shapes.get(0)[i] < 0 || s[i] == shapes.get(0)[i];
      }
      if (!ok) {
        throw new InvalidInputException(name(), "Concatenate(axis=" + axis + ") inputs of one"
            + " rank that agree except on that axis", Arrays.toString(shapes.get(0)) + " and "
            + Arrays.toString(s));
      }
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] out = inputShapes.get(0).clone();
    int a = CoreOps.axis(axis, out.length);
    for (int i = 1; i < inputShapes.size(); i++) {
      long d = inputShapes.get(i)[a];
      out[a] = out[a] < 0 || d < 0 ? -1 : out[a] + d;
    }
    return List.of(out);
  }

  @Override
  <T extends TFloating> Operand<T> merge(Ops tf, List<Operand<T>> xs, List<Operand<TBool>> masks) {
    return xs.size() == 1 ? xs.get(0) : BackendOps.concatenate(tf, xs, axis);
  }

  @Override
  Operand<TBool> outputMask(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    if (masks.stream().allMatch(m -> m == null)) {
      return null;
    }
    if (era() == KerasEra.KERAS_3) {
      return keras3Mask(tf, inputs, masks, axis);
    }
    List<Operand<TBool>> full = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Operand<?> x = inputs.get(i);
      Operand<TBool> m = masks.get(i);
      if (m == null) {
        full.add(tf.fill(tf.shape(x), tf.constant(true)));
      } else if (m.shape().numDimensions() < x.shape().numDimensions()) {
        full.add(tf.expandDims(m, tf.constant(-1)));
      } else {
        full.add(m);
      }
    }
    return CoreOps.reduceBool(tf, CoreOps.concat(tf, full, axis), -1, false);
  }

  /**
   * Keras 3: {@code ones_like(x, dtype="bool")} for an unmasked input, {@code
   * broadcast_to(expand_dims(m, -1), shape(x))} for a mask of lower rank, concatenated along
   * {@code axis}, then {@code any(axis=-1)}.
   */
  private static Operand<TBool> keras3Mask(Ops tf, List<Operand<?>> inputs,
      List<Operand<TBool>> masks, int axis) {
    List<Operand<TBool>> full = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Operand<?> x = inputs.get(i);
      Operand<TBool> m = masks.get(i);
      if (m == null) {
        full.add(Py.tracing(tf) ? PyConst.bools(Py.named(tf, "ones_like"), true,
            x.shape().asArray()) : tf.fill(tf.shape(x), tf.constant(true)));
      } else if (m.shape().numDimensions() < x.shape().numDimensions()) {
        full.add(BackendOps.broadcastToShapeOf(tf, BackendOps.expandDims(tf, m, -1), x));
      } else {
        full.add(m);
      }
    }
    Operand<TBool> all = full.size() == 1 ? full.get(0) : BackendOps.concatenate(tf, full, axis);
    return BackendOps.any(tf, all, -1);
  }
}
