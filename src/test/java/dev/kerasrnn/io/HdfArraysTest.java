package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link HdfArrays} reads a fixture's {@code data.h5} as FIXTURE_FORMAT.md describes it. */
class HdfArraysTest {
  @Test
  void dataFileIsReadByPathWithExactBits() {
    FixtureCase fixture = FixtureCase.first("keras_weights_h5");
    Map<String, HostArray> data = HdfArrays.readAll(fixture.dataFile());
    HostArray x = data.get("inputs/x");
    List<Long> shape = new ArrayList<>();
    fixture.json().path("input_shape").forEach(d -> shape.add(d.asLong()));
    assertArrayEquals(shape.stream().mapToLong(Long::longValue).toArray(), x.shape());
    assertEquals(DType.fromKerasName(fixture.dtype()), x.dtype());
    assertEquals(HdfBits.bits(fixture.dataFile(), "inputs/x"), HdfBits.bits(x));
    int outputs = fixture.json().path("outputs").size();
    for (int k = 0; k < outputs; k++) {
      assertEquals(HdfBits.bits(fixture.dataFile(), "outputs/call/" + k),
          HdfBits.bits(data.get("outputs/call/" + k)));
    }
  }
}
