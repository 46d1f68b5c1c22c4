package com.aitesting.executors;

import com.aitesting.core.execution.ChunkOutcome;
import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.Severity;
import com.aitesting.executors.net.Connection;
import com.aitesting.executors.net.DnsClient;
import com.aitesting.executors.net.NetworkGuard;
import com.aitesting.executors.net.PortState;
import com.aitesting.executors.net.Target;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * dns.zone_transfer_check: the NS records of each in-scope name (from the configured resolver), then an
 * AXFR request over TCP to every address of every name server the guard allows (name servers outside the
 * scope are refused and reported, never asked). A transfer the server really gave (see {@link #read}) is a
 * high finding.
 */
final class ZoneTransferCheck implements TestExecutor {
    /** A zone bigger than this is not read to its end: the transfer is proven. */
    static final int MAX_RECORDS = 10_000;
    static final int MAX_NAME_SERVERS = 4;
    static final int MAX_TRANSFERS = 8;

    @Override
    public String testId() {
        return Rules.DNS_AXFR;
    }

    @Override
    public String workStep() {
        return "attempt_axfr";
    }

    /**
     * A zone: the NS lookup, then at most MAX_NAME_SERVERS name servers resolved and MAX_TRANSFERS addresses
     * asked (a zone's name servers are a handful; the caps keep one zone inside a chunk).
     */
    @Override
    public ItemCost itemCost(ExecutorSettings settings) {
        return new ItemCost(MAX_TRANSFERS, settings.exchangeProbe(),
                settings.lookupBound().plus(settings.resolveBound().multipliedBy(MAX_NAME_SERVERS)));
    }

    @Override
    public ChunkOutcome run(StepContext context) {
        List<String> zones = context.workList(() -> ScanTargets.names(context.work().scope()));
        return context.each(zones, itemCost(context.settings()), "zones", zone -> {
            try {
                List<Record> servers = context.guard().lookup(zone, Type.NS);
                if (servers.isEmpty()) {
                    // not a zone (or not there): nothing was asked, which must not read as a zone checked
                    context.count("zones_without_ns", 1);
                }
                if (servers.size() > MAX_NAME_SERVERS) {
                    context.count("name_servers_skipped", servers.size() - MAX_NAME_SERVERS);
                }
                int transfers = 0;
                for (Record record : servers.subList(0, Math.min(MAX_NAME_SERVERS, servers.size()))) {
                    String server = ((NSRecord) record).getTarget().toString(true).toLowerCase(Locale.ROOT);
                    for (Target target : context.guard().targets(server)) {
                        if (transfers++ >= MAX_TRANSFERS) {
                            context.count("name_servers_skipped", 1);
                            continue;
                        }
                        attempt(context, zone, server, target);
                    }
                }
            } catch (DnsClient.DnsException e) {
                context.count("lookups_failed", 1);
            }
        });
    }

    private void attempt(StepContext context, String zone, String server, Target target) {
        NetworkGuard.Opened opened = context.guard().open(target, context.settings().dnsPort(), context.settings().connectTimeout(),
                context.settings().exchangeLifetime());
        if (opened.state() != PortState.OPEN) {
            context.count("servers_unreachable", 1);
            return;
        }
        context.count("transfers_attempted", 1);
        Transfer transfer;
        try (Connection connection = opened.connection()) {
            connection.readTimeout(context.settings().ioTimeout());
            transfer = read(connection, Name.fromString(zone + "."));
        } catch (TextParseException e) {
            context.count("lookups_failed", 1);
            return;
        } catch (IOException e) {
            // the server closed or stalled before a transfer could start: no answer is no transfer
            context.count("transfers_refused", 1);
            return;
        }
        switch (transfer.outcome()) {
            case REFUSED -> {
                context.count("transfers_refused", 1);
                return;
            }
            case UNPROVEN -> {
                // an answer that is not the zone's transfer (another query's id, another zone, an SOA and nothing
                // else): the server did not show that it hands the zone out
                context.count("transfers_unproven", 1);
                return;
            }
            case PROVEN -> { }
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("name_server", server);
        evidence.put("records_received", transfer.records());
        evidence.put("first_records", transfer.names());
        // the server that answered is the target; the url (RFC 4501) names the zone too, so each zone a server
        // hands out is a finding (a fingerprint) of its own
        int port = context.settings().dnsPort();
        String url = "dns://" + server + ":" + port + "/" + zone + "?type=AXFR";
        context.finding("dns.zone_transfer.allowed", Severity.HIGH, "Zone transfer of " + zone + " allowed by " + server,
                "The name server hands the whole zone to anyone who asks (AXFR), listing every host name in it.",
                new FindingTarget(server, target.addressText(), port, url), evidence);
    }

    /**
     * What the server sent for the AXFR, read as RFC 5936 says a transfer looks: replies carry the query's id;
     * the first record is the zone's SOA; the zone's records follow; the same SOA again closes it. Only records
     * inside the zone count. Proven: the opening SOA and then the closing SOA or at least one other record of
     * the zone (a stream that stops after MAX_RECORDS is proven too). Anything else proves nothing.
     */
    private static Transfer read(Connection connection, Name zone) throws IOException {
        Message query = Message.newQuery(Record.newRecord(zone, Type.AXFR, DClass.IN));
        byte[] wire = query.toWire();
        DataOutputStream out = new DataOutputStream(connection.out());
        out.writeShort(wire.length);
        out.write(wire);
        out.flush();
        DataInputStream in = new DataInputStream(connection.in());
        List<String> names = new ArrayList<>();
        boolean opened = false;
        int records = 0;
        try {
            while (records < MAX_RECORDS) {
                byte[] message = new byte[in.readUnsignedShort()];
                in.readFully(message);
                Message response = new Message(message);
                if (response.getHeader().getID() != query.getHeader().getID()) {
                    return Transfer.UNPROVEN;
                }
                if (response.getRcode() != Rcode.NOERROR) {
                    return opened ? Transfer.UNPROVEN : Transfer.REFUSED;
                }
                List<Record> answers = response.getSection(Section.ANSWER);
                if (answers.isEmpty()) {
                    return opened ? Transfer.read(false, records, names) : Transfer.REFUSED;
                }
                for (Record record : answers) {
                    boolean soaOfZone = record.getType() == Type.SOA && record.getName().equals(zone);
                    if (!opened) {
                        if (!soaOfZone) {
                            return Transfer.UNPROVEN;
                        }
                        opened = true;
                        continue;
                    }
                    if (soaOfZone) {
                        return Transfer.read(true, records, names);
                    }
                    if (record.getName().subdomain(zone)) {
                        records++;
                        if (names.size() < 20) {
                            names.add(record.getName().toString(true) + " " + Type.string(record.getType()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            // closed or malformed mid-transfer: what arrived before still counts
            if (!opened) {
                throw e;
            }
        }
        return Transfer.read(records >= MAX_RECORDS, records, names);
    }

    /** How an AXFR went; {@code records}: the zone's records received besides its SOA (a proven one only). */
    private record Transfer(Outcome outcome, int records, List<String> names) {
        enum Outcome { REFUSED, UNPROVEN, PROVEN }

        static final Transfer REFUSED = new Transfer(Outcome.REFUSED, 0, List.of());
        static final Transfer UNPROVEN = new Transfer(Outcome.UNPROVEN, 0, List.of());

        /** After the opening SOA: proven by the closing SOA ({@code complete}, or the cap) or a record of the zone. */
        static Transfer read(boolean complete, int records, List<String> names) {
            return complete || records > 0 ? new Transfer(Outcome.PROVEN, records, List.copyOf(names)) : UNPROVEN;
        }
    }
}
