package dev.kerasrnn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keras-rnn} command line. */
@Command(name = "keras-rnn", mixinStandardHelpOptions = true, version = "keras-rnn 0.1.0",
    description = "Keras recurrent layers on TensorFlow Java, bit for bit.",
    subcommands = {DemoCommand.class})
public final class KerasRnn implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KerasRnn()).execute(args));
  }
}
