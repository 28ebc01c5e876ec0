//! Templates written as text: the values a biometric key, column or table holds, and standard
//! records (ISO/IEC 19794, WSQ) encoded in hex or base64. Bytes in, spans out; no I/O.
//!
//! ```text
//! value start ──▶ hex      0x464D5200…  \x464d…  X'464D…'  464d5200…   (≥ MIN_BYTES bytes)
//!             ──▶ base64   Rk1SACAyMAAA…  (standard or URL-safe alphabet, padding optional)
//!             ──▶ vector   0.0123, -0.2231, …  or  [0.0123 -0.2231 …]   (≥ MIN_DIMS numbers)
//! ```
//!
//! The thresholds keep hashes out: an MD5, SHA-1, SHA-256 or SHA-512 digest (16-64 bytes) is what a
//! `fingerprint` key holds in certificates, SSH keys and device fingerprints, and is shorter than
//! [`MIN_BYTES`]. A template is hundreds of bytes; an embedding has 128 to 512 numbers.
//!
//! A value is read to its end or to [`SPAN_LIMIT`] bytes of text, whichever is first: that much is
//! reported as its span and fingerprinted, so where blocks are cut never changes a finding.

use super::biometric::{self, SPAN_LIMIT};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

/// Decoded bytes a hex or base64 value needs at least, under a biometric key.
pub const MIN_BYTES: usize = 96;
/// Numbers a vector needs at least.
pub const MIN_DIMS: usize = 32;

/// What a value is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Hex,
    Base64,
    Vector,
}

/// A value read: its span in the text, and its normalized form (the decoded bytes as lower-case
/// hex, or the vector's numbers as `[a,b,…]`), over the span only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub start: usize,
    pub end: usize,
    pub shape: Shape,
    pub normalized: String,
    /// The standard record (ISO/IEC 19794, WSQ …) that the decoded bytes begin with, if any: read
    /// while the bytes are at hand, so that nobody decodes the normalized form again.
    pub record: Option<biometric::Record>,
}

/// Base64 as templates are written: either alphabet's tail (`+/` or `-_`), padding or none, and a
/// value cut at the span limit decodes like a whole one.
const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

fn is_b64(b: u8) -> bool {
    CLASS[usize::from(b)] & B64 != 0
}

/// What a byte can be in an encoded value, as bits, so that one table look-up per byte serves the
/// hex run, the base64 run and the mix of characters (values run to 4 KiB, and a dump has many).
const HEX: u8 = 1;
const B64: u8 = 2;
const UPPER: u8 = 4;
const LOWER: u8 = 8;
const DIGIT: u8 = 16;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_digit() {
            HEX | B64 | DIGIT
        } else if c.is_ascii_uppercase() {
            B64 | UPPER | if c <= b'F' { HEX } else { 0 }
        } else if c.is_ascii_lowercase() {
            B64 | LOWER | if c <= b'f' { HEX } else { 0 }
        } else if matches!(c, b'+' | b'/' | b'-' | b'_') {
            B64
        } else {
            0
        };
        b += 1;
    }
    t
};

/// Prefixes of hex: SQL's 0x… and X'…', PostgreSQL's \x… (escaped once more inside a string).
const HEX_PREFIXES: [&[u8]; 6] = [b"0x", b"0X", b"X'", b"x'", b"\\\\x", b"\\x"];

/// The template value that starts at `i` (after a key and its separators, or a cell's start).
pub fn read(hay: &[u8], i: usize) -> Option<Blob> {
    if let Some(v) = vector(hay, i) {
        return Some(v);
    }
    let (blob, mix) = encoded(hay, i, MIN_BYTES)?;
    // Random bytes in base64 use upper and lower case and digits; an identifier or a word written
    // long does not. (Over the whole run: 64 random characters lack a digit once in 50,000.)
    (blob.shape == Shape::Hex || mix == UPPER | LOWER | DIGIT).then_some(blob)
}

