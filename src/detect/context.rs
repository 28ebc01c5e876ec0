//! Keyword context: what the words just before a value, or the header of its column, say it is.
//!
//! ```text
//! patterns/context/*.toml ──parse once──▶ Groups + keyword automata (Aho-Corasick, both ways)
//! value at `start` ──▶ nearest keyword ending ≤ `window` characters before it, on its line
//!                  └─▶ else the label of its CSV/TSV column (FileContext, from the file's head)
//! ```
//!
//! Chinese has no word boundaries, so there is no segmentation: a keyword is a substring, found in a
//! short stretch of bytes before a value. The automaton runs only for candidates that already passed
//! their validators (or need a label to exist at all), over at most `LOOKBACK` (80) bytes, so its cost is
//! per value, not per byte of text.

use crate::finding::Category;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::Deserialize;
use std::sync::OnceLock;

/// The rule files, embedded at build time (the build never reads anything outside the project).
pub(crate) const RULE_FILES: &[(&str, &str)] = &[
    ("id_card.toml", include_str!("../../patterns/context/id_card.toml")),
    ("id_document.toml", include_str!("../../patterns/context/id_document.toml")),
    ("passport.toml", include_str!("../../patterns/context/passport.toml")),
    ("permit.toml", include_str!("../../patterns/context/permit.toml")),
    ("taiwan_permit.toml", include_str!("../../patterns/context/taiwan_permit.toml")),
    ("phone.toml", include_str!("../../patterns/context/phone.toml")),
    ("bank_card.toml", include_str!("../../patterns/context/bank_card.toml")),
    ("email.toml", include_str!("../../patterns/context/email.toml")),
    ("not_personal.toml", include_str!("../../patterns/context/not_personal.toml")),
    ("name.toml", include_str!("../../patterns/context/name.toml")),
    ("address.toml", include_str!("../../patterns/context/address.toml")),
    ("birth_date.toml", include_str!("../../patterns/context/birth_date.toml")),
    ("biometric.toml", include_str!("../../patterns/context/biometric.toml")),
];

/// Bytes before a value searched for keywords: the longest keyword plus the largest window, in
/// UTF-8 (up to 3 bytes per character), with room to spare. Far inside [`super::CONTEXT`].
const LOOKBACK: usize = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Effect {
    Label,
    Negative,
}

/// One rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    pub name: String,
    pub effect: Effect,
    pub categories: Vec<Category>,
    #[serde(default)]
    pub lowers: Vec<Category>,
    pub window: usize,
    pub keywords: Vec<String>,
    /// Read by the samples test (`detect::tests`), not by the engine.
    #[serde(default, rename = "sample")]
    #[cfg_attr(not(test), allow(dead_code))]
    pub samples: Vec<Sample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Sample {
    pub text: String,
    pub expect: Vec<String>,
}

/// What a keyword group says about a value of some category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Say {
    /// Nothing: no keyword, or one about other categories.
    Nothing,
    /// The value is labelled as this category.
    Labelled,
    /// A keyword says it is something else; reject it.
    Reject,
    /// A keyword says it is something else, but the value's own checks are strong: lower it.
    Lower,
}

/// The keyword that decided, for `--explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cue {
    pub group: u16,
    pub keyword: u16,
    /// From the column header rather than the text before the value.
    pub header: bool,
}

pub(crate) struct Group {
    pub name: String,
    pub effect: Effect,
    pub categories: Vec<Category>,
    pub lowers: Vec<Category>,
    pub window: usize,
}

/// Every keyword group, compiled once.
pub struct Rules {
    pub(crate) groups: Vec<Group>,
    /// Keyword text and group, by automaton pattern id: the UTF-8 keywords, then the GBK spellings
    /// of the Chinese ones (their text here decoded back).
    keywords: Vec<(String, u16)>,
    utf8_count: usize,
    /// Forward, for column headers and label cells.
    ac: AhoCorasick,
    /// The same keywords reversed, for the nearest keyword before a value.
    rev_ac: AhoCorasick,
}

