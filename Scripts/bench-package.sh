#!/usr/bin/env bash
# Package benchmark (issue 11): a package of N people (default 100,000) exported by a prison's outbox (sheet +
# encryption + signature) and imported by the county (verification + decryption + merge), against the plain XLSX
# import of the same batch in the same run; release build, ROUNDS rounds, medians and ratios.
#   Scripts/bench-package.sh [N=100000] [ROUNDS=5]      (SKIP_BUILD=1 or ANZHI_BIN=PATH: see Scripts/bench/anzhi-binary.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; rounds=${2:-5}
ROOT=$PWD; source Scripts/bench/anzhi-binary.sh; bin=$ANZHI
mkdir -p .bench-data; cd .bench-data
batch=batch-370102-prison-0-$n.xlsx
[ -f "$batch" ] || python3 ../Scripts/bench/gen_batch.py "$n" --county 370102 --out . --format xlsx >/dev/null
export ANZHI_TEMPLATES=$PWD/../Templates ANZHI_TODAY=2026-11-29
w=pkg-work; rm -rf "$w"; mkdir -p "$w"
# The offices: a county that enrols a prison; the prison learns the county from the county's first outbox.
"$bin" init --db "$w/county.sqlite" --office 370102 --name 历下区安帮办 --level county --region 370102 >/dev/null
"$bin" office add --db "$w/county.sqlite" --code J3701 --name 济南监狱 --level prison -o "$w/e.zip" >/dev/null
"$bin" init --enroll "$w/e.zip" --db "$w/prison.sqlite" -o "$w/r.zip" >/dev/null
"$bin" import --db "$w/county.sqlite" "$w/r.zip" >/dev/null
"$bin" outbox --db "$w/county.sqlite" -o "$w/dir" >/dev/null
"$bin" import --db "$w/prison.sqlite" "$w/dir/370102-J3701-1.zip" >/dev/null
"$bin" import --db "$w/prison.sqlite" "$batch" >/dev/null
for f in county prison; do cp "$w/$f.sqlite" "$w/$f.base.sqlite"; done
: > package-times.tsv
for r in $(seq "$rounds"); do
  rm -f "$w"/plain.sqlite*
  "$bin" init --db "$w/plain.sqlite" --office 370102 --name x --level county --region 370102 >/dev/null
  /usr/bin/time -f "plain-import %e %M" -a -o package-times.tsv "$bin" import --db "$w/plain.sqlite" "$batch" >/dev/null
  cp "$w/prison.base.sqlite" "$w/prison.sqlite"; rm -rf "$w/out"
  /usr/bin/time -f "package-export %e %M" -a -o package-times.tsv "$bin" outbox --db "$w/prison.sqlite" -o "$w/out" --to 370102 >/dev/null
  cp "$w/county.base.sqlite" "$w/county.sqlite"; rm -f "$w"/county.sqlite-wal "$w"/county.sqlite-shm
  /usr/bin/time -f "package-import %e %M" -a -o package-times.tsv "$bin" import --db "$w/county.sqlite" "$w/out/J3701-370102-1.zip" >/dev/null
done
ls -l "$w/out/J3701-370102-1.zip" | awk '{print "package size: " $5 " bytes"}'
python3 - "$n" <<'PY'
import statistics, sys, collections
runs = collections.defaultdict(list)
for line in open("package-times.tsv"):
    k, s, kb = line.split(); runs[k].append((float(s), int(kb) / 1024))
m = {k: statistics.median(x[0] for x in v) for k, v in runs.items()}
print(f"{int(sys.argv[1]):,} people, {len(runs['plain-import'])} rounds, medians")
for k in ("plain-import", "package-export", "package-import"):
    print(f"{k:<15} {m[k]:.2f} s  peak {statistics.median(x[1] for x in runs[k]):.1f} MiB  ratio to plain import {m[k] / m['plain-import']:.2f}")
PY
