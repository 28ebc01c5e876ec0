//! Names, addresses, dates of birth and biometric templates in text: found from what stands next to
//! them, never by reading every character of the text.
//!
//! ```text
//! block ──anchors (one packed multi-literal search: 姓名 联系人 … 先生 女士 地址 住址 出生 生日 号 name …)
//!        ├─ a label of the name, address or birth_date group ──▶ name::after_label / address::after_label /
//!        │                                                      birth::at (or birth::ending_at before 出生)
//!        ├─ 先生 / 女士 ──▶ name::before_cue
//!        ├─ digit + 号 ──▶ address::unlabelled_around (a place, a road and a number)
//!        ├─ a biometric key (指纹 人脸 … face_feature …) ──▶ blob::read: a template after it, or a mention
//!        └─ 464D5200 / Rk1SA … (a record's signature in hex or base64) ──▶ blob::encoded_record
//! CSV/TSV columns whose header is such a label ──▶ every cell of the column, read whole
//! SQL: INSERT heads naming a biometric table ──▶ the template-shaped values of the statement
//! ```
//!
//! The anchors are a short list of literals chosen so that every label in the rule files
//! (`patterns/context/{name,address,birth_date}.toml`) contains one, or ends in 人 before a colon
//! (寄件人：); a hit is then matched against the full keywords of its group. Chinese labels are few
//! and their first characters rare in text, so the search runs at several GB/s (Teddy, SIMD): see
//! `benches/RESULTS.md`. ASCII anchors are listed in the cases that occur (name, Name) because a
//! case-insensitive search cannot use the SIMD searcher.

use super::{address, biometric, birth, blob, name, Candidate, Ctx, Detector, Match, Notes, Scratch};
use crate::finding::{Category, Kind};
use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::OnceLock;

/// What the anchors find, and the columns read whole under their headers.
const PERSON_CATEGORIES: [Category; 4] = [Category::Name, Category::Address, Category::BirthDate, Category::Biometric];

/// Bytes before the owned range searched for labels: a label and its separators are far shorter.
const LABEL_BACK: usize = 128;
/// Bytes after the owned range searched for anchors: an address that starts in the range has its 号
/// within this, a name its 先生.
const ANCHOR_SLACK: usize = 256;

/// What an anchor literal starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Label(Category),
    /// 人 followed by a colon: any name label ending in 人 (寄件人：, 监护人:).
    PersonColon,
    Cue,
    Hao,
    /// The hex or base64 beginning of a standard biometric record's signature.
    Record,
}

const ANCHORS: &[(&str, Anchor)] = &[
    ("姓名", Anchor::Label(Category::Name)),
    ("联系人", Anchor::Label(Category::Name)),
    ("收货人", Anchor::Label(Category::Name)),
    ("收件人", Anchor::Label(Category::Name)),
    ("员工", Anchor::Label(Category::Name)),
    ("户主", Anchor::Label(Category::Name)),
    ("患者", Anchor::Label(Category::Name)),
    ("人：", Anchor::PersonColon),
    ("人:", Anchor::PersonColon),
    ("name", Anchor::Label(Category::Name)),
    ("Name", Anchor::Label(Category::Name)),
    ("先生", Anchor::Cue),
    ("女士", Anchor::Cue),
    ("地址", Anchor::Label(Category::Address)),
    ("住址", Anchor::Label(Category::Address)),
    ("住所", Anchor::Label(Category::Address)),
    ("居住地", Anchor::Label(Category::Address)),
    ("户籍所在地", Anchor::Label(Category::Address)),
    ("addr", Anchor::Label(Category::Address)),
    ("Addr", Anchor::Label(Category::Address)),
    ("出生", Anchor::Label(Category::BirthDate)),
    ("生日", Anchor::Label(Category::BirthDate)),
    ("birth", Anchor::Label(Category::BirthDate)),
    ("Birth", Anchor::Label(Category::BirthDate)),
    ("dob", Anchor::Label(Category::BirthDate)),
    ("DOB", Anchor::Label(Category::BirthDate)),
    ("号", Anchor::Hao),
    ("指纹", Anchor::Label(Category::Biometric)),
    ("人脸", Anchor::Label(Category::Biometric)),
    ("面部", Anchor::Label(Category::Biometric)),
    ("虹膜", Anchor::Label(Category::Biometric)),
    ("声纹", Anchor::Label(Category::Biometric)),
    ("掌纹", Anchor::Label(Category::Biometric)),
    ("静脉", Anchor::Label(Category::Biometric)),
    ("finger", Anchor::Label(Category::Biometric)),
    ("Finger", Anchor::Label(Category::Biometric)),
    ("face", Anchor::Label(Category::Biometric)),
    ("Face", Anchor::Label(Category::Biometric)),
    ("iris", Anchor::Label(Category::Biometric)),
    ("Iris", Anchor::Label(Category::Biometric)),
    ("voice", Anchor::Label(Category::Biometric)),
    ("Voice", Anchor::Label(Category::Biometric)),
    ("palm", Anchor::Label(Category::Biometric)),
    ("Palm", Anchor::Label(Category::Biometric)),
    ("vein", Anchor::Label(Category::Biometric)),
    ("fp_template", Anchor::Label(Category::Biometric)),
];

