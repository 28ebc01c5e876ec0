//! The detection core: bytes in, validated matches out. No I/O, no threads, no printing.
//!
//! ```text
//! &[u8] block ──one pass──▶ candidates ──────────▶ forms + validators ──▶ context ──────▶ Match
//!               (digit or full-width digit → token   id_card, passport,     nearest keyword  (≥ min
//!                `@` → email span)                    permit, phone,         before it, or    confidence)
//!                                                     bank_card, email       column header
//!                                                     (USCC: counted, not reported)
//! ```
//!
//! The pass (`pass.rs`) computes bitmasks over 64 bytes at a time and hands out only the digit tokens
//! at which some form can start, `@` and full-width digits: dates, times and counters are skipped
//! inside the masks, and text without candidates 64 bytes per step. There is no regex pass and no
//! per-line work. A lone digit run that cannot be a value's length is skipped without being
//! tokenized. A [`Detector`] is built once and shared by all threads (`Send + Sync`); each thread
//! owns a [`Scratch`].
//!
//! Blocks and edges: [`Detector::detect`] is given a haystack and the range of it the caller owns; it
//! reports exactly the matches that *start* inside that range, using the bytes around it as context.
//! A caller that hands over consecutive ranges with at least [`CONTEXT`] bytes of haystack on either
//! side (or the file's real start and end) gets every match of the file exactly once.

mod address;
mod bank_card;
pub mod biometric;
mod birth;
mod blob;
pub mod context;
mod digits;
pub mod email;
mod han;
pub mod id_card;
mod landline;
mod letter_ids;
mod name;
mod pass;
mod person;
mod phone;
mod quick18;
pub mod tables;
pub mod uscc;

use crate::finding::{Category, Confidence, Kind};
pub use context::FileContext;
use context::{Cue, Rules, Say};
use digits::{glued_after, Sep, Tokens};
pub use id_card::{Date, IdInfo, IdKind, Sex};
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

/// Passport and permit shapes, from the count of digits starting at `i`: 7 digits after two
/// letters, 8 or 10 after E G C H M.
fn letter_id_shaped(hay: &[u8], i: usize, n: usize) -> bool {
    match n {
        7 => true,
        8 | 10 => hay[i - 1] >= 0x80 || matches!(hay[i - 1] | 0x20, b'e' | b'g' | b'c' | b'h' | b'm'),
        _ => false,
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
    /// `X` and letters, national number without country code, a 15-digit ID as its 18-digit form),
    /// lower-case for email addresses.
    pub normalized: String,
    pub confidence: Confidence,
    /// What an ID number says about its holder.
    pub id: Option<IdInfo>,
}

/// What `--explain` shows for one candidate: reported or not, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub start: usize,
    pub end: usize,
    /// `None` for things recognised as not personal (an organisation's credit code).
    pub category: Option<Category>,
    pub kind: Option<Kind>,
    /// The normalized value (the caller masks it unless the user asked for raw values).
    pub normalized: String,
    /// The confidence it was reported with; `None` if it was not reported.
    pub reported: Option<Confidence>,
    pub reason: String,
}

/// Values recognised in a range and deliberately not reported: they identify organisations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NotPersonal {
    /// Unified Social Credit Codes (GB 32100).
    pub org_ids: u64,
}

/// Options fixed for a whole scan.
#[derive(Debug, Clone)]
pub struct DetectorOptions {
    /// Birth dates after this day are impossible. Passed in so the core reads no clock.
    pub today: Date,
    /// Values below this confidence are not reported (`--explain` still says why).
    pub min_confidence: Confidence,
}

/// The default `--min-confidence`: weak forms (a bare 0-led digit run as a landline) need a label.
pub const DEFAULT_MIN_CONFIDENCE: Confidence = Confidence::percent(50);

impl DetectorOptions {
    pub fn new(today: Date) -> DetectorOptions {
        DetectorOptions { today, min_confidence: DEFAULT_MIN_CONFIDENCE }
    }
}

/// Compiled detection rules; build once, share between threads.
pub struct Detector {
    today: Date,
    min_confidence: Confidence,
    mobile: &'static tables::MobilePrefixes,
    areas: &'static tables::AreaCodes,
    bins: &'static tables::BankBins,
    rules: &'static Rules,
    /// By category: whether a negative context can reject or lower it ([`Rules::can_reject`]).
    rejectable: [bool; Category::ALL.len()],
}

/// Per-thread working memory for `detect`.
#[derive(Default)]
pub struct Scratch {
    tokens: Tokens,
    records: Vec<biometric::Record>,
    /// Where the last email address ended: digits right after it (`wang@qq.com13812345678`) were
    /// cut from its top-level domain as prose, so its letters do not glue them either.
    email_end: Option<usize>,
    notes: Notes,
    /// Read every digit run instead of only the tokens the pass judges worth it, and take none of
    /// the fast paths' shortcuts (lone 18-digit runs that fail every check, credit codes looked
    /// for only where 18 characters fit): the reference the pass and the fast paths are tested
    /// against.
    exhaustive: bool,
}

/// What `detect` records besides matches (a field of its own so that it can be written while the
/// current token is borrowed).
#[derive(Default)]
struct Notes {
    not_personal: NotPersonal,
    cursor: context::CellCursor,
    /// A verdict for every candidate, when the caller asked (`--explain`); `None` costs nothing.
    explain: Option<Vec<Verdict>>,
}

impl Scratch {
    /// Collect a verdict for every candidate from now on (`--explain`), or stop.
    pub fn set_explain(&mut self, on: bool) {
        self.notes.explain = on.then(Vec::new);
    }

    /// Read every digit run, not only the tokens the candidate pass hands out, and take no shortcut
    /// past the slow path: slower, the same results. For tests that hold the pass to the reference.
    #[doc(hidden)]
    pub fn set_exhaustive(&mut self, on: bool) {
        self.exhaustive = on;
    }

