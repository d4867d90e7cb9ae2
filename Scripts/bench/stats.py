#!/usr/bin/env python3
"""Summarise the timings recorded by Scripts/bench.sh.

usage: python3 stats.py RESULTS.tsv [--ours anzhi]

RESULTS.tsv has one line per timed run, tab-separated:
    round  op  tool  wall_s  peak_rss_kib  output_path
(GNU time's %e and %M; %M is in KiB). Round 0 marks one-off context runs (the C floors).

For every (op, tool) prints the number of runs, median wall seconds, median peak MiB,
and, for peers, the median over rounds of the per-round ratios ours/peer (a ratio is
only formed for a round in which both ran), with the min-max of those ratios.
Ratio < 1 means we are faster / smaller. Then prints the output file sizes.
"""
import argparse
import os
import statistics
import sys
from collections import OrderedDict, defaultdict


def mib(kib):
    return kib / 1024.0


def human_size(path):
    try:
        n = os.path.getsize(path)
    except OSError:
        return "-"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000.0
    return "-"


def ratio_text(rs):
    if not rs:
        return "-"
    med = statistics.median(rs)
    if len(rs) == 1:
        return f"{med:.2f}"
    return f"{med:.2f} ({min(rs):.2f}-{max(rs):.2f})"


def table(rows, header):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("--ours", default="anzhi")
    a = ap.parse_args()

    runs = OrderedDict()  # (op, tool) -> {round: (wall, kib)}
    outputs = {}
    failures = defaultdict(int)
    with open(a.results, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 5 or not parts[0].isdigit():
                continue
            rnd, op, tool = int(parts[0]), parts[1], parts[2]
            runs.setdefault((op, tool), {})
            if parts[3] == "FAIL":
                failures[(op, tool)] += 1
            else:
                runs[(op, tool)][rnd] = (float(parts[3]), int(parts[4]))
            if len(parts) > 5 and parts[5]:
                outputs[(op, tool)] = parts[5]

    ops = OrderedDict()
    for op, tool in runs:
        ops.setdefault(op, []).append(tool)

    rows = []
    context = []
    for op, tools in ops.items():
        ours = runs.get((op, a.ours), {})
        # ours first, then the peers in the order they first ran
        for tool in sorted(tools, key=lambda t: t != a.ours):
            r = runs[(op, tool)]
            nfail = failures[(op, tool)]
            nruns = f"{len(r)}" + (f" +{nfail} FAILED" if nfail else "")
            if not r:
                rows.append([op, tool, nruns, "FAILED", "-", "-", "-", "-", ""])
                continue
            walls = [w for w, _ in r.values()]
            mems = [mib(k) for _, k in r.values()]
            both = [k for k in r if k in ours and k > 0]
            if tool == a.ours or not ours:
                rw = rm = "-"
            else:
                rw = ratio_text([ours[k][0] / r[k][0] for k in both if r[k][0] > 0])
                rm = ratio_text([ours[k][1] / r[k][1] for k in both if r[k][1] > 0])
            out = outputs.get((op, tool), "")
            row = [op, tool, nruns, f"{statistics.median(walls):.3f}", f"{statistics.median(mems):.1f}",
                   rw, rm, human_size(out) if out else "-", os.path.basename(out) if out else ""]
            (context if all(k == 0 for k in r) else rows).append(row)


    hdr = ["operation", "tool", "runs", "wall s (med)", "peak MiB (med)",
           f"{a.ours}/tool wall", f"{a.ours}/tool MiB", "output size", "output"]
    if rows:
        print(table(rows, hdr))
        print(f"ratios: median over rounds of per-round {a.ours}/tool (min-max); < 1 means {a.ours} is faster / smaller")
    else:
        print("no timed runs recorded")
    if sum(failures.values()):
        print(f"failed runs: {sum(failures.values())} (left out of medians and ratios; see the logs)")
    if context:
        print()
        print("context (one run each, C floors of our own stack):")
        print(table([r[:5] for r in context], hdr[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
