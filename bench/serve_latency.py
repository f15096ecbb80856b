#!/usr/bin/env python3
"""Save-to-served latency of `induct serve` against `zola serve`, `hugo server`
and `mdbook serve`, on the same generated course.

    python3 bench/serve_latency.py                          # 1,000 and 10,000 pages
    python3 bench/serve_latency.py --pages 1000 --runs 5 --tools induct,zola-fast

For each size and tool: generate (once) the shared benchmark corpus with
../shared/bench/gen_corpus.py into --corpus-dir, start the tool's preview
server on a free loopback port, wait until a page is served, then time three
kinds of save, --runs times each:

  text   append a line with a new word to one page (sec01/p00001): time until the
         served page shows it. For induct also: whether search/ as served
         (search/index.js's vocabulary and the text shard holding the page's
         last section) has the word at that very moment, and the time until it
         does (polled right after the page showed it).
  title  put a new word into the title of sec01/p00002: time until a page that
         lists it shows it; for induct its neighbour sec01/p00003, whose
         "Previous" link carries the title; for Zola and Hugo (whose corpus
         templates have no prev/next) the section page sec01/, which lists
         every title.
  order  move sec01/p00002 to the end of its section (order/weight), and back
         on the next run: time until the neighbour shows the new order (induct:
         sec01/p00003's "Previous" link stops or starts pointing at p00002;
         Zola, Hugo: the section page lists p00002 after or before p00003).

The text save is an append (one write), as ../shared/bench/rebuild_latency.py
does; title and order saves write a new file and rename it over the page, as
many editors do, so no server ever reads a half-written page. After each save
the script waits for induct's own log line (`induct: rebuilt N pages in N ms`,
`induct: built N pages in N ms`), which is reported too, then --settle seconds.
Every page is restored to its original bytes when the tool is done, and the
server is stopped by its PID. Only 127.0.0.1 is ever contacted.

Tools: induct, zola (default settings, 1 s debounce), zola-fast (`--fast
--debounce 1`), hugo, mdbook (its title and order come from SUMMARY.md, so only
the text save is timed; left out at >= 5,000 pages unless --tools names it).
A tool that is not installed is skipped with a note. Prints a table per size
and writes everything to <out>/latency.json and <out>/latency.md.
Timings are informative only: nothing here asserts on them. Stdlib only.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH_DIR)
SHARED = os.path.join(REPO, "..", "shared", "bench")
sys.dont_write_bytecode = True  # import run.py (and rebuild_latency.py) without leaving __pycache__ beside them
sys.path.insert(0, BENCH_DIR)
sys.path.insert(0, SHARED)
import rebuild_latency as rl  # noqa: E402  (../shared/bench/rebuild_latency.py)
import run  # noqa: E402  (bench/run.py: corpus, zola and induct lookup)

ALL_TOOLS = ("induct", "zola-fast", "zola", "hugo", "mdbook")
DEFAULT_TOOLS = "induct,zola-fast,zola,hugo,mdbook"
SCENARIOS = ("text", "title", "order")
MDBOOK_MAX_PAGES = 5000
# An edited page, the page whose title and order change, and its next neighbour.
TEXT_PAGE, MOVED_PAGE, NEIGHBOUR_PAGE = ("sec01", "p00001"), ("sec01", "p00002"), ("sec01", "p00003")
# induct's own report of a rebuild in serve (src/serve/mod.rs, print_report).
INDUCT_LOG = re.compile(r"^induct: (?:re)?built [0-9,]+ pages? in ([0-9]+) ms|"
                        r"^induct: the build failed", re.M)
# A tool whose first saves of a kind all time out is not asked that many more times.
GIVE_UP_AFTER = 2


# --------------------------------------------------------------------------- tools


class Tool:
    """How one preview server is started and where its pages are."""

    corpus = None  # folder of the corpus for this tool
    lists_in_section = True  # title/order are seen on the section page (else the neighbour)
    scenarios = SCENARIOS
    order_key = "weight"

    def __init__(self, name, exe):
        self.name, self.exe = name, exe

    def label(self):
        return self.name

    def source(self, sec, page):
        return os.path.join("content", sec, page + ".md")

    def url(self, sec, page):
        return "/{}/{}/".format(sec, page)

    def section_url(self, sec):
        return "/{}/".format(sec)


class Induct(Tool):
    corpus = "induct"
    lists_in_section = False
    order_key = "order"

    def command(self, port):
        return [self.exe, "serve", "--port", str(port)]

    def source(self, sec, page):
        return os.path.join("content", "modules", sec, page + ".md")

    def url(self, sec, page):
        return "/modules/{}/{}/".format(sec, page)


class Zola(Tool):
    corpus = "zola"

    def __init__(self, name, exe, fast):
        super().__init__(name, exe)
        self.fast = fast

    def label(self):
        return "zola --fast --debounce 1" if self.fast else "zola (defaults)"

    def command(self, port):
        cmd = [self.exe, "serve", "-i", "127.0.0.1", "-p", str(port), "-u", "http://127.0.0.1",
               "--force"]
        return cmd + (["--fast", "--debounce", "1"] if self.fast else [])


class Hugo(Tool):
    corpus = "hugo"

    def command(self, port):
        return [self.exe, "server", "--bind", "127.0.0.1", "--port", str(port),
                "--baseURL", "http://127.0.0.1:{}/".format(port)]


class MdBook(Tool):
    corpus = "mdbook"
    scenarios = ("text",)

    def command(self, port):
        return [self.exe, "serve", "-n", "127.0.0.1", "-p", str(port)]

    def source(self, sec, page):
        return os.path.join("src", sec, page + ".md")

    def url(self, sec, page):
        return "/{}/{}.html".format(sec, page)


def find_tools(names, a):
    """{name: Tool} for the tools that are there; notes for those that are not."""
    tools, notes = {}, []
    for name in names:
        try:
            if name == "induct":
                exe = run.ensure_induct(not (a.no_cargo_build or a.induct_bin), a.induct_bin)
                tools[name] = Induct(name, exe)
            elif name in ("zola", "zola-fast"):
                exe = run.ensure_zola(a.zola)
                tools[name] = Zola(name, exe, fast=name == "zola-fast")
            elif name == "hugo":
                exe = run.which("hugo")
                if not exe:
                    raise run.BenchError("hugo is not on PATH (apt-get install -y hugo)")
                tools[name] = Hugo(name, exe)
            elif name == "mdbook":
                exe = run.which("mdbook", [run.CARGO_BIN])
                if not exe:
                    raise run.BenchError("mdbook is not on PATH (cargo install mdbook --locked)")
                tools[name] = MdBook(name, exe)
        except run.BenchError as e:
            notes.append("{}: skipped: {}".format(name, e))
    return tools, notes


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- a running server


class Server:
    def __init__(self, tool, cwd, log_path):
        self.tool, self.cwd, self.log_path = tool, cwd, log_path
        self.port = free_port()
        self.base = "http://127.0.0.1:{}".format(self.port)
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen(tool.command(self.port), cwd=cwd, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT)

    def get(self, path, timeout=10.0):
        return rl.fetch(self.base + path, timeout)

    def alive(self):
        return self.proc.poll() is None

    def log_entries(self):
        """induct's rebuild lines so far: a list of ms (None for a failed build)."""
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            return []
        return [int(m.group(1)) if m.group(1) else None for m in INDUCT_LOG.finditer(text)]

    def stop(self):
        rc = rl.stop(self.proc)
        self.log.close()
        return rc


