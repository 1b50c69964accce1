package dev.camelcoding.protocol;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CODING's delivery signature: {@code X-Coding-Signature: sha1=<lowercase hex HMAC-SHA1(secret, raw body)>}. The
 * HMAC is computed over the bytes as received, never over re-serialised JSON, and compared in constant time.
 */
public final class HookSignature {

    public static final String PREFIX = "sha1=";

    private HookSignature() {}

    /** The header value CODING sends for {@code body} signed with {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /**
     * Whether {@code header} is a valid signature of one of the {@code candidates} (the raw body, and for
     * form-encoded deliveries also the decoded {@code payload} value, since what CODING signs there is not documented).
     */
    public static boolean verify(String header, String secret, byte[]... candidates) {
        if (header == null || secret == null) {
            return false;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value.substring(PREFIX.length()).toLowerCase());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        boolean valid = false;
        for (byte[] candidate : candidates) {
            if (candidate != null) {
                // no early exit: every candidate is checked so timing does not depend on which one matched
                valid |= MessageDigest.isEqual(presented, hmac(secret, candidate));
            }
        }
        return valid;
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
        }
    }
}
