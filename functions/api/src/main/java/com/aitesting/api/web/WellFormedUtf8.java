package com.aitesting.api.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one check that bytes a client sent as UTF-8 are well-formed UTF-8 (RFC 3629): JSON request bodies
 * ({@link JsonStrictness}) and WebSocket text messages. The JDK's decoder refuses what a lenient one reads as
 * another character: overlong forms (C0 AF for "/"), encoded surrogates and code points above U+10FFFF.
 */
public final class WellFormedUtf8 {
    /** The offset (from its position) of the first byte in {@code bytes} that is not well-formed UTF-8, or -1. */
    public static int firstMalformed(ByteBuffer bytes) {
        ByteBuffer in = bytes.duplicate();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer scratch = CharBuffer.allocate(Math.min(8192, in.remaining() + 2));
        while (true) {
            CoderResult result = decoder.decode(in, scratch, true);
            if (result.isError()) {
                return in.position() - bytes.position();
            }
            if (result.isUnderflow()) { // at the end of input a truncated sequence is an error above
                return -1;
            }
            scratch.clear(); // overflow: only whether the bytes decode matters, not the text
        }
    }

    private WellFormedUtf8() {}
}
