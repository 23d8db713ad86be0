package dev.kerasrnn.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TInt32;

/**
 * {@code tf.while_loop} as TF Python's {@code while_v2} builds it in a traced function: the scope
 * {@code while}; a loop counter and the maximum iterations as the first two loop variables; cond
 * and body as nested functions whose arguments are placeholders named after the loop variables'
 * signature ({@code <scope>/<op name>} for named ones, {@code Placeholder}, ... otherwise); the
 * body's captures appended to the loop variables (and duplicated into cond as {@code
 * <cond>___redundant_placeholder<i>}); one {@code While} op (stateful when the body is) named
 * after the scope, lowered to Switch/Merge ({@code _lower_using_switch_merge}).
 */
public final class WhileV2 {
  private static final AtomicLong UID = new AtomicLong(1000);

  private WhileV2() {}

  /** The loop condition on the loop variables (without counter and maximum). */
  public interface Cond {
    Operand<TBool> apply(Ops tf, TraceGraph graph, List<Output<?>> vars);
  }

  /** The loop body: the loop variables' next values (without counter and maximum). */
  public interface Body {
    List<Operand<?>> apply(Ops tf, TraceGraph graph, List<Output<?>> vars);
  }

  /**
   * Builds the loop in {@code tf}'s traced graph; returns the loop variables' final values.
   *
   * @param maximumIterations an int32 scalar of the graph (Keras passes {@code reduce_max})
   */
  public static List<Output<?>> whileLoop(Ops tf, List<Output<?>> loopVars,
      Output<TInt32> maximumIterations, Cond cond, Body body, int parallelIterations) {
    TraceScope outerScope = (TraceScope) tf.scope();
    TraceGraph outer = outerScope.graph();
    Ops loop = tf.withSubScope("while");
    String stack = ((TraceScope) loop.scope()).stack();
    String condName = (stack + "/cond").replace('/', '_') + "_" + UID.incrementAndGet();
    String bodyName = (stack + "/body").replace('/', '_') + "_" + UID.incrementAndGet();
    Output<TInt32> counter = PyConst.scalar(loop.withName("loop_counter"), 0).asOutput();

    List<Output<?>> signature = new ArrayList<>();
    signature.add(counter);
    signature.add(maximumIterations);
    signature.addAll(loopVars);
    List<String> specNames = new ArrayList<>();
    specNames.add(counter.op().name());
    specNames.add(maximumIterations.op().name());
    loopVars.forEach(v -> specNames.add(null));

    try (TraceGraph condGraph = new TraceGraph(condName, outer, stack);
        TraceGraph bodyGraph = new TraceGraph(bodyName, outer, stack)) {
      List<Output<?>> condArgs = arguments(condGraph, signature, specNames);
      Ops c = condGraph.ops();
      Operand<TBool> pred = cond.apply(c, condGraph, condArgs.subList(2, condArgs.size()));
      @SuppressWarnings("unchecked")
      Operand<TBool> counterOk = c.withName("Less").math.less((Output<TInt32>) condArgs.get(0),
          (Output<TInt32>) condArgs.get(1));
      Operand<TBool> keepGoing = c.withName("LogicalAnd").math.logicalAnd(counterOk, pred);
      List<Output<?>> condOut = condGraph.finish(List.of(keepGoing));

      List<Output<?>> bodyArgs = arguments(bodyGraph, signature, specNames);
      Ops b = bodyGraph.ops();
      List<Operand<?>> next = body.apply(b, bodyGraph, bodyArgs.subList(2, bodyArgs.size()));
      Py.OpScope add = Py.op(b, "add");
      @SuppressWarnings("unchecked")
      Operand<TInt32> nextCounter = Py.addV2(add.op(), (Output<TInt32>) bodyArgs.get(0),
          PyConst.scalar(add.inner().withName("y"), 1));
      List<Operand<?>> bodyResults = new ArrayList<>();
      bodyResults.add(nextCounter);
      bodyResults.add(bodyArgs.get(1));
      bodyResults.addAll(next);
      List<Output<?>> bodyOut = new ArrayList<>(bodyGraph.finish(bodyResults));
      List<TraceGraph.Capture> captured = bodyGraph.captures();
      captured.forEach(cap -> bodyOut.add(cap.placeholder()));

      List<Output<?>> whileInputs = new ArrayList<>(signature);
      for (TraceGraph.Capture cap : captured) {
        whileInputs.add((Output<?>) cap.external());
      }
      // cond takes the body's captures too, unused
      for (int i = 0; i < captured.size(); i++) {
        Output<?> ext = (Output<?>) captured.get(i).external();
        condGraph.argument(condName + "___redundant_placeholder" + i, ext.dataType(),
            Shape.unknown(), null);
      }

      FunctionDef condDef = FunctionBuilder.build(condGraph, condOut, CONTEXT);
      FunctionDef bodyDef = FunctionBuilder.build(bodyGraph, bodyOut, CONTEXT);
      outer.addFunction(condDef);
      outer.addFunction(bodyDef);
      boolean stateful = !bodyGraph.mustRunOps().isEmpty() || !condGraph.mustRunOps().isEmpty();

      DataType[] types = new DataType[whileInputs.size()];
      Shape[] shapes = new Shape[whileInputs.size()];
      List<Long> readOnly = new ArrayList<>();
      for (int i = 0; i < whileInputs.size(); i++) {
        types[i] = whileInputs.get(i).dataType();
        shapes[i] = bodyOut.get(i).shape();
        if (types[i] == DataType.DT_RESOURCE) {
          readOnly.add((long) i);
        }
      }
      Operation op = outer.graph().opBuilder(stateful ? "While" : "StatelessWhile", stack,
              outerScope)
          .addInputList(whileInputs.toArray(new Output<?>[0]))
          .setAttr("T", types)
          .setAttr("cond", func(condName))
          .setAttr("body", func(bodyName))
          .setAttr("output_shapes", shapes)
          .setAttr("parallel_iterations", (long) parallelIterations)
          .setAttr("_lower_using_switch_merge", true)
          .setAttr("_num_original_outputs", (long) whileInputs.size())
          .setAttr("_read_only_resource_inputs",
              readOnly.stream().mapToLong(Long::longValue).toArray())
          .build();
      if (stateful) {
        outer.mustRun(op);
      }
      List<Output<?>> out = new ArrayList<>();
      for (int i = 2; i < 2 + loopVars.size(); i++) {
        out.add(op.output(i));
      }
      return out;
    }
  }

  private static final Map<String, AttrValue> CONTEXT = Map.of("_construction_context",
      AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8("kEagerRuntime"))
          .build());

  /** The attributes TF Python sets on every traced function. */
  public static Map<String, AttrValue> constructionContext() {
    return CONTEXT;
  }

  private static AttrValue func(String name) {
    return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
  }

  /** Placeholders for the signature, named as while_v2's func graphs name them. */
  private static List<Output<?>> arguments(TraceGraph g, List<Output<?>> signature,
      List<String> names) {
    List<Output<?>> out = new ArrayList<>();
    for (int i = 0; i < signature.size(); i++) {
      Output<?> s = signature.get(i);
      String n = names.get(i);
      out.add(g.argument(n != null ? n : "Placeholder", s.dataType(), s.shape(), n));
    }
    return out;
  }
}
