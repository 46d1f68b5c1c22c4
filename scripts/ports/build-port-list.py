#!/usr/bin/env python3
"""Builds functions/executors/src/main/resources/ports/tcp-1000.txt, the port scan's 1000 TCP ports.

Sources, in this order of preference (a port keeps the first name it gets):
  1. scripts/ports/documented-services.txt: ports of widely documented services, written for this project;
  2. the IANA Service Name and Transport Protocol Port Number Registry's TCP entries, as Debian ships them in
     /etc/services (package netbase); only the port numbers and service names are taken;
  3. the rest of IANA's System Ports range (1-1023), lowest first, until the list holds 1000 ports.
No scanner's port-frequency list (such as nmap-services) is used. Run: python3 scripts/ports/build-port-list.py
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "functions/executors/src/main/resources/ports/tcp-1000.txt")
SIZE = 1000


def documented():
    with open(os.path.join(ROOT, "scripts/ports/documented-services.txt")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                port, name = line.split()[:2]
                yield int(port), name


def iana(path="/etc/services"):
    with open(path) as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if len(fields) >= 2 and fields[1].endswith("/tcp"):
                yield int(fields[1].split("/")[0]), fields[0]


def main():
    ports = {}
    for source, entries in (("documented", documented()), ("iana", iana())):
        for port, name in entries:
            if 1 <= port <= 65535 and port not in ports:
                ports[port] = (name, source)
    for port in range(1, 1024):
        if len(ports) >= SIZE:
            break
        ports.setdefault(port, ("-", "iana-system-range"))
    if len(ports) < SIZE:
        sys.exit("only %d ports" % len(ports))
    chosen = sorted(ports)[:SIZE] if len(ports) > SIZE else sorted(ports)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write("# The port scan's TCP ports (network.nmap.tcp_top_1000). Built by scripts/ports/build-port-list.py;\n")
        f.write("# docs/executors.md says how. Columns: port, service name, source.\n")
        for port in chosen:
            name, source = ports[port]
            f.write("%d\t%s\t%s\n" % (port, name, source))
    print("%d ports -> %s" % (len(chosen), OUT))


if __name__ == "__main__":
    main()
