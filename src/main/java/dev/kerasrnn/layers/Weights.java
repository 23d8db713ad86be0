package dev.kerasrnn.layers;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.WeightsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code get_weights} / {@code set_weights} over a list of variables, all-or-nothing. */
public final class Weights {
  private Weights() {}

  public static List<HostArray> values(List<Variable> vars) {
    List<HostArray> out = new ArrayList<>();
    for (Variable v : vars) {
      out.add(v.value());
    }
    return out;
  }

  /** Checks every count, shape and dtype, then assigns; nothing changes if a check fails. */
  public static void assign(String layer, List<Variable> vars, List<HostArray> weights) {
    if (weights.size() != vars.size()) {
      List<String> expected = new ArrayList<>();
      for (Variable v : vars) {
        expected.add(v.name() + HostArray.shapeString(v.shape()));
      }
      throw new WeightsException("layer '" + layer + "': expected " + vars.size() + " weights "
          + expected + ", given " + weights.size());
    }
    for (int i = 0; i < vars.size(); i++) {
      Variable v = vars.get(i);
      HostArray w = weights.get(i);
      if (!Arrays.equals(v.shape(), w.shape()) || v.dtype() != w.dtype()) {
        throw new WeightsException("layer '" + layer + "', weight '" + v.path() + "': expected "
            + v.dtype() + HostArray.shapeString(v.shape()) + ", given " + w.dtype()
            + HostArray.shapeString(w.shape()));
      }
    }
    for (int i = 0; i < vars.size(); i++) {
      vars.get(i).assign(weights.get(i));
    }
  }
}