    /// Whether a token at `i` starts right where an email address ended: its letters do not glue it.
    fn right_after_email(&self, i: usize) -> bool {
        self.email_end == Some(i)
    }

    /// The verdicts collected since the last call, in order of position.
    pub fn take_verdicts(&mut self) -> Vec<Verdict> {
        self.notes.explain.as_mut().map(std::mem::take).unwrap_or_default()
    }
}

/// Lengths of a lone run of ASCII digits that some form can use: 7 and 8 (after a passport or
/// permit letter, a local number after `(021)`, a 台胞证 number), 10 (回乡证, 台胞证), 11 (mobile,
/// landline), 12 (landline), 13 (`86` + mobile), 15 (first-generation ID, `0086` + mobile), 16-19
/// (bank cards; 18: ID numbers). Others are skipped without being tokenized.
static USEFUL_RUN: [bool; 20] = {
    let mut t = [false; 20];
    let lens = [7, 8, 10, 11, 12, 13, 15, 16, 17, 18, 19];
    let mut k = 0;
    while k < lens.len() {
        t[lens[k]] = true;
        k += 1;
    }
    t
};

/// Confidence of a fully valid ID number after a negative keyword (订单号 …): below the default
/// threshold, but not gone.
const LOWERED: u8 = 45;

// Forms tried at a group, by the group's digit count (see `FORMS_BY_LEN`).
const F_ID: u8 = 1; // 18 whole, 17 + X, or the 6 of 6-8-4 / 6-4-4-4
const F_ID15: u8 = 2;
const F_CARD: u8 = 4; // 16-19 whole, the 4 of 4-4-4-4, the 6 of 6-13
const F_MOBILE: u8 = 8; // 11, 13 (86…), 15 (0086…), the 3 of a split, a country code 86/0086
const F_LANDLINE: u8 = 16; // an area code 0AA/0AAA, 86, a local number after (021), 11-12 bare
const F_PERMIT: u8 = 32; // 8 or 10 digits after 台胞证

static FORMS_BY_LEN: [u8; 25] = {
    let mut t = [0u8; 25];
    t[2] = F_MOBILE | F_LANDLINE;
    t[3] = F_MOBILE | F_LANDLINE;
    t[4] = F_CARD | F_MOBILE | F_LANDLINE;
    t[6] = F_ID | F_ID15 | F_CARD;
    t[7] = F_LANDLINE;
    t[8] = F_LANDLINE | F_PERMIT;
    t[10] = F_PERMIT;
    t[11] = F_MOBILE | F_LANDLINE;
    t[12] = F_LANDLINE;
    t[13] = F_MOBILE;
    t[15] = F_ID15 | F_MOBILE;
    t[16] = F_CARD;
    t[17] = F_ID | F_CARD;
    t[18] = F_ID | F_CARD;
    t[19] = F_CARD;
    t
};

/// The forms worth trying at group `g`: [`FORMS_BY_LEN`] narrowed by what the next group and the
/// first digits allow. Only a filter: each form still checks everything itself.
#[inline]
fn forms_at(t: &Tokens, g: usize, hay: &[u8]) -> u8 {
    let gs = &t.groups;
    let next = gs.get(g + 1).map_or(0, |x| x.n);
    forms_of(gs[g].n, next, t.digits_of(&gs[g]), g, t.glued_left, || landline::paren_before(hay, gs[0].start))
}

/// [`forms_at`] from a group's digit count `n`, the next group's (0 if none), the group's digits `d`
/// (at least its first four), its index `g`, whether the token is glued on the left, and whether a
/// parenthesised area code stands before the token (asked only when it matters).
#[inline]
fn forms_of(n: usize, next: usize, d: &[u8], g: usize, glued_left: bool, paren_before: impl Fn() -> bool) -> u8 {
    let mut forms = FORMS_BY_LEN.get(n).copied().unwrap_or(0);
    if forms == 0 {
        return 0;
    }
    // A local number right after `(021)`: split 3-4 / 4-4, or whole.
    let after_paren = || g == 0 && !glued_left && paren_before();
    if g != 0 || glued_left {
        forms &= !F_CARD; // a card is a whole token
    }
    match n {
        // A country code (86, 0086) or an area code (0AA, 0AAA); 4: also the first group of a card.
        2 | 4 if !(d == b"86" || d == b"0086") => {
            forms &= F_CARD | F_LANDLINE;
            if (n == 2 || d[0] != b'0') && !(n == 4 && next == 4 && after_paren()) {
                forms &= !F_LANDLINE;
            }
            if next != 4 {
                forms &= !F_CARD;
            }
        }
        // The head of a split mobile (3-4-4, 3-8) or an area code.
        3 => {
            if !matches!(next, 4 | 8) {
                forms &= !F_MOBILE;
            }
            if d[0] != b'0' && !(next == 4 && after_paren()) {
                forms &= !F_LANDLINE;
            }
        }
        // The region of a split ID (6-8-4, 6-4-4-4, 6-6-3) or the head of a 6-13 card.
        6 => {
            if !matches!(next, 8 | 4) {
                forms &= !F_ID;
            }
            if next != 6 {
                forms &= !F_ID15;
            }
            if next != 13 {
                forms &= !F_CARD;
            }
        }
        // A local number after `(021)`, or a 台胞证 number.
        7 | 8 if !after_paren() => forms &= !F_LANDLINE,
        _ => {}
    }
    // What the first digits rule out: mobiles start with 1 (or a country code), bare landlines
    // with 0, ID numbers with a region (1-8) or 9 (foreigners), never 0.
    let mobile_head = match n {
        3 | 11 => d[0] == b'1',
        13 => d.starts_with(b"86"),
        15 => d.starts_with(b"0086"),
        _ => true,
    };
    if !mobile_head {
        forms &= !F_MOBILE;
    }
    // A bare landline starts with 0; an area code (0AA, 0AAA) needs its local number after it.
    if (matches!(n, 11 | 12) && d[0] != b'0') || (matches!(n, 3 | 4) && d[0] == b'0' && next < 3) {
        forms &= !F_LANDLINE;
    }
    if d[0] == b'0' || (n == 15 && d[0] == b'9') {
        forms &= !(F_ID | F_ID15);
    }
    forms
}

