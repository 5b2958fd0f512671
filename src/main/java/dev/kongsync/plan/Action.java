package dev.kongsync.plan;

/** What an operation does to one entity. */
public enum Action {
    CREATE("+", "create"), UPDATE("~", "update"), DELETE("-", "delete");

    private final String symbol;
    private final String word;

    Action(String symbol, String word) {
        this.symbol = symbol;
        this.word = word;
    }

    public String symbol() {
        return symbol;
    }

    public String word() {
        return word;
    }
}
