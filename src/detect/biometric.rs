//! Biometric records recognised by their format's signature: bytes in, records out. No I/O.
//!
//! ```text
//! hay (a binary file's block) ──signatures (Aho-Corasick)──▶ header checks ──▶ Record { start, len, format }
//!   "FMR\0" "FIR\0" "FAC\0" "IIR\0"   ISO/IEC 19794-2/-4/-5/-6, ANSI INCITS 378
//!   FF A0 FF                          WSQ fingerprint image (FBI IAFIS-IC-0110)
//!   "1.001:"                          ANSI/NIST-ITL transaction
//! ```
//!
//! A signature alone is a few bytes; each is followed by what its standard fixes, and a record is
//! recognised only when that holds too: the ISO/ANSI records' version field (three ASCII digits or
//! a space and two, then NUL) and a declared length that fits their layout, WSQ's chain of marker
//! segments up to its frame header, an ANSI/NIST transaction's `1.001:` length field closed by a
//! group separator and followed by `1.002:`. For the ISO/ANSI records that is 8 fixed or tightly
//! bounded bytes and more; WSQ's chain (a table segment, then the frame header) is the weakest.
//! The layouts are those of the 2005 editions (and ANSI 378-2004, IREX); the 2011 editions' are not
//! recognised yet. A record nested in another (a WSQ image inside an ANSI/NIST transaction) is
//! reported for each.
//!
//! Records written as hex or base64 text, and templates under keys, columns and tables named for
//! biometrics, are read in text files by `blob` (from the anchors of `person`). The scan loop runs
//! this on files whose head is binary (see `FileContext::binary`): the ISO/ANSI records hold NULs, WSQ starts
//! with 0xFF, an ANSI/NIST transaction has group separators within its first bytes, and text has
//! none of these.

use crate::finding::Kind;
use aho_corasick::AhoCorasick;
use std::ops::Range;
use std::sync::OnceLock;

/// Bytes of a record that are fingerprinted (and reported as its span) at most: a minutiae
/// template whole, an image's header and first data. No more than the context every block carries
/// after its owned range, so that where a block ends never changes a finding.
pub const SPAN_LIMIT: usize = 4096;

/// What kind of biometric record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// ISO/IEC 19794-2 finger minutiae record (`FMR`).
    IsoFingerMinutiae,
    /// ANSI INCITS 378 finger minutiae record (`FMR`, a shorter length field).
    AnsiFingerMinutiae,
    /// ISO/IEC 19794-4 finger image record (`FIR`).
    FingerImage,
    /// ISO/IEC 19794-5 face image record (`FAC`).
    FaceImage,
    /// ISO/IEC 19794-6 iris image record (`IIR`).
    IrisImage,
    /// WSQ-compressed fingerprint image.
    Wsq,
    /// ANSI/NIST-ITL transaction (its Type-1 record; fingerprints, faces and irises follow it).
    AnsiNist,
}

impl Format {
    /// The standard, for `--explain`.
    pub fn standard(self) -> &'static str {
        match self {
            Format::IsoFingerMinutiae => "ISO/IEC 19794-2 finger minutiae record",
            Format::AnsiFingerMinutiae => "ANSI INCITS 378 finger minutiae record",
            Format::FingerImage => "ISO/IEC 19794-4 finger image record",
            Format::FaceImage => "ISO/IEC 19794-5 face image record",
            Format::IrisImage => "ISO/IEC 19794-6 iris image record",
            Format::Wsq => "WSQ fingerprint image",
            Format::AnsiNist => "ANSI/NIST-ITL transaction",
        }
    }

    /// The kind a finding reports: what the record holds, whichever standard wrote it.
    pub fn kind(self) -> Kind {
        match self {
            Format::IsoFingerMinutiae | Format::AnsiFingerMinutiae => Kind::FingerMinutiae,
            Format::FingerImage | Format::Wsq => Kind::FingerImage,
            Format::FaceImage => Kind::FaceImage,
            Format::IrisImage => Kind::IrisImage,
            Format::AnsiNist => Kind::NistTransaction,
        }
    }
}