/// What the shape of a token says without reading it into [`Tokens`].
enum PlainToken {
    /// One plain group: the run alone.
    Single,
    /// Several plain groups — ASCII digits joined by single ASCII spaces, hyphens or dots, no `X` —
    /// none of which any form can start at; the token ends here, exactly where [`digits::tokenize`]
    /// would end it.
    Formless(usize),
    /// Read it properly: a form may start, or the token has full-width digits, other separators or
    /// an `X`.
    Other,
}

/// The shape of the token at `i`, which starts with a run of `run` ASCII digits. Forms are judged
/// as if nothing glued the token on the left, which only ever allows more.
#[inline(never)]
fn plain_token(hay: &[u8], i: usize, run: usize) -> PlainToken {
    // Each group is judged once the next one's length is known.
    let (mut g, mut start, mut n) = (0, i, run);
    loop {
        let e = start + n;
        let next_start = match hay.get(e..) {
            Some([b' ' | b'-' | b'.', d, ..]) if d.is_ascii_digit() => e + 1,
            // A full-width digit after a separator continues the token.
            Some([b' ' | b'-' | b'.', 0xEF, ..]) => return PlainToken::Other,
            Some([b, ..]) if digits::may_continue(*b) && !matches!(b, b' ' | b'-' | b'.') => return PlainToken::Other,
            _ if g == 0 => return PlainToken::Single,
            _ => e,
        };
        let next = if next_start > e { pass::digit_run(&hay[next_start..]) } else { 0 };
        if forms_of(n, next, &hay[start..start + n.min(4)], g, false, || landline::paren_before(hay, i)) != 0 {
            return PlainToken::Other;
        }
        if next == 0 {
            return PlainToken::Formless(e);
        }
        (g, start, n) = (g + 1, next_start, next);
    }
}

/// When a form needs a label to mean anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    /// Reported on its own checks; a label raises confidence.
    Open,
    /// Only with a label of its category (a passport's E12345678).
    Label,
    /// Only with a label of this keyword group (eight digits after 台胞证).
    Group(&'static str),
}

/// A candidate's normalized form, kept inline while it is not known to be reported: most
/// candidates in exports and dumps are rejected by their context (customer numbers shaped like
/// passports, order numbers in an order column), and a heap string each would cost more than
/// deciding. Numbers and letter ids fit inline; email addresses live on the heap.
enum Norm {
    Inline { buf: [u8; Norm::INLINE], len: u8 },
    Heap(String),
}

impl Norm {
    const INLINE: usize = 22;

    /// The concatenation of `parts`, ASCII as every number's normalized form is.
    fn ascii(parts: &[&[u8]]) -> Norm {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len > Norm::INLINE || !parts.iter().all(|p| p.is_ascii()) {
            return Norm::Heap(parts.iter().map(|p| String::from_utf8_lossy(p)).collect());
        }
        let mut buf = [0u8; Norm::INLINE];
        let mut at = 0;
        for p in parts {
            buf[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        Norm::Inline { buf, len: len as u8 }
    }

    fn as_str(&self) -> &str {
        match self {
            // Built from ASCII only.
            Norm::Inline { buf, len } => std::str::from_utf8(&buf[..usize::from(*len)]).expect("ASCII"),
            Norm::Heap(s) => s,
        }
    }

    fn into_string(self) -> String {
        match self {
            Norm::Heap(s) => s,
            inline => inline.as_str().to_owned(),
        }
    }
}

/// A value that passed its form and validators, before context has spoken.
struct Candidate {
    start: usize,
    end: usize,
    category: Category,
    kind: Option<Kind>,
    normalized: Norm,
    /// Confidence without a label, and with one.
    base: u8,
    labelled: u8,
    gate: Gate,
    id: Option<IdInfo>,
    /// The form and checks that held, for `--explain`.
    why: &'static str,
}

impl Candidate {
    /// A value whose own evidence decides (a name after its label, a template, a record's header):
    /// one confidence whatever stands around it, and no label needed.
    fn open(
        (start, end): (usize, usize),
        category: Category,
        kind: Option<Kind>,
        normalized: String,
        conf: u8,
        why: &'static str,
    ) -> Candidate {
        Candidate {
            start,
            end,
            category,
            kind,
            normalized: Norm::Heap(normalized),
            base: conf,
            labelled: conf,
            gate: Gate::Open,
            id: None,
            why,
        }
    }
}

/// The haystack, its context and the range the caller owns, for one `detect` call.
struct Ctx<'h> {
    hay: &'h [u8],
    range: Range<usize>,
    file: &'h FileContext,
}

impl Detector {
    pub fn new(opts: DetectorOptions) -> Detector {
        Detector {
            today: opts.today,
            min_confidence: opts.min_confidence,
            mobile: tables::MobilePrefixes::get(),
            areas: tables::AreaCodes::get(),
            bins: tables::BankBins::get(),
            rules: Rules::get(),
            rejectable: {
                let mut r = [false; Category::ALL.len()];
                Category::ALL.into_iter().for_each(|c| r[c as usize] = Rules::get().can_reject(c));
                r
            },
        }
    }

