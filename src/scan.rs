//! The scan: the only module with threads.
//!
//! ```text
//! walker thread ──files in walk order, in chunks (bounded channel)──┐
//!                                                                   ▼
//!   one loop per pool thread (`Ordered`): take the next file and its number, scan it into a
//!   FileOutcome (with its data-map counts), then, if it is the next to be written, write it and
//!   every finished file after it to the sink; else leave it for the worker writing before it.
//!   A file larger than its first read that is next in order writes its findings as it goes
//!   (`Live`; not with `--explain`, whose verdicts come first): window by window when one
//!   thread reads it, segment by segment in file order when it is split (`Joined`); so they
//!   are written while still in the cache, and not held
//! ```
//!
//! A file larger than a segment (`--segment-size`, 8 MiB by default) is split, when there is more
//! than one thread, into segments that are rayon tasks: the worker that took the file scans them
//! and idle workers take them up, each through its own read-only handle with [`CONTEXT`] bytes of
//! overlap on either side; the detector reports only matches that start in a segment's owned bytes,
//! so each is found exactly once, and line numbers are offset by the newlines of the segments
//! before. Output order is the walk order and file order, and the data map and rollup are fed in
//! that order, so results are identical for any thread count and segment size. The walk is one
//! thread, sorted, overlapping the scan: it must produce a deterministic order to stream in, and it
//! only lists directories while the workers read file contents. Workers take files one at a time,
//! so none waits at the end of a batch for another's last file.
//!
//! Memory: one read buffer per worker thread (block size + 2 × CONTEXT) and a 16 KiB head,
//! whatever the file's size or line length; the findings of the files finished and waiting for
//! their turn to be written, at most 64 MiB read or 4,096 files (`HELD_BYTES`, `HELD_FILES`), plus
//! the file each worker has in hand (its findings are held until it is next in order, so a huge
//! dump full of values behind a slower file, or scanned with `--explain`, holds all of them; a file
//! next in order holds the 8-byte fingerprint prefixes of its findings for the data map, and a
//! split file the segments finished before their turn); up to 1,536 walk entries queued (6 chunks
//! of 256 paths); and the data map. The bound is by bytes read, not memory: a file dense with
//! values (or `--explain`, a verdict per candidate) holds more per byte than one with few. It is
//! not by the walk's sizes either: the walk does not stat files (see `walk`).

use crate::detect::{Detector, FileContext, Match, Scratch, Verdict, CONTEXT};
use crate::finding::{mask, Category, Confidence, Finding, Holder, Kind};
use crate::fingerprint::Fingerprinter;
use crate::map::{DataMap, Location, Rollup, RollupBuilder};
use crate::source::read::{fill, open_regular, BlockReader, Window};
use crate::source::sniff;
use crate::source::walk::{self, FileEntry, SkipReason, Skipped, WalkItem, WalkOptions};
use rayon::prelude::*;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub threads: usize,
    /// Bytes of new data per read window (see `source::read`).
    pub block_size: usize,
    /// With more than one thread, files larger than this are split into segments of this many bytes
    /// that threads scan in parallel (see [`DEFAULT_SEGMENT`]).
    pub segment_size: u64,
    /// Keep the raw matched text in findings.
    pub reveal: bool,
    /// Also hand the sink a verdict on every candidate (`--explain`).
    pub explain: bool,
    /// Files larger than this are not scanned (recorded as too large: the scan is incomplete).
    pub max_filesize: Option<u64>,
    pub walk: WalkOptions,
}

/// Default segment size: big enough that a segment's context margins (2 × [`CONTEXT`]) are re-read
/// rarely, small enough that two threads share a file of a few tens of megabytes evenly.
pub const DEFAULT_SEGMENT: u64 = 8 << 20;

/// Told about progress by the workers; must be cheap: it is called once per read block and once
/// per file.
pub trait Observer: Sync {
    /// `bytes` more bytes were scanned, holding `findings` findings.
    fn scanned(&self, _bytes: u64, _findings: usize) {}
    /// A file is done.
    fn file_done(&self) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl Observer for Quiet {}

/// Everything about a finished scan except the findings, which went to the sink.
#[derive(Debug, Default)]
pub struct ScanReport {
    pub roots: Vec<String>,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    /// Files opened but not read to the end are in here too (with what was found before the error).
    pub not_scanned: Vec<Skipped>,
    pub warnings: Vec<String>,
    /// Files with findings.
    pub map: DataMap,
    /// Directories and totals derived from `map`.
    pub rollup: Rollup,
    pub elapsed: Duration,
}

impl ScanReport {
    /// False if anything the user asked to scan was not read in full.
    pub fn complete(&self) -> bool {
        !self.not_scanned.iter().any(|s| s.reason.makes_incomplete())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(transparent)]
    Walk(#[from] walk::WalkError),
    #[error("cannot start {threads} threads: {error}")]
    Threads { threads: usize, error: String },
    /// The io error is the source, not part of the message: `{:#}` prints the chain, and would
    /// print it twice.
    #[error("writing output")]
    Output(#[source] io::Error),
}

/// What scanning one file produced.
struct FileOutcome {
    display: Arc<str>,
    root: usize,
    bytes: u64,
    /// Those not written while the file was scanned (see [`Live`]).
    findings: Vec<Finding>,
    /// With `--explain`: a verdict on every candidate.
    explained: Vec<Explained>,
    failure: Option<SkipReason>,
    /// For the data map (made by the worker that scanned the file, added by whoever writes it).
    counts: Option<Location>,
}

/// A detector's verdict on one candidate, located in its file (`--explain`).
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    pub path: Arc<str>,
    pub line: u64,
    pub offset: u64,
    pub category: Option<Category>,
    pub kind: Option<Kind>,
    pub masked: String,
    /// The raw text, only with `--reveal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The confidence it was reported with, or `None`.
    pub reported: Option<Confidence>,
    pub reason: String,
}

/// Where findings (and, with `--explain`, verdicts) go, in walk order. Any closure over findings is
/// a sink. It is called from the scan's worker threads, one at a time, also while a worker is in
/// the middle of a file and holds that file's locks: it must not run or wait on rayon work (a task
/// of the scan's pool could then run on the same thread and wait for those locks).
pub trait Sink: Send {
    fn finding(&mut self, f: &Finding) -> io::Result<()>;
    fn explained(&mut self, _e: &Explained) -> io::Result<()> {
        Ok(())
    }
}

impl<F: FnMut(&Finding) -> io::Result<()> + Send> Sink for F {
    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        self(f)
    }
}

/// What every worker shares for the whole scan.
struct Context<'a> {
    detector: &'a Detector,
    observer: &'a dyn Observer,
    fp: &'a Fingerprinter,
    reveal: bool,
    explain: bool,
    block_size: usize,
    /// Files larger than this are split into segments of this size, scanned in parallel.
    segment: u64,
    max_filesize: Option<u64>,
    /// Set when writing failed: reads stop (see [`Stoppable`]).
    stop: &'a AtomicBool,
}