impl Rules {
    pub fn get() -> &'static Rules {
        static R: OnceLock<Rules> = OnceLock::new();
        R.get_or_init(|| Rules::parse(RULE_FILES).unwrap_or_else(|e| panic!("patterns/context: {e}")))
    }

    pub(crate) fn parse(files: &[(&str, &str)]) -> Result<Rules, String> {
        let mut groups = Vec::new();
        let mut keywords = Vec::new();
        let mut gbk_keywords: Vec<(Vec<u8>, u16)> = Vec::new();
        for (file, text) in files {
            let r: RuleFile = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
            let g = groups.len() as u16;
            for k in &r.keywords {
                if k.is_empty() || k.trim() != k {
                    return Err(format!("{file}: empty keyword or surrounding spaces: {k:?}"));
                }
                keywords.push((k.to_lowercase(), g));
            }
            // The same keywords as a GBK export spells them: digits and `@` are the same bytes in
            // GBK, so values are found in such files; their labels must be too.
            for k in r.keywords.iter().filter(|k| !k.is_ascii()) {
                let (bytes, _, unmappable) = encoding_rs::GBK.encode(k);
                if !unmappable {
                    gbk_keywords.push((bytes.into_owned(), g));
                }
            }
            groups.push(Group {
                name: r.name,
                effect: r.effect,
                categories: r.categories,
                lowers: r.lowers,
                window: r.window,
            });
        }
        let utf8_count = keywords.len();
        let patterns: Vec<Vec<u8>> = keywords
            .iter()
            .map(|(k, _)| k.as_bytes().to_vec())
            .chain(gbk_keywords.iter().map(|(b, _)| b.clone()))
            .collect();
        keywords.extend(gbk_keywords.into_iter().map(|(b, g)| (encoding_rs::GBK.decode(&b).0.into_owned(), g)));
        let reversed: Vec<Vec<u8>> = patterns.iter().map(|p| p.iter().rev().copied().collect()).collect();
        let (ac, rev_ac) =
            (automaton(&patterns, AhoCorasickKind::ContiguousNFA)?, automaton(&reversed, AhoCorasickKind::DFA)?);
        Ok(Rules { groups, keywords, utf8_count, ac, rev_ac })
    }

    /// The keywords of the group at `index` as written (not their GBK spellings), lower-case.
    pub(crate) fn group_keywords(&self, index: usize) -> impl Iterator<Item = &str> + '_ {
        self.keywords[..self.utf8_count].iter().filter(move |(_, g)| usize::from(*g) == index).map(|(s, _)| s.as_str())
    }

    pub(crate) fn group_name(&self, cue: Cue) -> &str {
        &self.groups[cue.group as usize].name
    }

    pub(crate) fn keyword(&self, cue: Cue) -> &str {
        &self.keywords[cue.keyword as usize].0
    }

    /// What a cue says about a value of `category`.
    pub fn say(&self, cue: Option<Cue>, category: Category) -> Say {
        let Some(cue) = cue else { return Say::Nothing };
        let g = &self.groups[cue.group as usize];
        if !g.categories.contains(&category) {
            return Say::Nothing;
        }
        match g.effect {
            Effect::Label => Say::Labelled,
            Effect::Negative if g.lowers.contains(&category) => Say::Lower,
            Effect::Negative => Say::Reject,
        }
    }

    /// Whether some cue can say anything but [`Say::Labelled`] or [`Say::Nothing`] of `category`:
    /// whether a negative group lists it.
    pub fn can_reject(&self, category: Category) -> bool {
        self.groups.iter().any(|g| g.effect == Effect::Negative && g.categories.contains(&category))
    }

    /// Whether a cue is a label of the named group (the kind-specific labels, like 台胞证).
    pub(crate) fn is_group(&self, cue: Option<Cue>, name: &str) -> bool {
        cue.is_some_and(|c| self.groups[c.group as usize].name == name)
    }

    /// The nearest keyword before `start` on its line whose window reaches the value. `floor` is
    /// where the search may start at the earliest (a CSV cell's start, or 0).
    pub(crate) fn before(&self, hay: &[u8], start: usize, floor: usize) -> Option<Cue> {
        let cut = start.saturating_sub(LOOKBACK);
        let mut from = cut.max(floor);
        // Where the look-back cut a line (not at the haystack's or a cell's start), start on a UTF-8
        // character boundary so that no keyword is matched from half a character.
        if from == cut && cut > 0 {
            while from < start && hay[from] & 0xC0 == 0x80 {
                from += 1;
            }
        }
        if let Some(nl) = memchr::memrchr(b'\n', &hay[from..start]) {
            from += nl + 1;
        }
        // A value at the start of its line or cell has nothing before it (most CSV cells).
        if from == start {
            return None;
        }
        // Search the window backwards (reversed keywords over the reversed bytes): the first whole
        // keyword found is the nearest, and the search stops there — usually a few bytes in, since
        // labels stand right before their values.
        let mut rev = [0u8; LOOKBACK];
        let len = start - from;
        for (r, &b) in rev.iter_mut().zip(hay[from..start].iter().rev()) {
            *r = b;
        }
        let m = self.rev_ac.find_iter(&rev[..len]).find(|m| whole_word(hay, start - m.end(), start - m.start()))?;
        let (end, kw) = (start - m.start(), m.pattern().as_u32() as u16);
        let cue = Cue { group: self.keywords[kw as usize].1, keyword: kw, header: false };
        (gap(&hay[end..start]) <= self.groups[cue.group as usize].window).then_some(cue)
    }

    /// A previous cell that is nothing but a label (`台胞证`, `"护照"`, `Passport`): its keyword.
    pub(crate) fn label_cell(&self, cell: &[u8]) -> Option<Cue> {
        let cell = cell.trim_ascii();
        let cell = cell.strip_prefix(b"\"").and_then(|c| c.strip_suffix(b"\"")).unwrap_or(cell);
        if cell.is_empty() || cell.len() > 40 {
            return None;
        }
        let m = self.ac.find(cell)?;
        (m.start() == 0 && m.end() == cell.len()).then(|| Cue {
            group: self.keywords[m.pattern().as_usize()].1,
            keyword: m.pattern().as_u32() as u16,
            header: false,
        })
    }

    /// The cue of a column header's text: its last keyword, whatever the distance.
    fn header_cue(&self, cell: &[u8]) -> Option<Cue> {
        self.ac.find_iter(cell).filter(|m| whole_word(cell, m.start(), m.end())).last().map(|m| Cue {
            group: self.keywords[m.pattern().as_usize()].1,
            keyword: m.pattern().as_u32() as u16,
            header: true,
        })
    }
}

