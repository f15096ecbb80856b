#!/usr/bin/env python3
"""Full-build benchmark: induct vs Zola, mdBook and Hugo on the shared synthetic corpus.

    python3 bench/run.py [--sizes 1000,10000] [--runs 5] [--tools induct,zola,mdbook,hugo]
                         [--out bench/out] [--no-install] [--no-cargo-build]
                         [--skip-slow] [--force] [--corpus-script PATH]
                         [--settle 35] [--tmpfs DIR] [--keep-output]
                         [--corpora DIR] [--discard-runs] [--zola PATH]

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

Per run: wall time is time.perf_counter() around the child process; CPU time
is its user + system time and peak RSS its ru_maxrss, both from os.wait4()
(which folds in every descendant it waited for, so a tool that spawns helpers
is covered), in a small fresh process that starts the tool (LAUNCHER), so the
peak is never this script's own memory; bytes written is the sum of the sizes of the files in the run's
output folder. induct runs with INDUCT_TIMINGS=1 and the time of each stage it
prints is recorded too. mdBook at N >= 5000 gets no warm-up and a single timed
run (it takes minutes per build); --skip-slow leaves it out there.

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
KNOWN_TOOLS = ("induct", "zola", "mdbook", "hugo")
DEFAULT_TOOLS = "induct,zola,mdbook,hugo"
# Zola 0.22.1, bundled: a script that unpacks the binary once into the cache below.
DEFAULT_ZOLA = os.path.join(REPO_ROOT, "..", "shared", "bench", "bin", "zola")
ZOLA_CACHED = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
                           "induct-bench", "zola-0.22.1")
# `INDUCT_TIMINGS=1` makes induct print one `induct: <stage> <ms> ms` line per stage.
STAGE_LINE = re.compile(r"^induct:\s+([A-Za-z][\w-]*)\s+([0-9]+(?:\.[0-9]+)?) ms\s*$")
BUILT_LINE = re.compile(r"^induct: built .* in ([0-9]+) ms\s*$")
SLOW_TOOL = "mdbook"
SLOW_THRESHOLD = 5000
# Disk needed per page and build, for the free-space check. At 10,000 pages induct
# writes about 37 KiB a page, Zola 9 and Hugo 15; mdBook 66 at 1,000 (its search index).
KIB_PER_PAGE = 48
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


def ensure_zola(script):
    """The Zola binary to time: the bundled one, unpacked (see ../shared/bench/bin/zola).

    The bundled `zola` is a shell script that unpacks the binary once into the cache
    and then execs it; the unpacked binary is timed directly, so Zola's figures do
    not include starting a shell.
    """
    path = os.path.abspath(script)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise BenchError("zola not found at {} (use --zola PATH, or drop it with --tools)".format(path))
    try:
        cp = subprocess.run([path, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BenchError("cannot run {} --version: {}".format(path, e))
    if cp.returncode != 0:
        raise BenchError("{} --version failed:\n{}".format(path, cp.stdout.strip()[-2000:]))
    bundled = os.path.exists(DEFAULT_ZOLA) and os.path.samefile(path, DEFAULT_ZOLA)
    if bundled and os.path.isfile(ZOLA_CACHED) and os.access(ZOLA_CACHED, os.X_OK):
        return ZOLA_CACHED
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
            "induct": [exe, "--version"], "zola": [exe, "--version"]}[tool]
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
    if tool == "zola":
        return [exe, "--root", src, "build", "-o", dest, "--force"]
    raise ValueError(tool)


def tool_env(tool):
    """The environment of one build: induct also prints the time of each stage."""
    if tool == "induct":
        return dict(os.environ, INDUCT_TIMINGS="1")
    return None


# --------------------------------------------------------------------------- corpus


def corpus_tools(root, n):
    """The tools an existing corpus of n pages was generated for (empty if none)."""
    try:
        with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
            m = json.load(f)
    except (OSError, ValueError):
        return set()
    if not isinstance(m, dict) or m.get("n_pages") != n:
        return set()
    return {t for t in m.get("tools", []) if os.path.isdir(os.path.join(root, t))}


def ensure_corpus(script, n, root, tools, force, shared):
    """Return (corpus root, whether an earlier corpus was deleted to regenerate it).

    The corpus is generated for the tools asked for and those it already had, so
    one corpus keeps serving every --tools choice. A shared corpus (--corpora) is
    generated only if missing, never regenerated.
    """
    have = corpus_tools(root, n)
    if not force and set(tools) <= have:
        log("reusing corpus {}".format(root))
        return root, False
    if shared and have:
        raise BenchError("the corpus {} has no {} site (it has {}); it is shared, so it is not "
                         "regenerated: drop those tools or use another --corpora folder".format(
                             root, ", ".join(sorted(set(tools) - have)), ", ".join(sorted(have))))
    if not os.path.isfile(script):
        raise BenchError("corpus generator not found at {} (use --corpus-script)".format(script))
    want = [t for t in KNOWN_TOOLS if t in set(tools) | have]
    log("generating {}-page corpus for {} into {}".format(n, ",".join(want), root))
    # gen_corpus --force deletes these first
    replaced = any(os.path.isdir(os.path.join(root, t)) for t in want)
    os.makedirs(root, exist_ok=True)
    cmd = [sys.executable, script, str(n), root, "--tools", ",".join(want), "--force"]
    if subprocess.call(cmd) != 0:
        raise BenchError("corpus generation failed: " + " ".join(cmd))
    return root, replaced


# --------------------------------------------------------------------------- measuring


# The process that starts each measured command and reports on it: a fresh
# Python, started for each run. Linux charges the memory high-water mark of the
# process that forks a child to the child's ru_maxrss, so a tool started
# straight from this script would be charged this script's own memory, which
# grows as it holds the file lists of large outputs (hundreds of MiB after a
# 100,000-page build). Started from this small, fresh process, every tool is
# charged the same few MiB (measured once, with `true`, as the floor). It times
# the command itself, so its own start-up is not in the wall time.
LAUNCHER = r"""
import json, os, sys, time
out = int(sys.argv[1])
cmd = sys.argv[2:]
t0 = time.perf_counter()
try:
    pid = os.posix_spawnp(cmd[0], cmd, os.environ)
