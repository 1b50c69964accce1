package dev.camelcoding.simulator;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator on its own: {@code java -jar coding-simulator.jar [--port N] [--issues N] [--seed N]
 * [--token T] [--project NAME] [--team NAME] [--clock-offset PT1H] [--add-project NAME[:ISSUES]]...
 * [--deny-service-hooks]}. Prints what a client needs, then serves until Ctrl-C.
 */
public final class SimulatorMain {

    private SimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        int exit = run(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** Parses the options and serves until Ctrl-C; returns 2 (after one line) when an option or the port is wrong. */
    public static int run(String[] args) throws InterruptedException {
        CodingSimulator.Builder b = CodingSimulator.builder();
        try {
            for (int k = 0; k < args.length; k++) {
                String a = args[k];
                switch (a) {
                    case "--help", "-h" -> {
                        usage();
                        return 0;
                    }
                    case "--port" -> b.port(Integer.parseInt(value(args, ++k, a)));
                    case "--issues" -> b.issues(Integer.parseInt(value(args, ++k, a)));
                    case "--seed" -> b.seed(Long.parseLong(value(args, ++k, a)));
                    case "--token" -> b.personalToken(value(args, ++k, a));
                    case "--project" -> b.projectName(value(args, ++k, a));
                    case "--team" -> b.team(value(args, ++k, a));
                    case "--clock-offset" -> b.clockOffset(duration(value(args, ++k, a), a));
                    case "--add-project" -> addProject(b, value(args, ++k, a));
                    case "--deny-service-hooks" -> b.denyServiceHooks(true);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage();
            return 2;
        }
        return serve(b);
    }

    /**
     * Starts the simulator, prints what a client needs and serves until Ctrl-C. A port that cannot be opened (taken,
     * or not allowed) is one line and exit code 2, not a stack trace.
     */
    public static int serve(CodingSimulator.Builder b) throws InterruptedException {
        long t0 = System.nanoTime();
        CodingSimulator sim;
        try {
            sim = b.start();
        } catch (java.io.UncheckedIOException e) {
            System.err.println(
                    "coding simulator: " + e.getMessage() + " (" + e.getCause().getMessage()
                            + "): the port is taken or not allowed; choose another with --port N (0 = a free port)");
            return 2;
        } catch (IllegalArgumentException e) {
            // e.g. --add-project with the name of a project the team already has
            System.err.println("coding simulator: " + e.getMessage());
            return 2;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Map<String, Integer> byType = sim.data().issueCountByType();
        Map.Entry<String, String> projectToken = sim.projectToken();
        System.out.println("CODING simulator serving " + sim.baseUrl() + " (data generated in " + ms + " ms)");
        System.out.println("  team:          " + sim.team());
        System.out.println("  project:       " + sim.projectName() + " (Id " + sim.projectId() + ")");
        System.out.println("  issues:        " + sim.data().issueCount() + " " + byType);
        System.out.println("  iterations:    " + sim.data().iterations().size());
        if (sim.projects().size() > 1) {
            StringBuilder others = new StringBuilder();
            for (SimulatedProject p : sim.projects().subList(1, sim.projects().size())) {
                others.append(others.length() == 0 ? "" : ", ")
                        .append(p.name())
                        .append(" (Id ")
                        .append(p.id())
                        .append(", ")
                        .append(p.data().issueCount())
                        .append(" issues)");
            }
            System.out.println("  other projects: " + others);
        }
        System.out.println("  members:       " + sim.data().projectMembers().size() + " in the project, "
                + sim.data().teamMembers().size() + " in the team");
        System.out.println("  tokens:        Authorization: token " + sim.personalToken());
        System.out.println("                 Authorization: Bearer " + sim.oauthToken());
        System.out.println("                 Authorization: Basic base64(" + projectToken.getKey() + ":"
                + projectToken.getValue() + ")");
        System.out.println("  oauth app:     " + sim.oauthClientId() + " / " + sim.oauthClientSecret() + " ("
                + sim.siteUrl() + "/oauth_authorize.html approves at once; coding-sync authorize --site-url "
                + sim.siteUrl() + ")");
        System.out.println("  try:");
        System.out.println("    curl -s -X POST '" + sim.baseUrl() + "' -H 'Authorization: token " + sim.personalToken()
                + "' -H 'Content-Type: application/json' -d '{\"Action\":\"DescribeIssueListWithPage\",\"ProjectName\":\""
                + sim.projectName() + "\",\"IssueType\":\"ALL\",\"PageNumber\":1,\"PageSize\":5}'");
        String admin = sim.baseUrl().replace("/open-api", "/_simulator");
        System.out.println("    curl -s -X POST '" + admin + "/issues' -d '{\"Type\":\"MISSION\",\"Name\":\"hello\"}'");
        System.out.println("    curl -s '" + admin + "/counters'");
        System.out.println("Ctrl-C to stop.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sim.close();
                            stop.countDown();
                        },
                        "coding-sim-shutdown"));
        stop.await();
        return 0;
    }

    /** Default seeded issues of a project added with {@code --add-project NAME} (no {@code :ISSUES}). */
    public static final int ADDED_PROJECT_ISSUES = 20;

    /**
     * Adds the project {@code NAME[:ISSUES]} to the team being built; throws IllegalArgumentException naming the
     * option when the value is not of that form.
     */
    public static void addProject(CodingSimulator.Builder b, String value) {
        int colon = value.lastIndexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        int issues = ADDED_PROJECT_ISSUES;
        if (colon >= 0) {
            try {
                issues = Integer.parseInt(value.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--add-project takes NAME or NAME:ISSUES (e.g. mobile-app:500), got " + value);
            }
        }
        try {
            b.addProject(name.trim(), issues);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--add-project " + value + ": " + e.getMessage());
        }
    }

    private static String value(String[] args, int k, String option) {
        if (k >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[k];
    }

    private static java.time.Duration duration(String text, String option) {
        try {
            return java.time.Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(
                    option + " takes an ISO-8601 duration such as PT1H or -PT30M, got " + text);
        }
    }

    private static void usage() {
        System.out.println("""
                usage: java -jar coding-simulator.jar [options]
                  --port N        port to listen on (default 0 = a free port)
                  --issues N      number of seeded issues (default 200)
                  --seed N        data seed (default 42)
                  --token T       personal access token to accept (default sim-personal-token)
                  --project NAME  project name / slug (default demo-project)
                  --team NAME     team domain (default acme)
                  --clock-offset D  run CODING's clock ahead (PT1H) or behind (-PT1H) this machine's (ISO-8601)
                  --add-project NAME[:ISSUES]  another project of the team with its own data (repeat it; default
                                  20 issues); DescribeCodingProjects lists them all
                  --deny-service-hooks  the Service Hook actions answer UnauthorizedOperation (no permission)
                  --help          this text""");
    }
}