/// One recognised record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    pub start: usize,
    /// The length its header declares (for WSQ, which declares none, the marker segments read up
    /// to the frame header; for ANSI/NIST, its Type-1 record).
    pub declared: u64,
    pub format: Format,
}

pub(super) const SIGNATURES: [&[u8]; 6] = [b"FMR\0", b"FIR\0", b"FAC\0", b"IIR\0", b"\xFF\xA0\xFF", b"1.001:"];

fn signatures() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| AhoCorasick::new(SIGNATURES).expect("six literal signatures"))
}

/// Appends every record whose signature starts inside `range` of `hay`, in order of position.
pub fn find(hay: &[u8], range: Range<usize>, out: &mut Vec<Record>) {
    // Past the range's end by a signature's length, for one that starts inside it.
    let end = range.end.saturating_add(6).min(hay.len());
    let Some(searched) = hay.get(range.start..end) else { return };
    for m in signatures().find_overlapping_iter(searched) {
        let start = range.start + m.start();
        if start < range.end {
            out.extend(record_at(hay, start));
        }
    }
}

/// The record whose signature starts at `i`, if its header holds.
pub fn record_at(hay: &[u8], i: usize) -> Option<Record> {
    let h = hay.get(i..)?;
    let record = |declared: u64, format| Some(Record { start: i, declared, format });
    match h.get(..4)? {
        b"FMR\0" | b"FIR\0" | b"FAC\0" | b"IIR\0" if !version(h) => None,
        b"FMR\0" => {
            // ISO: a 4-byte length, then 12 bytes of image fields before the views. ANSI 378: a 2-byte
            // length (0: a 4-byte one follows), a 4-byte product id, then the same fields.
            let iso = be(h, 8, 4)?;
            let (ansi_len, ansi_at) = match be(h, 8, 2)? {
                0 => (be(h, 10, 4)?, 14),
                n => (n, 10),
            };
            if (26..=1 << 20).contains(&iso) && image_fields(h, 12) {
                record(iso, Format::IsoFingerMinutiae)
            } else if (26..=1 << 20).contains(&ansi_len) && image_fields(h, ansi_at + 4) {
                record(ansi_len, Format::AnsiFingerMinutiae)
            } else {
                None
            }
        }
        // A 6-byte length (the 2005 edition), at least its 32-byte header.
        b"FIR\0" => {
            Some(be(h, 8, 6)?).filter(|n| (32..1 << 32).contains(n)).and_then(|n| record(n, Format::FingerImage))
        }
        // A 4-byte length and the number of images (at least one).
        b"FAC\0" => {
            let n = be(h, 8, 4)?;
            ((14..=1 << 26).contains(&n) && be(h, 12, 2)? >= 1).then_some(())?;
            record(n, Format::FaceImage)
        }
        // ISO/IEC 19794-6:2005: a 4-byte length, the capture device (2 bytes), one or two eye
        // subtypes and the header's own length, 45. The IREX exchange format puts one more byte
        // before the length, and its header is 46 bytes.
        b"IIR\0" => {
            let iris = |shift: usize| {
                let n = be(h, 8 + shift, 4)?;
                let subtypes = be(h, 14 + shift, 1)?;
                (be(h, 15 + shift, 2)? == 45 + shift as u64 && (1..=2).contains(&subtypes) && n >= 45).then_some(n)
            };
            record(iris(0).or_else(|| iris(1))?, Format::IrisImage)
        }
        [0xFF, 0xA0, 0xFF, _] => wsq(h).and_then(|n| record(n, Format::Wsq)),
        _ if h.starts_with(b"1.001:") => ansi_nist(h).and_then(|n| record(n, Format::AnsiNist)),
        _ => None,
    }
}

/// The version field after an ISO/ANSI signature: `" 20\0"`, `"030\0"`, `"010\0"` …
fn version(h: &[u8]) -> bool {
    matches!(h.get(4..8), Some([a, b, c, 0]) if (a.is_ascii_digit() || *a == b' ') && b.is_ascii_digit() && c.is_ascii_digit())
}

/// The big-endian number of `n` bytes at `at`.
fn be(h: &[u8], at: usize, n: usize) -> Option<u64> {
    Some(h.get(at..at + n)?.iter().fold(0u64, |v, &b| v << 8 | u64::from(b)))
}

