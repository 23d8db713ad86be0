package dev.kerasrnn.tracing;

import org.tensorflow.ConcreteFunction;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.op.Scope;

/**
 * A TF Java {@link Graph} seen through an {@link ExecutionEnvironment} of the library's own, so
 * that the ops built into it are named by the library's {@link Scope} ({@link #baseScope}):
 * everything else goes to the graph as it is.
 */
public abstract class GraphEnvironment implements ExecutionEnvironment {
  private final Graph graph;

  protected GraphEnvironment(Graph graph) {
    this.graph = graph;
  }

  /** The TF Java graph holding the ops. */
  public Graph graph() {
    return graph;
  }

  @Override
  public OperationBuilder opBuilder(String type, String opName, Scope scope) {
    return graph.opBuilder(type, opName, scope);
  }

  @Override
  public void attachFunction(ConcreteFunction function) {
    graph.attachFunction(function);
  }

  @Override
  public void checkInput(Operation input) {
    graph.checkInput(input);
  }

  @Override
  public Types environmentType() {
    return Types.GRAPH;
  }

  @Override
  public boolean isInitializer(Operation op) {
    return graph.isInitializer(op);
  }
}
