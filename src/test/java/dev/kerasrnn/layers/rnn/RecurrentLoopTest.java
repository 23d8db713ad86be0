package dev.kerasrnn.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;

/** The device string of a scope, parsed back for a while loop's body graph. */
class RecurrentLoopTest {
  @Test
  void deviceStringsRoundTrip() {
    DeviceSpec full = DeviceSpec.newBuilder().job("worker").replica(1).task(2)
        .deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(3).build();
    DeviceSpec cpu = DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).build();
    assertEquals(full, RecurrentLoop.parseDevice(full.toString()));
    assertEquals(cpu, RecurrentLoop.parseDevice(cpu.toString()));
  }
}
