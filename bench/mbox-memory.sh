#!/usr/bin/env bash
# Peak memory and throughput of `tactful check` on one mailbox of growing size: flat memory
# means the peak stays about the same whatever the size, because a mailbox is read, checked
# and reported a batch of messages at a time.
#
# Usage: bench/mbox-memory.sh [SIZE_MB...]      (default: 50 200 800)
# Environment: TACTFUL=path/to/binary (default target/release/tactful), THREADS=N (-j),
#              FORMATS="human json" (the --format values measured).
#
# The mailboxes are built deterministically under bench/out/mbox-memory/ (kept for the next
# run): the messages of a generated corpus (its mbox, then each .eml as a message), repeated
# until the size is reached.
#
# Measured 2026-11-22, 2 cores shared with other builds (load ~8, so MB/s is noise), peak RSS:
#   size     messages   human: before / after streaming    json: before / after streaming
#   53 MB      14,760          190 MB / 55.7 MB                  210 MB / 56.2 MB
#   203 MB     56,088          569 MB / 55.8 MB                  646 MB / 56.0 MB
#   801 MB    221,400        2,086 MB / 55.8 MB                2,390 MB / 56.1 MB
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(50 200 800)
tactful=${TACTFUL:-target/release/tactful}
formats=${FORMATS:-human json}
out=bench/out/mbox-memory
mkdir -p "$out"

if [ ! -x /usr/bin/time ]; then
    echo "needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
    exit 2
fi
if [ -z "${TACTFUL:-}" ] || [ ! -x target/release/tactful-gen-corpus ]; then
    cargo build --release -q -p tactful -p tactful-bench
fi

# One unit of messages, about 5 MB.
unit=$out/unit.mbox
if [ ! -s "$unit" ]; then
    corpus=$out/corpus
    [ -d "$corpus" ] || target/release/tactful-gen-corpus "$corpus" 5 7 >/dev/null
    {
        cat "$corpus/mail/archive.mbox"
        LC_ALL=C find "$corpus" -name '*.eml' | LC_ALL=C sort | while read -r eml; do
            printf 'From bench@example.com Mon Jan  1 00:00:00 2024\n'
            # mboxrd: a body line starting with "From " is quoted.
            sed 's/^\(>*From \)/>\1/' "$eml"
            printf '\n'
        done
    } >"$unit.tmp"
    mv "$unit.tmp" "$unit"
fi

threads_arg=()
[ -z "${THREADS:-}" ] || threads_arg=(-j "$THREADS")

printf '%-8s %8s %-7s %12s %9s %8s\n' size_MB messages format peak_RSS_MB seconds MB/s
for size in "${sizes[@]}"; do
    mbox=$out/mbox-${size}MB.mbox
    if [ ! -s "$mbox" ]; then
        : >"$mbox.tmp"
        while [ "$(stat -c %s "$mbox.tmp")" -lt $((size << 20)) ]; do
            cat "$unit" >>"$mbox.tmp"
        done
        mv "$mbox.tmp" "$mbox"
    fi
    bytes=$(stat -c %s "$mbox")
    messages=$(grep -c '^From ' "$mbox" || true)
    for format in $formats; do
        /usr/bin/time -o "$out/time.txt" -f '%M %e' "$tactful" check --isolated \
            --fail-on never "${threads_arg[@]}" --format "$format" "$mbox" >/dev/null
        read -r peak_kb secs <"$out/time.txt"
        awk -v b="$bytes" -v m="$messages" -v f="$format" -v k="$peak_kb" -v s="$secs" 'BEGIN {
            printf "%-8.0f %8d %-7s %12.1f %9.2f %8.1f\n", b / 1048576, m, f, k / 1024, s,
                (s > 0 ? b / 1048576 / s : 0) }'
    done
done
