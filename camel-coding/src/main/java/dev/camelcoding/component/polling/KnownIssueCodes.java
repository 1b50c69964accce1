package dev.camelcoding.component.polling;

/**
 * The issue codes the census knows to exist ({@link KeySet}, Base64 of a bit set), saved beside the reader's state
 * under {@code <reader state name>.keys}, in the field name the first versions wrote.
 */
public record KnownIssueCodes(String codes) {

    static String stateName(String readerState) {
        return readerState + ".keys";
    }

    static KnownIssueCodes of(KeySet keys) {
        return new KnownIssueCodes(keys.encode());
    }

    KeySet keys() {
        return KeySet.decode(codes);
    }
}
