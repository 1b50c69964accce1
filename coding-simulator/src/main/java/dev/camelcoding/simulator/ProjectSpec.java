package dev.camelcoding.simulator;

/** The sizes and data seed of a project added to the team ({@link CodingSimulator.Builder#addProject}). */
public final class ProjectSpec {

    int issues = 20;
    int iterations = 3;
    int members = 4;
    Long seed;

    ProjectSpec() {}

    public ProjectSpec issues(int issues) {
        this.issues = atLeast(issues, 0, "issues");
        return this;
    }

    public ProjectSpec iterations(int iterations) {
        this.iterations = atLeast(iterations, 0, "iterations");
        return this;
    }

    /** Project members (at least 1: the admin every token authenticates as); they are the team's first users. */
    public ProjectSpec members(int members) {
        this.members = atLeast(members, 1, "members");
        return this;
    }

    /** The seed of this project's issues, iterations and comments (default: derived from the team seed and name). */
    public ProjectSpec seed(long seed) {
        this.seed = seed;
        return this;
    }

    private static int atLeast(int v, int min, String what) {
        if (v < min) {
            throw new IllegalArgumentException(what + " must be at least " + min);
        }
        return v;
    }
}
