//! The readable summary: totals by category, the top locations, and what was not scanned.

use crate::finding::Category;
use crate::map::{top as top_locations, Location};
use crate::scan::ScanReport;
use std::fmt::Write;

pub(crate) fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn locations<'a>(
    s: &mut String,
    title: &str,
    locs: impl ExactSizeIterator<Item = (&'a str, &'a Location)>,
    top: usize,
) {
    let n = locs.len();
    if n == 0 || top == 0 {
        return;
    }
    let shown = top_locations(locs, top);
    let _ = writeln!(s, "\n{title} (top {} of {n})", shown.len());
    let _ = writeln!(s, "  {:>9}  {:<46}  path", "findings", "categories (findings/distinct)");
    for (path, loc) in shown {
        let cats: Vec<String> =
            loc.categories.iter().map(|(c, t)| format!("{c} {}/{}", t.findings, t.distinct())).collect();
        let _ = writeln!(s, "  {:>9}  {:<46}  {path}", loc.findings(), cats.join(", "));
    }
}

/// Renders the summary. `brief` leaves out the per-category table and locations (used on stderr when
/// stdout carries a machine format).
pub fn render(r: &ScanReport, top: usize, brief: bool) -> String {
    let mut s = String::new();
    let incomplete: Vec<_> = r.not_scanned.iter().filter(|n| n.reason.makes_incomplete()).collect();
    let by_design: Vec<_> = r.not_scanned.iter().filter(|n| !n.reason.makes_incomplete()).collect();
    let total = &r.rollup.total;
    let _ = writeln!(
        s,
        "pimap: {} files, {} scanned in {:.2} s, {} findings — {}",
        r.files_scanned,
        human_bytes(r.bytes_scanned),
        r.elapsed.as_secs_f64(),
        total.findings(),
        if incomplete.is_empty() { "complete" } else { "INCOMPLETE" },
    );
    if !brief {
        if total.categories.is_empty() {
            let _ = writeln!(s, "\nNo personal information found.");
        } else {
            let _ = writeln!(s, "\nPersonal information by category");
            let _ = writeln!(s, "  {:<12} {:>10} {:>10}  {:>6}", "category", "findings", "distinct", "files");
            for c in Category::ALL {
                if let Some(t) = total.categories.get(&c) {
                    let files = r.map.files.values().filter(|f| f.counts.categories.contains_key(&c)).count();
                    let _ = writeln!(s, "  {:<12} {:>10} {:>10}  {:>6}", c.id(), t.findings, t.distinct(), files);
                }
            }
            let implied = &total.implied_birth;
            if implied.findings > 0 {
                let _ = writeln!(
                    s,
                    "  and dates of birth carried by {} ID numbers ({} distinct) — in the ID, not written beside it",
                    implied.findings,
                    implied.distinct()
                );
            }
        }
        if total.org_ids > 0 {
            let _ = writeln!(
                s,
                "\nOrganisation identifiers (Unified Social Credit Codes): {} — recognised, not personal information",
                total.org_ids
            );
        }
        locations(&mut s, "Top directories", r.rollup.dirs.iter().map(|(p, l)| (p.as_str(), l)), top);
        locations(&mut s, "Top files", r.map.files.iter().map(|(p, f)| (&**p, &f.counts)), top);
    }
    if !incomplete.is_empty() {
        let _ = writeln!(s, "\nNot scanned or not scanned in full ({}): the scan is incomplete", incomplete.len());
        for n in &incomplete {
            let _ = writeln!(s, "  {}: {}", n.path, n.reason.describe());
        }
    }
    if !by_design.is_empty() {
        let _ = writeln!(s, "\nSkipped by design ({}): no data left unscanned", by_design.len());
        let limit = if brief { 10 } else { 50 };
        for n in by_design.iter().take(limit) {
            let _ = writeln!(s, "  {}: {}", n.path, n.reason.describe());
        }
        if by_design.len() > limit {
            let _ = writeln!(s, "  … {} more (all are listed in --format json and --map)", by_design.len() - limit);
        }
    }
    for w in &r.warnings {
        let _ = writeln!(s, "warning: {w}");
    }
    s
}
