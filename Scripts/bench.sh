#!/usr/bin/env bash
# Side-by-side benchmark of anzhi against its peers, same machine, same run, alternating.
#
# usage: Scripts/bench.sh [N=100000] [ROUNDS=5]        (or: make bench N=... ROUNDS=...)
#
#   read : anzhi sheet to-csv people_N.xlsx -o out.csv     vs  python-calamine (Scripts/bench/calamine_to_csv.py)
#   write: anzhi sheet from-csv people_N.csv -o out.xlsx   vs  libxlsxwriter C anchor (csv2xlsx)
#                                                          vs  XlsxWriter (write_xlsxwriter.py; first XW_ROUNDS rounds only)
# Each run is timed with GNU time (%e wall s, %M peak RSS). Within a round the tools run one after
# the other, and the order rotates from round to round. The table gives medians and the median of
# the per-round ratios anzhi/peer. The C floors (floor_inflate, floor_sax) run once for context.
# Before the rounds, one untimed run of each read tool and of the two fast writers doubles as a warm-up
# and as a correctness check (diff counts are printed; a mismatch never fails the script).
#
# environment:
#   ANZHI_BIN=PATH    anzhi binary to time (default .build/release/anzhi); setting it skips the build
#   SKIP_BUILD=1      do not run `swift build -c release --product anzhi`
#   ANZHI_SHARED=DIR  the shared folder holding bench/ (default: $(git rev-parse --show-toplevel)/../shared)
#   XW_ROUNDS=3       rounds in which the (slow) XlsxWriter writer runs
#   OPS="read write"  which operations to time
#   REGEN=1           regenerate people_N.{xlsx,csv} even if present
#   NO_FLOORS=1       skip the C floors
# Everything is written to .bench-data/ (git-ignored): inputs, outputs, logs, results_N.tsv, report_N.txt.
set -euo pipefail

N=${1:-100000}
ROUNDS=${2:-5}
XW_ROUNDS=${XW_ROUNDS:-3}
OPS=${OPS:-read write}

die() { echo "bench: error: $*" >&2; exit 1; }
has_op() { [[ " $OPS " == *" $1 "* ]]; }
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer (got '$N')"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer (got '$ROUNDS')"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/.." && pwd))
SHARED=${ANZHI_SHARED:-$ROOT/../shared}
PEERS=$SHARED/bench
KIT=$ROOT/Scripts/bench
DATA=$ROOT/.bench-data
[ -f "$PEERS/gen_people.py" ] || die "peer kit not found at $PEERS (set ANZHI_SHARED to the folder holding bench/)"

# ---------------------------------------------------------------- tools
[ -x /usr/bin/time ] && /usr/bin/time -f "%e %M" -o /dev/null true 2>/dev/null \
  || die "GNU time is needed at /usr/bin/time (apt-get install time)"
command -v gcc >/dev/null || die "gcc not found"
python3 -c "import python_calamine, xlsxwriter" 2>/dev/null \
  || die "python3 needs python-calamine and xlsxwriter (pip install python-calamine xlsxwriter)"

# ---------------------------------------------------------------- anzhi
source "$KIT/anzhi-binary.sh"

mkdir -p "$DATA"
XLSX=$DATA/people_$N.xlsx
CSV=$DATA/people_$N.csv
RESULTS=$DATA/results_$N.tsv
REPORT=$DATA/report_$N.txt
TIMEF=$DATA/.time
FAILED=0
: > "$RESULTS"

echo "== anzhi bench: N=$N rows x 25 cols, $ROUNDS rounds, ops: $OPS$(has_op write && echo " (XlsxWriter in $((XW_ROUNDS < ROUNDS ? XW_ROUNDS : ROUNDS)) of them)")"
echo "   $(date -u +%FT%TZ)  $(uname -srm)  $(nproc) cores  $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
echo "   anzhi: $ANZHI  (commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)$([ -z "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] || echo ', dirty'))"
echo "   peers: $PEERS"

