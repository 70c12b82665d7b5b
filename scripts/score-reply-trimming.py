#!/usr/bin/env python3
"""Scores tactful-ingest's quote/signature splitting against public reply-trimming fixtures.

Runs the `trim` example (crates/tactful-ingest/examples/trim.rs) over each input and
compares what it keeps with the expected text, exactly (ends trimmed) and after whitespace
normalisation. Suites:
  discourse         email_reply_trimmer: emails/*.txt -> trimmed/*.txt (quotes and signatures removed)
  talon-signature   talon signature/emails/stripped: X_body minus X_signature
  talon-replies     talon standard_replies: X.eml -> X_reply_text (quotes removed, signature kept)

usage: scripts/score-reply-trimming.py [--fixtures DIR] [--show-failures] [--suite NAME]
The binary is built with cargo unless TRIM_BIN points at one.
"""
import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FIXTURES = ROOT.parent / "shared/corpora-public/email-reply-signature-fixtures"


def trim_bin():
    if os.environ.get("TRIM_BIN"):
        return os.environ["TRIM_BIN"]
    subprocess.run(
        ["cargo", "build", "-q", "-p", "tactful-ingest", "--example", "trim"],
        cwd=ROOT, check=True,
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return str(target / "debug/examples/trim")


def run(binary, path, fmt, keep_signature=False):
    args = [binary, "--format", fmt]
    if keep_signature:
        args.append("--keep-signature")
    p = subprocess.run(args + [str(path)], capture_output=True, timeout=60)
    if p.returncode not in (0, 1):
        return None, p.stderr.decode("utf-8", "replace")
    return p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def cases(fixtures):
    d = fixtures / "discourse-email_reply_trimmer/test"
    for f in sorted((d / "emails").glob("*.txt")):
        exp = d / "trimmed" / f.name
        if exp.exists():
            yield "discourse", f, "plain", False, exp.read_text(encoding="utf-8", errors="replace")
    s = fixtures / "mailgun-talon/tests/fixtures/signature/emails/stripped"
    for body in sorted(s.glob("*_body")):
        sig = s / body.name.replace("_body", "_signature")
        if not sig.exists():
            continue
        b = body.read_text(encoding="utf-8", errors="replace")
        sg = sig.read_text(encoding="utf-8", errors="replace").strip()
        expected = b.strip()
        if sg and expected.endswith(sg):
            expected = expected[: -len(sg)]
        yield "talon-signature", body, "plain", False, expected
    r = fixtures / "mailgun-talon/tests/fixtures/standard_replies"
    for exp in sorted(r.glob("*_reply_text")):
        eml = r / (exp.name[: -len("_reply_text")] + ".eml")
        if eml.exists():
            yield "talon-replies", eml, "eml", True, exp.read_text(encoding="utf-8", errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES)
    ap.add_argument("--show-failures", action="store_true")
    ap.add_argument("--suite")
    a = ap.parse_args()
    if not a.fixtures.is_dir():
        sys.exit(f"fixtures not found: {a.fixtures}")
    binary = trim_bin()
    stats = {}
    crashes = 0
    for suite, path, fmt, keep_sig, expected in cases(a.fixtures):
        if a.suite and suite != a.suite:
            continue
        got, err = run(binary, path, fmt, keep_sig)
        st = stats.setdefault(suite, [0, 0, 0])
        st[0] += 1
        if got is None:
            crashes += 1
            print(f"CRASH {path}: {err.strip()[:300]}")
            continue
        exact = got.strip() == expected.strip()
        normal = norm(got) == norm(expected)
        st[1] += exact
        st[2] += normal
        if a.show_failures and not normal:
            print(f"--- {suite} {path.name}\n[expected]\n{expected.strip()}\n[got]\n{got.strip()}\n")
    print(f"{'suite':<18}{'cases':>6}{'exact':>7}{'normalised':>12}")
    tot = [0, 0, 0]
    for suite, (n, e, w) in stats.items():
        print(f"{suite:<18}{n:>6}{e:>7}{w:>12}")
        tot = [tot[0] + n, tot[1] + e, tot[2] + w]
    print(f"{'total':<18}{tot[0]:>6}{tot[1]:>7}{tot[2]:>12}")
    if crashes:
        print(f"{crashes} crashes")
        sys.exit(1)


if __name__ == "__main__":
    main()