/// A file's input that ends when the scan stops (its output failed: `pimap scan … | head`), so
/// that a worker does not read the rest of a big file for nothing. Nothing read after that is
/// written, and the scan ends with the output's error.
struct Stoppable<'s, R> {
    input: R,
    stop: &'s AtomicBool,
}

impl<R: io::Read> io::Read for Stoppable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Ok(0);
        }
        self.input.read(buf)
    }
}

/// A worker thread's reusable memory: allocated once per pool thread and kept for every file it scans
/// (a fresh 1 MiB buffer per file or per rayon split showed up as kernel page zeroing in profiles,
/// and a zeroed 16 KiB head per file as a tenth of what a small file costs).
struct Buffers {
    /// The start of the file being opened (see [`FIRST_READ`]).
    head: Box<[u8; FIRST_READ]>,
    work: Work,
}

/// What scanning a window needs.
struct Work {
    reader: BlockReader,
    scratch: Scratch,
    matches: Vec<Match>,
}

thread_local! {
    static BUFFERS: RefCell<Option<(usize, Buffers)>> = const { RefCell::new(None) };
}

/// What scanning one segment of a file (or all of it) produced. Lines are counted from the
/// segment's first byte: line 1 is the line that byte is on.
#[derive(Default)]
struct Segment {
    /// What was found and not yet written (see [`Live`]).
    findings: Vec<Finding>,
    /// Every finding's count, written or not.
    counts: Location,
    explained: Vec<Explained>,
    org_ids: u64,
    /// Newlines in the segment's owned bytes.
    newlines: u64,
    /// Where its owned bytes ended.
    end: u64,
    failure: Option<SkipReason>,
}

/// A file's parts (its segments, or the one part a thread read) joined in file order as they are
/// finished: lines go on across parts, and what follows a failed part is dropped.
#[derive(Default)]
struct Joined {
    /// The number of the next part to join, and the parts finished before their turn.
    next: usize,
    waiting: BTreeMap<usize, Segment>,
    /// Newlines in the parts joined.
    newlines: u64,
    /// Not yet written.
    findings: Vec<Finding>,
    explained: Vec<Explained>,
    counts: Location,
    org_ids: u64,
    /// Where the last part joined ended.
    end: u64,
    failure: Option<SkipReason>,
}

impl Joined {
    /// Part `k` is finished: joins it and the finished parts after it if it is next, and offers
    /// the findings joined and not yet written to `live`.
    fn add(&mut self, k: usize, part: Segment, live: Option<Live<'_>>) {
        // The part that is next is joined without waiting in the map (a file read whole is one).
        if k != self.next {
            self.waiting.insert(k, part);
            return;
        }
        self.join(part);
        while let Some(part) = self.waiting.remove(&self.next) {
            self.join(part);
        }
        if let Some(live) = live.filter(|_| !self.findings.is_empty()) {
            live(&mut self.findings);
        }
    }

    /// Joins the next part.
    fn join(&mut self, mut part: Segment) {
        self.next += 1;
        if self.failure.is_some() {
            return; // what follows a failed part was scanned, but the file is partial anyway
        }
        // Each part counts lines from its first byte.
        for f in &mut part.findings {
            f.line += self.newlines;
        }
        for e in &mut part.explained {
            e.line += self.newlines;
        }
        self.newlines += part.newlines;
        if self.next == 1 {
            // The first part (most often the only one): moved, not copied.
            (self.findings, self.explained, self.counts) = (part.findings, part.explained, part.counts);
        } else {
            self.findings.append(&mut part.findings);
            self.explained.append(&mut part.explained);
            self.counts.count_part(&part.counts);
        }
        self.org_ids += part.org_ids;
        self.end = part.end;
        self.failure = part.failure;
    }
}

/// Offered a file's findings before the file is finished: if the file is next in output order, it
/// writes them and takes them out of the vector (and may write finished files left to it); else it
/// leaves them. The findings of a big file are then written while they are in the cache, and not
/// held. (Written at the file's end they had left it: the big bench corpus, one thread, took 5%
/// longer.)
type Live<'l> = &'l (dyn Fn(&mut Vec<Finding>) + Sync);

/// Bytes read before anything else: the sniffer and the header-reading context look at the first
/// [`sniff::HEAD`] of them; a file that fits is read whole in this one read (most files of a share
/// are a few KiB).
const FIRST_READ: usize = 16 * 1024;

