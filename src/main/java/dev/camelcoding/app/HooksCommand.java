package dev.camelcoding.app;

import dev.camelcoding.client.CodingApiClient;
import dev.camelcoding.client.CodingAuthenticationException;
import dev.camelcoding.client.CodingClientOptions;
import dev.camelcoding.client.CodingNotFoundException;
import dev.camelcoding.client.CodingPermissionException;
import dev.camelcoding.component.CodingComponent;
import dev.camelcoding.component.webhook.SecretPath;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hooks install|status|remove}: the Service Hooks of the synced projects, made through the Open API instead of
 * by hand in each project (what {@code webhook-url} prints). One listener and one path serve every project, so one
 * URL ({@code --base-url} + coding.webhook.path) is our hook in each; {@link ProjectHooks} does the work.
 */
@Command(
        name = "hooks",
        mixinStandardHelpOptions = true,
        description = "Install, show or remove the Service Hook of each synced project (coding.project) through"
                + " CODING's Open API: one hook per project posting to --base-url + coding.webhook.path, signed with"
                + " coding.webhook.secret. The credential needs the scope service-hook:profile:rw (status:"
                + " service-hook:profile:ro); without it the command says so and prints the steps to do it by hand"
                + " (exit code 3).",
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

        /** The work, once the client is ready; CODING's refusals are handled by the caller. */
        abstract int act(ProjectHooks hooks, List<String> projects, SyncSettings settings, HookTarget target);

        /** What to print after the one line when CODING refused the Service Hook actions. */
        abstract void denied(SyncSettings settings, HookTarget target);

        HookTarget target(SyncSettings settings) {
            return HookTarget.of(baseUrlOption(), settings.get("coding.webhook.path"));
        }

        @Override
        public Integer call() {
            SyncSettings settings = config.settings();
            new SettingsCheck(settings).validate();
            HookTarget target = target(settings);
            // one project today; a team sync passes its list here (ProjectHooks takes any number)
            List<String> projects = List.of(settings.get("coding.project"));
            String command = "coding-sync hooks " + spec.name();
            try (SyncApplication app = new SyncApplication(settings)) {
                app.start(false);
                CodingClientOptions options = app.camel()
                        .getComponent("coding", CodingComponent.class)
                        .getConfiguration()
                        .clientOptions();
                try (CodingApiClient client = new CodingApiClient(options)) {
                    return act(new ProjectHooks(client, target, System.out), projects, settings, target);
                } catch (CodingPermissionException refused) {
                    // the message names the Action and the scope it needs (service-hook:profile:ro or :rw)
                    System.err.println(command + ": CODING refused the Service Hook actions: " + refused.getMessage());
                    denied(settings, target);
                    return ExitCode.CODING_REFUSED.code();
                } catch (CodingAuthenticationException | CodingNotFoundException refused) {
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
                    + " disabled, 3 when CODING refuses (then the manual steps are printed).")
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
        int act(ProjectHooks hooks, List<String> projects, SyncSettings settings, HookTarget target) {
            boolean secretIsNew = generatedSecret != null;
            String secret = secretIsNew ? generatedSecret : settings.get("coding.webhook.secret");
            ProjectHooks.Installed installed = hooks.install(projects, secret, secretIsNew, ping);
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
            if (secretIsNew && installed.created() == 0 && installed.incomplete() == 0) {
                System.out.println("coding.webhook.secret is empty: set it to the token the hook above was made with"
                        + " (CODING does not show it back), or run 'hooks remove' and install again.");
                return ExitCode.CHECK_FAILED.code();
            }
            return installed.incomplete() == 0 ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
        }

        @Override
        void denied(SyncSettings settings, HookTarget target) {
            System.out.println("Install the Service Hook by hand instead, in each synced project (or grant the"
                    + " credential service-hook:profile:rw and run 'coding-sync hooks install' again):");
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
                    + " HTTP status) from CODING's delivery log. Exit code 1 when a project has none.")
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
        int act(ProjectHooks hooks, List<String> projects, SyncSettings settings, HookTarget target) {
            if (deliveries < 1 || deliveries > 100) {
                throw new ConfigurationException("--deliveries " + deliveries + " is out of range: use 1 to 100");
            }
            return hooks.status(projects, deliveries) == 0 ? ExitCode.OK.code() : ExitCode.CHECK_FAILED.code();
        }

        @Override
        void denied(SyncSettings settings, HookTarget target) {
            System.out.println("See the hooks by hand in CODING: Project settings > Developer options > Service Hook"
                    + " (each hook's delivery log is there too).");
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Delete the Service Hooks posting to coding.webhook.path (on --base-url when given) in each"
                    + " synced project; hooks posting elsewhere are left alone.")
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
        int act(ProjectHooks hooks, List<String> projects, SyncSettings settings, HookTarget target) {
            hooks.remove(projects);
            return ExitCode.OK.code();
        }

        @Override
        void denied(SyncSettings settings, HookTarget target) {
            System.out.println("Remove it by hand in CODING: Project settings > Developer options > Service Hook.");
        }
    }
}
