//! A mailbox is reported message by message, a batch at a time, while its messages are still
//! being read: its report must not depend on the number of threads or on where batches end,
//! and the run's counts and exit code must take in every message, the last one too.

mod support;

use support::*;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// More than two of the batches a mailbox is checked in (64 messages).
const MESSAGES: usize = 150;

const FLAGGED: &str = "As I already told you, the server needs a reboot. Per my last email, the \
                       invoice was sent. As previously stated, we cannot help. Going forward, \
                       please leverage our synergies to circle back.";

fn message(i: usize, body: &str) -> String {
    format!(
        "From ana@example.com Mon Jan  1 00:00:00 2024\nFrom: Ana <ana@example.com>\n\
         Subject: note {i}\nMessage-ID: <m{i}@example.com>\n\nHi Bob,\n\n{body}\n\n"
    )
}

/// Every other message has findings, enough of them that a file's report is larger than
/// what a report keeps in memory (1 MB) before it moves to a temporary file.
fn busy_mailbox() -> (String, BTreeSet<usize>) {
    let mut text = String::new();
    let mut flagged = BTreeSet::new();
    for i in 0..MESSAGES {
        if i % 2 == 1 {
            let body = [FLAGGED; 6].join("\n\n");
            text.push_str(&message(i, &body));
            flagged.insert(i);
        } else {
            text.push_str(&message(i, GOOD_EN.trim()));
        }
    }
    (text, flagged)
}

/// stdout and exit code, with the run's duration taken out.
fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = tactful(dir).arg("check").args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    let timeless: Vec<&str> = text.lines().map(without_duration).collect();
    (timeless.join("\n"), out.status.code().unwrap())
}

/// A line without the run's duration: the summary's " in 0.12s." and JUnit's `time="0.120"`.
fn without_duration(line: &str) -> &str {
    if let Some(i) = line.find(" time=\"") {
        return &line[..i];
    }
    match line.rfind(" in ") {
        Some(i)
            if line.ends_with("s.")
                && line[i + 4..line.len() - 2]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '.') =>
        {
            &line[..i]
        }
        _ => line,
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn a_mailboxs_report_is_the_same_on_one_thread_and_two_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let (mbox, flagged) = busy_mailbox();
    // Inputs before and after it: the mailbox waits for the first, the last waits for it.
    write(dir.path(), "a.txt", BAD_EN);
    write(dir.path(), "inbox.mbox", mbox);
    write(dir.path(), "note.txt", BAD_EN);
    let formats = [
        "human",
        "concise",
        "json",
        "jsonl",
        "sarif",
        "github",
        "junit",
        "checkstyle",
        "rdjson",
    ];
    let mut reports = std::collections::HashMap::new();
    for format in formats {
        let (one, code1) = run(dir.path(), &["-j1", "--format", format, "."]);
        let (two, code2) = run(dir.path(), &["-j2", "--format", format, "."]);
        assert_eq!(one, two, "--format {format} differs between -j1 and -j2");
        assert_eq!((code1, code2), (1, 1), "--format {format}");
        reports.insert(format, two);
    }
    for extra in [&["--statistics"][..], &["--format", "json", "--promises"]] {
        let (one, _) = run(dir.path(), &[&["-j1", "."], extra].concat());
        let (two, _) = run(dir.path(), &[&["-j2", "."], extra].concat());
        assert_eq!(one, two, "{extra:?} differs between -j1 and -j2");
    }

    let v = json(&reports["json"]);
    assert!(
        reports["json"].len() > 1 << 20,
        "the mailbox's report should be over 1 MB"
    );
    let files = v["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a.txt", "inbox.mbox", "note.txt"], "input order");
    let inbox = &files[1];
    assert_eq!(inbox["documents"], MESSAGES);
    assert_eq!(inbox["jargon_density"].as_array().unwrap().len(), MESSAGES);
    assert_eq!(inbox["language"], "en");
    let findings = inbox["findings"].as_array().unwrap();
    let indexes: Vec<u64> = findings
        .iter()
        .map(|f| f["email"]["index"].as_u64().unwrap())
        .collect();
    assert!(
        indexes.windows(2).all(|w| w[0] <= w[1]),
        "findings in message order across batches"
    );
    let seen: BTreeSet<usize> = indexes.iter().map(|&i| i as usize).collect();
    assert_eq!(seen, flagged, "every flagged message, and only those");
    assert_eq!(v["summary"]["documents"], MESSAGES + 2);
    assert_eq!(v["summary"]["files_with_findings"], 3);

    // Every format reports each finding once.
    let total = v["summary"]["findings"].as_u64().unwrap() as usize;
    assert_eq!(total, findings.len() + 2);
    assert_eq!(reports["jsonl"].lines().count(), total);
    let sarif = json(&reports["sarif"]);
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), total);
    let rdjson = json(&reports["rdjson"]);
    assert_eq!(rdjson["diagnostics"].as_array().unwrap().len(), total);
    assert_eq!(reports["concise"].lines().count(), total + 1);
    assert_eq!(reports["github"].lines().count(), total + 1);
    assert_eq!(reports["checkstyle"].matches("<error ").count(), total);
    assert!(
        reports["junit"].contains(&format!("tests=\"{total}\" failures=\"{total}\"")),
        "JUnit's header counts every message's findings"
    );
}

