#!/usr/bin/env python3
"""The preview server under load: `induct serve` of one or more binaries on
the same course, one run each, measured the same way.

For each binary (in the order given):

1. `wrk` with 8 connections (kept alive) on one page for --duration
   seconds: requests per second and the median latency.
2. Page loads in headless Chromium (bench/serve_pages.mjs): one tab, a
   first page, then five pages of the default course one after the other
   over the tab's kept-alive connections; the sums of the navigation
   timings' load times, of each request's time from sent to answered
   (page and files), and of each response's time from its first byte to
   its last (an answer whose body is held back behind its head shows
   there).
3. 1,000 slow clients: connections that send half a request head and
   wait. Counted after --settle seconds: the server's threads
   (/proc/PID/task) and its resident memory, and how many connections it
   answered (a 503, when it has a cap) or closed.

Then the second binary's figures as ratios of the first's.

    python3 bench/serve_http.py --binary before=/work/main/target/release/induct \\
        --binary after=target/release/induct

Needs wrk (apt-get install -y wrk), Chromium (apt-get install -y chromium)
and `npm ci --prefix tests/browser`. Linux only (/proc). Uses only the
Python standard library.
"""

import argparse
import json
import os
import re
import resource
import select
import socket
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = [
    "modules/first-months/",
    "scenarios/struggling-on-nights/running-on-empty/",
    "stories/a-phased-return/",
    "support/",
    "references/",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", action="append", required=True, metavar="NAME=PATH",
                        help="an induct binary to measure, named (repeat; the first is the base of the ratios)")
    parser.add_argument("--course", default=REPO, help="the course to serve (default: the repo's own)")
    parser.add_argument("--page", default="modules/first-months/", help="the page wrk asks for")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk")
    parser.add_argument("--clients", type=int, default=1000, help="slow clients")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before counting threads")
    args = parser.parse_args()

    # 1,000 sockets here, as many in the server.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.clients)), hard))

    results = {}
    for spec in args.binary:
        name, _, path = spec.partition("=")
        if not path:
            sys.exit(f"--binary {spec}: give NAME=PATH")
        results[name] = measure(name, os.path.abspath(path), args)
        print(f"{name}: {json.dumps(results[name])}", flush=True)

    names = list(results)
    print()
    print(f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, one run each")
    rows = [
        ("wrk -c8 req/s", "rps"),
        ("wrk -c8 p50 latency, ms", "p50_ms"),
        (f"{len(PAGES)} page loads in Chromium, ms (sum)", "pages_ms"),
        ("their requests, request sent to response received, ms (sum)", "network_ms"),
        ("their responses, first byte to last, ms (sum)", "download_ms"),
        (f"threads at {args.clients} slow clients", "threads"),
        (f"resident memory at {args.clients} slow clients, KiB", "rss_kib"),
        ("slow clients answered (503) or closed", "refused"),
    ]
    print("| measure | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    base = results[names[0]]
    for label, key in rows:
        cells = []
        for n in names:
            value = results[n].get(key)
            if value is None:
                cells.append("—")
            elif n == names[0] or key == "refused":
                cells.append(f"{value:g}")
            else:
                ratio = value / base[key] if base.get(key) else float("nan")
                shown = f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.2g}"
                cells.append(f"{value:g} ({shown}× {names[0]})")
        print(f"| {label} | " + " | ".join(cells) + " |")


def measure(name, binary, args):
    server = subprocess.Popen([binary, "serve", "--port", "0", args.course],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env={**os.environ, "NO_COLOR": "1"})
    try:
        base = wait_for_url(server)
        out = {}
        out.update(run_wrk(base + args.page, args.duration))
        out.update(page_loads(base))
        out.update(slow_clients(server.pid, base, args.clients, args.settle))
        return out
    finally:
        server.kill()
        server.wait()


def wait_for_url(server):
    seen = b""
    while True:
        line = server.stderr.readline()
        if not line:
            sys.exit(f"serve stopped: {seen.decode(errors='replace')}")
        seen += line
        m = re.search(rb" at (http://127\.0\.0\.1:\d+/)", line)
        if m:
            # Keep reading what it prints, so it never blocks on a full pipe.
            import threading
            threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()
            return m.group(1).decode()


def run_wrk(url, duration):
    text = subprocess.run(["wrk", "-t2", "-c8", f"-d{duration}s", "--latency", url],
                          capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\b", text, re.M)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": round(rps), "p50_ms": round(float(p50.group(1)) * scale, 2),
            "wrk_non_2xx": int(errors.group(1)) if errors else 0}


def page_loads(base):
    script = os.path.join(REPO, "bench", "serve_pages.mjs")
    text = subprocess.run(["node", script, base, *PAGES], capture_output=True, text=True, check=True).stdout
    loads = json.loads(text)["loads"]
    return {"pages_ms": round(sum(l["load_ms"] for l in loads), 1),
            "network_ms": round(sum(l["network_ms"] for l in loads), 1),
            "download_ms": round(sum(l["download_ms"] for l in loads), 1),
            "page_loads_ms": [round(l["load_ms"], 1) for l in loads],
            "requests": sum(l["requests"] for l in loads)}


def slow_clients(pid, base, count, settle):
    port = int(base.rsplit(":", 1)[1].strip("/"))
    socks = []
    try:
        for _ in range(count):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            socks.append(s)
        time.sleep(settle)
        threads = len(os.listdir(f"/proc/{pid}/task"))
        with open(f"/proc/{pid}/status") as f:
            rss = int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
        refused = 0
        for s in socks:
            readable, _, _ = select.select([s], [], [], 0)
            if readable:
                refused += 1
        return {"threads": threads, "rss_kib": rss, "refused": refused}
    finally:
        for s in socks:
            s.close()


if __name__ == "__main__":
    main()