    /// Appends to `out`, in order of position, every match that starts inside `range`, and returns
    /// what was recognised there as not personal.
    pub fn detect(
        &self,
        hay: &[u8],
        range: Range<usize>,
        file: &FileContext,
        scratch: &mut Scratch,
        out: &mut Vec<Match>,
    ) -> NotPersonal {
        let first = out.len();
        scratch.email_end = None;
        scratch.notes.not_personal = NotPersonal::default();
        scratch.notes.cursor = Default::default();
        let limit = hay.len().min(range.end.saturating_add(TRIGGER_SLACK));
        let c = Ctx { hay, range, file };
        // Start at the beginning of the haystack, not of the range: a token or address that begins
        // in the left context must be read whole so that its groups are interpreted as in one pass.
        let (mut i, mut cursor) =
            (0, if scratch.exhaustive { pass::Cursor::exhaustive() } else { pass::Cursor::new() });
        while let Some((at, run)) = cursor.next(hay, i, limit) {
            i = match hay[at] {
                b'0'..=b'9' => self.digit_token(&c, at, run, scratch, out),
                0xEF if digits::digit_at(hay, at).is_some() => self.digit_token(&c, at, 0, scratch, out),
                _ => self.email_at(&c, at, scratch, out),
            };
        }
        if file.binary {
            self.biometric(&c, scratch, out);
        } else {
            self.person(&c, scratch, out);
        }
        // Emails are reported from their `@`, after digit tokens that sit in their local part, and
        // biometric records after all; the rest comes in order, and a sorted slice is not sorted again.
        if !out[first..].is_sorted_by_key(|m| m.start) {
            out[first..].sort_by_key(|m| m.start);
        }
        if let Some(v) = scratch.notes.explain.as_mut() {
            v.sort_by_key(|v| v.start);
        }
        scratch.notes.not_personal
    }

    /// Reports the biometric records whose signature starts in the owned range. A record is
    /// fingerprinted over its first [`biometric::SPAN_LIMIT`] bytes at most (the span reported), which
    /// every block holds whole after its owned range: a template whole, an image's header and start.
    fn biometric(&self, c: &Ctx, s: &mut Scratch, out: &mut Vec<Match>) {
        s.records.clear();
        biometric::find(c.hay, c.range.clone(), &mut s.records);
        for r in &s.records {
            let len = r.declared.min(biometric::SPAN_LIMIT as u64) as usize;
            let end = (r.start + len).min(c.hay.len());
            let normalized = hex::encode(&c.hay[r.start..end]);
            let kind = Some(r.format.kind());
            let cand = Candidate::open((r.start, end), Category::Biometric, kind, normalized, 95, r.format.standard());
            self.decide(c, cand, &mut s.notes, out);
        }
    }

    /// Reports an email address around an at sign at `i` (`@` or `＠`); returns where scanning
    /// resumes.
    fn email_at(&self, c: &Ctx, i: usize, s: &mut Scratch, out: &mut Vec<Match>) -> usize {
        let Some(at_len) = email::at_sign(c.hay, i) else { return i + 1 };
        match email::at(c.hay, i, at_len, c.file.encoding) {
            Ok(span) => {
                let cand = Candidate {
                    start: span.start,
                    end: span.end,
                    category: Category::Email,
                    kind: None,
                    normalized: Norm::Heap(span.normalized(c.hay)),
                    base: 90,
                    labelled: 95,
                    gate: Gate::Open,
                    id: None,
                    why: "address with a domain",
                };
                self.decide(c, cand, &mut s.notes, out);
                s.email_end = Some(span.end);
                span.end.max(i + at_len)
            }
            Err(_) => i + at_len,
        }
    }

    /// Reads the token at `i`, reports what its groups form, and returns where scanning resumes.
    #[inline(always)]
    fn digit_token(&self, c: &Ctx, i: usize, run: usize, s: &mut Scratch, out: &mut Vec<Match>) -> usize {
        let hay = c.hay;
        // Fast path for the common token, a lone run of ASCII digits (timestamps, amounts, ports, the
        // digits inside hex ids): if nothing that could extend it into a multi-group token follows,
        // only a run of a useful length can match, and a run glued to letters on both sides can only
        // be part of a credit code. Same result as the slow path.
        let next = hay.get(i + run).copied();
        let letter_before = i > 0 && hay[i - 1].is_ascii_alphabetic();
        let letter_after = next.is_some_and(|b| b.is_ascii_alphabetic());
        // A credit code's region digits (its characters 3-8) are a run of at least six digits: look
        // for one only from such a run (not from the digit runs of every hex id). With no letter
        // after it, the run ends the code's 18 characters after at most two letters: 16 digits or
        // more (`G00000100` is a customer number, not a code).
        let near_letter = (letter_after && run >= 6) || (letter_before && run >= 16);
        if near_letter || (s.exhaustive && (letter_before || letter_after) && run >= 6) {
            if let Some(end) = self.credit_code(c, i, s) {
                return end;
            }
        }
        let mut may_extend = next.is_some_and(digits::may_continue);
        // Most tokens of several groups are dates, times and decimals, where no form can start:
        // their shape says so without reading them into `Tokens`. A run followed by a separator
        // and no digit is a token of one group, the same as a run followed by nothing.
        if may_extend && run > 0 {
            // The common case inline: an ASCII separator and no digit after it (`size=48213 evictions`).
            let single = matches!(next, Some(b' ' | b'-' | b'.'))
                && hay.get(i + run + 1).is_none_or(|&b| !b.is_ascii_digit() && b != 0xEF);
            match if single { PlainToken::Single } else { plain_token(hay, i, run) } {
                PlainToken::Single => may_extend = false,
                PlainToken::Formless(end) => return end,
                PlainToken::Other => {}
            }
        }
        if !may_extend && !USEFUL_RUN.get(run).copied().unwrap_or(false) {
            return i + run.max(1);
        }
        // A lone run: its length and first digits say which forms could start at it (most are
        // timestamps, amounts and ids), and whether letters before it could make a passport. Eight
        // and ten digits are a 台胞证 number only after its label: a cheap look for one first.
        if !may_extend && run > 0 {
            let mut forms = forms_of(run, 0, &hay[i..i + run.min(4)], 0, false, || landline::paren_before(hay, i));
            // Whether the run is glued on its left, as `Tokens` would say: looked at once, by the
            // first of the two checks below that needs it.
            let mut glued_left = None;
            let mut glued = || {
                *glued_left
                    .get_or_insert_with(|| digits::glued_before(hay, i, c.file.encoding) && !s.right_after_email(i))
            };
            // A 台胞证 number stands free (`plain_permit_at`): after a letter it is some other id.
            if forms & F_PERMIT != 0 && (glued() || !self.may_be_taiwan_permit(c, i)) {
                forms &= !F_PERMIT;
            }
            let letters = (letter_before || digits::fullwidth_letter_before(hay, i)) && letter_ids::may_be(hay, i, run);
            if forms == 0 && !letters {
                return i + run;
            }
            // A passport or permit shape alone is reported only under a label of its category.
            // Without one (a column of customer numbers like G00000110, by the hundred thousand),
            // the slow path could only record why (`--explain`).
            if forms == 0 && s.notes.explain.is_none() && !s.exhaustive {
                let glued_left = glued();
                if !self.letter_id_labelled(c, i, run, glued_left, &mut s.notes) {
                    return i + run;
                }
            }
        }
        // Eighteen digits alone are most often order and transaction numbers: when the ID checks
        // (check character, date, region), Luhn, the UnionPay prefix and the credit-code checks all
        // fail, the slow path could only record why (`--explain`), so without it the run is done.
        // Order numbers that start with a date pass the check character one time in eleven and
        // then fail on the region: both end here.
        if !may_extend && run == 18 && s.notes.explain.is_none() && !s.exhaustive {
            let d: &[u8; 18] = hay[i..i + 18].try_into().expect("a run of 18");
            if quick18::all_fail(d, self.today) {
                return i + 18;
            }
        }
        self.read_token(c, i, s, out)
    }

