#!/usr/bin/env bash
# Throughput of `pimap scan` beside ripgrep with an equivalent ASCII regex and the memchr floor, in
# the same hyperfine run.
#
#   benches/throughput.sh [MB] [FILES]        (defaults: 500 MB, 100000 small files)
#   MEMORY=1 benches/throughput.sh ...        (also: peak memory on a 5 GB file of one line)
#
# Corpora from the project's generator, under benches/data/ (kept between runs):
#   big      MB of mixed Chinese/English text in large files (HR notes, logs, CSV exports, JSON
#            lines, SQL dumps, and since v4/v5 patient records, shipping lists, resumes, biometric
#            exports, brochures). v5: 4.7% of lines carry a value, about one value per KB; every
#            line has numbers
#   onefile  the logs and SQL dumps of `big` in one file (what two threads do with one big file)
#   sparse   FILES files of 1-5 KB, one record each among filler (what a file costs)
#   dense    FILES files of 1.5-5 KB, several records each (what reporting costs)
# For each, pimap must report exactly the planted values (a fast wrong engine must not pass); then
# hyperfine times, warm cache:
#   pimap scan -j1 / -j2 --format jsonl > /dev/null
#   rg -j1 / -j2 -c with one combined ASCII regex for the same identifiers (no validation)
#   rg -j1 -c for an absent literal: a memchr pass over the same bytes (the floor)
# and prints MB/s per core, files/s and ratios. Needs hyperfine and ripgrep (apt-get install).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-500}
FILES=${2:-100000}
command -v rg >/dev/null && command -v hyperfine >/dev/null || { echo "needs ripgrep and hyperfine" >&2; exit 2; }

cargo build --release --quiet --bin pimap --example gen-corpus
mkdir -p benches/data
export PIMAP_KEY_FILE=${PIMAP_KEY_FILE:-$PWD/benches/data/key}
PIMAP="target/release/pimap scan --quiet --format jsonl --today 2026-11-22"
# One combined ASCII regex for the same identifiers (no validation, no context): 18- and 15-digit
# IDs, mobiles, landlines, bank cards, passport and permit shapes, emails.
RE='(?-u)[0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9}|0[0-9]{2,3}[- ]?[0-9]{7,8}|[0-9]{16,19}|[EGCHM][A-Z]?[0-9]{7,10}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
RG="rg --no-config -uuu -c --no-messages"

# run_case NAME DATA WANT: DATA is a file or directory, WANT the number of planted values in it.
run_case() {
  local name=$1 data=$2 want=$3
  local bytes files got
  bytes=$(find "$data" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
  files=$(find "$data" -type f | wc -l)
  got=$($PIMAP -j2 "$data" | wc -l)
  if [ "$got" != "$want" ]; then
    echo "FAIL ($name): pimap found $got values, the corpus holds $want" >&2
    exit 1
  fi
  echo "== $name: $files files, $((bytes / 1048576)) MiB; pimap finds all $want planted values"
  local out=benches/data/hyperfine-$name.json
  hyperfine -i --warmup 1 --runs "${RUNS:-5}" --export-json "$out" -N \
    -n "pimap -j1" "$PIMAP -j1 $data" \
    -n "rg -j1 regex" "$RG -j1 '$RE' $data" \
    -n "rg -j1 absent literal (memchr floor)" "$RG -j1 ZQXJZQXJ_absent $data" \
    -n "pimap -j2" "$PIMAP -j2 $data" \
    -n "rg -j2 regex" "$RG -j2 '$RE' $data" >/dev/null 2>&1
  python3 - "$out" "$bytes" "$files" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
mb, files = int(sys.argv[2]) / 1e6, int(sys.argv[3])
rows = [("pimap -j1", 1), ("rg -j1 regex", 1), ("rg -j1 absent literal (memchr floor)", 1), ("pimap -j2", 2), ("rg -j2 regex", 2)]
print(f"| command | mean s | ± s | MB/s per core | files/s |")
print(f"|---|---|---|---|---|")
for n, c in rows:
    r = res[n]
    print(f"| {n} | {r['mean']:.3f} | {r['stddev']:.3f} | {mb / r['mean'] / c:,.0f} | {files / r['mean']:,.0f} |")
t = lambda n: res[n]["mean"]
print(f"\npimap/rg, 1 thread: {t('rg -j1 regex') / t('pimap -j1'):.2f}x; 2 threads: {t('rg -j2 regex') / t('pimap -j2'):.2f}x; "
      f"pimap/memchr floor: {t('rg -j1 absent literal (memchr floor)') / t('pimap -j1'):.3f}; "
      f"pimap 2 threads / 1 thread: {t('pimap -j1') / t('pimap -j2'):.2f}x")
PY
}

# The corpora are named for the generator's version: a changed generator plants different values.
GEN=v5
BIG=benches/data/mixed-$GEN-$MB
[ -f "$BIG.truth.jsonl" ] || target/release/examples/gen-corpus bench "$BIG" "$MB"
ONE=$BIG.onefile
[ -f "$ONE" ] || cat "$BIG"/part*/dumps/*.sql "$BIG"/part*/logs/*.log > "$ONE"
SPARSE=benches/data/small-sparse-$GEN-$FILES
[ -f "$SPARSE.truth.jsonl" ] || target/release/examples/gen-corpus small "$SPARSE" "$FILES" sparse
DENSE=benches/data/small-$GEN-$FILES
[ -f "$DENSE.truth.jsonl" ] || target/release/examples/gen-corpus small "$DENSE" "$FILES"
# Warm the page cache.
find "$BIG" "$SPARSE" "$DENSE" -type f -print0 | xargs -0 cat > /dev/null
run_case big "$BIG" "$(wc -l < "$BIG.truth.jsonl")"
run_case onefile "$ONE" "$(grep -cE '"path":"part[0-9]+/(dumps|logs)/' "$BIG.truth.jsonl")"
run_case sparse "$SPARSE" "$(wc -l < "$SPARSE.truth.jsonl")"
run_case dense "$DENSE" "$(wc -l < "$DENSE.truth.jsonl")"

if [ "${MEMORY:-0}" = 1 ]; then
  # One line of 5 GB: prose and numbers with no newline, a value about every megabyte. Peak memory
  # must not grow with the file: one read buffer per thread (the findings of a file are held until
  # it is done, a few hundred bytes each).
  LONG=benches/data/one-line-5g.txt
  if [ ! -f "$LONG" ]; then
    python3 - "$LONG" <<'PY'
import sys
chunk = ("公司将于下月起执行新的考勤制度 ratio=0.8731 size=48213 order 202310049608633451 ; " * 9000).encode()
value = " 联系电话13812345678 ".encode()
n = 0
with open(sys.argv[1], "wb") as f:
    while n * (len(chunk) + len(value)) < 5 * 10**9:
        f.write(chunk + value)
        n += 1
open(sys.argv[1] + ".count", "w").write(str(n))
PY
  fi
  # Warm as the other cases are (24 GiB of RAM holds it): the first run must not time the disk.
  cat "$LONG" > /dev/null
  for j in 1 2; do
    /usr/bin/time -f "%e s, peak RSS %M KB" -o benches/data/time-long-j$j.txt $PIMAP -j$j "$LONG" > benches/data/long-j$j.jsonl
    echo "== one line of $(( $(stat -c %s "$LONG") / 1000000 )) MB, -j$j: $(wc -l < benches/data/long-j$j.jsonl) findings (want $(cat "$LONG.count")), $(cat benches/data/time-long-j$j.txt)"
  done
fi
