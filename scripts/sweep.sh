#!/usr/bin/env bash
# Sweeps tactful over real-world third-party material and reports what it did: files read,
# documents, findings per category, errors (file + message), skipped binaries, notices, time.
#
#   scripts/sweep.sh                 # every folder of ../shared/corpora-public that exists
#   scripts/sweep.sh DIR [DIR...]    # these folders (or files) instead
#
# Env: TACTFUL (a prebuilt binary, skips the build), SWEEP_TIMEOUT (seconds per folder, 600),
# SWEEP_NOTICES (how many distinct notices to list, 15).
# Exit status: 0 when every run finished without a crash or timeout (input errors are listed,
# not fatal), 1 otherwise. The corpora are never copied: only paths and counts are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [[ -z "${TACTFUL:-}" ]]; then
    echo "building tactful (release)..." >&2
    cargo build --release --quiet -p tactful
    TACTFUL="$root/target/release/tactful"
fi
command -v python3 >/dev/null || { echo "sweep.sh needs python3" >&2; exit 2; }

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    corpora="${CORPORA:-$root/../shared/corpora-public}"
    for d in "$corpora"/*/; do
        [[ -d "$d" ]] && targets+=("${d%/}")
    done
fi
if [[ ${#targets[@]} -eq 0 ]]; then
    echo "nothing to sweep (no folders given and none under ../shared/corpora-public)" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
i=0
for t in "${targets[@]}"; do
    i=$((i + 1))
    # --isolated: the sweep measures the parsers and rules, not whoever's tactful.toml.
    start=$(date +%s.%N)
    set +e
    timeout "${SWEEP_TIMEOUT:-600}" "$TACTFUL" check --isolated --format json --fail-on never \
        "$t" >"$work/$i.json" 2>"$work/$i.err"
    code=$?
    set -e
    end=$(date +%s.%N)
    printf '%s\t%s\t%s\n' "$t" "$code" "$(echo "$end - $start" | bc)" >>"$work/runs.tsv"
done

python3 - "$work" <<'PY'
import json, os, sys
from collections import Counter

work = sys.argv[1]
runs = [l.rstrip("\n").split("\t") for l in open(os.path.join(work, "runs.tsv"))]
grand = Counter()
cats_all = Counter()
bad_runs = []
notice_kinds = Counter()
print(f"{'folder':<44} {'files':>6} {'docs':>6} {'finds':>6} {'errs':>5} {'skip':>5} {'exit':>4} {'time s':>7}")
for i, (target, code, secs) in enumerate(runs, 1):
    code = int(code)
    name = os.path.basename(target.rstrip("/")) or target
    stderr = open(os.path.join(work, f"{i}.err"), errors="replace").read()
    try:
        doc = json.load(open(os.path.join(work, f"{i}.json")))
    except (ValueError, OSError) as e:
        bad_runs.append((target, code, f"output is not one JSON document ({e}); stderr: {stderr[-500:]}"))
        print(f"{name:<44} {'-':>6} {'-':>6} {'-':>6} {'-':>5} {'-':>5} {code:>4} {float(secs):>7.2f}")
        continue
    if code == 124:
        bad_runs.append((target, code, "timed out"))
    elif code not in (0, 1, 2) or "panicked" in stderr:
        bad_runs.append((target, code, f"crash: {stderr[-500:]}"))
    s = doc["summary"]
    cats = Counter()
    errors = []
    for f in doc["files"]:
        for fd in f["findings"]:
            cats[fd["category"]] += 1
        if f["error"]:
            errors.append((f["path"], f["error"]))
        for n in f.get("notices", []):
            # Group notices by their shape, not their numbers or names.
            key = "".join("#" if c.isdigit() else c for c in n)
            key = key.split('"')[0] if '"' in key else key
            notice_kinds[key.strip()] += 1
    cats_all.update(cats)
    for k in ("files", "documents", "findings", "errors", "skipped"):
        grand[k] += s[k]
    grand["seconds"] += float(secs)
    grand["notices"] += sum(len(f.get("notices", [])) for f in doc["files"])
    print(f"{name:<44} {s['files']:>6} {s['documents']:>6} {s['findings']:>6} {s['errors']:>5} "
          f"{s['skipped']:>5} {code:>4} {float(secs):>7.2f}")
    if cats:
        print("    findings: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))
    for path, msg in errors:
        print(f"    error: {path}: {msg}")
    for f in doc["files"]:
        if f["error"] is None and f.get("documents", 1) == 0 and f.get("notices"):
            print(f"    skipped: {f['path']}: {'; '.join(f['notices'])}")

print()
print(f"total: {grand['files']} files, {grand['documents']} documents, {grand['findings']} findings, "
      f"{grand['errors']} errors, {grand['skipped']} skipped, {grand['notices']} notices, "
      f"{grand['seconds']:.2f} s wall")
if cats_all:
    print("findings by category: " + ", ".join(f"{c} {n}" for c, n in sorted(cats_all.items())))
if notice_kinds:
    limit = int(os.environ.get("SWEEP_NOTICES", "15"))
    print("notices by kind:")
    for k, n in notice_kinds.most_common(limit):
        print(f"  {n:>6}  {k}")
if bad_runs:
    print("\nRUNS THAT WENT WRONG:")
    for t, c, why in bad_runs:
        print(f"  {t} (exit {c}): {why}")
    sys.exit(1)
PY
