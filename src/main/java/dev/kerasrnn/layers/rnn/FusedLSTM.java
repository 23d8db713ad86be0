package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.activations.Activations;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.layers.Variable;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Unstack;
import org.tensorflow.op.nn.BlockLSTM;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TFloating;

/**
 * Opt-in fast mode for an {@link LSTM}: TensorFlow's fused BlockLSTMV2 kernel runs the whole
 * sequence in one op, with one GEMM of {@code [x, h]·[K; R]} per step. NOT bit-exact with Keras
 * (Keras computes {@code x·K + h·R} as two products): use it only where its measured accuracy is
 * enough (README, "Fast mode"). Shares the LSTM's weights; tanh / sigmoid, float32, no mask.
 */
public final class FusedLSTM implements RecurrentLayer {
  private final LSTM lstm;

  private FusedLSTM(LSTM lstm) {
    this.lstm = lstm;
  }

  /**
   * The fused form of {@code lstm} (same weights, same options).
   *
   * @throws IllegalArgumentException if the LSTM uses activations, dtype or options the fused
   *     kernel cannot compute
   */
  public static FusedLSTM of(LSTM lstm) {
    LSTMCell cell = lstm.cell();
    String problem = null;
    if (cell.activation() != Activations.TANH || cell.recurrentActivation() != Activations.SIGMOID) {
      problem = "activation tanh and recurrent_activation sigmoid";
    } else if (cell.dtype() != DType.FLOAT32) {
      problem = "float32";
    } else if (lstm.args().timeMajor()) {
      problem = "batch-major input";
    }
    if (problem != null) {
      throw new IllegalArgumentException("layer '" + lstm.name() + "': the fused LSTM kernel needs "
          + problem);
    }
    return new FusedLSTM(lstm);
  }

  public LSTM lstm() {
    return lstm;
  }

  @Override
  public String name() {
    return lstm.name();
  }

  @Override
  public DType dtype() {
    return lstm.dtype();
  }

  @Override
  public void build(long... inputShape) {
    lstm.build(inputShape);
  }

  @Override
  public boolean isBuilt() {
    return lstm.isBuilt();
  }

  @Override
  public List<Variable> trainableVariables() {
    return lstm.trainableVariables();
  }

  @Override
  public List<WeightGroup> weightGroups() {
    return lstm.weightGroups();
  }

  @Override
  public List<Integer> stateSizes() {
    return lstm.stateSizes();
  }

  @Override
  public int outputCount() {
    return lstm.outputCount();
  }

  @Override
  public List<long[]> outputShapes(long[] inputShape) {
    return lstm.outputShapes(inputShape);
  }

  @Override
  public void checkInputs(long[] inputShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes, long[] maskShape) {
    if (maskShape != null) {
      throw new InvalidInputException(name(), "no mask (the fused kernel does not take one)",
          "a mask " + HostArray.shapeString(maskShape));
    }
    lstm.checkInputs(inputShape, inputType, stateShapes, stateTypes, null);
  }

  /** {@inheritDoc} One fused op runs every step, whatever {@code loop} says. */
  @SuppressWarnings("unchecked")
  @Override
  public <T extends TFloating> Run<T> run(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState, Operand<TBool> mask, TimeLoop loop) {
    checkInputs(inputs.shape().asArray(), DType.of(inputs.type()), RNN.shapes(initialState),
        RNN.dtypes(initialState), mask == null ? null : mask.shape().asArray());
    long[] shape = inputs.shape().asArray();
    if (!isBuilt()) {
      build(shape);
    }
    int units = lstm.cell().units();
    Operand<TFloat32> x = (Operand<TFloat32>) inputs;
    List<Operand<TFloat32>> start = new ArrayList<>();
    if (!initialState.isEmpty()) {
      initialState.forEach(s -> start.add((Operand<TFloat32>) s));
    } else if (stateful()) {
      start.addAll(RNN.constants(tf, states()));
    } else {
      for (int i = 0; i < 2; i++) {
        start.add(tf.zeros(tf.constant(new long[] {shape[0], units}), TFloat32.class));
      }
    }
    // Time-major, reversed for go_backwards: the kernel walks axis 0 forwards.
    Operand<TFloat32> timeMajor = tf.linalg.transpose(x, tf.constant(new int[] {1, 0, 2}));
    if (lstm.goBackwards()) {
      timeMajor = tf.reverse(timeMajor, tf.constant(new int[] {0}));
    }
    List<Variable> vars = lstm.trainableVariables();
    Operand<TFloat32> kernel = vars.get(0).read(tf);
    Operand<TFloat32> recurrent = vars.get(1).read(tf);
    Operand<TFloat32> w = tf.concat(List.of(kernel, recurrent), tf.constant(0));
    Operand<TFloat32> b = lstm.cell().useBias()
        ? vars.get(2).read(tf)
        : tf.zeros(tf.constant(new long[] {4L * units}), TFloat32.class);
    Operand<TFloat32> peephole = tf.zeros(tf.constant(new long[] {units}), TFloat32.class);
    BlockLSTM<TFloat32> block = tf.nn.blockLSTM(tf.constant(shape[1]), timeMajor, start.get(1),
        start.get(0), w, peephole, peephole, peephole, b, BlockLSTM.cellClip(0f),
        BlockLSTM.usePeephole(false));
    List<Output<TFloat32>> hs = tf.unstack(block.h(), shape[1], Unstack.axis(0L)).output();
    List<Output<TFloat32>> cs = tf.unstack(block.cs(), shape[1], Unstack.axis(0L)).output();
    Operand<TFloat32> h = hs.get(hs.size() - 1);
    Operand<TFloat32> c = cs.get(cs.size() - 1);
    List<Operand<T>> out = new ArrayList<>();
    out.add((Operand<T>) (lstm.returnSequences()
        ? tf.linalg.transpose(block.h(), tf.constant(new int[] {1, 0, 2}))
        : h));
    if (lstm.returnState()) {
      out.add((Operand<T>) h);
      out.add((Operand<T>) c);
    }
    return new Run<>(out, List.of((Operand<T>) h, (Operand<T>) c));
  }

  @Override
  public boolean stateful() {
    return lstm.stateful();
  }

  @Override
  public List<HostArray> states() {
    return lstm.states();
  }

  @Override
  public void setStates(List<HostArray> states) {
    lstm.setStates(states);
  }

  @Override
  public void resetStates() {
    lstm.resetStates();
  }
}
