#!/usr/bin/env python3
"""Growth benchmark: how `induct check` scales on inputs that are large in one way.

    python3 bench/growth.py [--induct-bin PATH] [--cases headings,steps,...]
                            [--out bench/out/growth] [--timeout 300] [--scale 1.0]

Each case is one course generated at 4 sizes, each size twice the one before
(about; the 50 MB page's sizes are 6, 12, 25 and 50 MB):

  headings   one page with N headings of the same text (`## Notes`)
  steps      one scenario of N steps in a chain, each with one choice to the next
  nesting    front matter whose `summary` is N flow sequences deep (`[[[...]]]`);
             induct refuses it, so the time shows how soon it says so
  lost       a links.lock of N addresses the site no longer has (lost pages,
             a section of each, and lost sections of the home page)
  footnotes  one page with N footnotes, each referenced once
  bigpage    one page of N MB of ordinary markdown (paragraphs, lists, links,
             headings, code)

For every size it runs `induct check <course>` once (the course is generated
first, outside the timing), and prints the wall time, the peak resident memory
(ru_maxrss from os.wait4), the exit code, and the ratio of each to the size
before. Linear cost shows as ratios near 2x, quadratic as near 4x. `nesting`
and `lost` courses are broken on purpose and exit 1; the others exit 0.

Timings are informative only: nothing here asserts on them. Stdlib only.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)

BOOK_TOML = '[book]\ntitle = "Growth"\n\n[site]\nbase_url = "https://example.org/"\n'


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def course(root, index_body="Home.\n", extra=None, lock=None):
    """A course at `root` with a home page, more files and an optional links.lock."""
    if os.path.exists(root):
        shutil.rmtree(root)
    write(os.path.join(root, "book.toml"), BOOK_TOML)
    write(os.path.join(root, "content", "index.md"), "---\ntitle: Home\n---\n" + index_body)
    for rel, text in (extra or {}).items():
        write(os.path.join(root, "content", rel), text)
    if lock is not None:
        write(os.path.join(root, "links.lock"), lock)


def gen_headings(root, n):
    body = "".join("## Notes\n\nSome text.\n\n" for _ in range(n))
    course(root, extra={"notes.md": "---\ntitle: Notes\n---\n" + body})


def gen_steps(root, n):
    parts = ["---\ntitle: A long shift\n---\nA chain of steps.\n\n"]
    for i in range(n):
        parts.append(f"## Step {i} {{#s{i}}}\n\nWhat now?\n\n")
        if i + 1 < n:
            parts.append(f"- [Go on](#s{i + 1}) — on to the next.\n\n")
    course(root, extra={"scenarios/long.md": "".join(parts)})


def gen_nesting(root, n):
    front = "---\ntitle: Deep\nsummary: " + "[" * n + "]" * n + "\n---\n"
    course(root, extra={"deep.md": front + "Text.\n"})


def gen_lost(root, n):
    # A site of a few pages, and a links.lock of n addresses it lost: two
    # fifths lost pages, two fifths a section of each, one fifth lost
    # sections of the home page.
    extra = {f"modules/page-{i}.md": f"---\ntitle: Page {i}\n---\n## Part {i}\n" for i in range(20)}
    lines = ["./", "./#welcome"]
    lines += [f"modules/page-{i}/" for i in range(20)]
    lines += [f"modules/page-{i}/#part-{i}" for i in range(20)]
    pages = n * 2 // 5
    lines += [f"old/lesson-{i}/" for i in range(pages)]
    lines += [f"old/lesson-{i}/#point-{i}" for i in range(pages)]
    lines += [f"./#old-section-{i}" for i in range(n - 2 * pages)]
    lock = "# links.lock\n" + "\n".join(sorted(lines)) + "\n"
    course(root, index_body="## Welcome\n", extra=extra, lock=lock)


def gen_footnotes(root, n):
    refs = "".join(f"Point {i}.[^n{i}]\n" for i in range(n))
    notes = "".join(f"[^n{i}]: Note {i}.\n\n" for i in range(n))
    course(root, extra={"notes.md": "---\ntitle: Notes\n---\n" + refs + "\n" + notes})


BLOCK = (
    "## Section {i}\n\n"
    "A paragraph of ordinary prose, with *emphasis*, **strong words**, `code` and a "
    "[link to the home page](index.md) for section {i}. Trainees read it on a phone, "
    "so it runs on for a while, as real paragraphs do, without saying much at all.\n\n"
    "- a first point about section {i}\n- a second point, with [a link](#section-{i})\n"
    "- a third point\n\n"
    "> A quotation, set apart.\n\n"
    "```text\nplain code for section {i}\n```\n\n"
)


def gen_bigpage(root, mb):
    target = mb * 1_000_000
    parts, size, i = [], 0, 0
    while size < target:
        block = BLOCK.format(i=i)
        parts.append(block)
        size += len(block)
        i += 1
    course(root, extra={"big.md": "---\ntitle: Big\n---\n" + "".join(parts)})


CASES = {
    # name: (generator, sizes, unit, expected exit code)
    "headings": (gen_headings, [2500, 5000, 10000, 20000], "headings", 0),
    "steps": (gen_steps, [500, 1000, 2000, 4000], "steps", 0),
    "nesting": (gen_nesting, [6250, 12500, 25000, 50000], "levels", 1),
    "lost": (gen_lost, [12500, 25000, 50000, 100000], "lost lines", 1),
    "footnotes": (gen_footnotes, [5000, 10000, 20000, 40000], "footnotes", 0),
    "bigpage": (gen_bigpage, [6, 12, 25, 50], "MB", 0),
}


def run(binary, root, timeout):
    """Runs `induct check root`; returns (seconds, peak KiB, exit code or 'timeout')."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [binary, "check", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            elapsed = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            return elapsed, usage.ru_maxrss, child.returncode
        if time.perf_counter() > deadline:
            child.kill()
            _, _, usage = os.wait4(child.pid, 0)
            child.returncode = -9
            return time.perf_counter() - start, usage.ru_maxrss, "timeout"
        time.sleep(0.005)


