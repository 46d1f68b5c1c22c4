package com.aitesting.core;

/**
 * What PostgreSQL cannot store in text or jsonb: the NUL character, and a UTF-16 surrogate without its pair
 * (it has no UTF-8 form). The one statement of that rule: the API refuses such input ({@link #problem}),
 * and text taken from the wire, which a target chooses, is kept with those characters written as visible
 * escapes ({@link #escaped}), so one hostile server can neither fail a run's write nor hide what it sent.
 * The characters that would make a text read differently from what it is where it is shown ({@link #misleading})
 * are escaped there too: a server's CR or ANSI sequence must not rewrite a console line or a log.
 */
public final class Storable {
    /** Why {@code text} cannot be stored as it is, or null. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired surrogate (\\u" + Integer.toHexString(c) + ")";
            }
        }
        return null;
    }

    /**
     * {@code text} with each character that cannot be stored, or is {@link #misleading}, written as {@code \\uXXXX};
     * the text itself when there is none.
     */
    public static String escaped(String text) {
        if (text == null || problem(text) == null && text.chars().noneMatch(Storable::misleading)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c == '\u0000' || Character.isSurrogate(c) || misleading(c)) {
                out.append("\\u").append("%04x".formatted((int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A line break (U+2028 and U+2029 included), another control character, or a bidirectional formatting
     * character: each makes a text read differently from what it is where it is shown (a rewritten line, the
     * "Trojan Source" trick).
     */
    public static boolean misleading(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || c == 0x061C || c == 0x200E || c == 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    private Storable() {}
}
