package dev.camelcoding.app;

import dev.camelcoding.component.CodingEndpoint;
import dev.camelcoding.component.team.ProjectRoutes;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.SimpleMainShutdownStrategy;

/**
 * The routes of routes/ running under Camel Main, configured by {@link SyncSettings} (the same locations and
 * overrides, so Camel resolves every key as the commands do). The sink route file is chosen by {@code coding.sink};
 * the tables synced by {@code coding.tables} (each source route's autoStartup).
 */
final class SyncApplication implements AutoCloseable {

    private final SyncSettings settings;
    private final Main main = new LayeredMain();
    /** Whether this application holds H2's exit hook back until it has stopped ({@link H2ExitHook}). */
    private boolean holdsH2ExitHook;
    /** The monitoring page on the observe server, when it runs (a sync that consumes, coding.observe.enabled). */
    private MonitorPage monitorPage;
    /** The deliveries and progress of a sync that consumes, counted from before its routes start. */
    private ProgressMeter progress;

    SyncApplication(SyncSettings settings) {
        this.settings = settings;
        new SettingsCheck(settings).validate();
    }

    /** For tests: application.properties with these keys set (as --set would). */
    SyncApplication(Properties overrides) {
        this(new SyncSettings(overrides));
    }

    String setting(String key) {
        return settings.get(key);
    }

    SyncSettings settings() {
        return settings;
    }

    /** Starts the routes; a configuration mistake becomes a {@link ConfigurationException} with one clear line. */
    void start() {
        start(true);
    }

    /**
     * Starts Camel Main with the routes loaded and their beans (the sink's data source and tables) created;
     * {@code consume=false} starts no route, so CODING is not called (what {@code test} and {@code replay} need).
     */
    void start(boolean consume) {
        Properties overrides = settings.overrides();
        if (!consume) {
            overrides.setProperty("camel.main.auto-startup", "false");
        }
        String prefix = SyncSettings.routesPrefix();
        main.setPropertyPlaceholderLocations(settings.locations());
        main.setOverrideProperties(overrides);
        main.configure()
                .withRoutesIncludePattern(
                        prefix + "coding-*.camel.yaml," + prefix + "sinks/" + setting("coding.sink") + ".camel.yaml");
        main.configure().withDurationMaxSeconds(0);
        if (consume) {
            ProgressMeter meter = new ProgressMeter(this);
            // configured, not started yet (Main.start() calls no beforeStart listener; that is run()'s)
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterConfigure(BaseMainSupport configured) {
                    meter.countFrom(configured.getCamelContext());
                }
            });
            progress = meter;
        }
        try {
            main.start();
            if (progress != null) {
                progress.notePhasesAtStart(this);
            }
            // the databases are open now, so is H2's exit hook: it waits until close() has stopped everything
            H2ExitHook.holdBack();
            holdsH2ExitHook = true;
            if (consume) {
                monitorPage = MonitorPage.attach(this).orElse(null);
            }
        } catch (Exception e) {
            close();
            if (unanswered(e)) {
                throw new SinkUnavailableException(rootMessage(e));
            }
            throw new ConfigurationException(rootMessage(e));
        }
    }

    /**
     * Camel Main whose properties component does not look environment variables up itself: by default Camel puts
     * them above the override properties (so CODING_PROJECT beat --set coding.project); {@link SyncSettings} has
     * them as a layer of the overrides, below --config and --set.
     */
    private static final class LayeredMain extends Main {

        /**
         * Without Camel Main's SIGTERM hook. Its default shutdown strategy adds a JVM shutdown hook when Main starts,
         * and that hook only waits, up to Camel's shutdown timeout plus 15 s, for the CamelContext to stop; it stops
         * nothing, as it expects a main thread blocked in Main.run(), which no command has. So a Ctrl-C of a command
         * without a stop hook of its own kept the JVM up to a minute. With one ({@code run}'s, which stops the
         * application), it was worse: the hook's wait is a shutdown listener run by whichever thread first calls
         * the strategy's shutdown(), and when run's hook got there first (the context's stop calls it), it waited a
         * minute for itself before stopping anything: CI's "the child did not stop within 60 s of SIGTERM", the
         * child's log ending in "CamelContext not yet shutdown completely after: 1m0s. Forcing shutdown".
         */
        LayeredMain() {
            setShutdownStrategy(new SimpleMainShutdownStrategy());
        }

        @Override
        protected CamelContext createCamelContext() {
            CamelContext camel = super.createCamelContext();
            if (camel.getPropertiesComponent()
                    instanceof org.apache.camel.component.properties.PropertiesComponent properties) {
                properties.setEnvironmentVariableMode(
                        org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            }
            return camel;
        }
    }

    CamelContext camel() {
        return main.getCamelContext();
    }

    /** The progress of this sync: every delivery of its routes since they started (a sync that consumes). */
    ProgressMeter progress() {
        if (progress == null) {
            throw new IllegalStateException("the application was not started to consume");
        }
        return progress;
    }

    /** The monitoring page this sync serves on the observe server, if it serves one. */
    Optional<MonitorPage> monitorPage() {
        return Optional.ofNullable(monitorPage);
    }

    /** The coding: endpoints of the routes. */
    List<CodingEndpoint> codingEndpoints() {
        return camel().getEndpoints().stream()
                .filter(CodingEndpoint.class::isInstance)
                .map(CodingEndpoint.class::cast)
                .toList();
    }

    /**
     * The first failure that stopped a coding: endpoint for good (see CodingPollingConsumer), if any. A team sync's
     * project that CODING refused is not one: its routes stopped alone ({@link ProjectRoutes}) and the others sync on.
     */
    Optional<CodingEndpoint> refusedEndpoint() {
        Optional<ProjectRoutes> team = projectRoutes().filter(ProjectRoutes::isTeam);
        return codingEndpoints().stream()
                .filter(e -> e.health().permanentFailure() != null)
                .filter(e -> team.isEmpty()
                        || !team.get()
                                .stoppedProjects()
                                .containsKey(e.getConfiguration().getProjectName()))
                .findFirst();
    }

    /** The bean that makes the per-project routes (routes/coding-sources.camel.yaml), once Camel Main has started. */
    Optional<ProjectRoutes> projectRoutes() {
        return Optional.ofNullable(camel()).map(c -> c.getRegistry().findSingleByType(ProjectRoutes.class));
    }

    @Override
    public void close() {
        if (monitorPage != null) {
            monitorPage.close();
            monitorPage = null;
        }
        main.stop();
        if (holdsH2ExitHook) {
            holdsH2ExitHook = false;
            H2ExitHook.release();
        }
    }

    /** Whether a start failed because a database or a host did not answer (exit 1), not on a wrong setting (exit 2). */
    static boolean unanswered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // SQLState class 08 is "connection exception" (refused, unknown host, timed out); other SQL states, such
            // as H2's unsupported URL setting, are mistakes in the URL
            if (cause instanceof java.sql.SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08")
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of a failure: the one that says what to fix (Camel wraps it several times). */
    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        String message = failure.getMessage();
        while (cause != null) {
            if (cause instanceof IllegalArgumentException
                    || cause instanceof dev.camelcoding.client.CodingApiException) {
                return cause.getMessage();
            }
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
            cause = cause.getCause();
        }
        return message;
    }
}