/// The hex or base64 value at `i` (with its prefix), and which of upper case, lower case and
/// digits its text holds (as `CLASS` bits), if it holds `min_bytes` bytes or more. Hex where a
/// prefix stands and the hex digits go at least as far as the base64 characters, or where they are
/// the same run; base64 otherwise (a base64 value may begin with `0X`).
fn encoded(hay: &[u8], i: usize, min_bytes: usize) -> Option<(Blob, u8)> {
    let digits = i + HEX_PREFIXES.iter().find(|p| hay[i..].starts_with(p)).map_or(0, |p| p.len());
    let (hex_end, _, _) = run(hay, digits, HEX);
    let (b64_end, capped, mix) = run(hay, i, B64);
    if hex_end >= b64_end {
        let n = (hex_end - digits) & !1;
        if n / 2 < min_bytes.max(1) {
            return None;
        }
        let text = &hay[digits..digits + n];
        let record = hex_record(text);
        let normalized = String::from_utf8_lossy(text).to_ascii_lowercase();
        return Some((Blob { start: i, end: hex_end, shape: Shape::Hex, normalized, record }, mix));
    }
    let text = &hay[i..b64_end];
    if text.len() * 3 / 4 < min_bytes.max(1) {
        return None;
    }
    let bytes = decode_base64(text, capped).filter(|b| b.len() >= min_bytes)?;
    // Padding belongs to the value, up to two `=`.
    let mut end = b64_end;
    while !capped && end < hay.len() && hay[end] == b'=' && end - b64_end < 2 {
        end += 1;
    }
    let record = biometric::record_at(&bytes, 0);
    Some((Blob { start: i, end, shape: Shape::Base64, normalized: hex::encode(bytes), record }, mix))
}

/// The record that hex digits (an even number of them) decode to. Decoded whole only when the
/// first four bytes are a record's signature: most hex values are not records.
fn hex_record(text: &[u8]) -> Option<biometric::Record> {
    let mut head = [0u8; 4];
    hex::decode_to_slice(text.get(..8)?, &mut head).ok()?;
    if !biometric::SIGNATURES.iter().any(|s| s.starts_with(&head) || head.starts_with(s)) {
        return None;
    }
    biometric::record_at(&hex::decode(text).ok()?, 0)
}

/// The bytes of base64 `text` (without its padding); of whole groups of four only when the span
/// limit cut it, so that a cut value decodes as far as it goes.
fn decode_base64(text: &[u8], capped: bool) -> Option<Vec<u8>> {
    let engine = if text.iter().any(|&b| b == b'-' || b == b'_') { URL_SAFE } else { STANDARD };
    // One character past a group of four is never a whole byte.
    let cut = if capped || text.len() % 4 == 1 { text.len() - text.len() % 4 } else { text.len() };
    engine.decode(&text[..cut]).ok()
}

/// A run of bytes of `class` (a `CLASS` bit) from `i`, up to the span limit: where it ends, whether
/// the limit cut it, and the case and digit bits of its bytes.
fn run(hay: &[u8], i: usize, class: u8) -> (usize, bool, u8) {
    let limit = (i + SPAN_LIMIT).min(hay.len());
    let mut mix = 0;
    let end = hay[i..limit]
        .iter()
        .position(|&b| {
            let k = CLASS[usize::from(b)];
            mix |= k;
            k & class == 0
        })
        .map_or(limit, |k| i + k);
    // The byte that ended the run is in `mix` too; outside the class, it is no letter or digit.
    (end, end == i + SPAN_LIMIT, mix & (UPPER | LOWER | DIGIT))
}

