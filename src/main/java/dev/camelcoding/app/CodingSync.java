package dev.camelcoding.app;

import dev.camelcoding.simulator.SimulatorMain;
import java.util.Arrays;

/** The {@code coding-sync} command line: one sub-command per job. */
public final class CodingSync {

    private CodingSync() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        int exit;
        try {
            exit = dispatch(command, rest);
        } catch (ConfigurationException e) {
            System.err.println("coding-sync: " + e.getMessage());
            exit = 2;
        }
        System.exit(exit);
    }

    private static int dispatch(String command, String[] rest) throws Exception {
        int exit;
        switch (command) {
            case "demo" -> exit = new DemoCommand().run(rest);
            case "webhook-url" -> exit = new WebhookUrlCommand().run(rest);
            case "run" -> exit = new RunCommand().run(rest);
            case "test" -> exit = new TestCommand().run(rest);
            case "status" -> exit = new StatusCommand().run(rest);
            case "replay" -> exit = new ReplayCommand().run(rest);
            case "simulator" -> {
                SimulatorMain.main(rest);
                exit = 0;
            }
            case "help", "--help", "-h" -> {
                usage();
                exit = 0;
            }
            default -> {
                System.err.println("coding-sync: unknown command '" + command + "'");
                usage();
                exit = 2;
            }
        }
        return exit;
    }

    private static void usage() {
        System.out.println("""
                usage: coding-sync <command> [options]

                  demo        the main job on embedded defaults: a local CODING simulator synced end to end
                              (options: --issues N, default 3000; --data DIR, default data/demo)
                  run         sync a real CODING project until stopped (routes/application.properties, CODING_*
                              environment variables, --config file.properties, --set key=value)
                  test        check the configuration against CODING: API, credential, project, each table,
                              webhook listener; exit code 1 when a check fails
                  status      per table: phase, cursor, last poll, lag, throttling; dead letters waiting
                  replay      send the dead letters to the sink again
                  simulator   a local CODING simulator to develop routes against
                              (options: --port N, --issues N, --seed N, --token T, --project NAME, --team NAME)
                  webhook-url generates an unguessable Service Hook path and secret, and prints what to paste
                              into CODING (options: --base-url https://your-host, --port N)
                  help        this text
                """);
    }
}
