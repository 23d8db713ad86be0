package dev.kerasrnn.layers.activations;

import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.initializers.Zeros;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.PReLU(alpha_initializer, shared_axes)}: {@code relu(x) + (-alpha) *
 * relu(-x)} (Relu; Neg of alpha, Neg, Relu, Mul; AddV2) in both eras. Weight: {@code alpha} of
 * the input shape without the batch axis, 1 on each shared axis. Keras 3's {@code predict()} ops
 * are rebuilt.
 */
public final class PReLU extends ActivationLayer {
  private final int[] sharedAxes;
  private final Initializer alphaInitializer;
  private Variable alpha;

  public PReLU(String name, int[] sharedAxes, Initializer alphaInitializer, DTypePolicy dtype,
      KerasEra era) {
    super(name, dtype, era);
    this.sharedAxes = sharedAxes == null ? new int[0] : sharedAxes.clone();
    this.alphaInitializer = alphaInitializer == null ? new Zeros() : alphaInitializer;
  }

  /** The shared axes (counted with the batch axis as 0); empty for none. */
  public int[] sharedAxes() {
    return sharedAxes.clone();
  }

  @Override
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 2, Integer.MAX_VALUE);
    int rank = shapes.get(0).length;
    for (int a : sharedAxes) {
      if (a < 1 || a >= rank) {
        throw new InvalidInputException(name(), "an input with axis " + a + " (shared_axes "
            + Arrays.toString(sharedAxes) + ")", "shape " + Arrays.toString(shapes.get(0)));
      }
    }
  }

  @Override
  protected void createWeights(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    long[] shape = Arrays.copyOfRange(s, 1, s.length);
    for (int a : sharedAxes) {
      shape[a - 1] = 1;
    }
    alpha = addWeight("alpha", shape, alphaInitializer);
  }

  @Override
  boolean traced(Operand<TBool> mask) {
    return true;
  }

  @Override
  <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x, Operand<TBool> mask) {
    requireBuilt();
    Operand<T> pos = Py.named(tf, "Relu").nn.relu(x);
    Operand<T> negAlpha = Py.named(tf, "Neg").math.neg(alpha.<T>read(tf));
    Operand<T> negX = Py.named(tf, "Neg").math.neg(x);
    Operand<T> neg = Py.mul(tf, negAlpha, Py.named(tf, "Relu").nn.relu(negX));
    return Py.add(tf, pos, neg);
  }
}
