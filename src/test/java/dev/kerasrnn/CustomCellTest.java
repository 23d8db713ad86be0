package dev.kerasrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.initializers.GlorotUniform;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.rnn.Bidirectional;
import dev.kerasrnn.layers.rnn.CellOutput;
import dev.kerasrnn.layers.rnn.RNN;
import dev.kerasrnn.layers.rnn.RNNArgs;
import dev.kerasrnn.layers.rnn.RNNCell;
import dev.kerasrnn.layers.rnn.SimpleRNN;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** A user's own cell, written against the public API only, under RNN, masking and Bidirectional. */
class CustomCellTest {

  /** {@code h = tanh(x·W + h·U)}, the README's custom-cell example. */
  static final class MinimalRNNCell implements RNNCell {
    private final int units;
    private final int stateSizeDeclared;
    private Variable kernel;
    private Variable recurrentKernel;

    MinimalRNNCell(int units) {
      this(units, units);
    }

    MinimalRNNCell(int units, int stateSizeDeclared) {
      this.units = units;
      this.stateSizeDeclared = stateSizeDeclared;
    }

    @Override public String name() {
      return "minimal_rnn_cell";
    }

    @Override public List<Integer> stateSize() {
      return List.of(stateSizeDeclared);
    }

    @Override public int outputSize() {
      return units;
    }

    @Override public DType dtype() {
      return DType.FLOAT32;
    }

    @Override public void build(long features) {
      if (kernel == null) {
        kernel = Variable.create(name(), "kernel", DType.FLOAT32, new long[] {features, units},
            new GlorotUniform(1));
        recurrentKernel = Variable.create(name(), "recurrent_kernel", DType.FLOAT32,
            new long[] {units, units}, new GlorotUniform(2));
      }
    }

    @Override public boolean isBuilt() {
      return kernel != null;
    }

    @Override public long inputFeatures() {
      return kernel == null ? -1 : kernel.shape()[0];
    }

    @Override public List<Variable> trainableVariables() {
      return List.of(kernel, recurrentKernel);
    }

    @Override public <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x,
        List<Operand<T>> states) {
      Operand<T> h = tf.math.tanh(tf.math.add(tf.linalg.matMul(x, kernel.<T>read(tf)),
          tf.linalg.matMul(states.get(0), recurrentKernel.<T>read(tf))));
      return new CellOutput<>(h, List.of(h));
    }
  }

  private static final HostArray X = HostArray.of(DType.FLOAT32, new long[] {2, 3, 2},
      0.5, -1, 0.25, 2, -0.75, 1, 1.5, 0.5, -2, 0.125, 0.3, -0.6);

  @Test
  void aCustomCellRunsLikeTheEquivalentSimpleRnn() {
    RNN custom = new RNN(new MinimalRNNCell(3), RNNArgs.defaults("rnn").withReturnSequences(true));
    custom.build(2, 3, 2);
    SimpleRNN reference = SimpleRNN.builder(3).useBias(false).returnSequences(true).build();
    reference.build(2, 3, 2);
    reference.setWeights(custom.getWeights());
    // Add (not AddV2) gives the same bits as SimpleRNN's AddV2: one IEEE addition.
    Mask m = Mask.of(2, 3, true, false, true, true, true, true);
    assertEquals(Eager.call(reference, X, List.of(), m), Eager.call(custom, X, List.of(), m));
    try (CompiledLayer c = CompiledLayer.compile(custom, X.shape(), List.of(), true)) {
      assertEquals(Eager.call(custom, X, List.of(), m), c.call(X, List.of(), m));
    }
  }

  @Test
  void aCustomCellWorksInsideBidirectional() {
    RNN f = new RNN(new MinimalRNNCell(3), RNNArgs.defaults("rnn"));
    RNN b = new RNN(new MinimalRNNCell(3), RNNArgs.defaults("rnn").withGoBackwards(true));
    Bidirectional bi = new Bidirectional("bi", f, b, Bidirectional.MergeMode.SUM);
    bi.build(2, 3, 2);
    assertEquals(List.of(2L, 3L), java.util.Arrays.stream(Eager.call(bi, X, List.of()).get(0)
        .shape()).boxed().toList());
  }

  @Test
  void aCellWhoseStatesDoNotMatchItsDeclaredSizesIsRefusedBeforeRunning() {
    RNN wrong = new RNN(new MinimalRNNCell(3, 4), RNNArgs.defaults("my_rnn"));
    wrong.build(2, 3, 2);
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Eager.call(wrong, X, List.of()));
    assertTrue(e.getMessage().contains("my_rnn") && e.getMessage().contains("minimal_rnn_cell"),
        e.getMessage());
  }
}