    /// Whether the lone run of digits `i..i + run` (`glued_left` as `Tokens` would say) is glued to
    /// the letters of a passport or permit number that stands under a label of its category: the
    /// only way `read_token` reports it when no other form can start at it. This is `decide`'s rule
    /// for a `Gate::Label` candidate without an ID; the skipping property tests hold the two alike.
    fn letter_id_labelled(&self, c: &Ctx, i: usize, run: usize, glued_left: bool, n: &mut Notes) -> bool {
        let hay = c.hay;
        // As `read_token` reads it: one group, glued on its left and not on its right.
        if !glued_left || !letter_id_shaped(hay, i, run) || glued_after(hay, i + run) {
            return false;
        }
        let Some(shape) = letter_ids::shape(hay, i, run, false, c.file.encoding) else { return false };
        c.range.contains(&shape.start) && self.rules.say(self.cue(c, shape.start, n), shape.category) == Say::Labelled
    }

    /// The slow path of [`Self::digit_token`]: reads the token at `i` into `Tokens` and tries the
    /// forms its groups allow. Kept out of line so that the fast path stays small.
    #[inline(never)]
    fn read_token(&self, c: &Ctx, i: usize, s: &mut Scratch, out: &mut Vec<Match>) -> usize {
        let hay = c.hay;
        let end = digits::tokenize(hay, i, c.file.encoding, &mut s.tokens);
        if s.right_after_email(i) {
            s.tokens.glued_left = false;
        }
        let (t, n) = (&s.tokens, &mut s.notes);
        if t.glued_left
            && t.groups.len() == 1
            && letter_id_shaped(hay, i, t.groups[0].n)
            && !glued_after(hay, t.groups[0].end)
        {
            if let Some(cand) = letter_ids::at(hay, t, c.file.encoding) {
                self.decide(c, cand, n, out);
            }
        }
        let mut g = 0;
        while g < t.groups.len() {
            // Only the forms that can start at this group are tried (most tokens are dates, times,
            // decimals and addresses): a cheap look at its length, its first digits and the next
            // group's length decides which.
            let forms = forms_at(t, g, c.hay);
            let try_form = |f: u8| forms & f != 0;
            // Whatever a form consumes is consumed whether or not its match lies in `range` or is
            // reported, so the interpretation of a token never depends on where a block boundary fell.
            let mut consumed = None;
            if try_form(F_ID) {
                consumed = self.id_at(c, t, g, n, out);
            }
            if consumed.is_none() && try_form(F_ID15) {
                consumed = self.id15_at(c, t, g, n, out);
            }
            if consumed.is_none() && try_form(F_CARD) {
                consumed = self.card_at(c, t, g, n, out);
            }
            if consumed.is_none() && try_form(F_MOBILE) {
                consumed = self.mobile_at(c, t, g, n, out);
            }
            if consumed.is_none() && try_form(F_LANDLINE) {
                consumed = self.landline_at(c, t, g, n, out);
            }
            if consumed.is_none() && try_form(F_PERMIT) {
                consumed = self.plain_permit_at(c, t, g, n, out);
            }
            g = consumed.map_or(g + 1, |last| last + 1);
        }
        end
    }

    /// A Unified Social Credit Code around the digit run at `i` (a word of 18 letters and digits):
    /// counted as an organisation identifier, never reported. Returns where scanning resumes.
    #[inline(never)]
    fn credit_code(&self, c: &Ctx, i: usize, s: &mut Scratch) -> Option<usize> {
        let hay = c.hay;
        let word = |b: &&u8| b.is_ascii_alphanumeric();
        // Only from the run that holds the region digits (characters 3-8), so that a code is counted
        // once: at most two word characters before it, eighteen in all. Hex ids and hashes are long
        // words whose runs fail this after a few bytes.
        let before = hay[i.saturating_sub(3)..i].iter().rev().take_while(word).count();
        if before > 2 {
            return None;
        }
        let from = i - before;
        let to = from + hay[from..].iter().take(19).take_while(word).count();
        if to - from != 18 {
            return None;
        }
        let code = &hay[from..to];
        let free = (from == 0 || !matches!(hay[from - 1], b'_' | b'-' | b'.' | b'/'))
            && !matches!(hay.get(to), Some(b'_' | b'-'));
        if !free || !uscc::is_valid(code) {
            return None;
        }
        self.count_org(c, from, to, &mut s.notes);
        Some(to)
    }