/// How a file is scanned once its head is read.
enum Plan {
    /// Scanned already (by this thread: it was small, or there is one thread), or could not be; with
    /// its size if it was larger than a segment (see the check in `scan_file`).
    Done(Segment, Option<u64>),
    /// Too big for one thread: segments in parallel, each through its own handle.
    Segments { size: u64, context: FileContext },
}

impl Context<'_> {
    /// Scans one file. `live` may write findings before the file is finished (see [`Live`]): those
    /// that it takes out of the vector it is given are not in the outcome.
    fn scan_file(&self, entry: &FileEntry, live: Option<Live<'_>>) -> FileOutcome {
        let path = &entry.display;
        // Not with `--explain`: a file's verdicts come before its findings.
        let live = live.filter(|_| !self.explain);
        let failed = |reason| Plan::Done(Segment { failure: Some(reason), ..Segment::default() }, None);
        let plan = self.with_buffers(|bufs| {
            let (mut file, size, len) = match open_with_head(entry, self.max_filesize, &mut bufs.head[..]) {
                Ok(x) => x,
                Err(reason) => return failed(reason),
            };
            let head = &bufs.head[..len];
            let sniffed = &head[..len.min(sniff::HEAD)];
            // Look at the head before scanning: a zip or UTF-16 file read as bytes would yield
            // "nothing found" without having been looked at.
            if let Some(format) = sniff::unsupported(sniffed) {
                return failed(SkipReason::Unsupported { format: format.to_string() });
            }
            let context = FileContext::from_head(sniffed, sniff::encoding(sniffed));
            // The read ended before the head was full: this is the whole file (most files of a
            // share are small, and then no further read is needed).
            let whole = len < FIRST_READ;
            let size = if whole { len as u64 } else { size };
            // Checked at the end if larger than a segment, however many threads read it.
            let check = (size > self.segment).then_some(size);
            if rayon::current_num_threads() > 1 && size > self.segment {
                return Plan::Segments { size, context };
            }
            let part = if whole {
                self.scan_read(&mut bufs.work, path, &context, head, 0, 0, u64::MAX, None)
            } else {
                // Written as it is found if this file is next in output order (not a small file's:
                // its findings are still in the cache when it is written).
                let input = Stoppable { input: io::Read::chain(head, &mut file), stop: self.stop };
                self.scan_read(&mut bufs.work, path, &context, input, 0, 0, u64::MAX, live)
            };
            Plan::Done(part, check)
        });
        let (joined, check) = match plan {
            Plan::Done(part, check) => {
                let mut joined = Joined::default();
                joined.add(0, part, None);
                (joined, check)
            }
            // One big file: segments in parallel, each read through its own handle (outside
            // `with_buffers`: a worker waiting for them scans other segments meanwhile), joined in
            // file order as they finish.
            Plan::Segments { size, context } => {
                let starts: Vec<u64> = (0..size).step_by(self.segment as usize).collect();
                let joined = Mutex::new(Joined::default());
                // One task per segment: rayon would otherwise run runs of adjacent segments as one
                // task, and a file whose first half is slower to scan (dumps before logs) left one
                // thread scanning alone for 80 of 180 ms.
                starts.par_iter().enumerate().with_max_len(1).for_each(|(k, &start)| {
                    let end = (start + self.segment).min(size);
                    let part =
                        self.with_buffers(|bufs| self.scan_segment(&mut bufs.work, entry, path, &context, start, end));
                    joined.lock().expect("joined").add(k, part, live);
                });
                (joined.into_inner().expect("joined"), Some(size))
            }
        };
        let Joined { findings, explained, mut counts, org_ids, end, mut failure, .. } = joined;
        // A file larger than a segment must still be as large when read to the end, whether one
        // thread read it or several (so that the result does not depend on the thread count).
        if check.is_some_and(|size| failure.is_none() && end < size) {
            failure = Some(SkipReason::ReadFailed { error: "the file shrank while being scanned".into(), offset: end });
        }
        counts.org_ids = org_ids;
        FileOutcome {
            display: path.clone(),
            root: entry.root,
            bytes: end,
            findings,
            explained,
            failure,
            counts: counts.finish_file(),
        }
    }

    /// Runs `f` with this worker thread's buffers. They are taken out of the thread's slot while
    /// `f` runs rather than borrowed, since `f` may write findings through the sink: were a sink to
    /// break its rule and run rayon work, a nested call on this thread would get buffers of its own
    /// instead of a panic.
    fn with_buffers<R>(&self, f: impl FnOnce(&mut Buffers) -> R) -> R {
        let kept = BUFFERS.with(|cell| cell.borrow_mut().take()).filter(|(block, _)| *block == self.block_size);
        let mut bufs = kept.map(|(_, b)| b).unwrap_or_else(|| Buffers {
            head: Box::new([0; FIRST_READ]),
            work: Work { reader: BlockReader::new(self.block_size), scratch: Scratch::default(), matches: Vec::new() },
        });
        let r = f(&mut bufs);
        BUFFERS.with(|cell| *cell.borrow_mut() = Some((self.block_size, bufs)));
        r
    }

    /// Scans the owned bytes `start..end` of a file through a handle of its own.
    fn scan_segment(
        &self,
        bufs: &mut Work,
        entry: &FileEntry,
        path: &Arc<str>,
        context: &FileContext,
        start: u64,
        end: u64,
    ) -> Segment {
        let base = start.saturating_sub(CONTEXT as u64);
        let opened = open_regular(&entry.path).and_then(|(mut f, _)| f.seek(SeekFrom::Start(base)).map(|_| f));
        match opened {
            // The owned bytes, and CONTEXT bytes on either side for values across the edges.
            Ok(f) => {
                let input = Stoppable { input: io::Read::take(f, end + CONTEXT as u64 - base), stop: self.stop };
                self.scan_read(bufs, path, context, input, base, (start - base) as usize, end, None)
            }
            Err(e) => Segment {
                end: start,
                failure: Some(SkipReason::ReadFailed { error: e.to_string(), offset: start }),
                ..Segment::default()
            },
        }
    }

    /// Scans what `input` yields (the file's bytes from offset `base`), owning `base + skip` up to
    /// `end` (see [`BlockReader::read_segment`]).
    #[allow(clippy::too_many_arguments)]
    fn scan_read(
        &self,
        bufs: &mut Work,
        path: &Arc<str>,
        context: &FileContext,
        input: impl io::Read,
        base: u64,
        skip: usize,
        end: u64,
        live: Option<Live<'_>>,
    ) -> Segment {
        let mut seg = Segment::default();
        let (detector, fp, reveal, observer) = (self.detector, self.fp, self.reveal, self.observer);
        let (scratch, matches) = (&mut bufs.scratch, &mut bufs.matches);
        let (findings, counts, explained) = (&mut seg.findings, &mut seg.counts, &mut seg.explained);
        let org_ids = &mut seg.org_ids;
        scratch.set_explain(self.explain);
        let mut lines = LineCounter { pos: base + skip as u64, newlines: 0 };
        let result = bufs.reader.read_segment(input, base, skip, end, |w: Window<'_>| {
            matches.clear();
            *org_ids += detector.detect(w.hay, w.owned.clone(), context, scratch, matches).org_ids;
            // Verdicts get their lines from a copy of the counter: each sequence is in order of
            // position, the two together are not.
            let mut verdict_lines = lines;
            for v in scratch.take_verdicts() {
                explained.push(explain(path, &mut verdict_lines, &w, v, reveal));
            }
            for m in matches.iter() {
                let line = lines.line_at(w.hay, w.base, m.start);
                let f = Finding {
                    path: path.clone(),
                    category: m.category,
                    kind: m.kind,
                    line,
                    offset: w.base + m.start as u64,
                    length: (m.end - m.start) as u32,
                    confidence: m.confidence,
                    masked: mask(m.category, &m.normalized),
                    fingerprint: fp.fingerprint(m.category, &m.normalized),
                    holder: m.id.as_ref().map(|i| Holder::of(i, reveal)),
                    value: reveal.then(|| revealed(Some(m.category), &m.normalized, &w.hay[m.start..m.end])),
                };
                counts.count(&f);
                findings.push(f);
            }
            lines.line_at(w.hay, w.base, w.owned.end);
            observer.scanned(w.owned.len() as u64, matches.len());
            if let Some(live) = live.filter(|_| !findings.is_empty()) {
                live(findings);
            }
        });
        seg.newlines = lines.newlines;
        match result {
            Ok(n) => seg.end = n,
            Err(e) => {
                seg.end = e.offset;
                seg.failure = Some(SkipReason::ReadFailed { error: e.source.to_string(), offset: e.offset });
            }
        }
        seg
    }
}

