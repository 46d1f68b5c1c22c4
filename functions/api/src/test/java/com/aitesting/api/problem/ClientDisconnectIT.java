package com.aitesting.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.aitesting.api.support.TestServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * A client that hangs up before its request body is complete is no error of the server's: one line at INFO, no
 * stack trace and no 500 logged as unexpected (any client could otherwise fill the error log). A raw socket,
 * since an HTTP client does not send less than its Content-Length.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientDisconnectIT {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger problems = (Logger) LoggerFactory.getLogger(Problems.class);
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.start();
        logs.start();
        problems.addAppender(logs);
    }

    @AfterAll
    void stop() {
        problems.detachAppender(logs);
        server.close();
    }

    @Test
    void aClientClosingMidBodyIsOneInfoLineNotAnUnexpectedError() throws Exception {
        Map<String, Long> before = server.rowCounts();
        try (Socket socket = new Socket("127.0.0.1", URI.create(server.baseUrl()).getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/engagements HTTP/1.1\r\nHost: localhost\r\nX-Dev-User: yered\r\nX-Dev-Email: yered@example.com\r\n"
                    + "X-Tenant-Id: t_demo\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":\"half")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        List<ILoggingEvent> logged = problemsLogged();
        assertThat(logged).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(logged).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getThrowableProxy()).isNull();
            assertThat(e.getFormattedMessage()).contains("closed the connection", "POST /v1/engagements").doesNotContain("\n");
        });
        assertThat(server.rowCounts()).isEqualTo(before);
    }

    /** What Problems logged once it logged anything: the server handles the hang-up on its own thread. */
    private List<ILoggingEvent> problemsLogged() throws InterruptedException {
        for (int i = 0; i < 400; i++) {
            synchronized (logs) { // the appender appends under its own lock
                if (!logs.list.isEmpty()) {
                    return List.copyOf(logs.list);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server logged nothing about the hang-up");
    }
}
