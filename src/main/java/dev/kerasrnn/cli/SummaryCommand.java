package dev.kerasrnn.cli;

import dev.kerasrnn.model.Model;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code keras-rnn summary MODEL}: Keras's {@code model.summary()}. */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print a model's summary as Keras's model.summary() does.")
final class SummaryCommand implements Callable<Integer> {
  @Mixin
  ModelOptions model;

  @Override
  public Integer call() {
    try (Model m = model.load()) {
      System.out.print(m.summary());
      System.out.println(" Keras era: " + m.era() + "; inputs " + m.inputNames() + ", outputs "
          + m.outputNames());
    }
    return 0;
  }
}
