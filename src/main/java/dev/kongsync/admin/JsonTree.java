package dev.kongsync.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON value read from Jackson's streaming parser as plain Java values, exactly as kongsync's ObjectMapper
 * decodes Kong's answers into a {@code Map} ({@code USE_LONG_FOR_INTS}): objects as LinkedHashMaps (a repeated key
 * keeps its last value), arrays as ArrayLists, integers as Long (one beyond its range is an error, as it is there),
 * other numbers as Double. For readers that build part of an answer in a form of their own and leave the rest to this.
 */
public final class JsonTree {
    private JsonTree() {}

    /** The value that starts at {@code token}, the parser's current token; the parser is left on its last token. */
    public static Object read(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                    String name = p.currentName();
                    out.put(name, read(p, p.nextToken()));
                }
                yield out;
            }
            case START_ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    out.add(read(p, t));
                }
                yield out;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_EMBEDDED_OBJECT -> p.getEmbeddedObject();
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + token);
        };
    }
}
