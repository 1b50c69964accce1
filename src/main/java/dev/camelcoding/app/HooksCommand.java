package dev.camelcoding.app;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.team.ProjectSelection;
import dev.camelcoding.component.webhook.SecretPath;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hooks install|status|remove}: the Service Hooks of the synced projects (the selection {@code run} takes,
 * {@link HookProjects}), made through the Open API instead of by hand in each project (what {@code webhook-url}
 * prints). One listener and one path serve every project, so one URL ({@code --base-url} + coding.webhook.path) is
 * our hook in each; {@link ProjectHooks} does the work, project by project, going on past a project CODING refuses.
 */
@Command(
        name = "hooks",
        mixinStandardHelpOptions = true,
        description = "Install, show or remove the Service Hook of each synced project through CODING's Open API:"
                + " the projects run syncs (coding.project, or coding.projects less coding.projects.exclude, matched"
                + " against the projects the credential sees), one hook per project, all posting to --base-url +"
                + " coding.webhook.path (one listener serves every project) and signed with coding.webhook.secret."
                + " The credential needs the scope service-hook:profile:rw in each project (status:"
                + " service-hook:profile:ro). A project where CODING refuses is named with the permission it needs and"
                + " the steps to do it by hand, the other projects are still done, and the exit code is 3.",
        subcommands = {HooksCommand.Install.class, HooksCommand.Status.class, HooksCommand.Remove.class})
