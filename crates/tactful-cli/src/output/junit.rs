//! JUnit XML: a test suite per file, a failing test case per finding (its name says rule and
//! place), one passing case for a clean file, and an erroring case for a file that failed.

use std::io::Write;

use tactful_core::{Engine, LineIndex};

use super::xml::escape;
use super::{Printer, Run, locate};
use crate::check::FileResult;

pub struct Junit;

impl Printer for Junit {
    fn totals_first(&self) -> bool {
        true
    }

    fn begin(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        let t = run.totals;
        // Each file contributes a case per finding and per error, or one passing case.
        let cases = t.findings() + t.errors + t.clean_files;
        write!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tactful\" tests=\"{}\" \
             failures=\"{}\" errors=\"{}\" time=\"{:.3}\">\n",
            cases,
            t.findings(),
            t.errors,
            run.elapsed.as_secs_f64()
        )
    }

    fn file(&self, r: &FileResult, _engine: &Engine) -> String {
        let path = escape(&r.path);
        let mut cases = String::new();
        let (mut tests, mut failures, mut errors) = (0, 0, 0);
        for e in super::file_errors(r) {
            tests += 1;
            errors += 1;
            cases.push_str(&format!(
                "    <testcase name=\"{path}\" classname=\"{path}\">\n      \
                 <error message=\"{m}\" type=\"input\">{m}</error>\n    </testcase>\n",
                m = escape(e)
            ));
        }
        for d in &r.docs {
            let idx = LineIndex::new(&d.doc.text);
            for diag in &d.report.diagnostics {
                let loc = locate(&d.doc, &idx, diag);
                tests += 1;
                failures += 1;
                let body = format!(
                    "{}:{}:{}: {} [{}] {}\n{}",
                    r.path,
                    loc.line,
                    loc.column,
                    diag.finding.rule,
                    diag.severity,
                    diag.finding.message,
                    loc.excerpt
                );
                cases.push_str(&format!(
                    "    <testcase name=\"{rule}: {path}:{line}:{col}\" classname=\"{path}\" \
                     file=\"{path}\" line=\"{line}\">\n      <failure message=\"{m}\" \
                     type=\"{rule}\">{body}</failure>\n    </testcase>\n",
                    rule = escape(&diag.finding.rule),
                    line = loc.line,
                    col = loc.column,
                    m = escape(&diag.finding.message),
                    body = escape(&body),
                ));
            }
        }
        if tests == 0 {
            tests = 1;
            cases.push_str(&format!(
                "    <testcase name=\"{path}\" classname=\"{path}\" file=\"{path}\"/>\n"
            ));
        }
        format!(
            "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{failures}\" \
             errors=\"{errors}\" skipped=\"0\">\n{cases}  </testsuite>\n"
        )
    }

    fn end(&self, out: &mut dyn Write, _run: &Run) -> std::io::Result<()> {
        writeln!(out, "</testsuites>")
    }
}
