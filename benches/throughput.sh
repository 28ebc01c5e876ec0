#!/usr/bin/env bash
# Throughput of `pimap scan` beside ripgrep with an equivalent ASCII regex, in the same run.
#
#   benches/throughput.sh [MB]        (default 200)
#
# Generates MB of mixed Chinese/English text (HR notes, logs, CSV, JSON lines; ~2% of lines carry a
# value) under benches/data/ with the project's corpus generator, checks that pimap finds exactly the
# planted values (a fast wrong engine must not pass), then times with hyperfine, warm cache:
#   pimap scan -j1 / -j2 --format jsonl > /dev/null
#   rg -j1 / -j2 -c with one combined ASCII regex for the same three categories (no validation)
#   rg -j1 -c for an absent literal: the memchr floor
# and prints MB/s per core and ratios. Needs hyperfine and ripgrep (apt-get install hyperfine ripgrep).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-200}
DATA=benches/data/mixed-$MB
command -v rg >/dev/null && command -v hyperfine >/dev/null || { echo "needs ripgrep and hyperfine" >&2; exit 2; }

cargo build --release --quiet --bin pimap --example gen-corpus
if [ ! -f "$DATA.truth.jsonl" ]; then
  target/release/examples/gen-corpus bench "$DATA" "$MB"
fi
BYTES=$(find "$DATA" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
FILES=$(find "$DATA" -type f | wc -l)
export PIMAP_KEY_FILE=${PIMAP_KEY_FILE:-$PWD/benches/data/key}
PIMAP="target/release/pimap scan --quiet --format jsonl --today 2026-11-22"

# Correctness first: the benchmark is void if the counts are wrong.
want=$(wc -l < "$DATA.truth.jsonl")
got=$($PIMAP -j2 "$DATA" | wc -l)
if [ "$got" != "$want" ]; then
  echo "FAIL: pimap found $got values, the corpus holds $want" >&2
  exit 1
fi
echo "pimap finds all $want planted values in $FILES files, $((BYTES / 1048576)) MiB"

# One combined ASCII regex for the same three categories: 18-character IDs, 11-digit mobiles, emails.
RE='(?-u)[0-9]{17}[0-9Xx]|1[3-9][0-9]{9}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
RG="rg --no-config -uuu -c --no-messages"
out=benches/data/hyperfine.json
hyperfine -i --warmup 1 --runs ${RUNS:-5} --export-json "$out" -N \
  -n "pimap -j1" "$PIMAP -j1 $DATA" \
  -n "rg -j1 regex" "$RG -j1 '$RE' $DATA" \
  -n "rg -j1 absent literal (memchr floor)" "$RG -j1 ZQXJZQXJ_absent $DATA" \
  -n "pimap -j2" "$PIMAP -j2 $DATA" \
  -n "rg -j2 regex" "$RG -j2 '$RE' $DATA" >/dev/null 2>&1 || true

python3 - "$out" "$BYTES" <<'PY'
import json, sys, platform, os
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
mb = int(sys.argv[2]) / 1e6
def rate(name, cores):
    r = res[name]
    return mb / r["mean"] / cores, r["mean"], r["stddev"]
rows = [("pimap -j1", 1), ("rg -j1 regex", 1), ("rg -j1 absent literal (memchr floor)", 1), ("pimap -j2", 2), ("rg -j2 regex", 2)]
print(f"{'command':<40} {'mean s':>8} {'± s':>6} {'MB/s per core':>14}")
for n, c in rows:
    v, m, sd = rate(n, c)
    print(f"{n:<40} {m:>8.3f} {sd:>6.3f} {v:>14.0f}")
p1, r1, floor = rate("pimap -j1", 1)[0], rate("rg -j1 regex", 1)[0], rate("rg -j1 absent literal (memchr floor)", 1)[0]
p2 = rate("pimap -j2", 2)[0] * 2
print(f"pimap/rg (1 thread): {p1 / r1:.2f}x   pimap/memchr floor: {p1 / floor:.2f}   2 threads / 1 thread: {p2 / p1:.2f}x")
PY