    fn count_org(&self, c: &Ctx, from: usize, to: usize, n: &mut Notes) {
        if c.range.contains(&from) {
            n.not_personal.org_ids += 1;
        }
        self.reject(c, n, from, to, None, None, &c.hay[from..to], || {
            "Unified Social Credit Code (GB 32100 checks hold): an organisation, counted, not reported".into()
        });
    }

    /// Records why a candidate that reached a validator was not reported (only with `--explain`);
    /// `category` is `None` for what is not personal information.
    #[allow(clippy::too_many_arguments)]
    fn reject(
        &self,
        c: &Ctx,
        s: &mut Notes,
        start: usize,
        end: usize,
        category: Option<Category>,
        kind: Option<Kind>,
        normalized: &[u8],
        reason: impl FnOnce() -> String,
    ) {
        if let Some(v) = s.explain.as_mut() {
            if c.range.contains(&start) {
                v.push(Verdict {
                    start,
                    end,
                    category,
                    kind,
                    normalized: String::from_utf8_lossy(normalized).into_owned(),
                    reported: None,
                    reason: reason(),
                });
            }
        }
    }

    /// The keyword context of a value: the nearest keyword before it; in delimited text, before it in
    /// its cell, else a short previous cell that is a label (a 证件类型 column saying 台胞证), else
    /// its column's header.
    fn cue(&self, c: &Ctx, start: usize, n: &mut Notes) -> Option<Cue> {
        let Some(cols) = c.file.columns.as_ref() else { return self.rules.before(c.hay, start, 0) };
        let Some((col, cell, prev)) = cols.cell_of(c.hay, start, &mut n.cursor) else {
            return self.rules.before(c.hay, start, 0);
        };
        self.rules
            .before(c.hay, start, cell)
            .or_else(|| prev.and_then(|p| self.rules.label_cell(&c.hay[p..cell - 1])))
            .or_else(|| cols.cues.get(col).copied().flatten())
    }

    /// Applies context and the confidence threshold to a candidate and reports it if it holds.
    /// (`letter_id_labelled` states the `Gate::Label` part of this for the fast path: change both.)
    fn decide(&self, c: &Ctx, cand: Candidate, s: &mut Notes, out: &mut Vec<Match>) {
        if !c.range.contains(&cand.start) {
            return;
        }
        // The look-back for a keyword is skipped where no keyword could change the verdict: an open
        // candidate that a label would not raise, of a category no negative context names (names,
        // addresses and birth dates, found from their own labels). --explain still names the cue.
        let moot = cand.gate == Gate::Open
            && cand.labelled <= cand.base
            && s.explain.is_none()
            && !self.rejectable[cand.category as usize];
        let cue = if moot { None } else { self.cue(c, cand.start, s) };
        let say = match cand.gate {
            Gate::Group(name) if !self.rules.is_group(cue, name) => Say::Nothing,
            _ => self.rules.say(cue, cand.category),
        };
        // Only numbers with a check character are strong enough to be lowered rather than rejected.
        let lowerable = cand.id.is_some_and(|i| i.kind != IdKind::Resident15);
        let confidence = match (say, cand.gate) {
            (Say::Reject, _) | (Say::Nothing, Gate::Label | Gate::Group(_)) => None,
            (Say::Lower, _) if !lowerable => None,
            (Say::Lower, _) => Some(cand.base.min(LOWERED)),
            (Say::Labelled, _) => Some(cand.labelled.max(cand.base)),
            (Say::Nothing, Gate::Open) => Some(cand.base),
        };
        let confidence = confidence.map(Confidence::percent);
        let reported = confidence.filter(|&p| p >= self.min_confidence);
        if let Some(v) = s.explain.as_mut() {
            // Built only for --explain: formatting a reason per candidate would cost more than
            // finding it.
            let cue_text = match cue {
                Some(q) => format!(
                    "{} “{}”{}",
                    self.rules.group_name(q),
                    self.rules.keyword(q),
                    if q.header { " (column header)" } else { "" }
                ),
                None => String::new(),
            };
            let why = cand.why;
            let note = match say {
                Say::Reject => format!("rejected: {why}; negative context {cue_text}"),
                Say::Lower if !lowerable => format!("rejected: {why}; negative context {cue_text}"),
                Say::Lower => format!("{why}; lowered by negative context {cue_text}"),
                Say::Labelled => format!("{why}; label {cue_text}"),
                Say::Nothing if cand.gate == Gate::Open => why.to_string(),
                Say::Nothing => format!("rejected: {why} but no label next to it (this shape needs one)"),
            };
            let reason = match (confidence, reported) {
                (Some(p), None) => format!("{note}; confidence {p} below --min-confidence {}", self.min_confidence),
                _ => note,
            };
            v.push(Verdict {
                start: cand.start,
                end: cand.end,
                category: Some(cand.category),
                kind: cand.kind,
                normalized: cand.normalized.as_str().to_owned(),
                reported,
                reason,
            });
        }
        if let Some(confidence) = reported {
            out.push(Match {
                start: cand.start,
                end: cand.end,
                category: cand.category,
                kind: cand.kind,
                normalized: cand.normalized.into_string(),
                confidence,
                id: cand.id,
            });
        }
    }

