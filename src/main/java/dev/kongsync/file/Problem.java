package dev.kongsync.file;

/**
 * Something wrong with the input: where (file, line, column), which field (a path such as
 * {@code services[0].routes[1].paths[0]}) and what.
 */
public record Problem(Location location, String field, String message) {
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
