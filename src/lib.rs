//! pimap: find personal information in file shares and dumps, and map where it lives.
//!
//! Data flows one way:
//!
//! ```text
//! source::walk  ──entries──▶  scan (the only place with threads)
//!                               │  per file: source::read blocks ─▶ detect::Detector ─▶ Match
//!                               │            Match + Fingerprinter ─▶ finding::Finding
//!                               ▼
//!                  report sinks (jsonl / csv / json / summary)  +  map::DataMap (counts per file)
//! ```
//!
//! The detection core (`detect`) has no I/O, no threads and no printing; `cli` is the only place that
//! knows about the command line, terminals and exit codes.

pub mod cli;
pub mod detect;
pub mod finding;
pub mod fingerprint;
pub mod map;
pub mod report;
pub mod scan;
pub mod source;
