package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.activations.Activation;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Fully-connected RNN cell; {@code keras.layers.SimpleRNNCell}. One step is
 * {@code activation((x·kernel + bias) + h·recurrent_kernel)}, in that op order.
 */
public final class SimpleRNNCell extends BaseCell {
  private final Activation activation;
  private Variable kernel;
  private Variable recurrentKernel;
  private Variable bias;

  /** Keras defaults: tanh, use_bias, glorot_uniform / orthogonal / zeros. */
  public SimpleRNNCell(int units) {
    this(builder(units));
  }

  private SimpleRNNCell(Builder b) {
    super(b);
    this.activation = b.resolvedActivation();
  }

  public static Builder builder(int units) {
    return new Builder(units);
  }

  /** Options of {@link SimpleRNNCell}. */
  public static final class Builder extends CellOptions<Builder> {
    Builder(int units) {
      super(units, "simple_rnn_cell");
    }

    public SimpleRNNCell build() {
      return new SimpleRNNCell(this);
    }
  }

  public Activation activation() {
    return activation;
  }

  @Override
  public List<Integer> stateSize() {
    return List.of(units);
  }

  @Override
  protected void createWeights(long features) {
    kernel = addWeight("kernel", kernelInitializer, features, units);
    recurrentKernel = addWeight("recurrent_kernel", recurrentInitializer, units, units);
    if (useBias) {
      bias = addWeight("bias", biasInitializer, units);
    }
  }

  @Override
  public <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x, List<Operand<T>> states) {
    requireBuilt();
    Operand<T> prev = states.get(0);
    Operand<T> h = matmul(tf, x, kernel);
    if (useBias) {
      h = addBias(tf, h, bias);
    }
    Operand<T> out = Py.add(tf, h, matmul(tf, prev, recurrentKernel));
    out = activation.apply(tf, out);
    return new CellOutput<>(out, List.of(out));
  }
}
