//! The command line: clap arguments → library options, the key, progress, output, exit codes.
//! `anyhow` lives here and nowhere else.

mod progress;

use crate::detect::{Date, Detector, DetectorOptions};
use crate::finding::Confidence;
use crate::fingerprint::{self, Fingerprinter, KeyOrigin};
use crate::report::{self, Format};
use crate::scan::{self, ScanOptions, ScanReport};
use crate::source::walk::WalkOptions;
use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes (product.md). Never 0 when something was left unscanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Complete, and nothing at or above `--fail-on`.
    Clean = 0,
    /// Complete, with findings at or above `--fail-on`.
    Findings = 1,
    /// Usage or configuration error.
    Usage = 2,
    /// The scan was incomplete: unreadable files, limits hit.
    Incomplete = 3,
}

#[derive(Parser, Debug)]
#[command(
    name = "pimap",
    version,
    about = "Find personal information in file shares and dumps, and map where it lives."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Scan files and directories for personal information.
    Scan(ScanArgs),
}

#[derive(Args, Debug)]
struct ScanArgs {
    /// Files and directories to scan.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format [default: summary on a terminal, jsonl otherwise].
    #[arg(long, value_enum)]
    format: Option<Format>,

    /// Write the data map (per file and directory: findings and distinct values per category) as JSON.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,

    /// Include the raw matched text in findings. Off by default: reports must not become the leak.
    #[arg(long)]
    reveal: bool,

    /// Report only values with at least this confidence (0..1). Weak forms (an unlabelled bare
    /// landline, 0.45) are below the default.
    #[arg(long, value_name = "CONFIDENCE", value_parser = parse_confidence, default_value_t = 0.5)]
    min_confidence: f64,

    /// Print, for every candidate value, whether it was reported and why or why not (checksum failed,
    /// date invalid, region unknown, negative context, no label …), instead of the findings.
    #[arg(long, conflicts_with = "format")]
    explain: bool,

    /// Exit with code 1 if any finding has at least this confidence (0..1).
    #[arg(long, value_name = "CONFIDENCE", value_parser = parse_confidence)]
    fail_on: Option<f64>,

    /// Worker threads [default: number of CPUs].
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,

    /// Do not scan paths matching this gitignore-style glob (repeatable). `.pimapignore` files work too.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,

    /// Follow symbolic links (with loop detection).
    #[arg(long)]
    follow: bool,

    /// Skip files larger than this (e.g. 500M, 2G); each one makes the scan incomplete (exit 3).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_filesize: Option<u64>,

    /// Key for fingerprints [default: $PIMAP_KEY_FILE, else ~/.config/pimap/key; created if missing].
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,

    /// Locations listed in the summary.
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,

    /// No progress bar and no summary on stderr (what was not scanned is still listed).
    #[arg(short, long)]
    quiet: bool,

    /// Bytes read per block (tuning and tests).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, hide = true)]
    block_size: Option<u64>,

    /// With several threads, files larger than this are split into segments scanned in parallel
    /// (tuning and tests).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, hide = true)]
    segment_size: Option<u64>,

    /// Treat this day as today when checking birth dates (YYYY-MM-DD; tests and reproducible runs).
    #[arg(long, value_name = "DATE", value_parser = parse_date, hide = true)]
    today: Option<Date>,
}

fn parse_confidence(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a number from 0 to 1, got {s:?}")),
    }
}

/// `123`, `64K`, `500M`, `2G`, `1T` (binary multiples; a trailing `B`/`iB` is allowed).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let t = t.trim_end_matches("IB").trim_end_matches('B');
    let (num, mult) = match t.chars().last() {
        Some('K') => (&t[..t.len() - 1], 1u64 << 10),
        Some('M') => (&t[..t.len() - 1], 1 << 20),
        Some('G') => (&t[..t.len() - 1], 1 << 30),
        Some('T') => (&t[..t.len() - 1], 1 << 40),
        _ => (t, 1),
    };
    num.trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .ok_or_else(|| format!("expected a size like 4096, 64K, 500M or 2G, got {s:?}"))
}

fn parse_date(s: &str) -> Result<Date, String> {
    let p: Vec<&str> = s.split('-').collect();
    let d = match p.as_slice() {
        [y, m, d] => {
            y.parse().ok().zip(m.parse().ok()).zip(d.parse().ok()).map(|((year, month), day)| Date { year, month, day })
        }
        _ => None,
    };
    d.filter(|d| d.is_valid()).ok_or_else(|| format!("expected YYYY-MM-DD, got {s:?}"))
}

/// Today's date in UTC from the system clock (civil-from-days, proleptic Gregorian).
fn today_utc() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { Exit::Usage as u8 } else { Exit::Clean as u8 });
        }
    };
    let Command::Scan(args) = cli.command;
    match scan_command(args) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            // A closed pipe (`pimap scan | head`) is the reader's choice, not an error worth a
            // message; but the scan stopped early, so it is incomplete, never clean.
            if e.downcast_ref::<scan::ScanError>()
                .is_some_and(|s| matches!(s, scan::ScanError::Output(io) if io.kind() == io::ErrorKind::BrokenPipe))
            {
                return ExitCode::from(Exit::Incomplete as u8);
            }
            eprintln!("pimap: error: {e:#}");
            ExitCode::from(Exit::Usage as u8)
        }
    }
}

