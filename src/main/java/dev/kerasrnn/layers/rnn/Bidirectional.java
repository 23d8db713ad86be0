package dev.kerasrnn.layers.rnn;

import static dev.kerasrnn.ops.KOps.scalarLike;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.ops.BackendOps;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TFloating;

/**
 * Runs a recurrent layer forwards and a copy backwards and merges their outputs; {@code
 * keras.layers.Bidirectional}. As in Keras: both sublayers output zeros at masked steps when
 * returning sequences, the backward sequence is flipped back to input order, an initial state is
 * split in half (forward first), and returned states are (forward..., backward...).
 */
public final class Bidirectional implements RecurrentLayer {
  /** How forward and backward outputs are combined; Keras's {@code merge_mode}. */
  public enum MergeMode {
    CONCAT, SUM, MUL, AVE,
    /** No merge: both outputs are returned. */
    NONE;

    /** Parses Keras's spelling ({@code "concat"}, ..., or null for NONE). */
    public static MergeMode fromKeras(String mode) {
      if (mode == null) {
        return NONE;
      }
      switch (mode) {
        case "concat":
        case "sum":
        case "mul":
        case "ave":
          return valueOf(mode.toUpperCase(Locale.ROOT));
        default:
          throw new IllegalArgumentException("Invalid merge mode. Received: " + mode
              + ". Merge mode should be one of {'sum', 'mul', 'ave', 'concat', None}");
      }
    }
  }

  private final String name;
  private final RNN forward;
  private final RNN backward;
  private final MergeMode mergeMode;

  /**
   * Wraps {@code layer} and, if {@code backwardLayer} is null, a layer built from the same
   * options going the other way. Equivalent of {@code Bidirectional(layer, merge_mode,
   * backward_layer=None)}.
   */
  public static Bidirectional of(RNNOptions<?> layer, MergeMode mergeMode) {
    RNNArgs args = layer.args;
    RNN forward = layer.build();
    layer.args = args.withGoBackwards(!args.goBackwards());
    try {
      return new Bidirectional("bidirectional", forward, layer.build(), mergeMode);
    } finally {
      layer.args = args;
    }
  }

  /**
   * Wraps two layers; the forward layer's name and options name the pair as Keras does ({@code
   * forward_<name>}, {@code backward_<name>}) and both output zeros at masked steps when they
   * return sequences.
   *
   * @throws IllegalArgumentException if the layers do not pair: same go_backwards, different
   *     return_sequences / return_state / stateful / dtype, or unequal output sizes for
   *     sum / mul / ave
   */
  public Bidirectional(String name, RNN forwardLayer, RNN backwardLayer, MergeMode mergeMode) {
    RNNArgs f = forwardLayer.args();
    RNNArgs b = backwardLayer.args();
    String problem = null;
    if (f.goBackwards() == b.goBackwards()) {
      problem = "go_backwards must differ (forward " + f.goBackwards() + ", backward "
          + b.goBackwards() + ")";
    } else if (f.returnSequences() != b.returnSequences() || f.returnState() != b.returnState()
        || f.stateful() != b.stateful()) {
      problem = "return_sequences, return_state and stateful must match";
    } else if (forwardLayer.dtype() != backwardLayer.dtype()) {
      problem = "dtypes differ: " + forwardLayer.dtype() + " and " + backwardLayer.dtype();
    } else if (mergeMode != MergeMode.CONCAT && mergeMode != MergeMode.NONE
        && forwardLayer.cell().outputSize() != backwardLayer.cell().outputSize()) {
      problem = "merge mode " + mergeMode + " needs equal output sizes, given "
          + forwardLayer.cell().outputSize() + " and " + backwardLayer.cell().outputSize();
    }
    if (problem != null) {
      throw new IllegalArgumentException("Bidirectional '" + name + "': forward layer '"
          + forwardLayer.name() + "' and backward layer '" + backwardLayer.name()
          + "' do not pair: " + problem);
    }
    this.name = name;
    this.mergeMode = mergeMode;
    boolean zero = f.returnSequences();
    this.forward = forwardLayer.withArgs(f.withName("forward_" + strip(f.name(), "forward_"))
        .withZeroOutputForMask(zero));
    this.backward = backwardLayer.withArgs(
        b.withName("backward_" + strip(b.name(), "backward_")).withZeroOutputForMask(zero));
  }