final class HooksCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What the three subcommands share: the settings, --base-url, the client, and how a refusal is told. */
    abstract static class HookSubcommand implements Callable<Integer> {

        @Mixin
        ConfigOptions config = new ConfigOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract String baseUrlOption();

        /** The work, once the client is ready; the projects CODING refused are told by the caller. */
        abstract int act(ProjectHooks hooks, SyncSettings settings, HookTarget target);

        /**
         * What to print after the lines saying which projects CODING refused the Service Hook actions, naming them
         * ({@code projects}: "project ops" or "projects a, b").
         */
        abstract void denied(SyncSettings settings, HookTarget target, String projects);

        HookTarget target(SyncSettings settings) {
            return HookTarget.of(baseUrlOption(), settings.get("coding.webhook.path"));
        }

        @Override
        public Integer call() {
            SyncSettings settings = config.settings();
            SettingsCheck check = new SettingsCheck(settings);
            check.validate();
            // the projects run syncs: coding.project, or coding.projects less coding.projects.exclude
            ProjectSelection selection = check.requireCodingProjects();
            HookTarget target = target(settings);
            String command = "coding-sync hooks " + spec.name();
            try (SyncApplication app = new SyncApplication(settings)) {
                app.start(false);
                CodingClientOptions options = app.camel()
                        .getComponent("coding", CodingComponent.class)
                        .getConfiguration()
                        .clientOptions();
                try (CodingApiClient client = new CodingApiClient(options)) {
                    ProjectHooks hooks =
                            new ProjectHooks(client, target, System.out, HookProjects.of(selection, client));
                    int code = act(hooks, settings, target);
                    List<ProjectHooks.Refusal> refusals = hooks.refusals();
                    if (refusals.isEmpty()) {
                        return code;
                    }
                    // one line per refused project: which one, the Action and the scope it needs (the message names
                    // service-hook:profile:ro or :rw), or that CODING does not know the project
                    refusals.forEach(refusal -> System.err.println(command + ": project " + refusal.project()
                            + ": CODING refused: " + refusal.failure().getMessage()));
                    List<String> denied = refusals.stream()
                            .filter(ProjectHooks.Refusal::permission)
                            .map(ProjectHooks.Refusal::project)
                            .toList();
                    if (!denied.isEmpty()) {
                        System.out.println();
                        denied(
                                settings,
                                target,
                                (denied.size() == 1 ? "project " : "projects ") + String.join(", ", denied));
                    }
                    return ExitCode.CODING_REFUSED.code();
                } catch (CodingAuthenticationException refused) {
                    // the credential itself: every project would be refused the same way
                    System.err.println(command + ": CODING refused: " + refused.getMessage());
                    return ExitCode.CODING_REFUSED.code();
                } catch (CodingPermissionException refused) {
                    // listing the team's projects (DescribeCodingProjects) was refused: no project to act on
                    System.err.println(command + ": CODING refused: " + refused.getMessage());
                    return ExitCode.CODING_REFUSED.code();
                }
            }
        }
    }

    @Command(
            name = "install",
            mixinStandardHelpOptions = true,
            description = "Create the Service Hook in each synced project that has none posting to --base-url +"
                    + " coding.webhook.path (running it again creates nothing), subscribed to the events the sync"
                    + " handles and signed with coding.webhook.secret. When coding.webhook.secret is empty a secret"
                    + " (and, for the default path, a path) is generated as webhook-url does and printed once in full"
                    + " for you to set in the configuration. Exit code 1 when a project's hook lacks events or is"
                    + " disabled, 3 when CODING refuses a project (the others are still installed; the manual steps"
                    + " for the refused ones are printed).")
    static final class Install extends HookSubcommand {

        /** The shipped coding.webhook.path: guessable, so a generated secret comes with a generated path. */
        static final String DEFAULT_PATH = "/coding/webhook";

        @Option(
                names = "--base-url",
                paramLabel = "URL",
                required = true,
                description = "the public https://host[:port] CODING will post to (as for webhook-url)")
        String baseUrl;

        @Option(names = "--ping", description = "have CODING send each hook a PING and show how the listener answered")
        boolean ping;

        private final WebhookUrlCommand generator = new WebhookUrlCommand();
        private String generatedPath;
        private String generatedSecret;

        @Override
        String baseUrlOption() {
            return baseUrl;
        }

        @Override
        HookTarget target(SyncSettings settings) {
            String path = settings.get("coding.webhook.path");
            if (settings.get("coding.webhook.secret").isBlank()) {
                generatedSecret = generator.newSecret();
                if (path.isBlank() || path.equals(DEFAULT_PATH)) {
                    generatedPath = generator.newPath();
                }
            }
            return HookTarget.of(baseUrl, generatedPath != null ? generatedPath : path);
        }

        @Override
        int act(ProjectHooks hooks, SyncSettings settings, HookTarget target) {
            boolean secretIsNew = generatedSecret != null;
            String secret = secretIsNew ? generatedSecret : settings.get("coding.webhook.secret");
            ProjectHooks.Installed installed = hooks.install(secret, secretIsNew, ping);
            // only a hook created now carries the generated secret: without one, the values are of no use
            if (secretIsNew && installed.created() > 0) {
                System.out.println();
                System.out.println("coding.webhook.secret was empty: the hook was made with these values. Set them"
                        + " before 'run' (routes/application.properties, the --config file, or CODING_WEBHOOK_PATH and"
                        + " CODING_WEBHOOK_SECRET); shown this once in full because you must copy them, CODING never"
                        + " shows the token back:");
                System.out.println("   coding.webhook.path=" + target.path());
                System.out.println("   coding.webhook.secret=" + secret);
            }
            if (secretIsNew && installed.present() > 0) {
                if (installed.created() == 0) {
                    System.out.println("coding.webhook.secret is empty: set it to the token the hook above was made"
                            + " with (CODING does not show it back), or run 'hooks remove' and install again.");
                } else {
                    // one listener checks every project's deliveries against one secret
                    System.out.println("The hooks that were there already were made with another token, which the"
                            + " listener will not know: run 'hooks remove' and 'hooks install' again so that every"
                            + " project's hook is signed with one secret.");
                }
                return ExitCode.CHECK_FAILED.code();
            }
            return installed.incomplete() == 0 ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
        }

        @Override
        void denied(SyncSettings settings, HookTarget target, String projects) {
            System.out.println("In " + projects + ", CODING refused the Service Hook actions: install the hook by hand"
                    + " there instead (or grant the credential service-hook:profile:rw there and run 'coding-sync"
                    + " hooks install' again; the other projects are done):");
            System.out.println();
            String mode = "webhook".equals(settings.get("coding.mode")) ? "webhook" : "hybrid";
            int port = Integer.parseInt(settings.get("coding.webhook.port").trim());
            ManualHookSteps steps = generatedSecret != null
                    // nothing is configured yet: the user must copy the values, so they are shown in full
                    ? ManualHookSteps.generated(target.baseUrl(), mode, port, target.path(), generatedSecret)
                    : ManualHookSteps.configured(target.baseUrl(), mode, port, SecretPath.mask(target.path()));
            steps.print(System.out);
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show each synced project's Service Hook posting to coding.webhook.path (on --base-url when"
                    + " given): its id, whether it is enabled, its events, and its latest deliveries (time, event,"
                    + " HTTP status) from CODING's delivery log, then a total line for several projects. Exit code 1"
                    + " when a project has none, 3 when CODING refuses a project.")
    static final class Status extends HookSubcommand {

        @Option(
                names = "--base-url",
                paramLabel = "URL",
                description = "the public https://host[:port] the hook posts to (default: any host, our path)")
        String baseUrl;

        @Option(
                names = "--deliveries",
                paramLabel = "N",
                defaultValue = "5",
                description = "how many of the latest deliveries to show per hook (default ${DEFAULT-VALUE})")
        int deliveries;

        @Override
        String baseUrlOption() {
            return baseUrl;
        }

        @Override
        int act(ProjectHooks hooks, SyncSettings settings, HookTarget target) {
            if (deliveries < 1 || deliveries > 100) {
                throw new ConfigurationException("--deliveries " + deliveries + " is out of range: use 1 to 100");
            }
            return hooks.status(deliveries) == 0 ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
        }

        @Override
        void denied(SyncSettings settings, HookTarget target, String projects) {
            System.out.println("See the hooks of " + projects + " by hand in CODING: Project settings > Developer"
                    + " options > Service Hook (each hook's delivery log is there too).");
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Delete the Service Hooks posting to coding.webhook.path (on --base-url when given) in each"
                    + " synced project; hooks posting elsewhere are left alone. Exit code 3 when CODING refuses a project"
                    + " (the others are still done).")
    static final class Remove extends HookSubcommand {

        @Option(
                names = "--base-url",
                paramLabel = "URL",
                description = "the public https://host[:port] the hook posts to (default: any host, our path)")
        String baseUrl;

        @Override
        String baseUrlOption() {
            return baseUrl;
        }

        @Override
        int act(ProjectHooks hooks, SyncSettings settings, HookTarget target) {
            hooks.remove();
            return ExitCode.OK.code();
        }

        @Override
        void denied(SyncSettings settings, HookTarget target, String projects) {
            System.out.println("Remove it by hand in " + projects + " in CODING: Project settings > Developer options"
                    + " > Service Hook.");
        }
    }
}
