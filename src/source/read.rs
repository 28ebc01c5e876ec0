//! Reading a file as a sequence of overlapping windows in one reused buffer.
//!
//! Each window hands the detector a haystack and the range of it that this window *owns*: owned
//! ranges tile the file exactly, and each is surrounded by up to [`CONTEXT`] bytes of the file on
//! either side. Because the detector reports only matches that start in the owned range and no match
//! plus its context is longer than `CONTEXT`, a value that crosses a block edge is found exactly once.
//! The buffer is allocated once per worker and reused for every file: no per-file or per-line
//! allocation. We read with `read(2)` rather than mmap: measured as fast from page cache, and a file
//! that shrinks under a mapping kills the process with SIGBUS (see ../shared/docs/performance.md).

use crate::detect::CONTEXT;
use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;

/// Default bytes of new data per window.
pub const DEFAULT_BLOCK: usize = 1 << 20;

/// Opens `path` read-only and checks, on the open handle, that it is a regular file: the walk saw a
/// regular file, but it may have been replaced by a FIFO or device since, and reading one could block
/// forever or never end. Returns the file and its size then.
pub fn open_regular(path: &Path) -> io::Result<(File, u64)> {
    let f = File::open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "no longer a regular file"));
    }
    Ok((f, meta.len()))
}

/// Reads until `buf` is full, the input ends, or a read fails; returns how many bytes arrived and
/// the error, if one ended it. Short reads (pipes, network file systems) and interruptions are
/// retried.
pub fn fill(r: &mut impl Read, buf: &mut [u8]) -> (usize, Option<io::Error>) {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (n, Some(e)),
        }
    }
    (n, None)
}

/// A window into the file.
pub struct Window<'a> {
    /// Bytes of the file starting at offset `base`.
    pub hay: &'a [u8],
    pub base: u64,
    /// The part of `hay` this window owns.
    pub owned: Range<usize>,
}

/// The reusable buffer.
pub struct BlockReader {
    buf: Vec<u8>,
    block: usize,
}

/// A read that failed part way: how far the file was read before.
#[derive(Debug)]
pub struct ReadError {
    pub offset: u64,
    pub source: io::Error,
}

impl BlockReader {
    pub fn new(block: usize) -> BlockReader {
        let block = block.max(1);
        BlockReader { buf: vec![0; block + 2 * CONTEXT], block }
    }

