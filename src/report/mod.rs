//! Sinks for findings: machine formats on stdout (`jsonl`, `csv`, `json`) and the readable summary.
//!
//! A sink receives findings one at a time in walk order, then the finished `ScanReport`. Machine
//! formats stream and hold nothing; only the summary is built from the report's data map at the end.

mod summary;

use crate::finding::Finding;
use crate::scan::{Explained, ScanReport};
use serde::Serialize;
use std::io::{self, Write};
pub use summary::render as render_summary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A readable summary with the top locations (the default on a terminal).
    Summary,
    /// One JSON object per finding (the default when stdout is not a terminal).
    Jsonl,
    /// One row per finding, with a header.
    Csv,
    /// One JSON document: findings, what was not scanned, and totals.
    Json,
}

pub trait Sink {
    fn finding(&mut self, f: &Finding) -> io::Result<()>;
    fn explained(&mut self, _e: &Explained) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, report: &ScanReport, top: usize) -> io::Result<()>;
}

/// `--explain`: one line per candidate, reported or not, with the reason; the summary goes to stderr.
pub fn explain_sink<'w>(out: Box<dyn Write + Send + 'w>) -> Box<dyn Sink + Send + 'w> {
    Box::new(ExplainSink { out })
}

struct ExplainSink<'w> {
    out: Box<dyn Write + Send + 'w>,
}

impl Sink for ExplainSink<'_> {
    fn finding(&mut self, _: &Finding) -> io::Result<()> {
        Ok(()) // every finding was explained just before, as "reported"
    }
    fn explained(&mut self, e: &Explained) -> io::Result<()> {
        let what = match (e.category, e.kind) {
            (Some(c), Some(k)) => format!("{c}/{}", k.id()),
            (Some(c), None) => c.to_string(),
            (None, _) => "organisation".to_string(),
        };
        let verdict = match e.reported {
            Some(p) => format!("reported {p}"),
            None => "not reported ".to_string(),
        };
        let value = e.value.as_deref().unwrap_or(&e.masked);
        writeln!(self.out, "{}:{}: {verdict}  {what:<32} {value}  — {}", e.path, e.line, e.reason)
    }
    fn finish(&mut self, _: &ScanReport, _: usize) -> io::Result<()> {
        self.out.flush()
    }
}

pub fn sink<'w>(format: Format, out: Box<dyn Write + Send + 'w>, reveal: bool) -> Box<dyn Sink + Send + 'w> {
    match format {
        Format::Summary => Box::new(SummarySink { out }),
        Format::Jsonl => Box::new(JsonlSink { out, line: Vec::new(), path: None, path_json: Vec::new() }),
        Format::Csv => Box::new(CsvSink { out: csv::Writer::from_writer(out), reveal, header_written: false }),
        Format::Json => Box::new(JsonSink { out, count: 0 }),
    }
}

struct JsonlSink<'w> {
    out: Box<dyn Write + Send + 'w>,
    /// One line is serialized here and written with one call: serde's many small writes through the
    /// boxed writer cost more than the line itself.
    line: Vec<u8>,
    /// The last path written, and its JSON form (findings of one file come together).
    path: Option<std::sync::Arc<str>>,
    path_json: Vec<u8>,
}

impl Sink for JsonlSink<'_> {
    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        if !self.path.as_ref().is_some_and(|p| std::sync::Arc::ptr_eq(p, &f.path)) {
            self.path_json.clear();
            serde_json::to_writer(&mut self.path_json, &*f.path)?;
            self.path = Some(f.path.clone());
        }
        self.line.clear();
        f.write_json(&mut self.line, &self.path_json)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }
    fn finish(&mut self, _: &ScanReport, _: usize) -> io::Result<()> {
        self.out.flush()
    }
}

struct CsvSink<'w> {
    out: csv::Writer<Box<dyn Write + Send + 'w>>,
    reveal: bool,
    header_written: bool,
}

impl CsvSink<'_> {
    fn header(&mut self) -> io::Result<()> {
        if !self.header_written {
            self.header_written = true;
            let mut h =
                vec!["path", "category", "kind", "line", "offset", "length", "confidence", "masked", "fingerprint"];
            if self.reveal {
                h.push("value");
            }
            self.out.write_record(&h)?;
        }
        Ok(())
    }
}

impl Sink for CsvSink<'_> {
    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        self.header()?;
        let mut row = vec![
            f.path.to_string(),
            f.category.id().to_string(),
            f.kind.map(|k| k.id()).unwrap_or("").to_string(),
            f.line.to_string(),
            f.offset.to_string(),
            f.length.to_string(),
            f.confidence.to_string(),
            f.masked.clone(),
            f.fingerprint.to_hex(),
        ];
        if self.reveal {
            row.push(f.value.clone().unwrap_or_default());
        }
        self.out.write_record(&row).map_err(io::Error::from)
    }
    fn finish(&mut self, _: &ScanReport, _: usize) -> io::Result<()> {
        self.header()?; // an empty result is still a valid CSV with its header
        self.out.flush()
    }
}

struct JsonSink<'w> {
    out: Box<dyn Write + Send + 'w>,
    count: u64,
}

/// Totals as they appear in `--format json`.
#[derive(Serialize)]
struct JsonTail<'a> {
    not_scanned: &'a [crate::source::walk::Skipped],
    complete: bool,
    files_scanned: u64,
    bytes_scanned: u64,
    totals: std::collections::BTreeMap<&'static str, crate::map::TallyJson>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    implied: std::collections::BTreeMap<&'static str, crate::map::TallyJson>,
    organisation_ids: u64,
}

impl Sink for JsonSink<'_> {
    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        self.out.write_all(if self.count == 0 { b"{\"findings\":[\n" } else { b",\n" })?;
        self.count += 1;
        serde_json::to_writer(&mut self.out, f).map_err(io::Error::from)
    }
    fn finish(&mut self, r: &ScanReport, _: usize) -> io::Result<()> {
        self.out.write_all(if self.count == 0 { b"{\"findings\":[" } else { b"\n" })?;
        let tail = JsonTail {
            not_scanned: &r.not_scanned,
            complete: r.complete(),
            files_scanned: r.files_scanned,
            bytes_scanned: r.bytes_scanned,
            totals: crate::map::tallies(&r.rollup.total),
            implied: crate::map::implied(&r.rollup.total),
            organisation_ids: r.rollup.total.org_ids,
        };
        // Splice the tail object's fields after the findings array.
        let tail = serde_json::to_string(&tail)?;
        self.out.write_all(b"],")?;
        self.out.write_all(&tail.as_bytes()[1..])?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

struct SummarySink<'w> {
    out: Box<dyn Write + Send + 'w>,
}

impl Sink for SummarySink<'_> {
    fn finding(&mut self, _: &Finding) -> io::Result<()> {
        Ok(())
    }
    fn finish(&mut self, r: &ScanReport, top: usize) -> io::Result<()> {
        self.out.write_all(render_summary(r, top, false).as_bytes())?;
        self.out.flush()
    }
}
