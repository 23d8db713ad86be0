package dev.kerasrnn.layers.core;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.CoreLayer;
import dev.kerasrnn.layers.CoreOps;
import dev.kerasrnn.layers.ProjectionOptions;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.KOps;
import dev.kerasrnn.tracing.Py;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * {@code keras.layers.Dense(units, activation, use_bias)}: {@code activation(x @ kernel + bias)}
 * over the last axis, with the era's op sequence (the MatMul shape decides the bits):
 *
 * <ul>
 *   <li>Keras 3: MatMul for 2-D input, BatchMatMulV2 (kernel broadcast) for 3-D and more; AddV2
 *       bias ({@code ops.matmul}, {@code ops.add});
 *   <li>tf-keras: MatMul for 2-D input; for more dimensions {@code tf.tensordot}: Reshape to
 *       (N, in), MatMul, Reshape back; BiasAdd bias.
 * </ul>
 *
 * The mask passes through. Weights: {@code kernel} (in, units), {@code bias} (units).
 */
public final class Dense extends CoreLayer {
  private final int units;
  private final Activation activation;
  private final boolean useBias;
  private final Initializer kernelInitializer;
  private final Initializer biasInitializer;
  private Variable kernel;
  private Variable bias;

  private Dense(Builder b) {
    super(b.name(), b.dtype(), b.era());
    this.units = b.units;
    this.activation = b.activation();
    this.useBias = b.useBias();
    this.kernelInitializer = b.kernelInitializer();
    this.biasInitializer = b.biasInitializer();
  }

  /** {@code Dense(units)}: linear, with bias, float32, Keras 3. */
  public static Builder builder(int units) {
    return new Builder(units);
  }

  public int units() {
    return units;
  }

  public Activation activation() {
    return activation;
  }

  public boolean useBias() {
    return useBias;
  }

  @Override
  protected void createWeights(List<long[]> shapes) {
    long[] s = shapes.get(0);
    long in = s[s.length - 1];
    kernel = addWeight("kernel", new long[] {in, units}, kernelInitializer);
    if (useBias) {
      bias = addWeight("bias", new long[] {units}, biasInitializer);
    }
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    long[] s = inputShapes.get(0);
    return List.of(copyWith(s, s.length - 1, units));
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    requireBuilt();
    requireInputs(inputs, 1, 1);
    return Outputs.of(apply(tf, input(tf, inputs, 0)), firstMask(masks));
  }

  private <T extends TFloating> Operand<T> apply(Ops tf, Operand<T> x) {
    if (era() == KerasEra.KERAS_3) {
      return activation.apply(tf, keras3(tf, x));
    }
    Operand<T> k = kernel.read(tf);
    long[] s = CoreOps.shape(x);
    Operand<T> y = s.length == 2 ? tf.linalg.matMul(x, k) : tensordot(tf, x, k, s);
    if (useBias) {
      y = tf.nn.biasAdd(y, bias.read(tf));
    }
    return activation.apply(tf, y);
  }

  /**
   * Keras 3's {@code ops.add(ops.matmul(x, kernel), bias)}: the kernel read inside {@code
   * tf.cast}'s scope, MatMul (BatchMatMulV2 for rank 3 and more) named {@code MatMul}, the bias
   * read inside {@code tf.add}'s scope, AddV2 named {@code Add}.
   */
  private <T extends TFloating> Operand<T> keras3(Ops tf, Operand<T> x) {
    Operand<T> k = kernel.read(Py.scope(tf, "Cast"));
    Ops matmul = Py.named(tf, "MatMul");
    Operand<T> y = CoreOps.shape(x).length == 2 ? matmul.linalg.matMul(x, k)
        : KOps.batchMatMulV2(matmul, x, k);
    if (useBias) {
      Py.OpScope add = Py.op(tf, "Add");
      Operand<T> b = bias.read(add.inner());
      y = Py.addV2(add.op(), y, b);
    }
    return y;
  }

  /** {@code tf.tensordot(x, kernel, [[rank-1], [0]])}: Reshape (N, in), MatMul, Reshape. */
  private <T extends TFloating> Operand<T> tensordot(Ops tf, Operand<T> x, Operand<T> k,
      long[] s) {
    long in = s[s.length - 1];
    Operand<T> flat = CoreOps.reshape(tf, x, -1, in);
    Operand<T> y = tf.linalg.matMul(flat, k);
    long[] out = copyWith(s, s.length - 1, units);
    if (CoreOps.product(s, 0, s.length - 1) >= 0) {
      return CoreOps.reshape(tf, y, out);
    }
    return CoreOps.reshapeLastDim(tf, y, x, units);
  }

  /** Options of {@link Dense}, named as Keras's arguments. */
  public static final class Builder extends ProjectionOptions<Builder> {
    private final int units;

    private Builder(int units) {
      super("dense");
      if (units <= 0) {
        throw new IllegalArgumentException("Dense: units must be positive, given " + units);
      }
      this.units = units;
    }

    public Dense build() {
      return new Dense(this);
    }
  }
}
