package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.KerasNames;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.Py;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * Cells run one after another within a time step, each one's output the next one's input;
 * {@code keras.layers.StackedRNNCells}. Its states are the cells' states, in order, flattened.
 */
public final class StackedRNNCells implements RNNCell {
  private final List<RNNCell> cells;
  private final String name;

  public StackedRNNCells(List<RNNCell> cells) {
    this(cells, "stacked_rnn_cells");
  }

  public StackedRNNCells(List<RNNCell> cells, String name) {
    if (cells.isEmpty()) {
      throw new IllegalArgumentException("StackedRNNCells needs at least one cell");
    }
    DType dtype = cells.get(0).dtype();
    for (RNNCell c : cells) {
      if (c.dtype() != dtype) {
        throw new IllegalArgumentException("all stacked cells need one dtype: '" + c.name()
            + "' has " + c.dtype() + ", the first has " + dtype);
      }
    }
    this.cells = List.copyOf(cells);
    this.name = name;
  }

  public List<RNNCell> cells() {
    return cells;
  }

  /**
   * The names Keras 3 saves each cell under ({@code cells/<name>}): the snake-cased class name,
   * suffixed {@code _1}, {@code _2} ... when it repeats, as Keras names objects in a list.
   */
  List<String> savedNames() {
    Map<String, Integer> seen = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (RNNCell c : cells) {
      String base = KerasNames.toSnakeCase(c.getClass().getSimpleName());
      int n = seen.merge(base, 1, Integer::sum);
      out.add(n == 1 ? base : base + "_" + (n - 1));
    }
    return out;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Integer> stateSize() {
    List<Integer> out = new ArrayList<>();
    for (RNNCell c : cells) {
      out.addAll(c.stateSize());
    }
    return out;
  }

  @Override
  public int outputSize() {
    return cells.get(cells.size() - 1).outputSize();
  }

  @Override
  public DType dtype() {
    return cells.get(0).dtype();
  }

  @Override
  public synchronized void build(long inputFeatures) {
    long features = inputFeatures;
    for (RNNCell c : cells) {
      c.build(features);
      features = c.outputSize();
    }
  }

  @Override
  public boolean isBuilt() {
    return cells.get(0).isBuilt();
  }

  @Override
  public long inputFeatures() {
    return cells.get(0).inputFeatures();
  }

  @Override
  public List<Variable> trainableVariables() {
    List<Variable> out = new ArrayList<>();
    for (RNNCell c : cells) {
      out.addAll(c.trainableVariables());
    }
    return out;
  }

  @Override
  public <T extends TFloating> CellOutput<T> call(Ops tf, Operand<T> x, List<Operand<T>> states) {
    Operand<T> input = x;
    List<Operand<T>> next = new ArrayList<>();
    int offset = 0;
    for (RNNCell c : cells) {
      int n = c.stateSize().size();
      // Each cell is called as a Keras layer (its own name scope when traced).
      CellOutput<T> out = c.call(Py.kerasCall(tf, c.name()), input,
          states.subList(offset, offset + n));
      input = out.output();
      next.addAll(out.states());
      offset += n;
    }
    return new CellOutput<>(input, next);
  }
}