/// The anchors and the encoded record signatures, in one list for the one search.
fn literals() -> impl Iterator<Item = &'static [u8]> + Clone {
    ANCHORS.iter().map(|a| a.0.as_bytes()).chain(blob::ENCODED_SIGNATURES.iter().map(|s| s.as_bytes()))
}

fn anchor(pattern: usize) -> Anchor {
    ANCHORS.get(pattern).map_or(Anchor::Record, |a| a.1)
}

/// Words right before a biometric key that make its value a digest, not a body's template: a
/// certificate's, a key's, a device's or a file's fingerprint.
const NOT_OF_A_BODY: &[&str] = &[
    "设备",
    "浏览器",
    "文件",
    "证书",
    "公钥",
    "密钥",
    "device",
    "browser",
    "cert",
    "certificate",
    "key",
    "ssh",
    "tls",
    "ssl",
    "file",
    "md5",
    "sha1",
    "sha256",
    "hash",
    "gpg",
    "pgp",
    "host",
    "public",
    "app",
    "apk",
    "build",
    "git",
];

/// The kind of a standard record that a hex or base64 value decodes to (a template under a
/// `face_feature` key that is in fact an ISO face record says so).
fn recorded_kind(b: &blob::Blob) -> Option<Kind> {
    b.record.map(|r| r.format.kind())
}

/// Where the string whose opening quote is at `q` closes (a dump escapes quotes as `\'` or `''`),
/// or `stop`.
fn quoted_end(hay: &[u8], q: usize, stop: usize) -> usize {
    let mut p = q + 1;
    while p < stop {
        match hay[p] {
            b'\\' => p += 2,
            b'\'' if hay.get(p + 1) == Some(&b'\'') => p += 2,
            b'\'' => return p,
            _ => p += 1,
        }
    }
    stop
}

/// A keyword found in `text` stands as a word: an ASCII one not inside a longer word (`_` and
/// digits do not break it: user_face_feature, face_feature2).
fn whole_ascii_word(text: &[u8], m: &aho_corasick::Match) -> bool {
    let letter = |i: Option<usize>| i.and_then(|i| text.get(i)).is_some_and(|b| b.is_ascii_alphabetic());
    !text[m.start()].is_ascii() || !(letter(m.start().checked_sub(1)) || letter(Some(m.end())))
}

/// The kind of template a biometric keyword names.
fn template_kind(keyword: &str) -> Kind {
    let k = keyword.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| k.contains(w));
    if has(&["静脉", "vein"]) {
        Kind::VeinTemplate
    } else if has(&["掌纹", "palm"]) {
        Kind::PalmTemplate
    } else if has(&["指纹", "finger", "fp_"]) {
        Kind::FingerTemplate
    } else if has(&["虹膜", "iris"]) {
        Kind::IrisTemplate
    } else if has(&["声纹", "voice"]) {
        Kind::Voiceprint
    } else {
        Kind::FaceTemplate
    }
}

/// Words before `name` that make it something other than a person's name (file_name, hostname).
const NOT_PERSON_NAME: &[&str] = &[
    "file",
    "host",
    "path",
    "class",
    "service",
    "app",
    "table",
    "column",
    "field",
    "key",
    "event",
    "nick",
    "domain",
    "bucket",
    "node",
    "queue",
    "topic",
    "module",
    "package",
    "image",
    "product",
    "goods",
    "item",
    "brand",
    "company",
    "org",
    "shop",
    "store",
    "dept",
    "city",
    "province",
    "region",
    "street",
    "place",
    "bank",
    "type",
    "sheet",
    "job",
    "task",
    "project",
    "group",
    "role",
    "tag",
    "device",
    "server",
    "db",
    "schema",
    "index",
    "font",
    "display",
    "screen",
    "method",
    "func",
    "function",
    "var",
    "param",
    "attr",
    "sku",
    "cat",
    "category",
    "merchant",
    "school",
    "team",
    "user",
    "login",
    "account",
    "channel",
    "process",
    "thread",
    "pod",
    "container",
    "cluster",
    "instance",
    "plan",
    "file_",
];

