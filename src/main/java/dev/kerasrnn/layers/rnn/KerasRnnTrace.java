package dev.kerasrnn.layers.rnn;

import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.PyConst;
import dev.kerasrnn.tracing.TraceGraph;
import dev.kerasrnn.tracing.TraceScope;
import dev.kerasrnn.tracing.WhileV2;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.core.TensorListStack;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;
import org.tensorflow.types.family.TType;

/**
 * Keras 3's {@code backend/tensorflow/rnn.py} {@code rnn()} as {@code predict()} traces it (not
 * unrolled): inputs transposed time-major and put in a TensorList (reversed for go_backwards), the
 * step run once on step 0 for the output's shape (its value unused), a TensorList for the outputs,
 * {@code tf.while_loop} over the steps (a mask as a further TensorList, {@code tf.where} on tiled
 * masks in the body), the outputs stacked, the last one sliced off, transposed back. Ops and names
 * are TF Python's, like the cells' ({@link Py}).
 */
final class KerasRnnTrace {
  private KerasRnnTrace() {}

  /** One cell step: the cell's {@code __call__} on (input, states). */
  interface Step {
    <T extends TFloating> CellOutput<T> apply(Ops tf, Operand<T> x, List<Operand<T>> states);
  }

  /** What the loop gives back: last output, outputs (batch-major), final states. */
  record Result<T extends TFloating>(Operand<T> lastOutput, Operand<T> outputs,
      List<Operand<T>> states) {}

  @SuppressWarnings("unchecked")
  static <T extends TFloating> Result<T> rnn(Ops tf, Step step, Operand<T> inputs,
      List<Operand<T>> initialStates, boolean goBackwards, Operand<TBool> mask,
      boolean zeroOutputForMask, boolean returnAllOutputs) {
    long[] shape = inputs.shape().asArray();
    int time = (int) shape[1];
    Class<T> type = inputs.type();
    Operand<T> xs = transpose(tf, inputs, new int[] {1, 0, 2});
    Operand<TBool> ms = null;
    if (mask != null) {
      Py.OpScope e = Py.op(tf, "ExpandDims");
      ms = e.op().expandDims(mask, PyConst.scalar(e.inner().withName("dim"), -1));
      ms = transpose(tf, ms, new int[] {1, 0, 2});
    }
    Operand<? extends TType> inputReserve = reserve(tf, time, null, type);
    Operand<? extends TType> inputTa = fromTensor(tf, goBackwards ? reverse(tf, xs) : xs,
        new long[] {shape[0], shape[2]});
    Operand<T> first = index(tf, xs, 0);
    CellOutput<T> zero = step.apply(tf, first, initialStates);
    long[] outShape = zero.output().shape().asArray();
    Operand<? extends TType> outputTa = reserve(tf, returnAllOutputs ? time : 1, outShape, type);
    Operand<TInt32> start = PyConst.scalar(tf.withName("time"), 0);
    Output<TInt32> max = reduceMax(tf, time);
    Operand<? extends TType> maskTa = null;
    Operand<T> zeroOutput = null;
    if (ms != null) {
      if (goBackwards) {
        ms = reverse(tf, ms);
      }
      reserve(tf, time, null, TBool.class);
      maskTa = fromTensor(tf, ms, new long[] {shape[0], 1});
      zeroOutput = zeros(tf, "zeros_like", outShape, type);
    }
    boolean masked = ms != null;
    List<Output<?>> vars = new ArrayList<>();
    vars.add(start.asOutput());
    vars.add(outputTa.asOutput());
    if (masked) {
      vars.add(zeroOutput.asOutput());
    }
    initialStates.forEach(s -> vars.add(s.asOutput()));
    int firstState = masked ? 3 : 2;
    Operand<? extends TType> inputList = inputTa;
    Operand<? extends TType> maskList = maskTa;
    Operand<T> zeroOut = zeroOutput;
    List<Output<?>> done = WhileV2.whileLoop(tf, vars, max,
        (c, g, v) -> {
          Py.OpScope less = Py.op(c, "Less");
          return less.op().math.less((Output<TInt32>) v.get(0),
              PyConst.scalar(less.inner().withName("y"), time));
        },
        (b, g, v) -> {
          Output<TInt32> t = (Output<TInt32>) v.get(0);
          Operand<T> x = read(b, g, inputList, t, new long[] {shape[0], shape[2]}, type);
          Operand<TBool> m = masked ? read(b, g, maskList, t, new long[] {shape[0], 1},
              TBool.class) : null;
          List<Operand<T>> states = new ArrayList<>();
          for (int k = firstState; k < v.size(); k++) {
            states.add((Output<T>) v.get(k));
          }
          CellOutput<T> out = step.apply(b, x, states);
          Operand<T> output = out.output();
          List<Operand<T>> newStates = out.states();
          if (masked) {
            Output<T> previous = (Output<T>) v.get(2);
            // The zero output is captured where tf.where converts it: in SelectV2's scope.
            output = where(b, m, output, zeroOutputForMask ? s -> capture(g, s, zeroOut)
                : s -> previous);
            List<Operand<T>> kept = new ArrayList<>();
            for (int k = 0; k < newStates.size(); k++) {
              Operand<T> state = states.get(k);
              kept.add(where(b, m, newStates.get(k), s -> state));
            }
            newStates = kept;
          }
          Ops w = Py.scope(b, "TensorArrayV2Write");
          Py.OpScope set = Py.op(w, "TensorListSetItem");
          Operand<TInt32> at = returnAllOutputs ? t : PyConst.scalar(set.inner().withName("index"), 0);
          Operand<?> list = set.op().tensorListSetItem(v.get(1), at, output);
          Py.OpScope add = Py.op(b, "add");
          List<Operand<?>> next = new ArrayList<>();
          next.add(Py.addV2(add.op(), t, PyConst.scalar(add.inner().withName("y"), 1)));
          next.add(list);
          if (masked) {
            next.add(output);
          }
          next.addAll(newStates);
          return next;
        }, 32);
    Ops stack = Py.scope(tf, "TensorArrayV2Stack");
    Py.OpScope ls = Py.op(stack, "TensorListStack");
    Operand<T> outputs = ls.op().tensorListStack(done.get(1),
        PyConst.vector(ls.inner().withName("element_shape"), ints(outShape)), type,
        TensorListStack.numElements(returnAllOutputs ? (long) time : 1L));
    Operand<T> last = index(tf, outputs, -1);
    List<Operand<T>> states = new ArrayList<>();
    for (int k = firstState; k < done.size(); k++) {
      states.add((Output<T>) done.get(k));
    }
    return new Result<>(last, transpose(tf, outputs, new int[] {1, 0, 2}), states);
  }

