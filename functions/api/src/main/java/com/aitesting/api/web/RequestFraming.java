package com.aitesting.api.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The one home of the rules on a request head that Netty's decoder does not apply. Where a server and a proxy in
 * front of it could disagree on where a request ends (request smuggling): a Transfer-Encoding other than exactly
 * {@code chunked} (RFC 9112 6.1: the body's length is then unknown, and Netty would read the body as the next
 * request), more than one Host, one that lists several, or none in HTTP/1.1 (3.2: which host is the target?), and
 * more than one Content-Type, or one that lists several on one line (RFC 9110 §8.3: which type is the body?).
 * Such a head is marked as undecodable, so Micronaut answers 400 and closes the connection, as it does for the
 * framing errors Netty finds itself (Content-Length twice, or with chunked); whatever follows on that connection is
 * dropped unread. A major version other than 1 is a 505 and close (RFC 9110 §15.6.6; Netty reads any
 * {@code HTTP/<digit>.<digit>}, and Micronaut would answer in the client's version, claiming to speak it), and a higher
 * minor of HTTP/1 is served as HTTP/1.1 (§2.5). A chunk size Netty cannot read leaves the body's end unknown too:
 * the request is then marked undecodable as well, whatever Micronaut did with it so far. A body announced with {@code Expect: 100-continue} and a
 * Content-Length over {@code micronaut.server.max-request-size} is a 413 and close, before Micronaut would invite it
 * with 100 Continue (RFC 9110 §10.1.1). A streamed answer to an HTTP/1.0 request goes out without chunked coding,
 * which 1.0 does not have, and ends with the connection ({@link CloseDelimited}). And a head must arrive whole within {@code ait.request-head-timeout}
 * (REQUEST_HEAD_TIMEOUT, default 10 s), else 408 and close ({@link HeadDeadline}). Every refusal of a head is answered
 * in HTTP/1.1, the version this server speaks (§2.5), also when its request line could not be read and Netty's
 * placeholder says HTTP/1.0. ({@code Problems} words the answers.)
 */
@Singleton
public final class RequestFraming implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
    static final String NAME = "ait-request-framing";
    static final String DEADLINE = "ait-request-head-deadline";
    static final String CLOSE_DELIMITED = "ait-http10-close-delimited";

    private final Duration headTimeout;
    private final long maxBody;

    public RequestFraming(@Value("${ait.request-head-timeout:10s}") Duration headTimeout,
                          @Value("${micronaut.server.max-request-size:10485760}") long maxBody) {
        if (headTimeout.isNegative() || headTimeout.isZero()) {
            throw new IllegalArgumentException("REQUEST_HEAD_TIMEOUT must be a positive duration (e.g. 10s), was " + headTimeout);
        }
        this.headTimeout = headTimeout;
        this.maxBody = maxBody;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role != ChannelRole.CONNECTION ? this : new NettyServerCustomizer() {
                    @Override
                    public void onStreamPipelineBuilt() { // HTTP/1.1: the server codec decodes the connection's requests
                        if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
                            Check check = new Check(maxBody);
                            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, NAME, check);
                            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, CLOSE_DELIMITED,
                                    new CloseDelimited());
                            channel.pipeline().addBefore(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, DEADLINE,
                                    new HeadDeadline(check, headTimeout));
                        }
                    }
                };
            }
        });
        return event.getBean();
    }

    /**
     * Why {@code request} cannot be framed without doubt (or is in a version this server does not speak, or asks to
     * send a body over {@code maxBody} bytes), or null.
     */
    static RuntimeException refusal(HttpRequest request, long maxBody) {
        if (request.protocolVersion().majorVersion() != 1) {
            return new VersionNotSupported(request.protocolVersion());
        }
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
        int types = headers.getAll(HttpHeaderNames.CONTENT_TYPE).size();
        if (types > 1) { // Micronaut reads the first, a proxy or a WAF may judge the body by another
            return new Refused("Content-Type", "must be sent once", "Content-Type was sent " + types
                    + " times; a body has one type (RFC 9110 §5.3, §8.3).");
        }
        if (types == 1 && listsTypes(headers.get(HttpHeaderNames.CONTENT_TYPE))) { // how a proxy joins two lines
            return new Refused("Content-Type", "must name one type", "Content-Type must name one media type, not a "
                    + "list (RFC 9110 §8.3).");
        }
        if (HttpUtil.is100ContinueExpected(request) && HttpUtil.getContentLength(request, -1L) > maxBody) {
            return new BodyTooLarge(); // refused before it is invited (RFC 9110 §10.1.1), so Micronaut sends no 100
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

    /** A comma before the parameters: type and subtype are tokens, so it can only separate types (a quoted parameter may hold one). */
    private static boolean listsTypes(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).indexOf(',') >= 0;
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

    /** A request in an HTTP version whose major is not 1 (the 505 {@code Problems} words). */
    public static final class VersionNotSupported extends RuntimeException {
        VersionNotSupported(HttpVersion version) {
            super(version.text() + " is not supported; send the request in HTTP/1.1.", null, false, false);
        }
    }

    /** A body announced with {@code Expect: 100-continue} and a Content-Length over the limit (the 413 {@code Problems} words). */
    public static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super(null, null, false, false);
        }
    }

    /** A body whose framing Netty could not read; {@code Problems} answers it as any request it could not read. */
    static final class UnreadableBody extends RuntimeException {
        UnreadableBody(Throwable cause) {
            super("unreadable body framing", cause, false, false);
        }
    }

    /** A request head that did not arrive whole in time (the 408 {@code Problems} words). */
    public static final class HeadTooSlow extends RuntimeException {
        HeadTooSlow(Duration limit) {
            super("The request head (request line and headers) did not arrive within " + limit.toMillis() / 1000.0
                    + " s; send it whole.", null, false, false);
        }
    }

    /**
     * One per connection, after the codec: sees each decoded head, refuses the ones that cannot be framed, and after
     * a refusal passes nothing more of the connection on.
     */
    private static final class Check extends ChannelDuplexHandler {
        private final long maxBody;
        private ChannelHandlerContext ctx;
        private HttpRequest current; // the request whose body is being read, if any
        private boolean bodyStreamed; // Micronaut has routed current and streams its body (it does so at read complete)
        private long received; // request heads read on this connection
        private long answered; // responses written whole
        private HeadDeadline deadline;
        private boolean refused;

        Check(long maxBody) {
            this.maxBody = maxBody;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg); // the rest of a body of unknown length, or the request it would smuggle
                return;
            }
            if (msg instanceof HttpRequest && deadline != null) {
                deadline.headArrived();
            }
            if (msg instanceof HttpRequest request) {
                current = request;
                bodyStreamed = false;
                received++;
            }
            if (!(msg instanceof HttpRequest) && msg instanceof HttpContent content && content.decoderResult().isFailure()
                    && current != null) {
                refuseUnreadableBody(content);
                return;
            }
            if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
                RuntimeException refusal = refusal(request, maxBody);
                if (refusal == null && request.protocolVersion().minorVersion() > 1) {
                    request.setProtocolVersion(HttpVersion.HTTP_1_1); // HTTP/1.2 to 1.9: served, and answered, as 1.1
                }
                if (refusal != null) {
                    refused = true;
                    request.setDecoderResult(DecoderResult.failure(refusal));
                    answerAsRefused(request);
                    ctx.fireChannelRead(request);
                    if (!(request instanceof LastHttpContent)) {
                        ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT); // the refused request has no body
                    }
                    return;
                }
            }
            if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
                answerAsRefused(request); // Netty's refusal, on a placeholder that says 1.0 (or with an Upgrade)
            }
            ctx.fireChannelRead(msg);
            if (msg instanceof LastHttpContent) {
                current = null;
                if (deadline != null) {
                    deadline.requestEnded();
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            bodyStreamed = current != null; // a body not whole by now is streamed to the route Micronaut has chosen
            ctx.fireChannelReadComplete();
        }

        /**
         * A refused head is answered in HTTP/1.1 and never upgraded: Micronaut takes any request with Upgrade:
         * websocket to its WebSocket handshake, which does not look at the decoder result, so a refused upgrade would
         * get a 101 (and a dead socket, or one that works) instead of its 400 or 505.
         */
        private static void answerAsRefused(HttpRequest request) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
            request.headers().remove(HttpHeaderNames.UPGRADE);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            // responses go out in the order of their requests; an interim one (100 Continue) answers nothing yet
            if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
                answered++;
            }
            ctx.write(msg, promise);
        }

        /**
         * Netty could not read the body's framing (a chunk size that overflows or is not hex): it ends the body there
         * and discards the rest of the connection, and Micronaut would take what came as the whole body. The request
         * is marked undecodable instead, as a bad head is, so its answer is the framing 400 and a close. Before
         * Micronaut routed it, the body's end makes it take the request as undecodable (the route never runs);
         * after, the streamed body fails, so the route gets no body, and the answer is worded by the marked request.
         */
        private void refuseUnreadableBody(HttpContent content) {
            refused = true;
            UnreadableBody why = new UnreadableBody(content.decoderResult().cause());
            ReferenceCountUtil.release(content);
            current.setDecoderResult(DecoderResult.failure(why));
            if (answered >= received) {
                // answered already (a GET's route does not wait for a body): nothing is left to say, and nothing more
                // can be read on this connection
                ctx.close();
            } else if (bodyStreamed) {
                ctx.fireExceptionCaught(why);
            } else {
                ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
            }
        }

        /** Answers a head that never came whole as Netty answers one it cannot read: undecodable, then close. */
        void refuseUnfinishedHead(RuntimeException why) {
            refused = true;
            FullHttpRequest placeholder = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
                    Unpooled.EMPTY_BUFFER);
            placeholder.setDecoderResult(DecoderResult.failure(why));
            ctx.fireChannelRead(placeholder);
        }
    }

    /**
     * One per connection, before the codec on the way out: HTTP/1.0 has no chunked transfer coding (RFC 9112 §6.1: a
     * server must not send it to a 1.0 client), but Micronaut streams a body of unknown length (the event stream)
     * chunked whatever the client's version. Such a response to a 1.0 request (Micronaut answers in the request's
     * version) goes out without Transfer-Encoding, so the codec writes the body as it is, and ends with the end of the
     * connection (§6.3: close-delimited), also when the client asked to keep it alive.
     */
    private static final class CloseDelimited extends ChannelOutboundHandlerAdapter {
        private boolean closeAtEnd;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response && HttpVersion.HTTP_1_0.equals(response.protocolVersion())
                    && HttpUtil.isTransferEncodingChunked(response)) {
                response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                closeAtEnd = true;
            }
            if (closeAtEnd && msg instanceof LastHttpContent) {
                closeAtEnd = false;
                ctx.write(msg, promise).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.write(msg, promise);
        }
    }

    /**
     * One per connection, before the codec: a request head must arrive whole within the limit, counted from the
     * connection's start for the first and from the first byte of each later one. Read-idle timeouts cannot do this, as
     * every byte restarts them (one byte every few seconds, slowloris, would hold the connection for ever). Between a
     * request's end and the next head's first byte nothing is timed, so a response streamed for long (SSE) is never
     * cut, and after an upgrade (WebSocket: the codec is gone) the handler leaves the pipeline. A connection that sent
     * nothing at all is closed without an answer; one that sent part of a head gets a 408.
     */
    private static final class HeadDeadline extends ChannelInboundHandlerAdapter {
        private final Check check;
        private final long limitNanos;
        private final Duration limit;
        private ChannelHandlerContext ctx;
        private ScheduledFuture<?> timer;
        private boolean awaitingHead = true;
        private boolean partial;
        private boolean expired;

        HeadDeadline(Check check, Duration limit) {
            this.check = check;
            this.limit = limit;
            this.limitNanos = limit.toNanos();
            check.deadline = this;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
            arm(); // the first head is awaited from the connection's start
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            cancel();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (expired) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (awaitingHead && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                if (upgraded()) {
                    ctx.pipeline().remove(this);
                } else {
                    partial = true;
                    if (timer == null) {
                        arm();
                    }
                }
            }
            ctx.fireChannelRead(msg); // may call headArrived before it returns
        }

        void headArrived() {
            awaitingHead = false;
            partial = false;
            cancel();
        }

        void requestEnded() {
            awaitingHead = true; // timed again from the next head's first byte
        }

        private boolean upgraded() {
            return ctx.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null;
        }

        private void arm() {
            timer = ctx.executor().schedule(this::expire, limitNanos, TimeUnit.NANOSECONDS);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void expire() {
            timer = null;
            if (!awaitingHead || !ctx.channel().isActive()) {
                return;
            }
            if (upgraded()) { // the bytes were another protocol's, sent right after the upgrade request
                ctx.pipeline().remove(this);
                return;
            }
            expired = true;
            if (partial) {
                check.refuseUnfinishedHead(new HeadTooSlow(limit));
            } else {
                ctx.close(); // nothing was asked, so there is nothing to answer
            }
        }
    }
}
