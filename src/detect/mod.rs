//! The detection core: bytes in, validated matches out. No I/O, no threads, no printing.
//!
//! ```text
//! &[u8] block ──one pass──▶ candidates ──────────────▶ validators ─────────────▶ Match
//!               (digit or full-width digit → token      id_card: MOD 11-2, date, region
//!                `@` → email span)                      phone: allocated prefix, form
//! ```
//!
//! The pass skips eight bytes at a time while none can start a candidate (a word test), looks at the
//! rest through a 256-entry class table, and does real work only at candidates: there is no regex
//! pass and no per-line work. A lone digit run that cannot be a value's length is skipped without
//! being tokenized. A [`Detector`] is built
//! once and shared by all threads (`Send + Sync`); each thread owns a [`Scratch`].
//!
//! Blocks and edges: [`Detector::detect`] is given a haystack and the range of it the caller owns; it
//! reports exactly the matches that *start* inside that range, using the bytes around it as context.
//! A caller that hands over consecutive ranges with at least [`CONTEXT`] bytes of haystack on either
//! side (or the file's real start and end) gets every match of the file exactly once.

mod digits;
pub mod email;
pub mod id_card;
mod phone;
pub mod tables;

use crate::finding::{Category, Confidence, Kind};
use digits::{glued_after, Sep, Tokens};
pub use id_card::{Date, IdInfo, Sex};
use std::ops::Range;

/// Bytes of context a caller must provide on each side of the range it owns. Every match and the
/// context its validators read (country-code prefixes, separators, glue characters) spans far less;
/// the margin keeps later context rules (keyword windows) inside the same contract.
pub const CONTEXT: usize = 4096;

/// How far past the owned range the loop still looks for candidates: a match may start inside the
/// range while the byte that triggers it (`@`, or the digits after `(+86)`) lies beyond.
const TRIGGER_SLACK: usize = 128;

/// How people write the 18 characters of an ID number, as digit-group lengths joined by one kind of
/// separator: `11010519491231002X`, `110105 19491231 002X`, `110105-1949-1231-002X`. The last group
/// may end in the check character `X` instead of a digit.
const ID_SHAPES: &[&[usize]] = &[&[18], &[6, 8, 4], &[6, 4, 4, 4]];

/// What is known of how a haystack's bytes encode characters, as far as value boundaries are
/// concerned. Digits and `@` are single bytes in UTF-8 and in the double-byte Chinese encodings (GBK,
/// GB18030, Big5) alike; what differs is that there the second byte of a character can be an ASCII
/// letter (碼 = B4 61), which must not count as a letter glued to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 as far as the file's head showed. A letter after bytes that do not end a UTF-8
    /// character is still taken as the second half of a double-byte character: GBK exports often
    /// start with a page of ASCII.
    #[default]
    Utf8,
    /// A double-byte encoding: the head was not UTF-8.
    DoubleByte,
}

/// Longest run of high bytes followed back to decide where characters start.
const TRAIL_RUN_LIMIT: usize = 256;

impl Encoding {
    /// Whether `hay[i]` (in 0x40-0x7E) is the second byte of a double-byte character rather than an
    /// ASCII character of its own. Every maximal run of bytes >= 0x80 before it starts on a character
    /// boundary (what precedes the run is ASCII, or the run is longer than we look), so:
    /// * in a file whose head was UTF-8, a run that is valid UTF-8 is UTF-8 text, and the byte stands
    ///   alone (GBK pairs rarely form valid UTF-8 for more than a character or two);
    /// * otherwise characters in the run are pairs, and the byte is a trail byte exactly when the run
    ///   has odd length.
    ///
    /// Runs are followed back at most `TRAIL_RUN_LIMIT` bytes, well inside the context every block
    /// carries, so the answer never depends on where a block starts; a longer double-byte run is taken
    /// to end in a lead byte (a rare name character after a long paragraph is then found, at the cost
    /// of accepting an ASCII letter there).
    pub(crate) fn is_trail_byte(self, hay: &[u8], i: usize) -> bool {
        if !(0x40..=0x7E).contains(&hay[i]) || i == 0 || hay[i - 1] < 0x81 {
            return false;
        }
        let run = hay[..i].iter().rev().take(TRAIL_RUN_LIMIT + 1).take_while(|&&b| b >= 0x80).count();
        if self == Encoding::Utf8 {
            let mut bytes = &hay[i - run.min(TRAIL_RUN_LIMIT)..i];
            if run > TRAIL_RUN_LIMIT {
                // Cut somewhere inside: start at the next UTF-8 lead byte.
                let skip = bytes.iter().take_while(|&&b| b & 0xC0 == 0x80).count();
                bytes = &bytes[skip..];
            }
            if std::str::from_utf8(bytes).is_ok() {
                return false;
            }
        }
        run > TRAIL_RUN_LIMIT || run % 2 == 1
    }
}

