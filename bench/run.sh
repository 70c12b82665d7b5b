#!/usr/bin/env bash
# Throughput, scaling, memory and draft latency of tactful on a generated corpus, beside a
# raw literal scan (ripgrep) of the built-in phrases (one literal per pattern) when rg is installed.
#
#   bench/run.sh [MEGABYTES] [RUNS]      (default: 20 MB, 5 runs; figures are medians)
set -euo pipefail
export LC_ALL=C # $EPOCHREALTIME with a decimal point
cd "$(dirname "$0")/.."
mb=${1:-20}
runs=${2:-5}
out=bench/out
corpus=$out/corpus-$mb
mkdir -p "$out"

cargo build --release --quiet -p tactful -p tactful-bench
bin=target/release/tactful
[ -d "$corpus" ] || target/release/tactful-gen-corpus "$corpus" "$mb" >/dev/null
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
files=$(find "$corpus" -type f | wc -l)
shopt -s nullglob
packs=(plugins/*/packs/*.toml)
shopt -u nullglob
: > "$out/phrases.txt"
[ ${#packs[@]} -eq 0 ] || target/release/tactful-phrases "${packs[@]}" > "$out/phrases.txt"
phrases=$(wc -l < "$out/phrases.txt")

# Seconds since `start` (an $EPOCHREALTIME): microseconds, where time's %e has hundredths.
since() { awk -v s="$1" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.6f", e - s }'; }

# Median wall seconds and peak RSS (KiB) of a command over $runs runs, after one warm-up.
measure() {
  "$@" >/dev/null 2>&1 || true
  local walls=() rss=()
  for _ in $(seq "$runs"); do
    local start=$EPOCHREALTIME
    /usr/bin/time -o "$out/time.txt" -f '%M' "$@" >/dev/null 2>&1 || true
    walls+=("$(since "$start")")
    rss+=("$(tail -n 1 "$out/time.txt")")
  done
  local w r
  w=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  r=$(printf '%s\n' "${rss[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$w $r"
}

row() { # name wall rss
  awk -v n="$1" -v w="$2" -v r="$3" -v b="$bytes" \
    'BEGIN { printf "%-34s %8.3f s %9.1f MB/s %8.1f MB peak\n", n, w, (w > 0 ? b / w / 1e6 : 0), r / 1024 }'
}

echo "corpus: $corpus, $files files, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB; $phrases literal phrases; $(nproc) cores; median of $runs runs"
read -r w r < <(measure cat $(find "$corpus" -type f))
row "cat" "$w" "$r"
if command -v rg >/dev/null && [ "$phrases" -gt 0 ]; then
  read -r rg_w r < <(measure rg -i -F -c -f "$out/phrases.txt" "$corpus")
  row "rg -i -F (one phrase per pattern)" "$rg_w" "$r"
fi
read -r w1 r < <(measure "$bin" check --isolated --format json -j 1 --fail-on never "$corpus")
row "tactful -j 1" "$w1" "$r"
read -r w2 r < <(measure "$bin" check --isolated --format json -j 2 --fail-on never "$corpus")
row "tactful -j 2" "$w2" "$r"
awk -v a="$w1" -v b="$w2" 'BEGIN { printf "scaling 1 -> 2 threads: %.2fx\n", a / b }'
if [ -n "${rg_w:-}" ]; then
  awk -v t="$w2" -v g="$rg_w" 'BEGIN { printf "tactful throughput / rg throughput: %.2f\n", g / t }'
fi
# write-good (npm), the fastest of the prose linters, when installed or named by WRITE_GOOD.
wg=${WRITE_GOOD:-$(command -v write-good || true)}
if [ -n "$wg" ]; then
  mapfile -t files < <(find "$corpus" -type f | sort)
  read -r wg_w r < <(measure "$wg" "${files[@]}")
  row "write-good $("$wg" --version 2>/dev/null)" "$wg_w" "$r"
  awk -v t="$w2" -v g="$wg_w" 'BEGIN { printf "tactful throughput / write-good throughput: %.1f\n", g / t }'
fi

# One short draft from stdin per language: start-up plus analysis.
drafts=(
  'Hi Anna,\n\nAs I already told you, the migration is delayed. We will fix it ASAP.\n\nBest,\nTom\n'
  'Hola Ana,\n\nComo ya te dije, la migración se retrasa. Lo arreglamos lo antes posible.\n\nSaludos,\nTomás\n'
  'Анна, добрый день!\n\nКак я уже говорил, миграция задерживается. Исправим в ближайшее время.\n\nС уважением,\nТимур\n'
)
langs=(en es ru)
for i in 0 1 2; do
  draft=$out/draft-${langs[$i]}.txt
  printf "${drafts[$i]}" > "$draft"
  lat=()
  for _ in $(seq 20); do
    start=$EPOCHREALTIME
    "$bin" check --isolated - --fail-on never < "$draft" >/dev/null
    lat+=("$(since "$start")")
  done
  printf 'stdin draft, %s (median of 20): %s ms\n' "${langs[$i]}" \
    "$(printf '%s\n' "${lat[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}')"
done