pub(crate) struct Anchors {
    search: Search,
    /// `'` before a Han character, for the quoted names of SQL dumps.
    quoted: Search,
    /// The biometric keywords, any case: what a SQL statement's head is searched for.
    biometric: AhoCorasick,
    /// Label keywords (lower-case) of the three groups, with their category.
    keywords: Vec<(Vec<u8>, Category)>,
    /// For each anchor literal: the keywords of its category that contain it, and where.
    containing: Vec<Vec<(u16, usize)>>,
}

/// The packed SIMD searcher (Teddy) alone where the CPU has it: without the automaton behind it,
/// a hit costs nothing more than the search. Otherwise the general automaton.
enum Search {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Search {
    fn new<I, P>(literals: I) -> Search
    where
        I: IntoIterator<Item = P> + Clone,
        P: AsRef<[u8]>,
    {
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(literals.clone())
            .build();
        match packed {
            Some(p) => Search::Packed(p),
            None => Search::Automaton(
                AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(literals).expect("literals"),
            ),
        }
    }

    fn find_iter<'a>(&'a self, hay: &'a [u8]) -> Box<dyn Iterator<Item = (usize, usize, usize)> + 'a> {
        match self {
            Search::Packed(p) => Box::new(p.find_iter(hay).map(|m| (m.start(), m.end(), m.pattern().as_usize()))),
            Search::Automaton(a) => Box::new(a.find_iter(hay).map(|m| (m.start(), m.end(), m.pattern().as_usize()))),
        }
    }
}

impl Anchors {
    pub(crate) fn get() -> &'static Anchors {
        static A: OnceLock<Anchors> = OnceLock::new();
        A.get_or_init(|| {
            let search = Search::new(literals());
            // A quote and the first byte of a CJK character (U+4E00-U+9FFF): a dump's quoted names.
            let quoted = Search::new((0xE4..=0xE9).map(|b| [b'\'', b]));
            let rules = super::context::Rules::get();
            let mut keywords = Vec::new();
            for (index, g) in rules.groups.iter().enumerate() {
                for cat in PERSON_CATEGORIES {
                    if g.categories.contains(&cat) && g.effect == super::context::Effect::Label {
                        keywords.extend(rules.group_keywords(index).map(|k| (k.as_bytes().to_vec(), cat)));
                    }
                }
            }
            let containing = ANCHORS
                .iter()
                .map(|(lit, what)| {
                    let Anchor::Label(cat) = what else { return Vec::new() };
                    let lit = lit.to_ascii_lowercase();
                    keywords
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, c))| c == cat)
                        .filter_map(|(k, (kw, _))| {
                            kw.windows(lit.len()).position(|w| w == lit.as_bytes()).map(|off| (k as u16, off))
                        })
                        .collect()
                })
                .collect();
            let biometric = AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(keywords.iter().filter(|(_, c)| *c == Category::Biometric).map(|(k, _)| k))
                .expect("biometric keywords");
            Anchors { search, quoted, biometric, keywords, containing }
        })
    }

    /// The label keyword that contains the hit of anchor `anchor` at `s`: its span, the longest.
    fn label(&self, hay: &[u8], s: usize, anchor: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for &(k, off) in &self.containing[anchor] {
            let k = &self.keywords[usize::from(k)].0;
            let Some(ks) = s.checked_sub(off) else { continue };
            let ke = ks + k.len();
            if ke <= hay.len() && hay[ks..ke].eq_ignore_ascii_case(k) && best.is_none_or(|(a, b)| ke - ks > b - a) {
                best = Some((ks, ke));
            }
        }
        best
    }

    /// For `人：`: whether a name keyword ending in 人 stands right before the colon.
    fn is_person_label(&self, hay: &[u8], colon: usize) -> bool {
        self.keywords.iter().any(|(k, c)| {
            *c == Category::Name
                && k.ends_with("人".as_bytes())
                && colon.checked_sub(k.len()).is_some_and(|ks| &hay[ks..colon] == k.as_slice())
        })
    }
}

