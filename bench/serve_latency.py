#!/usr/bin/env python3
"""Save-to-reload latency of `induct serve` against `mdbook serve` and `hugo
server`, on the same generated course.

For each tool: generate (once) the shared benchmark corpus with
../shared/bench/gen_corpus.py, start the tool's serve command on loopback, and
let ../shared/bench/rebuild_latency.py append a line to one page's markdown
again and again, timing each save until the served page shows it. Prints the
median, the 90th percentile and each tool's median as a multiple of induct's.

    python3 bench/serve_latency.py                      # 1,000 pages, 10 runs each
    python3 bench/serve_latency.py --pages 10000 --tools induct

Builds induct in release mode first. Needs mdbook and hugo on PATH (or in
~/.cargo/bin) for those tools; a missing tool is skipped with a note. Stdlib only.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(REPO, "..", "shared", "bench")

TOOLS = {
    # tool: (serve command, page source, page URL), relative to the tool's corpus folder.
    "induct": ("{exe} serve --port 3104",
               "content/modules/sec01/p00001.md", "http://127.0.0.1:3104/modules/sec01/p00001/"),
    "mdbook": ("{exe} serve -n 127.0.0.1 -p 3101",
               "src/sec01/p00001.md", "http://127.0.0.1:3101/sec01/p00001.html"),
    "hugo": ("{exe} server --bind 127.0.0.1 --port 3103 --baseURL http://127.0.0.1:3103/",
             "content/sec01/p00001.md", "http://127.0.0.1:3103/sec01/p00001/"),
}


def find(tool):
    if tool == "induct":
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        return os.path.join(REPO, "target", "release", "induct")
    return shutil.which(tool) or shutil.which(tool, path=os.path.expanduser("~/.cargo/bin"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--tools", default="induct,mdbook,hugo")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "out"))
    # The corpus must live outside any git work tree: `mdbook serve` ignores
    # changes to files that an enclosing repository's .gitignore lists, and
    # this repository ignores bench/out/, so a corpus there is never rebuilt.
    ap.add_argument("--corpus-dir", default=os.path.join(tempfile.gettempdir(), "induct-bench"))
    args = ap.parse_args()

    corpus = os.path.join(args.corpus_dir, f"latency-corpus-{args.pages}")
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if not os.path.isdir(os.path.join(corpus, "induct")):
        subprocess.run([sys.executable, os.path.join(SHARED, "gen_corpus.py"), str(args.pages), corpus,
                        "--tools", "mdbook,hugo,induct", "--force"], check=True)
    results = {}
    for tool in tools:
        exe = find(tool)
        if not exe:
            print(f"{tool}: not installed, skipped")
            continue
        cmd, page, url = TOOLS[tool]
        out = os.path.join(args.out, f"latency-{tool}-{args.pages}.json")
        subprocess.run([sys.executable, os.path.join(SHARED, "rebuild_latency.py"),
                        "--label", tool, "--cwd", os.path.join(corpus, tool),
                        "--cmd", cmd.format(exe=exe), "--page", page, "--url", url,
                        "--runs", str(args.runs), "--interval", "0.001", "--json", out],
                       check=True)
        with open(out) as f:
            results[tool] = json.load(f)

    print()
    print(f"save-to-reload latency, {args.pages} pages, {args.runs} saves each")
    base = None
    for tool, r in results.items():
        times = sorted(float(x) for x in seconds(r))
        if not times:
            continue
        median = statistics.median(times)
        p90 = times[min(len(times) - 1, int(round(0.9 * (len(times) - 1))))]
        if tool == "induct":
            base = median
        ratio = f", {median / base:.0f}x induct's" if base and tool != "induct" else ""
        print(f"  {tool:8} median {median * 1000:8.1f} ms   p90 {p90 * 1000:8.1f} ms{ratio}")


def seconds(result):
    """The per-save latencies, in seconds, from rebuild_latency.py's JSON."""
    for key in ("latencies_s", "latencies", "runs"):
        if key in result:
            values = result[key]
            if values and isinstance(values[0], dict):
                return [v.get("latency_s", v.get("latency")) for v in values if v.get("latency_s", v.get("latency")) is not None]
            return [v for v in values if v is not None]
    return []


if __name__ == "__main__":
    main()
