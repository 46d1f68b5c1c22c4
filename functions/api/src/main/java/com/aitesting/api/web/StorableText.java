package com.aitesting.api.web;

import com.aitesting.core.Storable;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Every JSON string of a request body passes here (registered by {@link JsonStrictness}), so no field can
 * carry what PostgreSQL refuses to store (the NUL character, a lone UTF-16 surrogate from a {@code \ud800}
 * escape), a control character other than tab and line breaks, or an unbounded amount of text. A refusal is a
 * 400 on the field's JSON path, before any use case runs. Field rules (a name's 200 characters, a host name's
 * syntax) still apply on top.
 */
public final class StorableText extends StdScalarDeserializer<String> {
    /** The longest string any field accepts; the body limit (256 KiB) bounds the sum. */
    static final int MAX_LENGTH = 10_000;

    StorableText() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = StringDeserializer.instance.deserialize(p, ctxt);
        if (text == null) {
            return null;
        }
        String problem = problem(text);
        if (problem != null) {
            throw new Refused(p, problem);
        }
        return text;
    }

    /** Why {@code text} cannot be accepted, or null. */
    static String problem(String text) {
        if (text.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        String unstorable = Storable.problem(text);
        if (unstorable != null) {
            return unstorable;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // tab and line breaks are text; the rest (ESC, BEL, DEL, C1) would act on the terminal or log
            // that shows the value later
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return "must not contain control characters (U+" + "%04X".formatted((int) c) + ")";
            }
        }
        return null;
    }

    /** A string the API will not store; Problems reports {@link #reason()} on the field. */
    public static final class Refused extends JsonMappingException {
        private final String reason;

        Refused(JsonParser parser, String reason) {
            super(parser, reason);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