/// The raw value `--reveal` shows: the bytes as text, or a binary record's bytes as hex (its
/// normalized form).
fn revealed(category: Option<Category>, normalized: &str, bytes: &[u8]) -> String {
    match category {
        Some(Category::Biometric) => normalized.to_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Opens a file read-only and, unless it is larger than `limit`, reads its head into `head`:
/// returns the file, its size when opened and the bytes read.
fn open_with_head(entry: &FileEntry, limit: Option<u64>, head: &mut [u8]) -> Result<(File, u64, usize), SkipReason> {
    let failed = |e: io::Error| SkipReason::ReadFailed { error: e.to_string(), offset: 0 };
    let (mut file, size) = open_regular(&entry.path).map_err(failed)?;
    // Checked on the file opened, whatever the walk saw.
    if let Some(limit) = limit.filter(|&l| size > l) {
        return Err(SkipReason::TooLarge { size, limit });
    }
    // A read that brings as many bytes as the file held when opened has reached its end: the
    // second read that would say so is one syscall of the five a small file costs. (A file whose
    // size the file system reports stale and whose first read stops short exactly there would be
    // read only that far: a risk accepted, as reads of regular files stop short only at the end.)
    let first = loop {
        match io::Read::read(&mut file, head) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            r => break r.map_err(failed)?,
        }
    };
    if first == 0 || first as u64 == size || first == head.len() {
        return Ok((file, size, first));
    }
    match fill(&mut file, &mut head[first..]) {
        (more, None) => Ok((file, size, first + more)),
        (_, Some(e)) => Err(failed(e)),
    }
}

fn explain(path: &Arc<str>, lines: &mut LineCounter, w: &Window<'_>, v: Verdict, reveal: bool) -> Explained {
    Explained {
        path: path.clone(),
        line: lines.line_at(w.hay, w.base, v.start),
        offset: w.base + v.start as u64,
        category: v.category,
        kind: v.kind,
        masked: mask(v.category.unwrap_or(Category::IdCard), &v.normalized),
        value: reveal.then(|| revealed(v.category, &v.normalized, &w.hay[v.start..v.end])),
        reported: v.reported,
        reason: v.reason,
    }
}

/// Counts lines incrementally over a file's windows: each byte is counted once, at memchr speed.
#[derive(Default, Clone, Copy)]
struct LineCounter {
    /// File offset up to which newlines are counted.
    pos: u64,
    /// Newlines before `pos`.
    newlines: u64,
}

impl LineCounter {
    /// The 1-based line of `hay[i]`, where `hay` starts at file offset `base`. Offsets must not
    /// decrease between calls.
    fn line_at(&mut self, hay: &[u8], base: u64, i: usize) -> u64 {
        let from = (self.pos - base) as usize;
        if i > from {
            self.newlines += memchr::memchr_iter(b'\n', &hay[from..i]).count() as u64;
            self.pos = base + i as u64;
        }
        self.newlines + 1
    }
}

/// Files the walk hands over at a time (a unit of transport only: workers take files one by one).
const CHUNK: usize = 256;

/// Scanned files held for their turn to be written, at most: a worker takes no further file while
/// the files finished and not yet written hold this many bytes (read from their files) or are this
/// many. The file they wait for was handed out before them: it is in a worker's hands or finished,
/// so the wait ends. What output order holds back stays bounded whatever the files' sizes (the walk
/// does not stat files), give or take the file each worker has in hand.
const HELD_BYTES: u64 = 64 << 20;
const HELD_FILES: usize = 4096;

/// Whether a worker may take another file while these finished files wait to be written.
fn may_take(held: &Done) -> bool {
    held.bytes < HELD_BYTES && held.files < HELD_FILES
}

/// The walk's files, taken one at a time in walk order, each with its number in that order.
struct Queue {
    rx: mpsc::Receiver<Vec<FileEntry>>,
    chunk: std::vec::IntoIter<FileEntry>,
    /// The number of the next file handed out.
    taken: usize,
}

/// Finished files not yet written, by number, and what they hold.
#[derive(Default)]
struct Done {
    files_by_number: BTreeMap<usize, FileOutcome>,
    bytes: u64,
    files: usize,
}

/// Hands out files in walk order and writes what workers made of them in that order, as they finish
/// in any order. The worker that finishes the next file to be written writes it, and every finished
/// file after it; one that finishes a later file leaves it waiting. So output needs no thread of its
/// own, and a worker waits for another only when the files held for their turn are too many (see
/// [`HELD_BYTES`]).
struct Ordered<'a> {
    queue: Mutex<Queue>,
    done: Mutex<Done>,
    /// Held by a worker writing, or looking whether its file is next (`write_early`): one that
    /// fails to take it may leave its finished file to the holder, which looks for finished files
    /// again after letting it go, unless its own file was next: then the files left are after it,
    /// and its `finish` writes them.
    out: Mutex<Out<'a>>,
    /// Signalled when `done` shrinks and a worker waits for room.
    written: Condvar,
    /// Workers waiting for room (a signal is a system call: not made for nobody).
    waiting: AtomicUsize,
    /// Writing failed: the rest of the scan would go nowhere (shared with the readers: see
    /// [`Stoppable`]).
    failed: &'a AtomicBool,
    /// A worker panicked: the file it held will never be written, so nothing after it will be.
    /// Workers waiting for room must stop instead (the panic then surfaces from the pool).
    abandoned: AtomicBool,
}

