package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.KOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * A {@link RecurrentLayer} (SimpleRNN, LSTM, GRU, RNN, Bidirectional) as a model {@link Layer}:
 * inputs {@code [sequences, initial states...]}. Output masks as Keras's {@code
 * RNN.compute_mask} / {@code Bidirectional.compute_mask}: the sequence output(s) carry the input
 * mask when {@code return_sequences}, states carry none.
 */
public final class RecurrentAdapter implements Layer {
  private final RecurrentLayer layer;
  private final String className;

  public RecurrentAdapter(RecurrentLayer layer, String className) {
    this.layer = layer;
    this.className = className;
  }

  public RecurrentLayer layer() {
    return layer;
  }

  @Override
  public String name() {
    return layer.name();
  }

  @Override
  public String kerasClassName() {
    return className;
  }

  @Override
  public void build(List<long[]> inputShapes) {
    if (!layer.isBuilt()) {
      layer.build(inputShapes.get(0));
    }
  }

  @Override
  public boolean isBuilt() {
    return layer.isBuilt();
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return layer.outputShapes(inputShapes.get(0));
  }

  @Override
  public List<Variable> weights() {
    return layer.trainableVariables();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    return layer.weightGroups();
  }

  /** Its call takes {@code mask}; a model passes call and output masks apart (below). */
  @Override
  public boolean takesMask() {
    return true;
  }

  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    Operand<TBool> mask = masks.isEmpty() ? null : masks.get(0);
    return call(tf, inputs, mask, mask, TimeLoop.DEFAULT);
  }

  /**
   * Runs the layer with {@code callMask} (the {@code mask} argument Keras passes, null for none)
   * and gives the outputs the masks Keras's {@code compute_mask} derives from {@code
   * previousMask} (the mask of the first call argument). They differ when Keras 3 does not pass
   * the mask implicitly (a call with {@code initial_state}). In a graph, {@code loop} decides
   * how the time steps run.
   */
  public Outputs call(Ops tf, List<Operand<?>> inputs, Operand<TBool> callMask,
      Operand<TBool> previousMask, TimeLoop loop) {
    return call(tf, inputs, callMask, previousMask, loop, null);
  }

  /**
   * {@link #call(Ops, List, Operand, Operand, TimeLoop)}, appending the layer's final states to
   * {@code finalStates} (unless null): what a model keeps of a stateful layer after a call, as
   * Keras assigns them to the layer's state variables.
   */
  @SuppressWarnings("unchecked")
  public Outputs call(Ops tf, List<Operand<?>> inputs, Operand<TBool> callMask,
      Operand<TBool> previousMask, TimeLoop loop, List<Operand<?>> finalStates) {
    Operand<TFloating> x = KOps.castTo(tf, (Operand<TFloating>) inputs.get(0), layer.dtype());
    List<Operand<TFloating>> states = new ArrayList<>();
    for (Operand<?> s : inputs.subList(1, inputs.size())) {
      states.add(KOps.castTo(tf, (Operand<TFloating>) s, layer.dtype()));
    }
    RecurrentLayer.Run<TFloating> run = layer.run(tf, x, states, callMask, loop);
    List<Operand<TFloating>> out = run.outputs();
    if (finalStates != null) {
      finalStates.addAll(run.finalStates());
    }
    return new Outputs(new ArrayList<>(out), outputMasks(out.size(), previousMask));
  }

  /** {@code RNN.compute_mask}: the sequence output(s) carry {@code previous}, states none. */
  private List<Operand<TBool>> outputMasks(int outputs, Operand<TBool> previous) {
    int sequenceOutputs = layer instanceof Bidirectional b
        && b.mergeMode() == Bidirectional.MergeMode.NONE ? 2 : 1;
    List<Operand<TBool>> masks = new ArrayList<>(Collections.nCopies(outputs, null));
    if (returnSequences()) {
      for (int i = 0; i < sequenceOutputs; i++) {
        masks.set(i, previous);
      }
    }
    return masks;
  }

  private boolean returnSequences() {
    RNN rnn = layer instanceof Bidirectional b ? b.forwardLayer() : (RNN) layer;
    return rnn.returnSequences();
  }

  @Override
  public String toString() {
    return name() + " (" + className + ")";
  }
}
