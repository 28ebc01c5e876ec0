//! Scores the scanner against the project's generated corpus: precision and recall per category,
//! through every path (1 and N threads, tiny and default read blocks), and checks that the committed
//! sample is exactly what the generator makes.

#[path = "../corpus/generator.rs"]
mod generator;

use generator::{generate, Profile, Truth};
use pimap::detect::{Date, Detector, DetectorOptions};
use pimap::finding::{Category, Finding};
use pimap::fingerprint::Fingerprinter;
use pimap::scan::{scan, Quiet, ScanOptions};
use pimap::source::read::DEFAULT_BLOCK;
use pimap::source::walk::WalkOptions;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const KEY: [u8; 32] = [7; 32];
const TODAY: Date = Date { year: 2026, month: 11, day: 22 };

fn run(dir: &Path, threads: usize, block_size: usize) -> Vec<Finding> {
    run_with(dir, threads, block_size, false)
}

/// Like `run`, with files split into segments of `segment_size` bytes across threads.
fn run_split(dir: &Path, threads: usize, block_size: usize, segment_size: u64) -> Vec<Finding> {
    run_opts(dir, ScanOptions { segment_size, ..options(threads, block_size, false) }).0
}

fn run_with(dir: &Path, threads: usize, block_size: usize, reveal: bool) -> Vec<Finding> {
    run_report(dir, threads, block_size, reveal).0
}

fn options(threads: usize, block_size: usize, reveal: bool) -> ScanOptions {
    ScanOptions {
        threads,
        block_size,
        segment_size: pimap::scan::DEFAULT_SEGMENT,
        reveal,
        explain: false,
        max_filesize: None,
        walk: WalkOptions::default(),
    }
}

/// The findings, and how many organisation identifiers were recognised.
fn run_report(dir: &Path, threads: usize, block_size: usize, reveal: bool) -> (Vec<Finding>, u64) {
    run_opts(dir, options(threads, block_size, reveal))
}

fn run_opts(dir: &Path, opts: ScanOptions) -> (Vec<Finding>, u64) {
    let detector = Detector::new(DetectorOptions::new(TODAY));
    let fp = Fingerprinter::new(&KEY);
    let mut found = Vec::new();
    let report = scan(&[dir.to_path_buf()], &opts, &detector, &fp, &Quiet, &mut |f: &Finding| {
        found.push(f.clone());
        Ok(())
    })
    .unwrap();
    assert!(report.complete(), "{:?}", report.not_scanned);
    (found, report.rollup.total.org_ids)
}

/// (relative path, line, category, fingerprint) for one value.
type Key = (String, u64, Category, String);

fn key_of_finding(dir: &Path, f: &Finding) -> Key {
    let rel = Path::new(&*f.path).strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
    (rel, f.line, f.category, f.fingerprint.to_hex())
}

fn key_of_truth(fp: &Fingerprinter, t: &Truth) -> Key {
    let c = Category::from_id(t.category).unwrap();
    (t.path.clone(), t.line, c, fp.fingerprint(c, &t.value).to_hex())
}