/// More inputs than the threads may run ahead of the one being reported (256): the files
/// after a slow mailbox wait for their turn, and a thread that may not go on helps check the
/// mailbox's messages instead.
#[test]
fn files_far_past_a_slow_mailbox_are_reported_in_order_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (mbox, _) = busy_mailbox();
    write(dir.path(), "a.mbox", mbox);
    let files = 600;
    for i in 0..files {
        let text = if i % 7 == 0 { BAD_EN } else { GOOD_EN };
        write(dir.path(), &format!("n{i:03}.txt"), text);
    }
    let (one, code1) = run(dir.path(), &["-j1", "--format", "jsonl", "."]);
    let (two, code2) = run(dir.path(), &["-j2", "--format", "jsonl", "."]);
    assert_eq!(one, two, "-j1 and -j2 differ");
    assert_eq!((code1, code2), (1, 1));
    let (summary, _) = run(dir.path(), &["-j2", "--format", "json", "."]);
    let v = json(&summary);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut expected = vec!["a.mbox".to_string()];
    expected.extend((0..files).map(|i| format!("n{i:03}.txt")));
    assert_eq!(paths, expected, "input order");
    assert_eq!(v["summary"]["documents"], MESSAGES + files);
}

#[test]
fn a_finding_in_the_last_message_of_a_long_mailbox_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let clean: String = (0..200).map(|i| message(i, GOOD_EN.trim())).collect();
    write(dir.path(), "clean.mbox", &clean);
    write(
        dir.path(),
        "late.mbox",
        clean + &message(200, BAD_EN.trim()),
    );

    let (text, code) = run(dir.path(), &["--format", "json", "late.mbox"]);
    assert_eq!(code, 1, "{text}");
    let v = json(&text);
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["email"]["index"], 200);
    assert_eq!(v["summary"]["documents"], 201);

    let (human, code) = run(dir.path(), &["late.mbox"]);
    assert_eq!(code, 1);
    assert!(human.contains("(message 201, "), "{human}");
    assert_eq!(run(dir.path(), &["--fail-on", "never", "late.mbox"]).1, 0);
    let (clean_report, code) = run(dir.path(), &["clean.mbox"]);
    assert_eq!(code, 0, "{clean_report}");
    assert!(clean_report.starts_with("No findings in 1 file (200 documents)"));
}

/// A mailbox with the same flagged message first and again two batches later.
fn repeated_mailbox(dir: &Path) {
    let mut text = String::new();
    for i in 0..MESSAGES {
        let body = if i == 0 || i == 130 {
            BAD_EN.trim()
        } else {
            GOOD_EN.trim()
        };
        text.push_str(&message(i, body));
    }
    write(dir, "inbox.mbox", text);
}

#[test]
fn a_baseline_counts_identical_findings_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    repeated_mailbox(dir.path());
    let (_, code) = run(dir.path(), &["--write-baseline", "all.json", "inbox.mbox"]);
    assert_eq!(code, 0);
    let mut baseline = json(&std::fs::read_to_string(dir.path().join("all.json")).unwrap());
    let entries = baseline["findings"].as_array_mut().unwrap();
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0]["fingerprint"], entries[1]["fingerprint"]);
    // Accept one of the two: the other is new, wherever the batches end.
    entries.truncate(1);
    write(dir.path(), "one.json", baseline.to_string());

    let (text, code) = run(
        dir.path(),
        &["--baseline", "one.json", "--format", "json", "inbox.mbox"],
    );
    assert_eq!(code, 1, "{text}");
    let v = json(&text);
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["email"]["index"], 130);
}

#[test]
fn sarif_fingerprints_tell_repeats_apart_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    repeated_mailbox(dir.path());
    let (text, _) = run(dir.path(), &["--format", "sarif", "inbox.mbox"]);
    let v = json(&text);
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    let fps: Vec<&Value> = results
        .iter()
        .map(|r| &r["partialFingerprints"]["tactful/v1"])
        .collect();
    assert_ne!(
        fps[0], fps[1],
        "the second is the excerpt's second occurrence"
    );
}
