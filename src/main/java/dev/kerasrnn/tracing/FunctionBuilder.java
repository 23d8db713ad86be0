package dev.kerasrnn.tracing;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteBuffer;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteFunction;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FunctionImportFunctionDef;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_FunctionToFunctionDef;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphCopyFunction;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphSetTensorShape;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_GraphToFunctionWithControlOutputs;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_NewBuffer;

import com.google.protobuf.InvalidProtocolBufferException;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.internal.c_api.TF_Function;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Operation;
import org.tensorflow.internal.c_api.TF_Output;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;

/**
 * Turns a {@link TraceGraph} into a FunctionDef with the C API call TF Python makes for a
 * concrete function ({@code TF_GraphToFunctionWithControlOutputs}: no hash appended to the name,
 * outputs named after their nodes, the ops that must run as control outputs), then sets the
 * function's attributes as Python does ({@code TF_FunctionSetAttrValueProto}). The C API also
 * turns each placeholder's static shape into the argument's {@code _output_shapes}.
 */
public final class FunctionBuilder {
  private static final Field GRAPH_HANDLE;

  static {
    try {
      GRAPH_HANDLE = Graph.class.getDeclaredField("nativeHandle");
      GRAPH_HANDLE.setAccessible(true);
    } catch (NoSuchFieldException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private FunctionBuilder() {}

  /** The FunctionDef of {@code g} with these outputs and function attributes. */
  public static FunctionDef build(TraceGraph g, List<? extends Output<?>> outputs,
      Map<String, AttrValue> attrs) {
    List<GraphOperation> body = g.body();
    List<Output<?>> inputs = g.inputs();
    List<Operation> control = g.mustRunOps();
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      PointerPointer<TF_Operation> opers = new PointerPointer<>(body.size());
      for (int i = 0; i < body.size(); i++) {
        opers.put(i, body.get(i).getUnsafeNativeHandle());
      }
      PointerPointer<TF_Operation> controls = new PointerPointer<>(Math.max(1, control.size()));
      for (int i = 0; i < control.size(); i++) {
        controls.put(i, ((GraphOperation) control.get(i)).getUnsafeNativeHandle());
      }
      TF_Function fn = TF_GraphToFunctionWithControlOutputs(handle(g.graph()),
          new BytePointer(g.name()), (byte) 0, body.size(), opers, inputs.size(),
          tfOutputs(inputs), outputs.size(), tfOutputs(outputs), null, control.size(),
          control.isEmpty() ? null : controls, null, null, new BytePointer(""), status);
      status.throwExceptionIfNotOK();
      try {
        FunctionDef.Builder def = toFunctionDef(fn).toBuilder();
        attrs.forEach(def::putAttr);
        return def.build();
      } finally {
        TF_DeleteFunction(fn);
      }
    }
  }

  /** Adds a FunctionDef to a graph's library (so that ops there can call it). */
  public static void addTo(Graph graph, FunctionDef def) {
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      byte[] bytes = def.toByteArray();
      TF_Function fn = TF_FunctionImportFunctionDef(new BytePointer(bytes), bytes.length, status);
      status.throwExceptionIfNotOK();
      try {
        TF_GraphCopyFunction(handle(graph), fn, null, status);
        status.throwExceptionIfNotOK();
      } finally {
        TF_DeleteFunction(fn);
      }
    }
  }

  /** Refines the static shape of a graph tensor ({@code TF_GraphSetTensorShape}). */
  static void setShape(Graph graph, Output<?> output, long[] dims) {
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_Output out = new TF_Output(1);
      out.oper(((GraphOperation) output.op()).getUnsafeNativeHandle()).index(output.index());
      TF_GraphSetTensorShape(handle(graph), out, dims, dims.length, status);
      status.throwExceptionIfNotOK();
    }
  }

  private static FunctionDef toFunctionDef(TF_Function fn) {
    TF_Status status = TF_Status.newStatus();
    TF_Buffer buffer = TF_NewBuffer();
    try {
      TF_FunctionToFunctionDef(fn, buffer, status);
      status.throwExceptionIfNotOK();
      return FunctionDef.parseFrom(buffer.dataAsByteBuffer());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("the C API returned an unreadable FunctionDef", e);
    } finally {
      TF_DeleteBuffer(buffer);
    }
  }

  private static TF_Output tfOutputs(List<? extends Output<?>> outputs) {
    TF_Output out = new TF_Output(Math.max(1, outputs.size()));
    for (int i = 0; i < outputs.size(); i++) {
      Output<?> o = outputs.get(i);
      out.position(i).oper(((GraphOperation) o.op()).getUnsafeNativeHandle()).index(o.index());
    }
    return out.position(0);
  }

  private static TF_Graph handle(Graph graph) {
    try {
      return (TF_Graph) GRAPH_HANDLE.get(graph);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