#[test]
fn precision_and_recall_per_category_on_the_generated_corpus() {
    let corpus = generate(42, &Profile::TEST);
    let dir = tempfile::tempdir().unwrap();
    generator::write(&corpus, dir.path(), &dir.path().with_extension("truth.jsonl")).unwrap();
    let fp = Fingerprinter::new(&KEY);

    let (found, org_ids) = run_report(dir.path(), 2, DEFAULT_BLOCK, false);
    // Multisets: the same value can appear twice on a line.
    let mut want: BTreeMap<Key, i64> = BTreeMap::new();
    for t in &corpus.truth {
        *want.entry(key_of_truth(&fp, t)).or_default() += 1;
    }
    let mut got: BTreeMap<Key, i64> = BTreeMap::new();
    for f in &found {
        *got.entry(key_of_finding(dir.path(), f)).or_default() += 1;
    }

    let mut report = String::from("category   truth  found     tp  precision  recall\n");
    let mut failures = Vec::new();
    // The floor each category is held to: the identifiers 0.98; names, addresses, dates of birth and
    // biometric data what issue 5 asks (they are read from labels and characters, not checked by
    // arithmetic).
    for (cat, floor) in [
        (Category::IdCard, 0.98),
        (Category::Passport, 0.98),
        (Category::Permit, 0.98),
        (Category::Phone, 0.98),
        (Category::Email, 0.98),
        (Category::BankCard, 0.98),
        (Category::Name, 0.90),
        (Category::Address, 0.90),
        (Category::BirthDate, 0.95),
        // Templates under biometric keys, columns and tables, and standard records in hex or base64:
        // issue 5 asks for every one (and no hit in the brochures, which are decoys).
        (Category::Biometric, 1.0),
    ] {
        let t: i64 = want.iter().filter(|(k, _)| k.2 == cat).map(|(_, n)| n).sum();
        let g: i64 = got.iter().filter(|(k, _)| k.2 == cat).map(|(_, n)| n).sum();
        let tp: i64 = want.iter().filter(|(k, _)| k.2 == cat).map(|(k, n)| (*n).min(*got.get(k).unwrap_or(&0))).sum();
        let (p, r) = (tp as f64 / g.max(1) as f64, tp as f64 / t.max(1) as f64);
        report += &format!("{:<10} {t:>6} {g:>6} {tp:>6}  {p:>9.4}  {r:>6.4}\n", cat.id());
        assert!(t > 500, "the corpus plants too few {cat} values to measure: {t}");
        if p < floor || r < floor {
            failures.push(cat);
        }
    }
    eprintln!("{report}");
    if !failures.is_empty() {
        let missed: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).take(10).collect();
        let spurious: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).take(10).collect();
        panic!("below the floor for {failures:?}\n{report}\nmissed: {missed:#?}\nspurious: {spurious:#?}");
    }

    // Decoys: no finding may overlap one (an order number, an IMEI, a part number, a USCC …).
    let mut decoy_hits = Vec::new();
    for f in &found {
        let rel = Path::new(&*f.path).strip_prefix(dir.path()).unwrap().to_string_lossy().replace('\\', "/");
        let (a, b) = (f.offset, f.offset + u64::from(f.length));
        let first = corpus.decoys.partition_point(|d| (d.path.as_str(), d.offset + d.len) <= (rel.as_str(), a));
        for d in corpus.decoys[first..].iter().take_while(|d| d.path == rel && d.offset < b) {
            if d.offset + d.len > a {
                decoy_hits.push((d.what, rel.clone(), d.line, f.category, f.masked.clone()));
            }
        }
    }
    assert!(corpus.decoys.len() > 1000, "too few decoys to mean anything: {}", corpus.decoys.len());
    eprintln!("decoys: {}, hit: {}; credit codes planted: {}", corpus.decoys.len(), decoy_hits.len(), corpus.org_ids);
    assert!(decoy_hits.is_empty(), "{} decoy hits: {:#?}", decoy_hits.len(), &decoy_hits[..decoy_hits.len().min(20)]);
    // Organisation identifiers are recognised and counted, not reported.
    assert_eq!(org_ids, corpus.org_ids as u64, "credit codes counted");
}

