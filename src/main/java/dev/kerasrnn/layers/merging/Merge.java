package dev.kerasrnn.layers.merging;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.ops.BackendOps;
import dev.kerasrnn.tracing.Py;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Keras's element-wise merge layers ({@code base_merge.Merge}): inputs of lower rank get ExpandDims
 * at axis 1 until the ranks agree, then {@link #merge} combines them left to right. Output mask
 * per era: Keras 3 ORs the masks when every input has one (else none); tf-keras ANDs the masks
 * that are present.
 */
abstract class Merge extends CoreLayer {
  Merge(String name, DTypePolicy dtype, KerasEra era) {
    super(name, dtype, era);
  }

  /** Combines the rank-aligned inputs. */
  abstract <T extends TFloating> Operand<T> merge(Ops tf, List<Operand<T>> xs,
      List<Operand<TBool>> masks);

  /**
   * Combines the rank-aligned inputs, with the output mask the call itself sets (Keras 3's
   * Multiply) or null (then {@code compute_mask} gives it).
   */
  <T extends TFloating> MaskedOutput<T> mergeMasked(Ops tf, List<Operand<T>> xs,
      List<Operand<TBool>> masks) {
    return new MaskedOutput<>(merge(tf, xs, masks), null);
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, era() == KerasEra.KERAS_3 ? 1 : 2, Integer.MAX_VALUE);
    long[] first = shapes.get(0);
    for (long[] s : shapes) {
      for (int i = 1; i <= Math.min(first.length, s.length) - 1; i++) {
        long a = first[first.length - i];
        long b = s[s.length - i];
        if (a > 1 && b > 1 && a != b) {
          throw new InvalidInputException(name(), kerasClassName() + " inputs of broadcastable"
              + " shapes", Arrays.toString(first) + " and " + Arrays.toString(s));
        }
      }
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    int rank = inputShapes.stream().mapToInt(s -> s.length).max().orElse(0);
    long[] out = new long[rank];
    Arrays.fill(out, 1);
    for (long[] s : inputShapes) {
      for (int i = 1; i <= s.length; i++) {
        long d = s[s.length - i];
        long o = out[rank - i];
        out[rank - i] = i == s.length ? (o == 1 ? d : o) : (d == 1 ? o : d);
      }
    }
    out[0] = inputShapes.get(0)[0];
    return List.of(out);
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireInputs(inputs, era() == KerasEra.KERAS_3 ? 1 : 2, Integer.MAX_VALUE);
    List<Operand<TBool>> m = masks == null ? new ArrayList<>() : new ArrayList<>(masks);
    while (m.size() < inputs.size()) {
      m.add(null);
    }
    MaskedOutput<?> out = mergeAll(tf, inputs, m);
    Operand<TBool> mask = out.mask();
    // Traced, a Keras 3 model computes the mask after the call, in its own scope.
    if (mask == null && !(masksAfterCall() && Py.tracing(tf))) {
      mask = outputMask(tf, inputs, m);
    }
    return Outputs.of(out.output(), mask);
  }

  @Override
  public boolean masksAfterCall() {
    return era() == KerasEra.KERAS_3;
  }

  @Override
  public List<Operand<TBool>> outputMasks(Ops tf, List<Operand<?>> inputs,
      List<Operand<TBool>> masks) {
    List<Operand<TBool>> m = new ArrayList<>(masks);
    while (m.size() < inputs.size()) {
      m.add(null);
    }
    return Arrays.asList(outputMask(tf, inputs, m));
  }

  private <T extends TFloating> MaskedOutput<T> mergeAll(Ops tf, List<Operand<?>> inputs,
      List<Operand<TBool>> masks) {
    List<Operand<T>> xs = new ArrayList<>();
    int rank = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Operand<T> x = input(tf, inputs, i);
      xs.add(x);
      rank = Math.max(rank, x.shape().numDimensions());
    }
    for (int i = 0; i < xs.size(); i++) {
      Operand<T> x = xs.get(i);
      for (int r = x.shape().numDimensions(); r < rank; r++) {
        x = BackendOps.expandDims(tf, x, 1);
      }
      xs.set(i, x);
    }
    return mergeMasked(tf, xs, masks);
  }

  /** The output mask ({@code compute_mask}). */
  Operand<TBool> outputMask(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    List<Operand<TBool>> present = new ArrayList<>();
    masks.stream().filter(x -> x != null).forEach(present::add);
    if (present.isEmpty() || era() == KerasEra.KERAS_3 && present.size() < masks.size()) {
      return null;
    }
    if (era() == KerasEra.KERAS_3) {
      Operand<TBool> out = present.get(0);
      for (int i = 1; i < present.size(); i++) {
        out = BackendOps.logicalOr(tf, out, present.get(i));
      }
      return out;
    }
    List<Operand<TBool>> expanded = new ArrayList<>();
    present.forEach(x -> expanded.add(tf.expandDims(x, tf.constant(0))));
    return CoreOps.reduceBool(tf, CoreOps.concat(tf, expanded, 0), 0, false);
  }
}