def ratio(now, before):
    return f"{now / before:.1f}×" if before else "–"


def main():
    if sys.argv[1:2] == ["--generate"]:
        name, size, root = sys.argv[2:5]
        CASES[name][0](root, int(size))
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--induct-bin", default=os.path.join(REPO_ROOT, "target", "release", "induct"),
                    help="the induct binary to measure (default: target/release/induct)")
    ap.add_argument("--cases", default=",".join(CASES),
                    help="comma list of cases (default: all): " + ", ".join(CASES))
    ap.add_argument("--out", default=os.path.join(BENCH_DIR, "out", "growth"),
                    help="where the generated courses go (default: bench/out/growth)")
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds before a run is stopped and reported as a timeout")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every size by this (e.g. 0.1 for a quick look)")
    args = ap.parse_args()

    binary = os.path.abspath(args.induct_bin)
    if not os.access(binary, os.X_OK):
        sys.exit(f"growth.py: no induct binary at {binary}: build one with "
                 "`cargo build --release` or pass --induct-bin")
    names = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in names if c not in CASES]
    if unknown:
        sys.exit(f"growth.py: unknown case {', '.join(unknown)}; the cases are {', '.join(CASES)}")

    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"# induct check growth — {version} ({binary}), {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores\n")
    print("| case | size | time (s) | × | peak (MiB) | × | exit |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in names:
        gen, sizes, unit, expected = CASES[name]
        before = None
        for size in sizes:
            size = max(1, round(size * args.scale))
            root = os.path.join(args.out, f"{name}-{size}")
            # In a child process: a child's peak memory counts its parent's
            # at the time of the fork, and generating grows this one.
            subprocess.run([sys.executable, os.path.abspath(__file__), "--generate",
                            name, str(size), root], check=True)
            secs, kib, code = run(binary, root, args.timeout)
            mib = kib / 1024
            shown = f"{code}" + ("" if code == expected else f" (expected {expected})")
            print(f"| {name} | {size:,} {unit} | {secs:.2f} | "
                  f"{ratio(secs, before[0]) if before else '–'} | {mib:.0f} | "
                  f"{ratio(mib, before[1]) if before else '–'} | {shown} |", flush=True)
            shutil.rmtree(root)
            before = (secs, mib)


if __name__ == "__main__":
    main()
