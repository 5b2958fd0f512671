package dev.kongsync.router;

import java.util.List;

/** One matcher the router files a route as: the whole route, or one path group of it (see {@link CompiledRoute}). */
final class Part {
    final CompiledRoute route;
    final int number;
    final List<PathRule> paths;
    final String id;

    Part(CompiledRoute route, int number, List<PathRule> paths, String id) {
        this.route = route;
        this.number = number;
        this.paths = paths;
        this.id = id;
    }

    boolean pathsMatch(String path) {
        if (paths.isEmpty()) {
            return true;
        }
        if (path == null) {
            return false;
        }
        for (PathRule p : paths) {
            if (p.matches(path)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(Request r) {
        return pathsMatch(r.path()) && route.matchesExceptPaths(r);
    }

    @Override
    public String toString() {
        return route.label() + (route.parts.size() > 1 ? " " + paths : "");
    }
}