fn scan_command(args: ScanArgs) -> anyhow::Result<Exit> {
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() { Format::Summary } else { Format::Jsonl });
    if args.threads == Some(0) {
        bail!("--threads must be at least 1");
    }
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    // The default location's directory is created on first use; a --key-file names a place the user
    // chose, whose directory must exist.
    let (key_path, create_dir) = match &args.key_file {
        Some(p) => (p.clone(), false),
        None => (fingerprint::default_key_path()?, true),
    };
    let (key, origin) = fingerprint::load_or_create(&key_path, create_dir)?;
    if origin == KeyOrigin::Created && !args.quiet {
        eprintln!(
            "pimap: created a new fingerprint key at {} (keep it: fingerprints from other keys will not match)",
            key_path.display()
        );
    }
    let fp = Fingerprinter::new(&key);
    let detector = Detector::new(DetectorOptions {
        today: args.today.unwrap_or_else(today_utc),
        min_confidence: Confidence::from_f64(args.min_confidence),
    });
    let opts = ScanOptions {
        threads,
        block_size: args.block_size.map_or(crate::source::read::DEFAULT_BLOCK, |b| b as usize),
        segment_size: args.segment_size.unwrap_or(crate::scan::DEFAULT_SEGMENT),
        reveal: args.reveal,
        explain: args.explain,
        max_filesize: args.max_filesize,
        walk: WalkOptions { follow_links: args.follow, excludes: args.exclude.clone() },
    };

    let show_progress = !args.quiet && io::stderr().is_terminal();
    let progress = progress::Progress::new(show_progress);
    let out = io::BufWriter::with_capacity(1 << 16, io::stdout());
    let mut sink = if args.explain {
        report::explain_sink(Box::new(out))
    } else {
        report::sink(format, Box::new(out), args.reveal)
    };
    let mut gate = Gate { sink: &mut *sink, fail_on: args.fail_on, over: false };
    let result = scan::scan(&args.paths, &opts, &detector, &fp, &progress, &mut gate);
    let over_threshold = gate.over;
    progress.finish();
    let report: ScanReport = match result {
        Ok(r) => r,
        Err(scan::ScanError::Walk(e)) => {
            eprintln!("pimap: {e}");
            return Ok(Exit::Usage);
        }
        Err(e) => return Err(e.into()),
    };
    sink.finish(&report, args.top).map_err(scan::ScanError::Output)?;

    if let Some(path) = &args.map {
        write_map(path, &report, &fp).with_context(|| format!("writing the data map to {}", path.display()))?;
    }
    // Logs go to stderr. With a machine format on stdout, stderr gets the brief summary; the list of
    // what was not scanned is printed even with --quiet: the user must be able to defend it.
    if format != Format::Summary || args.explain {
        let brief = report::render_summary(&report, args.top, true);
        if !args.quiet {
            eprint!("{brief}");
        } else if !report.complete() {
            eprint!("{}", brief.lines().skip(1).map(|l| format!("{l}\n")).collect::<String>());
        }
    }
    // Incomplete wins over findings: a gate fails either way, and a result that left data unscanned
    // must never read as a verdict on all of it.
    let exit = if !report.complete() {
        Exit::Incomplete
    } else if over_threshold {
        Exit::Findings
    } else {
        Exit::Clean
    };
    // The process ends next: freeing the data map entry by entry (40 ms for 100,000 files with
    // findings) would only delay the exit.
    std::mem::forget(report);
    Ok(exit)
}

/// Passes findings and verdicts to the output and notes whether any reached `--fail-on`.
struct Gate<'a> {
    sink: &'a mut (dyn report::Sink + Send),
    fail_on: Option<f64>,
    over: bool,
}

impl scan::Sink for Gate<'_> {
    fn finding(&mut self, f: &crate::finding::Finding) -> io::Result<()> {
        self.over |= self.fail_on.is_some_and(|t| f.confidence.as_f64() >= t);
        self.sink.finding(f)
    }
    fn explained(&mut self, e: &scan::Explained) -> io::Result<()> {
        self.sink.explained(e)
    }
}

fn write_map(path: &std::path::Path, r: &ScanReport, fp: &Fingerprinter) -> anyhow::Result<()> {
    let meta = crate::map::MapMeta {
        pimap_version: env!("CARGO_PKG_VERSION"),
        key_id: fp.key_id(),
        roots: r.roots.clone(),
        complete: r.complete(),
        files_scanned: r.files_scanned,
        bytes_scanned: r.bytes_scanned,
        not_scanned: &r.not_scanned,
    };
    let mut f = io::BufWriter::new(std::fs::File::create(path)?);
    serde_json::to_writer_pretty(&mut f, &crate::map::MapJson::new(meta, &r.map, &r.rollup))?;
    f.write_all(b"\n")?;
    f.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_dates_parse() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("64K"), Ok(65536));
        assert_eq!(parse_size("500MiB"), Ok(500 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert!(parse_size("lots").is_err());
        assert_eq!(parse_date("2026-11-22"), Ok(Date { year: 2026, month: 11, day: 22 }));
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_confidence("1.5").is_err());
    }

    #[test]
    fn today_is_a_valid_recent_date() {
        let t = today_utc();
        assert!(t.is_valid() && t.year >= 2024, "{t:?}");
    }
}
