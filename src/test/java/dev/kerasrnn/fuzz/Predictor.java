package dev.kerasrnn.fuzz;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.IntArray;
import dev.kerasrnn.model.InputLayer;
import dev.kerasrnn.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model that loaded from a mutated file once on a small input (batch 1 or 2, unknown
 * lengths 3): compiled or eager as {@code eager} says. Inputs declared larger than {@link
 * #MAX_ELEMENTS} are not run (a legitimate model may declare them; the run would only measure
 * memory).
 */
final class Predictor {
  static final long MAX_ELEMENTS = 4096;

  private Predictor() {}

  /** @return whether the model was run (its inputs are small enough) */
  static boolean runOnce(Model model, boolean eager) {
    List<Object> inputs = new ArrayList<>();
    for (InputLayer in : model.inputs()) {
      long[] shape = in.batchShape().clone();
      long elements = 1;
      for (int d = 0; d < shape.length; d++) {
        if (shape[d] < 0) {
          shape[d] = d == 0 ? 2 : 3;
        }
        if (shape[d] > MAX_ELEMENTS || elements * shape[d] > MAX_ELEMENTS) {
          return false;
        }
        elements *= shape[d];
      }
      inputs.add(input(in, shape, (int) elements));
    }
    List<HostArray> out = eager ? model.predictEager(inputs) : model.predict(inputs);
    if (out.size() != model.outputNames().size()) {
      throw new AssertionError("expected " + model.outputNames().size() + " outputs, got "
          + out.size());
    }
    return true;
  }

  private static Object input(InputLayer in, long[] shape, int elements) {
    DType f = in.floatDtype();
    if (f == null && !"bool".equals(in.dtypeName())) {
      return IntArray.of(shape, new int[elements]); // token id 0 fits every Embedding
    }
    double[] v = new double[elements];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i * 0.7) * 2;
    }
    return HostArray.of(f == null ? DType.FLOAT32 : f, shape, v);
  }
}