# --------------------------------------------------------------------------- search, as served


class SearchProbe:
    """Does induct's search, as served, know a word on the edited page?

    It does when search/index.js has the word in its vocabulary and the text
    shard that holds the page's last section (where the appended line goes) has
    it too: what the browser loads to find the page and show its snippet.
    """

    def __init__(self, server, page_path):
        self.server = server
        self.last_section = None
        st, body = server.get("/search/index.js", 30.0)
        if st != 200:
            raise run.BenchError("induct serve has no /search/index.js (HTTP {})".format(st))
        try:
            text = body.decode("utf-8")
            data = json.loads(text[text.index("(") + 1:text.rindex(")")])
            page = next(i for i, p in enumerate(data["pages"]) if p[1] == page_path.lstrip("/"))
            self.last_section = max(i for i, s in enumerate(data["sections"]) if s[0] == page)
            self.method = "the page's shard"
        except (ValueError, KeyError, IndexError, TypeError, StopIteration):
            self.method = "every shard"  # an index of another shape: look everywhere

    def has(self, word):
        st, body = self.server.get("/search/index.js", 30.0)
        needle = word.encode()
        if st != 200 or b'"' + needle + b'"' not in body:
            return False
        if self.last_section is not None:
            m = re.search(rb'"shards":\[([0-9,]*)\]', body)
            if m:
                firsts = [int(x) for x in m.group(1).split(b",") if x]
                k = max((i for i, f in enumerate(firsts) if f <= self.last_section), default=0)
                st, shard = self.server.get("/search/text-{}.js".format(k), 30.0)
                return st == 200 and needle in shard
        k = 0
        while True:
            st, shard = self.server.get("/search/text-{}.js".format(k), 30.0)
            if st != 200:
                return False
            if needle in shard:
                return True
            k += 1