/// Whether an ASCII label at `ks..ke` stands as (the end of) an identifier of its own: not inside a
/// longer word (filename, adobe), and for `name` not after a word that makes it a thing's name.
/// Returns where the identifier ends (birth_dt, name_cn).
fn ascii_label(hay: &[u8], ks: usize, ke: usize) -> Option<usize> {
    let before = ks.checked_sub(1).map(|i| hay[i]);
    // A letter before breaks the word, except at a camelCase boundary (userName).
    if let Some(b) = before {
        if b.is_ascii_alphabetic() && !(b.is_ascii_lowercase() && hay[ks].is_ascii_uppercase()) {
            return None;
        }
    }
    let key = &hay[ks..ke];
    if key.eq_ignore_ascii_case(b"name") {
        // The identifier before: file_name, fileName, host.name.
        let mut w = ks;
        while w > 0 && (hay[w - 1].is_ascii_alphanumeric() || hay[w - 1] == b'_' || hay[w - 1] == b'.') {
            w -= 1;
        }
        let prefix = String::from_utf8_lossy(&hay[w..ks]).to_ascii_lowercase();
        let prefix = prefix.trim_end_matches(['_', '.']);
        let last = prefix.rsplit(['_', '.']).next().unwrap_or("");
        if NOT_PERSON_NAME.iter().any(|n| last == *n || (last.ends_with(n) && n.len() >= 4)) {
            return None;
        }
    }
    let mut e = ke;
    while e < hay.len() && (hay[e].is_ascii_alphanumeric() || hay[e] == b'_') && e - ke < 16 {
        e += 1;
    }
    Some(e)
}

/// Skips what stands between a label and its value: spaces, quotes, colons, `=`, brackets, and one
/// bracketed aside of a few characters (紧急联系人（配偶）：). Returns where the value starts.
fn skip_gap(hay: &[u8], mut i: usize) -> usize {
    const PUNCT: &[&str] = &["：", "（", "）", "【", "】", "“", "”", "「", "」", "　", "＝", "为", "是"];
    let limit = (i + 48).min(hay.len());
    while i < limit {
        match hay[i] {
            b' ' | b'\t' | b':' | b'=' | b'"' | b'\'' | b'`' | b'[' | b']' | b'{' | b'>' => i += 1,
            b'(' => match memchr::memchr(b')', &hay[i..limit]) {
                Some(k) if k <= 24 => i += k + 1,
                _ => return i,
            },
            _ if hay[i..].starts_with("（".as_bytes()) => match memchr::memmem::find(&hay[i..limit], "）".as_bytes())
            {
                Some(k) if k <= 24 => i += k + 3,
                _ => i += 3,
            },
            _ => match PUNCT.iter().find(|p| hay[i..].starts_with(p.as_bytes())) {
                Some(p) => i += p.len(),
                None => return i,
            },
        }
    }
    i
}

impl Detector {
    /// Reports the names, addresses and dates of birth that start in the owned range.
    pub(super) fn person(&self, c: &Ctx, s: &mut Scratch, out: &mut Vec<Match>) {
        let a = Anchors::get();
        let hay = c.hay;
        let from = c.range.start.saturating_sub(LABEL_BACK);
        let to = hay.len().min(c.range.end.saturating_add(ANCHOR_SLACK));
        // Cells of labelled columns and statements of biometric tables first: the addresses and
        // templates read there (`read`, spans) are not read again from a 号 or a record's signature
        // inside them.
        let mut read = Vec::new();
        if c.file.columns.as_ref().is_some_and(|cols| cols.person) {
            self.person_columns(c, &mut read, &mut s.notes, out);
        }
        // Where the last name and address found ended: a cue or 号 inside them is not read again.
        let (mut name_end, mut addr_end, mut bio_end) = (0, 0, 0);
        if c.file.sql {
            name_end = self.quoted_names(c, from, to, &mut s.notes, out);
            self.biometric_inserts(c, &mut read, &mut s.notes, out);
        }
        read.sort_unstable();
        let covered = |at: usize| read.get(read.partition_point(|&(_, e)| e <= at)).is_some_and(|&(s, _)| s <= at);
        for (ms, me, pattern) in a.search.find_iter(&hay[from..to]) {
            let (hs, he) = (from + ms, from + me);
            match anchor(pattern) {
                Anchor::Hao => {
                    if hs >= addr_end && !covered(hs) && hs > 0 && hay[hs - 1].is_ascii_digit() {
                        match address::unlabelled_around(hay, hs) {
                            Ok(ad) => {
                                addr_end = ad.end;
                                self.found_address(c, &ad, 85, "place, road and number", &mut s.notes, out);
                            }
                            Err(why) => self.reject_person(c, &mut s.notes, hs, he, Category::Address, why),
                        }
                    }
                }
                Anchor::Cue => {
                    if hs != name_end {
                        match name::before_cue(hay, hs) {
                            Ok(n) => {
                                name_end = n.end;
                                self.found_name(c, n.start, n.end, 85, "name before 先生/女士", &mut s.notes, out);
                            }
                            Err(name::Why::NoSurname) => {}
                            Err(why) => self.reject_person(c, &mut s.notes, hs, he, Category::Name, why),
                        }
                    }
                }
                Anchor::Record => {
                    if hs >= bio_end && !covered(hs) {
                        if let Some((b, r)) = blob::encoded_record(hay, hs) {
                            bio_end = b.end;
                            let why = "a standard record's header, written as hex or base64";
                            self.found_template(c, b, r.format.kind(), 95, why, &mut s.notes, out);
                        }
                    }
                }
                Anchor::PersonColon => {
                    // The label ends where the colon starts.
                    if a.is_person_label(hay, hs + 3) {
                        name_end = name_end.max(self.after_name_label(c, hs + 3, s, out));
                    }
                }
                Anchor::Label(cat) => {
                    let Some((ks, mut ke)) = a.label(hay, hs, pattern) else { continue };
                    if hay[ks].is_ascii() {
                        match ascii_label(hay, ks, ke) {
                            Some(e) => ke = e,
                            None => continue,
                        }
                    }
                    match cat {
                        Category::Name => name_end = name_end.max(self.after_name_label(c, ke, s, out)),
                        Category::Address => {
                            let v = skip_gap(hay, ke);
                            if v < addr_end {
                                continue;
                            }
                            match address::after_label(hay, v) {
                                Ok(ad) => {
                                    addr_end = ad.end;
                                    self.found_address(c, &ad, 90, "address after a label", &mut s.notes, out);
                                }
                                Err(why) => self.reject_person(c, &mut s.notes, v, v, Category::Address, why),
                            }
                        }
                        Category::Biometric if ks >= bio_end && !covered(ks) => {
                            bio_end = bio_end.max(self.template_after_key(c, ks, ke, &mut s.notes, out));
                        }
                        Category::Biometric => {}
                        _ => self.after_birth_label(c, ks, ke, &mut s.notes, out),
                    }
                }
            }
        }
    }