/// A minutiae record's image fields at `at`: capture equipment (2 bytes), width and height (2 each,
/// not zero), horizontal and vertical resolution (2 each, not zero), the number of finger views
/// (at least one) and a reserved zero byte.
fn image_fields(h: &[u8], at: usize) -> bool {
    let Some(f) = h.get(at..at + 12) else { return false };
    let word = |k: usize| u16::from_be_bytes([f[k], f[k + 1]]);
    word(2) > 0 && word(4) > 0 && word(6) > 0 && word(8) > 0 && f[10] >= 1 && f[11] == 0
}

/// A WSQ image: after the start-of-image marker (FF A0), marker segments (FF A2-A8 and a length of
/// at least 2) chained up to the frame header (FF A2), within the span looked at, with at least one
/// table (transform, quantization or Huffman: FF A4-A6) before it, as encoders write them. Returns
/// the bytes up to the frame header's end.
fn wsq(h: &[u8]) -> Option<u64> {
    let (mut at, mut tables) = (2, false);
    while at + 4 <= h.len().min(SPAN_LIMIT) {
        let marker = match h[at..at + 2] {
            [0xFF, m @ 0xA2..=0xA8] => m,
            _ => return None,
        };
        let len = usize::from(u16::from_be_bytes([h[at + 2], h[at + 3]]));
        if len < 2 {
            return None;
        }
        at += 2 + len;
        tables |= matches!(marker, 0xA4..=0xA6);
        if marker == 0xA2 {
            return tables.then_some(at as u64);
        }
    }
    None
}

