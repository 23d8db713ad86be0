package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.DType;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.KerasFileException;
import io.jhdf.api.WritableDataset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bfloat16 arrays stored as 2-byte integers with the attribute {@code dtype="bfloat16"} (a
 * fixture's data.h5). Keras's own bfloat16 weights (2-byte opaque) and float16 datasets are read
 * in the parity tests from files Keras wrote; jhdf cannot write those types.
 */
class HalfDatasetsTest {
  @TempDir
  Path dir;

  @Test
  void bfloat16BitsWithTheKerasAttribute() {
    Path file = SyntheticFiles.write(dir.resolve("data.h5"), root -> {
      WritableDataset d = root.putDataset("x", new short[][] {{0x3F80, (short) 0xC020}, {1, 0}});
      d.putAttribute("dtype", "bfloat16");
    });
    HostArray x = HdfArrays.readAll(file).get("x");
    assertEquals(DType.BFLOAT16, x.dtype());
    assertArrayEquals(new long[] {2, 2}, x.shape());
    assertArrayEquals(new double[] {1.0, -2.5, 0x1p-133, 0.0}, x.toDoubleArray());
  }

  @Test
  void otherMarkedDtypesAreRefused() {
    Path file = SyntheticFiles.write(dir.resolve("data.h5"), root -> {
      WritableDataset d = root.putDataset("x", new byte[] {1, 2});
      d.putAttribute("dtype", "float8_e4m3fn");
    });
    KerasFileException e =
        assertThrows(KerasFileException.class, () -> HdfArrays.readAll(file));
    assertTrue(e.getMessage().contains("float8_e4m3fn") && e.getMessage().contains("/x"),
        e.getMessage());
  }

  @Test
  void integerDatasetsWithoutTheAttributeAreRefused() {
    Path file = SyntheticFiles.write(dir.resolve("data.h5"),
        root -> root.putDataset("x", new short[] {1, 2}));
    KerasFileException e =
        assertThrows(KerasFileException.class, () -> HdfArrays.readAll(file));
    assertTrue(e.getMessage().contains("int16"), e.getMessage());
  }
}
