//! Every output format, read back by its real consumer: Microsoft's SARIF validator (the
//! official 2.1.0 schema and its rules), `@actions/core` for GitHub workflow commands,
//! `junitparser` for JUnit, reviewdog's rdformat validator, and an XML parser for Checkstyle.
//! Each is compared finding by finding with the JSON output.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use serde_json::{Value, json};
use support::{BAD_EN, GOOD_EN, find_tool, python_with, tactful, tools_dir, write};

/// A folder with findings in English and Russian (multi-byte columns), a name that needs
/// escaping everywhere, a clean file, and one file with two findings on one line.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.txt", BAD_EN);
    write(dir.path(), "good.md", GOOD_EN);
    write(
        dir.path(),
        "ru/письмо.txt",
        "Добрый день!\n\nКак я уже говорил, сервер нужно перезагрузить.\n",
    );
    write(
        dir.path(),
        "notes, v2: 100% draft & <final>.md",
        "# Status\n\nAs I already told you, per my last email, the fix is live.\n",
    );
    dir
}

fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = tactful(dir).args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        out.status.code().unwrap(),
    )
}

/// The findings as `tactful --format jsonl` reports them: the reference for every format.
fn reference(dir: &Path) -> Vec<Value> {
    let (text, _) = run(dir, &["check", "--format", "jsonl", "."]);
    let v: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(v.len() >= 4, "fixture should give several findings: {v:?}");
    v
}

fn npm_bin(name: &str) -> PathBuf {
    tools_dir().join("npm/node_modules/.bin").join(name)
}

#[test]
fn sarif_is_valid_against_the_official_schema_and_matches_the_findings() {
    let dir = fixture();
    let (text, code) = run(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&text).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run0["results"].as_array().unwrap();
    let want = reference(dir.path());
    assert_eq!(results.len(), want.len());
    for (r, f) in results.iter().zip(&want) {
        assert_eq!(r["ruleId"], f["rule"]);
        let rule = &rules[r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], f["rule"], "ruleIndex points at the rule");
        assert!(
            rule["help"]["text"]
                .as_str()
                .unwrap()
                .contains("Why it hurts")
        );
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], f["line"]);
        assert_eq!(region["startColumn"], f["column"]);
        assert_eq!(region["endLine"], f["end_line"]);
        assert_eq!(region["endColumn"], f["end_column"]);
        assert_eq!(region["snippet"]["text"], f["excerpt"]);
        assert_eq!(r["level"], "warning");
    }
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"notes%2C%20v2%3A%20100%25%20draft%20%26%20%3Cfinal%3E.md"));
    assert!(uris.contains(&"ru/%D0%BF%D0%B8%D1%81%D1%8C%D0%BC%D0%BE.txt"));
    // The same excerpt twice in a file still gets two fingerprints.
    let fps: std::collections::HashSet<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["tactful/v1"].as_str().unwrap())
        .collect();
    assert_eq!(fps.len(), results.len());

    // A file that cannot be read is a notification, and the run is not successful.
    let (with_error, code) = run(
        dir.path(),
        &["check", "--format", "sarif", "bad.txt", "gone.txt"],
    );
    assert_eq!(code, 2);
    let e: Value = serde_json::from_str(&with_error).unwrap();
    let inv = &e["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");

    let candidates =
        [tools_dir().join("npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")];
    let Some(validator) = find_tool(
        "Sarif.Multitool",
        &candidates,
        "npm i @microsoft/sarif-multitool",
    ) else {
        return;
    };
    for (name, sarif) in [("findings.sarif", &text), ("error.sarif", &with_error)] {
        let input = dir.path().join(name);
        std::fs::write(&input, sarif).unwrap();
        let log = dir.path().join(format!("{name}.validation.sarif"));
        let out = Process::new(&validator)
            .arg("validate")
            .arg(&input)
            .arg("--output")
            .arg(&log)
            .args(["--log", "ForceOverwrite"])
            .output()
            .expect("Sarif.Multitool runs");
        let console = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "validator failed: {console}");
        // The validator exits 0 even on schema errors; its own SARIF log says what it found.
        let log: Value = serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
        // Schema violations are errors; best-practice rules warn. SARIF2005 only asks for a
        // home page URL, which the package does not declare yet.
        let problems: Vec<String> = log["runs"][0]["results"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(|r| matches!(r["level"].as_str(), Some("error") | Some("warning") | None))
            .filter(|r| r["ruleId"] != "SARIF2005")
            .map(|r| format!("{} {}", r["ruleId"], r["message"]))
            .collect();
        assert!(problems.is_empty(), "{name}: {problems:#?}\n{console}");
    }
}