# --------------------------------------------------------------------------- edits


def write_replacing(path, data):
    """Write data to a new file beside path and rename it over path."""
    tmp = os.path.join(os.path.dirname(path), ".{}.bench-tmp".format(os.path.basename(path)))
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def set_field(text, key, value):
    """text with its front matter's `key` line (YAML `key: v` or TOML `key = v`) set to value."""
    pattern = re.compile(r"^({}\s*[:=]\s*).*$".format(re.escape(key)), re.M)
    if not pattern.search(text):
        raise run.BenchError("no `{}` in the front matter".format(key))
    return pattern.sub(lambda m: m.group(1) + value, text, count=1)


def prev_href(html):
    m = re.search(rb'<a class="prev" href="([^"]*)" rel="prev"', html)
    return m.group(1).decode() if m else None


def listed_after(html, first, second):
    """Whether the link to `second` comes after the one to `first` in a listing page."""
    a, b = html.find(first.encode()), html.find(second.encode())
    return a >= 0 and b >= 0 and b > a


# --------------------------------------------------------------------------- one tool at one size


def poll(pred, timeout, interval):
    """Like rebuild_latency.wait_for, but after 1 s every 10 ms and after 5 s every 50 ms:
    a save that takes seconds needs no 1 ms resolution, and thousands of closed
    connections a second would run the loopback out of ports."""
    t0 = time.perf_counter()
    while True:
        if pred():
            return time.perf_counter() - t0
        elapsed = time.perf_counter() - t0
        if elapsed > timeout:
            return None
        time.sleep(interval if elapsed < 1 else max(interval, 0.01 if elapsed < 5 else 0.05))


def timed_change(server, apply, seen, a, after=None):
    """Make one change; return a dict with the time until seen() (None on time-out),
    whatever after(t0) adds, and induct's own log lines for it."""
    before = len(server.log_entries())
    # If the server already shows what this save is to bring (it never showed the
    # save before, which this one undoes), there is nothing to time.
    stale = seen()
    t0 = time.perf_counter()
    apply()
    got = None if stale else poll(seen, a.change_timeout, a.interval)
    result = {"served_s": None if got is None else time.perf_counter() - t0}
    if stale:
        result["not_timed"] = "already shown before the save (the save before was never shown)"
    if got is not None and after:
        result.update(after(t0))
    if isinstance(server.tool, Induct):
        rl.wait_for(lambda: len(server.log_entries()) > before, a.change_timeout, 0.01)
    time.sleep(a.settle)
    result["own_ms"] = server.log_entries()[before:]
    if not server.alive():
        raise run.BenchError("{} stopped (exit {}); see {}".format(
            server.tool.name, server.proc.returncode, server.log_path))
    return result