#[test]
fn every_path_gives_the_same_findings() {
    // One expectation through every path: thread counts and read block sizes (down to blocks far
    // smaller than a value, so that values cross block edges everywhere), over a few big files and
    // over hundreds of small ones (finished in a different order per thread count).
    let few_big = Profile { files_per_kind: 2, records_per_file: 60, filler_per_record: 1, people: 80 };
    let many_small = Profile { files_per_kind: 160, records_per_file: 2, filler_per_record: 1, people: 300 };
    for (profile, paths) in [
        (few_big, &[(4, DEFAULT_BLOCK), (1, 7), (3, 1), (2, 4096)][..]),
        (many_small, &[(3, DEFAULT_BLOCK), (2, 5)][..]),
    ] {
        let corpus = generate(7, &profile);
        let dir = tempfile::tempdir().unwrap();
        generator::write(&corpus, dir.path(), &dir.path().with_extension("truth.jsonl")).unwrap();
        let fp = Fingerprinter::new(&KEY);
        let expected: BTreeSet<Key> = corpus.truth.iter().map(|t| key_of_truth(&fp, t)).collect();

        let base: Vec<String> =
            run(dir.path(), 1, DEFAULT_BLOCK).iter().map(|f| serde_json::to_string(f).unwrap()).collect();
        for &(threads, block) in paths {
            let found = run(dir.path(), threads, block);
            let lines: Vec<String> = found.iter().map(|f| serde_json::to_string(f).unwrap()).collect();
            assert_eq!(lines, base, "{} files, threads {threads}, block {block}", corpus.files.len());
        }
        // Files split into segments scanned in parallel, with segments and blocks of sizes that cut
        // values everywhere (each segment re-reads 2 × CONTEXT bytes, so tiny segments would only
        // make the test slow; the reader's and detector's unit tests go down to one byte).
        for (threads, block, segment) in [(2, 4096, 1000), (2, 64, 997), (3, 1000, 4099), (2, DEFAULT_BLOCK, 100_000)] {
            let found = run_split(dir.path(), threads, block, segment);
            let lines: Vec<String> = found.iter().map(|f| serde_json::to_string(f).unwrap()).collect();
            assert_eq!(lines, base, "threads {threads}, block {block}, segments of {segment}");
        }
        let found: BTreeSet<Key> = run(dir.path(), 2, 64).iter().map(|f| key_of_finding(dir.path(), f)).collect();
        let missing: Vec<_> = expected
            .difference(&found)
            .take(5)
            .map(|k| {
                let text = std::fs::read_to_string(dir.path().join(&k.0)).unwrap();
                (k.clone(), text.lines().nth(k.1 as usize - 1).unwrap_or("").to_string())
            })
            .collect();
        let extra: Vec<_> = found.difference(&expected).take(5).collect();
        assert_eq!(found, expected, "findings differ from the ground truth: missing {missing:?} extra {extra:?}");
    }
}