struct Out<'a> {
    sink: &'a mut dyn Sink,
    report: &'a mut ScanReport,
    rollup: RollupBuilder,
    roots: &'a [Arc<str>],
    /// The number of the next file to write.
    next: usize,
    error: Option<io::Error>,
}

impl<'a> Ordered<'a> {
    fn new(
        rx: mpsc::Receiver<Vec<FileEntry>>,
        sink: &'a mut dyn Sink,
        report: &'a mut ScanReport,
        roots: &'a [Arc<str>],
        failed: &'a AtomicBool,
    ) -> Self {
        Ordered {
            queue: Mutex::new(Queue { rx, chunk: Vec::new().into_iter(), taken: 0 }),
            done: Mutex::default(),
            out: Mutex::new(Out { sink, report, rollup: RollupBuilder::default(), roots, next: 0, error: None }),
            written: Condvar::new(),
            waiting: AtomicUsize::new(0),
            failed,
            abandoned: AtomicBool::new(false),
        }
    }

    fn stopped(&self) -> bool {
        self.failed.load(Ordering::Relaxed) || self.abandoned.load(Ordering::Relaxed)
    }

    /// The next file in walk order and its number; `None` once the walk is done or the scan stopped.
    /// Waits while the files held for their turn are too many (see [`HELD_BYTES`]).
    fn take(&self) -> Option<(usize, FileEntry)> {
        loop {
            if self.stopped() {
                return None;
            }
            if !may_take(&self.done.lock().expect("done")) {
                // Help with whatever the pool has (another worker's big file in segments), else
                // wait for a write.
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    let done = self.done.lock().expect("done");
                    if !may_take(&done) && !self.stopped() {
                        self.waiting.fetch_add(1, Ordering::SeqCst);
                        let _ = self.written.wait_timeout(done, Duration::from_millis(10)).expect("done");
                        self.waiting.fetch_sub(1, Ordering::SeqCst);
                    }
                }
                continue;
            }
            let mut q = self.queue.lock().expect("queue");
            if let Some(entry) = q.chunk.next() {
                q.taken += 1;
                return Some((q.taken - 1, entry));
            }
            match q.rx.recv_timeout(Duration::from_micros(500)) {
                Ok(chunk) => q.chunk = chunk.into_iter(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                // The walk is listing a directory: meanwhile, help with what the pool has.
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    drop(q);
                    rayon::yield_now();
                }
            }
        }
    }

    fn abandon(&self) {
        // Under the lock `take` waits under, so that its wait cannot miss the news.
        let _done = self.done.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.abandoned.store(true, Ordering::Relaxed);
        self.written.notify_all();
    }

    /// File `k` is finished: write it and every finished file after it, if it is next.
    fn finish(&self, k: usize, o: FileOutcome) {
        {
            let mut done = self.done.lock().expect("done");
            done.bytes += o.bytes;
            done.files += 1;
            done.files_by_number.insert(k, o);
        }
        self.write_finished();
    }

    /// File `k` is being scanned: if it is the next to be written, write the findings made so far
    /// (and take them out of `findings`). Those of a later file wait for it to finish.
    fn write_early(&self, k: usize, findings: &mut Vec<Finding>) {
        let Ok(mut out) = self.out.try_lock() else { return };
        if out.next != k {
            let next = out.next;
            drop(out);
            // A worker that finished the next file while this one held `out` left it to us.
            if self.done.lock().expect("done").files_by_number.contains_key(&next) {
                self.write_finished();
            }
            return;
        }
        if out.error.is_none() {
            for f in findings.iter() {
                if let Err(e) = out.sink.finding(f) {
                    out.error = Some(e);
                    self.failed.store(true, Ordering::Relaxed);
                    break;
                }
            }
        }
        // After an error nothing more is written: what was not is dropped, as in `finish`.
        findings.clear();
    }

    /// Writes the finished files that are next in order, unless another worker is writing.
    fn write_finished(&self) {
        loop {
            // Whoever holds `out` writes. A file finished while it writes is picked up by its loop,
            // or, if it finished just after, by the check once `out` is let go.
            let Ok(mut out) = self.out.try_lock() else { return };
            // The bytes of the file just written, let go under the lock the next is taken under.
            let mut just_written = None;
            loop {
                let o = {
                    let mut done = self.done.lock().expect("done");
                    if let Some(bytes) = just_written.take() {
                        done.bytes -= bytes;
                        done.files -= 1;
                        if self.waiting.load(Ordering::SeqCst) > 0 {
                            self.written.notify_all();
                        }
                    }
                    done.files_by_number.remove(&out.next)
                };
                let Some(o) = o else { break };
                out.next += 1;
                just_written = Some(o.bytes);
                if out.error.is_none() {
                    if let Err(e) = emit(o, &mut out) {
                        out.error = Some(e);
                        self.failed.store(true, Ordering::Relaxed);
                    }
                }
            }
            let next = out.next;
            drop(out);
            if !self.done.lock().expect("done").files_by_number.contains_key(&next) {
                return;
            }
        }
    }
}

