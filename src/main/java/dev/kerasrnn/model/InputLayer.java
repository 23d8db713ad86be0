package dev.kerasrnn.model;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.layers.Layer;
import dev.kerasrnn.layers.Variable;
import dev.kerasrnn.layers.rnn.RecurrentLayer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;

/**
 * A model input; {@code keras.layers.InputLayer} ({@code keras.Input}). Its config gives the batch
 * shape ({@code batch_shape} in Keras 3, {@code batch_input_shape} in tf-keras; -1 for None) and
 * dtype ({@code null} when the config names a non-numeric or unknown one: then any value is fed).
 */
public final class InputLayer implements Layer {
  private final String name;
  private final long[] batchShape;
  private final String dtypeName;

  InputLayer(String name, long[] batchShape, String dtypeName) {
    this.name = name;
    this.batchShape = batchShape.clone();
    this.dtypeName = dtypeName;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String kerasClassName() {
    return "InputLayer";
  }

  /** The declared shape with the batch dimension, -1 where Keras has None. */
  public long[] batchShape() {
    return batchShape.clone();
  }

  /** The declared dtype name, e.g. {@code "float32"} or {@code "int32"}. */
  public String dtypeName() {
    return dtypeName;
  }

  /** The declared float dtype, or null when the input holds integers. */
  public DType floatDtype() {
    try {
      return DType.fromKerasName(dtypeName);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public void build(List<long[]> inputShapes) {}

  @Override
  public boolean isBuilt() {
    return true;
  }

  @Override
  public List<long[]> outputShapes(List<long[]> inputShapes) {
    return List.of(batchShape.clone());
  }

  @Override
  public List<Variable> weights() {
    return List.of();
  }

  @Override
  public List<RecurrentLayer.WeightGroup> weightGroups() {
    return List.of();
  }

  /** The fed value, unchanged (the model casts float inputs to the declared dtype). */
  @Override
  public Outputs call(Ops tf, List<Operand<?>> inputs, List<Operand<TBool>> masks) {
    return Outputs.of(inputs.get(0));
  }
}