/// No prefilter: an automaton runs once per value over at most LOOKBACK bytes (or one cell), where
/// a prefilter's start-up would cost more than it saves. The reverse one, searched for every value
/// with text before it, is a full DFA; the forward one (headers, and a value's previous cell when
/// nothing precedes the value in its own) a contiguous NFA, much quicker to build: a run over one
/// tiny file took 7.8 ms instead of 11.1, and the bench's CSV exports are no slower.
fn automaton(patterns: &[Vec<u8>], kind: AhoCorasickKind) -> Result<AhoCorasick, String> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .kind(Some(kind))
        .prefilter(false)
        .build(patterns)
        .map_err(|e| e.to_string())
}

/// An ASCII keyword must not continue a word: `tel` is not a keyword inside `hotel`. Digits and `_`
/// do not make words here (`user_mobile`, `mobile2`). A keyword that starts or ends with a
/// non-ASCII character has no such test on that side.
fn whole_word(hay: &[u8], s: usize, e: usize) -> bool {
    let letter = |i: usize| hay.get(i).is_some_and(|b| b.is_ascii_alphabetic());
    let left_ok = !hay[s].is_ascii_alphabetic() || s == 0 || !letter(s - 1);
    let right_ok = !hay[e - 1].is_ascii_alphabetic() || !letter(e);
    left_ok && right_ok
}

/// How far a keyword is from a value: the characters between them that are not spaces or
/// punctuation. `身份证号码：`, `"id_no": "`, `"passport": {"no": "` are all close (0, 0, 2); a
/// clause in between (`登记过的`) or another value is not.
fn gap(b: &[u8]) -> usize {
    const PUNCT: &[&str] =
        &["：", "，", "（", "）", "【", "】", "“", "”", "‘", "’", "、", "；", "　", "《", "》", "。"];
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            n += usize::from(c.is_ascii_alphanumeric());
            i += 1;
            continue;
        }
        let len = match c {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
        let ch = &b[i..(i + len).min(b.len())];
        n += usize::from(!PUNCT.iter().any(|p| p.as_bytes() == ch));
        i += len;
    }
    n
}

