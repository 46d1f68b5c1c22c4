package com.aitesting.api.web;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules of RFC 9112 on a request head that Netty's decoder does not apply, where a server and a proxy in front
 * of it could disagree on where a request ends (request smuggling): a Transfer-Encoding other than exactly
 * {@code chunked} (6.1: the body's length is then unknown, and Netty would read the body as the next request), and
 * more than one Host, or one that lists several, or none in HTTP/1.1 (3.2: which host is the target?). Such a head is marked as undecodable, so Micronaut answers
 * 400 and closes the connection, as it does for the framing errors Netty finds itself (Content-Length twice, or with
 * chunked); whatever follows on that connection is dropped unread. ({@code Problems} words the 400.)
 */
@Singleton
public final class RequestFraming implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    static final String NAME = "ait-request-framing";

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role != ChannelRole.CONNECTION ? this : new NettyServerCustomizer() {
                    @Override
                    public void onStreamPipelineBuilt() { // HTTP/1.1: the server codec decodes the connection's requests
                        if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, new Check());
                        }
                    }
                };
            }
        });
        return event.getBean();
    }

    /** Why {@code request} cannot be framed without doubt, or null when it can. */
    static Refused refusal(HttpRequest request) {
        HttpHeaders headers = request.headers();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Refused("Host", "must be sent once", "Host was sent " + hosts.size() + " times; a request names one host (RFC 9112 §3.2).");
        }
        if (hosts.isEmpty() && !HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
            return new Refused("Host", "is required", "Host is required in an HTTP/1.1 request (RFC 9112 §3.2).");
        }
        if (!hosts.isEmpty() && hosts.getFirst().indexOf(',') >= 0) { // how a proxy joins two Host lines into one
            return new Refused("Host", "must name one host", "Host must name one host, not a list (RFC 9112 §3.2).");
        }
        if (!headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return null;
        }
        List<String> codings = new ArrayList<>();
        for (String line : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : line.split(",")) {
                if (!coding.isBlank()) {
                    codings.add(coding.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return codings.equals(List.of("chunked")) ? null : new Refused("Transfer-Encoding", "must be chunked",
                "Transfer-Encoding must be chunked, the only transfer coding this server reads: with any other the body's "
                        + "length is unknown (RFC 9112 §6.1).");
    }

    /** Why a request head was refused: the header, what it must be, and the sentence for the problem's detail. */
    public static final class Refused extends RuntimeException {
        private final String header;
        private final String rule;

        Refused(String header, String rule, String detail) {
            super(detail, null, false, false);
            this.header = header;
            this.rule = rule;
        }

        public String header() {
            return header;
        }

        public String rule() {
            return rule;
        }
    }

    /** One per connection: after a refused head, nothing more of the connection is passed on. */
    private static final class Check extends ChannelInboundHandlerAdapter {
        private boolean refused;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg); // the rest of a body of unknown length, or the request it would smuggle
                return;
            }
            if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                Refused refusal = refusal(request);
                if (refusal != null) {
                    refused = true;
                    request.setDecoderResult(DecoderResult.failure(refusal));
                    ctx.fireChannelRead(request);
                    if (!(request instanceof LastHttpContent)) {
                        ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT); // the refused request has no body
                    }
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }
    }
}
