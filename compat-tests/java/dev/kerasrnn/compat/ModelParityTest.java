package dev.kerasrnn.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerasrnn.core.ConfigException;
import dev.kerasrnn.core.HostArray;
import dev.kerasrnn.core.InvalidInputException;
import dev.kerasrnn.layers.rnn.TimeLoop;
import dev.kerasrnn.model.Model;
import dev.kerasrnn.parity.ModelCase;
import dev.kerasrnn.parity.RecordedCase;
import dev.kerasrnn.runtime.CompiledFunction;
import dev.kerasrnn.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every whole-model case ({@code kind: model} under compat-tests/fixtures, and every real model
 * under models/), loaded from each file format it ships in with {@link Model#load}, run in Java
 * eagerly and compiled (time steps unrolled and in a while loop), and compared with Keras's eager
 * {@code model(x)} bit for bit.
 */
class ModelParityTest {
  @BeforeAll
  static void environmentIsTheRecordedOne() {
    Fixtures.requireRecordedEnvironment();
  }

  /** The model case folders: fixtures of kind model, then models/manifest.json's cases. */
  static List<Path> cases() {
    List<Path> out = new ArrayList<>();
    Fixtures.cases().stream()
        .filter(dir -> RecordedCase.kindOf(dir).equals("model"))
        .forEach(out::add);
    out.addAll(Fixtures.models());
    return out;
  }

  @Test
  @Tag("committed")
  void realModelsAreShipped() {
    assertTrue(Fixtures.models().size() >= 2,
        "expected at least two real models under models/");
  }

  @TestFactory
  Stream<DynamicNode> javaMatchesKerasCallInBothModes() {
    return cases().stream().map(dir -> {
      ModelCase c = ModelCase.load(dir);
      List<DynamicNode> perFormat = new ArrayList<>();
      c.fileSets().forEach((format, files) -> perFormat.add(DynamicTest.dynamicTest(format,
          () -> check(c, format, files))));
      return DynamicContainer.dynamicContainer(dir.getFileName().toString(), perFormat);
    });
  }

  private static void check(ModelCase c, String format, List<Path> files) {
    if (c.stateful()) {
      checkSteps(c, format, files);
      return;
    }
    List<HostArray> keras = c.kerasCall();
    assertFalse(keras.isEmpty(), c.name() + ": no recorded outputs");
    try (Model model = c.model(files)) {
      List<Object> in = c.inputs();
      assertBitExact(c, format + ", eager", keras, model.predictEager(in));
      assertBitExact(c, format + ", compiled", keras, model.predict(in));
      assertBitExact(c, format + ", compiled again (cached)", keras, model.predict(in));
      assertEquals(1, model.compiledSignatures(), "one compiled signature per input shape");
      model.setTimeLoop(TimeLoop.WHILE);
      assertBitExact(c, format + ", compiled, while loop", keras, model.predict(in));
    }
  }

  /**
   * A stateful case: Keras's calls in order, states reset where Keras reset them, in each mode
   * from a reset; each mode starts from the states the load left (zeros), and a call with
   * another batch size is refused.
   */
  private static void checkSteps(ModelCase c, String format, List<Path> files) {
    List<ModelCase.Step> steps = c.steps();
    assertTrue(steps.size() >= 3, c.name() + ": expected at least 3 recorded calls");
    try (Model model = c.model(files)) {
      assertTrue(model.hasStatefulLayers(), c.name() + ": the model has no stateful layer");
      String[] modes = {"eager", "compiled", "compiled again (cached)", "compiled, while loop"};
      for (String mode : modes) {
        if (!mode.equals("eager")) {
          model.resetStates();
        }
        if (mode.endsWith("while loop")) {
          model.setTimeLoop(TimeLoop.WHILE);
        }
        for (int i = 0; i < steps.size(); i++) {
          ModelCase.Step step = steps.get(i);
          if (step.resetBefore()) {
            model.resetStates();
          }
          List<HostArray> java = mode.equals("eager") ? model.predictEager(step.inputs())
              : model.predict(step.inputs());
          assertBitExact(c, format + ", " + mode + ", call " + i, step.outputs(), java);
        }
      }
      assertEquals(1, model.compiledSignatures(), "one compiled signature per input shape");
      HostArray x = (HostArray) steps.get(0).inputs().get(0);
      HostArray wider = HostArray.zeros(x.dtype(), withBatch(x.shape(), x.shape()[0] + 1));
      List<Object> in = new ArrayList<>(steps.get(0).inputs());
      in.set(0, wider);
      assertThrows(InvalidInputException.class, () -> model.predict(in),
          "a stateful model has a static batch size");
    }
  }

  private static long[] withBatch(long[] shape, long batch) {
    long[] s = shape.clone();
    s[0] = batch;
    return s;
  }

  /**
   * Each model compiled once for its declared input shapes (sizes the model leaves open, such as
   * the batch and often the length, unknown; recurrent layers then run a while loop) gives
   * Keras's bits at the recorded shape. A layer that needs a size left open refuses at compile
   * with an {@link InvalidInputException} naming it; nothing fails later inside TensorFlow.
   */
  @TestFactory
  Stream<DynamicNode> oneGraphForTheDeclaredShapesMatchesKeras() {
    return cases().stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      ModelCase c = ModelCase.load(dir);
      try (Model model = c.model()) {
        List<Object> in = c.inputs();
        if (c.stateful()) {
          // Such a graph would fix the states; predict() feeds and fetches them instead.
          List<TensorSpec> exact = in.stream().map(TensorSpec::of).toList();
          assertThrows(ConfigException.class, () -> model.compile(exact),
              c.name() + ": compile(specs) of a stateful model");
          return;
        }
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
          specs.add(new TensorSpec(TensorSpec.of(in.get(i)).type(),
              model.inputs().get(i).batchShape()));
        }
        CompiledFunction f;
        try {
          f = model.compile(specs);
        } catch (InvalidInputException e) {
          System.out.println("[open shapes] " + c.name() + " " + specs + ": refused: "
              + e.getMessage());
          return;
        }
        try (f) {
          assertBitExact(c, "compiled for " + specs, c.kerasCall(), f.call(in));
        } catch (RuntimeException e) {
          throw new AssertionError(c.name() + " compiled for " + specs + ": " + e, e);
        }
      }
    }));
  }

  static void assertBitExact(ModelCase c, String mode, List<HostArray> expected,
      List<HostArray> actual) {
    assertEquals(expected.size(), actual.size(), c.name() + " (" + mode + "): number of outputs");
    List<String> problems = new ArrayList<>();
    for (int k = 0; k < expected.size(); k++) {
      String diff = BitComparison.difference(expected.get(k), actual.get(k));
      if (diff != null) {
        problems.add("output " + k + " (" + c.outputNames().get(k) + "): " + diff);
      }
    }
    assertTrue(problems.isEmpty(),
        () -> c.name() + " (" + mode + ") differs from Keras: " + String.join("; ", problems));
  }
}