#[test]
fn sarif_fingerprints_survive_lines_moving() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", BAD_EN);
    let fingerprint = |dir: &Path| {
        let (text, _) = run(dir, &["check", "--format", "sarif", "a.txt"]);
        let v: Value = serde_json::from_str(&text).unwrap();
        let r = &v["runs"][0]["results"][0];
        (
            r["partialFingerprints"]["tactful/v1"].clone(),
            r["locations"][0]["physicalLocation"]["region"]["startLine"].clone(),
        )
    };
    let (before, line_before) = fingerprint(dir.path());
    write(
        dir.path(),
        "a.txt",
        format!("Subject: reboot\n\n\n{BAD_EN}"),
    );
    let (after, line_after) = fingerprint(dir.path());
    assert_eq!(before, after);
    assert_ne!(line_before, line_after);
    write(dir.path(), "a.txt", BAD_EN.replace("already told", "told"));
    let (changed, _) = fingerprint(dir.path());
    assert_ne!(before, changed, "another excerpt is another finding");
}

/// Splits a workflow command line into name, properties and message, undoing the runner's
/// escaping, as `ActionCommand.TryParseV2` in the GitHub runner does.
fn parse_workflow_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let unescape = |s: &str| {
        s.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let rest = line.strip_prefix("::").expect("a command");
    let (head, message) = rest.split_once("::").expect("command ends with ::");
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    let props = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_string(), unescape(v))
        })
        .collect();
    (name.to_string(), props, unescape(message))
}

#[test]
fn github_annotations_parse_back_and_match_actions_core() {
    let dir = fixture();
    let (text, code) = run(dir.path(), &["check", "--format", "github", "-q", "."]);
    assert_eq!(code, 1);
    let want = reference(dir.path());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), want.len(), "{text}");
    let mut parsed = Vec::new();
    for (line, f) in lines.iter().zip(&want) {
        let (name, props, message) = parse_workflow_command(line);
        assert_eq!(name, "warning");
        let get = |k: &str| props.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        assert_eq!(get("file").as_deref(), f["path"].as_str());
        assert_eq!(get("line"), Some(f["line"].to_string()));
        assert_eq!(get("col"), Some(f["column"].to_string()));
        assert_eq!(get("endLine"), Some(f["end_line"].to_string()));
        assert_eq!(get("endColumn"), Some(f["end_column"].to_string()));
        assert!(
            get("title")
                .unwrap()
                .starts_with(f["rule"].as_str().unwrap())
        );
        assert!(message.starts_with(f["message"].as_str().unwrap()));
        if let Some(s) = f["suggestion"].as_str() {
            assert!(message.ends_with(&format!("\nTry: {s}")), "{message:?}");
        }
        parsed.push(json!({
            "name": name,
            "message": message,
            "props": {
                "title": get("title"), "file": get("file"),
                "startLine": f["line"], "endLine": f["end_line"],
                "startColumn": f["column"], "endColumn": f["end_column"],
            },
        }));
    }
    assert!(
        text.contains("file=notes%2C v2%3A 100%25 draft & <final>.md,"),
        "{text}"
    );

    // The reference implementation: @actions/core writes the same lines for the same fields.
    let modules = tools_dir().join("npm/node_modules");
    if !modules.join("@actions/core").is_dir() {
        let _ = find_tool("@actions/core", &[], "npm i @actions/core");
        return;
    }
    let Some(node) = find_tool("node", &[], "apt-get install nodejs") else {
        return;
    };
    let script = "const core = require('@actions/core');\n\
                  const items = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n\
                  for (const i of items) core[i.name](i.message, i.props);\n";
    let out = std::process::Command::new(node)
        .args(["-e", script])
        .env("NODE_PATH", &modules)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(Value::from(parsed).to_string().as_bytes())?;
            child.wait_with_output()
        })
        .expect("node runs");
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
}

