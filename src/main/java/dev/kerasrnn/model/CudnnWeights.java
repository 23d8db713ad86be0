package dev.kerasrnn.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HalfFloats;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.WeightsException;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversion tf-keras applies to a layer's weights when it reads them from a legacy {@code
 * .h5} file: {@code preprocess_weights_for_loading} and {@code _convert_rnn_weights} of tf-keras
 * 2.18 {@code saving/legacy/hdf5_format.py}, from cuDNN layouts into {@code LSTM} / {@code GRU}.
 *
 * <p>As in tf-keras, the target layer's class decides, and the source is told by the bias shape
 * alone: a 3-array {@code LSTM} whose bias is {@code (8u,)} holds {@code CuDNNLSTM} weights (the
 * two bias halves are summed), a 3-array {@code GRU} whose bias is {@code (6u,)} holds {@code
 * CuDNNGRU} weights (reshaped to {@code (2, 3u)}; {@code GRU(reset_after=False)} is refused with
 * tf-keras's message). Both re-lay-out every gate's input kernel ({@code k.T.reshape(k.shape,
 * order='F')}) and transpose every gate's recurrent kernel. {@code Bidirectional} and {@code
 * TimeDistributed} recurse into their layers. Keras 3 has no such conversion, so {@link
 * WeightLoader} applies this only for tf-keras-era models. Kernels are only permuted; the one
 * arithmetic step, the bias sum, is NumPy's {@code np.sum(np.split(b, 2), axis=0)}: one add per
 * element in the array's dtype (float16 through float32, as NumPy's half loops).
 */
final class CudnnWeights {
  private CudnnWeights() {}

  /**
   * The layer weights are loaded into, as far as the conversion needs it: its Keras class, GRU's
   * {@code reset_after}, and the wrapped layers of Bidirectional ({@code inner} forward, {@code
   * backward}) and TimeDistributed ({@code inner}).
   */
  record Target(String className, boolean resetAfter, Target inner, Target backward) {
    /** From a layer's config entry {@code {"class_name": ..., "config": {...}}}; null if null. */
    static Target of(JsonNode entry) {
      if (entry == null || entry.isMissingNode() || entry.isNull()) {
        return null;
      }
      String cls = entry.path("class_name").asText("");
      JsonNode config = entry.path("config");
      // tf-keras 2.x GRU defaults to reset_after=True
      boolean resetAfter = !config.path("reset_after").isBoolean()
          || config.get("reset_after").asBoolean();
      Target inner = null;
      Target backward = null;
      if (cls.equals("Bidirectional") || cls.equals("TimeDistributed")) {
        inner = of(config.get("layer"));
        backward = cls.equals("Bidirectional") && config.hasNonNull("backward_layer")
            ? of(config.get("backward_layer")) : inner;
      }
      return new Target(cls, resetAfter, inner, backward);
    }
  }

  /**
   * {@code preprocess_weights_for_loading(layer, weights)} for the conversions above; {@code
   * where} names the file and layer in messages.
   *
   * @throws WeightsException where tf-keras raises ({@code Invalid bias shape}, an incompatible
   *     GRU) or where NumPy could not split the kernels
   */
  static List<HostArray> preprocess(Target layer, List<HostArray> weights, String where) {
    if (layer == null) {
      return weights;
    }
    List<HostArray> w = weights;
    if (layer.className().equals("Bidirectional") && layer.inner() != null) {
      int half = w.size() / 2;
      List<HostArray> out = new ArrayList<>(preprocess(layer.inner(), w.subList(0, half), where));
      out.addAll(preprocess(layer.backward(), w.subList(half, w.size()), where));
      w = out;
    }
    if (layer.className().equals("TimeDistributed") && layer.inner() != null) {
      w = preprocess(layer.inner(), w, where);
    }
    return convertRnnWeights(layer, w, where);
  }