def measure_tool(tool, corpus, n, a, log_dir, out):
    """Fill out (already in the results, so an interruption keeps what was measured)."""
    cwd = os.path.join(corpus, tool.corpus)
    text_page, moved, neighbour = (os.path.join(cwd, tool.source(*p))
                                   for p in (TEXT_PAGE, MOVED_PAGE, NEIGHBOUR_PAGE))
    originals = {p: rl.read_file(p) for p in (text_page, moved)}
    log_path = os.path.join(log_dir, "serve-{}-{}.log".format(tool.name, n))
    out.update({"tool": tool.name, "label": tool.label(), "pages": n, "command": tool.command(0),
                "log": log_path, "scenarios": {}})
    t_start = time.perf_counter()
    server = Server(tool, cwd, log_path)
    out["command"] = tool.command(server.port)
    run.log("[{} @ {:,}] started pid {}: {}".format(tool.name, n, server.proc.pid,
                                                    " ".join(out["command"])))
    try:
        page_url = tool.url(*TEXT_PAGE)

        def ready():
            if not server.alive():
                raise run.BenchError("{} exited early ({}); see {}".format(
                    tool.name, server.proc.returncode, log_path))
            return server.get(page_url, 2.0)[0] == 200

        if rl.wait_for(ready, a.ready_timeout, 0.05) is None:
            raise run.BenchError("{} not ready after {} s".format(tool.name, a.ready_timeout))
        out["startup_s"] = time.perf_counter() - t_start
        run.log("[{} @ {:,}] ready after {:.2f} s".format(tool.name, n, out["startup_s"]))
        time.sleep(a.settle)
        nonce = uuid.uuid4().hex[:8]
        probe = SearchProbe(server, page_url) if isinstance(tool, Induct) else None
        if probe:
            out["search_method"] = probe.method
        for scenario in [s for s in a.scenarios if s in tool.scenarios]:
            runs = out["scenarios"].setdefault(scenario, [])
            for i in range(1, a.runs + 1):
                word = "latmark{}{}{:03d}".format(nonce, scenario[:2], i)
                r = one_change(scenario, i, word, tool, server, probe, text_page, moved,
                               neighbour, originals, a)
                runs.append(r)
                run.log("[{} @ {:,}] {} {:2d}: {}".format(tool.name, n, scenario, i, describe(r)))
                if i == GIVE_UP_AFTER and all(x["served_s"] is None for x in runs):
                    run.log("[{} @ {:,}] {}: every save timed out; not trying the rest".format(
                        tool.name, n, scenario))
                    break
            # Back to the original before the next kind of save.
            for path, data in originals.items():
                if rl.read_file(path) != data:
                    before = len(server.log_entries())
                    write_replacing(path, data)
                    if isinstance(tool, Induct):
                        rl.wait_for(lambda: len(server.log_entries()) > before, a.change_timeout, 0.01)
                    time.sleep(a.settle)
    finally:
        for path, data in originals.items():
            if rl.read_file(path) != data:
                write_replacing(path, data)
        out["server_exit"] = server.stop()
        run.log("[{} @ {:,}] stopped pid {}; pages restored".format(tool.name, n, server.proc.pid))
    out["complete"] = True


def one_change(scenario, i, word, tool, server, probe, text_page, moved, neighbour, originals, a):
    if scenario == "text":
        url = tool.url(*TEXT_PAGE)

        def apply():
            with open(text_page, "ab") as f:
                f.write(b"\n\nLatency probe " + word.encode() + b" appended.\n")

        def seen():
            st, body = server.get(url)
            return st == 200 and word.encode() in body

        def after(t0):
            # search_s: when the request that first found the word was sent (a browser
            # asking then gets it); the first request is sent as soon as the page shows it.
            if not probe:
                return {}
            at_once = None
            while True:
                sent = time.perf_counter()
                found = probe.has(word)
                done = time.perf_counter()
                if at_once is None:
                    at_once = found
                if found or done - t0 > a.change_timeout:
                    return {"search_at_page": at_once, "search_s": sent - t0 if found else None,
                            "search_probe_s": done - sent}
                time.sleep(a.interval if done - t0 < 1 else max(a.interval, 0.01))

        return timed_change(server, apply, seen, a, after)

    original = originals[moved].decode("utf-8")
    moved_href = "/{}/".format(MOVED_PAGE[1])
    if scenario == "title":
        m = re.search(r"^title\s*[:=]\s*\"(.*)\"\s*$", original, re.M)
        title = "{} {}".format(m.group(1) if m else "Page", word)
        data = set_field(original, "title", '"{}"'.format(title)).encode()
        url = tool.section_url(TEXT_PAGE[0]) if tool.lists_in_section else tool.url(*NEIGHBOUR_PAGE)

        def seen():
            st, body = server.get(url)
            return st == 200 and word.encode() in body
    else:
        away = i % 2 == 1  # odd runs move the page to the end, even runs put it back
        text = set_field(original, tool.order_key, "1000000") if away else original
        data = text.encode()
        if tool.lists_in_section:
            url = tool.section_url(TEXT_PAGE[0])
            a_href = tool.url(*MOVED_PAGE)
            c_href = tool.url(*NEIGHBOUR_PAGE)

            def seen():
                st, body = server.get(url)
                return st == 200 and listed_after(body, *((c_href, a_href) if away else (a_href, c_href)))
        else:
            url = tool.url(*NEIGHBOUR_PAGE)

            def seen():
                st, body = server.get(url)
                href = prev_href(body) if st == 200 else None
                return href is not None and (href.endswith(moved_href) != away)

    return timed_change(server, lambda: write_replacing(moved, data), seen, a)


