package dev.camelcoding.component.event;

/** The operation of a change event, as Debezium spells it. */
public enum Op {
    CREATE("c"),
    UPDATE("u"),
    DELETE("d"),
    READ("r");

    private final String code;

    Op(String code) {
        this.code = code;
    }

    /** The one-letter code used in events and headers. */
    public String code() {
        return code;
    }

    public static Op fromCode(String code) {
        for (Op op : values()) {
            if (op.code.equals(code)) {
                return op;
            }
        }
        throw new IllegalArgumentException("not an op code: " + code);
    }
}
