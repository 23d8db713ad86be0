package dev.kerasrnn.layers;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.DTypePolicy;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.initializers.Initializer;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.ops.KOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * What the non-recurrent layers share: name, dtype policy, Keras era, build state, own weights,
 * and the cast of float inputs to the compute dtype that Keras's {@code Layer.__call__} does.
 */
public abstract class CoreLayer implements Layer {
  private final String name;
  private final DTypePolicy policy;
  private final KerasEra era;
  private final List<Variable> weights = new ArrayList<>();
  private boolean built;

  protected CoreLayer(String name, DTypePolicy policy, KerasEra era) {
    this.name = Objects.requireNonNull(name, "name");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.era = Objects.requireNonNull(era, "era");
  }

  @Override
  public final String name() {
    return name;
  }

  public final DTypePolicy dtypePolicy() {
    return policy;
  }

  public final KerasEra era() {
    return era;
  }

  /** The dtype of inputs, computation and outputs ({@code layer.compute_dtype}). */
  public final DType computeDtype() {
    return policy.computeDtype();
  }

  @Override
  public final void build(List<long[]> inputShapes) {
    if (built) {
      return;
    }
    checkInputShapes(inputShapes);
    createWeights(inputShapes);
    built = true;
  }

  @Override
  public final boolean isBuilt() {
    return built;
  }

  /** Validates the input shapes; by default exactly one input of rank 2 or more. */
  protected void checkInputShapes(List<long[]> shapes) {
    requireInputs(shapes, 1, 1);
    requireRank(shapes.get(0), 2, Integer.MAX_VALUE);
  }

  /** Creates the layer's weights through {@link #addWeight}; none by default. */
  protected void createWeights(List<long[]> inputShapes) {}

  /** {@code self.add_weight(name, shape, initializer)}, read in the compute dtype. */
  protected final Variable addWeight(String weightName, long[] shape, Initializer init) {
    return addWeight(weightName, shape, init, computeDtype());
  }

  /** A weight read as {@code readDtype} (float32 for layers that compute half inputs in float32). */
  protected final Variable addWeight(String weightName, long[] shape, Initializer init, DType readDtype) {
    for (long d : shape) {
      if (d <= 0) {
        throw new InvalidInputException(name, "known positive dimensions for weight '"
            + weightName + "'", HostArray.shapeString(shape));
      }
    }
    Variable v = new Variable(name, weightName, policy.variableDtype(), readDtype, shape, init);
    weights.add(v);
    return v;
  }

  @Override
  public List<Variable> weights() {
    return List.copyOf(weights);
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    List<Variable> own = weights();
    return own.isEmpty() ? List.of() : List.of(new RecurrentLayer.WeightGroup("", own));
  }

  /** Sets all weights in {@link #weights()} order; {@code layer.set_weights()}. */
  public void setWeights(List<HostArray> values) {
    if (!built) {
      throw new IllegalStateException("layer '" + name + "' is not built: call build(inputShapes)");
    }
    Weights.assign(name, weights(), values);
  }

  protected final void requireInputs(List<?> inputs, int min, int max) {
    if (inputs == null || inputs.size() < min || inputs.size() > max) {
      String want = min == max ? String.valueOf(min) : max == Integer.MAX_VALUE ? "at least " + min
          : min + " to " + max;
      throw new InvalidInputException(name, kerasClassName() + " with " + want + " input(s)",
          String.valueOf(inputs == null ? 0 : inputs.size()));
    }
  }

  protected final void requireRank(long[] shape, int min, int max) {
    if (shape.length < min || shape.length > max) {
      String want = min == max ? "rank " + min : max == Integer.MAX_VALUE ? "rank >= " + min
          : "rank " + min + " to " + max;
      throw new InvalidInputException(name, kerasClassName() + " input of " + want,
          "shape " + HostArray.shapeString(shape));
    }
  }

  /**
   * The shapes of a call's inputs (null for an absent one), checked as at build, and the call's
   * options checked against {@link #callOptions()}.
   */
  protected final List<long[]> checkCall(List<Operand<?>> inputs, Map<String, Boolean> options) {
    requireBuilt();
    List<long[]> shapes = new ArrayList<>();
    inputs.forEach(x -> shapes.add(x == null ? null : CoreOps.shape(x)));
    checkInputShapes(shapes);
    if (!callOptions().containsAll(options.keySet())) {
      throw new IllegalArgumentException("layer '" + name + "' takes the call options "
          + callOptions() + ", given " + options.keySet());
    }
    return shapes;
  }

  protected final void requireBuilt() {
    if (!built) {
      throw new IllegalStateException("layer '" + name + "' is not built: call build(inputShapes)");
    }
  }

  /**
   * Input {@code i} in the compute dtype: one Cast op when its float type differs, as Keras casts
   * float inputs on entering a layer.
   */
  @SuppressWarnings("unchecked")
  protected final <T extends TFloating> Operand<T> input(Ops tf, List<Operand<?>> inputs, int i) {
    Operand<?> x = inputs.get(i);
    if (!TFloating.class.isAssignableFrom(x.type())) {
      throw new InvalidInputException(name, "a float input", x.type().getSimpleName());
    }
    return KOps.castTo(tf, (Operand<? extends TFloating>) x, computeDtype());
  }

  /** The mask of input 0, or null. */
  protected static Operand<TBool> firstMask(List<Operand<TBool>> masks) {
    return masks == null || masks.isEmpty() ? null : masks.get(0);
  }

  protected static long[] copyWith(long[] shape, int axis, long value) {
    long[] s = shape.clone();
    s[axis] = value;
    return s;
  }

  @Override
  public String toString() {
    return kerasClassName() + "(name=" + name + ", dtype=" + policy + ", era=" + era + ")"
        + (built ? "" : " [not built]") + (weights.isEmpty() ? "" : " " + Arrays.toString(
            weights.stream().map(Variable::path).toArray()));
  }
}
