package dev.kerasrnn.layers.rnn;

import static dev.kerasrnn.ops.KOps.addV2;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.Variable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * What the built-in cells share: units, era, dtype policy, weights, and the era-specific bias add.
 */
abstract class BaseCell implements RNNCell {
  final String name;
  final int units;
  final KerasEra era;
  final DTypePolicy dtypePolicy;
  final DType dtype;
  final boolean useBias;
  final Initializer kernelInitializer;
  final Initializer recurrentInitializer;
  final Initializer biasInitializer;
  private final List<Variable> variables = new ArrayList<>();
  private long inputFeatures = -1;

  BaseCell(CellOptions<?> o) {
    this.name = o.name;
    this.units = o.units;
    this.era = o.era;
    this.dtypePolicy = o.dtypePolicy;
    this.dtype = o.dtypePolicy.computeDtype();
    this.useBias = o.useBias;
    this.kernelInitializer = o.kernelInit();
    this.recurrentInitializer = o.recurrentInit();
    this.biasInitializer = o.biasInit();
  }

  @Override
  public String name() {
    return name;
  }

  public int units() {
    return units;
  }

  public KerasEra era() {
    return era;
  }

  public boolean useBias() {
    return useBias;
  }

  /** The compute dtype: of inputs, states, computation and outputs. */
  @Override
  public DType dtype() {
    return dtype;
  }

  /** The dtype policy: weights in its variable dtype, computation in its compute dtype. */
  public DTypePolicy dtypePolicy() {
    return dtypePolicy;
  }

  @Override
  public int outputSize() {
    return units;
  }

  @Override
  public boolean isBuilt() {
    return inputFeatures >= 0;
  }

  @Override
  public long inputFeatures() {
    return inputFeatures;
  }

  @Override
  public final synchronized void build(long features) {
    if (features <= 0) {
      throw new IllegalArgumentException(
          "cell '" + name + "': input features must be positive, given " + features);
    }
    if (isBuilt()) {
      if (features != inputFeatures) {
        throw new IllegalStateException("cell '" + name + "' was built for " + inputFeatures
            + " input features, cannot rebuild for " + features);
      }
      return;
    }
    createWeights(features);
    inputFeatures = features;
  }

  /** Refuses a step before {@link #build}: the weights do not exist yet. */
  void requireBuilt() {
    if (!isBuilt()) {
      throw new IllegalStateException("cell '" + name + "' is not built: call build(features)");
    }
  }

  /** Creates the weights in Keras order via {@link #addWeight}. */
  abstract void createWeights(long features);

  Variable addWeight(String weightName, Initializer init, long... shape) {
    Variable v = new Variable(name, weightName, dtypePolicy.variableDtype(),
        dtypePolicy.computeDtype(), shape, init);
    variables.add(v);
    return v;
  }

  @Override
  public List<Variable> trainableVariables() {
    return List.copyOf(variables);
  }

  /** {@code z + b}: BiasAdd in Keras 2 ({@code backend.bias_add}), AddV2 in Keras 3 ({@code +=}). */
  <T extends TFloating> Operand<T> addBias(Ops tf, Operand<T> z, Operand<T> b) {
    return era == KerasEra.KERAS_2 ? tf.nn.biasAdd(z, b) : addV2(tf, z, b);
  }

  /** Columns [from, to) of a 2-D weight, as Keras's {@code w[:, from:to]}. */
  static <T extends TFloating> Operand<T> columns(Ops tf, Operand<T> w, long from, long to) {
    return tf.stridedSlice(w, Indices.all(), Indices.slice(from, to));
  }

  /** Elements [from, to) of a 1-D weight, as Keras's {@code b[from:to]}. */
  static <T extends TFloating> Operand<T> range(Ops tf, Operand<T> b, long from, long to) {
    return tf.stridedSlice(b, Indices.slice(from, to));
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ", units=" + units + ")";
  }
}
