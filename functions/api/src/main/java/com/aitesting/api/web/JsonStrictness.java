package com.aitesting.api.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.ContentReference;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;

/**
 * Makes request JSON strict about types: a number is not a string, a string is not a number or a
 * boolean, and "" is not an object or a list. (Jackson coerces all of these by default, which would let
 * wrong JSON types through as data.) Unknown properties are refused by configuration (application.yml).
 * Every string is checked by {@link StorableText} (no NUL, bounded length). A key given twice in one object is
 * a 400 rather than "the last one wins": a proxy or WAF in front may read the first, and the two would disagree
 * about what was sent. The bytes must be well-formed UTF-8 ({@link Utf8Only}).
 */
@Singleton
public final class JsonStrictness implements BeanCreatedEventListener<ObjectMapper> {
    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        ObjectMapper mapper = event.getBean();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory().setInputDecorator(new Utf8Only());
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("storable-text").addDeserializer(String.class, new StorableText()));
        for (LogicalType type : new LogicalType[] {LogicalType.POJO, LogicalType.Collection, LogicalType.Map, LogicalType.Array}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    /**
     * Every JSON read from bytes (the bodies Micronaut binds, and those a controller reads itself) is of
     * well-formed UTF-8, checked before Jackson sees it: Jackson's byte parser decodes an overlong form (C0 AF)
     * as the character it spells ("/"). JSON is UTF-8 (RFC 8259 §8.1), so a UTF-16 or UTF-32 body, which Jackson
     * would detect and read through a decoder that replaces what it cannot read, is refused as well: a UTF-8
     * JSON text has no zero byte (a control character is escaped), and those encodings have one in every ASCII
     * character. A UTF-8 byte order mark is well-formed, and Jackson skips it (RFC 8259 allows that).
     */
    static final class Utf8Only extends InputDecorator {
        @Override
        public InputStream decorate(IOContext context, InputStream in) throws IOException {
            byte[] bytes;
            try (in) { // a request body, already in memory: read whole to be judged whole
                bytes = in.readAllBytes();
            }
            check(bytes, 0, bytes.length);
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public InputStream decorate(IOContext context, byte[] src, int offset, int length) throws IOException {
            check(src, offset, length);
            return null; // Jackson reads the array itself
        }

        @Override
        public Reader decorate(IOContext context, Reader reader) {
            return reader; // already characters: nothing was decoded by Jackson
        }

        private static void check(byte[] src, int offset, int length) throws JsonParseException {
            int bad = WellFormedUtf8.firstMalformed(ByteBuffer.wrap(src, offset, length));
            for (int i = 0; bad < 0 && i < length; i++) {
                if (src[offset + i] == 0) {
                    bad = i;
                }
            }
            if (bad >= 0) {
                throw new JsonParseException(null, "not well-formed UTF-8", location(src, offset, bad));
            }
        }

        /** Where the refused byte is, as Jackson reports a syntax error: line and column (in bytes), from 1. */
        private static JsonLocation location(byte[] src, int offset, int bad) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (src[offset + i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new JsonLocation(ContentReference.unknown(), bad, -1, line, bad - lineStart + 1);
        }
    }
}
