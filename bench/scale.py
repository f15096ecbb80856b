#!/usr/bin/env python3
"""How induct's build grows with the number of pages: 1,000 -> 10,000 -> 100,000.

    python3 bench/scale.py [--sizes 1000,10000,100000] [--tools induct,zola] [--runs 3]
                           [--tmpfs /dev/shm/induct-scale] [--corpora DIR]
                           [--out bench/out/scale] [--no-cargo-build] [--induct-bin PATH]

Runs bench/run.py's full-build benchmark at each size (interleaved rounds, the
outputs in memory, each run's output deleted once measured so 100,000 pages fit)
and then prints, from its results.json, every induct stage's median time at each
size (induct runs with INDUCT_TIMINGS=1, which prints `induct: <stage> <ms> ms`
lines) with its growth per 10x pages: linear is 10x, and a stage that grows
faster is marked. Wall time, CPU, peak memory and bytes written get the same
treatment, for induct and for each peer, and induct's share of each peer's
figures at every size.

Timings are informative only: nothing here asserts on them. Stdlib only.
"""

import argparse
import json
import math
import os
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # import run.py without leaving a __pycache__ in bench/
sys.path.insert(0, BENCH_DIR)
import run  # noqa: E402  (bench/run.py, beside this file)

# A stage growing by more than this per 10x pages is marked as worse than linear.
SUPERLINEAR = 12.5
# Figures smaller than this (ms, MiB, MB) at the larger size are too small to judge.
TOO_SHORT_MS = 20.0


def per_10x(a, b, n_a, n_b):
    """The growth from a (at n_a pages) to b (at n_b), scaled to a 10x step in pages."""
    if a is None or b is None or a <= 0 or b <= 0 or n_b <= n_a:
        return None
    return (b / a) ** (1.0 / math.log10(n_b / n_a))


def growth_cell(a, b, n_a, n_b):
    g = per_10x(a, b, n_a, n_b)
    if g is None:
        return "—", False
    flagged = g > SUPERLINEAR and b >= TOO_SHORT_MS
    return "{:.1f}×{}".format(g, " (worse than linear)" if flagged else ""), flagged


def fmt(v, digits=0):
    if v is None:
        return "—"
    return "{:,.{}f}".format(v, digits)


def table(title, names, values, sizes, digits=0):
    """A markdown table: one row per name, a column per size, then growth per 10x.

    values[name][n] is the figure at n pages (or missing). Returns (lines, flagged names).
    """
    head = ["| {} |".format(title)] + [" {} pages |".format(run.fmt_pages(n)) for n in sizes]
    steps = list(zip(sizes, sizes[1:]))
    head += [" per 10×, {}→{} |".format(short(a), short(b)) for a, b in steps]
    lines = ["".join(head), "|---|" + "---:|" * (len(sizes) + len(steps))]
    flagged = []
    for name in names:
        row = values.get(name, {})
        cells = [fmt(row.get(n), digits) for n in sizes]
        for a, b in steps:
            text, bad = growth_cell(row.get(a), row.get(b), a, b)
            if bad:
                flagged.append(name)
            cells.append(text)
        lines.append("| {} | {} |".format(name, " | ".join(cells)))
    return lines, flagged


