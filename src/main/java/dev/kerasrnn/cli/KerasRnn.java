package dev.kerasrnn.cli;

import dev.kerasrnn.core.KerasRnnException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keras-rnn} command line. */
@Command(name = "keras-rnn", mixinStandardHelpOptions = true, version = "keras-rnn 0.1.0",
    description = "Keras recurrent layers on TensorFlow Java, bit for bit.",
    subcommands = {PredictCommand.class, SummaryCommand.class,
        ParityCommand.class})
public final class KerasRnn implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /**
   * The command line; a library error (a {@link KerasRnnException}: unreadable file, refused
   * config, bad input) prints its message and exits with status 3, without a stack trace.
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new KerasRnn());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof KerasRnnException) {
        cmd.getErr().println("error: " + e.getMessage());
        return 3;
      }
      throw e;
    });
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