    /// In a SQL dump: quoted values of characters that read as a name (`'王芳'`), a common surname
    /// and common given-name characters — a row names none of its columns. Only in dumps: a quote
    /// before a character is common there, and a search for it everywhere would slow every scan
    /// (a two-byte literal among the anchors halves the SIMD search's speed). A search of its own,
    /// for a quote and a Han character's first byte: a stop at every quote of a dump cost 7% of a
    /// mixed corpus's time. Returns where the last name ended.
    fn quoted_names(&self, c: &Ctx, from: usize, to: usize, n: &mut Notes, out: &mut Vec<Match>) -> usize {
        let hay = c.hay;
        let mut last = 0;
        for (q, _, _) in Anchors::get().quoted.find_iter(&hay[from..to]) {
            let v = from + q + 1;
            let Some(close) = memchr::memchr(b'\'', &hay[v..to.min(v + 16)]).map(|k| v + k) else { continue };
            if let Ok(m) = name::whole(hay, v, close, false) {
                last = m.end;
                let why = "a quoted value of a dump that reads as a name (common surname and given-name characters)";
                self.found_name(c, m.start, m.end, 60, why, n, out);
            }
        }
        last
    }

    /// The name (and the further names of a list) after a name label; returns where the last ends.
    fn after_name_label(&self, c: &Ctx, ke: usize, s: &mut Scratch, out: &mut Vec<Match>) -> usize {
        let hay = c.hay;
        let v = skip_gap(hay, ke);
        // Glued to its label (员工张伟, 患者家属): the characters must read as a name without one.
        let read = if v == ke { name::glued(hay, v) } else { name::after_label(hay, v) };
        match read {
            Ok(n) => {
                let conf = if n.run_goes_on { 80 } else { 90 };
                self.found_name(c, n.start, n.end, conf, "name after a label", &mut s.notes, out);
                let mut end = n.end;
                while let Some(m) = name::next_in_list(hay, end) {
                    self.found_name(c, m.start, m.end, 85, "name in a list after a labelled name", &mut s.notes, out);
                    end = m.end;
                }
                end
            }
            Err(name::Why::NoSurname) if super::han::at(hay, v).is_none() => 0,
            Err(why) => {
                self.reject_person(c, &mut s.notes, v, v, Category::Name, why);
                0
            }
        }
    }