except OSError as e:
    os.write(out, json.dumps({"error": str(e)}).encode())
    sys.exit(0)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
os.write(out, json.dumps({"wall_s": wall, "status": status, "cpu_s": usage.ru_utime + usage.ru_stime,
                          "rss_kib": usage.ru_maxrss}).encode())
"""


def measure(cmd, label, env=None):
    """Run cmd once; return a dict: wall_s, cpu_s (user + system), rss_kib, stderr.

    Raises BenchError on failure. The command is started by LAUNCHER, whose
    os.wait4() reports the child's resources with those of every descendant it
    waited for: CPU is their sum, ru_maxrss the largest single process's peak.
    Dirty pages left by the previous run (often another tool's hundreds of MB)
    are flushed first, outside the timing, so no run pays for the one before.
    """
    with tempfile.TemporaryFile() as out_f, tempfile.TemporaryFile() as err_f:
        os.sync()
        report_r, report_w = os.pipe()
        try:
            proc = subprocess.Popen([sys.executable, "-S", "-c", LAUNCHER, str(report_w)] + list(cmd),
                                    stdin=subprocess.DEVNULL, stdout=out_f, stderr=err_f,
                                    env=env, pass_fds=(report_w,), start_new_session=True)
        except OSError as e:
            os.close(report_r)
            raise BenchError("{}: cannot start {}: {}".format(label, sys.executable, e))
        finally:
            os.close(report_w)
        try:
            with os.fdopen(report_r, "rb") as report_f:
                report = report_f.read()
            proc.wait()
        except BaseException:
            # Ctrl-C (or anything else) while the child runs: do not leave it behind.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            except OSError:
                pass
            raise
        try:
            m = json.loads(report.decode("utf-8"))
        except ValueError:
            m = {"error": "the launcher reported nothing (exit status {})".format(proc.returncode)}
        if "error" in m:
            raise BenchError("{}: cannot start {}: {}".format(label, cmd[0], m["error"]))
        rc = os.waitstatus_to_exitcode(m["status"])
        if rc != 0:
            err_f.seek(0)
            out_f.seek(0)
            err = err_f.read().decode("utf-8", "replace")
            out = out_f.read().decode("utf-8", "replace")
            tail = (err.strip() or out.strip() or "(no output)")[-4000:]
            how = "killed by signal {}".format(-rc) if rc < 0 else "exit status {}".format(rc)
            raise BenchError("{} failed ({}):\n$ {}\n{}".format(label, how, " ".join(cmd), tail))
        err_f.seek(0)
        stderr = err_f.read().decode("utf-8", "replace")
        return {"wall_s": m["wall_s"], "cpu_s": m["cpu_s"],
                "rss_kib": m["rss_kib"],  # KiB on Linux
                "stderr": stderr}


def output_stats(root):
    """(HTML files, all files, bytes) under root: bytes is the sum of the file sizes."""
    html = files = size = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            files += 1
            size += st.st_size
            if name.endswith(".html"):
                html += 1
    return html, files, size


def parse_stages(stderr):
    """induct's INDUCT_TIMINGS lines as {stage: ms} (a stage seen twice is summed), in order,
    and the total of its `induct: built ... in N ms` line (or None)."""
    stages = {}
    total = None
    for line in stderr.splitlines():
        m = STAGE_LINE.match(line)
        if m:
            stages[m.group(1)] = stages.get(m.group(1), 0.0) + float(m.group(2))
            continue
        m = BUILT_LINE.match(line)
        if m:
            total = float(m.group(1))
    return stages, total


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
        "times_s": [], "cpu_s": [], "peak_rss_kib": [], "html_files_per_run": [],
        "files_per_run": [], "bytes_per_run": [], "stages_ms": [], "self_ms": [],
        "median_s": None, "min_s": None, "median_cpu_s": None, "median_peak_mib": None,
        "peak_mib": None, "html_files": None, "files": None, "median_bytes": None,
        "median_stages_ms": {},
    }


def median_stages(runs):
    """{stage: median ms} over runs (a list of {stage: ms}), stages in first-seen order."""
    names = list(dict.fromkeys(name for r in runs for name in r))
    return {name: statistics.median(r.get(name, 0.0) for r in runs) for name in names}


def record_run(row, round_no, m, stats):
    """Add one timed run to row and refresh its summary, so a partial row is always valid.

    m is what measure() returned, stats what output_stats() did.
    """
    html, files, size = stats
    row["rounds"].append(round_no)
    row["times_s"].append(m["wall_s"])
    row["cpu_s"].append(m["cpu_s"])
    row["peak_rss_kib"].append(m["rss_kib"])
    row["html_files_per_run"].append(html)
    row["files_per_run"].append(files)
    row["bytes_per_run"].append(size)
    if row["tool"] == "induct":
        stages, total = parse_stages(m["stderr"])
        row["stages_ms"].append(stages)
        row["self_ms"].append(total)
        row["median_stages_ms"] = median_stages(row["stages_ms"])
    row["runs"] = len(row["times_s"])
    row["median_s"] = statistics.median(row["times_s"])
    row["min_s"] = min(row["times_s"])
    row["median_cpu_s"] = statistics.median(row["cpu_s"])
    row["median_peak_mib"] = statistics.median(row["peak_rss_kib"]) / 1024
    row["peak_mib"] = max(row["peak_rss_kib"]) / 1024
    row["html_files"] = min(row["html_files_per_run"])
    row["files"] = min(row["files_per_run"])
    row["median_bytes"] = statistics.median(row["bytes_per_run"])


def bench_size(entry, exes, n, size_dir, runs, discard=None):
    """Run every round of one size, each build into its own new folder under size_dir.

    discard, if given, is called with each run's folder once it has been measured
    (--discard-runs), so only one run's output exists at a time.
    """
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
        m = measure(cmd, label, tool_env(tool))
        if k == 0:
            log("  [{}/{}] {}: {:.3f} s (untimed)".format(i, len(plan), label, m["wall_s"]))
        else:
            stats = output_stats(dest)
            record_run(rows[tool], k, m, stats)
            log("  [{}/{}] {}: {:.3f} s, CPU {:.2f} s, {:.0f} MiB, {:,} HTML files, {:.1f} MB "
                "written".format(i, len(plan), label, m["wall_s"], m["cpu_s"], m["rss_kib"] / 1024,
                                 stats[0], stats[2] / 1e6))
        if discard:
            discard(dest)


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


def check_space(runs_root, n, ntools, runs, discard=False):
    """Abort before a size if its run folders (never deleted in between) may not fit.

    With --discard-runs only one run's folder exists at a time.
    """
    need = (1 if discard else (runs + 1) * ntools) * n * KIB_PER_PAGE * 1024
    free = shutil.disk_usage(runs_root).free
    if discard and free < need:
        raise BenchError(
            "not enough free space for one {:,}-page run in {}: about {:.1f} GiB needed, {:.1f} "
            "GiB free".format(n, runs_root, need / 2**30, free / 2**30))
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


def share(a, b):
    """a / b as text, or "—" when either is missing or b is zero."""
    if a is None or b is None or b <= 0:
        return "—"
    return "{:.2f}".format(a / b)


def paired_wall_share(induct_row, peer_row):
    """Median over the rounds both ran of induct's wall time / the peer's in that round."""
    mine = dict(zip(induct_row["rounds"], induct_row["times_s"]))
    pairs = [mine[k] / t for k, t in zip(peer_row["rounds"], peer_row["times_s"]) if k in mine and t > 0]
    return statistics.median(pairs) if pairs else None


def share_table(induct_row, peers):
    """induct's figures as a share of each peer's (the issue's targets are written so)."""
    lines = ["induct as a share of each peer, from this run (below 1: induct takes less):", "",
             "| peer | wall (medians) | wall (median of paired rounds) | CPU | peak memory "
             "| bytes written |", "|---|---:|---:|---:|---:|---:|"]
    for r in peers:
        paired = paired_wall_share(induct_row, r)
        lines.append("| {} | {} | {} | {} | {} | {} |".format(
            r["tool"], share(induct_row["median_s"], r["median_s"]),
            "—" if paired is None else "{:.2f}".format(paired),
            share(induct_row["median_cpu_s"], r["median_cpu_s"]),
            share(induct_row["median_peak_mib"], r["median_peak_mib"]),
            share(induct_row["median_bytes"], r["median_bytes"])))
    return lines


def stage_text(row):
    """induct's stages, median ms over its timed runs, as one line."""
    stages = row.get("median_stages_ms") or {}
    if not stages:
        return None
    parts = ", ".join("{} {:,.0f}".format(name, ms) for name, ms in stages.items())
    totals = [t for t in row.get("self_ms", []) if t is not None]
    own = "; its own total {:,.0f} ms".format(statistics.median(totals)) if totals else ""
    return "induct's stages (INDUCT_TIMINGS, median ms over {} runs): {}{}".format(
        row["runs"], parts, own)


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
    if meta.get("discard_runs"):
        pause = ("" if meta["output_fs"]["type"] in ("tmpfs", "ramfs")
                 else ", then a {:g} s pause".format(meta["settle_s"]))
        lines.append("- every run, warm-up included, builds into its own new folder (a full "
                     "build), deleted right after it is measured (--discard-runs){}".format(pause))
    else:
        lines.append("- every run, warm-up included, builds into its own new folder (a full build); "
                     "outputs are never deleted between runs, because on ext4 a build right after "
                     "a large delete is pathologically slow; run folders are " + cleanup)
    lines.append("- before every run, `sync` flushes what earlier runs left to write, outside the "
                 "timing, so no tool pays for another's output")
    fs = meta["output_fs"]
    lines.append("- outputs on {} ({} mounted on {}): {}".format(
        fs["type"], fs["device"], fs["mount_point"], meta["runs_root"]))
    lines.append("- CPU s = user + system time and peak MiB = ru_maxrss, both from os.wait4 "
                 "(descendants included; the peak is the largest single process's), median over "
                 "the timed runs; Linux counts the memory of the small process that starts "
                 "each tool into ru_maxrss, so values near {:.0f} MiB (what `true` measures here) are the floor, not the "
                 "tool".format(meta.get("rss_floor_kib", 0) / 1024))
    lines.append("- MB written = the sizes of all files in the run's output folder added up "
                 "(10^6 bytes), median; induct also rewrites links.lock in the course, not counted")
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
        lines.append("| tool | version | median s | min s | CPU s | peak MiB | MB written | files "
                     "| ratio vs induct | HTML files |")
        lines.append("|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
        for r in rows:
            ratio = "baseline" if r["tool"] == "induct" else ratio_text(r["median_s"], base)
            lines.append("| {} | {} | {:.3f} | {:.3f} | {:.2f} | {:,.0f} | {:,.1f} | {:,} | {} | {:,} |"
                         .format(r["tool"], short_version(r["tool"], versions.get(r["tool"], "?")),
                                 r["median_s"], r["min_s"], r["median_cpu_s"], r["median_peak_mib"],
                                 r["median_bytes"] / 1e6, r["files"], ratio, r["html_files"]))
            if r["html_files"] < n:
                notes.append("{} produced only {:,} HTML files in a run for {:,} pages — check its output"
                             .format(r["tool"], r["html_files"], n))
        if induct_row is None:
            notes.append("induct not measured, so no ratios")
        peers = [r for r in rows if r["tool"] != "induct"]
        if base is not None and peers:
            lines.append("")
            lines.extend(share_table(induct_row, peers))
        if induct_row and stage_text(induct_row):
            lines.append("")
            lines.append(stage_text(induct_row))
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


def parse_sizes(ap, text, flag):
    """A comma list of positive page counts (1_000 allowed), each once, or ap.error."""
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        ap.error("{} must be a comma list of integers".format(flag))
    if not sizes or any(s < 1 for s in sizes):
        ap.error("{} must be positive integers".format(flag))
    return list(dict.fromkeys(sizes))


def parse_names(ap, text, known, flag):
    """A comma list out of known, in known's order, each once, or ap.error."""
    names = [t.strip() for t in text.split(",") if t.strip()]
    for t in names:
        if t not in known:
            ap.error("unknown {} {!r} (known: {})".format(flag.lstrip("-").rstrip("s"), t, ",".join(known)))
    if not names:
        ap.error("{} is empty".format(flag))
    return [t for t in known if t in names]


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Full-build benchmark of induct against Zola, mdBook and Hugo.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000", help="comma list of page counts")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per tool and size")
    ap.add_argument("--tools", default=DEFAULT_TOOLS,
                    help="comma list out of: " + ",".join(KNOWN_TOOLS))
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "out"),
                    help="corpora, build outputs and results go here")
    ap.add_argument("--corpus-script", default=DEFAULT_CORPUS_SCRIPT,
                    help="path to gen_corpus.py")
    ap.add_argument("--corpora", metavar="DIR", default=None,
                    help="the corpus of N pages is DIR/<N> (e.g. /dev/shm/c) instead of "
                         "<out>/corpus-<N>; generated there if missing, never regenerated")
    ap.add_argument("--zola", default=DEFAULT_ZOLA, help="Zola to run (default: the bundled 0.22.1)")
    ap.add_argument("--discard-runs", action="store_true",
                    help="delete each run's output right after measuring it, so one run's output "
                         "exists at a time (for 100,000 pages on tmpfs; on a disk each delete is "
                         "followed by the --settle pause)")
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
    a.sizes = parse_sizes(ap, a.sizes, "--sizes")  # each size once: its run folders must be new
    a.tools = parse_names(ap, a.tools, KNOWN_TOOLS, "--tools")  # induct first, fixed order
    if a.runs < 1:
        ap.error("--runs must be >= 1")
    if a.settle < 0:
        ap.error("--settle must be >= 0")
    if a.keep_output and a.discard_runs:
        ap.error("--keep-output and --discard-runs contradict each other")
    if a.corpora and a.force:
        ap.error("--force does not regenerate shared corpora (--corpora)")
    return a


