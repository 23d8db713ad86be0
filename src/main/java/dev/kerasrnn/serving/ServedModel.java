package dev.kerasrnn.serving;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.core.KerasRnnException;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.core.RequestException;
import dev.kerasrnn.model.InputLayer;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.model.Target;
import dev.kerasrnn.runtime.CompiledFunction;
import dev.kerasrnn.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * One model behind the server: loaded once, compiled once for its declared input shapes (any
 * batch size, any length where the model leaves it open) and shared by every request thread
 * ({@link CompiledFunction} is thread-safe). Each request runs as its own batch, so its outputs
 * are the bits Keras gives for that request ({@link Target#CALL}: {@code model(x)}).
 */
public final class ServedModel implements AutoCloseable {
  /** The only version served, as TF Serving numbers a model's first. */
  public static final String VERSION = "1";

  private final String name;
  private final Model model;
  private final Target target;
  private final int predictBatchSize;
  private final List<TensorInfo> inputs;
  private final List<DType> inputFloatTypes;
  private final List<TensorInfo> outputs;
  private final CompiledFunction compiled;

  private ServedModel(String name, Model model, Target target, int predictBatchSize) {
    if (model.hasStatefulLayers()) {
      throw new ConfigException("model '" + model.name() + "' (" + model.source() + ") holds"
          + " stateful recurrent layers; serving refuses it: every request would continue from"
          + " the states the previous request (of any client) left. Serve the model saved with"
          + " stateful=False, or run it in-process with Model.predict and Model.resetStates");
    }
    this.name = name;
    this.model = model;
    this.target = target;
    this.predictBatchSize = predictBatchSize;
    List<TensorInfo> in = new ArrayList<>();
    List<DType> floats = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>();
    for (InputLayer layer : model.inputs()) {
      Datatype d = inputDatatype(layer);
      DType f = d.isFloat() ? floatDtype(layer) : null;
      floats.add(f);
      in.add(new TensorInfo(layer.name(), d, layer.batchShape()));
      Class<? extends TType> type = f != null ? f.tfType() : d == Datatype.BOOL ? TBool.class
          : TInt32.class;
      specs.add(new TensorSpec(type, layer.batchShape()));
    }
    this.inputs = List.copyOf(in);
    this.inputFloatTypes = java.util.Collections.unmodifiableList(floats);
    CompiledFunction c = null;
    if (target == Target.CALL) {
      try {
        c = model.compile(specs);
      } catch (KerasRnnException e) {
        c = null; // a layer needs known sizes: Model.predict compiles one graph per shape
      }
    }
    this.compiled = c;
    List<HostArray> warm = run(warmUpInputs());
    List<TensorInfo> out = new ArrayList<>();
    List<long[]> shapes = model.outputShapes();
    for (int k = 0; k < warm.size(); k++) {
      out.add(new TensorInfo(model.outputNames().get(k), Datatype.of(warm.get(k).dtype()),
          shapes.get(k)));
    }
    this.outputs = List.copyOf(out);
  }

  /**
   * Loads and compiles a model file ({@code .keras} or legacy {@code .h5}) and runs it once on
   * zeros (batch 1) to learn its output types.
   *
   * @param target {@link Target#CALL} (Keras's {@code model(x)}) or {@link Target#PREDICT}
   *     (Keras's {@code model.predict(x, batch_size=predictBatchSize)})
   */
  public static ServedModel load(String name, Path file, Target target, int predictBatchSize) {
    Model m = Model.load(file);
    try {
      return new ServedModel(name, m, target, predictBatchSize);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Serves an already loaded model (the server closes it). */
  public static ServedModel of(String name, Model model) {
    return new ServedModel(name, model, Target.CALL, 32);
  }

  public String name() {
    return name;
  }

  public List<TensorInfo> inputs() {
    return inputs;
  }

  public List<TensorInfo> outputs() {
    return outputs;
  }

  /** Which of Keras's answers the outputs reproduce. */
  public Target target() {
    return target;
  }

  /** The input named {@code inputName}, or -1. */
  int inputIndex(String inputName) {
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).name().equals(inputName)) {
        return i;
      }
    }
    return -1;
  }

  /** The output named {@code outputName}, or -1. */
  int outputIndex(String outputName) {
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i).name().equals(outputName)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Runs the model on decoded request values, one per input in order.
   *
   * @throws RequestException (400) naming the input whose shape or values do not fit
   */
  public List<HostArray> predict(List<TensorValues> values) {
    if (values.size() != inputs.size()) {
      throw RequestException.badRequest("model '" + name + "' takes " + inputs.size()
          + " input(s) " + inputNames() + ", given " + values.size());
    }
    List<Object> fed = new ArrayList<>();
    long batch = -1;
    for (int i = 0; i < values.size(); i++) {
      TensorInfo info = inputs.get(i);
      TensorValues v = values.get(i);
      if (!info.fits(v.shape())) {
        throw RequestException.badRequest("model '" + name + "' input '" + info.name()
            + "': expected shape " + info.shapeString() + " (-1: any size), given "
            + Arrays.toString(v.shape()));
      }
      if (batch >= 0 && v.shape()[0] != batch) {
        throw RequestException.badRequest("model '" + name + "': every input needs the same"
            + " batch size; input '" + inputs.get(0).name() + "' has " + batch + ", input '"
            + info.name() + "' has " + v.shape()[0]);
      }
      batch = v.shape().length > 0 ? v.shape()[0] : batch;
      if (batch == 0) {
        throw RequestException.badRequest("model '" + name + "' input '" + info.name()
            + "': expected at least one instance (batch size ≥ 1), given 0");
      }
      fed.add(toValue(i, v));
    }
    return run(fed);
  }

  private List<HostArray> run(List<Object> fed) {
    if (target == Target.PREDICT) {
      synchronized (this) {
        return model.predict(fed, Target.PREDICT, predictBatchSize);
      }
    }
    return compiled != null ? compiled.call(fed) : model.predict(fed);
  }

  private Object toValue(int i, TensorValues v) {
    TensorInfo info = inputs.get(i);
    String what = "model '" + name + "' input '" + info.name() + "'";
    switch (TensorValues.Kind.of(info.datatype())) {
      case FLOAT:
        return HostArray.of(inputFloatTypes.get(i), v.shape(), v.doubles());
      case INTEGER: {
        int[] ints = new int[v.longs().length];
        for (int k = 0; k < ints.length; k++) {
          long x = v.longs()[k];
          if (x != (int) x) {
            throw RequestException.badRequest(what + ": expected int32 values, given " + x
                + " at flat index " + k);
          }
          ints[k] = (int) x;
        }
        return IntArray.of(v.shape(), ints);
      }
      case BOOL:
        if (v.shape().length != 2) {
          throw RequestException.badRequest(what + ": expected a (batch, time) boolean mask,"
              + " given shape " + Arrays.toString(v.shape()));
        }
        return Mask.of(v.shape()[0], v.shape()[1], v.booleans());
      default:
        throw new IllegalStateException(info.datatype().toString());
    }
  }

  private List<Object> warmUpInputs() {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      long[] shape = inputs.get(i).shape();
      for (int d = 0; d < shape.length; d++) {
        shape[d] = shape[d] < 0 ? 1 : shape[d];
      }
      int n = Math.toIntExact(TensorValues.count(shape));
      Datatype d = inputs.get(i).datatype();
      out.add(d.isFloat() ? HostArray.zeros(inputFloatTypes.get(i), shape)
          : d == Datatype.BOOL ? Mask.of(shape[0], shape.length > 1 ? shape[1] : 1,
              trues(n)) : IntArray.of(shape, new int[n]));
    }
    return out;
  }

  private static boolean[] trues(int n) {
    boolean[] b = new boolean[n];
    Arrays.fill(b, true);
    return b;
  }

  /** The input names in order. */
  public List<String> inputNames() {
    return inputs.stream().map(TensorInfo::name).toList();
  }

  /** The output names in order. */
  public List<String> outputNames() {
    return outputs.stream().map(TensorInfo::name).toList();
  }

  private static Datatype inputDatatype(InputLayer layer) {
    String d = layer.dtypeName();
    if (d == null || layer.floatDtype() != null) {
      return layer.floatDtype() == null ? Datatype.FP32 : Datatype.of(layer.floatDtype());
    }
    if (d.equals("bool")) {
      return Datatype.BOOL;
    }
    Datatype parsed = Datatype.parse(d.toUpperCase(java.util.Locale.ROOT));
    if (parsed != null && parsed.isInteger()) {
      return parsed;
    }
    throw new dev.kerasrnn.core.ConfigException("input '" + layer.name() + "' has dtype " + d
        + "; the server takes float, integer or bool inputs");
  }

  private static DType floatDtype(InputLayer layer) {
    return layer.floatDtype() == null ? DType.FLOAT32 : layer.floatDtype();
  }

  @Override
  public void close() {
    if (compiled != null) {
      compiled.close();
    }
    model.close();
  }
}