# ---------------------------------------------------------------- inputs
if [ "${REGEN:-0}" = 1 ] || [ ! -s "$XLSX" ] || [ ! -s "$CSV" ]; then
  echo "== generating inputs (gen_people.py $N)"
  python3 "$PEERS/gen_people.py" "$N" --outdir "$DATA"
fi

# ---------------------------------------------------------------- C programs (rebuilt when the source is newer)
cc_build() { # out src flags...
  local out=$1 src=$2; shift 2
  if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
    gcc -O2 -o "$out" "$src" "$@"
  fi
}
C_ANCHOR=$DATA/csv2xlsx
cc_build "$C_ANCHOR" "$PEERS/csv2xlsx_libxlsxwriter.c" -lxlsxwriter \
  || die "cannot compile the C anchor (apt-get install libxlsxwriter-dev)"
FLOORS=1
if [ "${NO_FLOORS:-0}" = 1 ]; then
  FLOORS=0
elif ! { cc_build "$DATA/floor_inflate" "$PEERS/floor_inflate.c" $(pkg-config --cflags --libs libzip) &&
         cc_build "$DATA/floor_sax" "$PEERS/floor_sax.c" $(pkg-config --cflags --libs libzip libxml-2.0); } 2>/dev/null; then
  echo "bench: warning: cannot compile the C floors (libzip-dev, libxml2-dev, pkg-config); skipping them" >&2
  FLOORS=0
fi

# ---------------------------------------------------------------- runners
XW_PY=$PEERS/write_xlsxwriter.py
declare -A CMD OUT
OUT[read:anzhi]=$DATA/out.csv;            CMD[read:anzhi]="\"\$ANZHI\" sheet to-csv \"\$XLSX\" -o \"${OUT[read:anzhi]}\""
OUT[read:calamine]=$DATA/out_cal.csv;     CMD[read:calamine]="python3 \"\$KIT/calamine_to_csv.py\" \"\$XLSX\" \"${OUT[read:calamine]}\""
OUT[write:anzhi]=$DATA/out.xlsx;          CMD[write:anzhi]="\"\$ANZHI\" sheet from-csv \"\$CSV\" -o \"${OUT[write:anzhi]}\""
OUT[write:libxlsxwriter-c]=$DATA/out_c.xlsx;   CMD[write:libxlsxwriter-c]="\"\$C_ANCHOR\" \"\$CSV\" \"${OUT[write:libxlsxwriter-c]}\""
OUT[write:xlsxwriter-py]=$DATA/out_xw.xlsx;    CMD[write:xlsxwriter-py]="env PYTHONPATH=\"\$PEERS\" python3 \"\$XW_PY\" \"\$N\" \"${OUT[write:xlsxwriter-py]}\""

log_of() { echo "$DATA/log_${1/:/_}.txt"; }

# run_once KEY: untimed run (warm-up / correctness input); returns the command's status
run_once() {
  local key=$1 log; log=$(log_of "$1")
  rm -f "${OUT[$key]}"
  if ! eval "${CMD[$key]}" >"$log" 2>&1; then
    echo "bench: warning: $key failed (see $log):" >&2; tail -n 5 "$log" | sed 's/^/    /' >&2
    return 1
  fi
}