#[test]
fn a_gbk_copy_gives_the_same_findings_as_utf8() {
    // The same documents saved by a Chinese Windows tool in GBK. Full-width digits are GBK double-byte
    // codes there (decoding them is for the encodings work), so the expectation is every value not
    // written with them; everything else must match exactly.
    let corpus = generate(11, &Profile { files_per_kind: 3, records_per_file: 80, filler_per_record: 1, people: 100 });
    let dir = tempfile::tempdir().unwrap();
    let (utf8, gbk) = (dir.path().join("utf8"), dir.path().join("gbk"));
    for (i, (rel, text)) in corpus.files.iter().enumerate() {
        // Every other file starts with more ASCII than the sniffer reads, as exports with a long
        // English header do: GBK must be recognised where it appears, not only from the head.
        let text = if i % 2 == 0 {
            "# exported by crm-tool 4.2.1, columns as below\n".repeat(120) + text
        } else {
            text.clone()
        };
        for (root, bytes) in [(&utf8, text.as_bytes().to_vec()), (&gbk, encoding_rs::GBK.encode(&text).0.into_owned())]
        {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
    let expected: BTreeSet<Key> = run_with(&utf8, 2, DEFAULT_BLOCK, true)
        .iter()
        .filter(|f| {
            f.value.as_deref().is_some_and(|v| !v.chars().any(|c| matches!(c, '０'..='９' | 'Ｘ' | 'ｘ' | '＠')))
        })
        // Names, addresses and dates of birth are found from Chinese labels and characters, which
        // are read in UTF-8 only so far (GBK decoding is the encodings work, issue 6).
        .filter(|f| !matches!(f.category, Category::Name | Category::Address | Category::BirthDate))
        // So are Chinese biometric keys in running text (`"人脸特征":[…]`); ASCII keys, tables,
        // records found by their header and CSV columns (whose headers are matched in GBK too) are
        // read in GBK as in UTF-8.
        .filter(|f| f.category != Category::Biometric || !after_a_chinese_key(f))
        .map(|f| key_of_finding(&utf8, f))
        .collect();
    let found: BTreeSet<Key> = run(&gbk, 2, DEFAULT_BLOCK).iter().map(|f| key_of_finding(&gbk, f)).collect();
    assert!(expected.len() > 500, "{}", expected.len());
    let biometric = expected.iter().filter(|k| k.2 == Category::Biometric).count();
    assert!(biometric > 100, "the GBK copy is checked for biometric values too: {biometric}");
    let missed: Vec<_> = expected.difference(&found).take(10).collect();
    let spurious: Vec<_> = found.difference(&expected).take(10).collect();
    assert!(missed.is_empty() && spurious.is_empty(), "missed {missed:#?}\nspurious {spurious:#?}");
}

#[test]
fn the_committed_sample_is_what_the_generator_makes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let c = generate(2026, &Profile::SAMPLE);
    for (rel, text) in &c.files {
        let on_disk = std::fs::read_to_string(root.join("samples").join(rel))
            .unwrap_or_else(|e| panic!("corpus/samples/{rel}: {e}; run `cargo run --example gen-corpus -- sample`"));
        assert!(on_disk == *text, "corpus/samples/{rel} is stale: run `cargo run --example gen-corpus -- sample`");
    }
    let truth = std::fs::read_to_string(root.join("samples.truth.jsonl")).unwrap();
    assert_eq!(truth.lines().count(), c.truth.len());
}

/// Writes `n` files `f0000.txt`… into `dir`, each with one mobile number of its own.
fn phone_files(dir: &Path, n: usize) {
    for i in 0..n {
        std::fs::write(dir.join(format!("f{i:04}.txt")), format!("联系电话 1381234{i:04}\n")).unwrap();
    }
}

/// Counts the bytes scanned.
#[derive(Default)]
struct Scanned(std::sync::atomic::AtomicU64);

impl pimap::scan::Observer for Scanned {
    fn scanned(&self, bytes: u64, _: usize) {
        self.0.fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Scanned {
    fn bytes(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// Scans `dir` into a sink that fails ("disk full") once it has taken `n` findings; the scan must
/// end with that error. Returns how many times the sink was called, and the bytes scanned.
fn calls_to_a_sink_failing_after(n: usize, dir: &Path, opts: &ScanOptions) -> (usize, u64) {
    let detector = Detector::new(DetectorOptions::new(TODAY));
    let fp = Fingerprinter::new(&KEY);
    let (mut calls, scanned) = (0, Scanned::default());
    let result = scan(&[dir.to_path_buf()], opts, &detector, &fp, &scanned, &mut |_: &Finding| {
        calls += 1;
        if calls > n {
            return Err(std::io::Error::other("disk full"));
        }
        Ok(())
    });
    match result {
        Err(pimap::scan::ScanError::Output(e)) => assert_eq!(e.to_string(), "disk full"),
        other => panic!("{:?}", other.map(|r| r.files_scanned)),
    }
    (calls, scanned.bytes())
}

/// Files are scanned several at once and written in walk order, with what the walk recorded among
/// them; a sink that fails stops the scan with its error, and nothing is written after it,
/// whatever the thread count.
#[test]
fn files_are_written_in_walk_order_and_a_failing_sink_stops_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    // Three of the walk's chunks (256 files each at most), a link among them.
    phone_files(dir.path(), 700);
    #[cfg(unix)]
    std::os::unix::fs::symlink("f0001.txt", dir.path().join("f0500.link")).unwrap();
    let detector = Detector::new(DetectorOptions::new(TODAY));
    let fp = Fingerprinter::new(&KEY);
    for threads in [1, 2, 4] {
        let opts = options(threads, DEFAULT_BLOCK, false);
        let mut paths = Vec::new();
        let report = scan(&[dir.path().to_path_buf()], &opts, &detector, &fp, &Quiet, &mut |f: &Finding| {
            paths.push(f.path.to_string());
            Ok(())
        })
        .unwrap();
        let want: Vec<String> =
            (0..700).map(|i| dir.path().join(format!("f{i:04}.txt")).display().to_string()).collect();
        assert_eq!(paths, want, "{threads} threads");
        assert_eq!(report.files_scanned, 700);
        #[cfg(unix)]
        assert_eq!(report.not_scanned.len(), 1, "the link, recorded: {:?}", report.not_scanned);

        let (written, _) = calls_to_a_sink_failing_after(300, dir.path(), &opts);
        assert_eq!(written, 301, "{threads} threads: no finding is written after the failure");
    }
}

/// Big files write their findings as they are found when they are next in order (window by window,
/// or segment by segment when split), and the result is the same as writing each file at its end:
/// the same findings in the same order with the same lines, and the same data map. When a sink
/// fails in the middle of a big file, nothing is written after the failure, and reading stops.
#[test]
fn big_files_written_as_they_go_give_the_same_output_and_stop_on_a_failing_sink() {
    let dir = tempfile::tempdir().unwrap();
    let lines = |prefix: &str| (0..3000).map(|i| format!("联系电话 {prefix}{i:04}\n")).collect::<String>();
    std::fs::write(dir.path().join("a.txt"), lines("1381234")).unwrap(); // 75 KB: many windows
    std::fs::write(dir.path().join("b.txt"), "手机 13912345678\n").unwrap();
    std::fs::write(dir.path().join("c.txt"), lines("1391234")).unwrap();
    let want: Vec<(String, u64, u64)> = [("a.txt", 3000), ("b.txt", 1), ("c.txt", 3000)]
        .iter()
        .flat_map(|&(name, n)| {
            let offsets = if n == 1 { vec![7] } else { (0..n).map(|i| 13 + 25 * i).collect() };
            (0..n).map(move |i| (name.to_string(), i + 1, offsets[i as usize]))
        })
        .collect();
    let detector = Detector::new(DetectorOptions::new(TODAY));
    let fp = Fingerprinter::new(&KEY);
    // Segment edges (9,999 and 7,001 bytes) fall inside lines and values (lines are 25 bytes).
    for (threads, segment) in
        [(1, pimap::scan::DEFAULT_SEGMENT), (2, pimap::scan::DEFAULT_SEGMENT), (2, 9_999), (4, 7_001)]
    {
        let opts = ScanOptions { segment_size: segment, ..options(threads, 4096, false) };
        let (mut got, scanned) = (Vec::new(), Scanned::default());
        let mut scanned_at_first = None;
        let report = scan(&[dir.path().to_path_buf()], &opts, &detector, &fp, &scanned, &mut |f: &Finding| {
            scanned_at_first.get_or_insert(scanned.bytes());
            let name = Path::new(&*f.path).file_name().unwrap().to_string_lossy().into_owned();
            got.push((name, f.line, f.offset));
            Ok(())
        })
        .unwrap();
        assert!(got == want, "{threads} threads, segments of {segment}: findings, lines or order differ");
        if threads == 1 {
            let first = scanned_at_first.unwrap();
            assert!(first < 75_000, "the first finding is written before a.txt is scanned ({first} bytes were)");
        }
        let counts: Vec<(u64, u64)> = report
            .map
            .files
            .values()
            .map(|f| {
                let t = &f.counts.categories[&Category::Phone];
                (t.findings, t.distinct())
            })
            .collect();
        assert_eq!(counts, [(3000, 3000), (1, 1), (3000, 3000)], "{threads} threads, segments of {segment}");

        let (written, scanned) = calls_to_a_sink_failing_after(1000, dir.path(), &opts);
        assert_eq!(written, 1001, "{threads} threads, segments of {segment}: nothing written after the failure");
        if threads == 1 {
            // Finding 1,001 is on a.txt's line 1,001, at 25 KB of its 75.
            assert!(scanned < 50_000, "the read stopped with the output ({scanned} bytes were scanned)");
        }
    }
}

/// With `--explain` a file's verdicts come before its findings, also for a big file, which then
/// does not write its findings as it goes.
#[test]
fn explained_big_files_give_their_verdicts_first() {
    struct Events(Vec<&'static str>);
    impl pimap::scan::Sink for Events {
        fn finding(&mut self, _: &Finding) -> std::io::Result<()> {
            self.0.push("finding");
            Ok(())
        }
        fn explained(&mut self, _: &pimap::scan::Explained) -> std::io::Result<()> {
            self.0.push("verdict");
            Ok(())
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..2000).map(|i| format!("联系电话 1381234{i:04}\n")).collect();
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let detector = Detector::new(DetectorOptions::new(TODAY));
    let fp = Fingerprinter::new(&KEY);
    for (threads, segment) in [(1, pimap::scan::DEFAULT_SEGMENT), (2, 10_000)] {
        let opts = ScanOptions { segment_size: segment, explain: true, ..options(threads, 4096, false) };
        let mut events = Events(Vec::new());
        scan(&[dir.path().to_path_buf()], &opts, &detector, &fp, &Quiet, &mut events).unwrap();
        let want: Vec<&str> = ["verdict"; 2000].into_iter().chain(["finding"; 2000]).collect();
        assert!(events.0 == want, "{threads} threads: verdicts, then findings");
    }
}

/// A panic while a file is scanned or written (a bug) surfaces as a panic from `scan`, with any
/// number of threads, instead of leaving the other workers waiting for room that the file that will
/// never be written holds.
#[test]
fn a_panic_in_a_worker_surfaces_instead_of_hanging() {
    /// Panics in a worker, in the middle of the scan.
    struct Faulty(std::sync::atomic::AtomicUsize);
    impl pimap::scan::Observer for Faulty {
        fn file_done(&self) {
            let n = self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            assert!(n != 300, "a scanning bug");
        }
    }
    let dir = tempfile::tempdir().unwrap();
    // More files than are ever held for their turn (4,096), so that the other workers wait for
    // room behind the file that will never be written.
    phone_files(dir.path(), 5000);
    for (threads, in_sink) in [(1, true), (2, true), (4, true), (1, false), (2, false), (4, false)] {
        let root = dir.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let detector = Detector::new(DetectorOptions::new(TODAY));
            let fp = Fingerprinter::new(&KEY);
            let opts = options(threads, DEFAULT_BLOCK, false);
            let observer = Faulty(std::sync::atomic::AtomicUsize::new(if in_sink { usize::MAX / 2 } else { 0 }));
            let mut n = 0;
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                scan(&[root], &opts, &detector, &fp, &observer, &mut |_: &Finding| {
                    n += 1;
                    assert!(!in_sink || n < 5, "a sink with a bug");
                    Ok(())
                })
                .map(|r| r.files_scanned)
            }));
            let _ = tx.send(result.is_err());
        });
        let panicked = rx.recv_timeout(std::time::Duration::from_secs(120)).expect("scan hung after a panic");
        assert!(panicked, "{threads} threads, panic in the sink: {in_sink}: the panic surfaced");
    }
}

/// The scan rolls directories up as it writes, file after file, in the walk's depth-first order;
/// the data map rolls them up in path order. Where names sort differently from the paths under them
/// (`b` < `b-c` < `b.txt` < `b0` as names, while `b-c/x` < `b.txt` < `b/x` as paths), and with a
/// directory across two of the walk's chunks, both give the same directories and totals, with any number of
/// threads.
#[test]
fn the_rollup_made_while_writing_is_the_data_maps() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<String> =
        ["a.txt", "b/x.txt", "b/y/z.txt", "b/y.txt", "b-c/x.txt", "b.txt", "b0/x.txt", "c/d/e/f.txt", "c/g.txt"]
            .map(String::from)
            .into();
    // b/y spans two of the walk's chunks (256 files each).
    files.extend((0..300).map(|k| format!("b/y/n{k:03}.txt")));
    for (i, rel) in files.iter().enumerate() {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // One value each file has, and one of its own.
        std::fs::write(&path, format!("联系电话 13812340000\n联系电话 1381234{:04}\n", i + 1)).unwrap();
    }
    let detector = Detector::new(DetectorOptions::new(TODAY));
    let fp = Fingerprinter::new(&KEY);
    for threads in [1, 2] {
        let opts = options(threads, DEFAULT_BLOCK, false);
        let report =
            scan(&[dir.path().to_path_buf()], &opts, &detector, &fp, &Quiet, &mut |_: &Finding| Ok(())).unwrap();
        assert_eq!(report.rollup, report.map.rollup(), "{threads} threads");
        let top = report.rollup.dirs[&dir.path().display().to_string()].categories[&Category::Phone].clone();
        assert_eq!((top.findings, top.distinct()), (618, 310), "{threads} threads");
        let root = dir.path().display().to_string();
        let dirs: Vec<String> = report.rollup.dirs.keys().map(|d| d.replacen(&root, "", 1)).collect();
        assert_eq!(dirs, ["", "/b", "/b-c", "/b/y", "/b0", "/c", "/c/d", "/c/d/e"], "{threads} threads");
    }
}

