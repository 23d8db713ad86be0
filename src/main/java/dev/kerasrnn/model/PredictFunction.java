package dev.kerasrnn.model;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.tracing.EagerFunction;
import dev.kerasrnn.tracing.Py;
import dev.kerasrnn.tracing.TracedFunction;
import dev.kerasrnn.tracing.UnsupportedTraceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;

/**
 * Keras 3's {@code model.predict(x, batch_size=B)} for one model: the inputs cut in batches of B
 * rows, the first batch's shape traced as Keras's {@code predict_function} (one step, {@code
 * one_step_on_data_distributed}), the graph run as TF Python runs it ({@link EagerFunction}), the
 * outputs concatenated. Each traced shape is kept.
 */
final class PredictFunction implements AutoCloseable {
  /** Keras's batch size when predict() is given none. */
  static final int DEFAULT_BATCH_SIZE = 32;

  private final Model model;
  private long[][] traced;
  private EagerFunction function;
  private TracedFunction trace;

  PredictFunction(Model model) {
    this.model = model;
  }

  /** The library of the last trace (for comparison with Keras's), or null. */
  synchronized TracedFunction lastTrace() {
    return trace;
  }

  synchronized List<HostArray> predict(List<Object> inputs, int batchSize, DType floatx) {
    if (model.era() != KerasEra.KERAS_3) {
      throw new UnsupportedTraceException(model.name(), "tf-keras models (their predict()"
          + " function takes a data iterator and fused standard_lstm functions)");
    }
    if (model.jitCompile()) {
      throw new UnsupportedTraceException(model.name(), "models compiled with jit_compile=True"
          + " (Keras then runs predict() under XLA, even on a CPU; the saved compile_config says"
          + " so)");
    }
    long n = rows(inputs.get(0));
    if (n > batchSize && n % batchSize != 0) {
      throw new UnsupportedTraceException(model.name(), "a last partial batch (" + n
          + " rows, batch_size " + batchSize + "; Keras retraces it with an unknown batch size)");
    }
    List<HostArray> concatenated = null;
    List<List<HostArray>> parts = new ArrayList<>();
    for (long start = 0; start < n; start += batchSize) {
      long end = Math.min(n, start + batchSize);
      List<Object> batch = new ArrayList<>();
      for (Object in : inputs) {
        batch.add(slice(in, start, end, floatx));
      }
      parts.add(run(batch));
    }
    concatenated = parts.size() == 1 ? parts.get(0) : concatenate(parts);
    return concatenated;
  }

  private List<HostArray> run(List<Object> batch) {
    long[][] shapes = new long[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      shapes[i] = shape(batch.get(i));
    }
    if (function == null || !Arrays.deepEquals(shapes, traced)) {
      if (function != null) {
        function.close();
      }
      trace = trace(batch);
      List<HostArray> values = new ArrayList<>();
      for (Object key : trace.captures()) {
        values.add(((Variable) key).value());
      }
      function = new EagerFunction(trace.library(), trace.entry(), values);
      traced = shapes;
    }
    List<Tensor> tensors = new ArrayList<>();
    try {
      for (Object v : batch) {
        tensors.add(tensor(v));
      }
      return function.call(tensors);
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * The concrete function Keras 3 traces for these inputs: arguments {@code data_0} (one input)
   * or {@code data_0_0_<i>} (several: the batch is a tuple), the model called in its name scope.
   */
  private TracedFunction trace(List<Object> batch) {
    List<TracedFunction.Argument> args = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      String name = batch.size() == 1 ? "data_0" : "data_0_0_" + i;
      args.add(new TracedFunction.Argument(name, dataType(batch.get(i)),
          Shape.of(shape(batch.get(i)))));
    }
    return TracedFunction.trace("__inference_one_step_on_data_distributed", args,
        (tf, in) -> {
          Ops m = Py.kerasCall(tf, model.name());
          return model.apply(m, new ArrayList<Operand<?>>(in));
        });
  }

  private static long rows(Object v) {
    return shape(v)[0];
  }

  private static long[] shape(Object v) {
    if (v instanceof HostArray a) {
      return a.shape();
    }
    if (v instanceof IntArray a) {
      return a.shape();
    }
    return ((Mask) v).shape();
  }

  private static DataType dataType(Object v) {
    if (v instanceof HostArray a) {
      return a.dtype().dataType();
    }
    return v instanceof IntArray ? DataType.DT_INT32 : DataType.DT_BOOL;
  }

  private static Tensor tensor(Object v) {
    if (v instanceof HostArray a) {
      return a.toTensor();
    }
    if (v instanceof IntArray a) {
      return a.toTensor();
    }
    return ((Mask) v).toTensor();
  }

  /** Rows [start, end) of an input; floating inputs in {@code floatx}, as Keras converts them. */
  private static Object slice(Object v, long start, long end, DType floatx) {
    Object part = v;
    long[] s = shape(v);
    if (start != 0 || end != s[0]) {
      part = v instanceof HostArray a ? a.rows(start, end)
          : v instanceof IntArray a ? a.rows(start, end) : ((Mask) v).rows(start, end);
    }
    if (part instanceof HostArray a && a.dtype() != floatx) {
      part = a.castTo(floatx);
    }
    return part;
  }

  private static List<HostArray> concatenate(List<List<HostArray>> parts) {
    List<HostArray> out = new ArrayList<>();
    for (int k = 0; k < parts.get(0).size(); k++) {
      List<HostArray> pieces = new ArrayList<>();
      for (List<HostArray> p : parts) {
        pieces.add(p.get(k));
      }
      out.add(HostArray.concatRows(pieces));
    }
    return out;
  }

  @Override
  public synchronized void close() {
    if (function != null) {
      function.close();
      function = null;
    }
  }
}
