#!/usr/bin/env python3
"""Full-build benchmark: induct vs mdBook vs Hugo on the shared synthetic corpus.

    python3 bench/run.py [--sizes 1000,10000] [--runs 5] [--tools induct,mdbook,hugo]
                         [--out bench/out] [--no-install] [--no-cargo-build]
                         [--skip-slow] [--force] [--corpus-script PATH]
                         [--settle 35] [--tmpfs DIR] [--keep-output]

For each corpus size N the corpus is generated once into <out>/corpus-<N> by
../shared/bench/gen_corpus.py (relative to the repo root) and reused while its
manifest says the same N.

Runs of one size are interleaved round-robin: round 0 is an untimed warm-up of
every tool, rounds 1..--runs are timed; each round runs every tool once, and
round k starts at tool k mod T, so slow drift of the machine hits all tools
alike. Every run, warm-up included, builds into a new folder
<out>/runs/<N>/<tool>-<round> (or DIR/<N>/... with --tmpfs DIR), so every run is
a full build and nothing is deleted between runs: ext4 does not reuse inodes
freed in the last ~30 s and scans past them for every new file, so a build
right after deleting a 10,000-file site is several times slower. After a size
its run folders are removed and the script waits --settle seconds.

Wall time is time.perf_counter() around the child process; peak RSS is the
child's ru_maxrss from os.wait4(). mdBook at N >= 5000 gets no warm-up and a
single timed run (it takes minutes per build); --skip-slow leaves it out there.

Prints one markdown table per size and writes the raw numbers to
<out>/results.json (and the printed report to <out>/results.md).
Timings are informative only: nothing here asserts on them.

Stdlib only (Python >= 3.9).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
DEFAULT_CORPUS_SCRIPT = os.path.join(REPO_ROOT, "..", "shared", "bench", "gen_corpus.py")
KNOWN_TOOLS = ("induct", "mdbook", "hugo")
# gen_corpus tool names we always generate, so one corpus serves every --tools choice.
CORPUS_TOOLS = "induct,mdbook,hugo"
SLOW_TOOL = "mdbook"
SLOW_THRESHOLD = 5000
# Disk needed per page and build, for the free-space check. At 1,000 pages the sites
# take about 18 KiB a page (induct), 15 (Hugo) and 66 (mdBook, mostly its search index).
KIB_PER_PAGE = 40
# Written into the runs folder so a later invocation knows it may delete the folder.
RUNS_MARKER = ".induct-bench-runs"
RUN_DIR_PLACEHOLDER = "<run dir>"
SETTLE_REASON = ("ext4 will not reuse inodes freed in the last ~30 s and scans past each "
                 "of them for every new file, which makes a build right after a large "
                 "delete pathologically slow")


class BenchError(Exception):
    """A failure that should end the run with a clear message (no traceback)."""


def log(msg=""):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- tools


def which(name, extra_dirs=()):
    found = shutil.which(name)
    if found:
        return found
    for d in extra_dirs:
        cand = os.path.join(d, name)
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return None


CARGO_BIN = os.path.join(os.path.expanduser("~"), ".cargo", "bin")


def run_checked(cmd, what, cwd=None):
    """Run an install/build step with output streaming to the terminal."""
    log("$ " + " ".join(cmd))
    try:
        rc = subprocess.call(cmd, cwd=cwd)
    except FileNotFoundError:
        raise BenchError("{}: command not found: {}".format(what, cmd[0]))
    return rc


def ensure_hugo(install):
    path = which("hugo")
    if path:
        return path
    if not install:
        raise BenchError("hugo is not on PATH and --no-install was given "
                         "(install it with `apt-get install -y hugo`, or drop it with --tools)")
    if not shutil.which("apt-get"):
        raise BenchError("hugo is not on PATH and apt-get is not available to install it")
    if run_checked(["apt-get", "install", "-y", "hugo"], "install hugo") != 0:
        log("apt-get install failed; running apt-get update and retrying")
        if run_checked(["apt-get", "update"], "apt-get update") != 0:
            raise BenchError("apt-get update failed (are you root?)")
        if run_checked(["apt-get", "install", "-y", "hugo"], "install hugo") != 0:
            raise BenchError("apt-get install -y hugo failed")
    path = which("hugo")
    if not path:
        raise BenchError("hugo still not on PATH after apt-get install")
    return path


def ensure_mdbook(install):
    path = which("mdbook", [CARGO_BIN])
    if path:
        return path
    if not install:
        raise BenchError("mdbook is not on PATH (nor in ~/.cargo/bin) and --no-install was given "
                         "(install it with `cargo install mdbook --locked`, or drop it with --tools)")
    cargo = which("cargo", [CARGO_BIN])
    if not cargo:
        raise BenchError("mdbook is missing and cargo is not available to install it")
    log("installing mdbook with cargo (takes several minutes)")
    if run_checked([cargo, "install", "mdbook", "--locked"], "install mdbook") != 0:
        raise BenchError("cargo install mdbook --locked failed")
    path = which("mdbook", [CARGO_BIN])
    if not path:
        raise BenchError("mdbook not found after cargo install (is ~/.cargo/bin on PATH?)")
    return path


def ensure_induct(cargo_build, induct_bin):
    if induct_bin:
        path = os.path.abspath(induct_bin)
    else:
        target_dir = os.environ.get("CARGO_TARGET_DIR") or os.path.join(REPO_ROOT, "target")
        if not os.path.isabs(target_dir):
            target_dir = os.path.join(REPO_ROOT, target_dir)
        path = os.path.join(target_dir, "release", "induct")
        if cargo_build:
            cargo = which("cargo", [CARGO_BIN])
            if not cargo:
                raise BenchError("cargo not found; build induct yourself and pass --no-cargo-build")
            if run_checked([cargo, "build", "--release"], "cargo build", cwd=REPO_ROOT) != 0:
                raise BenchError("cargo build --release failed in " + REPO_ROOT)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        hint = "" if (cargo_build or induct_bin) else " (run without --no-cargo-build, or `cargo build --release`)"
        raise BenchError("induct binary not found at {}{}".format(path, hint))
    return path


def tool_version(tool, exe):
    args = {"hugo": [exe, "version"], "mdbook": [exe, "--version"],
            "induct": [exe, "--version"]}[tool]
    try:
        cp = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "unknown ({})".format(e.__class__.__name__)
    out = cp.stdout.strip().splitlines()
    if cp.returncode != 0 or not out:
        return "unknown"
    return out[0].strip()


def short_version(tool, full):
    """'hugo v0.111.3+extended linux/amd64 ...' -> '0.111.3+extended'; 'mdbook v0.4.40' -> '0.4.40'."""
    for word in full.split():
        w = word.lstrip("v")
        if w[:1].isdigit() and "." in w:
            return w
    return full


def build_command(tool, exe, src, dest):
    if tool == "induct":
        return [exe, "build", src, "-d", dest]
    if tool == "mdbook":
        return [exe, "build", src, "-d", dest]
    if tool == "hugo":
        return [exe, "--source", src, "--destination", dest, "--quiet"]
    raise ValueError(tool)


# --------------------------------------------------------------------------- corpus


def ensure_corpus(script, n, out, force):
    """Return (corpus root, whether an earlier corpus was deleted to regenerate it)."""
    root = os.path.join(out, "corpus-{}".format(n))
    manifest = os.path.join(root, "manifest.json")
    dirs = [os.path.join(root, t) for t in CORPUS_TOOLS.split(",")]
    if not force and os.path.isfile(manifest) and all(os.path.isdir(d) for d in dirs):
        try:
            with open(manifest, encoding="utf-8") as f:
                m = json.load(f)
            if m.get("n_pages") == n and set(CORPUS_TOOLS.split(",")) <= set(m.get("tools", [])):
                log("reusing corpus {}".format(root))
                return root, False
        except (OSError, ValueError):
            pass
    if not os.path.isfile(script):
        raise BenchError("corpus generator not found at {} (use --corpus-script)".format(script))
    log("generating {}-page corpus into {}".format(n, root))
    replaced = any(os.path.isdir(d) for d in dirs)  # gen_corpus --force deletes these first
    os.makedirs(root, exist_ok=True)
    cmd = [sys.executable, script, str(n), root, "--tools", CORPUS_TOOLS, "--force"]
    if subprocess.call(cmd) != 0:
        raise BenchError("corpus generation failed: " + " ".join(cmd))
    return root, replaced


# --------------------------------------------------------------------------- measuring


def measure(cmd, label):
    """Run cmd once; return (wall seconds, peak RSS KiB). Raises BenchError on failure.

    Dirty pages left by the previous run (often another tool's hundreds of MB)
    are flushed first, outside the timing, so no run pays for the one before.
    """
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        os.sync()
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f)
        except OSError as e:
            raise BenchError("{}: cannot start {}: {}".format(label, cmd[0], e))
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            # Ctrl-C (or anything else) while the child runs: do not leave it behind.
            try:
                proc.kill()
                os.wait4(proc.pid, 0)
            except (OSError, ChildProcessError):
                pass
            proc.returncode = -signal.SIGKILL
            raise
        wall = time.perf_counter() - t0
        rc = os.waitstatus_to_exitcode(status)
        proc.returncode = rc  # keep Popen from trying to reap it again
        if rc != 0:
            err_f.seek(0)
            out_f.seek(0)
            err = err_f.read().decode("utf-8", "replace")
            out = out_f.read().decode("utf-8", "replace")
            tail = (err.strip() or out.strip() or "(no output)")[-4000:]
            how = "killed by signal {}".format(-rc) if rc < 0 else "exit status {}".format(rc)
            raise BenchError("{} failed ({}):\n$ {}\n{}".format(label, how, " ".join(cmd), tail))
        return wall, usage.ru_maxrss  # ru_maxrss is KiB on Linux


def count_html(root):
    n = 0
    for _, _, files in os.walk(root):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


def is_capped(tool, n):
    """mdBook at large sizes takes minutes per build: no warm-up, one timed run."""
    return tool == SLOW_TOOL and n >= SLOW_THRESHOLD


def schedule(tools, n, runs):
    """The (round, tool) pairs of one size, in the order they run.

    Round 0 is the untimed warm-up, rounds 1..runs are timed. Every round runs each
    tool once, starting at tool number (round mod T), so no tool always goes first
    and slow drift of the machine falls on all tools alike. A capped tool runs in
    round 1 only.
    """
    order = []
    for k in range(runs + 1):
        start = k % len(tools)
        for tool in tools[start:] + tools[:start]:
            if not is_capped(tool, n) or k == 1:
                order.append((k, tool))
    return order


def new_row(tool, exe, corpus, n):
    """The result row of one tool at one size, filled in by record_run()."""
    capped = is_capped(tool, n)
    return {
        "tool": tool, "pages": n,
        "command": build_command(tool, exe, os.path.join(corpus, tool), RUN_DIR_PLACEHOLDER),
        "warmup": not capped, "capped": capped, "runs": 0, "rounds": [],
        "times_s": [], "peak_rss_kib": [], "html_files_per_run": [],
        "median_s": None, "min_s": None, "peak_mib": None, "html_files": None,
    }


def record_run(row, round_no, wall, kib, html):
    """Add one timed run to row and refresh its summary, so a partial row is always valid."""
    row["rounds"].append(round_no)
    row["times_s"].append(wall)
    row["peak_rss_kib"].append(kib)
    row["html_files_per_run"].append(html)
    row["runs"] = len(row["times_s"])
    row["median_s"] = statistics.median(row["times_s"])
    row["min_s"] = min(row["times_s"])
    row["peak_mib"] = max(row["peak_rss_kib"]) / 1024
    row["html_files"] = min(row["html_files_per_run"])


def bench_size(entry, exes, n, size_dir, runs):
    """Run every round of one size, each build into its own new folder under size_dir."""
    rows = {r["tool"]: r for r in entry["results"]}
    plan = schedule(list(rows), n, runs)
    os.makedirs(size_dir, exist_ok=True)
    for i, (k, tool) in enumerate(plan, 1):
        dest = os.path.join(size_dir, "{}-{}".format(tool, k))
        if os.path.lexists(dest):
            raise BenchError("{} already exists: every run must build into a new folder".format(dest))
        cmd = build_command(tool, exes[tool], os.path.join(entry["corpus"], tool), dest)
        label = "{} @ {} pages, {}".format(
            tool, n, "warm-up" if k == 0 else "round {}/{}".format(k, runs))
        wall, kib = measure(cmd, label)
        if k == 0:
            log("  [{}/{}] {}: {:.3f} s (untimed)".format(i, len(plan), label, wall))
            continue
        html = count_html(dest)
        record_run(rows[tool], k, wall, kib, html)
        log("  [{}/{}] {}: {:.3f} s, {:.0f} MiB, {:,} HTML files".format(
            i, len(plan), label, wall, kib / 1024, html))


# --------------------------------------------------------------------------- output folders


def mount_info(path):
    """(fs type, device, mount point) of the file system holding path, from /proc/mounts.

    Unlike `stat -f -c %T` (which says "ext2/ext3" for ext4) this names ext4 as df -T does.
    """
    path = os.path.realpath(path)
    best = ("unknown", "?", "")
    try:
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                dev, mnt, fstype = line.split()[:3]
                mnt = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), mnt)
                inside = path == mnt or path.startswith(mnt.rstrip("/") + "/")
                # ">=": of two mounts on the same point, the later one is on top.
                if inside and len(mnt) >= len(best[2]):
                    best = (fstype, dev, mnt)
    except OSError:
        pass
    return best


def settle(seconds, why):
    """Wait until ext4 may reuse the inodes freed just before (see SETTLE_REASON)."""
    if seconds <= 0:
        return
    log("{}: waiting {:.0f} s before building again ({})".format(why, seconds, SETTLE_REASON))
    time.sleep(seconds)


def read_marker(runs_root):
    """The marker's record of when run folders were last deleted (epoch s), or None."""
    try:
        with open(os.path.join(runs_root, RUNS_MARKER), encoding="utf-8") as f:
            return json.load(f).get("last_delete")
    except (OSError, ValueError, AttributeError):
        return None


def write_marker(runs_root, last_delete):
    """Mark runs_root as ours (so a later invocation may delete it) and note the last delete.

    The time lets an invocation started right after another one wait out the
    deletes of the previous one too.
    """
    os.makedirs(runs_root, exist_ok=True)
    with open(os.path.join(runs_root, RUNS_MARKER), "w", encoding="utf-8") as f:
        json.dump({"note": "build outputs of bench/run.py, deleted by its next invocation",
                   "last_delete": last_delete}, f)
        f.write("\n")


def clear_stale_runs(runs_root):
    """Remove run folders left by an earlier invocation.

    Returns when run folders there were last deleted (now, if any were just
    removed), or None.
    """
    if not os.path.lexists(runs_root):
        return None
    if not os.path.isdir(runs_root) or os.path.islink(runs_root):
        raise BenchError("{} exists and is not a folder".format(runs_root))
    entries = os.listdir(runs_root)
    if not set(entries) - {RUNS_MARKER}:
        return read_marker(runs_root)
    if RUNS_MARKER not in entries:
        raise BenchError("{} is not empty and was not made by bench/run.py (no {} in it); "
                         "refusing to delete it: pick another folder".format(runs_root, RUNS_MARKER))
    log("removing run folders of an earlier invocation: {}".format(runs_root))
    shutil.rmtree(runs_root)
    return time.time()


def check_space(runs_root, n, ntools, runs):
    """Abort before a size if its run folders (never deleted in between) may not fit."""
    need = (runs + 1) * ntools * n * KIB_PER_PAGE * 1024
    free = shutil.disk_usage(runs_root).free
    if free < need:
        raise BenchError(
            "not enough free space for the {:,}-page runs in {}: about {:.1f} GiB needed "
            "(({} runs + 1 warm-up) x {} tools x {:,} pages x {} KiB, as no output is deleted "
            "between runs), {:.1f} GiB free. Free some space, lower --runs, or point --tmpfs "
            "at a bigger file system".format(
                n, runs_root, need / 2**30, runs, ntools, n, KIB_PER_PAGE, free / 2**30))


# --------------------------------------------------------------------------- report


def ratio_text(median, base):
    if base is None or base <= 0:
        return "—"
    r = median / base
    if abs(r - 1) < 0.05:
        return "{:.2f}× (same)".format(r)
    if r > 1:
        return "{:.1f}× slower".format(r)
    return "{:.1f}× faster".format(1 / r)


def fmt_pages(n):
    return "{:,}".format(n)


def render(meta, results_by_size, versions, tools):
    lines = []
    lines.append("# Full-build benchmark: {}".format(", ".join(tools)))
    lines.append("")
    lines.append("- date: {}".format(meta["date"]))
    lines.append("- machine: {} cores (os.cpu_count()), {} {}".format(
        meta["cpu_count"], meta["system"], meta["machine"]))
    lines.append("- runs: {} timed runs per tool after 1 untimed warm-up, interleaved round-robin: "
                 "each round runs every tool once, starting one tool later each round "
                 "(median and min reported)".format(meta["runs"]))
    if meta["keep_output"]:
        cleanup = "kept afterwards (--keep-output)"
    else:
        cleanup = "all removed after each size, then a {:g} s pause".format(meta["settle_s"])
    lines.append("- every run, warm-up included, builds into its own new folder (a full build); "
                 "outputs are never deleted between runs, because on ext4 a build right after "
                 "a large delete is pathologically slow; run folders are " + cleanup)
    lines.append("- before every run, `sync` flushes what earlier runs left to write, outside the "
                 "timing, so no tool pays for another's output")
    fs = meta["output_fs"]
    lines.append("- outputs on {} ({} mounted on {}): {}".format(
        fs["type"], fs["device"], fs["mount_point"], meta["runs_root"]))
    lines.append("- peak MiB = the child's ru_maxrss from os.wait4; Linux counts the launcher's "
                 "own memory into it, so values near {:.0f} MiB (what `true` measures here) "
                 "are the floor, not the tool".format(meta.get("rss_floor_kib", 0) / 1024))
    lines.append("- ratios compare medians from this one run on this one machine; absolute "
                 "times are not comparable across machines")
    lines.append("")
    for n, entry in results_by_size.items():
        rows = [r for r in entry["results"] if r["runs"]]
        lines.append("## {} pages".format(fmt_pages(n)))
        lines.append("")
        notes = []
        unfinished = [r["tool"] for r in entry["results"] if not r["runs"]]
        if unfinished:
            notes.append("{}: no timed run finished".format(", ".join(unfinished)))
        if entry.get("skipped"):
            notes.append("{} left out at {} pages (--skip-slow)".format(
                ", ".join(entry["skipped"]), fmt_pages(n)))
        for r in rows:
            if r["capped"]:
                notes.append("{} at ≥ {} pages: no warm-up and 1 timed run only (minutes per "
                             "build), so median = min = that run".format(r["tool"], fmt_pages(SLOW_THRESHOLD)))
        induct_row = next((r for r in rows if r["tool"] == "induct"), None)
        base = induct_row["median_s"] if induct_row else None
        if induct_row and not induct_row["html_files"]:
            base = None  # a build that wrote nothing is not a baseline worth quoting
            notes.append("induct produced no HTML files, so no ratios are given")
        lines.append("| tool | version | median s | min s | peak MiB | ratio vs induct | HTML files |")
        lines.append("|---|---|---:|---:|---:|---|---:|")
        for r in rows:
            ratio = "baseline" if r["tool"] == "induct" else ratio_text(r["median_s"], base)
            lines.append("| {} | {} | {:.3f} | {:.3f} | {:,.0f} | {} | {:,} |".format(
                r["tool"], short_version(r["tool"], versions.get(r["tool"], "?")),
                r["median_s"], r["min_s"], r["peak_mib"], ratio, r["html_files"]))
            if r["html_files"] < n:
                notes.append("{} produced only {:,} HTML files in a run for {:,} pages — check its output"
                             .format(r["tool"], r["html_files"], n))
        if induct_row is None:
            notes.append("induct not measured, so no ratios")
        if notes:
            lines.append("")
            for note in notes:
                lines.append("- note: " + note)
        lines.append("")
    return "\n".join(lines)


def write_outputs(out, meta, versions, results_by_size, tools, complete):
    data = {
        "meta": dict(meta, complete=complete),
        "versions": versions,
        "sizes": {str(n): e for n, e in results_by_size.items()},
    }
    path = os.path.join(out, "results.json")
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)
    report = render(meta, results_by_size, versions, tools)
    if not complete:
        report += "\n(incomplete: interrupted or failed before all sizes/tools finished)\n"
    with open(os.path.join(out, "results.md"), "w", encoding="utf-8") as f:
        f.write(report)
    return report


