package dev.kongsync.file;

/**
 * Something wrong with the input: where (file, line, column), which field (a path such as
 * {@code services[0].routes[1].paths[0]}) and what.
 */
public record Problem(Location location, String field, String message) {

    /**
     * The problems in the order of the files (as they first appear among them) and of their lines and columns;
     * those without a place last.
     */
    public static java.util.List<Problem> inFileOrder(java.util.List<Problem> problems) {
        java.util.Map<String, Integer> files = new java.util.LinkedHashMap<>();
        problems.stream().filter(p -> p.location() != null)
                .forEach(p -> files.putIfAbsent(p.location().file(), files.size()));
        java.util.List<Problem> out = new java.util.ArrayList<>(problems);
        out.sort(java.util.Comparator.comparingInt((Problem p) -> p.location() == null ? Integer.MAX_VALUE
                        : files.get(p.location().file()))
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().line())
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().column()));
        return java.util.List.copyOf(out);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (location != null) {
            sb.append(location).append(": ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
