package com.aitesting.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;

/** jsonb columns as plain maps and lists, with the shared configuration ({@link JsonMappers}). */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMappers.shared();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, Object>>> ARRAY = new TypeReference<>() {};

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> object(String json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an object", e);
        }
    }

    public static List<Map<String, Object>> array(String json) {
        try {
            return MAPPER.readValue(json, ARRAY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not an array of objects", e);
        }
    }

    private Json() {}
}
