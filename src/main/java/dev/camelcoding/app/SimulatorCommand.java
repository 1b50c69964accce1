package dev.camelcoding.app;

import dev.camelcoding.simulator.CodingSimulator;
import dev.camelcoding.simulator.SimulatorMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code simulator}: a local CODING (Open API + Service Hooks) to develop routes against, until Ctrl-C. */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "A local CODING simulator to develop"
                + " routes against (Open API, Service Hooks, an admin API under /_simulator). Exit code 2 when the port is"
                + " taken.")
final class SimulatorCommand implements Callable<Integer> {

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "0",
            description = "port to listen on (default" + " ${DEFAULT-VALUE}: a free port)")
    int port;

    @Option(
            names = "--issues",
            paramLabel = "N",
            defaultValue = "200",
            description = "seeded issues (default" + " ${DEFAULT-VALUE})")
    int issues;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "42",
            description = "data seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--token",
            paramLabel = "T",
            description = "personal access token to accept (default" + " sim-personal-token)")
    String token;

    @Option(names = "--project", paramLabel = "NAME", description = "project name (default demo-project)")
    String project;

    @Option(names = "--team", paramLabel = "NAME", description = "team domain (default acme)")
    String team;

    @Option(
            names = "--clock-offset",
            paramLabel = "DURATION",
            description = "run the simulated CODING's clock ahead"
                    + " (PT1H) or behind (-PT1H) this machine's, as a real CODING's may be (ISO-8601 duration)")
    java.time.Duration clockOffset;

    @Option(
            names = "--add-project",
            paramLabel = "NAME[:ISSUES]",
            description = "another project of the team, with its own issues, iterations, members, comments, issue"
                    + " types and fields (repeat it for more; default " + SimulatorMain.ADDED_PROJECT_ISSUES
                    + " issues). DescribeCodingProjects lists every project; the one-project options above describe"
                    + " the default project")
    java.util.List<String> addedProjects = new java.util.ArrayList<>();

    @Option(
            names = "--deny-service-hooks",
            description = "answer the Service Hook actions (CreateServiceHook, DescribeServiceHooks, DeleteServiceHook,"
                    + " PingServiceHook, DescribeServiceHookLogs) with UnauthorizedOperation, as CODING does for a"
                    + " credential without the service-hook permission")
    boolean denyServiceHooks;

    @Override
    public Integer call() throws Exception {
        return SimulatorMain.serve(builder());
    }

    /** The simulator these options describe (not started). */
    CodingSimulator.Builder builder() {
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("--port " + port + " is out of range: use 0 to 65535");
        }
        CodingSimulator.Builder builder =
                CodingSimulator.builder().port(port).issues(issues).seed(seed);
        if (token != null) {
            builder.personalToken(token);
        }
        if (project != null) {
            builder.projectName(project);
        }
        if (team != null) {
            builder.team(team);
        }
        if (clockOffset != null) {
            builder.clockOffset(clockOffset);
        }
        for (String added : addedProjects) {
            try {
                SimulatorMain.addProject(builder, added);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(e.getMessage());
            }
        }
        return builder.denyServiceHooks(denyServiceHooks);
    }
}