/// Biometric records inside a binary file (a database page, a template store), found by their
/// signature and header wherever blocks and segments cut the file, each exactly once; signatures
/// without their header, the same letters in text, and a brochure about fingerprint unlocking are
/// not records.
/// Whether a biometric finding (of a UTF-8 file) follows a Chinese biometric word on its line.
fn after_a_chinese_key(f: &Finding) -> bool {
    let text = std::fs::read(&*f.path).unwrap();
    let line = text[..f.offset as usize].rsplit(|&b| b == b'\n').next().unwrap();
    ["人脸", "指纹", "虹膜", "声纹"].iter().any(|w| line.windows(w.len()).any(|x| x == w.as_bytes()))
}

#[test]
fn biometric_records_in_binary_files_through_every_path() {
    use pimap::finding::Kind;
    // Headers as the standards lay them out (see `detect::biometric`), padded with template bytes.
    let image = [0x00, 0x00, 0x01, 0xF4, 0x01, 0xF4, 0x00, 0xC5, 0x00, 0xC5, 0x01, 0x00];
    let records: Vec<(Vec<u8>, Kind)> = vec![
        ([&b"FMR\0 20\0\0\0\0\x60"[..], &image, &[0x5A; 84]].concat(), Kind::FingerMinutiae),
        ([&b"FMR\0 20\0\x00\x60\x00\x33\x00\x11"[..], &image, &[0x3C; 80]].concat(), Kind::FingerMinutiae),
        ([&b"FIR\x00010\0\0\0\0\0\x01\x00"[..], &[0x77; 248]].concat(), Kind::FingerImage),
        ([&b"FAC\x00010\0\0\0\x01\x00\x00\x01"[..], &[0x42; 244]].concat(), Kind::FaceImage),
        ([&b"IIR\x00010\0\0\0\x01\x00\0\0\x01\x00\x2D"[..], &[0x24; 239]].concat(), Kind::IrisImage),
        (
            [
                &[
                    0xFF, 0xA0, 0xFF, 0xA8, 0x00, 0x06, b'N', b'I', b'S', b'T', 0xFF, 0xA4, 0x00, 0x02, 0xFF, 0xA2,
                    0x00, 0x02,
                ][..],
                &[0x66; 60],
            ]
            .concat(),
            Kind::FingerImage,
        ),
        (b"1.001:120\x1D1.002:0502\x1D1.003:1\x1F1\x1C".to_vec(), Kind::NistTransaction),
    ];
    let decoys: [&[u8]; 4] = [b"FMR\0abc\0", b"IIR\x00010\0\0\0\0\0", b"\xFF\xA0\xFF\xD8\0\x10", b"1.001:abc\x1D"];
    // Pseudo-random filler with NULs and 0xFF, as in database pages.
    let mut state = 0x2545_F491u32;
    let mut filler = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                [0x00, 0xFF, (state >> 16) as u8][(state >> 8) as usize % 3]
            })
            .collect()
    };
    let mut blob = filler(300);
    let mut want = Vec::new();
    for round in 0..6 {
        for (k, (r, kind)) in records.iter().enumerate() {
            want.push((blob.len() as u64, *kind));
            blob.extend(r);
            blob.extend(decoys[(round + k) % decoys.len()]);
            blob.extend(filler(700 + 977 * ((round * 7 + k) % 5)));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("templates.db"), &blob).unwrap();
    std::fs::write(
        dir.path().join("brochure.txt"),
        "本机支持指纹解锁和人脸识别，指纹数据仅保存在本地。FMR 20 IIR 010\n",
    )
    .unwrap();
    let paths = [(1, DEFAULT_BLOCK, pimap::scan::DEFAULT_SEGMENT), (3, 64, 997), (2, 1000, 4099), (2, 4096, 1000)];
    for (threads, block, segment) in paths {
        let found = run_split(dir.path(), threads, block, segment);
        let got: Vec<(u64, Kind)> = found.iter().map(|f| (f.offset, f.kind.unwrap())).collect();
        assert_eq!(got, want, "threads {threads}, block {block}, segments of {segment}");
        assert!(found.iter().all(|f| f.category == Category::Biometric && f.path.ends_with("templates.db")));
        assert!(found.iter().all(|f| f.masked == format!("[{} bytes]", f.length)), "{:?}", found[0]);
    }
}