def short(n):
    if n >= 1000 and n % 1000 == 0:
        return "{}k".format(n // 1000)
    return str(n)


def report(data):
    sizes = sorted(int(n) for n in data["sizes"])
    rows = {}  # tool -> n -> row
    for n in sizes:
        for r in data["sizes"][str(n)]["results"]:
            if r["runs"]:
                rows.setdefault(r["tool"], {})[n] = r
    out = ["# How the build grows with pages", ""]
    meta = data["meta"]
    out.append("- {}; {} cores; outputs on {} ({}); {} timed runs per tool and size after a "
               "warm-up, interleaved; medians".format(
                   meta["date"], meta["cpu_count"], meta["output_fs"]["type"], meta["runs_root"],
                   meta["runs"]))
    out.append("- growth is per 10× pages (a step of another size is scaled to 10×): linear = "
               "10×; marked when above {}× on a figure of at least {:.0f} (ms, MiB or MB) at "
               "the larger size".format(SUPERLINEAR, TOO_SHORT_MS))
    out.append("")
    flagged = []
    induct = rows.get("induct", {})
    if induct:
        stages = list(dict.fromkeys(s for r in induct.values() for s in r["median_stages_ms"]))
        values = {s: {n: r["median_stages_ms"].get(s) for n, r in induct.items()} for s in stages}
        values["own total"] = {n: median_or_none(r.get("self_ms")) for n, r in induct.items()}
        lines, bad = table("induct stage, ms", stages + ["own total"], values, sizes, 1)
        out += lines + [""]
        flagged += bad
    for label, key, scale, digits in (("wall, ms", "median_s", 1000, 0),
                                      ("CPU, ms", "median_cpu_s", 1000, 0),
                                      ("peak memory, MiB", "median_peak_mib", 1, 0),
                                      ("written, MB", "median_bytes", 1e-6, 1)):
        values = {t: {n: r[key] * scale for n, r in by_n.items() if r.get(key) is not None}
                  for t, by_n in rows.items()}
        lines, bad = table(label, list(rows), values, sizes, digits)
        out += lines + [""]
        flagged += ["{} {}".format(t, label.split(",")[0]) for t in bad]
    peers = [t for t in rows if t != "induct"]
    if induct and peers:
        out.append("induct as a share of each peer (medians, same run; below 1: induct takes less):")
        out.append("")
        out.append("| peer | pages | wall | CPU | peak memory | bytes written |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for t in peers:
            for n in sizes:
                me, them = induct.get(n), rows[t].get(n)
                if not me or not them:
                    continue
                out.append("| {} | {} | {} | {} | {} | {} |".format(
                    t, run.fmt_pages(n), run.share(me["median_s"], them["median_s"]),
                    run.share(me["median_cpu_s"], them["median_cpu_s"]),
                    run.share(me["median_peak_mib"], them["median_peak_mib"]),
                    run.share(me["median_bytes"], them["median_bytes"])))
        out.append("")
    if flagged:
        out.append("worse than linear: " + ", ".join(dict.fromkeys(flagged)))
    elif len(sizes) > 1:
        out.append("no figure grew worse than linear")
    if not meta.get("complete", True):
        out.append("")
        out.append("(incomplete: the benchmark stopped before every size and tool finished)")
    return "\n".join(out) + "\n"


def median_or_none(values):
    values = [v for v in (values or []) if v is not None]
    if not values:
        return None
    values.sort()
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="How induct's build and each of its stages grow from 1,000 to 100,000 pages.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma list of page counts")
    ap.add_argument("--tools", default="induct,zola", help="comma list, as for bench/run.py")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per tool and size")
    ap.add_argument("--tmpfs", metavar="DIR", default="/dev/shm/induct-scale",
                    help="build outputs go here (each deleted once measured)")
    ap.add_argument("--corpora", metavar="DIR", default=None,
                    help="the corpus of N pages is DIR/<N> (as bench/run.py --corpora); "
                         "default <out>/corpus-<N>")
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "out", "scale"),
                    help="results.json, results.md and growth.md go here")
    ap.add_argument("--settle", type=float, default=0.0,
                    help="pause after deleting outputs (they are on tmpfs, so none is needed)")
    ap.add_argument("--no-cargo-build", action="store_true")
    ap.add_argument("--no-install", action="store_true")
    ap.add_argument("--induct-bin", default=None)
    ap.add_argument("--report-only", action="store_true",
                    help="do not build: print the growth report of <out>/results.json again")
    return ap.parse_args(argv)


def main(argv=None):
    a = parse_args(argv)
    out = os.path.abspath(a.out)
    if not a.report_only:
        # A failure before anything was measured must not report an earlier invocation's figures.
        for name in ("results.json", "growth.md"):
            if os.path.exists(os.path.join(out, name)):
                os.remove(os.path.join(out, name))
        args = ["--sizes", a.sizes, "--tools", a.tools, "--runs", str(a.runs), "--out", out,
                "--tmpfs", a.tmpfs, "--discard-runs", "--settle", str(a.settle)]
        if a.corpora:
            args += ["--corpora", a.corpora]
        if a.no_cargo_build:
            args.append("--no-cargo-build")
        if a.no_install:
            args.append("--no-install")
        if a.induct_bin:
            args += ["--induct-bin", a.induct_bin]
        try:
            run.main(args)
        except run.BenchError as e:
            run.log("error: {}".format(e))
            # Whatever was measured before the failure is in results.json: report it.
    path = os.path.join(out, "results.json")
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        run.log("error: no results to report in {} ({})".format(path, e))
        return 1
    text = report(data)
    with open(os.path.join(out, "growth.md"), "w", encoding="utf-8") as f:
        f.write(text)
    print()
    print(text, end="")
    run.log("growth report: {}".format(os.path.join(out, "growth.md")))
    return 0 if data["meta"].get("complete") else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        run.log("interrupted")
        sys.exit(130)
