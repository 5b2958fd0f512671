package dev.kongsync.cli;

import dev.kongsync.pipeline.RouteChecks;
import dev.kongsync.traffic.Collision;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** How route collisions are judged: which are errors, and which router flavor to model. */
public final class RouteCheckOptions {
    @Option(names = "--fail-on", paramLabel = "COLLISION", split = ",",
            description = "Route collisions that are errors: identical, shadow, overlap, or none (repeatable; "
                    + "default: identical,shadow). A route tagged kongsync:allow-<collision> allows its collisions "
                    + "of that kind.")
    List<String> failOn = new ArrayList<>();

    @Option(names = "--router-flavor", paramLabel = "FLAVOR",
            description = "The router to model: traditional_compatible or traditional (default: Kong's "
                    + "configuration.router_flavor; without a Kong, traditional_compatible, Kong 3.9's default).")
    String routerFlavor;

    /** The settings, with {@code stableIds} from the command's id option; throws on a wrong value. */
    RouteChecks.Settings settings(boolean stableIds) {
        return new RouteChecks.Settings(failOn.isEmpty() ? Collision.DEFAULT_FAIL_ON : Collision.parse(failOn),
                routerFlavor, stableIds);
    }
}
