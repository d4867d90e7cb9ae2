#!/usr/bin/env bash
# Import benchmark (issue 3): a first import and a re-import that changes nothing, of an N-row batch in the
# template layout (Scripts/bench/gen_batch.py), release build, ROUNDS rounds; prints medians and rows/s.
#   Scripts/bench-import.sh [N=100000] [ROUNDS=5]      (SKIP_BUILD=1 or ANZHI_BIN=PATH: see Scripts/bench/anzhi-binary.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; rounds=${2:-5}
ROOT=$PWD; source Scripts/bench/anzhi-binary.sh; bin=$ANZHI
mkdir -p .bench-data; cd .bench-data
for fmt in xlsx csv; do
  f=batch-370102-prison-0-$n.$fmt
  [ -f "$f" ] || python3 ../Scripts/bench/gen_batch.py "$n" --county 370102 --out . --format both >/dev/null
done
export ANZHI_TEMPLATES=$PWD/../Templates ANZHI_TODAY=2026-11-29
: > import-times.tsv
for r in $(seq "$rounds"); do
  for fmt in xlsx csv; do
    rm -f bi.sqlite bi.sqlite-wal bi.sqlite-shm bi.sqlite.key
    "$bin" init --db bi.sqlite --office 370102 --name 历下区安帮办 --level county --region 370102 >/dev/null
    /usr/bin/time -f "first-$fmt %e %M" -a -o import-times.tsv "$bin" import --db bi.sqlite "batch-370102-prison-0-$n.$fmt" >/dev/null
    /usr/bin/time -f "reimport-$fmt %e %M" -a -o import-times.tsv "$bin" import --db bi.sqlite "batch-370102-prison-0-$n.$fmt" >/dev/null
  done
done
python3 - "$n" <<'PY'
import statistics, sys, collections
n = int(sys.argv[1]); runs = collections.defaultdict(list)
for line in open("import-times.tsv"):
    k, s, kb = line.split(); runs[k].append((float(s), int(kb) / 1024))
print(f"{'operation':<16}{'runs':>5}{'median s':>10}{'rows/s':>10}{'peak MiB':>10}")
for k in sorted(runs):
    s = statistics.median(x[0] for x in runs[k]); m = statistics.median(x[1] for x in runs[k])
    print(f"{k:<16}{len(runs[k]):>5}{s:>10.2f}{n / s:>10.0f}{m:>10.1f}")
PY