def describe(r):
    if r.get("not_timed"):
        parts = ["not timed: " + r["not_timed"]]
    else:
        parts = ["TIMEOUT" if r["served_s"] is None else "{:.1f} ms".format(r["served_s"] * 1000)]
    if "search_at_page" in r:
        parts.append("search {} at that moment, {}".format(
            "had it" if r["search_at_page"] else "did not have it",
            "never" if r["search_s"] is None else "found by the request sent at {:.1f} ms (which took "
            "{:.1f} ms)".format(r["search_s"] * 1000, r["search_probe_s"] * 1000)))
    if r.get("own_ms"):
        parts.append("serve's log: " + ", ".join("failed" if ms is None else "{} ms".format(ms)
                                                 for ms in r["own_ms"]))
    return "; ".join(parts)


# --------------------------------------------------------------------------- report


def stats(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return {"median": statistics.median(values), "p90": p90, "n": len(values)}


def cell(runs, key, base=None):
    runs = [r for r in runs if not r.get("not_timed")]
    s = stats(r.get(key) for r in runs)
    timeouts = sum(1 for r in runs if r.get(key) is None)
    if s is None:
        return "never shown ({} of {} timed out)".format(timeouts, len(runs)) if runs else "—"
    text = "{:.1f} ms (p90 {:.1f})".format(s["median"] * 1000, s["p90"] * 1000)
    if base:
        r = s["median"] / base
        text += ", {}× induct's".format("{:.2f}".format(r) if r < 1 else "{:.1f}".format(r))
    if timeouts:
        text += ", {} of {} timed out".format(timeouts, len(runs))
    return text


def own_cell(runs):
    ms = [sum(x for x in r["own_ms"] if x is not None) for r in runs if r.get("own_ms")]
    if not ms:
        return "—"
    return "{:.0f} ms".format(statistics.median(ms))


def render(meta, results):
    lines = ["# Preview latency: save to served", ""]
    lines.append("- date: {}; {} cores; {} saves of each kind per tool; pages polled every "
                 "{:g} ms (every 10 ms after 1 s, 50 ms after 5 s); {:g} s quiet before each "
                 "save; a save not shown within {:g} s timed out".format(meta["date"], meta["cpu_count"], meta["runs"],
                              meta["interval_s"] * 1000, meta["settle_s"], meta["change_timeout_s"]))
    lines.append("- text: a line appended to sec01/p00001; title: a word put in sec01/p00002's "
                 "title; order: sec01/p00002 moved to the end of its section and back. Shown = "
                 "induct: on the page (text) or its neighbour sec01/p00003's Previous link "
                 "(title, order); Zola, Hugo: on the page (text) or the section page's list")
    lines.append("- search: induct's search/index.js vocabulary and the page's text shard as "
                 "served, asked as soon as the page showed the save; 'had it then' counts the saves "
                 "for which that first request found the new word; 'text → search' is when the "
                 "request that first found it was sent")
    lines.append("- serve's log: the median of what induct prints for the rebuild "
                 "(`rebuilt N pages in N ms` / `built N pages in N ms`)")
    for n, by_tool in results.items():
        lines += ["", "## {:,} pages".format(int(n)), ""]
        induct = by_tool.get("induct")
        base = {}
        if induct:
            for s in SCENARIOS:
                st = stats(r.get("served_s") for r in induct["scenarios"].get(s, []))
                base[s] = st["median"] if st else None
        lines.append("| tool | ready after | text → page | search had it then | text → search "
                     "| title → shown | order → shown | serve's log: text / title / order |")
        lines.append("|---|---:|---|---:|---|---|---|---|")
        for name, r in by_tool.items():
            if "error" in r or "startup_s" not in r:
                why = "failed: " + r["error"] if "error" in r else "stopped before it was ready"
                lines.append("| {} | {} | | | | | | |".format(r.get("label", name), why))
                continue
            sc = r["scenarios"]
            text = sc.get("text", [])
            is_induct = name == "induct"
            had = "—"
            if is_induct and text:
                had = "{} of {}".format(sum(1 for x in text if x.get("search_at_page")),
                                        sum(1 for x in text if x["served_s"] is not None))
            row = [r["label"], "{:.2f} s".format(r["startup_s"]),
                   cell(text, "served_s", None if is_induct else base.get("text")), had,
                   cell(text, "search_s") if is_induct else "—"]
            for s in ("title", "order"):
                row.append(cell(sc[s], "served_s", None if is_induct else base.get(s))
                           if s in sc else "not measured")
            row.append(" / ".join(own_cell(sc.get(s, [])) for s in SCENARIOS) if is_induct else "—")
            if not r.get("complete"):
                row[0] += " (stopped part-way)"
            lines.append("| " + " | ".join(row) + " |")
    if meta.get("notes"):
        lines.append("")
        lines += ["- note: " + note for note in meta["notes"]]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="1000,10000", help="comma list of page counts")
    ap.add_argument("--runs", type=int, default=10, help="saves of each kind per tool and size")
    ap.add_argument("--tools", default=None,
                    help="comma list out of {} (default: all; mdbook only below {:,} pages)".format(
                        ",".join(ALL_TOOLS), MDBOOK_MAX_PAGES))
    ap.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma list out of text,title,order")
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "out"))
    # The corpus must live outside any git work tree: `mdbook serve` ignores
    # changes to files that an enclosing repository's .gitignore lists, and
    # this repository ignores bench/out/, so a corpus there is never rebuilt.
    ap.add_argument("--corpus-dir", default=os.path.join(tempfile.gettempdir(), "induct-bench"))
    ap.add_argument("--corpus-script", default=run.DEFAULT_CORPUS_SCRIPT)
    ap.add_argument("--zola", default=run.DEFAULT_ZOLA)
    ap.add_argument("--induct-bin", default=None)
    ap.add_argument("--no-cargo-build", action="store_true")
    ap.add_argument("--interval", type=float, default=0.001, help="poll interval, s")
    ap.add_argument("--settle", type=float, default=2.0, help="quiet seconds before each save")
    ap.add_argument("--ready-timeout", type=float, default=900.0)
    ap.add_argument("--change-timeout", type=float, default=30.0)
    a = ap.parse_args(argv)
    a.pages = run.parse_sizes(ap, a.pages, "--pages")
    if min(a.pages) < 60:
        ap.error("--pages must be at least 60 (the saves use the first three pages of a section)")
    a.explicit_tools = a.tools is not None
    a.tools = run.parse_names(ap, a.tools or DEFAULT_TOOLS, ALL_TOOLS, "--tools")
    a.scenarios = run.parse_names(ap, a.scenarios, SCENARIOS, "--scenarios")
    if a.runs < 1:
        ap.error("--runs must be >= 1")
    return a


