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
        switch (command) {
            case "demo" -> exit = new DemoCommand().run(rest);
            case "simulator" -> {
                SimulatorMain.main(rest);
                return;
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
        System.exit(exit);
    }

    private static void usage() {
        System.out.println("""
                usage: coding-sync <command> [options]

                  demo        the main job on embedded defaults: a local CODING simulator synced end to end
                              (options: --issues N, default 3000; --data DIR, default data/demo)
                  simulator   a local CODING simulator to develop routes against
                              (options: --port N, --issues N, --seed N, --token T, --project NAME, --team NAME)
                  help        this text
                """);
    }
}
