package dev.kerasrnn.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests, one per parser ({@link FuzzTarget}). In {@code mvn test} (regression mode)
 * each replays its inputs in {@code src/test/resources/dev/kerasrnn/fuzz/
 * FileFormatFuzzTestInputs/<method>/}: every finding of a campaign, kept as a regression case
 * once fixed. With {@code JAZZER_FUZZ=1} one of them fuzzes for its {@code maxDuration} ({@code
 * -Dtest=FileFormatFuzzTest#npy}; corpus in {@code .cifuzz-corpus/}, and JUnit mode instruments
 * only this package unless told otherwise); the campaigns use Jazzer's standalone driver,
 * instrumenting the library, jhdf and Jackson ({@code bench/fuzz}).
 */
class FileFormatFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void kerasArchive(byte[] data) throws Exception {
    FuzzTarget.KERAS_ARCHIVE.run(data);
  }

  @FuzzTest(maxDuration = "2m")
  void legacyH5(byte[] data) throws Exception {
    FuzzTarget.LEGACY_H5.run(data);
  }

  @FuzzTest(maxDuration = "2m")
  void weightsAndConfig(byte[] data) throws Exception {
    FuzzTarget.WEIGHTS_AND_CONFIG.run(data);
  }

  @FuzzTest(maxDuration = "2m")
  void configJson(byte[] data) throws Exception {
    FuzzTarget.CONFIG_JSON.run(data);
  }

  @FuzzTest(maxDuration = "2m")
  void npy(byte[] data) throws Exception {
    FuzzTarget.NPY.run(data);
  }

  @FuzzTest(maxDuration = "2m")
  void jsonInput(byte[] data) throws Exception {
    FuzzTarget.JSON_INPUT.run(data);
  }

  @FuzzTest(maxDuration = "2m")
  void tfServingBody(byte[] data) throws Exception {
    FuzzTarget.TF_SERVING_BODY.run(data);
  }

  @FuzzTest(maxDuration = "2m")
  void kserveBody(byte[] data) throws Exception {
    FuzzTarget.KSERVE_BODY.run(data);
  }
}