/// Hands a scanned file's findings (those not written yet) to the sink and adds the rest to the
/// report, the data map and the rollup (in walk order, depth-first: each directory opens once).
fn emit(o: FileOutcome, out: &mut Out<'_>) -> io::Result<()> {
    if let Some(counts) = o.counts {
        let root = &out.roots[o.root];
        out.rollup.add(root, &o.display, &counts);
        out.report.map.add_counts(root, &o.display, counts);
    }
    match o.failure {
        Some(reason) => out.report.not_scanned.push(Skipped { path: o.display.to_string(), reason }),
        None => out.report.files_scanned += 1,
    }
    out.report.bytes_scanned += o.bytes;
    // Verdicts and findings in file order: a verdict precedes the finding it reported.
    for e in &o.explained {
        out.sink.explained(e)?;
    }
    for f in &o.findings {
        out.sink.finding(f)?;
    }
    Ok(())
}

/// Marks the scan abandoned if the worker that holds it unwinds (see `Ordered::abandoned`).
struct Abandon<'o, 'a>(&'o Ordered<'a>);

impl Drop for Abandon<'_, '_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.abandon();
        }
    }
}

/// Scans `roots`, handing each finding to `sink` in walk order.
pub fn scan(
    roots: &[PathBuf],
    opts: &ScanOptions,
    detector: &Detector,
    fp: &Fingerprinter,
    observer: &dyn Observer,
    sink: &mut dyn Sink,
) -> Result<ScanReport, ScanError> {
    let started = Instant::now();
    walk::check(roots, &opts.walk)?;
    let (roots, overlap_warnings) = walk::distinct_roots(roots);
    let roots = &roots[..];
    let threads = opts.threads.max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("pimap-scan-{i}"))
        .build()
        .map_err(|e| ScanError::Threads { threads, error: e.to_string() })?;
    let root_names: Vec<String> = roots.iter().map(|r| r.to_string_lossy().into_owned()).collect();
    let map_roots: Vec<Arc<str>> = root_names.iter().map(|r| r.as_str().into()).collect();
    let mut report = ScanReport { roots: root_names, warnings: overlap_warnings, ..Default::default() };

    // Writing failed: the workers stop taking files and reading.
    let failed = AtomicBool::new(false);
    let (rollup, walked) = std::thread::scope(|s| -> Result<_, ScanError> {
        let (tx, rx) = mpsc::sync_channel::<Vec<FileEntry>>(4);
        let walk_opts = &opts.walk;
        let walker = std::thread::Builder::new()
            .name("pimap-walk".into())
            .spawn_scoped(s, move || {
                let (mut chunk, mut skipped, mut warnings) = (Vec::with_capacity(CHUNK), Vec::new(), Vec::new());
                let result = walk::walk(roots, walk_opts, |item| match item {
                    WalkItem::File(f) => {
                        chunk.push(f);
                        if chunk.len() == CHUNK {
                            // A closed channel means the workers stopped (output error): stop quietly.
                            let _ = tx.send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)));
                        }
                    }
                    WalkItem::Skipped(sk) => skipped.push(sk),
                    WalkItem::Warning(w) => warnings.push(w),
                });
                if !chunk.is_empty() {
                    let _ = tx.send(chunk);
                }
                (result, skipped, warnings)
            })
            .map_err(|e| ScanError::Threads { threads, error: e.to_string() })?;

        let ctx = Context {
            detector,
            observer,
            fp,
            reveal: opts.reveal,
            explain: opts.explain,
            block_size: opts.block_size,
            segment: opts.segment_size.max(1),
            max_filesize: opts.max_filesize,
            stop: &failed,
        };
        let ordered = Ordered::new(rx, sink, &mut report, &map_roots, &failed);
        // One loop per pool thread: take the next file, scan it, write what is next in order. A big
        // file's segments are rayon tasks that idle workers take up.
        // No worker takes a file before every loop has started: a loop not yet started could
        // otherwise run inside another's segment task that its thread steals, and hold that file
        // up for as long as it runs.
        let start_line = std::sync::Barrier::new(pool.current_num_threads());
        pool.broadcast(|_| {
            let _abandon = Abandon(&ordered);
            start_line.wait();
            while let Some((k, entry)) = ordered.take() {
                let o = ctx.scan_file(&entry, Some(&|f: &mut Vec<Finding>| ordered.write_early(k, f)));
                observer.file_done();
                ordered.finish(k, o);
            }
        });
        let Ordered { queue, out, done, .. } = ordered;
        // Every file handed out was written, unless writing failed and the rest was dropped.
        let left = done.into_inner().expect("done").files_by_number.len();
        assert!(left == 0 || failed.load(Ordering::Relaxed), "{left} scanned files were never written");
        drop(queue); // the walker's sends fail from now on (it still lists the rest of the tree)
        let out = out.into_inner().expect("out");
        let walked = walker.join().expect("walker thread panicked");
        if let Some(e) = out.error {
            return Err(ScanError::Output(e));
        }
        Ok((out.rollup, walked))
    })?;
    let (result, skipped, warnings) = walked;
    result.map_err(ScanError::Walk)?;
    report.warnings.extend(warnings);
    report.not_scanned.extend(skipped);
    // Walk-time skips and read failures arrive at different times; list them by path.
    report.not_scanned.sort_by(|a, b| a.path.cmp(&b.path));
    report.rollup = rollup.finish();
    report.elapsed = started.elapsed();
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Fingerprint;

    /// File `k`, scanned: one finding, 11 bytes.
    fn scanned(k: usize) -> FileOutcome {
        let path: Arc<str> = format!("f{k}").into();
        let finding = Finding {
            path: path.clone(),
            category: Category::Phone,
            kind: None,
            line: 1,
            offset: 0,
            length: 11,
            confidence: Confidence::percent(90),
            masked: String::new(),
            fingerprint: Fingerprint([k as u8; 32]),
            holder: None,
            value: None,
        };
        let counts = Location::of_file(std::slice::from_ref(&finding), 0);
        FileOutcome {
            display: path,
            root: 0,
            bytes: 11,
            findings: vec![finding],
            explained: Vec::new(),
            failure: None,
            counts,
        }
    }

    /// Files are handed out in walk order, and written in that order whatever order they finish
    /// in: each when the file before it is, and what was held for its turn is let go.
    #[test]
    fn files_finished_out_of_order_are_written_in_order() {
        let (tx, rx) = mpsc::sync_channel(2);
        let entries: Vec<FileEntry> = (0..4)
            .map(|k| FileEntry { path: format!("f{k}").into(), display: format!("f{k}").into(), root: 0 })
            .collect();
        tx.send(entries[..3].to_vec()).unwrap();
        tx.send(entries[3..].to_vec()).unwrap();
        drop(tx);
        let mut report = ScanReport::default();
        let mut written = Vec::new();
        let mut sink = |f: &Finding| {
            written.push(f.path.to_string());
            Ok(())
        };
        let roots: [Arc<str>; 1] = [".".into()];
        let failed = AtomicBool::new(false);
        {
            let ordered = Ordered::new(rx, &mut sink, &mut report, &roots, &failed);
            let taken: Vec<(usize, String)> =
                std::iter::from_fn(|| ordered.take()).map(|(k, e)| (k, e.display.to_string())).collect();
            assert_eq!(taken, [(0, "f0".into()), (1, "f1".into()), (2, "f2".into()), (3, "f3".into())]);
            ordered.finish(2, scanned(2));
            ordered.finish(1, scanned(1));
            let held = |o: &Ordered| {
                let d = o.done.lock().unwrap();
                (d.bytes, d.files, d.files_by_number.len())
            };
            assert_eq!(held(&ordered), (22, 2, 2), "nothing is written before file 0");
            ordered.finish(0, scanned(0));
            assert_eq!(held(&ordered), (0, 0, 0), "file 0 wrote the two after it");
            ordered.finish(3, scanned(3));
        }
        assert_eq!(written, ["f0", "f1", "f2", "f3"]);
        assert_eq!((report.files_scanned, report.bytes_scanned), (4, 44));
        assert_eq!(report.map.files.len(), 4, "every file's counts reached the map");
    }

    /// A worker waits for room while a big file waits for the one before it to be written, and
    /// takes the next file once that is written.
    #[test]
    fn a_worker_waits_while_a_big_file_waits_for_its_turn() {
        let (tx, rx) = mpsc::sync_channel(1);
        tx.send(
            (0..3)
                .map(|k| FileEntry { path: format!("f{k}").into(), display: format!("f{k}").into(), root: 0 })
                .collect(),
        )
        .unwrap();
        drop(tx);
        let mut report = ScanReport::default();
        let mut sink = |_: &Finding| Ok(());
        let roots: [Arc<str>; 1] = [".".into()];
        let failed = AtomicBool::new(false);
        let ordered = Ordered::new(rx, &mut sink, &mut report, &roots, &failed);
        assert_eq!(ordered.take().map(|t| t.0), Some(0));
        assert_eq!(ordered.take().map(|t| t.0), Some(1));
        ordered.finish(1, FileOutcome { bytes: HELD_BYTES, ..scanned(1) });
        let (tx, rx) = mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| tx.send(ordered.take().map(|t| t.0)));
            let waited = rx.recv_timeout(Duration::from_millis(100));
            assert!(waited.is_err(), "file 1 holds 64 MiB for its turn: no room");
            ordered.finish(0, scanned(0));
            let took = rx.recv_timeout(Duration::from_secs(10));
            ordered.abandon(); // a worker still waiting (the test failing) stops, and the scope ends
            assert_eq!(took.ok(), Some(Some(2)), "files 0 and 1 written: room again");
        });
    }

    /// The file next in order writes its findings as it goes; a later file keeps them until its
    /// turn. A file finished while another worker held the output is written by `write_early`
    /// once it has let the output go.
    #[test]
    fn the_next_file_writes_its_findings_before_it_is_finished() {
        let (_tx, rx) = mpsc::sync_channel(1);
        let mut report = ScanReport::default();
        let mut written = Vec::new();
        let mut sink = |f: &Finding| {
            written.push((f.path.to_string(), f.offset));
            Ok(())
        };
        let roots: [Arc<str>; 1] = [".".into()];
        let failed = AtomicBool::new(false);
        let finding = |k: usize, offset| Finding { offset, ..scanned(k).findings.remove(0) };
        {
            let ordered = Ordered::new(rx, &mut sink, &mut report, &roots, &failed);
            let mut early = vec![finding(1, 100)];
            ordered.write_early(1, &mut early);
            assert_eq!(early.len(), 1, "file 1 is not next: its findings wait");
            // File 0 finishes while another worker holds the output: left for whoever writes next.
            let out = ordered.out.lock().unwrap();
            ordered.finish(0, scanned(0));
            drop(out);
            assert_eq!(ordered.done.lock().unwrap().files, 1, "file 0 waits to be written");
            ordered.write_early(1, &mut early);
            assert_eq!(ordered.done.lock().unwrap().files, 0, "file 1's worker wrote file 0");
            assert_eq!(early.len(), 1, "file 1 was not next when it looked");
            ordered.write_early(1, &mut early);
            assert!(early.is_empty(), "file 1 is next now: written");
            // The outcome holds what was not written, and the counts of all.
            let counts = Location::of_file(&[finding(1, 100), finding(1, 200)], 0);
            ordered.finish(1, FileOutcome { findings: vec![finding(1, 200)], counts, ..scanned(1) });
        }
        let at = |k: usize, offset| (format!("f{k}"), offset);
        assert_eq!(written, [at(0, 0), at(1, 100), at(1, 200)]);
        assert_eq!(report.files_scanned, 2);
        assert_eq!(report.map.files["f1"].counts.findings(), 2);
    }

    /// Parts of a file are joined in file order whatever order they finish in, their lines going on
    /// from the parts before; what follows a failed part is dropped; `live` is offered the joined
    /// findings not yet written, in order.
    #[test]
    fn parts_join_in_file_order_and_stop_at_a_failed_one() {
        // Part `k`: one finding on its line 2, three newlines, ending at 100 × (k + 1).
        let part = |k: usize, failure: Option<SkipReason>| {
            let finding = Finding { line: 2, offset: 100 * k as u64 + 10, ..scanned(0).findings.remove(0) };
            let mut counts = Location::default();
            counts.count(&finding);
            Segment {
                findings: vec![finding],
                counts,
                newlines: 3,
                end: 100 * (k as u64 + 1),
                failure,
                ..Default::default()
            }
        };
        let offered = Mutex::new(Vec::new());
        // Takes what it is offered, except part 0's finding, which stays (as when its file is not next).
        let live = |f: &mut Vec<Finding>| {
            offered.lock().unwrap().push(f.iter().map(|f| (f.offset, f.line)).collect::<Vec<_>>());
            f.retain(|f| f.offset == 10);
        };
        let mut joined = Joined::default();
        joined.add(2, part(2, None), Some(&live));
        assert!(offered.lock().unwrap().is_empty(), "part 2 waits for parts 0 and 1");
        joined.add(0, part(0, None), Some(&live));
        let failed = SkipReason::ReadFailed { error: "gone".into(), offset: 150 };
        joined.add(1, part(1, Some(failed.clone())), Some(&live));
        joined.add(3, part(3, None), Some(&live));
        assert_eq!(*offered.lock().unwrap(), [vec![(10, 2)], vec![(10, 2), (110, 5)], vec![(10, 2)]]);
        assert_eq!(joined.findings.iter().map(|f| f.offset).collect::<Vec<_>>(), [10], "part 0's was kept");
        assert_eq!((joined.end, joined.newlines, joined.failure), (200, 6, Some(failed)), "parts 2 and 3 dropped");
        assert_eq!(joined.counts.finish_file().unwrap().findings(), 2, "parts 0 and 1 counted");
    }

    /// What output order holds back is bounded in bytes and in files.
    #[test]
    fn a_worker_takes_no_file_while_too_much_waits_to_be_written() {
        let held = |bytes, files| Done { bytes, files, ..Done::default() };
        assert!(may_take(&held(0, 0)));
        assert!(may_take(&held(HELD_BYTES - 1, HELD_FILES - 1)));
        assert!(!may_take(&held(HELD_BYTES, 1)), "too many bytes");
        assert!(!may_take(&held(1, HELD_FILES)), "too many files (small files full of values)");
    }
}
