package dev.camelcoding.app.jbang;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.main.KameletMain;

/**
 * What {@code camel run FILES --dep=GAV --repos=URL --prop k=v} starts, in a JVM whose class path is camel-kamelet-main
 * and its dependencies only: a {@link KameletMain} of instance type {@code camel.jbang} with download on, the route
 * files as the routes include pattern, the .properties files as property locations, the dependencies in
 * {@code camel.jbang.dependencies} (resolved from the local Maven repository, then the given repositories).
 *
 * <p>Arguments: {@code --repos=URL}, {@code --dep=GAV} (repeatable), {@code --port=N}, {@code --prop=k=v} (repeatable), files. Once
 * Camel has started it prints one line {@code coding component loaded from PATH} (which jar the coding: component
 * came from, so the test can tell it was the downloaded one) and runs until the parent closes its stdin.
 */
public final class CamelRunChild {

    private CamelRunChild() {}

    public static void main(String[] args) throws Exception {
        List<String> routes = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        List<String> deps = new ArrayList<>();
        KameletMain main = new KameletMain("camel.jbang");
        main.setDownload(true);
        main.setFresh(true); // `camel run --fresh`: look at the repositories again for a newer snapshot
        for (String arg : args) {
            if (arg.startsWith("--repos=")) {
                main.setRepositories(arg.substring("--repos=".length()));
            } else if (arg.startsWith("--dep=")) {
                deps.add(arg.substring("--dep=".length()));
            } else if (arg.startsWith("--port=")) {
                // `camel run --port`: KameletMain's embedded HTTP server (platform-http) on that port
                main.addInitialProperty("camel.jbang.platform-http.port", arg.substring("--port=".length()));
            } else if (arg.startsWith("--prop=")) {
                String kv = arg.substring("--prop=".length());
                int eq = kv.indexOf('=');
                // `--prop` wins over the properties files, as it does under camel run
                main.addOverrideProperty(kv.substring(0, eq), kv.substring(eq + 1));
            } else if (arg.endsWith(".properties")) {
                properties.add("file:" + new File(arg).getAbsolutePath());
            } else {
                routes.add("file:" + new File(arg).getAbsolutePath());
            }
        }
        main.addInitialProperty("camel.main.routesIncludePattern", String.join(",", routes));
        main.addInitialProperty("camel.jbang.dependencies", String.join(",", deps));
        if (!properties.isEmpty()) {
            main.setPropertyPlaceholderLocations(String.join(",", properties));
        }
        main.start();
        Object component = main.getCamelContext().getComponent("coding");
        System.out.println("coding component loaded from "
                + new File(component
                        .getClass()
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI()));
        System.out.flush();
        // the parent ends the run by closing stdin (a destroyed child would not stop Camel's routes cleanly)
        while (System.in.read() >= 0) {
            // nothing to read: waiting for end of input
        }
        main.stop();
    }
}
