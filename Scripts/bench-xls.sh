#!/usr/bin/env bash
# Issue 14: `anzhi sheet to-csv` on a legacy .xls against python-calamine reading it and writing the same CSV.
#
# usage: Scripts/bench-xls.sh [N=65000] [ROUNDS=5]        (or: make bench-xls N=... ROUNDS=...)
#
# The input is the people sheet of ../shared/bench/gen_people.py (N rows x 25 columns) saved as Excel 97-2003
# by LibreOffice (`soffice --convert-to xls`), generated here into .bench-data/ (git-ignored), never committed.
# Each run is timed with GNU time (%e wall s, %M peak RSS); the order of the two tools alternates per round; the
# table gives medians and the median of the per-round ratios anzhi/calamine. One untimed run of each first
# doubles as a warm-up and a correctness check (the two CSVs are compared).
#
# environment: ANZHI_BIN=PATH (skips the build), SKIP_BUILD=1, ANZHI_SHARED=DIR, REGEN=1 (as Scripts/bench.sh)
set -euo pipefail

N=${1:-65000}
ROUNDS=${2:-5}
die() { echo "bench-xls: error: $*" >&2; exit 1; }
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer (got '$N')"
[[ $N -le 65535 ]] || die "an .xls sheet holds at most 65,536 rows (header included)"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer (got '$ROUNDS')"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/.." && pwd))
SHARED=${ANZHI_SHARED:-$ROOT/../shared}
PEERS=$SHARED/bench
KIT=$ROOT/Scripts/bench
DATA=$ROOT/.bench-data
[ -f "$PEERS/gen_people.py" ] || die "peer kit not found at $PEERS (set ANZHI_SHARED to the folder holding bench/)"
[ -x /usr/bin/time ] || die "GNU time is needed at /usr/bin/time (apt-get install time)"
command -v soffice >/dev/null || die "LibreOffice (soffice) is needed to make the .xls (Scripts/setup.sh --test)"
python3 -c "import python_calamine, xlsxwriter" 2>/dev/null \
  || die "python3 needs python-calamine and xlsxwriter (pip install python-calamine xlsxwriter)"

source "$KIT/anzhi-binary.sh"

mkdir -p "$DATA"
XLSX=$DATA/people_$N.xlsx
XLS=$DATA/people_$N.xls
RESULTS=$DATA/results_xls_$N.tsv
REPORT=$DATA/report_xls_$N.txt
TIMEF=$DATA/.time_xls
: >"$RESULTS"

echo "== anzhi bench-xls: N=$N rows x 25 cols, $ROUNDS rounds"
echo "   $(date -u +%FT%TZ)  $(uname -srm)  $(nproc) cores"
echo "   anzhi: $ANZHI  (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none))"
if [ "${REGEN:-0}" = 1 ] || [ ! -s "$XLS" ]; then
  echo "== generating $XLS (gen_people.py $N, then LibreOffice)"
  python3 "$PEERS/gen_people.py" "$N" --outdir "$DATA"
  PROFILE=$(mktemp -d)
  soffice --headless --norestore "-env:UserInstallation=file://$PROFILE" --convert-to xls --outdir "$DATA" "$XLSX" >/dev/null
  rm -rf "$PROFILE"
  [ -s "$XLS" ] || die "LibreOffice did not write $XLS"
fi

declare -A CMD OUT
OUT[anzhi]=$DATA/out_xls.csv
CMD[anzhi]="\"$ANZHI\" sheet to-csv \"$XLS\" -o \"${OUT[anzhi]}\""
OUT[calamine]=$DATA/out_xls_cal.csv
CMD[calamine]="python3 \"$KIT/calamine_to_csv.py\" \"$XLS\" \"${OUT[calamine]}\""

run_timed() { # ROUND TOOL
  local round=$1 tool=$2 wall kib
  rm -f "${OUT[$tool]}"
  if eval "/usr/bin/time -f '%e %M' -o \"$TIMEF\" ${CMD[$tool]}" >"$DATA/log_xls_$tool.txt" 2>&1; then
    read -r wall kib < <(tail -n 1 "$TIMEF")
    printf '%s\tread-xls\t%s\t%s\t%s\t%s\n' "$round" "$tool" "$wall" "$kib" "${OUT[$tool]}" >>"$RESULTS"
    awk -v r="$round" -v k="$tool" -v w="$wall" -v m="$kib" 'BEGIN { printf "   r%-5s %-10s %8.2f s %8.1f MiB\n", r, k, w, m / 1024 }'
  else
    echo "bench-xls: warning: round $round: $tool failed (see $DATA/log_xls_$tool.txt)" >&2
  fi
}

echo "== warm-up and correctness check (untimed)"
eval "${CMD[anzhi]}" >"$DATA/log_xls_anzhi.txt" 2>&1 || die "anzhi failed (see $DATA/log_xls_anzhi.txt)"
eval "${CMD[calamine]}" >"$DATA/log_xls_calamine.txt" 2>&1 || die "calamine failed"
python3 "$KIT/compare_csv.py" "${OUT[anzhi]}" "${OUT[calamine]}" --label "   read .xls (anzhi to-csv vs calamine)" || true

for ((r = 1; r <= ROUNDS; r++)); do
  echo "== round $r/$ROUNDS"
  if ((r % 2)); then order=(anzhi calamine); else order=(calamine anzhi); fi
  for tool in "${order[@]}"; do run_timed "$r" "$tool"; done
done

{
  echo
  echo "== results: N=$N rows x 25 cols (.xls by LibreOffice), $ROUNDS rounds, $(nproc) cores, $(date -u +%F)"
  python3 "$KIT/stats.py" "$RESULTS"
  echo
  echo "input: $(basename "$XLS") $(stat -c %s "$XLS") bytes"
} | tee "$REPORT"