#[test]
fn junit_is_read_by_junitparser() {
    let dir = fixture();
    let (text, code) = run(dir.path(), &["check", "--format", "junit", "."]);
    assert_eq!(code, 1);
    let want = reference(dir.path());
    let Some(py) = python_with(&["junitparser"]) else {
        return;
    };
    let report = dir.path().join("report.xml");
    std::fs::write(&report, &text).unwrap();
    let script = r#"
import json, sys
from junitparser import JUnitXml, Failure, Error
xml = JUnitXml.fromfile(sys.argv[1])
suites = []
for suite in xml:
    cases = []
    for case in suite:
        kinds = [type(r).__name__ for r in case.result]
        msgs = [r.message for r in case.result]
        cases.append({"name": case.name, "kinds": kinds, "messages": msgs})
    suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                   "errors": suite.errors, "cases": cases})
print(json.dumps({"tests": xml.tests, "failures": xml.failures, "errors": xml.errors,
                  "suites": suites}))
"#;
    let out = Process::new(py)
        .args(["-c", script])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["failures"], want.len());
    assert_eq!(v["errors"], 0);
    let suites = v["suites"].as_array().unwrap();
    assert_eq!(suites.len(), 4, "one suite per file");
    let failures: Vec<(&str, &str)> = suites
        .iter()
        .flat_map(|s| s["cases"].as_array().unwrap())
        .filter(|c| c["kinds"][0] == "Failure")
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["messages"][0].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(failures.len(), want.len());
    for ((name, message), f) in failures.iter().zip(&want) {
        let place = format!(
            "{}: {}:{}:{}",
            f["rule"].as_str().unwrap(),
            f["path"].as_str().unwrap(),
            f["line"],
            f["column"]
        );
        assert_eq!(*name, place);
        assert_eq!(*message, f["message"].as_str().unwrap());
    }
    let clean = suites.iter().find(|s| s["name"] == "good.md").unwrap();
    assert_eq!(clean["tests"], 1);
    assert_eq!(clean["failures"], 0);
    assert_eq!(v["tests"], want.len() + 1);
}

#[test]
fn checkstyle_is_well_formed_xml_with_every_finding() {
    let dir = fixture();
    let (text, _) = run(dir.path(), &["check", "--format", "checkstyle", "."]);
    let want = reference(dir.path());
    let Some(py) = python_with(&["xml.etree.ElementTree"]) else {
        return;
    };
    let script = r#"
import json, sys
import xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == "checkstyle", root.tag
print(json.dumps([
    {"file": f.get("name"), "line": int(e.get("line")), "column": int(e.get("column")),
     "severity": e.get("severity"), "source": e.get("source"), "message": e.get("message")}
    for f in root.findall("file") for e in f.findall("error")]))
"#;
    let out = Process::new(py)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got.len(), want.len());
    for (g, f) in got.iter().zip(&want) {
        assert_eq!(g["file"], f["path"]);
        assert_eq!(g["line"], f["line"]);
        assert_eq!(g["column"], f["column"]);
        assert_eq!(g["severity"], "warning");
        assert_eq!(
            g["source"],
            format!("tactful.{}", f["rule"].as_str().unwrap())
        );
        assert!(
            g["message"]
                .as_str()
                .unwrap()
                .starts_with(f["message"].as_str().unwrap())
        );
    }
}

