//! Writes a corpus with ground truth:
//!
//! ```text
//! cargo run --example gen-corpus -- sample            # corpus/samples + corpus/samples.truth.jsonl
//! cargo run --release --example gen-corpus -- bench DIR MB   # ~MB of mixed text for the benchmark
//! cargo run --release --example gen-corpus -- small DIR FILES [sparse] # many small files
//! ```

#[path = "generator.rs"]
mod generator;

use generator::{generate, write, Profile};
use std::path::Path;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["sample"] => {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            let dir = root.join("samples");
            let _ = std::fs::remove_dir_all(&dir);
            let c = generate(2026, &Profile::SAMPLE);
            write(&c, &dir, &root.join("samples.truth.jsonl"))?;
            eprintln!("wrote {} files and {} truth rows", c.files.len(), c.truth.len());
        }
        ["test", dir] => {
            // What tests/corpus.rs scores against (seed 42, Profile::TEST), for looking at misses
            // with `pimap scan --explain`.
            let dir = Path::new(dir);
            let _ = std::fs::remove_dir_all(dir);
            let c = generate(42, &Profile::TEST);
            write(&c, dir, &dir.with_extension("truth.jsonl"))?;
            eprintln!("wrote {} files and {} truth rows", c.files.len(), c.truth.len());
        }
        ["bench", dir, mb] => {
            let target: usize = mb.parse::<usize>().expect("MB must be a number") << 20;
            // Low density, as in a real share: about 2% of lines carry a value (1.4% of log lines, CSV
            // and SQL rows and JSON events, one in a record's 71 lines; 4% of HR-note lines, whose
            // records take several). About 70 MB per part, a quarter of it SQL dumps.
            let p = Profile { files_per_kind: 1, records_per_file: 2000, filler_per_record: 70, people: 50_000 };
            let dir = Path::new(dir);
            let _ = std::fs::remove_dir_all(dir);
            let (mut bytes, mut rows, mut seed) = (0usize, 0usize, 1u64);
            let mut truth = Vec::new();
            while bytes < target {
                let mut c = generate(seed, &p);
                for (path, text) in &mut c.files {
                    *path = format!("part{seed:03}/{path}");
                    bytes += text.len();
                }
                for t in &mut c.truth {
                    t.path = format!("part{seed:03}/{}", t.path);
                }
                rows += c.truth.len();
                generator::write_files(&c, dir)?;
                truth.append(&mut c.truth);
                seed += 1;
            }
            generator::write_truth(&truth, &dir.with_extension("truth.jsonl"))?;
            eprintln!("wrote {} MB in {} parts, {rows} planted values", bytes >> 20, seed - 1);
        }
        ["small", dir, files] | ["small", dir, files, "sparse"] => {
            // Many small files (about 0.5-5 KB each), as a share of office exports looks: dense with
            // values (several records per file), or with `sparse` one record in about 40 lines of
            // filler, as in the big corpus (what it costs to open and look at a file, not to report).
            let n: usize = files.parse().expect("FILES must be a number");
            let (records_per_file, filler_per_record) = if args.len() == 4 { (1, 14) } else { (4, 3) };
            let p = Profile { files_per_kind: n.div_ceil(5), records_per_file, filler_per_record, people: 20_000 };
            let dir = Path::new(dir);
            let _ = std::fs::remove_dir_all(dir);
            let c = generate(3, &p);
            write(&c, dir, &dir.with_extension("truth.jsonl"))?;
            let bytes: usize = c.files.iter().map(|f| f.1.len()).sum();
            eprintln!("wrote {} files, {} MB, {} planted values", c.files.len(), bytes >> 20, c.truth.len());
        }
        _ => {
            eprintln!(
                "usage: gen-corpus sample | gen-corpus test DIR | gen-corpus bench DIR MB | gen-corpus small DIR FILES [sparse]"
            );
            std::process::exit(2);
        }
    }
    Ok(())
}