# run_timed ROUND KEY [OUTPUT]: one timed run appended to $RESULTS
run_timed() {
  local round=$1 key=$2 out=${3-${OUT[$2]:-}} log wall kib
  log=$(log_of "$key")
  [ -n "$out" ] && rm -f "$out"
  if eval "/usr/bin/time -f '%e %M' -o \"\$TIMEF\" ${CMD[$key]}" >"$log" 2>&1; then
    read -r wall kib < <(tail -n 1 "$TIMEF")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "${key%%:*}" "${key#*:}" "$wall" "$kib" "$out" >>"$RESULTS"
    awk -v r="$round" -v k="$key" -v w="$wall" -v m="$kib" \
      'BEGIN { printf "   %-6s %-24s %8.2f s %8.1f MiB\n", (r == 0 ? "once" : "r" r), k, w, m / 1024 }'
  else
    FAILED=1
    printf '%s\t%s\t%s\tFAIL\t0\t%s\n' "$round" "${key%%:*}" "${key#*:}" "$out" >>"$RESULTS"
    echo "bench: warning: round $round: $key failed (see $log):" >&2; tail -n 5 "$log" | sed 's/^/    /' >&2
  fi
}

# rotate ROUND ITEMS...: print ITEMS rotated left by ROUND-1 (so each tool takes its turn going first)
rotate() {
  local r=$1; shift; local n=$# i; local -a a=("$@")
  for ((i = 0; i < n; i++)); do echo "${a[(i + r - 1) % n]}"; done
}


# ---------------------------------------------------------------- warm-up + correctness
echo "== warm-up and correctness check (untimed)"
if has_op read; then
  run_once read:anzhi && a_ok=1 || a_ok=0
  run_once read:calamine || true
  if [ "$a_ok" = 1 ]; then
    python3 "$KIT/compare_csv.py" "${OUT[read:anzhi]}" "${OUT[read:calamine]}" --label "   read  (anzhi to-csv vs calamine)"
  fi
fi
if has_op write; then
  run_once write:libxlsxwriter-c || true
  if run_once write:anzhi; then
    # round trip: read our xlsx back with calamine and compare with the input CSV
    RT=$DATA/out_roundtrip.csv
    if python3 "$KIT/calamine_to_csv.py" "${OUT[write:anzhi]}" "$RT" 2>"$(log_of roundtrip)"; then
      python3 "$KIT/compare_csv.py" "$RT" "$CSV" --label "   write (anzhi from-csv, read back by calamine, vs input CSV)"
    else
      echo "   write: calamine cannot read anzhi's out.xlsx (see $(log_of roundtrip))"
    fi
  fi
fi

# ---------------------------------------------------------------- rounds
for ((r = 1; r <= ROUNDS; r++)); do
  echo "== round $r/$ROUNDS"
  if has_op read; then
    for key in $(rotate "$r" read:anzhi read:calamine); do run_timed "$r" "$key"; done
  fi
  if has_op write; then
    writers=(write:anzhi write:libxlsxwriter-c)
    ((r <= XW_ROUNDS)) && writers+=(write:xlsxwriter-py)
    for key in $(rotate "$r" "${writers[@]}"); do run_timed "$r" "$key"; done
  fi
done

# ---------------------------------------------------------------- floors (context, once)
if [ "$FLOORS" = 1 ]; then
  echo "== C floors (once, for context)"
  CMD[floor:floor_inflate]="\"\$DATA/floor_inflate\" \"\$XLSX\""
  CMD[floor:floor_sax]="\"\$DATA/floor_sax\" \"\$XLSX\""
  run_timed 0 floor:floor_inflate ""
  run_timed 0 floor:floor_sax ""
fi

# ---------------------------------------------------------------- report
{
  echo
  echo "== results: N=$N rows x 25 cols, $ROUNDS rounds, $(nproc) cores, $(date -u +%F)"
  python3 "$KIT/stats.py" "$RESULTS"
  echo
  echo "inputs: $(basename "$XLSX") $(stat -c %s "$XLSX") bytes, $(basename "$CSV") $(stat -c %s "$CSV") bytes"
  echo "note: xlsxwriter-py builds its rows in Python (people.py) rather than parsing the CSV; the C anchor and anzhi parse the CSV."
} | tee "$REPORT"
echo "(raw timings: $RESULTS; report: $REPORT; logs: $DATA/log_*.txt)"
if [ "$FAILED" = 1 ]; then
  die "some runs failed; see the warnings above"
fi