    /// The template after a biometric key at `ks..ke` (`"face_feature": "…"`, `指纹模板：0x…`);
    /// returns where it ended (0 if none). A key without one is a mention (支持指纹解锁), not data.
    fn template_after_key(&self, c: &Ctx, ks: usize, ke: usize, n: &mut Notes, out: &mut Vec<Match>) -> usize {
        let hay = c.hay;
        let key = String::from_utf8_lossy(&hay[ks..ke]);
        if let Some(w) = NOT_OF_A_BODY.iter().find(|w| {
            let w = w.as_bytes();
            ks.checked_sub(w.len()).is_some_and(|s| hay[s..ks].eq_ignore_ascii_case(w))
                || ks.checked_sub(w.len() + 1).is_some_and(|s| {
                    hay[s..ks - 1].eq_ignore_ascii_case(w) && matches!(hay[ks - 1], b'_' | b'.' | b'-')
                })
        }) {
            self.reject_person(
                c,
                n,
                ks,
                ke,
                Category::Biometric,
                format_args!("“{w}” before “{key}”: a digest, not a body's template"),
            );
            return 0;
        }
        let v = skip_gap(hay, ke);
        // A vector is reported with its bracket, which the gap skipped.
        let v = if v > ke && hay[v - 1] == b'[' { v - 1 } else { v };
        match blob::read(hay, v) {
            Some(b) => {
                let end = b.end;
                let kind = recorded_kind(&b).unwrap_or_else(|| template_kind(&key));
                self.found_template(c, b, kind, 90, "a template after a biometric key", n, out);
                end
            }
            None => {
                let why = "a biometric word without a template after it (hex or base64 of 96 bytes or more, or 32 numbers or more): a mention, not data";
                self.reject_person(c, n, ks, ke, Category::Biometric, why);
                0
            }
        }
    }

    /// In a SQL dump: the template values of `INSERT` statements whose table or column list a
    /// biometric keyword names (`INSERT INTO user_face_feature …`, `(… fingerprint_template) VALUES`),
    /// within [`super::CONTEXT`] bytes of the statement's start, so that every block that owns a
    /// value sees its statement's head. Which column a value is in is not read (issue 7's column
    /// map): every template-shaped value of such a statement counts, and ids, dates and names are
    /// not template-shaped. Appends the span of every value reported to `read`.
    fn biometric_inserts(&self, c: &Ctx, read: &mut Vec<(usize, usize)>, n: &mut Notes, out: &mut Vec<Match>) {
        let (hay, a) = (c.hay, Anchors::get());
        let region = c.range.start.saturating_sub(super::CONTEXT)..c.range.end.min(hay.len());
        // The last statement head read and the kind it names: a dump written a row per statement
        // repeats one head thousands of times, and a comparison is cheaper than a search.
        let mut known: (&[u8], Option<Kind>) = (&[], None);
        // Searchers built once: `memmem::find` builds one per call, and a dump has a call per row.
        static FINDERS: OnceLock<[memchr::memmem::Finder; 2]> = OnceLock::new();
        let [insert, values_kw] = FINDERS
            .get_or_init(|| [memchr::memmem::Finder::new(b"INSERT INTO"), memchr::memmem::Finder::new(b"VALUES")]);
        for h in insert.find_iter(&hay[region.clone()]).map(|k| region.start + k) {
            let line_end = memchr::memchr(b'\n', &hay[h..]).map_or(hay.len(), |k| h + k);
            let stop = line_end.min(h + super::CONTEXT);
            let Some(values) = values_kw.find(&hay[h..stop.min(h + 1024)]).map(|k| h + k + 6) else {
                continue;
            };
            let head = &hay[h..values];
            if head != known.0 {
                let m = a.biometric.find_iter(head).filter(|m| whole_ascii_word(head, m)).last();
                known = (head, m.map(|m| template_kind(&String::from_utf8_lossy(&head[m.start()..m.end()]))));
            }
            let Some(kind) = known.1 else { continue };
            let mut p = values;
            while p < stop {
                // The value that starts here, if it is a template, and where reading goes on.
                let (value, next) = match hay[p] {
                    b'\'' => {
                        let close = quoted_end(hay, p, stop);
                        let b = blob::read(&hay[..close], p + 1)
                            .filter(|b| b.end == close || b.end - b.start == biometric::SPAN_LIMIT);
                        (b, close + 1)
                    }
                    b'0' | b'X' | b'x'
                        if matches!(hay.get(p + 1), Some(b'x' | b'X' | b'\''))
                            && !hay[p - 1].is_ascii_alphanumeric() =>
                    {
                        let b = blob::read(hay, p);
                        let next = b.as_ref().map_or(p + 2, |b| b.end);
                        (b, next)
                    }
                    b';' => break,
                    _ => (None, p + 1),
                };
                if let Some(b) = value.filter(|b| c.range.contains(&b.start)) {
                    read.push((b.start, b.end));
                    let kind = recorded_kind(&b).unwrap_or(kind);
                    self.found_template(c, b, kind, 90, "a template in an INSERT into a biometric table", n, out);
                }
                p = next;
            }
        }
    }

    fn after_birth_label(&self, c: &Ctx, ks: usize, ke: usize, n: &mut Notes, out: &mut Vec<Match>) {
        let hay = c.hay;
        let v = skip_gap(hay, ke);
        match birth::at(hay, v, self.today) {
            Ok(b) => self.found_birth(c, &b, "date after a birth label", n, out),
            Err(why) => {
                // 1986年11月25日出生: the date before the label.
                if hay[ks..].starts_with("出生".as_bytes()) {
                    if let Some(b) = birth::ending_at(hay, ks, self.today) {
                        return self.found_birth(c, &b, "date before 出生", n, out);
                    }
                }
                if why != birth::Why::NotADate {
                    self.reject_person(c, n, v, v, Category::BirthDate, why);
                }
            }
        }
    }