# --------------------------------------------------------------------------- main


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Full-build benchmark of induct against mdBook and Hugo.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma list of page counts")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per tool and size")
    ap.add_argument("--tools", default="induct,mdbook,hugo",
                    help="comma list out of: " + ",".join(KNOWN_TOOLS))
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "out"),
                    help="corpora, build outputs and results go here")
    ap.add_argument("--corpus-script", default=DEFAULT_CORPUS_SCRIPT,
                    help="path to gen_corpus.py")
    ap.add_argument("--force", action="store_true", help="regenerate corpora even if present")
    ap.add_argument("--no-install", action="store_true",
                    help="do not install missing peers (hugo via apt-get, mdbook via cargo)")
    ap.add_argument("--no-cargo-build", action="store_true",
                    help="do not run `cargo build --release`; use the existing binary")
    ap.add_argument("--induct-bin", default=None,
                    help="use this induct binary instead of target/release/induct (implies no cargo build)")
    ap.add_argument("--skip-slow", action="store_true",
                    help="leave mdBook out at sizes >= {}".format(SLOW_THRESHOLD))
    ap.add_argument("--keep-output", action="store_true",
                    help="keep every run folder <out>/runs/<N>/<tool>-<round> (no removal "
                         "after a size, so no --settle pause either)")
    ap.add_argument("--settle", type=float, default=35.0,
                    help="seconds to wait after deleting run folders before building again "
                         "(ext4 will not reuse inodes freed in the last ~30 s)")
    ap.add_argument("--tmpfs", metavar="DIR", default=None,
                    help="build into DIR/<N>/<tool>-<round> instead of <out>/runs/..., e.g. "
                         "/dev/shm/induct-bench, so output costs memory only, not disk")
    a = ap.parse_args(argv)
    try:
        a.sizes = [int(s.replace("_", "")) for s in a.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes must be a comma list of integers")
    if not a.sizes or any(s < 1 for s in a.sizes):
        ap.error("--sizes must be positive integers")
    a.sizes = list(dict.fromkeys(a.sizes))  # each size once: its run folders must be new
    a.tools = [t.strip() for t in a.tools.split(",") if t.strip()]
    for t in a.tools:
        if t not in KNOWN_TOOLS:
            ap.error("unknown tool {!r} (known: {})".format(t, ",".join(KNOWN_TOOLS)))
    if not a.tools:
        ap.error("--tools is empty")
    a.tools = [t for t in KNOWN_TOOLS if t in a.tools]  # induct first, fixed order, no dups
    if a.runs < 1:
        ap.error("--runs must be >= 1")
    if a.settle < 0:
        ap.error("--settle must be >= 0")
    return a


def main(argv=None):
    a = parse_args(argv)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    script = os.path.abspath(a.corpus_script)

    exes = {}
    if "hugo" in a.tools:
        exes["hugo"] = ensure_hugo(not a.no_install)
    if "mdbook" in a.tools:
        exes["mdbook"] = ensure_mdbook(not a.no_install)
    if "induct" in a.tools:
        exes["induct"] = ensure_induct(not (a.no_cargo_build or a.induct_bin), a.induct_bin)
    versions = {t: tool_version(t, exes[t]) for t in a.tools}
    for t in a.tools:
        log("{}: {} ({})".format(t, versions[t], exes[t]))

    runs_root = os.path.abspath(a.tmpfs) if a.tmpfs else os.path.join(out, "runs")
    # Builds must not follow a large delete within ~30 s (SETTLE_REASON): do all the
    # deleting first (stale run folders, corpora being regenerated), then wait once.
    last_delete = clear_stale_runs(runs_root)
    corpora = {}
    for n in a.sizes:
        corpora[n], replaced = ensure_corpus(script, n, out, a.force)
        if replaced:
            last_delete = time.time()
    write_marker(runs_root, last_delete)
    fs_type, fs_device, fs_mount = mount_info(runs_root)
    log("build outputs go to {} ({} on {})".format(runs_root, fs_type, fs_mount))
    if a.tmpfs and fs_type not in ("tmpfs", "ramfs"):
        log("warning: --tmpfs {} is on {}, not tmpfs".format(runs_root, fs_type))
    if last_delete is not None:
        remaining = min(a.settle, last_delete + a.settle - time.time())
        settle(remaining, "earlier run folders or corpora were deleted")

    meta = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(), "system": platform.system(), "machine": platform.machine(),
        "python": platform.python_version(), "runs": a.runs, "warmup_runs": 1,
        "order": "interleaved round-robin, starting tool rotates each round",
        "sizes": a.sizes, "tools": a.tools, "executables": exes,
        "corpus_script": script, "skip_slow": a.skip_slow,
        "slow_cap": {"tool": SLOW_TOOL, "min_pages": SLOW_THRESHOLD, "runs": 1, "warmup": False},
        "runs_root": runs_root,
        "run_dir": os.path.join(runs_root, "<N>", "<tool>-<round>"),
        "output_fs": {"type": fs_type, "device": fs_device, "mount_point": fs_mount},
        "keep_output": a.keep_output, "settle_s": a.settle,
    }
    # Linux charges the launcher's own memory high-water mark (this Python process,
    # ~15 MiB) to a freshly exec'd child's ru_maxrss. Measure that floor once.
    true_exe = shutil.which("true") or "/bin/true"
    meta["rss_floor_kib"] = measure([true_exe], "rss floor (true)")[1]

    results_by_size = {}
    complete = False
    try:
        for i, n in enumerate(a.sizes):
            tools = list(a.tools)
            skipped = []
            if a.skip_slow and SLOW_TOOL in tools and is_capped(SLOW_TOOL, n):
                log("skipping {} at {} pages (--skip-slow)".format(SLOW_TOOL, n))
                tools.remove(SLOW_TOOL)
                skipped.append(SLOW_TOOL)
            entry = {"corpus": corpora[n], "skipped": skipped,
                     "results": [new_row(t, exes[t], corpora[n], n) for t in tools]}
            results_by_size[n] = entry
            if not tools:
                continue
            if SLOW_TOOL in tools and is_capped(SLOW_TOOL, n):
                log("{} at {} pages: no warm-up, 1 timed run (takes minutes)".format(SLOW_TOOL, n))
            check_space(runs_root, n, len(tools), a.runs)
            log("{:,} pages: warm-up round 0, then timed rounds 1..{}".format(n, a.runs))
            size_dir = os.path.join(runs_root, str(n))
            bench_size(entry, exes, n, size_dir, a.runs)
            if not a.keep_output:
                shutil.rmtree(size_dir)
                write_marker(runs_root, time.time())
                if i + 1 < len(a.sizes):
                    settle(a.settle, "deleted the {:,}-page run folders".format(n))
        complete = True
    finally:
        # Whatever happened (failure, Ctrl-C), record what was measured so far.
        measured = any(r["runs"] for e in results_by_size.values() for r in e["results"])
        if measured or complete:
            report = write_outputs(out, meta, versions, results_by_size, a.tools, complete)
            print(report, flush=True)
            log("raw results: {}".format(os.path.join(out, "results.json")))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as e:
        log("error: {}".format(e))
        sys.exit(1)
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)
