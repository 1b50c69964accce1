package dev.camelcoding.component.webhook;

import java.util.Locale;
import java.util.Optional;

/**
 * A parsed {@code Content-Type}: type, subtype and the charset parameter (RFC 9110 section 8.3.1). Type and subtype
 * compare case-insensitively; parameters other than charset are ignored. A prefix match would take
 * {@code application/jsonp} for JSON, so the value is parsed, not matched.
 *
 * @param type    the top-level type, lower case
 * @param subtype the subtype, lower case
 * @param charset the charset parameter (unquoted), or null when absent
 */
public record MediaType(String type, String subtype, String charset) {

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    /** The media type of a header value, or empty when it is absent or not {@code type/subtype *( ; param )}. */
    public static Optional<MediaType> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.split(";", -1);
        String essence = parts[0].trim();
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1) {
            return Optional.empty();
        }
        String type = essence.substring(0, slash);
        String subtype = essence.substring(slash + 1);
        if (!isToken(type) || !isToken(subtype)) {
            return Optional.empty();
        }
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            if (eq <= 0 || !isToken(parameter.substring(0, eq).trim())) {
                return Optional.empty();
            }
            String name = parameter.substring(0, eq).trim();
            String value = parameter.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (name.equalsIgnoreCase("charset")) {
                charset = value;
            }
        }
        return Optional.of(new MediaType(type.toLowerCase(Locale.ROOT), subtype.toLowerCase(Locale.ROOT), charset));
    }

    public boolean is(String expectedType, String expectedSubtype) {
        return type.equals(expectedType) && subtype.equals(expectedSubtype);
    }

    /** Whether the body is UTF-8 by this header: no charset (JSON is UTF-8 by RFC 8259) or charset UTF-8. */
    public boolean isUtf8() {
        return charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
    }

    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || TOKEN_CHARS.indexOf(c) >= 0))) {
                return false;
            }
        }
        return true;
    }
}