  private static String strip(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  @Override
  public String name() {
    return name;
  }

  public RNN forwardLayer() {
    return forward;
  }

  public RNN backwardLayer() {
    return backward;
  }

  public MergeMode mergeMode() {
    return mergeMode;
  }

  @Override
  public DType dtype() {
    return forward.dtype();
  }

  @Override
  public void build(long... inputShape) {
    forward.build(inputShape);
    backward.build(inputShape);
  }

  @Override
  public boolean isBuilt() {
    return forward.isBuilt() && backward.isBuilt();
  }

  @Override
  public List<Variable> trainableVariables() {
    List<Variable> out = new ArrayList<>(forward.trainableVariables());
    out.addAll(backward.trainableVariables());
    return out;
  }

  @Override
  public List<WeightGroup> weightGroups() {
    List<WeightGroup> out = new ArrayList<>(RNN.cellWeightGroups(forward.cell(), "forward_layer/cell"));
    out.addAll(RNN.cellWeightGroups(backward.cell(), "backward_layer/cell"));
    return out;
  }

  @Override
  public List<Integer> stateSizes() {
    List<Integer> out = new ArrayList<>(forward.stateSizes());
    out.addAll(backward.stateSizes());
    return out;
  }

  @Override
  public int outputCount() {
    int states = forward.returnState() ? stateSizes().size() : 0;
    return (mergeMode == MergeMode.NONE ? 2 : 1) + states;
  }

  @Override
  public List<long[]> outputShapes(long[] inputShape) {
    List<long[]> f = forward.outputShapes(inputShape);
    List<long[]> b = backward.outputShapes(inputShape);
    List<long[]> out = new ArrayList<>();
    if (mergeMode == MergeMode.NONE) {
      out.add(f.get(0));
      out.add(b.get(0));
    } else {
      long[] merged = f.get(0).clone();
      if (mergeMode == MergeMode.CONCAT) {
        merged[merged.length - 1] += b.get(0)[merged.length - 1];
      }
      out.add(merged);
    }
    out.addAll(f.subList(1, f.size()));
    out.addAll(b.subList(1, b.size()));
    return out;
  }

  @Override
  public void checkInputs(long[] inputShape, DType inputType, List<long[]> stateShapes,
      List<DType> stateTypes, long[] maskShape) {
    int half = forward.stateSizes().size();
    if (!stateShapes.isEmpty() && stateShapes.size() != 2 * half) {
      throw new InvalidInputException(name, 2 * half
          + " initial state tensor(s) (forward states, then backward states)",
          String.valueOf(stateShapes.size()));
    }
    boolean none = stateShapes.isEmpty();
    forward.checkInputs(inputShape, inputType, none ? List.of() : stateShapes.subList(0, half),
        none ? List.of() : stateTypes.subList(0, half), maskShape);
    backward.checkInputs(inputShape, inputType, none ? List.of() : stateShapes.subList(half,
        2 * half), none ? List.of() : stateTypes.subList(half, 2 * half), maskShape);
  }

  @Override
  public <T extends TFloating> Run<T> run(Ops tf, Operand<T> inputs,
      List<Operand<T>> initialState, Operand<TBool> mask, TimeLoop loop) {
    checkInputs(inputs.shape().asArray(), DType.of(inputs.type()), RNN.shapes(initialState),
        RNN.dtypes(initialState), mask == null ? null : mask.shape().asArray());
    int half = forward.stateSizes().size();
    boolean none = initialState.isEmpty();
    // Each direction is called as a Keras layer (traced: in its own call scope).
    Run<T> f = forward.run(Py.kerasCall(tf, forward.name()), inputs,
        none ? List.of() : initialState.subList(0, half), mask, loop);
    Run<T> b = backward.run(Py.kerasCall(tf, backward.name()), inputs,
        none ? List.of() : initialState.subList(half, 2 * half), mask, loop);
    Operand<T> y = f.outputs().get(0);
    Operand<T> yRev = b.outputs().get(0);
    if (forward.returnSequences()) {
      // ops.flip(y_rev, axis=1): ReverseV2 with ReverseV2/axis [1].
      Py.OpScope rev = Py.op(tf, "ReverseV2");
      yRev = rev.op().reverse(yRev, PyConst.vector(rev.inner().withName("axis"),
          forward.timeMajor() ? 0 : 1));
    }
    List<Operand<T>> out = new ArrayList<>();
    switch (mergeMode) {
      case CONCAT:
        out.add(BackendOps.concatenate(tf, List.of(y, yRev), -1));
        break;
      case SUM:
        out.add(Py.add(tf, y, yRev));
        break;
      case MUL:
        out.add(Py.mul(tf, y, yRev));
        break;
      case AVE: {
        Operand<T> sum = Py.add(tf, y, yRev);
        Py.OpScope div = Py.op(tf, "truediv");
        out.add(div.op().math.realDiv(sum, scalarLike(div.inner().withName("y"), 2.0, y)));
        break;
      }
      default:
        out.add(y);
        out.add(yRev);
    }
    out.addAll(f.outputs().subList(1, f.outputs().size()));
    out.addAll(b.outputs().subList(1, b.outputs().size()));
    List<Operand<T>> finalStates = new ArrayList<>(f.finalStates());
    finalStates.addAll(b.finalStates());
    return new Run<>(out, finalStates);
  }

  @Override
  public boolean stateful() {
    return forward.stateful();
  }

  @Override
  public List<HostArray> states() {
    List<HostArray> out = new ArrayList<>(forward.states());
    out.addAll(backward.states());
    return out;
  }

  @Override
  public void setStates(List<HostArray> states) {
    int half = forward.stateSizes().size();
    if (states.size() != 2 * half) {
      throw new InvalidInputException(name, 2 * half + " state tensor(s)",
          String.valueOf(states.size()));
    }
    forward.setStates(states.subList(0, half));
    backward.setStates(states.subList(half, 2 * half));
  }

  @Override
  public void resetStates() {
    forward.resetStates();
    backward.resetStates();
  }

  @Override
  public String toString() {
    return "Bidirectional(name=" + name + ", forward=" + forward + ", backward=" + backward
        + ", merge_mode=" + mergeMode + ")";
  }
}