/// One validated value in the haystack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Byte span in the haystack passed to `detect`.
    pub start: usize,
    pub end: usize,
    pub category: Category,
    pub kind: Option<Kind>,
    /// The canonical form that fingerprints are computed from: ASCII digits for numbers (upper-case
    /// `X`, national number without country code), lower-case for email addresses.
    pub normalized: String,
    pub confidence: Confidence,
    /// What an ID number says about its holder.
    pub id: Option<IdInfo>,
}

/// Options fixed for a whole scan.
#[derive(Debug, Clone)]
pub struct DetectorOptions {
    /// Birth dates after this day are impossible. Passed in so the core reads no clock.
    pub today: Date,
}

/// Compiled detection rules; build once, share between threads.
pub struct Detector {
    today: Date,
    mobile: &'static tables::MobilePrefixes,
}

/// Per-thread working memory for `detect`.
#[derive(Default)]
pub struct Scratch {
    tokens: Tokens,
    /// Where the last email address ended: digits right after it (`wang@qq.com13812345678`) were
    /// cut from its top-level domain as prose, so its letters do not glue them either.
    email_end: Option<usize>,
}

// Byte classes for the candidate pass.
const OTHER: u8 = 0;
const DIGIT: u8 = 1;
const AT: u8 = 2;
const LEAD_EF: u8 = 3; // first byte of full-width forms (U+FF00..): maybe a full-width digit