  /** {@code tf.where(tile(mask), x, y)} as {@code compute_masked_output} builds it. */
  private static <T extends TType> Operand<T> where(Ops tf, Operand<TBool> mask, Operand<T> x,
      java.util.function.Function<Ops, Operand<T>> y) {
    Py.OpScope tile = Py.op(tf, "Tile");
    Operand<TBool> tiled = tile.op().tile(mask,
        PyConst.vector(tile.inner().withName("multiples"), 1, 1));
    Py.OpScope select = Py.op(tf, "SelectV2");
    return select.op().select(tiled, x, y.apply(select.inner()));
  }

  /**
   * {@code rnn(..., unroll=True)}: the transposed inputs (and mask) unstacked along time, one
   * cell call per step (in reverse order for go_backwards); with a mask each output and state
   * chosen by {@code tf.where} on the step's tiled mask (the previous output, zeros before the
   * first); the outputs stacked and transposed back.
   */
  @SuppressWarnings("unchecked")
  static <T extends TFloating> Result<T> unrolled(Ops tf, Step step, Operand<T> inputs,
      List<Operand<T>> initialStates, boolean goBackwards, Operand<TBool> mask,
      boolean zeroOutputForMask, boolean returnAllOutputs) {
    long[] shape = inputs.shape().asArray();
    int time = (int) shape[1];
    Operand<T> xs = transpose(tf, inputs, new int[] {1, 0, 2});
    Operand<TBool> ms = null;
    if (mask != null) {
      Py.OpScope e = Py.op(tf, "ExpandDims");
      ms = e.op().expandDims(mask, PyConst.scalar(e.inner().withName("dim"), -1));
      ms = transpose(tf, ms, new int[] {1, 0, 2});
    }
    List<Operand<T>> steps = new ArrayList<>(Py.named(tf, "unstack").unstack(xs, (long) time)
        .output());
    List<Operand<TBool>> maskSteps = null;
    if (ms != null) {
      maskSteps = new ArrayList<>(Py.named(tf, "unstack").unstack(ms, (long) time).output());
    }
    if (goBackwards) {
      java.util.Collections.reverse(steps);
      if (maskSteps != null) {
        java.util.Collections.reverse(maskSteps);
      }
    }
    List<Operand<T>> states = initialStates;
    List<Operand<T>> outputs = new ArrayList<>();
    for (int i = 0; i < time; i++) {
      CellOutput<T> out = step.apply(tf, steps.get(i), states);
      Operand<T> output = out.output();
      List<Operand<T>> next = out.states();
      if (maskSteps != null) {
        Operand<TBool> m = maskSteps.get(i);
        Operand<TBool> tiled = tile(tf, m, output, 1);
        Operand<T> previous = outputs.isEmpty()
            ? zeros(tf, "zeros_like", output.shape().asArray(), (Class<T>) output.type())
            : outputs.get(outputs.size() - 1);
        output = Py.named(tf, "SelectV2").select(tiled, output, previous);
        List<Operand<TBool>> tiles = new ArrayList<>();
        for (Operand<T> s : states) {
          tiles.add(tile(tf, m, s, 1));
        }
        List<Operand<T>> kept = new ArrayList<>();
        for (int k = 0; k < next.size(); k++) {
          kept.add(Py.named(tf, "SelectV2").select(tiles.get(k), next.get(k), states.get(k)));
        }
        next = kept;
      }
      if (!returnAllOutputs) {
        outputs.clear();
      }
      outputs.add(output);
      states = next;
    }
    Operand<T> last = outputs.get(outputs.size() - 1);
    Operand<T> stacked = Py.named(tf, "stack").stack(outputs);
    if (maskSteps != null && zeroOutputForMask) {
      Operand<TBool> lastTile = tile(tf, maskSteps.get(maskSteps.size() - 1), last, 1);
      Operand<T> lastZeros = zeros(tf, "zeros_like", last.shape().asArray(), (Class<T>) last.type());
      last = Py.named(tf, "SelectV2").select(lastTile, last, lastZeros);
      Operand<TBool> allTile = tile(tf, ms, stacked, 2);
      Operand<T> allZeros = zeros(tf, "zeros_like", stacked.shape().asArray(),
          (Class<T>) stacked.type());
      stacked = Py.named(tf, "SelectV2").select(allTile, stacked, allZeros);
    }
    return new Result<>(last, transpose(tf, stacked, new int[] {1, 0, 2}), states);
  }

