package dev.kerasrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasEra;
import dev.kerasrnn.io.HdfArrays;
import dev.kerasrnn.io.KerasWeightsFile;
import dev.kerasrnn.io.NamedWeight;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.layers.rnn.SimpleRNNCell;
import dev.kerasrnn.runtime.CellStep;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's "Using it" snippets, run on the recorded inputs of the cases they name. */
class ReadmeExampleTest {
  private static final Path CASE = Path.of("compat-tests/fixtures/lstm_k3_last_state_b3_t7_f5_u6_f32");

  @Test
  void readmeSnippetReproducesKeras() {
    Map<String, HostArray> data = HdfArrays.readAll(CASE.resolve("data.h5"));
    float[] values = new float[105];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) data.get("inputs/x").getDouble(i);
    }

    // --- README snippet ---
    LSTM lstm = LSTM.builder(6).returnState(true).era(KerasEra.KERAS_3).build();
    lstm.build(-1, 7, 5);
    Path file = CASE.resolve("model.weights.h5");
    lstm.setWeights(
        KerasWeightsFile.singleLayerWeights(file).stream().map(NamedWeight::value).toList());
    HostArray x = HostArray.ofFloats(new long[] {3, 7, 5}, values);
    List<HostArray> out = Eager.call(lstm, x, List.of());
    List<HostArray> same;
    try (CompiledLayer compiled = CompiledLayer.compile(lstm, x.shape(), List.of())) {
      same = compiled.call(x, List.of());
    }
    // --- end ---

    List<HostArray> keras = List.of(data.get("outputs/call/0"), data.get("outputs/call/1"),
        data.get("outputs/call/2"));
    assertEquals(keras, out);
    assertEquals(keras, same);
  }

  private static final Path CELL_CASE =
      Path.of("compat-tests/fixtures/cellcall_simplernn_k3_b2_f4_u3_f32");

  /** The one-step cell call: Keras's {@code out, h1 = cell(x, h0)} with {@code h0 = [h]}. */
  @Test
  void readmeCellCallReproducesKeras() {
    Map<String, HostArray> data = HdfArrays.readAll(CELL_CASE.resolve("data.h5"));
    HostArray x = data.get("inputs/x");
    HostArray h = data.get("inputs/state_0");
    List<HostArray> weights = List.of(data.get("weights/0"), data.get("weights/1"),
        data.get("weights/2"));

    // --- README cell snippet ---
    SimpleRNNCell cell = new SimpleRNNCell(3);
    cell.build(4);                                 // cell.build((None, 4))
    cell.setWeights(weights);                      // kernel, recurrent_kernel, bias
    CellStep h1 = Eager.call(cell, x, List.of(h)); // out, h1 = cell(x, [h])
    HostArray out = h1.output();                   // equals h1.states().get(0)
    // --- end ---

    assertEquals(data.get("outputs/call/0"), out);
    assertEquals(List.of(data.get("outputs/call/1")), h1.states());
    assertEquals(h1.states().get(0), out);
  }
}