static CLASS: [u8; 256] = {
    let mut t = [OTHER; 256];
    let mut b = b'0';
    while b <= b'9' {
        t[b as usize] = DIGIT;
        b += 1;
    }
    t[b'@' as usize] = AT;
    t[0xEF] = LEAD_EF;
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` may start a candidate: `0`-`9` or `@` (0x30..=0x40), or 0xEF (the lead
/// byte of full-width digits). A filter that may say yes wrongly (`:;<=>?` and full-width
/// punctuation pass it) but never says no wrongly; the class table decides per byte.
#[inline(always)]
fn maybe_candidate(w: u64) -> bool {
    // "hasbetween(w, 0x2F, 0x41)" from Bit Twiddling Hacks: high bit set in bytes 0x30..=0x40;
    // bytes >= 0x80 are excluded by `!w`.
    let low7 = w & !HIGHS;
    let in_range = (ONES * (127 + 0x41)).wrapping_sub(low7) & !w & (low7 + ONES * (127 - 0x2F)) & HIGHS;
    // "haszero(w ^ 0xEF..)": high bit set where a byte equals 0xEF.
    let x = w ^ (ONES * 0xEF);
    let ef = x.wrapping_sub(ONES) & !x & HIGHS;
    (in_range | ef) != 0
}

impl Detector {
    pub fn new(opts: DetectorOptions) -> Detector {
        Detector { today: opts.today, mobile: tables::MobilePrefixes::get() }
    }

    /// Appends to `out`, in order of position, every match that starts inside `range`.
    pub fn detect(&self, hay: &[u8], range: Range<usize>, enc: Encoding, scratch: &mut Scratch, out: &mut Vec<Match>) {
        let first = out.len();
        scratch.email_end = None;
        let limit = hay.len().min(range.end.saturating_add(TRIGGER_SLACK));
        // Start at the beginning of the haystack, not of the range: a token or address that begins
        // in the left context must be read whole so that its groups are interpreted as in one pass.
        let mut i = 0;
        while i < limit {
            // Skip eight uninteresting bytes at a time; most bytes of any text are.
            while i + 8 <= limit && !maybe_candidate(u64::from_le_bytes(hay[i..i + 8].try_into().unwrap())) {
                i += 8;
            }
            if i >= limit {
                break;
            }
            match CLASS[hay[i] as usize] {
                OTHER => i += 1,
                DIGIT => i = self.digit_token(hay, i, &range, enc, scratch, out),
                LEAD_EF if digits::digit_at(hay, i).is_some() => {
                    i = self.digit_token(hay, i, &range, enc, scratch, out)
                }
                LEAD_EF | AT => i = self.email_at(hay, i, &range, enc, scratch, out),
                _ => unreachable!("four byte classes"),
            }
        }
        // Emails are reported from their `@`, after digit tokens that sit in their local part.
        out[first..].sort_by_key(|m| m.start);
    }

    /// Reports an email address around an at sign at `i` (`@` or `＠`); returns where scanning
    /// resumes.
    fn email_at(
        &self,
        hay: &[u8],
        i: usize,
        range: &Range<usize>,
        enc: Encoding,
        s: &mut Scratch,
        out: &mut Vec<Match>,
    ) -> usize {
        let Some(at_len) = email::at_sign(hay, i) else { return i + 1 };
        match email::at(hay, i, at_len, enc) {
            Ok(span) => {
                report(range, out, span.start, || Match {
                    start: span.start,
                    end: span.end,
                    category: Category::Email,
                    kind: None,
                    normalized: span.normalized(hay),
                    confidence: Confidence::percent(90),
                    id: None,
                });
                s.email_end = Some(span.end);
                span.end.max(i + at_len)
            }
            Err(_) => i + at_len,
        }
    }

    /// Reads the token at `i`, reports what its groups form, and returns where scanning resumes.
    fn digit_token(
        &self,
        hay: &[u8],
        i: usize,
        range: &Range<usize>,
        enc: Encoding,
        s: &mut Scratch,
        out: &mut Vec<Match>,
    ) -> usize {
        // Fast path for the common token, a lone run of ASCII digits (timestamps, amounts, ports, the
        // digits inside hex ids): if nothing that could extend it into a multi-group token follows,
        // only a run of a value's length (11, 13, 15 or 18 digits) can match. Same result as the slow
        // path, measured at a third of the scan's time before it existed.
        let run = hay[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let next = hay.get(i + run).copied();
        let may_extend = next.is_some_and(digits::may_continue);
        if !may_extend && !matches!(run, 11 | 13 | 15 | 18) {
            return i + run.max(1);
        }
        let end = digits::tokenize(hay, i, enc, &mut s.tokens);
        if s.email_end == Some(i) {
            s.tokens.glued_left = false;
        }
        let t = &s.tokens;
        let mut g = 0;
        while g < t.groups.len() {
            // Whatever a form consumes is consumed whether or not its match lies in `range`, so the
            // interpretation of a token never depends on where a block boundary fell.
            let consumed = self.id_at(hay, t, g, range, out).or_else(|| self.mobile_at(hay, t, g, range, out));
            g = consumed.map_or(g + 1, |last| last + 1);
        }
        end
    }

    /// An 18-character resident ID starting at group `g`, in one of the [`ID_SHAPES`]. Returns the last
    /// group it consumed.
    fn id_at(&self, hay: &[u8], t: &Tokens, g: usize, range: &Range<usize>, out: &mut Vec<Match>) -> Option<usize> {
        let gs = &t.groups;
        let mut id = [0u8; 18];
        let shape = ID_SHAPES.iter().find(|shape| {
            let k = shape.len();
            g + k <= gs.len()
                && shape.iter().enumerate().all(|(j, &len)| {
                    let grp = &gs[g + j];
                    (grp.n == len && !grp.x) || (j + 1 == k && grp.n + 1 == len && grp.x)
                })
                && t.seps[g..g + k - 1].windows(2).all(|w| w[0] == w[1])
        })?;
        let mut at = 0;
        for grp in &gs[g..g + shape.len()] {
            id[at..at + grp.n].copy_from_slice(t.digits_of(grp));
            at += grp.n;
        }
        let last = g + shape.len() - 1;
        if gs[last].x {
            id[17] = b'X';
        }
        let start = left_edge(t, g)?;
        if !right_edge(hay, t, last) {
            return None;
        }
        let info = id_card::validate(&id, self.today).ok()?;
        report(range, out, start, || Match {
            start,
            end: gs[last].end,
            category: Category::IdCard,
            kind: Some(Kind::Resident),
            normalized: String::from_utf8_lossy(&id).into_owned(),
            confidence: Confidence::percent(95),
            id: Some(info),
        });
        Some(last)
    }

    /// A mainland mobile number starting at group `g`, with or without a country code.
    fn mobile_at(&self, hay: &[u8], t: &Tokens, g: usize, range: &Range<usize>, out: &mut Vec<Match>) -> Option<usize> {
        let gs = &t.groups;
        // `+86 138 1234 5678`, `0086-13812345678`, `86-13812345678`: the country code is a group.
        let (start, form) =
            if phone::is_country_code(t.digits_of(&gs[g]), gs[g].x) && g + 1 < gs.len() && t.seps[g] != Sep::Dot {
                let form = phone::national_form(hay, t, g + 1, self.mobile)?;
                let start = match phone::plus_before(hay, gs[g].start) {
                    Some(plus) if g == 0 => plus,
                    _ => left_edge(t, g)?,
                };
                (start, phone::Form { confidence: form.confidence.max(90), ..form })
            } else {
                let form = phone::national_form(hay, t, g, self.mobile)?;
                // `(+86)13812345678`: the code sits in its own token just before this one.
                match (form.plus_start, g, phone::paren_country_code_before(hay, gs[0].start)) {
                    (Some(plus), _, _) => (plus, form),
                    (None, 0, Some(paren)) => (paren, phone::Form { confidence: form.confidence.max(90), ..form }),
                    _ => (left_edge(t, g)?, form),
                }
            };
        if !right_edge(hay, t, form.last) {
            return None;
        }
        report(range, out, start, || Match {
            start,
            end: gs[form.last].end,
            category: Category::Phone,
            kind: Some(Kind::Mobile),
            normalized: String::from_utf8_lossy(&form.number).into_owned(),
            confidence: Confidence::percent(form.confidence),
            id: None,
        });
        Some(form.last)
    }
}

/// Reports a match that starts at `start` if the caller owns that position (see `Detector::detect`);
/// the match is only built then.
fn report(range: &Range<usize>, out: &mut Vec<Match>, start: usize, m: impl FnOnce() -> Match) {
    if range.contains(&start) {
        out.push(m());
    }
}

/// Where a value starting at group `g` starts, if nothing glues it to what comes before: at the
/// token's start the preceding character decides; inside a token only a space may separate it from
/// the previous group (a hyphen makes both parts of one compound number, like `2023-13812345678`).
fn left_edge(t: &Tokens, g: usize) -> Option<usize> {
    let start = t.groups[g].start;
    let free = if g == 0 { !t.glued_left } else { t.seps[g - 1] == Sep::Space };
    free.then_some(start)
}

/// Whether a value ending with group `last` is free on the right (see `left_edge`).
fn right_edge(hay: &[u8], t: &Tokens, last: usize) -> bool {
    if last + 1 == t.groups.len() {
        !glued_after(hay, t.groups[last].end)
    } else {
        t.seps[last] == Sep::Space
    }
}

#[cfg(test)]
mod tests;