    /// Reads `r` to its end, calling `f` for each window in file order. Returns the bytes read.
    pub fn read<R: Read>(&mut self, r: R, f: impl FnMut(Window<'_>)) -> Result<u64, ReadError> {
        self.read_segment(r, 0, 0, u64::MAX, f)
    }

    /// Reads one segment of a file: `r` yields the file's bytes from offset `base` on, and the windows
    /// own `base + skip` up to `end` (or the end of the input, if sooner), with the bytes before
    /// `base + skip` (at most [`CONTEXT`]) and up to `CONTEXT` bytes after `end` as context. Segments
    /// that tile a file, each read this way, give the same owned windows' matches as reading it
    /// whole. Returns the offset where the owned bytes ended.
    pub fn read_segment<R: Read>(
        &mut self,
        mut r: R,
        base: u64,
        skip: usize,
        end: u64,
        mut f: impl FnMut(Window<'_>),
    ) -> Result<u64, ReadError> {
        let cap = self.block + 2 * CONTEXT;
        let buf = &mut self.buf[..cap];
        let mut filled = 0;
        let mut base = base;
        let mut from = skip;
        loop {
            let (n, error) = fill(&mut r, &mut buf[filled..]);
            filled += n;
            // Owned bytes stop at `end`, whatever context follows.
            let owned_end = usize::try_from(end.saturating_sub(base)).unwrap_or(usize::MAX);
            if let Some(source) = error {
                // Scan what did arrive: the file is reported as partial, with what it held.
                let to = filled.min(owned_end);
                if to > from {
                    f(Window { hay: &buf[..filled], base, owned: from..to });
                }
                return Err(ReadError { offset: base + to.max(from) as u64, source });
            }
            let eof = filled < cap;
            // Keep CONTEXT bytes after the owned range unless this is the end of the input.
            let to = if eof { filled } else { filled - CONTEXT }.min(owned_end);
            if to > from {
                f(Window { hay: &buf[..filled], base, owned: from..to });
            }
            if eof || to == owned_end {
                return Ok(base + to.max(from) as u64);
            }
            // The next window starts CONTEXT bytes before the next owned byte.
            let keep = to - CONTEXT;
            buf.copy_within(keep..filled, 0);
            filled -= keep;
            base += keep as u64;
            from = to - keep;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that returns at most `n` bytes per call, as pipes and network file systems do.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(out.len());
            out[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Checks a window against the file it came from and records the range it owns.
    fn check_window(data: &[u8], w: &Window<'_>, seen: &mut Vec<Range<usize>>) {
        let b = w.base as usize;
        assert_eq!(w.hay, &data[b..b + w.hay.len()]);
        let (owned_start, owned_end) = (b + w.owned.start, b + w.owned.end);
        assert!(w.owned.start >= CONTEXT.min(owned_start), "left context");
        let to_file_end = b + w.hay.len() == data.len();
        assert!(
            to_file_end || w.hay.len() - w.owned.end >= CONTEXT,
            "right context: window at {b}, owns {:?}",
            w.owned
        );
        seen.push(owned_start..owned_end);
    }

    /// Checks that the owned ranges, in order, are the whole file exactly once.
    fn assert_tiles(seen: &[Range<usize>], len: usize, what: &str) {
        let mut next = 0;
        for r in seen {
            assert_eq!(r.start, next, "{what}");
            next = r.end;
        }
        assert_eq!(next, len, "{what}");
    }

    #[test]
    fn owned_ranges_tile_the_file_with_context_on_both_sides() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        for block in [1, 100, 4096, 10_000, DEFAULT_BLOCK] {
            for trickle in [1 << 20, 777] {
                let mut seen = Vec::new();
                let n = BlockReader::new(block).read(Trickle(&data, trickle), |w| check_window(&data, &w, &mut seen));
                assert_eq!(n.unwrap() as usize, data.len());
                assert_tiles(&seen, data.len(), &format!("block {block}"));
            }
        }
    }

    #[test]
    fn segments_tile_the_file_like_one_read() {
        let data: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
        for block in [1, 100, 4096] {
            for seg in [1usize, 999, 20_000, 60_000] {
                let mut seen = Vec::new();
                let mut r = BlockReader::new(block);
                let mut start = 0;
                while start < data.len() {
                    let end = (start + seg).min(data.len());
                    let base = start.saturating_sub(CONTEXT);
                    let input = &data[base..(end + CONTEXT).min(data.len())];
                    let done = r.read_segment(Trickle(input, 777), base as u64, start - base, end as u64, |w| {
                        check_window(&data, &w, &mut seen)
                    });
                    assert_eq!(done.unwrap() as usize, end);
                    start = end;
                }
                assert_tiles(&seen, data.len(), &format!("block {block}, segment {seg}"));
            }
        }
    }

    #[test]
    fn an_empty_file_has_no_windows() {
        let mut r = BlockReader::new(16);
        let mut calls = 0;
        assert_eq!(r.read(&b""[..], |_| calls += 1).unwrap(), 0);
        assert_eq!(calls, 0);
    }

    #[test]
    fn a_failing_read_reports_how_far_it_got() {
        struct Fails(usize);
        impl Read for Fails {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("disk gone"));
                }
                let n = self.0.min(out.len());
                self.0 -= n;
                Ok(n)
            }
        }
        let e = BlockReader::new(16).read(Fails(100_000), |_| {}).unwrap_err();
        assert_eq!(e.offset, 100_000);
    }
}