    /// An 18-character ID number starting at group `g`, in one of the [`ID_SHAPES`]: a resident ID, a
    /// Hong Kong/Macau/Taiwan residence permit or a foreigner's permanent residence ID. Returns the
    /// last group it consumed.
    fn id_at(&self, c: &Ctx, t: &Tokens, g: usize, s: &mut Notes, out: &mut Vec<Match>) -> Option<usize> {
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
        if !right_edge(c.hay, t, last) {
            return None;
        }
        let end = gs[last].end;
        match id_card::validate(&id, self.today) {
            Ok(info) => {
                let (kind, why) = match info.kind {
                    IdKind::HmtResidencePermit => {
                        (Kind::HmtResidencePermit, "Hong Kong/Macau/Taiwan residence permit: MOD 11-2, birth date")
                    }
                    IdKind::ForeignPermanentResident => (
                        Kind::ForeignPermanentResident,
                        "foreigner permanent residence ID: MOD 11-2, province, nationality, birth date",
                    ),
                    _ => (Kind::Resident, "resident ID: MOD 11-2, region code, birth date"),
                };
                let normalized = Norm::ascii(&[&id]);
                let (base, labelled) = if kind == Kind::ForeignPermanentResident { (90, 95) } else { (95, 98) };
                let cand = Candidate {
                    start,
                    end,
                    category: Category::IdCard,
                    kind: Some(kind),
                    normalized,
                    base,
                    labelled,
                    gate: Gate::Open,
                    id: Some(info),
                    why,
                };
                self.decide(c, cand, s, out);
                Some(last)
            }
            Err(why) => {
                if shape.len() == 1 && !gs[g].x && uscc::is_valid(&id) {
                    self.count_org(c, start, end, s);
                    return Some(last);
                }
                self.reject(c, s, start, end, Some(Category::IdCard), Some(Kind::Resident), &id, || {
                    format!("18 characters in an ID number's shape, but {why}")
                });
                // Not an ID: the digits may still be a bank card.
                None
            }
        }
    }

    /// A first-generation 15-digit ID number: the whole token, one run or 6-6-3 (region, YYMMDD,
    /// sequence), region and date checked. Weak alone (no check digit: one random 15-digit run in a
    /// few thousand passes), so a label raises it.
    fn id15_at(&self, c: &Ctx, t: &Tokens, g: usize, s: &mut Notes, out: &mut Vec<Match>) -> Option<usize> {
        let gs = &t.groups;
        let plain = |k: usize, n: usize| k < gs.len() && gs[k].n == n && !gs[k].x;
        let last = if plain(g, 15) {
            g
        } else if plain(g, 6)
            && plain(g + 1, 6)
            && plain(g + 2, 3)
            && t.seps[g] == t.seps[g + 1]
            && t.seps[g] != Sep::Dot
        {
            g + 2
        } else {
            return None;
        };
        if g != 0 || last + 1 != gs.len() || t.glued_left || glued_after(c.hay, gs[last].end) {
            return None;
        }
        let (start, grp) = (gs[g].start, &gs[last]);
        let mut d = [0u8; 15];
        let mut at = 0;
        for k in g..=last {
            d[at..at + gs[k].n].copy_from_slice(t.digits_of(&gs[k]));
            at += gs[k].n;
        }
        let digits = &d;
        if digits.starts_with(b"0086") {
            return None; // `0086` + a mobile number
        }
        match id_card::validate15(digits, self.today) {
            Ok((info, full)) => {
                let cand = Candidate {
                    start,
                    end: grp.end,
                    category: Category::IdCard,
                    kind: Some(Kind::Resident15),
                    normalized: Norm::ascii(&[&full]),
                    base: 60,
                    labelled: 90,
                    gate: Gate::Open,
                    id: Some(info),
                    why: "first-generation 15-digit ID: region code, birth date (no check digit)",
                };
                self.decide(c, cand, s, out);
                Some(last)
            }
            Err(why) => {
                self.reject(c, s, start, grp.end, Some(Category::IdCard), Some(Kind::Resident15), digits, || {
                    format!("15 digits in a first-generation ID's shape, but {why}")
                });
                None
            }
        }
    }

    /// A bank card: the whole token in one of the card's written forms, scored by BIN and Luhn.
    fn card_at(&self, c: &Ctx, t: &Tokens, g: usize, s: &mut Notes, out: &mut Vec<Match>) -> Option<usize> {
        if g != 0 || t.glued_left {
            return None;
        }
        let (last, digits) = bank_card::form(t, g)?;
        if last + 1 != t.groups.len() || glued_after(c.hay, t.groups[last].end) {
            return None;
        }
        let digits = digits.as_slice();
        let (start, end) = (t.groups[g].start, t.groups[last].end);
        let luhn = bank_card::luhn(digits);
        let unionpay = digits.starts_with(b"62");
        // Nine in ten order numbers fail Luhn: only then is the BIN table worth a look.
        let bin = if luhn || unionpay { self.bins.lookup(digits) } else { None };
        let kind = bin.map(|b| if b.credit { Kind::CreditCard } else { Kind::DebitCard });
        let (base, labelled, gate, why) = match (bin, luhn) {
            // A short BIN (3-4 digits) proves little: treat it as unknown.
            (Some(b), true) if b.len >= 5 && usize::from(b.card_len) == digits.len() => {
                (85, 95, Gate::Open, "bank card: issuer BIN at its card length, Luhn")
            }
            // The table knows the BIN at another length only: still one number in thousands.
            (Some(b), true) if b.len >= 5 => (65, 95, Gate::Open, "bank card: issuer BIN (other card length), Luhn"),
            (_, true) => (70, 90, Gate::Label, "16-19 digits passing Luhn, issuer unknown"),
            (_, false) if unionpay => (70, 80, Gate::Label, "UnionPay 62 number failing Luhn (some real cards do)"),
            (_, false) => {
                if digits.len() != 18 {
                    self.reject(c, s, start, end, Some(Category::BankCard), kind, digits, || {
                        "16-19 digits failing the Luhn check, not UnionPay".into()
                    });
                }
                // Card-shaped all the same: its groups are not read as phone numbers.
                return Some(last);
            }
        };
        let cand = Candidate {
            start,
            end,
            category: Category::BankCard,
            kind,
            normalized: Norm::ascii(&[digits]),
            base,
            labelled,
            gate,
            id: None,
            why,
        };
        self.decide(c, cand, s, out);
        Some(last)
    }

