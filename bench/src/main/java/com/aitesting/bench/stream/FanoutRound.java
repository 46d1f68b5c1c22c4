package com.aitesting.bench.stream;

import com.aitesting.core.run.RunId;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One measurement of the streaming benchmarks, transport-agnostic (SSE and WebSocket alike): {@code n}
 * subscribers of ONE run that already has {@code history} events; the writer appends {@code events} timed
 * events through the real store at a steady pace, then completes the run (its terminal event, not timed).
 *
 * <p>Latency of each (subscriber, event) pair = receipt time minus commit time, both {@code System.nanoTime()}
 * of THIS JVM (writer and clients share the clock; the server may be anywhere): the commit time is taken
 * right after the writer's transaction commit returned, the receipt time when the client saw the event's
 * seq. Every subscriber must receive seqs 1, 2, ... up to the terminal event, each exactly once and in
 * order, and then the end of its subscription; the first violation is kept and all are counted.
 */
final class FanoutRound {
    /** What one round delivered. {@code orderViolations}: seqs received out of order, twice or after a gap. */
    record Result(Percentiles latency, long delivered, long expected, int orderViolations, int failedSubscribers, String firstProblem) {
        boolean exact() {
            return delivered == expected && orderViolations == 0 && failedSubscribers == 0;
        }

        String check() {
            return exact() ? "yes" : "NO: " + orderViolations + " out of order, " + failedSubscribers + " failed; " + firstProblem;
        }
    }

    /** What a benchmark does once every subscriber is live and before the events are appended (a heap sample). */
    interface WhenLive {
        void run() throws Exception;

        WhenLive NOTHING = () -> {};
    }

    private final SseBenchApp db;
    private final RunId run;
    private final long history;
    private final int events;
    private final long[] committedAt;
    private final long[][] receivedAt; // [subscriber][event], 0 = not (yet) received
    private final long[] last; // the last seq each subscriber received; each is touched by its own subscriber only
    private final boolean[] terminal; // received the terminal event
    private final boolean[] done; // ended or failed: counted in finished
    private final CountDownLatch live;
    private final CountDownLatch finished;
    private final AtomicInteger violations = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<String> firstProblem = new AtomicReference<>();

    FanoutRound(SseBenchApp db, RunId run, int subscribers, int events) {
        this.db = db;
        this.run = run;
        this.history = db.lastSeq(run); // run.queued and whatever creation appends
        this.events = events;
        this.committedAt = new long[events];
        this.receivedAt = new long[subscribers][events];
        this.last = new long[subscribers];
        this.terminal = new boolean[subscribers];
        this.done = new boolean[subscribers];
        this.live = new CountDownLatch(subscribers);
        this.finished = new CountDownLatch(subscribers);
    }

    RunId run() {
        return run;
    }

    int subscribers() {
        return last.length;
    }

    /** Subscriber {@code i} received the event {@code seq} at {@code nanoTime}. Calls for one subscriber come one at a time. */
    void received(int i, long seq, long nanoTime) {
        if (terminal[i] || done[i]) {
            problem(violations, "subscriber " + i + " got seq " + seq + " after the terminal event or the end");
            return;
        }
        if (seq != last[i] + 1) {
            problem(violations, "subscriber " + i + " got seq " + seq + " after " + last[i]);
            if (seq <= last[i]) {
                return; // a repeat: not counted again
            }
        }
        long previous = last[i];
        last[i] = seq;
        int e = (int) (seq - history - 1);
        if (e >= 0 && e < events) {
            receivedAt[i][e] = nanoTime;
        }
        if (previous < history && seq >= history) {
            live.countDown();
        }
        if (seq == history + events + 1) { // the terminal event
            terminal[i] = true;
        }
    }

    /** Subscriber {@code i}'s subscription ended (WebSocket: the end message; SSE: the server closed the stream). */
    void ended(int i) {
        if (!terminal[i]) {
            failed(i, "the subscription ended after seq " + last[i] + ", before the terminal event");
            return;
        }
        if (!done[i]) {
            done[i] = true;
            finished.countDown();
        }
    }

    /** Subscriber {@code i} failed (no-op once it ended). */
    void failed(int i, String why) {
        if (done[i]) {
            return;
        }
        done[i] = true;
        problem(failures, "subscriber " + i + ": " + why);
        if (last[i] < history) {
            live.countDown();
        }
        finished.countDown();
    }

    private void problem(AtomicInteger counter, String what) {
        counter.incrementAndGet();
        firstProblem.compareAndSet(null, what);
    }

    /** Appends the timed events at a steady pace (commit time right after each commit), then completes the run. */
    void produce(Duration pace) throws InterruptedException {
        for (int e = 0; e < events; e++) {
            committedAt[e] = db.appendProgress(run, e % 101);
            Thread.sleep(pace);
        }
        db.complete(run);
    }

    /** Waits until every subscriber has the run's history: from then on it is live. */
    void awaitLive(Duration timeout) throws InterruptedException {
        if (!live.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(live.getCount() + " of " + subscribers() + " subscribers did not get the run's history within " + timeout.toSeconds() + " s");
        }
    }

    /** Waits until every subscriber got the terminal event and then its end (or failed); matches receipts with commits. */
    Result result(Duration timeout) throws InterruptedException {
        boolean all = finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        int missing = all ? 0 : (int) finished.getCount();
        if (!all) {
            firstProblem.compareAndSet(null, missing + " subscribers did not get the terminal event within " + timeout.toSeconds() + " s");
        }
        Percentiles latency = new Percentiles();
        long delivered = 0;
        for (long[] r : receivedAt) {
            for (int e = 0; e < events; e++) {
                if (r[e] != 0) {
                    latency.add(r[e] - committedAt[e]);
                    delivered++;
                }
            }
        }
        return new Result(latency, delivered, (long) subscribers() * events, violations.get(), failures.get() + missing, firstProblem.get());
    }
}