def main(argv=None):
    a = parse_args(argv)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    tools, notes = find_tools(a.tools, a)
    meta = {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "cpu_count": os.cpu_count(), "runs": a.runs, "interval_s": a.interval,
            "settle_s": a.settle, "change_timeout_s": a.change_timeout, "notes": notes,
            "versions": {name: run.tool_version(name.split("-")[0], t.exe) for name, t in tools.items()}}
    results = {}
    try:
        for n in a.pages:
            corpora = sorted({t.corpus for t in tools.values()})
            corpus, _ = run.ensure_corpus(os.path.abspath(a.corpus_script), n,
                                          os.path.join(a.corpus_dir, "latency-corpus-{}".format(n)),
                                          corpora, False, False)
            by_tool = results.setdefault(str(n), {})
            for name, tool in tools.items():
                if name == "mdbook" and n >= MDBOOK_MAX_PAGES and not a.explicit_tools:
                    notes.append("mdbook left out at {:,} pages (a build takes minutes; name it in "
                                 "--tools to measure it)".format(n))
                    continue
                by_tool[name] = {"tool": name, "label": tool.label()}
                try:
                    measure_tool(tool, corpus, n, a, out, by_tool[name])
                except run.BenchError as e:
                    run.log("error: {}".format(e))
                    by_tool[name]["error"] = str(e)
    finally:
        with open(os.path.join(out, "latency.json"), "w", encoding="utf-8") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)
            f.write("\n")
        text = render(meta, results)
        with open(os.path.join(out, "latency.md"), "w", encoding="utf-8") as f:
            f.write(text)
        print()
        print(text, end="")
        run.log("raw results: {}".format(os.path.join(out, "latency.json")))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except run.BenchError as e:
        run.log("error: {}".format(e))
        sys.exit(1)
    except KeyboardInterrupt:
        run.log("interrupted")
        sys.exit(130)