/// An ANSI/NIST-ITL transaction: `1.001:` and the Type-1 record's length in digits, a group
/// separator (0x1D), then `1.002:` (the version field). Returns the Type-1 record's length.
fn ansi_nist(h: &[u8]) -> Option<u64> {
    let digits = h[6..].iter().take(9).take_while(|b| b.is_ascii_digit()).count();
    let after = 6 + digits;
    if digits == 0 || h.get(after) != Some(&0x1D) || !h[after + 1..].starts_with(b"1.002:") {
        return None;
    }
    Some(u64::from(super::digits::num(&h[6..after]))).filter(|&n| n >= 12)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic ISO/IEC 19794-2:2005 record: header, one view, `minutiae` minutiae of 6 bytes.
    fn iso_fmr(minutiae: u8) -> Vec<u8> {
        let len = 24 + 4 + 6 * usize::from(minutiae) + 2;
        let mut r = b"FMR\0 20\0".to_vec();
        r.extend((len as u32).to_be_bytes());
        r.extend([0x00, 0x00, 0x01, 0xF4, 0x01, 0xF4, 0x00, 0xC5, 0x00, 0xC5, 0x01, 0x00]);
        r.extend([0x01, 0x00, 0x50, minutiae]);
        for k in 0..minutiae {
            r.extend([0x40, 10 + k, 0x00, 20 + k, 0x30, 0x50]);
        }
        r.extend([0x00, 0x00]);
        r
    }

    #[test]
    fn iso_and_ansi_minutiae_records() {
        let iso = iso_fmr(5);
        assert_eq!(
            record_at(&iso, 0),
            Some(Record { start: 0, declared: iso.len() as u64, format: Format::IsoFingerMinutiae })
        );
        // ANSI 378: a 2-byte length and a product id before the same image fields.
        let mut ansi = b"FMR\0 20\0\x00\x40\x00\x33\x00\x11".to_vec();
        ansi.extend([0x00, 0xB5, 0x01, 0xF4, 0x01, 0xF4, 0x00, 0xC5, 0x00, 0xC5, 0x01, 0x00]);
        ansi.resize(64, 0);
        assert_eq!(record_at(&ansi, 0).map(|r| (r.format, r.declared)), Some((Format::AnsiFingerMinutiae, 64)));
    }

    #[test]
    fn signatures_without_their_header_are_not_records() {
        let iso = iso_fmr(3);
        for (what, broken) in [
            ("no version", [&b"FMR\0abc\0"[..], &iso[8..]].concat()),
            ("zero width", [&iso[..14], &[0, 0], &iso[16..]].concat()),
            ("no views", [&iso[..22], &[0, 0], &iso[24..]].concat()),
            ("cut short", iso[..20].to_vec()),
            ("length too small", [&iso[..8], &[0, 0, 0, 4], &iso[12..]].concat()),
        ] {
            assert_eq!(record_at(&broken, 0), None, "{what}");
        }
        assert_eq!(record_at(b"IIR\x00010\0\0\0\0\0\0\0", 0), None, "an iris record of no length");
        let iris = b"IIR\x00010\0\0\0\x01\x00\0\0\x01\x00\x2D";
        assert_eq!(record_at(iris, 0).map(|r| r.declared), Some(256));
        assert_eq!(record_at(&[&iris[..16], b"\x2E"].concat(), 0), None, "a header length other than 45");
        assert_eq!(record_at(&[&iris[..14], b"\x03", &iris[15..]].concat(), 0), None, "three eyes");
        assert_eq!(record_at(b"FAC\x00010\0\0\0\0\x40\0\0", 0), None, "a face record without images");
        assert_eq!(record_at(b"\xFF\xA0\xFF\xD8\0\x10", 0), None, "a JPEG marker after WSQ's start");
        assert_eq!(record_at(b"\xFF\xA0\xFF\xA2\0\x11", 0), None, "a frame header before any table");
        assert_eq!(record_at(b"1.001:abc\x1D1.002:0502", 0), None);
        assert_eq!(record_at(b"1.001:230\x1E1.002:0502", 0), None, "a record separator, not a group one");
    }

    #[test]
    fn wsq_images_and_ansi_nist_transactions() {
        // SOI, a comment segment, a transform table, then the frame header.
        let mut wsq = vec![0xFF, 0xA0, 0xFF, 0xA8, 0x00, 0x06, b'N', b'I', b'S', b'T'];
        wsq.extend([0xFF, 0xA4, 0x00, 0x04, 0x11, 0x22, 0xFF, 0xA2, 0x00, 0x05, 0x00, 0x01, 0x02]);
        wsq.extend([0x55; 40]);
        assert_eq!(record_at(&wsq, 0), Some(Record { start: 0, declared: 23, format: Format::Wsq }));
        let nist = b"1.001:230\x1D1.002:0502\x1D1.003:1\x1F1\x1E2\x1F00\x1C";
        assert_eq!(record_at(nist, 0), Some(Record { start: 0, declared: 230, format: Format::AnsiNist }));
    }

    #[test]
    fn find_reports_records_starting_in_the_range_once() {
        let rec = iso_fmr(4);
        let mut hay = vec![0x11u8; 100];
        hay.extend(&rec);
        hay.extend([0x22; 50]);
        hay.extend(b"FMR\0 20\0 but no header follows");
        hay.extend(&rec);
        let second = 100 + rec.len() + 50 + 30;
        let all = |range: Range<usize>| {
            let mut out = Vec::new();
            find(&hay, range, &mut out);
            out.iter().map(|r| r.start).collect::<Vec<_>>()
        };
        assert_eq!(all(0..hay.len()), vec![100, second]);
        // Cut anywhere: each record belongs to the range its signature starts in.
        for cut in [50, 101, 103, second, second + 1] {
            let mut both = all(0..cut);
            both.extend(all(cut..hay.len()));
            assert_eq!(both, vec![100, second], "cut at {cut}");
        }
    }

    /// The real records in ../shared/data/biometric-samples (NIST's biomdi sample data), when the
    /// workplace has them: an extra, not a dependency.
    #[test]
    fn real_samples_when_present() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/biometric-samples");
        let Ok(entries) = std::fs::read_dir(&dir) else { return };
        let mut seen = 0;
        for e in entries.flatten() {
            let bytes = std::fs::read(e.path()).expect("sample");
            let r = record_at(&bytes, 0).unwrap_or_else(|| panic!("{:?} not recognised", e.path()));
            assert!(r.declared <= bytes.len() as u64 + 1, "{:?}: {r:?}", e.path());
            seen += 1;
        }
        assert!(seen >= 4);
    }
}
