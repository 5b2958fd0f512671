package dev.kongsync.pipeline;

import dev.kongsync.file.ConfigValidator;
import dev.kongsync.file.Location;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.owners.Owner;
import dev.kongsync.owners.Owners;
import dev.kongsync.owners.OwnershipLint;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code validate} offline: one configuration, or ({@code --owners}) the configurations of several owners of one
 * Kong, each checked alone and all against each other: the ownership lint and the route collisions across owners.
 */
public final class OwnersValidation {
    private OwnersValidation() {}

    /**
     * Validates the files of several owners; records every problem, lint finding and route collision in the report.
     *
     * @return each owner's desired state (for the backend checks)
     */
    public static List<DesiredState> run(List<String> files, RouteChecks.Settings settings, Report report) {
        Owners.Read read = Owners.read(files);
        List<Problem> problems = new ArrayList<>(read.problems());
        List<String> tags = new ArrayList<>();
        for (Owner o : read.owners()) {
            problems.addAll(ConfigValidator.problems(o.state(), BundledSchemas.registry()));
            o.selectTags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
        }
        report.info(new RunInfo("validate", null, null, null, List.copyOf(tags), List.copyOf(files)));
        OwnershipLint.Result lint = OwnershipLint.offline(read.owners());
        Set<Location> explained = new HashSet<>();
        lint.errors().forEach(p -> explained.add(p.location()));
        problems.removeIf(p -> explained.contains(p.location()) && p.message().startsWith("references "));
        problems.forEach(p -> report.error(Report.Error.of(p)));
        Ownership.record(lint, report);
        List<DesiredState> states = read.owners().stream().map(Owner::state).toList();
        if (problems.isEmpty()) {
            RouteChecks.offline(states, settings, report);
        }
        if (report.errors().isEmpty()) {
            for (Owner o : read.owners()) {
                report.notes().add(valid(o.describe(), o.state()));
            }
        }
        return states;
    }

    /** The lookup tag lists of the files longer than Kong's tag filter takes. */
    public static List<Problem> filterLimits(DesiredState desired) {
        Set<SourceDocument> docs = new LinkedHashSet<>();
        for (DesiredEntity e : desired.entities()) {
            docs.add(e.doc());
        }
        return OwnershipLint.filterLimits(docs);
    }

    /** "kong/kong.yml: valid (4 services, 5 routes, 5 plugins)". */
    public static String valid(String what, DesiredState desired) {
        List<String> counts = new ArrayList<>();
        for (EntityKind k : EntityKind.all()) {
            int n = desired.of(k).size();
            if (n > 0) {
                counts.add(dev.kongsync.report.Counts.of(n, k));
            }
        }
        return what + ": valid (" + (counts.isEmpty() ? "no entities" : String.join(", ", counts)) + ")";
    }
}
