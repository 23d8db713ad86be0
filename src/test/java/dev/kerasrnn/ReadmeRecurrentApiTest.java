package dev.kerasrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.Mask;
import dev.kerasrnn.layers.MaskedOutput;
import dev.kerasrnn.layers.core.Masking;
import dev.kerasrnn.layers.rnn.Bidirectional;
import dev.kerasrnn.layers.rnn.LSTM;
import dev.kerasrnn.model.WeightLoader;
import dev.kerasrnn.parity.RecordedCase;
import dev.kerasrnn.runtime.CompiledLayer;
import dev.kerasrnn.runtime.Eager;
import dev.kerasrnn.runtime.TensorFunction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The README's side-by-side Java snippets (masking, Masking layer, stateful, Bidirectional), each
 * run on the recorded case whose Keras snippet made it and checked bit for bit. The custom-cell
 * snippet is {@link CustomCellTest}.
 */
class ReadmeRecurrentApiTest {
  private static final Path FIXTURES = Path.of("compat-tests/fixtures");

  private static RecordedCase recorded(String name) {
    return RecordedCase.load(FIXTURES.resolve(name));
  }

  @Test
  void maskArgument() {
    RecordedCase c = recorded("lstm_k3_seq_mask-mixed_b4_t7_f5_u6_f32");
    HostArray x = c.inputs();
    Mask mask = c.mask();
    // --- README: mask argument ---
    LSTM lstm = LSTM.builder(6).returnSequences(true).build();
    lstm.build(4, 7, 5);
    WeightLoader.load(c.weightsFile(), lstm);
    List<HostArray> y = Eager.call(lstm, x, List.of(), mask);
    // --- end ---
    assertEquals(c.kerasCall(), y);
  }

  @Test
  void maskingLayer() {
    RecordedCase c = recorded("lstm_k3_seq_masking-left_b4_t7_f5_u6_f32");
    HostArray x = c.inputs();
    // --- README: Masking layer ---
    Masking masking = new Masking(0.0);
    LSTM lstm = LSTM.builder(6).returnSequences(true).build();
    lstm.build(4, 7, 5);
    WeightLoader.load(c.weightsFile(), lstm);
    TensorFunction model = (tf, in) -> {
      @SuppressWarnings("unchecked")
      MaskedOutput<TFloat32> m = masking.call(tf, (Operand<TFloat32>) in.get(0));
      return List.copyOf(lstm.call(tf, m.output(), List.of(), m.mask()));
    };
    List<HostArray> y = Eager.run(model, List.of(x));
    // --- end ---
    assertEquals(c.kerasCall(), y);
  }

  @Test
  void statefulLayer() {
    RecordedCase c = recorded("stateful_lstm_k3_seq_b3_t7_f5_u6_f32");
    List<RecordedCase.Step> steps = c.steps();
    HostArray x1 = steps.get(0).inputs();
    HostArray x2 = steps.get(1).inputs();
    HostArray x3 = steps.get(2).inputs();
    // --- README: stateful ---
    LSTM lstm = LSTM.builder(6).returnSequences(true).stateful(true).build();
    lstm.build(3, 7, 5);                                  // a static batch size, as Keras needs
    WeightLoader.load(c.weightsFile(), lstm);
    try (CompiledLayer compiled = CompiledLayer.compile(lstm, x1.shape(), List.of())) {
      List<HostArray> y1 = compiled.call(x1, List.of());   // starts from zeros
      List<HostArray> y2 = compiled.call(x2, List.of());   // continues from y1's final states
      lstm.resetStates();                                  // lstm.reset_states()
      List<HostArray> y3 = compiled.call(x3, List.of());
      // --- end ---
      assertEquals(steps.get(0).outputs(), y1);
      assertEquals(steps.get(1).outputs(), y2);
      assertEquals(steps.get(2).outputs(), y3);
    }
  }

  @Test
  void bidirectional() {
    RecordedCase c = recorded("bidi_lstm_k3_sum_seq_b3_t7_f5_u6_f32");
    HostArray x = c.inputs();
    // --- README: Bidirectional ---
    Bidirectional bi = Bidirectional.of(LSTM.builder(6).returnSequences(true),
        Bidirectional.MergeMode.SUM);
    bi.build(3, 7, 5);
    WeightLoader.load(c.weightsFile(), bi);
    List<HostArray> y = Eager.call(bi, x, List.of());
    // --- end ---
    assertEquals(c.kerasCall(), y);
  }
}
