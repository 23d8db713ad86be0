package dev.kerasrnn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.core.WeightsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tf-keras cuDNN weight conversion: native LSTM/GRU weights are put into the cuDNN layout by
 * the inverse transform, written here independently (per gate: the cuDNN input kernel's
 * row-major elements are the native kernel's column-major ones, the recurrent kernel is
 * transposed, the bias split into two halves), and must come back bit for bit. The Keras-made
 * cases {@code model_cudnn-*_tfk_lw} check the forward direction against Keras itself.
 */
class CudnnWeightsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CudnnWeights.Target target(String json) throws Exception {
    return CudnnWeights.Target.of(JSON.readTree(json));
  }

  private static HostArray random(DType dtype, Random rng, long... shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextGaussian();
    }
    return HostArray.of(dtype, shape, v);
  }

  /** Native (rows, gates*g) kernel to cuDNN: per gate, C-order out = F-order of the native. */
  private static HostArray toCudnnKernel(HostArray k, int gates, boolean input) {
    int rows = (int) k.dim(0);
    int cols = (int) k.dim(1);
    int g = cols / gates;
    double[] out = new double[rows * cols];
    for (int gate = 0; gate < gates; gate++) {
      for (int i = 0; i < rows; i++) {
        for (int u = 0; u < g; u++) {
          int r;
          int c;
          if (input) {
            int flat = i * g + u;          // row-major position in the cuDNN gate (rows, g)
            r = flat % rows;               // the same position read column-major in the native
            c = flat / rows;
          } else {
            r = u;
            c = i;
          }
          out[i * cols + gate * g + u] = k.getDouble((long) r * cols + gate * g + c);
        }
      }
    }
    return HostArray.of(k.dtype(), k.shape(), out);
  }

  /** A native bias b as cuDNN's two halves (b/2, b/2): exact, as tf-keras's own tile(0.5*b). */
  private static HostArray toCudnnLstmBias(HostArray b) {
    int n = (int) b.size();
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      out[i] = b.getDouble(i) / 2;
      out[n + i] = b.getDouble(i) / 2;
    }
    return HostArray.of(b.dtype(), new long[] {2L * n}, out);
  }

  private static void assertSameBits(List<HostArray> expected, List<HostArray> got) {
    assertEquals(expected.size(), got.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), got.get(i), "weight " + i);
    }
  }

  @Test
  void cudnnLstmWeightsBecomeLstmWeights() throws Exception {
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16)) {
      Random rng = new Random(7);
      List<HostArray> lstm = List.of(random(dtype, rng, 3, 20), random(dtype, rng, 5, 20),
          random(dtype, rng, 20));
      List<HostArray> cudnn = List.of(toCudnnKernel(lstm.get(0), 4, true),
          toCudnnKernel(lstm.get(1), 4, false), toCudnnLstmBias(lstm.get(2)));
      assertSameBits(lstm, CudnnWeights.preprocess(
          target("{\"class_name\": \"LSTM\", \"config\": {}}"), cudnn, "test"));
    }
  }

  @Test
  void cudnnGruWeightsBecomeResetAfterGruWeights() throws Exception {
    Random rng = new Random(11);
    List<HostArray> gru = List.of(random(DType.FLOAT32, rng, 6, 12),
        random(DType.FLOAT32, rng, 4, 12), random(DType.FLOAT32, rng, 2, 12));
    HostArray flatBias = HostArray.ofBytes(DType.FLOAT32, new long[] {24}, gru.get(2).bytes());
    List<HostArray> cudnn = List.of(toCudnnKernel(gru.get(0), 3, true),
        toCudnnKernel(gru.get(1), 3, false), flatBias);
    assertSameBits(gru, CudnnWeights.preprocess(
        target("{\"class_name\": \"GRU\", \"config\": {\"reset_after\": true}}"), cudnn, "t"));
  }

  @Test
  void bidirectionalConvertsEachHalfForItsLayer() throws Exception {
    Random rng = new Random(3);
    List<HostArray> forward = List.of(random(DType.FLOAT32, rng, 2, 8),
        random(DType.FLOAT32, rng, 2, 8), random(DType.FLOAT32, rng, 8));
    List<HostArray> backward = List.of(random(DType.FLOAT32, rng, 2, 8),
        random(DType.FLOAT32, rng, 2, 8), random(DType.FLOAT32, rng, 8));
    List<HostArray> file = new ArrayList<>(List.of(toCudnnKernel(forward.get(0), 4, true),
        toCudnnKernel(forward.get(1), 4, false), toCudnnLstmBias(forward.get(2))));
    file.addAll(backward);  // the backward layer's weights are native already: left as they are
    List<HostArray> expected = new ArrayList<>(forward);
    expected.addAll(backward);
    assertSameBits(expected, CudnnWeights.preprocess(target("{\"class_name\": \"Bidirectional\","
        + " \"config\": {\"layer\": {\"class_name\": \"LSTM\", \"config\": {}}}}"), file, "t"));
  }

  @Test
  void nativeWeightsAndOtherLayersAreLeftAlone() throws Exception {
    Random rng = new Random(5);
    List<HostArray> lstm = List.of(random(DType.FLOAT32, rng, 3, 8),
        random(DType.FLOAT32, rng, 2, 8), random(DType.FLOAT32, rng, 8));
    assertSame(lstm, CudnnWeights.preprocess(
        target("{\"class_name\": \"LSTM\", \"config\": {}}"), lstm, "t"));
    List<HostArray> noBias = lstm.subList(0, 2);
    assertSame(noBias, CudnnWeights.preprocess(
        target("{\"class_name\": \"LSTM\", \"config\": {}}"), noBias, "t"));
    List<HostArray> odd = List.of(lstm.get(0), lstm.get(1), random(DType.FLOAT32, rng, 16));
    assertSame(odd, CudnnWeights.preprocess(
        target("{\"class_name\": \"RNN\", \"config\": {}}"), odd, "t"));
  }

  @Test
  void refusesWhatTfKerasRefuses() throws Exception {
    Random rng = new Random(9);
    HostArray k = random(DType.FLOAT32, rng, 3, 12);
    HostArray r = random(DType.FLOAT32, rng, 4, 12);
    WeightsException e = assertThrows(WeightsException.class, () -> CudnnWeights.preprocess(
        target("{\"class_name\": \"GRU\", \"config\": {\"reset_after\": false}}"),
        List.of(k, r, random(DType.FLOAT32, rng, 24)), "file 'x'"));
    assertTrue(e.getMessage().endsWith(
        "CuDNNGRU is not compatible with GRU(reset_after=False)"), e.getMessage());
    e = assertThrows(WeightsException.class, () -> CudnnWeights.preprocess(
        target("{\"class_name\": \"GRU\", \"config\": {\"reset_after\": false}}"),
        List.of(k, r, random(DType.FLOAT32, rng, 2, 12)), "file 'x'"));
    assertTrue(e.getMessage().endsWith(
        "GRU(reset_after=True) is not compatible with GRU(reset_after=False)"), e.getMessage());
    e = assertThrows(WeightsException.class, () -> CudnnWeights.preprocess(
        target("{\"class_name\": \"LSTM\", \"config\": {}}"),
        List.of(random(DType.FLOAT32, rng, 3, 16), random(DType.FLOAT32, rng, 4, 16),
            random(DType.FLOAT32, rng, 7)), "file 'x'"));
    assertTrue(e.getMessage().endsWith("Invalid bias shape: (7,)"), e.getMessage());
  }

  @Test
  void keras3LoadsWithoutConversion() {
    Path dir = Path.of("compat-tests/fixtures/model_cudnn-lstm_tfk_lw");
    // tf-keras converts (the Keras-made case); Keras 3's legacy loader has no conversion
    ModelLoader.load(dir.resolve("weights.h5"), dir.resolve("config.json"), KerasEra.KERAS_2,
        LoadOptions.DEFAULT)
        .close();
    WeightsException e = assertThrows(WeightsException.class, () -> ModelLoader.load(
        dir.resolve("weights.h5"), dir.resolve("config.json"), KerasEra.KERAS_3,
        LoadOptions.DEFAULT));
    assertTrue(e.getMessage().contains("(32)") || e.getMessage().contains("32"), e.getMessage());
  }
}
