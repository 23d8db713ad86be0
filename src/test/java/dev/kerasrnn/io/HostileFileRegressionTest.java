package dev.kerasrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.KerasFileException;
import dev.kerasrnn.model.Model;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The two failures issue 14 reported escaping {@code Model.load} untyped, rebuilt from a fixture's
 * legacy {@code .h5} by the kind of mutation that found them, now each a {@link
 * KerasFileException} naming the file and the path inside it. (The inputs also sit among
 * FileFormatFuzzTest's regression inputs.)
 */
class HostileFileRegressionTest {
  private static final Path DIR =
      Path.of("src/test/resources/dev/kerasrnn/fuzz/FileFormatFuzzTestInputs/legacyH5");

  /** Was io.jhdf.exceptions.HdfBrokenLinkException: a symbol-table entry turned into a soft link. */
  @Test
  void aSoftLinkWhereAWeightWasIsRefusedNotFollowed() {
    Path file = DIR.resolve("issue14-broken-soft-link-at-10000");
    KerasFileException e = assertThrows(KerasFileException.class, () -> Model.load(file));
    assertEquals(file, e.file());
    assertEquals("/model_weights/simple_rnn/simple_rnn/simple_rnn_cell/kernel:0", e.pathInFile());
    assertTrue(e.getMessage().contains("soft link"), e.getMessage());
  }

  /**
   * Was java.lang.OutOfMemoryError from HeapByteBuffer.&lt;init&gt;: 0x7ffffff0 written over a
   * length field of the root's object header; jhdf's file-channel reader allocated that length.
   */
  @Test
  void aHugeDeclaredLengthIsABoundsErrorNotAnAllocation() {
    Path file = DIR.resolve("issue14-oom-huge-length-at-104");
    KerasFileException e = assertThrows(KerasFileException.class, () -> Model.load(file));
    assertEquals(file, e.file());
    assertTrue(e.pathInFile() != null && e.pathInFile().startsWith("/"), e.getMessage());
  }
}