#[test]
fn rdjson_passes_reviewdogs_validator_with_byte_columns() {
    let dir = fixture();
    let (text, _) = run(dir.path(), &["check", "--format", "rdjson", "."]);
    let v: Value = serde_json::from_str(&text).unwrap();
    let want = reference(dir.path());
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), want.len());
    for (d, f) in diags.iter().zip(&want) {
        assert_eq!(d["code"]["value"], f["rule"]);
        assert_eq!(d["location"]["path"], f["path"]);
        assert_eq!(d["location"]["range"]["start"]["line"], f["line"]);
        assert_eq!(d["severity"], "WARNING");
    }
    // rdjson counts columns in UTF-8 bytes: "Как я уже говорил" is 32 bytes, 17 characters.
    let ru = diags
        .iter()
        .find(|d| d["location"]["path"] == "ru/письмо.txt")
        .unwrap();
    let range = &ru["location"]["range"];
    assert_eq!(range["start"]["column"], 1);
    assert_eq!(
        range["end"]["column"].as_u64().unwrap() - 1,
        ru["original_output"].as_str().unwrap().len() as u64
    );

    let Some(validator) = find_tool(
        "rdformat-validator",
        &[npm_bin("rdformat-validator")],
        "npm i @umbrelladocs/rdformat-validator",
    ) else {
        return;
    };
    let file = dir.path().join("report.rdjson");
    std::fs::write(&file, &text).unwrap();
    let out = Process::new(validator)
        .args(["--strict", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verdict: Value = serde_json::from_str(&stdout).expect("validator speaks JSON");
    assert!(
        !stdout.contains("\"valid\":false") && !stdout.contains("\"valid\": false"),
        "{verdict:#}"
    );
}

#[test]
fn concise_is_one_grep_friendly_line_per_finding() {
    let dir = fixture();
    let (text, _) = run(dir.path(), &["check", "--format", "concise", "-q", "."]);
    let want = reference(dir.path());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), want.len());
    for (line, f) in lines.iter().zip(&want) {
        let head = format!(
            "{}:{}:{}: {} [warning] {}",
            f["path"].as_str().unwrap(),
            f["line"],
            f["column"],
            f["rule"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        );
        assert_eq!(*line, head);
    }
}

#[test]
fn statistics_count_per_rule_and_category() {
    let dir = fixture();
    let want = reference(dir.path());
    let count = |rule: &str| want.iter().filter(|f| f["rule"] == rule).count();
    let (text, code) = run(
        dir.path(),
        &["check", "--statistics", "--format", "json", "."],
    );
    assert_eq!(code, 1, "statistics keep the exit code");
    let v: Value = serde_json::from_str(&text).unwrap();
    let rules = v["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    assert_eq!(
        rules
            .iter()
            .map(|r| r["count"].as_u64().unwrap())
            .sum::<u64>() as usize,
        want.len()
    );
    for r in rules {
        assert_eq!(r["count"], count(r["code"].as_str().unwrap()));
    }
    let counts: Vec<u64> = rules.iter().map(|r| r["count"].as_u64().unwrap()).collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first"
    );
    let defensive = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "defensive")
        .unwrap();
    assert_eq!(
        defensive["count"],
        want.iter().filter(|f| f["category"] == "defensive").count()
    );

    let (table, _) = run(dir.path(), &["check", "--statistics", "."]);
    let top = &rules[0];
    let first = table.lines().next().unwrap();
    let cols: Vec<&str> = first.split_whitespace().collect();
    assert_eq!(cols[0], top["count"].to_string());
    assert_eq!(cols[1], top["code"].as_str().unwrap());
    assert!(table.contains("defensive"));
    assert!(table.lines().last().unwrap().starts_with("Found "));
}

#[test]
fn output_file_gets_the_report_and_the_terminal_the_summary() {
    let dir = fixture();
    let args = [
        "check",
        "--format",
        "sarif",
        "--output-file",
        "out/report.sarif",
        ".",
    ];
    let (stdout, code) = run(dir.path(), &args);
    assert_eq!(code, 2, "a missing folder for the report is an error");
    assert!(stdout.is_empty());
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let (stdout, code) = run(dir.path(), &args);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("Found "), "{stdout}");
    assert_eq!(stdout.lines().count(), 1);
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/report.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        report["runs"][0]["results"].as_array().unwrap().len(),
        reference(dir.path()).len()
    );
}