  /** {@code _convert_rnn_weights}, the cuDNN → native directions. */
  private static List<HostArray> convertRnnWeights(Target layer, List<HostArray> w, String where) {
    String target = layer.className();
    if (target.equals("LSTM") && w.size() == 3) {
      long units = dim0(w.get(1), where);
      long[] bias = w.get(2).shape();
      if (bias.length == 1 && bias[0] == 2 * units * 4) {
        return List.of(kernels(w.get(0), 4, true, where), kernels(w.get(1), 4, false, where),
            sumHalves(w.get(2), where));
      } else if (!(bias.length == 1 && bias[0] == units * 4)) {
        throw new WeightsException(where + ": Invalid bias shape: " + pyShape(bias));
      }
    }
    if (target.equals("GRU") && w.size() == 3) {
      long units = dim0(w.get(1), where);
      long[] bias = w.get(2).shape();
      String source;
      if (bias.length == 1 && bias[0] == 2 * units * 3) {
        source = "CuDNNGRU";
      } else if (bias.length == 2 && bias[0] == 2 && bias[1] == units * 3) {
        source = "GRU(reset_after=True)";
      } else if (bias.length == 1 && bias[0] == units * 3) {
        source = "GRU(reset_after=False)";
      } else {
        throw new WeightsException(where + ": Invalid bias shape: " + pyShape(bias));
      }
      String to = layer.resetAfter() ? "GRU(reset_after=True)" : "GRU(reset_after=False)";
      if (!source.equals(to)) {
        if (source.equals("GRU(reset_after=False)") || to.equals("GRU(reset_after=False)")) {
          throw new WeightsException(where + ": " + source + " is not compatible with " + to);
        }
        if (source.equals("CuDNNGRU")) {
          HostArray b = w.get(2);
          return List.of(kernels(w.get(0), 3, true, where), kernels(w.get(1), 3, false, where),
              HostArray.ofBytes(b.dtype(), new long[] {2, b.size() / 2}, b.bytes()));
        }
      }
    }
    return w;
  }

  private static long dim0(HostArray a, String where) {
    if (a.rank() < 1) {
      throw new WeightsException(where + ": expected a recurrent kernel of rank 2, found shape "
          + pyShape(a.shape()));
    }
    return a.dim(0);
  }

  /**
   * {@code np.hstack([f(k) for k in np.hsplit(kernels, nGates)])} with {@code f} the input
   * kernel's {@code k.T.reshape(k.shape, order='F')} ({@code input}) or the recurrent kernel's
   * {@code k.T}.
   */
  private static HostArray kernels(HostArray kernels, int nGates, boolean input, String where) {
    long[] s = kernels.shape();
    if (s.length != 2 || s[1] % nGates != 0) {
      throw new WeightsException(where + ": cannot split a kernel of shape " + pyShape(s)
          + " into " + nGates + " gates");
    }
    int rows = Math.toIntExact(s[0]);
    int cols = Math.toIntExact(s[1]);
    int g = cols / nGates;
    if (!input && rows != g) {
      // k.T of a non-square gate changes the stacked shape; tf-keras would hand that on
      throw new WeightsException(where + ": recurrent kernel of shape " + pyShape(s)
          + " is not " + nGates + " square gates");
    }
    int size = kernels.dtype().byteSize();
    byte[] in = kernels.bytes();
    byte[] out = new byte[in.length];
    for (int gate = 0; gate < nGates; gate++) {
      for (int a = 0; a < rows; a++) {
        for (int b = 0; b < g; b++) {
          int srcRow;
          int srcCol;
          if (input) {
            // gate k (rows, g): out[a][b] is element n = a + rows*b of k.T (g, rows) read in
            // Fortran order, i.e. k.T[n % g][n / g] = k[n / g][n % g]
            int n = a + rows * b;
            srcRow = n / g;
            srcCol = n % g;
          } else {
            srcRow = b;
            srcCol = a;
          }
          System.arraycopy(in, (srcRow * cols + gate * g + srcCol) * size, out,
              (a * cols + gate * g + b) * size, size);
        }
      }
    }
    return HostArray.ofBytes(kernels.dtype(), s, out);
  }

  /** {@code np.sum(np.split(bias, 2, axis=0), axis=0)}: first half + second half, elementwise. */
  private static HostArray sumHalves(HostArray bias, String where) {
    int n = Math.toIntExact(bias.size() / 2);
    long[] shape = {n};
    DType t = bias.dtype();
    switch (t) {
      case FLOAT32: {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
          v[i] = (float) bias.getDouble(i) + (float) bias.getDouble(n + i);
        }
        return HostArray.ofFloats(shape, v);
      }
      case FLOAT64: {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = bias.getDouble(i) + bias.getDouble(n + i);
        }
        return HostArray.ofDoubles(shape, v);
      }
      case FLOAT16: {
        // NumPy's half add: npy_float_to_half(npy_half_to_float(a) + npy_half_to_float(b))
        int[] bits = new int[n];
        for (int i = 0; i < n; i++) {
          float sum = (float) bias.getDouble(i) + (float) bias.getDouble(n + i);
          bits[i] = HalfFloats.float16Bits(sum);
        }
        return HostArray.ofHalfBits(t, shape, bits);
      }
      default:
        throw new WeightsException(where + ": cannot merge CuDNNLSTM biases of dtype " + t
            + " (NumPy has no such dtype for HDF5 weights)");
    }
  }

  /** A shape as Python prints a tuple: {@code (32,)}, {@code (2, 12)}. */
  static String pyShape(long[] s) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.length; i++) {
      b.append(i == 0 ? "" : ", ").append(s[i]);
    }
    return b.append(s.length == 1 ? ",)" : ")").toString();
  }
}
