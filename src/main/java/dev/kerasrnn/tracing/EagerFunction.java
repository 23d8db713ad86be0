package dev.kerasrnn.tracing;

import dev.kerasrnn.core.EagerSessions;
import dev.kerasrnn.core.HostArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.EagerSession;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.family.TType;

/**
 * A function library run the way TF Python calls a {@code tf.function}: an eager op whose type
 * is the entry function's name, with the {@code executor_type} and {@code config_proto} attrs
 * (TensorFlow then instantiates the function with Grappler, as for Python; without them Grappler
 * is skipped). Captured variables are eager resource variables holding the given values. The
 * session, the instantiated function and the variables live until {@link #close}; calls are
 * serialized.
 */
public final class EagerFunction implements AutoCloseable {
  private static final AtomicLong SHARED_NAMES = new AtomicLong();
  private static final byte[] CONFIG = ConfigProto.newBuilder().build().toByteArray();

  private final EagerSession eager;
  private final String entry;
  private final List<Operand<?>> handles = new ArrayList<>();

  /**
   * @param captures the captured arguments' values, in order (resource variables are made of
   *     them)
   */
  public EagerFunction(FunctionDefLibrary library, String entry, List<HostArray> captures) {
    this.entry = entry;
    this.eager = EagerSessions.open();
    try (Graph holder = new Graph()) {
      holder.importGraphDef(GraphDef.newBuilder().setLibrary(library).build());
      ConcreteFunction fn = holder.getFunction(entry);
      if (fn == null) {
        throw new IllegalArgumentException("no function " + entry + " in the library");
      }
      eager.attachFunction(fn);
    } catch (RuntimeException e) {
      eager.close();
      throw e;
    }
    Ops tf = Ops.create(eager);
    for (HostArray v : captures) {
      try (TType t = v.toTensor()) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Operand<TType> init = (Operand) tf.constantOf((org.tensorflow.types.family.TNumber) t);
        VarHandleOp h = tf.varHandleOp(init.type(), Shape.of(v.shape()),
            VarHandleOp.sharedName("krnn_predict_" + SHARED_NAMES.incrementAndGet()));
        tf.assignVariableOp(h, init);
        handles.add(h);
      }
    }
  }

  /**
   * Runs the entry function on {@code inputs} (the explicit arguments, which the caller closes)
   * and returns its outputs.
   */
  public synchronized List<HostArray> call(List<? extends Tensor> inputs) {
    Ops tf = Ops.create(eager);
    OperationBuilder b = eager.opBuilder(entry, "predict", tf.scope());
    for (Tensor x : inputs) {
      b.addInput(tf.constantOf((TType) x).asOutput());
    }
    handles.forEach(h -> b.addInput(h.asOutput()));
    b.setAttr("executor_type", "");
    b.setAttr("config_proto", CONFIG);
    Operation op = b.build();
    List<HostArray> out = new ArrayList<>();
    for (int k = 0; k < op.numOutputs(); k++) {
      out.add(HostArray.fromTensor(op.output(k).asTensor()));
    }
    return out;
  }

  @Override
  public synchronized void close() {
    eager.close();
  }
}