def main(argv=None):
    a = parse_args(argv)
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    script = os.path.abspath(a.corpus_script)

    exes = {}
    if "zola" in a.tools:
        exes["zola"] = ensure_zola(a.zola)
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
        root = (os.path.join(os.path.abspath(a.corpora), str(n)) if a.corpora
                else os.path.join(out, "corpus-{}".format(n)))
        corpora[n], replaced = ensure_corpus(script, n, root, a.tools, a.force, bool(a.corpora))
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
        "keep_output": a.keep_output, "settle_s": a.settle, "discard_runs": a.discard_runs,
        "corpora": {str(n): c for n, c in corpora.items()},
    }
    # Linux charges LAUNCHER's own memory high-water mark (a few MiB) to the
    # child's ru_maxrss. Measure that floor once.
    true_exe = shutil.which("true") or "/bin/true"
    meta["rss_floor_kib"] = measure([true_exe], "rss floor (true)")["rss_kib"]

    on_tmpfs = fs_type in ("tmpfs", "ramfs")

    def discard(dest):
        # tmpfs frees inodes at once; on a disk the next build must wait (SETTLE_REASON).
        shutil.rmtree(dest)
        write_marker(runs_root, time.time())
        if not on_tmpfs:
            settle(a.settle, "deleted " + dest)

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
            check_space(runs_root, n, len(tools), a.runs, a.discard_runs)
            log("{:,} pages: warm-up round 0, then timed rounds 1..{}".format(n, a.runs))
            size_dir = os.path.join(runs_root, str(n))
            bench_size(entry, exes, n, size_dir, a.runs, discard if a.discard_runs else None)
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