/// What is known about a file before its values are read: its encoding and, for delimited text with a
/// header line, what each column's header says.
#[derive(Debug, Clone, Default)]
pub struct FileContext {
    pub encoding: super::Encoding,
    pub(crate) columns: Option<Columns>,
    /// The head holds a NUL, 0xFF or group-separator byte, which text never does: the file is
    /// searched for biometric records too (`biometric.rs`).
    pub binary: bool,
    /// A SQL dump (its head has `INSERT INTO`): quoted values are read as possible names.
    pub sql: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Columns {
    pub delimiter: u8,
    pub cues: Vec<Option<Cue>>,
    /// Some column's header is a 台胞证 label: eight- and ten-digit runs anywhere in the file may be
    /// such numbers (asked for every such run, answered once here).
    pub taiwan_permit: bool,
    /// Some column's header is a name, address or birth-date label: its cells are read whole.
    pub person: bool,
}

/// Where the last column lookup ended, so that the values of one row are attributed in one pass over
/// the row instead of one pass from the line's start per value.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CellCursor {
    /// The haystack address and position the state below holds for (0 = nothing cached).
    hay: usize,
    pos: usize,
    col: usize,
    cell: usize,
    prev: Option<usize>,
    quoted: bool,
}

/// Delimiters of the CSV/TSV family, in order of preference.
const DELIMITERS: [u8; 4] = [b',', b'\t', b';', b'|'];

impl FileContext {
    /// Reads the file's head (its first bytes): if the first line is a header of delimited text, with
    /// at least one column named by a keyword, values in that column get the column's label.
    pub fn from_head(head: &[u8], encoding: super::Encoding) -> FileContext {
        let binary = memchr::memchr3(0x00, 0xFF, 0x1D, head).is_some();
        let sql = memchr::memmem::find(head, b"INSERT INTO").is_some();
        FileContext { encoding, columns: header(head), binary, sql }
    }
}

impl From<super::Encoding> for FileContext {
    fn from(encoding: super::Encoding) -> FileContext {
        FileContext { encoding, columns: None, binary: false, sql: false }
    }
}

fn header(head: &[u8]) -> Option<Columns> {
    let end = memchr::memchr(b'\n', head)?;
    let first = head[..end].strip_suffix(b"\r").unwrap_or(&head[..end]);
    let first = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
    // JSON and XML have commas too; their keys are found as keywords before each value.
    if matches!(first.trim_ascii_start().first(), Some(b'{' | b'[' | b'<')) {
        return None;
    }
    let delimiter =
        *DELIMITERS.iter().max_by_key(|&&d| (memchr::memchr_iter(d, first).count(), std::cmp::Reverse(d)))?;
    memchr::memchr(delimiter, first)?;
    let rules = Rules::get();
    let cues: Vec<Option<Cue>> = split_cells(first, delimiter)
        .map(|cell| {
            // A header cell is a name, not a value: one holding a long digit run is a data row.
            if cell.len() > 64 || cell.windows(6).any(|w| w.iter().all(u8::is_ascii_digit)) {
                return None;
            }
            rules.header_cue(cell)
        })
        .collect();
    let taiwan_permit = cues.iter().any(|&c| rules.is_group(c, "taiwan_permit"));
    let person =
        cues.iter().any(|&c| ["name", "address", "birth_date", "biometric"].iter().any(|g| rules.is_group(c, g)));
    cues.iter().any(Option::is_some).then_some(Columns { delimiter, cues, taiwan_permit, person })
}

/// Cells of one line, honouring double quotes (a delimiter inside quotes does not split).
fn split_cells(line: &[u8], delimiter: u8) -> impl Iterator<Item = &[u8]> {
    let mut quoted = false;
    line.split(move |&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == delimiter && !quoted
    })
}