  /** {@code _expand_mask(mask, x, fixed_dim)}: Tile to x's shape past the fixed dimensions. */
  private static Operand<TBool> tile(Ops tf, Operand<TBool> mask, Operand<?> x, int fixedDim) {
    long[] s = x.shape().asArray();
    int[] multiples = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      multiples[i] = i < fixedDim ? 1 : (int) s[i];
    }
    Py.OpScope t = Py.op(tf, "Tile");
    return t.op().tile(mask, PyConst.vector(t.inner().withName("multiples"), multiples));
  }

  /** An outer tensor used in the loop body: its capture placeholder there. */
  @SuppressWarnings("unchecked")
  private static <T extends TType> Operand<T> capture(TraceGraph body, Ops tf, Operand<T> outer) {
    return (Operand<T>) body.captureOuter(outer.asOutput(), (TraceScope) tf.scope());
  }

  /** {@code ta.read(t)}: TensorListGetItem in TensorArrayV2Read, the list captured. */
  private static <T extends TType> Operand<T> read(Ops tf, TraceGraph body,
      Operand<? extends TType> list, Operand<TInt32> t, long[] elementShape, Class<T> type) {
    Ops r = Py.scope(tf, "TensorArrayV2Read");
    Py.OpScope get = Py.op(r, "TensorListGetItem");
    Output<?> captured = body.captureOuter(list.asOutput(), (TraceScope) get.inner().scope());
    return get.op().tensorListGetItem(captured, t,
        PyConst.vector(get.inner().withName("element_shape"), ints(elementShape)), type);
  }

  private static int[] ints(long[] dims) {
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = (int) dims[i];
    }
    return out;
  }

  private static <T extends TType> Operand<T> transpose(Ops tf, Operand<T> x, int[] perm) {
    Py.OpScope t = Py.op(tf, "transpose");
    return t.op().linalg.transpose(x, PyConst.vector(t.inner().withName("perm"), perm));
  }

  private static <T extends TType> Operand<T> reverse(Ops tf, Operand<T> x) {
    Py.OpScope r = Py.op(tf, "ReverseV2");
    return r.op().reverse(x, PyConst.vector(r.inner().withName("axis"), 0));
  }

  /** {@code tf.TensorArray(dtype, size, element_shape)}: TensorListReserve in TensorArrayV2. */
  private static <T extends TType> Operand<? extends TType> reserve(Ops tf, int size,
      long[] elementShape, Class<T> type) {
    Py.OpScope s = Py.op(tf, "TensorArrayV2");
    Ops named = s.inner().withName("element_shape");
    Operand<TInt32> shape = elementShape == null ? PyConst.scalar(named, -1)
        : PyConst.vector(named, ints(elementShape));
    return s.op().tensorListReserve(shape, PyConst.scalar(s.inner().withName("num_elements"), size),
        type);
  }

  /** {@code ta.unstack(x)}: TensorListFromTensor in TensorArrayUnstack. */
  private static Operand<? extends TType> fromTensor(Ops tf, Operand<?> x, long[] elementShape) {
    Ops u = Py.scope(tf, "TensorArrayUnstack");
    Py.OpScope s = Py.op(u, "TensorListFromTensor");
    return s.op().tensorListFromTensor(x,
        PyConst.vector(s.inner().withName("element_shape"), ints(elementShape)));
  }

  /** {@code x[i]}: strided_slice of one element on axis 0 (shrunk). */
  private static <T extends TType> Operand<T> index(Ops tf, Operand<T> x, int i) {
    Py.OpScope s = Py.op(tf, "strided_slice");
    return s.op().stridedSlice(x, PyConst.vector(s.inner().withName("stack"), i),
        PyConst.vector(s.inner().withName("stack_1"), i + 1),
        PyConst.vector(s.inner().withName("stack_2"), 1), StridedSlice.shrinkAxisMask(1L));
  }

  /** {@code tf.reduce_max(input_length)} of the Python int {@code time}, as TF builds it. */
  private static Output<TInt32> reduceMax(Ops tf, int time) {
    Py.OpScope rank = Py.op(tf, "Rank");
    PyConst.scalar(rank.inner().withName("Const"), time);
    Operand<TInt32> r = PyConst.scalar(rank.op(), 0);
    Py.OpScope range = Py.op(tf, "range");
    Operand<TInt32> axes = range.op().range(PyConst.scalar(range.inner().withName("start"), 0), r,
        PyConst.scalar(range.inner().withName("delta"), 1));
    Py.OpScope m = Py.op(tf, "Max");
    return m.op().max(PyConst.scalar(m.inner().withName("input"), time), axes).asOutput();
  }

  /**
   * {@code tf.zeros(shape, dtype, name)} / {@code zeros_like} of a static shape: a constant below
   * 1000 elements, else Fill (TF's {@code _constant_if_small}).
   */
  static <T extends TType> Operand<T> zeros(Ops tf, String name, long[] shape, Class<T> type) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n < 1000) {
      return PyConst.filled(Py.named(tf, name), 0, shape, type);
    }
    Py.OpScope z = Py.op(tf, name);
    return z.op().fill(PyConst.vector(z.inner().withName("shape_as_tensor"), ints(shape)),
        PyConst.filled(z.inner().withName("Const"), 0, new long[0], type));
  }
}
