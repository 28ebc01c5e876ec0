//! Progress on stderr while scanning, only when stderr is a terminal: files, bytes, rate, findings.

use crate::scan::Observer;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Instant;

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    files: AtomicU64,
    bytes: AtomicU64,
    findings: AtomicU64,
}

impl Progress {
    pub fn new(visible: bool) -> Progress {
        let bar = visible.then(|| {
            let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(8));
            b.set_style(ProgressStyle::with_template("{spinner} {elapsed} {msg}").expect("valid template"));
            b.enable_steady_tick(std::time::Duration::from_millis(125));
            b
        });
        Progress {
            bar,
            started: Instant::now(),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            findings: AtomicU64::new(0),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl Observer for Progress {
    fn scanned(&self, bytes: u64, findings: usize) {
        self.bytes.fetch_add(bytes, Relaxed);
        self.findings.fetch_add(findings as u64, Relaxed);
        self.redraw();
    }

    fn file_done(&self) {
        self.files.fetch_add(1, Relaxed);
        self.redraw();
    }
}

impl Progress {
    fn redraw(&self) {
        if let Some(b) = &self.bar {
            let (files, total, found) =
                (self.files.load(Relaxed), self.bytes.load(Relaxed), self.findings.load(Relaxed));
            let secs = self.started.elapsed().as_secs_f64().max(1e-3);
            b.set_message(format!(
                "{files} files · {} · {}/s · {found} findings",
                indicatif::HumanBytes(total),
                indicatif::HumanBytes((total as f64 / secs) as u64),
            ));
        }
    }
}