    /// Cells of CSV/TSV columns whose header is a name, address, birth-date or biometric label,
    /// read whole. Appends the span of every address and template read to `read` (in order).
    fn person_columns(&self, c: &Ctx, read: &mut Vec<(usize, usize)>, n: &mut Notes, out: &mut Vec<Match>) {
        let Some(cols) = c.file.columns.as_ref() else { return };
        let hay = c.hay;
        // Each column read: its index, category, and for a biometric one the kind its header names.
        let wanted: Vec<(usize, Category, Option<Kind>)> = cols
            .cues
            .iter()
            .enumerate()
            .filter_map(|(k, &cue)| {
                let cat = PERSON_CATEGORIES
                    .into_iter()
                    .find(|&cat| self.rules.say(cue, cat) == super::context::Say::Labelled)?;
                let kind = cue.filter(|_| cat == Category::Biometric).map(|q| template_kind(self.rules.keyword(q)));
                Some((k, cat, kind))
            })
            .collect();
        let Some(&(last, _, _)) = wanted.last() else { return };
        // From the start of the line that holds the range's start: a cell is reported where it
        // starts, as every value is. A cell 4 KiB or more into its line is not read (where the line
        // starts may be outside the context, so its column would depend on where blocks fall).
        let r = c.range.start.min(hay.len());
        let from = r.saturating_sub(super::CONTEXT);
        let nl = match memchr::memrchr(b'\n', &hay[from..r]) {
            Some(k) => from + k + 1,
            None if from == 0 => 0,
            None => return,
        };
        let mut p = nl;
        while p < c.range.end {
            let line_end = memchr::memchr(b'\n', &hay[p..]).map_or(hay.len(), |k| p + k);
            let line = &hay[p..line_end];
            let (mut col, mut cell, mut quoted, mut w) = (0, 0, false, 0);
            let mut i = 0;
            while col <= last {
                // Only quotes, delimiters and the line's end matter: jump from one to the next.
                let (i_at, b) = match memchr::memchr3(b'"', cols.delimiter, b'\r', &line[i..]) {
                    Some(k) => (i + k, line[i + k]),
                    None => (line.len(), b'\n'),
                };
                i = i_at;
                let at_end = b == b'\n' || b == b'\r';
                if b == b'"' {
                    quoted = !quoted;
                } else if at_end || !quoted {
                    if let Some(&(_, cat, kind)) = wanted.get(w).filter(|(k, _, _)| *k == col) {
                        if cell < super::CONTEXT && c.range.contains(&(p + cell)) {
                            if let Some(span) = self.person_cell(c, p + cell, p + i, (cat, kind), n, out) {
                                read.push(span);
                            }
                        }
                        w += 1;
                    }
                    col += 1;
                    cell = i + 1;
                    if at_end {
                        break;
                    }
                }
                i += 1;
            }
            p = line_end + 1;
        }
    }

