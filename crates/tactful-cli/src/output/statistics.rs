//! `--statistics`: counts per rule and per category instead of the findings, like
//! `ruff --statistics`.

use std::collections::BTreeMap;
use std::io::Write;

use serde_json::json;
use tactful_core::Engine;

use super::{FileHead, FileReport, Printer, Run};
use crate::check::CheckedDoc;

pub struct Statistics {
    pub json: bool,
}

/// A file's findings show only in the run's counts.
struct Counted;

impl FileReport for Counted {
    fn docs(&mut self, _docs: &[CheckedDoc], _out: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }

    fn finish(self: Box<Self>, _out: &mut dyn Write) -> std::io::Result<()> {
        Ok(())
    }
}

impl Printer for Statistics {
    fn file<'a>(&'a self, _head: FileHead, _engine: &'a Engine) -> Box<dyn FileReport + 'a> {
        Box::new(Counted)
    }

    fn end(&self, out: &mut dyn Write, run: &Run) -> std::io::Result<()> {
        // Most frequent first, then by code, so the table reads as a to-do list.
        let mut rules: Vec<_> = run.totals.rules.iter().collect();
        rules.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
        let mut categories: BTreeMap<&str, usize> = BTreeMap::new();
        for r in run.totals.rules.values() {
            *categories.entry(r.category.as_str()).or_default() += r.count;
        }
        let mut categories: Vec<_> = categories.into_iter().collect();
        categories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if self.json {
            let v = json!({
                "rules": rules.iter().map(|(code, r)| json!({
                    "code": code, "name": r.name, "category": r.category, "count": r.count,
                })).collect::<Vec<_>>(),
                "categories": categories.iter().map(|(c, n)| json!({
                    "category": c, "count": n,
                })).collect::<Vec<_>>(),
                "findings": run.totals.findings(),
            });
            return writeln!(out, "{v}");
        }
        let width = rules
            .iter()
            .map(|(_, r)| r.count.to_string().len())
            .max()
            .unwrap_or(1);
        let name_width = rules.iter().map(|(_, r)| r.name.len()).max().unwrap_or(0);
        for (code, r) in &rules {
            writeln!(
                out,
                "{:>width$}  {code:<7} {:<name_width$}  [{}]",
                r.count, r.name, r.category
            )?;
        }
        if !categories.is_empty() {
            writeln!(out)?;
        }
        for (c, n) in &categories {
            writeln!(out, "{n:>width$}  {c}")?;
        }
        if !run.quiet {
            writeln!(out, "{}", super::summary_line(run.totals, run.elapsed))?;
        }
        Ok(())
    }
}