impl Columns {
    /// The column of a value starting at `start`, where its cell starts and where the previous cell
    /// starts (if any), if the line's start is within reach (longer lines are not attributed).
    pub(crate) fn cell_of(
        &self,
        hay: &[u8],
        start: usize,
        cur: &mut CellCursor,
    ) -> Option<(usize, usize, Option<usize>)> {
        let from = start.saturating_sub(super::CONTEXT);
        let same_line = cur.hay == hay.as_ptr() as usize
            && cur.pos >= from
            && cur.pos <= start
            && memchr::memchr(b'\n', &hay[cur.pos..start]).is_none();
        let (mut pos, mut col, mut cell, mut prev, mut quoted) = if same_line {
            (cur.pos, cur.col, cur.cell, cur.prev, cur.quoted)
        } else {
            let line = from + memchr::memrchr(b'\n', &hay[from..start])? + 1;
            (line, 0, line, None, false)
        };
        for &b in &hay[pos..start] {
            pos += 1;
            if b == b'"' {
                quoted = !quoted;
            } else if b == self.delimiter && !quoted {
                col += 1;
                prev = Some(cell);
                cell = pos;
            }
        }
        *cur = CellCursor { hay: hay.as_ptr() as usize, pos, col, cell, prev, quoted };
        Some((col, cell, prev))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_file_parses_and_keywords_are_unique() {
        let r = Rules::get();
        assert_eq!(r.groups.len(), RULE_FILES.len());
        let mut seen = std::collections::HashMap::new();
        for (k, g) in &r.keywords[..r.utf8_count] {
            if let Some(other) = seen.insert(k.clone(), *g) {
                panic!("keyword {k:?} is in both {} and {}", r.groups[other as usize].name, r.groups[*g as usize].name);
            }
        }
    }

    fn cue(text: &str) -> Option<String> {
        let r = Rules::get();
        let start = text.find('|').unwrap();
        let hay = text.replace('|', "");
        r.before(hay.as_bytes(), start, 0).map(|c| format!("{}:{}", r.group_name(c), r.keyword(c)))
    }

    #[test]
    fn the_nearest_whole_keyword_within_its_window_decides() {
        assert_eq!(cue("身份证号码：|").as_deref(), Some("id_card:身份证号码"));
        assert_eq!(cue("订单号 2024，手机 |").as_deref(), Some("phone:手机"));
        assert_eq!(cue("\"user_mobile\":\"|").as_deref(), Some("phone:mobile"));
        assert_eq!(cue("Passport No. |").as_deref(), Some("passport:passport no"));
        assert_eq!(cue("hotel |"), None, "tel inside hotel");
        assert_eq!(cue("手机\n|"), None, "another line");
        assert_eq!(cue("手机号码是我们很久以前就登记过的 |"), None, "too far");
        assert_eq!(
            cue("\"passport\": {\"no\": \"|").as_deref(),
            Some("passport:passport"),
            "punctuation is no distance"
        );
        assert_eq!(cue("X-Request-Id: |").as_deref(), Some("not_personal:x-request-id"));
        // A GBK export: 护照号码：(GBK) E12345678.
        let gbk = [encoding_rs::GBK.encode("护照号码：").0.as_ref(), b"E12345678"].concat();
        let r = Rules::get();
        let c = r.before(&gbk, gbk.len() - 9, 0).map(|c| r.group_name(c).to_string());
        assert_eq!(c.as_deref(), Some("passport"));
        assert_eq!(cue("trace_id=|").as_deref(), Some("not_personal:trace_id"));
    }

    #[test]
    fn csv_headers_label_their_columns() {
        let head = "客户编号,姓名,\"证件号码\",手机号,订单号\n1,王芳,E12345678,138,2024\n";
        let ctx = FileContext::from_head(head.as_bytes(), Default::default());
        let cols = ctx.columns.expect("a header");
        let r = Rules::get();
        let names: Vec<_> = cols.cues.iter().map(|c| c.map(|c| r.group_name(c).to_string())).collect();
        assert_eq!(
            names,
            [None, Some("name".into()), Some("id_document".into()), Some("phone".into()), Some("not_personal".into())]
        );
        let at = head.find("E123").unwrap();
        let mut cur = CellCursor::default();
        let name = head.find("王芳").unwrap();
        assert_eq!(cols.cell_of(head.as_bytes(), at, &mut cur), Some((2, at, Some(name))));
        let later = head.find(",2024").unwrap() + 1;
        assert_eq!(
            cols.cell_of(head.as_bytes(), later, &mut cur),
            Some((4, later, Some(later - 4))),
            "from the cursor"
        );
        assert_eq!(cols.cell_of(head.as_bytes(), at, &mut CellCursor::default()), Some((2, at, Some(name))));
        assert_eq!(
            r.label_cell(b"\"\xe5\x8f\xb0\xe8\x83\x9e\xe8\xaf\x81\"").map(|c| r.group_name(c)),
            Some("taiwan_permit")
        );
        assert_eq!(r.label_cell("王芳".as_bytes()), None);
        assert!(FileContext::from_head(b"1,2,3\n4,5,6\n", Default::default()).columns.is_none());
        assert!(FileContext::from_head(b"just prose, with a comma\n", Default::default()).columns.is_none());
        let json = b"{\"mobile\":\"x\",\"bank_card\":\"y\"}\n";
        assert!(FileContext::from_head(json, Default::default()).columns.is_none(), "JSON lines are no CSV");
    }
}
