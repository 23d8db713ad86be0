package dev.kerasrnn.runtime;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import dev.kerasrnn.layers.rnn.TimeLoop;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.types.TBool;

/**
 * A layer compiled once for one input signature into a graph (the sequence unrolled, or a while
 * loop, as {@link TimeLoop} decides) and a session, then run any number of times. Thread-safe;
 * calls of a stateful layer are serialized on the layer, whose kept states are fed in and read
 * back each call. Equivalent of a
 * {@code tf.function}-wrapped Keras call, with graph rewrites off.
 */
public final class CompiledLayer implements AutoCloseable {
  private final RecurrentLayer layer;
  /** The compiled signature, checked at each call: input, initial states, mask (or null). */
  private final TensorSpec inputSpec;
  private final List<TensorSpec> stateSpecs;
  private final TensorSpec maskSpec;
  private final CompiledFunction function;

  private CompiledLayer(RecurrentLayer layer, TensorSpec inputSpec, List<TensorSpec> stateSpecs,
      TensorSpec maskSpec, CompiledFunction function) {
    this.layer = layer;
    this.inputSpec = inputSpec;
    this.stateSpecs = List.copyOf(stateSpecs);
    this.maskSpec = maskSpec;
    this.function = function;
  }

  /** Without a mask; see {@link #compile(RecurrentLayer, long[], List, boolean)}. */
  public static CompiledLayer compile(RecurrentLayer layer, long[] inputShape,
      List<long[]> stateShapes) {
    return compile(layer, inputShape, stateShapes, false);
  }

  /**
   * Compiles {@code layer} for inputs of exactly {@code inputShape}, initial states of {@code
   * stateShapes} (empty: the default, or a stateful layer's kept states) and, if {@code
   * withMask}, a [batch, time] mask. Everything is checked before any op is built.
   */
  public static CompiledLayer compile(RecurrentLayer layer, long[] inputShape,
      List<long[]> stateShapes, boolean withMask) {
    return compile(layer, inputShape, layer.dtype(), stateShapes, withMask);
  }

  /**
   * As {@link #compile(RecurrentLayer, long[], List, boolean)}, for inputs of {@code inputDtype}:
   * when that is not the layer's compute dtype the graph casts them with one Cast op, as Keras's
   * {@code Layer.__call__} does (a float32 input to a {@code mixed_float16} layer). Initial
   * states are of the compute dtype. The time loop follows {@link TimeLoop#DEFAULT}.
   */
  public static CompiledLayer compile(RecurrentLayer layer, long[] inputShape, DType inputDtype,
      List<long[]> stateShapes, boolean withMask) {
    return compile(layer, inputShape, inputDtype, stateShapes, withMask, TimeLoop.DEFAULT);
  }

  /**
   * As {@link #compile(RecurrentLayer, long[], DType, List, boolean)} with the time loop chosen
   * by {@code loop}. The batch and time dimensions of {@code inputShape} (and the batch of the
   * states) may be -1: one graph then serves any size, which for the time dimension takes a
   * while loop ({@link TimeLoop#WHILE} or {@link TimeLoop#DEFAULT}).
   */
  public static CompiledLayer compile(RecurrentLayer layer, long[] inputShape, DType inputDtype,
      List<long[]> stateShapes, boolean withMask, TimeLoop loop) {
    List<DType> types = new ArrayList<>();
    stateShapes.forEach(s -> types.add(layer.dtype()));
    long[] maskShape = withMask ? new long[] {inputShape[0], inputShape[1]} : null;
    layer.checkInputs(inputShape, layer.dtype(), stateShapes, types, maskShape);
    if (inputShape[2] < 0) {
      throw new InvalidInputException(layer.name(), "a known feature size to compile",
          HostArray.shapeString(inputShape));
    }
    layer.build(inputShape);
    TensorSpec inputSpec = new TensorSpec(inputDtype.tfType(), inputShape);
    List<TensorSpec> stateSpecs = new ArrayList<>();
    stateShapes.forEach(s -> stateSpecs.add(new TensorSpec(layer.dtype().tfType(), s)));
    TensorSpec maskSpec = withMask ? new TensorSpec(TBool.class, maskShape) : null;
    List<TensorSpec> specs = new ArrayList<>();
    specs.add(inputSpec);
    if (stateShapes.isEmpty() && layer.stateful()) {
      Eager.shapes(layer.states()).forEach(s -> specs.add(
          new TensorSpec(layer.dtype().tfType(), s)));
    } else {
      specs.addAll(stateSpecs);
    }
    if (withMask) {
      specs.add(maskSpec);
    }
    CompiledFunction f = CompiledFunction.compileFor(
        LayerFunction.of(layer, specs.size() - 1 - (withMask ? 1 : 0), withMask, loop), specs,
        null);
    return new CompiledLayer(layer, inputSpec, stateSpecs, maskSpec, f);
  }

  /** Runs without a mask; see {@link #call(HostArray, List, Mask)}. */
  public List<HostArray> call(HostArray inputs, List<HostArray> initialState) {
    return call(inputs, initialState, null);
  }

  /**
   * Runs the compiled graph; inputs must match the compiled signature (-1: any size). A stateful
   * layer without explicit initial states starts from its kept states and keeps the final ones.
   *
   * @throws InvalidInputException naming the layer if an input does not match the signature
   */
  public List<HostArray> call(HostArray inputs, List<HostArray> initialState, Mask mask) {
    check("inputs", inputSpec, inputs);
    if (initialState.size() != stateSpecs.size()) {
      throw new InvalidInputException(layer.name(),
          stateSpecs.size() + " initial state tensor(s) (compiled signature)",
          String.valueOf(initialState.size()));
    }
    for (int i = 0; i < stateSpecs.size(); i++) {
      check("initial state " + i, stateSpecs.get(i), initialState.get(i));
    }
    boolean withMask = maskSpec != null;
    if (withMask != (mask != null) || (mask != null && !maskSpec.accepts(mask))) {
      throw new InvalidInputException(layer.name(), withMask
          ? "a mask of shape " + HostArray.shapeString(maskSpec.shape())
          + " (compiled signature, -1: any)"
          : "no mask (compiled signature)", mask == null ? "none" : mask.toString());
    }
    // Sizes left unknown by the signature must still agree (batch of states and mask, length).
    layer.checkInputs(inputs.shape(), layer.dtype(), Eager.shapes(initialState),
        Eager.dtypes(initialState), mask == null ? null : mask.shape());
    if (!layer.stateful()) {
      return function.call(LayerFunction.inputs(layer, inputs, initialState, mask));
    }
    synchronized (layer) {
      List<Object> in = LayerFunction.inputs(layer, inputs, initialState, mask);
      return LayerFunction.keepStates(layer, function.call(in));
    }
  }

  private void check(String what, TensorSpec expected, HostArray given) {
    if (!expected.accepts(given)) {
      throw new InvalidInputException(layer.name(), what + " " + DType.of(expected.type())
          + HostArray.shapeString(expected.shape()) + " (compiled signature, -1: any)",
          given.dtype() + HostArray.shapeString(given.shape()));
    }
  }

  /** Number of ops in the compiled graph. */
  public long graphSize() {
    return function.graphSize();
  }

  @Override
  public void close() {
    function.close();
  }
}