    /// A mainland mobile number starting at group `g`, with or without a country code.
    fn mobile_at(&self, c: &Ctx, t: &Tokens, g: usize, s: &mut Notes, out: &mut Vec<Match>) -> Option<usize> {
        let (hay, gs) = (c.hay, &t.groups);
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
        let cand = Candidate {
            start,
            end: gs[form.last].end,
            category: Category::Phone,
            kind: Some(Kind::Mobile),
            normalized: Norm::ascii(&[&form.number]),
            base: form.confidence,
            labelled: 95,
            gate: Gate::Open,
            id: None,
            why: "mobile number: allocated prefix",
        };
        self.decide(c, cand, s, out);
        Some(form.last)
    }

    /// A landline starting at group `g`: area code and local number, after a country code, or a local
    /// number after a parenthesised area code.
    fn landline_at(&self, c: &Ctx, t: &Tokens, g: usize, s: &mut Notes, out: &mut Vec<Match>) -> Option<usize> {
        let (hay, gs) = (c.hay, &t.groups);
        let d = t.digits_of(&gs[g]);
        let paren_before = g == 0 && !t.glued_left && landline::paren_before(hay, gs[0].start);
        if d[0] != b'0' && !d.starts_with(b"86") && !paren_before {
            return None; // the cheap test first: most tokens are none of the three forms
        }
        let (start, form) = if phone::is_country_code(d, gs[g].x) && g + 1 < gs.len() {
            let form = landline::international_form(t, g + 1, self.areas)?;
            let start = match phone::plus_before(hay, gs[g].start) {
                Some(plus) if g == 0 => plus,
                _ => left_edge(t, g)?,
            };
            (start, form)
        } else if let Some(form) = landline::national_form(t, g, self.areas) {
            (left_edge(t, g)?, form)
        } else if paren_before {
            let (open, area) = landline::paren_area_before(hay, gs[0].start)?;
            (open, landline::after_paren_area(t, g, &area, self.areas)?)
        } else {
            return None;
        };
        if !right_edge(hay, t, form.last) {
            return None;
        }
        // Like a split mobile, a landline must be the whole run of groups (after a country code):
        // `7123 0531 2345 6789 012` is a row of numbers, not a Jinan number.
        let code_before = g > 0 && phone::is_country_code(t.digits_of(&gs[g - 1]), gs[g - 1].x);
        if (g > 0 && !code_before) || form.last + 1 < gs.len() {
            return None;
        }
        let cand = Candidate {
            start,
            // An extension is not part of the number a person is reached at: the span ends before it.
            end: gs[form.local_last].end,
            category: Category::Phone,
            kind: Some(Kind::Landline),
            normalized: Norm::ascii(&[&form.number]),
            base: form.confidence,
            labelled: 90,
            gate: Gate::Open,
            id: None,
            why: if form.confidence == landline::BARE {
                "landline: area code and local number written as one bare run"
            } else {
                "landline: area code and local number"
            },
        };
        self.decide(c, cand, s, out);
        Some(form.last)
    }

    /// Whether a 台胞证 label could stand before `i`: its column says so, or `台` or an ASCII label
    /// (`MTP`, `permit`) occurs in the bytes before it. A cheap filter before the keyword search.
    #[inline(never)]
    fn may_be_taiwan_permit(&self, c: &Ctx, i: usize) -> bool {
        if c.file.columns.as_ref().is_some_and(|cols| cols.taiwan_permit) {
            return true;
        }
        let w = &c.hay[i.saturating_sub(48)..i];
        // 台 is E5 8F B0 in UTF-8 and CC A8 in GBK; the ASCII labels are MTP and …permit.
        let tai = || {
            memchr::memchr2_iter(0x8F, 0xCC, w).any(|k| {
                (w[k] == 0x8F && k > 0 && w[k - 1] == 0xE5 && w.get(k + 1) == Some(&0xB0))
                    || (w[k] == 0xCC && w.get(k + 1) == Some(&0xA8))
            })
        };
        let ascii = || {
            memchr::memchr2_iter(b't', b'T', w).any(|k| {
                let (prev, next) = (w[k.max(1) - 1] | 0x20, w.get(k + 1).map_or(b' ', |&n| n | 0x20));
                k > 0 && ((prev, next) == (b'm', b'p') || (prev == b'i' && !next.is_ascii_lowercase()))
            })
        };
        tai() || ascii()
    }

    /// A 台胞证 number: 8 or 10 plain digits, only right after its own label or under its column.
    fn plain_permit_at(&self, c: &Ctx, t: &Tokens, g: usize, s: &mut Notes, out: &mut Vec<Match>) -> Option<usize> {
        let grp = &t.groups[g];
        if !matches!(grp.n, 8 | 10) || grp.x || t.groups.len() != 1 {
            return None;
        }
        let start = left_edge(t, g)?;
        if !right_edge(c.hay, t, g) {
            return None;
        }
        let cand = Candidate {
            start,
            end: grp.end,
            category: Category::Permit,
            kind: Some(Kind::TaiwanPermit),
            normalized: Norm::ascii(&[t.digits_of(grp)]),
            base: 85,
            labelled: 85,
            gate: Gate::Group("taiwan_permit"),
            id: None,
            why: "8 or 10 digits",
        };
        // Most eight- and ten-digit runs are dates, amounts and timestamps: without any keyword before
        // them there is nothing to explain either.
        if !self.may_be_taiwan_permit(c, start) || (s.explain.is_none() && self.cue(c, start, s).is_none()) {
            return None;
        }
        self.decide(c, cand, s, out);
        None
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