/// Numbers with a fractional part, separated by commas and/or spaces, from `i` (a `[` may open
/// them): an embedding.
fn vector(hay: &[u8], i: usize) -> Option<Blob> {
    let limit = (i + SPAN_LIMIT).min(hay.len());
    let mut p = i + usize::from(hay.get(i) == Some(&b'['));
    let mut norm = String::from("[");
    let mut dims = 0;
    let mut end = p;
    while p < limit {
        let s = p;
        p += usize::from(hay[p] == b'-' || hay[p] == b'+');
        let int = hay[p..limit].iter().take_while(|b| b.is_ascii_digit()).count();
        p += int;
        if int == 0 || hay.get(p) != Some(&b'.') {
            break;
        }
        p += 1;
        let frac = hay[p..limit].iter().take_while(|b| b.is_ascii_digit()).count();
        p += frac;
        // An exponent (1.2e-05).
        if frac > 0 && matches!(hay.get(p), Some(b'e' | b'E')) {
            let q = p + 1 + usize::from(matches!(hay.get(p + 1), Some(b'-' | b'+')));
            let exp = hay[q.min(limit)..limit].iter().take_while(|b| b.is_ascii_digit()).count();
            if exp > 0 {
                p = q + exp;
            }
        }
        if frac == 0 || p > limit {
            break;
        }
        if dims > 0 {
            norm.push(',');
        }
        norm.push_str(std::str::from_utf8(&hay[s..p]).expect("ASCII"));
        dims += 1;
        end = p;
        // The separator: a comma and/or spaces.
        while p < limit && matches!(hay[p], b',' | b' ' | b'\t') {
            p += 1;
        }
    }
    if dims < MIN_DIMS {
        return None;
    }
    if hay.get(end) == Some(&b']') {
        end += 1;
    }
    norm.push(']');
    Some(Blob { start: i, end, shape: Shape::Vector, normalized: norm, record: None })
}

/// Hex and base64 beginnings of the standard records' signatures, for the text search: `FMR\0`,
/// `FIR\0`, `FAC\0`, `IIR\0` and WSQ's `FF A0 FF`.
pub const ENCODED_SIGNATURES: &[&str] = &[
    "464D5200", "464d5200", "46495200", "46414300", "49495200", "FFA0FF", "ffa0ff", "Rk1SA", "RklSA", "RkFDA", "SUlSA",
    "/6D/",
];

