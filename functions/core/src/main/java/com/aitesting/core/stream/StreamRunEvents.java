package com.aitesting.core.stream;

import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.run.RunEvent;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;

/**
 * GET /v2/runs/{id}/events: a run's history, then its live events, up to and including its terminal
 * event. {@link #open} checks the run before anything is streamed (another tenant's run is not found);
 * the returned feed then reads pages in short tenant-bound transactions, so an open stream holds no
 * database connection while it waits.
 */
public final class StreamRunEvents {
    private final Transactions transactions;
    private final RunRepository runs;
    private final RunEventStore events;
    private final RunEventSignals signals;

    public StreamRunEvents(Transactions transactions, RunRepository runs, RunEventStore events, RunEventSignals signals) {
        this.transactions = transactions;
        this.runs = runs;
        this.events = events;
        this.signals = signals;
    }

    public Feed open(TenantId tenant, RunId run) {
        boolean visible = transactions.inTenant(tenant, () -> runs.find(run).isPresent());
        if (!visible) {
            throw new NotFoundException("run", run);
        }
        return new Feed(tenant, run);
    }

    /** A page of a run's events; after sending them the stream is complete when {@code ended}. */
    public record Page(List<RunEvent> events, boolean ended) {
        public Page {
            events = List.copyOf(events);
        }
    }

    /** One run's events for one tenant; used by one stream. */
    public final class Feed {
        private final TenantId tenant;
        private final RunId run;

        private Feed(TenantId tenant, RunId run) {
            this.tenant = tenant;
            this.run = run;
        }

        public RunId run() {
            return run;
        }

        /**
         * Up to {@code limit} events after {@code afterSeq}, in seq order, cut after a terminal event (the
         * store refuses appends after one; the cut makes sure a stream never passes it). {@code ended} says
         * the stream is complete once these are sent: the page holds the terminal event, or there is nothing
         * after {@code afterSeq} and either the client already has the terminal event (it resumed after it)
         * or the run has finished or is no longer visible.
         */
        public Page next(long afterSeq, int limit) {
            return transactions.inTenant(tenant, () -> {
                List<RunEvent> page = events.listAfter(run, afterSeq, limit);
                List<RunEvent> upToTerminal = new ArrayList<>(page.size());
                for (RunEvent event : page) {
                    upToTerminal.add(event);
                    if (event.isTerminal()) {
                        return new Page(upToTerminal, true);
                    }
                }
                return new Page(upToTerminal, page.isEmpty() && nothingMoreToCome(afterSeq));
            });
        }

        /** The client already has the terminal event, or the run has finished (or is gone). */
        private boolean nothingMoreToCome(long afterSeq) {
            boolean sawTerminal = afterSeq > 0 && events.listAfter(run, afterSeq - 1, 1).stream()
                    .anyMatch(e -> e.seq() == afterSeq && e.isTerminal());
            return sawTerminal || runs.find(run).map(r -> r.status().isTerminal()).orElse(true);
        }

        /** Register BEFORE the first {@link #next}, so an event appended in between still signals. */
        public RunEventSignals.Watch watch(Runnable onSignal) {
            return signals.watch(tenant, run, onSignal);
        }
    }
}
