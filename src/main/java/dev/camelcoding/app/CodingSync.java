package dev.camelcoding.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code coding-sync} command line. Each job is a sub-command class listed here; adding one is writing a
 * {@code @Command} class that implements {@code Callable<Integer>} and naming it in {@code subcommands}.
 */
@Command(
        name = "coding-sync",
        mixinStandardHelpOptions = true,
        version = "coding-sync 0.1.0-SNAPSHOT",
        description = "Streams a CODING DevOps project into Camel sinks.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            TestCommand.class,
            ProjectsCommand.class,
            AuthorizeCommand.class,
            StatusCommand.class,
            SchemaCommand.class,
            ReplayCommand.class,
            VerifyCommand.class,
            ResyncCommand.class,
            WebhookUrlCommand.class,
            HooksCommand.class,
            SimulatorCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  done / ready; run stopped cleanly (Ctrl-C, SIGTERM)",
            "  1  a check against CODING or the sink failed (test; run: the sink did not",
            "     answer on start), work left (replay), the sink is not complete (verify)",
            "  2  a configuration or command-line mistake: an unknown key, a wrong value,",
            "     a path run cannot write, a malformed URL (one line says what to fix)",
            "  3  run: CODING refused the sync for good (credential, permission, project)",
            "",
            "Settings: --set wins over --config, which wins over CODING_* environment",
            "variables, which win over routes/application.properties."
        })
public final class CodingSync implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs one command line and returns its exit code (tests call this instead of main). */
    static int execute(String... args) {
        H2ProcessSettings.apply(); // before any command opens a database
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CodingSync());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(CodingSync::wrongCommandLine);
        cli.setExecutionExceptionHandler(CodingSync::failed);
        return cli;
    }

    /** Without a command: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A wrong option or value: one line and the way to help, exit code 2. */
    private static int wrongCommandLine(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(e.getCommandLine().getCommandName() + ": " + e.getMessage() + " (see "
                + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return ExitCode.CONFIGURATION.code();
    }

    private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof ConfigurationException) {
            cli.getErr().println("coding-sync " + cli.getCommandName() + ": " + e.getMessage());
            cli.getErr().flush();
            return ExitCode.CONFIGURATION.code();
        }
        if (e instanceof SinkUnavailableException) {
            cli.getErr().println("coding-sync " + cli.getCommandName() + ": " + e.getMessage());
            cli.getErr().flush();
            return ExitCode.CHECK_FAILED.code();
        }
        throw e;
    }
}