/// A standard biometric record written as hex or base64 text, whose encoded signature starts at
/// `i`: the value read from there (or from its `0x`/`\x` prefix) decodes to a record whose header
/// holds. Needs no key: the header says what it is.
pub fn encoded_record(hay: &[u8], i: usize) -> Option<(Blob, biometric::Record)> {
    // The value starts at the signature, or at a hex prefix right before it; not inside a word.
    let start = HEX_PREFIXES.iter().find(|p| hay[..i].ends_with(p)).map_or(i, |p| i - p.len());
    if start > 0 && is_b64(hay[start - 1]) {
        return None;
    }
    // No size threshold: the header is evidence enough, and a small minutiae template is a record.
    let (blob, _) = encoded(hay, start, 0)?;
    let record = blob.record?;
    Some((blob, record))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD as B64;

    fn template(n: usize) -> Vec<u8> {
        (0..n).map(|k| (k * 37 % 251) as u8).collect()
    }

    #[test]
    fn hex_values_in_their_prefixes() {
        let t = hex::encode(template(200));
        for (s, prefix) in
            [(format!("0x{t},"), 0), (format!("'\\x{t}'"), 1), (format!("X'{t}'"), 0), (format!("{t}\""), 0)]
        {
            let b = read(s.as_bytes(), prefix).unwrap_or_else(|| panic!("{s:.20}"));
            assert_eq!((b.shape, b.normalized.len()), (Shape::Hex, 400), "{s:.20}");
            assert!(matches!(s.as_bytes()[b.end], b',' | b'\'' | b'"'));
        }
        assert_eq!(read(format!("0x{t}zz").as_bytes(), 0), None, "hex that runs on into letters");
        let b64 = B64.encode(template(200));
        let b64 = format!("0X{}", &b64[2..]);
        assert_eq!(read(b64.as_bytes(), 0).map(|b| b.shape), Some(Shape::Base64), "base64 that begins with 0X");
    }

    #[test]
    fn hashes_are_too_short() {
        let sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assert_eq!(read(sha256.as_bytes(), 0), None);
        let sha512 = sha256.repeat(2);
        assert_eq!(read(sha512.as_bytes(), 0), None, "64 bytes: a digest, not a template");
        let b64 = B64.encode(template(64));
        assert_eq!(read(b64.as_bytes(), 0), None);
    }

    #[test]
    fn base64_either_alphabet_padded_or_not() {
        let bytes = template(300);
        let b = read(format!("{}\"", B64.encode(&bytes)).as_bytes(), 0).unwrap();
        assert_eq!((b.shape, b.normalized), (Shape::Base64, hex::encode(&bytes)));
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        assert_eq!(read(url.as_bytes(), 0).unwrap().normalized, hex::encode(&bytes));
        // A real face feature (benchmark corpus v5) whose first 64 characters hold no digit.
        let no_digit_early =
            format!("wNoLheasCdLFQYZbxAkrxywLEFeebvudJbEawFpW/ZGmCHHGBeOJZWXbl+/SZtBD{}", B64.encode(&bytes));
        assert_eq!(read(no_digit_early.as_bytes(), 0).map(|b| b.shape), Some(Shape::Base64));
        let word = "abcdefghij".repeat(20);
        assert_eq!(read(word.as_bytes(), 0), None, "letters alone are no base64 of random bytes");
    }

    #[test]
    fn vectors_of_numbers() {
        let v: Vec<String> = (0..128).map(|k| format!("{:.4}", (k as f64 * 0.37).sin())).collect();
        let s = format!("[{}]", v.join(", "));
        let b = read(s.as_bytes(), 0).unwrap();
        assert_eq!((b.shape, b.end), (Shape::Vector, s.len()));
        assert_eq!(b.normalized, format!("[{}]", v.join(",")));
        let spaced = v.join(" ");
        assert_eq!(read(spaced.as_bytes(), 0).unwrap().normalized, b.normalized);
        let short = v[..8].join(",");
        assert_eq!(read(short.as_bytes(), 0), None, "eight numbers are no embedding");
        let ints = (0..64).map(|k| k.to_string()).collect::<Vec<_>>().join(",");
        assert_eq!(read(ints.as_bytes(), 0), None, "integers are ids or counts");
        let exp = "1.5e-05,".repeat(40);
        assert_eq!(read(exp.as_bytes(), 0).unwrap().normalized.matches(',').count(), 39);
    }

    #[test]
    fn long_values_are_read_to_the_span_limit() {
        let t = hex::encode(template(4000));
        let b = read(t.as_bytes(), 0).unwrap();
        assert_eq!(b.end, SPAN_LIMIT);
    }

    #[test]
    fn standard_records_in_hex_and_base64() {
        let mut fmr = b"FMR\0 20\0".to_vec();
        fmr.extend(40u32.to_be_bytes());
        fmr.extend([0, 0, 1, 0, 1, 0, 0, 197, 0, 197, 1, 0]);
        fmr.extend(std::iter::repeat_n(7u8, 40 - fmr.len()));
        assert!(biometric::record_at(&fmr, 0).is_some());
        let hex = format!("(1,0x{},'x')", hex::encode_upper(&fmr));
        let (b, r) = encoded_record(hex.as_bytes(), 5).unwrap();
        assert_eq!((b.start, r.format), (3, biometric::Format::IsoFingerMinutiae));
        let b64 = format!("\"{}\"", B64.encode(&fmr));
        let (b, _) = encoded_record(b64.as_bytes(), 1).unwrap();
        assert_eq!((b.start, b.end, b.shape), (1, b64.len() - 1, Shape::Base64));
        assert_eq!(b.normalized, hex::encode(&fmr), "every byte, the last group's too");
        assert_eq!(encoded_record(b"see 464D5200 in the manual", 4), None, "no record behind it");
        // A value read under a key carries the record it decodes to, in either encoding; one that
        // only begins with a signature, or holds none, carries nothing.
        let mut long = fmr.clone();
        long.extend(std::iter::repeat_n(7u8, 160));
        let n = long.len() as u32;
        long[8..12].copy_from_slice(&n.to_be_bytes());
        for text in [hex::encode(&long), B64.encode(&long)] {
            let r = read(text.as_bytes(), 0).and_then(|b| b.record).map(|r| r.format);
            assert_eq!(r, Some(biometric::Format::IsoFingerMinutiae), "{text:.12}");
        }
        let mut broken = long.clone();
        broken[4..8].copy_from_slice(b"abcd");
        assert_eq!(read(hex::encode(&broken).as_bytes(), 0).map(|b| b.record), Some(None), "no version");
        assert_eq!(read(hex::encode(template(200)).as_bytes(), 0).map(|b| b.record), Some(None));
        assert_eq!(encoded_record(b"x464D5200", 1), None, "inside a word");
    }
}