    /// Reads one cell; returns the span of an address or template read there.
    fn person_cell(
        &self,
        c: &Ctx,
        s: usize,
        e: usize,
        (cat, kind): (Category, Option<Kind>),
        n: &mut Notes,
        out: &mut Vec<Match>,
    ) -> Option<(usize, usize)> {
        let hay = c.hay;
        let (mut s, mut e) = (s, e);
        while s < e && matches!(hay[s], b' ' | b'"') {
            s += 1;
        }
        while e > s && matches!(hay[e - 1], b' ' | b'"') {
            e -= 1;
        }
        if s == e || self.rules.label_cell(&hay[s..e]).is_some() {
            return None;
        }
        match cat {
            Category::Name => match name::whole(hay, s, e, true) {
                Ok(m) => self.found_name(c, m.start, m.end, 90, "a cell of a name column", n, out),
                Err(why) => self.reject_person(c, n, s, e, cat, why),
            },
            Category::Address => match address::after_label(hay, s) {
                Ok(ad) if ad.end <= e => {
                    self.found_address(c, &ad, 90, "a cell of an address column", n, out);
                    return Some((ad.start, ad.end));
                }
                Ok(_) => {}
                Err(why) => self.reject_person(c, n, s, e, cat, why),
            },
            Category::Biometric => match blob::read(&hay[..e], s) {
                Some(b) => {
                    let (span, kind) = ((b.start, b.end), recorded_kind(&b).or(kind).unwrap_or(Kind::FaceTemplate));
                    self.found_template(c, b, kind, 90, "a template in a biometric column", n, out);
                    return Some(span);
                }
                None => self.reject_person(
                    c,
                    n,
                    s,
                    e,
                    cat,
                    "not a template (hex or base64 of 96 bytes or more, or 32 numbers or more)",
                ),
            },
            _ => match birth::at(hay, s, self.today) {
                Ok(b) if b.end == e || hay[b.end] == b' ' => {
                    self.found_birth(c, &b, "a cell of a birth-date column", n, out)
                }
                Ok(_) => {}
                Err(why) => self.reject_person(c, n, s, e, cat, why),
            },
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn found_name(
        &self,
        c: &Ctx,
        s: usize,
        e: usize,
        conf: u8,
        why: &'static str,
        n: &mut Notes,
        out: &mut Vec<Match>,
    ) {
        let text = String::from_utf8_lossy(&c.hay[s..e]).into_owned();
        self.person_candidate(c, s, e, Category::Name, text, conf, why, n, out);
    }

    fn found_address(
        &self,
        c: &Ctx,
        a: &address::Address,
        conf: u8,
        why: &'static str,
        n: &mut Notes,
        out: &mut Vec<Match>,
    ) {
        let text = String::from_utf8_lossy(&c.hay[a.start..a.end]).into_owned();
        self.person_candidate(c, a.start, a.end, Category::Address, text, conf, why, n, out);
    }

    fn found_birth(&self, c: &Ctx, b: &birth::Birth, why: &'static str, n: &mut Notes, out: &mut Vec<Match>) {
        self.person_candidate(c, b.start, b.end, Category::BirthDate, b.normalized(), 95, why, n, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn found_template(
        &self,
        c: &Ctx,
        b: blob::Blob,
        kind: Kind,
        conf: u8,
        why: &'static str,
        n: &mut Notes,
        out: &mut Vec<Match>,
    ) {
        let cand = Candidate::open((b.start, b.end), Category::Biometric, Some(kind), b.normalized, conf, why);
        self.decide(c, cand, n, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn person_candidate(
        &self,
        c: &Ctx,
        start: usize,
        end: usize,
        category: Category,
        normalized: String,
        conf: u8,
        why: &'static str,
        n: &mut Notes,
        out: &mut Vec<Match>,
    ) {
        let cand = Candidate::open((start, end), category, None, normalized, conf, why);
        self.decide(c, cand, n, out);
    }

    fn reject_person(&self, c: &Ctx, n: &mut Notes, s: usize, e: usize, cat: Category, why: impl std::fmt::Display) {
        if n.explain.is_some() {
            let e = e.max((s + 12).min(c.hay.len()));
            self.reject(c, n, s, e, Some(cat), None, &c.hay[s..e], || format!("rejected: {why}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_in_running_text_has_an_anchor() {
        // A keyword without one works only as a column header; those are listed here on purpose.
        let a = Anchors::get();
        let header_only: &[&str] = &["名字", "病人", "就诊人", "业主", "租客", "乘客", "旅客", "xm", "zz", "csrq"];
        for (k, _) in &a.keywords {
            let k = std::str::from_utf8(k).unwrap();
            let anchored = ANCHORS.iter().any(|(lit, what)| match what {
                Anchor::PersonColon => k.ends_with('人'),
                _ => k.to_lowercase().contains(&lit.to_lowercase()),
            });
            assert!(anchored || header_only.contains(&k), "label {k} has no anchor");
        }
    }

    #[test]
    fn ascii_labels_stand_alone() {
        fn at<'a>(s: &'a str, k: &str) -> Option<&'a str> {
            let ks = s.find(k).unwrap();
            ascii_label(s.as_bytes(), ks, ks + k.len()).map(|e| &s[ks..e])
        }
        assert_eq!(at("real_name=", "name"), Some("name"));
        assert_eq!(at("userName:", "Name"), None, "user names are logins");
        assert_eq!(at("contactName:", "Name"), Some("Name"));
        assert_eq!(at("filename=", "name"), None);
        assert_eq!(at("file_name=", "name"), None);
        assert_eq!(at("birth_dt=", "birth"), Some("birth_dt"));
        assert_eq!(at("adobe", "dob"), None);
    }

    #[test]
    fn gaps_between_label_and_value() {
        fn g(s: &str) -> &str {
            &s[skip_gap(s.as_bytes(), 0)..]
        }
        assert_eq!(g("：王芳"), "王芳");
        assert_eq!(g("\":\"王芳\""), "王芳\"");
        assert_eq!(g("（配偶）：王芳"), "王芳");
        assert_eq!(g(" = 王芳"), "王芳");
        assert_eq!(g("，王芳"), "，王芳", "a comma ends a label: the value is not after it");
    }
}
