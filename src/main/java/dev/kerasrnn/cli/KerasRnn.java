package dev.kerasrnn.cli;

import dev.kerasrnn.core.KerasRnnException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code keras-rnn} command line. */
@Command(name = "keras-rnn", mixinStandardHelpOptions = true,
    versionProvider = Versions.Provider.class,
    description = "Keras recurrent models on TensorFlow Java, bit for bit with Keras.",
    footerHeading = "%n",
    subcommands = {PredictCommand.class, SummaryCommand.class, ParityCommand.class,
        ServeCommand.class})
public final class KerasRnn implements Runnable {
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Show TensorFlow's native log lines and the library's log messages (the"
          + " bin/keras-rnn launcher reads this flag before Java starts).")
  boolean verbose;

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
    cl.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.ansi()));
    String footer = EnvironmentHelp.footer();
    cl.getCommandSpec().usageMessage().footer(footer);
    cl.getSubcommands().values().forEach(s -> s.getCommandSpec().usageMessage().footer(footer));
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
    // Without the launcher (which sets them), the command's SLF4J provider logs errors only.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty(
        "org.slf4j.simpleLogger.defaultLogLevel", java.util.Arrays.asList(args)
            .contains("--verbose") ? "info" : "error"));
    System.exit(commandLine().execute(args));
  }
}
