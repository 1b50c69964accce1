package dev.camelcoding.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs one coding-sync command line in this JVM and keeps what it printed. */
record Cli(int exit, String out, String err) {

    static synchronized Cli run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = CodingSync.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        Cli cli = new Cli(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        System.out.println(
                "$ coding-sync " + String.join(" ", args) + "\n" + cli.out + cli.err + "(exit " + exit + ")");
        return cli;
    }
}
