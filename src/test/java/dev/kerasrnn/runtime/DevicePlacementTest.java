package dev.kerasrnn.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;

/**
 * Placing a compiled model on a device: on the CPU the bits are unchanged; a device this process
 * lacks (a GPU here) fails with TensorFlow's exception, not a crash.
 */
class DevicePlacementTest {
  private static final Path CASE = Path.of("models", "digits_gru");

  @Test
  void cpuPlacementKeepsTheBits() {
    ModelCase c = ModelCase.load(CASE);
    try (Model model = c.model()) {
      List<HostArray> unplaced = model.predict(c.inputs());
      model.setDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU)
          .deviceIndex(0).build());
      assertEquals(unplaced, model.predict(c.inputs()));
      assertEquals(c.kerasCall(), model.predict(c.inputs()));
      model.setTimeLoop(dev.kerasrnn.layers.rnn.TimeLoop.WHILE); // the loop body is placed too
      assertEquals(c.kerasCall(), model.predict(c.inputs()));
    }
    try (CompiledFunction f = CompiledFunction.compile((tf, in) -> List.copyOf(in),
        List.of(HostArray.zeros(dev.kerasrnn.core.DType.FLOAT32, 2)),
        DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build())) {
      assertTrue(f.device().contains("CPU"), f.device());
    }
  }

  @Test
  void aMissingDeviceFailsWithAnException() {
    ModelCase c = ModelCase.load(CASE);
    try (Model model = c.model()) {
      model.setDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU)
          .deviceIndex(0).build());
      RuntimeException e =
          assertThrows(RuntimeException.class, () -> model.predict(c.inputs()));
      assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("device"), e.getMessage());
    }
  }
}
