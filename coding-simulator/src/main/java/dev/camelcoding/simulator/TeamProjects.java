package dev.camelcoding.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The projects of the simulated team: the default project (the one-project simulator's, with its listed-only
 * neighbours) and the projects added to it, at start or at run time, each with the credential's access to it.
 *
 * <p>Reads (every Open API call routes through here) take an immutable snapshot; adds and removes replace it under
 * this object's lock, so a call in flight keeps answering from the projects it started with.
 */
final class TeamProjects {

    private final SimulatorConfig config;
    private final ServiceHooks hooks;
    private final SimulatedProject defaultProject;
    private final Map<String, ProjectAccess> access = new ConcurrentHashMap<>();
    private volatile List<SimulatedProject> added = List.of();
    /** How the default project's neighbours are listed (as the one-project simulator always listed them). */
    private final Map<String, ProjectRecord> listedAs = new ConcurrentHashMap<>();

    TeamProjects(SimulatorConfig config, SimulatedProject defaultProject, ServiceHooks hooks) {
        this.config = config;
        this.defaultProject = defaultProject;
        this.hooks = hooks;
        // The neighbours the default project always listed become projects of their own: empty (no issues, no
        // iterations), the admin and one developer as members, so that every listed project answers every action.
        List<SimulatedProject> neighbours = new ArrayList<>();
        for (ProjectRecord r : defaultProject.data().projects) {
            if (r.id() != defaultProject.id()) {
                neighbours.add(new SimulatedProject(
                        new SimulatorData(config.forProject(r.name(), 0, 0, 2, config.seed(), r.id())), hooks));
                listedAs.put(r.name(), r);
            }
        }
        added = List.copyOf(neighbours);
    }

    SimulatedProject defaultProject() {
        return defaultProject;
    }

    /** The simulated projects (with data), the default first, then in the order they were added. */
    List<SimulatedProject> all() {
        List<SimulatedProject> out = new ArrayList<>(1 + added.size());
        out.add(defaultProject);
        out.addAll(added);
        return out;
    }

    /** Every project of the team as DescribeCodingProjects lists it to a credential with full access. */
    List<ProjectRecord> records() {
        List<ProjectRecord> out = new ArrayList<>(1 + added.size());
        out.add(defaultProject.data().project);
        for (SimulatedProject p : added) {
            out.add(listedAs.getOrDefault(p.name(), p.data().project));
        }
        return out;
    }

    /** The simulated project named {@code name}, or null (listed-only projects have none). */
    SimulatedProject byName(String name) {
        if (defaultProject.name().equals(name)) {
            return defaultProject;
        }
        for (SimulatedProject p : added) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    SimulatedProject byId(long id) {
        if (defaultProject.id() == id) {
            return defaultProject;
        }
        for (SimulatedProject p : added) {
            if (p.id() == id) {
                return p;
            }
        }
        return null;
    }

    /** The record of any project of the team (simulated or listed-only) by name, or null. */
    ProjectRecord recordByName(String name) {
        for (ProjectRecord r : records()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    ProjectRecord recordById(long id) {
        for (ProjectRecord r : records()) {
            if (r.id() == id) {
                return r;
            }
        }
        return null;
    }

    ProjectAccess access(String name) {
        return access.getOrDefault(name, ProjectAccess.FULL);
    }

    void setAccess(String name, ProjectAccess a) {
        synchronized (this) {
            if (recordByName(name) == null) {
                throw new IllegalArgumentException("no project " + name + " in the team");
            }
            access.put(name, a);
        }
    }

    /**
     * Generates a project's data (outside the lock: a large project takes a while) and adds it to the team. Its id is
     * derived from the team seed and its name, moved on past any id the team already has.
     */
    SimulatedProject add(String name, ProjectSpec spec) {
        CodingSimulator.Builder.requireSlug(name, "project name");
        long dataSeed = spec.seed != null ? spec.seed : Seeds.hash(config.seed(), name.hashCode(), 23);
        long id = 11_000_000L + Seeds.pick(config.seed(), name.hashCode(), 22, 900_000);
        synchronized (this) {
            requireNewName(name);
            Set<Long> taken = new java.util.HashSet<>();
            records().forEach(r -> taken.add(r.id()));
            while (taken.contains(id)) {
                id++;
            }
        }
        SimulatorData data =
                new SimulatorData(config.forProject(name, spec.issues, spec.iterations, spec.members, dataSeed, id));
        SimulatedProject project = new SimulatedProject(data, hooks);
        synchronized (this) {
            requireNewName(name);
            if (recordById(id) != null) {
                throw new IllegalStateException("project id " + id + " was taken while " + name + " was generated");
            }
            List<SimulatedProject> next = new ArrayList<>(added);
            next.add(project);
            added = List.copyOf(next);
        }
        return project;
    }

    /**
     * Removes an added project: it is no longer listed, its actions answer ResourceNotFound, its hooks are gone (their
     * past deliveries stay in the log). The default project cannot be removed.
     */
    void remove(String name) {
        synchronized (this) {
            if (defaultProject.name().equals(name)) {
                throw new IllegalArgumentException("the default project " + name + " cannot be removed");
            }
            SimulatedProject gone = byName(name);
            if (gone == null) {
                throw new IllegalArgumentException("no added project " + name);
            }
            List<SimulatedProject> next = new ArrayList<>(added);
            next.remove(gone);
            added = List.copyOf(next);
            access.remove(name);
            listedAs.remove(name);
            hooks.unregisterProject(gone.id());
        }
    }

    private void requireNewName(String name) {
        if (recordByName(name) != null) {
            throw new IllegalArgumentException("the team already has a project " + name);
        }
    }

    /** Users of the whole team, by id: the union of every project's users (the same person in each). */
    List<UserRecord> teamUsers() {
        Map<Long, UserRecord> byId = new HashMap<>();
        List<UserRecord> out = new ArrayList<>();
        for (SimulatedProject p : all()) {
            p.data().read(() -> {
                for (UserRecord u : p.data().users.values()) {
                    if (byId.putIfAbsent(u.id, u) == null) {
                        out.add(u);
                    }
                }
                return null;
            });
        }
        return out;
    }
}
