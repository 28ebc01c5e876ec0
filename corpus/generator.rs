//! The project's own test corpus: realistic Chinese HR notes, application logs, CSV exports,
//! JSON-lines events and SQL dumps, with planted personal information and hard decoys, and the ground
//! truth.
//!
//! Deterministic: the same seed and profile give byte-identical files (ChaCha8). Ground truth is
//! recorded as values are written, by this generator's own arithmetic (MOD 11-2, allocated prefixes
//! and area codes from `patterns/`, a handful of real BINs), never by asking the scanner. Decoys are
//! built so that they cannot be valid: a wrong check character, an impossible date, an unknown region
//! or area code, a digit run of the wrong length, letters glued to digits, a service number, a number
//! that only a label could make personal written without one (or under a label that rules it out).
//! Every decoy value's byte span is recorded, so a test can assert that no finding touches one.
//!
//! Used by the corpus test (`tests/corpus.rs`), by `cargo run --example gen-corpus` (the committed
//! sample under `corpus/samples/` and the benchmark corpus), and nothing else.

#![allow(dead_code)]

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

/// One planted value: where it is, what form it has and what its normalized form is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Truth {
    pub path: String,
    pub line: u64,
    /// Byte index in the file where the written value starts.
    pub offset: u64,
    pub category: &'static str,
    /// The form within the category: `resident`, `resident_15`, `hmt_residence_permit`,
    /// `foreign_permanent_resident`, `mobile`, `landline`, `passport`, `hk_macau_pass`,
    /// `home_return_permit`, `taiwan_compatriot_permit`, `bank_card`; empty for email.
    pub kind: &'static str,
    pub value: String,
}

/// A decoy value: a byte span that no finding may overlap (the value only, not its label).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decoy {
    pub path: String,
    pub line: u64,
    pub offset: u64,
    pub len: u64,
    /// What it is: `imei`, `part_number`, `uscc`, `order_number` ...
    pub what: &'static str,
}

pub struct Corpus {
    /// Relative path (with `/`) and content.
    pub files: Vec<(String, String)>,
    pub truth: Vec<Truth>,
    /// Sorted by path and offset.
    pub decoys: Vec<Decoy>,
    /// Valid Unified Social Credit Codes written (organisation identifiers: recognised, never
    /// reported as personal information). Each is also a decoy with `what == "uscc"`.
    pub org_ids: usize,
}

#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// Files of each kind (HR notes, logs, CSV exports, JSON lines, SQL dumps).
    pub files_per_kind: usize,
    /// Records (lines or paragraphs that carry values) per file.
    pub records_per_file: usize,
    /// Lines without personal information written after each record (prose, routine log lines,
    /// guest rows in exports and dumps, heartbeat events).
    pub filler_per_record: usize,
    /// People in the population the records are drawn from (values repeat across files).
    pub people: usize,
}

impl Profile {
    /// The committed sample: small enough to read, every form and decoy present.
    pub const SAMPLE: Profile = Profile { files_per_kind: 2, records_per_file: 40, filler_per_record: 1, people: 60 };
    /// What the corpus test scores against.
    pub const TEST: Profile = Profile { files_per_kind: 12, records_per_file: 250, filler_per_record: 2, people: 1500 };
}

const REGIONS_TSV: &str = include_str!("../patterns/regions.tsv");
const MOBILE_TSV: &str = include_str!("../patterns/mobile-prefixes.tsv");
const AREA_CODES_TSV: &str = include_str!("../patterns/area-codes.tsv");

fn table_rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).skip(1).map(|l| l.split('\t').collect())
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
fn check_char(first17: &str) -> char {
    let s: u32 = first17.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    b"10X98765432"[(s % 11) as usize] as char
}

/// Whether a digit string passes the Luhn check (the rightmost digit is the check digit).
fn luhn_ok(d: &str) -> bool {
    let s: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let x = u32::from(b - b'0');
            if i % 2 == 1 {
                if x * 2 > 9 {
                    x * 2 - 9
                } else {
                    x * 2
                }
            } else {
                x
            }
        })
        .sum();
    s.is_multiple_of(10)
}

/// The digit that makes `body` followed by it pass Luhn.
fn luhn_digit(body: &str) -> char {
    (b'0'..=b'9').map(char::from).find(|c| luhn_ok(&format!("{body}{c}"))).unwrap()
}

/// A real calendar day from 1900-01-01 to the scanner's "today" in the tests (2026-11-22).
fn valid_date(ymd: &str) -> bool {
    let n = |r: std::ops::Range<usize>| ymd[r].parse::<u32>().unwrap();
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1900..=2026).contains(&y) && (1..=days).contains(&d) && (y, m, d) <= (2026, 11, 22)
}

/// GB 32100 character set (no I, O, S, V, Z) and weights of the Unified Social Credit Code.
const USCC_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// GB 11714 check character of an organisation code's first eight characters; a letter counts as
/// its place in the alphabet plus 9 (A = 10 ... Z = 35), as the standard says.
fn org_check(first8: &str) -> char {
    let s: u32 = first8.chars().zip(ORG_WEIGHTS).map(|(c, w)| c.to_digit(36).unwrap() * w).sum();
    match 11 - s % 11 {
        10 => 'X',
        11 => '0',
        c => char::from_digit(c, 10).unwrap(),
    }
}

/// GB 32100 check character: MOD 31 over the code's own 31-character set.
fn uscc_check(first17: &str) -> char {
    let s: usize = first17.chars().zip(USCC_WEIGHTS).map(|(c, w)| USCC_CHARS.find(c).unwrap() * w).sum();
    USCC_CHARS.as_bytes()[(31 - s % 31) % 31] as char
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0xFF10 + (c as u32 - '0' as u32)).unwrap(),
            'X' => 'Ｘ',
            '+' => '＋',
            c => c,
        })
        .collect()
}

/// Provinces a 2023 foreigner permanent residence ID names after its leading 9.
const FOREIGN_PROVINCES: &[&str] = &[
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
];
/// ISO 3166-1 numeric codes: USA, Japan, Korea, UK, Germany, France, Canada, Australia, Russia,
/// Singapore, Thailand, Viet Nam, India, Brazil.
const NATIONALITIES: &[&str] =
    &["840", "392", "410", "826", "276", "250", "124", "036", "643", "702", "764", "704", "356", "076"];
/// The whole first six digits of Hong Kong, Macau and Taiwan residence permits (810001 is no permit).
const HMT_PREFIXES: &[&str] = &["810000", "820000", "830000"];
/// Letters that follow E or C in the newer passport and pass numbers (never I or O).
const DOC_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// Real BINs from `shared/data/bank-bins.csv` (hexindai/bcbc, MIT) with the length of their cards.
const BINS: &[(&str, usize, &str)] = &[
    ("622202", 19, "中国工商银行"),
    ("621226", 19, "中国工商银行"),
    ("621205", 18, "中国工商银行"),
    ("628288", 16, "中国工商银行"),
    ("622848", 19, "中国农业银行"),
    ("621700", 19, "中国建设银行"),
    ("623668", 19, "中国建设银行"),
    ("436742", 19, "中国建设银行"),
    ("621466", 16, "中国建设银行"),
    ("625965", 16, "中国建设银行"),
    ("622588", 16, "招商银行"),
    ("621483", 16, "招商银行"),
    ("622575", 16, "招商银行"),
    ("622260", 19, "交通银行"),
    ("601428", 17, "交通银行"),
    ("601382", 19, "中国银行"),
    ("438588", 18, "兴业银行"),
    ("621456", 17, "桂林银行"),
];
/// The first two digits of every BIN in that table: a digit run that starts otherwise is no card
/// the scanner knows, whatever its Luhn check says.
const BIN_LEADS: &[&str] = &[
    "10", "18", "30", "35", "37", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49", "50", "51", "52", "53",
    "54", "55", "56", "60", "62", "68", "69", "84", "87", "90", "91", "92", "94", "95", "96", "98", "99",
];

/// Four-digit "area codes" that exist nowhere: no code is or starts them, and where a real code does
/// start them (020, 010) what is left begins with 0, which no local number does.
const BAD_AREAS: &[&str] = &["0000", "0001", "0009", "0200", "0100", "0260", "0600", "0490"];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高", "欧阳", "司马", "诸葛", "上官",
];
const GIVEN: &[&str] = &[
    "芳", "伟", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "子涵", "一诺", "浩然", "欣怡", "梓轩",
    // Name characters whose second GBK byte is an ASCII letter (玥 AB 68, 珺 AC 42, 昇 95 4E).
    "玥", "珺", "昇",
];
const PINYIN: &[&str] = &[
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo",
    "he", "lin", "luo", "gao",
];
const GIVEN_PINYIN: &[&str] = &[
    "fang", "wei", "na", "xiuying", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie", "juan",
    "tao", "ming", "chao",
];
const DOMAINS: &[&str] = &[
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "gmail.com",
    "outlook.com",
    "foxmail.com",
    "example.cn",
    "corp.example.com.cn",
    "mail.tsinghua.edu.cn",
    "yeah.net",
    "aliyun.com",
];
const DEPTS: &[&str] = &["人力资源部", "财务部", "研发中心", "市场部", "客服中心", "法务部", "采购部"];
const RELATIONS: &[&str] = &["配偶", "父亲", "母亲", "兄弟", "姐妹", "子女"];

/// Labels people put before values, by kind: Chinese, then English.
const ID_LABELS: &[&str] = &["身份证号", "身份证号码", "公民身份号码"];
const ID15_LABELS: &[&str] = &["身份证号（旧）", "原身份证号", "身份证号"];
const HMT_LABELS: &[&str] = &["港澳台居民居住证号码", "居住证号码", "居住证号"];
const FOREIGN_LABELS: &[&str] = &["外国人永久居留身份证号码", "永居证号码", "永久居留身份证号"];
const PASSPORT_LABELS: &[&str] = &["护照号码", "护照号", "护照", "证件号码", "证件号"];
const PASSPORT_LABELS_EN: &[&str] = &["passport", "Passport No.", "passport_no"];
const HK_MACAU_LABELS: &[&str] = &["往来港澳通行证", "港澳通行证", "港澳通行证号码", "通行证号", "证件号码"];
const HOME_RETURN_LABELS: &[&str] = &["回乡证", "回乡证号", "港澳居民来往内地通行证", "回乡证号码", "证件号"];
const HOME_RETURN_LABELS_EN: &[&str] = &["Home Return Permit", "permit", "permit_no"];
/// A 台胞证 number is bare digits: only its own label, right before it, says what it is (证件号码 or
/// `permit` before eight digits could be many things).
const TAIWAN_LABELS: &[&str] = &["台胞证", "台胞证号", "台湾居民来往大陆通行证", "台胞证号码"];
const TAIWAN_LABELS_EN: &[&str] = &["MTP"];
const PERMIT_LABELS_EN: &[&str] = &["permit", "permit_no", "Permit No."];
/// Every one holds 卡号, 账号 or 银行卡, next to which even a card failing Luhn is a card.
const CARD_LABELS: &[&str] = &["工资卡号", "银行卡号", "开户账号", "卡号", "账号", "银行卡", "收款账号"];
const CARD_LABELS_EN: &[&str] = &["bank_card", "card_no", "Card No."];
const LANDLINE_LABELS: &[&str] = &["办公电话", "座机", "电话", "固话", "联系电话", "办公室电话"];
const LANDLINE_LABELS_EN: &[&str] = &["Tel", "tel", "landline", "Office Tel"];

struct Person {
    name: String,
    id: String,
    mobile: String,
    email: String,
}

/// A value to plant: its category and kind, the characters as issued, and its normalized form.
struct Value {
    category: &'static str,
    kind: &'static str,
    raw: String,
    norm: String,
}

impl Value {
    fn new(category: &'static str, kind: &'static str, raw: String) -> Value {
        Value { category, kind, norm: raw.clone(), raw }
    }
}

/// Text to write in which decoy values are marked: `("", text)` is plain, `(what, value)` a decoy.
type Parts = Vec<(&'static str, String)>;

fn labelled(label: &str, what: &'static str, value: String) -> Parts {
    vec![("", label.to_string()), (what, value)]
}

struct Gen {
    rng: ChaCha8Rng,
    regions: Vec<String>,
    /// Every code of the table (also the province and prefecture ones), sorted: what an ID's region
    /// may be, for the checks that keep decoys from being valid by accident.
    all_regions: Vec<String>,
    prefixes3: Vec<String>,
    prefixes_long: Vec<String>,
    /// Area codes (with the 0) and the local number lengths they take.
    areas: Vec<(String, Vec<usize>)>,
    people: Vec<Person>,
}

/// A document being written: tracks the current line so that planted values know where they are.
struct Doc {
    path: String,
    text: String,
    line: u64,
    truth: Vec<Truth>,
    decoys: Vec<Decoy>,
    org_ids: usize,
}

impl Doc {
    fn new(path: String) -> Doc {
        Doc { path, text: String::new(), line: 1, truth: Vec::new(), decoys: Vec::new(), org_ids: 0 }
    }
    fn push(&mut self, s: &str) -> &mut Doc {
        self.line += s.bytes().filter(|&b| b == b'\n').count() as u64;
        self.text.push_str(s);
        self
    }
    fn plant(&mut self, category: &'static str, kind: &'static str, written: &str, normalized: &str) -> &mut Doc {
        let (path, line, offset) = (self.path.clone(), self.line, self.text.len() as u64);
        self.truth.push(Truth { path, line, offset, category, kind, value: normalized.to_string() });
        self.push(written)
    }
    fn plant_value(&mut self, v: &Value, written: &str) -> &mut Doc {
        self.plant(v.category, v.kind, written, &v.norm)
    }
    fn decoy(&mut self, what: &'static str, written: &str) -> &mut Doc {
        let (path, line, offset, len) = (self.path.clone(), self.line, self.text.len() as u64, written.len() as u64);
        self.decoys.push(Decoy { path, line, offset, len, what });
        self.org_ids += usize::from(what == "uscc");
        self.push(written)
    }
    fn put(&mut self, parts: &Parts) -> &mut Doc {
        for (what, s) in parts {
            if what.is_empty() {
                self.push(s);
            } else {
                self.decoy(what, s);
            }
        }
        self
    }
}

impl Gen {
    fn new(seed: u64, people: usize) -> Gen {
        let regions = table_rows(REGIONS_TSV).map(|r| r[0].to_string()).filter(|c| !c.ends_with("00")).collect();
        let mut all_regions: Vec<String> = table_rows(REGIONS_TSV).map(|r| r[0].to_string()).collect();
        all_regions.sort();
        let mut prefixes3 = Vec::new();
        let mut prefixes_long = Vec::new();
        for r in table_rows(MOBILE_TSV) {
            if r[0].len() == 3 {
                prefixes3.push(r[0].to_string())
            } else {
                prefixes_long.push(r[0].to_string())
            }
        }
        // `8` or `7-8`: the lengths local numbers under the code have.
        let areas = table_rows(AREA_CODES_TSV)
            .map(|r| (r[0].to_string(), r[1].split('-').map(|n| n.parse().unwrap()).collect()))
            .collect();
        let rng = ChaCha8Rng::seed_from_u64(seed);
        let mut g = Gen { rng, regions, all_regions, prefixes3, prefixes_long, areas, people: Vec::new() };
        g.people = (0..people).map(|_| g.person()).collect();
        g
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.rng.random_range(0..10u8))).collect()
    }
    fn pick<'a>(&mut self, v: &'a [&'a str]) -> &'a str {
        v.choose(&mut self.rng).unwrap()
    }
    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }
    fn region(&mut self) -> String {
        self.regions.choose(&mut self.rng).unwrap().clone()
    }

    fn name(&mut self) -> String {
        format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN))
    }

    fn birth(&mut self) -> String {
        self.birth_between(1950, 2005)
    }
    fn birth_between(&mut self, from: u32, to: u32) -> String {
        let y = self.rng.random_range(from..=to);
        let m = self.rng.random_range(1..=12);
        let d = self.rng.random_range(1..=28);
        format!("{y:04}{m:02}{d:02}")
    }

    fn id(&mut self) -> String {
        let region = self.region();
        let first17 = format!("{region}{}{}", self.birth(), self.digits(3));
        format!("{first17}{}", check_char(&first17))
    }

    fn mobile(&mut self) -> String {
        if self.chance(0.03) {
            let p = self.prefixes_long.choose(&mut self.rng).unwrap().clone();
            let rest = self.digits(11 - p.len());
            format!("{p}{rest}")
        } else {
            let p = self.prefixes3.choose(&mut self.rng).unwrap().clone();
            format!("{p}{}", self.digits(8))
        }
    }

    fn email(&mut self) -> String {
        let (s, g) = (self.pick(PINYIN), self.pick(GIVEN_PINYIN));
        let local = match self.rng.random_range(0..6) {
            0 => format!("{s}.{g}"),
            1 => format!("{s}{g}{}", self.rng.random_range(1960..2010)),
            2 => format!("{g}_{s}"),
            3 => self.mobile(),
            4 => format!("{}{}", self.rng.random_range(10000..999999999u32), ""),
            _ => format!("{s}-{g}+hr"),
        };
        format!("{local}@{}", self.pick(DOMAINS))
    }

    fn person(&mut self) -> Person {
        Person { name: self.name(), id: self.id(), mobile: self.mobile(), email: self.email() }
    }

    /// Name, ID number, mobile and email of any person of the population (values recur across files).
    fn someone(&mut self) -> (String, String, String, String) {
        let q = &self.people[self.rng.random_range(0..self.people.len())];
        (q.name.clone(), q.id.clone(), q.mobile.clone(), q.email.clone())
    }

    // ---- validity as the scanner sees it: keeps decoys from being valid by accident -------------

    /// An 18-character identity number of any kind: resident (a region of the table), Hong Kong,
    /// Macau or Taiwan residence permit, or foreigner permanent residence ID (any nationality).
    fn could_be_id18(&self, s: &str) -> bool {
        let b = s.as_bytes();
        if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) || check_char(&s[..17]) != b[17] as char {
            return false;
        }
        let region = self.all_regions.binary_search_by(|r| r.as_str().cmp(&s[..6])).is_ok();
        let foreign = b[0] == b'9' && FOREIGN_PROVINCES.contains(&&s[1..3]);
        (region || HMT_PREFIXES.contains(&&s[..6]) || foreign) && valid_date(&s[6..14])
    }

    /// A first-generation 15-digit ID: a region of the table and a real date in 19YY.
    fn could_be_id15(&self, s: &str) -> bool {
        s.len() == 15
            && s.bytes().all(|b| b.is_ascii_digit())
            && self.all_regions.binary_search_by(|r| r.as_str().cmp(&s[..6])).is_ok()
            && valid_date(&format!("19{}", &s[6..12]))
    }

    /// A digit run that a BIN table and Luhn could take for a card without any label.
    fn could_be_card(s: &str) -> bool {
        (16..=19).contains(&s.len())
            && s.bytes().all(|b| b.is_ascii_digit())
            && BIN_LEADS.contains(&&s[..2])
            && luhn_ok(s)
    }

    // ---- planted values ------------------------------------------------------------------------

    fn resident_15(&mut self) -> Value {
        let (region, birth, seq) = (self.region(), self.birth_between(1930, 1999), self.digits(3));
        let first17 = format!("{region}{birth}{seq}");
        let mut v = Value::new("id_card", "resident_15", format!("{region}{}{seq}", &birth[2..]));
        // A 15-digit number is known by its 18-digit upgrade: 19 before the year, MOD 11-2 after.
        v.norm = format!("{first17}{}", check_char(&first17));
        v
    }

    fn hmt_permit(&mut self) -> Value {
        let prefix = self.pick(HMT_PREFIXES);
        let first17 = format!("{prefix}{}{}", self.birth(), self.digits(3));
        Value::new("id_card", "hmt_residence_permit", format!("{first17}{}", check_char(&first17)))
    }

    fn foreign_permanent(&mut self) -> Value {
        let (province, nationality) = (self.pick(FOREIGN_PROVINCES), self.pick(NATIONALITIES));
        let first17 = format!("9{province}{nationality}{}{}", self.birth(), self.digits(3));
        Value::new("id_card", "foreign_permanent_resident", format!("{first17}{}", check_char(&first17)))
    }

    /// The identity number a record carries: mostly the person's resident ID, else one of the
    /// other three kinds.
    fn identity(&mut self, resident: &str) -> Value {
        match self.rng.random_range(0..25) {
            0..=2 => self.resident_15(),
            3..=5 => self.hmt_permit(),
            6..=8 => self.foreign_permanent(),
            _ => Value::new("id_card", "resident", resident.to_string()),
        }
    }

    fn doc_letter(&mut self) -> char {
        *DOC_LETTERS.choose(&mut self.rng).unwrap() as char
    }

    /// E + 8 digits (since 2012), E + letter + 7 digits (once the E numbers ran out), G + 8 digits.
    fn passport(&mut self) -> Value {
        let raw = match self.rng.random_range(0..10) {
            0..=5 => format!("E{}", self.digits(8)),
            6 | 7 => format!("E{}{}", self.doc_letter(), self.digits(7)),
            _ => format!("G{}", self.digits(8)),
        };
        Value::new("passport", "passport", raw)
    }

    /// 往来港澳通行证: C + 8 digits or C + letter + 7 digits.
    fn hk_macau_pass(&mut self) -> Value {
        let raw = if self.chance(0.6) {
            format!("C{}", self.digits(8))
        } else {
            format!("C{}{}", self.doc_letter(), self.digits(7))
        };
        Value::new("permit", "hk_macau_pass", raw)
    }

    /// 回乡证: H (Hong Kong) or M (Macau) + 8 digits, or + 10 (the older cards).
    fn home_return_permit(&mut self) -> Value {
        let (letter, n) = (self.pick(&["H", "M"]), if self.chance(0.7) { 8 } else { 10 });
        Value::new("permit", "home_return_permit", format!("{letter}{}", self.digits(n)))
    }

    /// 台胞证: 8 digits, or 10 (the older cards).
    fn taiwan_permit(&mut self) -> Value {
        let n = if self.chance(0.7) { 8 } else { 10 };
        Value::new("permit", "taiwan_compatriot_permit", self.digits(n))
    }

    fn travel_doc(&mut self) -> Value {
        match self.rng.random_range(0..20) {
            0..=8 => self.passport(),
            9..=12 => self.hk_macau_pass(),
            13..=16 => self.home_return_permit(),
            _ => self.taiwan_permit(),
        }
    }

    /// A card of a real BIN and its bank. Next to a card label (`labelled`) some 62 cards fail Luhn,
    /// as some real domestic debit cards do. Never a number that is also a valid ID.
    fn bank_card(&mut self, labelled: bool) -> (Value, &'static str) {
        let fails = labelled && self.chance(0.08);
        loop {
            let &(bin, len, bank) = BINS.choose(&mut self.rng).unwrap();
            if fails && !bin.starts_with("62") {
                continue;
            }
            let body = format!("{bin}{}", self.digits(len - bin.len() - 1));
            let good = luhn_digit(&body);
            let last =
                if fails { char::from(b'0' + (good as u8 - b'0' + self.rng.random_range(1..10)) % 10) } else { good };
            let card = format!("{body}{last}");
            if !self.could_be_id18(&card) {
                return (Value::new("bank_card", "bank_card", card), bank);
            }
        }
    }

    /// An area code of `patterns/area-codes.tsv` and a local number (starting 2-8, the digits local
    /// numbers are allocated under, and never 20, which reads as a year when split).
    fn landline(&mut self) -> Value {
        let (area, lengths) = self.areas.choose(&mut self.rng).unwrap().clone();
        let n = *lengths.choose(&mut self.rng).unwrap();
        let local = loop {
            let l = format!("{}{}", self.rng.random_range(2..=8u8), self.digits(n - 1));
            if !l.starts_with("20") {
                break l;
            }
        };
        Value::new("phone", "landline", format!("{area}{local}"))
    }

    // ---- written forms -------------------------------------------------------------------------

    fn written(&mut self, v: &Value) -> String {
        match v.kind {
            "resident" | "hmt_residence_permit" | "foreign_permanent_resident" => self.id_written(&v.raw),
            "resident_15" => self.id15_written(&v.raw),
            "mobile" => self.mobile_written(&v.raw),
            "landline" => self.landline_written(&v.raw),
            "bank_card" => self.card_written(&v.raw),
            "taiwan_compatriot_permit" if self.chance(0.12) => fullwidth(&v.raw),
            "taiwan_compatriot_permit" => v.raw.clone(),
            _ => self.doc_written(&v.raw),
        }
    }

    /// An ID number as people write it.
    fn id_written(&mut self, id: &str) -> String {
        match self.rng.random_range(0..20) {
            0 => fullwidth(id),
            1 => format!("{} {} {}", &id[..6], &id[6..14], &id[14..]),
            2 if id.ends_with('X') => id.replace('X', "x"),
            3 => format!("{}-{}-{}-{}", &id[..6], &id[6..10], &id[10..14], &id[14..]),
            _ => id.to_string(),
        }
    }

    /// A first-generation ID: whole, full-width, or region / date / sequence apart.
    fn id15_written(&mut self, id: &str) -> String {
        match self.rng.random_range(0..10) {
            0 => fullwidth(id),
            1 => format!("{} {} {}", &id[..6], &id[6..12], &id[12..]),
            _ => id.to_string(),
        }
    }

    /// A passport or pass number: a letter or two and digits, never split.
    fn doc_written(&mut self, d: &str) -> String {
        match self.rng.random_range(0..16) {
            0 | 1 => fullwidth(d),
            2 => d.to_ascii_lowercase(),
            _ => d.to_string(),
        }
    }

    /// A card number: whole, in fours (spaces or dashes), a 19-digit one as 6 + 13, full-width.
    fn card_written(&mut self, c: &str) -> String {
        let fours =
            |sep: &str| c.as_bytes().chunks(4).map(|g| std::str::from_utf8(g).unwrap()).collect::<Vec<_>>().join(sep);
        match self.rng.random_range(0..12) {
            0..=2 => fours(" "),
            3 => fours("-"),
            4 if c.len() == 19 => format!("{} {}", &c[..6], &c[6..]),
            5 => fullwidth(c),
            6 => fullwidth(&fours(" ")),
            _ => c.to_string(),
        }
    }

    /// A landline as people write it: with or without parentheses, dashes or spaces inside the local
    /// number (one kind of separator throughout), an extension after 转, the country code (which drops
    /// the 0), full-width, or bare.
    fn landline_written(&mut self, l: &str) -> String {
        let cut = if l.starts_with("01") || l.starts_with("02") { 3 } else { 4 };
        let (a, n) = (&l[..cut], &l[cut..]);
        let (n1, n2) = n.split_at(n.len() - 4);
        match self.rng.random_range(0..16) {
            0 => format!("({a}) {n1} {n2}"),
            1 => format!("{a} {n1} {n2}"),
            2 => format!("{a}-{n}转{}", self.rng.random_range(100..10000)),
            3 => format!("+86-{}-{n}", &a[1..]),
            4 => format!("{a}-{n1}-{n2}"),
            5 => format!("（{a}）{n}"),
            6 => fullwidth(&format!("{a}-{n}")),
            7 => l.to_string(),
            8 => format!("+86 {} {n1} {n2}", &a[1..]),
            9 => format!("({a}){n}"),
            _ => format!("{a}-{n}"),
        }
    }

    /// A mobile number as people write it.
    fn mobile_written(&mut self, m: &str) -> String {
        let (a, b, c) = (&m[..3], &m[3..7], &m[7..]);
        // Split by spaces, a number whose last eight digits read as a date (`150 2024 0315`) is as
        // likely a count and a date; such a value would be no fair test, so it is written whole.
        let date_like = {
            let n = |s: &str| s.parse::<u32>().unwrap();
            (1900..=2099).contains(&n(b)) && (1..=12).contains(&n(&c[..2])) && (1..=31).contains(&n(&c[2..]))
        };
        match self.rng.random_range(0..29) {
            1 | 8 | 11 | 12 if date_like => m.to_string(),
            0 => format!("{a}-{b}-{c}"),
            1 => format!("{a} {b} {c}"),
            2 => format!("+86 {m}"),
            3 => format!("+86-{a}-{b}-{c}"),
            4 => format!("+86{m}"),
            5 => format!("0086 {m}"),
            6 => format!("0086{m}"),
            7 => format!("(+86){m}"),
            8 => format!("（+86）{a} {b} {c}"),
            9 => format!("86-{m}"),
            10 => fullwidth(m),
            11 => format!("{a} {b}{c}"),
            12 => format!("+86 {a} {b} {c}"),
            13 => fullwidth(&format!("+86 {m}")),
            14 => format!("86{m}"),
            15 => format!("{a}.{b}.{c}"),
            16 => format!("(0086){m}"),
            _ => m.to_string(),
        }
    }

    /// A label for a kind, Chinese or English.
    fn label(&mut self, kind: &str, english: bool) -> &'static str {
        let labels: &'static [&'static str] = match (kind, english) {
            ("resident", _) => ID_LABELS,
            ("resident_15", _) => ID15_LABELS,
            ("hmt_residence_permit", _) => HMT_LABELS,
            ("foreign_permanent_resident", _) => FOREIGN_LABELS,
            ("passport", false) => PASSPORT_LABELS,
            ("passport", true) => PASSPORT_LABELS_EN,
            ("hk_macau_pass", false) => HK_MACAU_LABELS,
            ("hk_macau_pass", true) => PERMIT_LABELS_EN,
            ("home_return_permit", false) => HOME_RETURN_LABELS,
            ("home_return_permit", true) => HOME_RETURN_LABELS_EN,
            ("taiwan_compatriot_permit", false) => TAIWAN_LABELS,
            ("taiwan_compatriot_permit", true) => TAIWAN_LABELS_EN,
            ("landline", false) => LANDLINE_LABELS,
            ("landline", true) => LANDLINE_LABELS_EN,
            ("bank_card", false) => CARD_LABELS,
            _ => CARD_LABELS_EN,
        };
        self.pick(labels)
    }

    /// What people put between a label and its value: after a Chinese label nothing, a colon of
    /// either width or a space; after an English one a colon or a space (never nothing: `MTP12345678`
    /// would be one word).
    fn glue(&mut self, label: &str) -> &'static str {
        if label.is_ascii() {
            self.pick(&[": ", ":", " "])
        } else {
            self.pick(&["", "：", ":", " ", "：", "", "为"])
        }
    }

    /// A value of the given kind with a label before it (Chinese or English), for prose and logs.
    fn labelled_value(&mut self, d: &mut Doc, v: &Value, english: bool) {
        let label = self.label(v.kind, english);
        let glue = self.glue(label);
        let w = self.written(v);
        d.push(&format!("{label}{glue}")).plant_value(v, &w);
    }

    // ---- decoys: each cannot be a valid value --------------------------------------------------

    /// An 18-digit number that is not an ID: wrong check character, impossible date, unknown region
    /// (an order number that starts with a date). Never one a BIN and Luhn would take for a card.
    fn decoy18(&mut self) -> String {
        loop {
            let s = self.decoy18_any();
            // An X at the end leaves 17 digits that could still read as a card.
            if !Gen::could_be_card(s.trim_end_matches('X')) && !self.could_be_id18(&s) {
                return s;
            }
        }
    }
    fn decoy18_any(&mut self) -> String {
        match self.rng.random_range(0..3) {
            0 => {
                let id = self.id();
                let right = id.chars().last().unwrap();
                let wrong = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']
                    .into_iter()
                    .find(|&c| c != right && c != 'X')
                    .unwrap();
                format!("{}{wrong}", &id[..17])
            }
            1 => {
                let region = self.region();
                let bad = ["19861325", "19900230", "20010631", "19850000", "28991201"][self.rng.random_range(0..5)];
                let first17 = format!("{region}{bad}{}", self.digits(3));
                format!("{first17}{}", check_char(&first17))
            }
            _ => {
                let first17 = format!(
                    "2023{:02}{:02}{}",
                    self.rng.random_range(1..=12),
                    self.rng.random_range(1..=28),
                    self.digits(9)
                );
                format!("{first17}{}", check_char(&first17))
            }
        }
    }

    /// A valid mobile number buried in a longer digit run (an order or waybill number).
    fn long_run(&mut self) -> String {
        let m = self.mobile();
        let n = self.rng.random_range(1..4);
        let tail = self.digits(n);
        format!("2024{:02}{:02}{m}{tail}", self.rng.random_range(1..=12), self.rng.random_range(1..=28))
    }

    /// A valid Unified Social Credit Code: 9 (registered with market regulation), entity type, region,
    /// an organisation code with its own GB 11714 check (newer ones start MA, older ones are all
    /// digits), the MOD 31 check. An all-digit one that happens to read as an ID or a card is drawn
    /// again: it would be no fair decoy.
    fn uscc(&mut self) -> String {
        loop {
            let kind = self.pick(&["1", "2", "3"]);
            let region = self.region();
            let org8: String = if self.chance(0.6) {
                let tail: String =
                    (0..6).map(|_| *USCC_CHARS.as_bytes().choose(&mut self.rng).unwrap() as char).collect();
                format!("MA{tail}")
            } else {
                self.digits(8)
            };
            let first17 = format!("9{kind}{region}{org8}{}", org_check(&org8));
            let code = format!("{first17}{}", uscc_check(&first17));
            if !self.could_be_id18(&code) && !Gen::could_be_card(&code) {
                return code;
            }
        }
    }

    fn service_number(&mut self) -> String {
        self.pick(&[
            "400-820-8820",
            "4008208820",
            "800-810-8888",
            "8008101234",
            "95588",
            "95533",
            "95555",
            "10086",
            "12345",
            "400 610 1688",
        ])
        .to_string()
    }

    fn hex(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b"0123456789abcdef"[self.rng.random_range(0..16)])).collect()
    }

    /// Eleven digits whose prefix is not allocated (174 is, but only as 17400-17405: not used here).
    fn bad_prefix_mobile(&mut self) -> String {
        let p = self.pick(&["120", "121", "100", "140", "141", "154", "160", "179", "194", "110"]);
        format!("{p}{}", self.digits(8))
    }

    fn email_decoy(&mut self) -> String {
        self.pick(&["icon@2x.png", "avatar@3x.jpg", "lodash@4.17.21", "root@localhost", "logo@2x.webp", "vue@3.4.21"])
            .to_string()
    }

    /// A part or model number shaped like a passport or pass number, with no identity label.
    fn part_number(&mut self) -> Parts {
        let label = self.pick(&["型号", "零件号：", "SKU ", "物料编码", "part no. ", "货号", "Model: "]);
        let value = match self.rng.random_range(0..6) {
            0 => format!("E{}", self.digits(8)),
            1 => format!("G{}", self.digits(8)),
            2 => format!("C{}", self.digits(8)),
            3 => format!("E{}{}", self.doc_letter(), self.digits(7)),
            4 => format!("C{}{}", self.doc_letter(), self.digits(7)),
            _ => format!("H{}", self.digits(8)),
        };
        labelled(label, "part_number", value)
    }

    /// Eight and ten digits that are a date, an amount, a timestamp, a batch: a Taiwan permit's
    /// shape, with no permit label near.
    fn digits_8_10(&mut self) -> Parts {
        let date = format!(
            "20{:02}{:02}{:02}",
            self.rng.random_range(10..27),
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28)
        );
        let amount8 = format!("{}{}", self.rng.random_range(1..10), self.digits(7));
        let unix = (1_600_000_000 + self.rng.random_range(0..200_000_000u64)).to_string();
        let amount10 = format!("{}{}", self.rng.random_range(1..10), self.digits(9));
        let (label, value, after) = match self.rng.random_range(0..5) {
            0 => ("生产日期", date, ""),
            1 => ("金额 ", amount8, " 分"),
            2 => ("时间戳 ", unix, ""),
            3 => ("累计金额 ", amount10, " 分"),
            _ => ("批次", amount8, ""),
        };
        let mut p = labelled(label, "digits_8_10", value);
        p.push(("", after.to_string()));
        p
    }

    /// An IMEI (TAC 86 or 35, Luhn) after `IMEI`: 15 digits, the length of an old ID. One that also
    /// reads as a valid 15-digit ID would be no fair test, so it is drawn again.
    fn imei(&mut self) -> Parts {
        let label = self.pick(&["IMEI:", "IMEI ", "IMEI=", "IMEI号："]);
        let value = loop {
            let body = format!("{}{}", self.pick(&["86", "35"]), self.digits(12));
            let v = format!("{body}{}", luhn_digit(&body));
            if !self.could_be_id15(&v) {
                break v;
            }
        };
        labelled(label, "imei", value)
    }

    /// A 15-digit number with a real region but a date no one was born on.
    fn id15_bad_date(&mut self) -> Parts {
        let label = self.pick(&["身份证号（旧）", "原证件号", "编号 "]);
        let yy = self.rng.random_range(30..100);
        let mmdd = self.pick(&["1301", "0000", "0230", "0431", "0631", "0931", "1131", "0132", "1200", "1935", "0100"]);
        let value = format!("{}{yy:02}{mmdd}{}", self.region(), self.digits(3));
        debug_assert!(!self.could_be_id15(&value));
        labelled(label, "id15_bad_date", value)
    }

    /// A 16-19 digit order or transaction number after its label; it starts with a date (no BIN
    /// starts 20), and half of them pass Luhn by construction.
    fn transaction_number(&mut self) -> Parts {
        let label = self.pick(&["交易流水号", "订单号", "交易号：", "order_no=", "流水号 "]);
        let len = self.rng.random_range(16..=19);
        let body = format!(
            "2024{:02}{:02}{}",
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28),
            self.digits(len - 9)
        );
        let last = if self.chance(0.5) { luhn_digit(&body) } else { char::from(b'0' + self.rng.random_range(0..10u8)) };
        labelled(label, "transaction_number", format!("{body}{last}"))
    }

    /// A snowflake id: 19 digits starting 17, 18 or 19 (no BIN of that length starts so), no card
    /// label near.
    fn snowflake(&mut self) -> Parts {
        let label = self.pick(&["id=", "msgId=", "event_id: ", "消息ID "]);
        let value = loop {
            let v = format!("{}{}", self.pick(&["17", "18", "19"]), self.digits(17));
            if !v.starts_with("18572") {
                break v;
            }
        };
        labelled(label, "snowflake_id", value)
    }

    /// Sixteen digits that pass Luhn but start with 7, which no BIN does, with no card label.
    fn luhn_no_bin(&mut self) -> Parts {
        let label = self.pick(&["券码 ", "ref=", "兑换码", "编码 "]);
        let body = format!("7{}", self.digits(14));
        let value = format!("{body}{}", luhn_digit(&body));
        labelled(label, "luhn_no_bin", value)
    }

    /// After 卡号, digits in fours that are no card: the first group starts 7 (no BIN does) and the
    /// Luhn check fails.
    fn not_a_card(&mut self) -> Parts {
        let body = format!("7{}", self.digits(17));
        let good = luhn_digit(&body) as u8 - b'0';
        let d = format!("{body}{}", (good + self.rng.random_range(1..10)) % 10);
        let value = format!("{} {} {} {} {}", &d[..4], &d[4..8], &d[8..12], &d[12..16], &d[16..]);
        labelled("卡号 ", "not_a_card", value)
    }

    /// A landline-shaped number whose area code does not exist.
    fn bad_area(&mut self) -> Parts {
        let label = self.pick(&["电话：", "座机 ", "Tel: ", "传真"]);
        let area = self.pick(BAD_AREAS);
        let n = self.rng.random_range(7..=8);
        let local = format!("{}{}", self.rng.random_range(2..=8u8), self.digits(n - 1));
        let value = match self.rng.random_range(0..3) {
            0 => format!("({area}) {local}"),
            1 => format!("{area} {local}"),
            _ => format!("{area}-{local}"),
        };
        labelled(label, "bad_area_code", value)
    }

    /// Eighteen digits with a valid MOD 11-2 check and date after 81, 82 or 83, but not the exact
    /// 810000 / 820000 / 830000 that residence permits carry (and no region either).
    fn hmt_bad_prefix(&mut self) -> Parts {
        let label = self.pick(&["居住证号", "证件号码", "编号"]);
        let prefix = self.pick(&["810001", "820002", "830100", "810100", "820101", "831000"]);
        let first17 = format!("{prefix}{}{}", self.birth(), self.digits(3));
        let value = format!("{first17}{}", check_char(&first17));
        debug_assert!(!self.could_be_id18(&value));
        labelled(label, "hmt_bad_prefix", value)
    }

    /// Something that is not personal information but looks numeric, its value marked as a decoy.
    fn decoy(&mut self) -> Parts {
        match self.rng.random_range(0..24) {
            0 => labelled("订单号", "order_number", self.decoy18()),
            1 => labelled("运单号 ", "waybill_number", self.long_run()),
            2 => labelled("统一社会信用代码：", "uscc", self.uscc()),
            3 => labelled("客服热线", "service_number", self.service_number()),
            4 => {
                let ts = format!("{}{}", 1_700_000_000 + self.rng.random_range(0..50_000_000u64), self.digits(3));
                labelled("ts=", "timestamp_ms", ts)
            }
            5 => {
                let mut p = labelled("trace_id=", "trace_id", self.hex(32));
                p.extend(labelled(" span_id=", "trace_id", self.hex(16)));
                p
            }
            6 => labelled("工号", "bad_prefix_mobile", self.bad_prefix_mobile()),
            7 => labelled("score=", "decimal_fraction", format!("0.{}", self.mobile())),
            8 => labelled("", "serial_number", format!("SN{}X{}", self.mobile(), self.digits(2))),
            9 => self.not_a_card(),
            10 => labelled("", "email_like", self.email_decoy()),
            // Numbers in a table row or a count beside a date, split like phones but not phones.
            11 => {
                let (m, n, k) = (self.mobile(), self.rng.random_range(1..99), self.digits(4));
                labelled("数量 ", "quantity_row", format!("{n} {} {} {} {k}", &m[..3], &m[3..7], &m[7..]))
            }
            12 => {
                let d = format!(
                    "20{:02}{:02}{:02}",
                    self.rng.random_range(10..25),
                    self.rng.random_range(1..=12),
                    self.rng.random_range(1..=28)
                );
                let mut p = labelled("共 ", "count_and_date", format!("{} {d}", self.rng.random_range(130..200)));
                p.push(("", " 条".to_string()));
                p
            }
            13 => labelled("", "batch_id", format!("batch-{}-{}", self.digits(4), self.mobile())),
            14 => self.part_number(),
            15 => self.digits_8_10(),
            16 => self.imei(),
            17 => self.id15_bad_date(),
            18 => self.transaction_number(),
            19 => self.snowflake(),
            20 => self.luhn_no_bin(),
            21 => {
                let label = self.pick(&["客服电话：", "电话 ", "Tel: ", "服务热线:"]);
                labelled(label, "service_number", self.service_number())
            }
            22 => self.bad_area(),
            _ => self.hmt_bad_prefix(),
        }
    }

    fn date(&mut self) -> String {
        format!(
            "20{:02}-{:02}-{:02}",
            self.rng.random_range(15..25),
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28)
        )
    }
    fn time(&mut self) -> String {
        format!(
            "{} {:02}:{:02}:{:02}.{:03}",
            self.date(),
            self.rng.random_range(0..24),
            self.rng.random_range(0..60),
            self.rng.random_range(0..60),
            self.rng.random_range(0..1000)
        )
    }
    fn ts_ms(&mut self) -> String {
        format!("{}{}", 1_700_000_000 + self.rng.random_range(0..50_000_000u64), self.digits(3))
    }

    fn filler(&mut self, kind: usize) -> String {
        match kind {
            0 => self
                .pick(&[
                    "公司将于下月起执行新的考勤制度，请各部门负责人做好传达工作。",
                    "本季度培训计划已发布，详见内网公告第12期。",
                    "根据《员工手册》第三章第5条，年假须提前3个工作日申请。",
                    "会议纪要：讨论了2024年度预算，研发投入同比增长15%。",
                    "The quarterly review is scheduled for next Tuesday at 10:00 in room 3B.",
                ])
                .to_string(),
            _ => format!(
                "{} INFO  [pool-{}-thread-{}] c.e.cache.CacheStats - hit ratio=0.{} size={} evictions={}",
                self.time(),
                self.rng.random_range(1..9),
                self.rng.random_range(1..32),
                self.digits(4),
                self.rng.random_range(100..99999),
                self.rng.random_range(0..500)
            ),
        }
    }

    /// A card after a Chinese card label. One that fails Luhn counts only right next to the label,
    /// so it gets no glue wider than a colon or a space.
    fn labelled_card(&mut self, d: &mut Doc) -> &'static str {
        let (v, bank) = self.bank_card(true);
        let label = self.label("bank_card", false);
        let glue = if luhn_ok(&v.raw) { self.glue(label) } else { self.pick(&["", "：", ":", " "]) };
        let w = self.written(&v);
        d.push(&format!("{label}{glue}")).plant_value(&v, &w);
        bank
    }

    /// The separator a log line puts after a label: `key=value`, or a space or colon after a label
    /// that is words (`Passport No.`, `Home Return Permit`) or Chinese.
    fn log_sep(&mut self, label: &str) -> &'static str {
        if !label.is_ascii() {
            self.glue(label)
        } else if label.contains(' ') || label.ends_with('.') {
            self.pick(&[" ", ": "])
        } else {
            "="
        }
    }

    fn hr_note(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        d.push("员工档案（内部资料，注意保密）\n\n");
        for _ in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let idv = self.identity(&id);
            let mw = self.mobile_written(&mobile);
            let dept = self.pick(DEPTS);
            d.push("员工").plant("name", "", &name, &name).push(&format!("，所属部门{dept}，"));
            self.labelled_value(&mut d, &idv, false);
            d.push("，联系电话");
            d.plant("phone", "mobile", &mw, &mobile).push("，电子邮箱");
            d.plant("email", "", &email, &email.to_ascii_lowercase());
            let (date, staff) = (self.date(), format!("E{}", self.digits(5)));
            d.push(&format!("。入职日期{date}，工号")).decoy("staff_number", &staff).push("。\n");
            // Passports and passes on a line of their own, so that no other number sits within
            // reach of their labels.
            if self.chance(0.6) {
                d.push("出入境证件：");
                for i in 0..self.rng.random_range(1..=2) {
                    d.push(if i > 0 { "，" } else { "" });
                    let (v, english) = (self.travel_doc(), self.chance(0.15));
                    self.labelled_value(&mut d, &v, english);
                }
                d.push("。\n");
            }
            if self.chance(0.5) {
                d.push("薪资账户：");
                let bank = self.labelled_card(&mut d);
                d.push(&format!("（{bank}）。\n"));
            }
            if self.chance(0.5) {
                d.push("联系方式：");
                for i in 0..self.rng.random_range(1..=2) {
                    d.push(if i > 0 { "；" } else { "" });
                    let (v, english) = (self.landline(), self.chance(0.15));
                    self.labelled_value(&mut d, &v, english);
                }
                d.push("。\n");
            }
            if self.chance(0.5) {
                let (kn, _, km, _) = self.someone();
                let kw = self.mobile_written(&km);
                let rel = self.pick(RELATIONS);
                if self.chance(0.5) {
                    d.push("紧急联系人：").plant("name", "", &kn, &kn).push(&format!("（{rel}），手机"));
                } else {
                    // The name glued to the number.
                    d.push(&format!("紧急联系人（{rel}）：")).plant("name", "", &kn, &kn);
                }
                d.plant("phone", "mobile", &kw, &km).push("。\n");
            }
            if self.chance(0.6) {
                let (decoy, contract) = (self.decoy(), format!("HT{}", self.digits(10)));
                d.push("备注：").put(&decoy).push("；劳动合同编号").decoy("contract_number", &contract).push("。\n");
            }
            for _ in 0..p.filler_per_record {
                let f = self.filler(0);
                d.push(&f).push("\n");
            }
            d.push("\n");
        }
        d
    }

    fn log(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        for _ in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let t = self.time();
            match self.rng.random_range(0..7) {
                0 => {
                    let mw = self.mobile_written(&mobile);
                    d.push(&format!(
                        "{t} INFO  [http-nio-8080-exec-{}] c.e.user.LoginController - login ok uid={} mobile=",
                        self.rng.random_range(1..50),
                        self.rng.random_range(10000..99999)
                    ));
                    d.plant("phone", "mobile", &mw, &mobile);
                    let trace = self.hex(32);
                    d.push(&format!(
                        " ip=10.{}.{}.{} trace_id=",
                        self.rng.random_range(0..255),
                        self.rng.random_range(0..255),
                        self.rng.random_range(0..255)
                    ))
                    .decoy("trace_id", &trace)
                    .push("\n");
                }
                1 => {
                    d.push(&format!(
                        "{t} INFO  [kyc-worker-{}] c.e.kyc.VerifyService - verify id_no=",
                        self.rng.random_range(1..8)
                    ));
                    let v = self.identity(&id);
                    let w = self.written(&v);
                    d.plant_value(&v, &w).push(" name=").plant("name", "", &name, &name);
                    d.push(&format!(" result=PASS cost={}ms\n", self.rng.random_range(5..900)));
                }
                2 => {
                    d.push(&format!("{t} ERROR [mail-sender] c.e.notify.MailService - bounce from <"));
                    d.plant("email", "", &email, &email.to_ascii_lowercase()).push(">: 550 mailbox unavailable\n");
                }
                3 => {
                    let mw = self.mobile_written(&mobile);
                    d.push(&format!(
                        "{t} WARN  [sms-{}] c.e.notify.SmsSender - 验证码发送失败 手机号:",
                        self.rng.random_range(1..4)
                    ));
                    d.plant("phone", "mobile", &mw, &mobile);
                    let rid = format!("{}-{}-{}", self.hex(8), self.hex(4), self.hex(12));
                    d.push(&format!("，原因：频率限制 requestId={rid}\n"));
                }
                4 => {
                    let (v, english) = (self.travel_doc(), self.chance(0.6));
                    let label = self.label(v.kind, english);
                    let sep = self.log_sep(label);
                    let w = self.written(&v);
                    d.push(&format!(
                        "{t} INFO  [border-{}] c.e.travel.DocService - check {label}{sep}",
                        self.rng.random_range(1..6)
                    ));
                    d.plant_value(&v, &w).push(" name=").plant("name", "", &name, &name).push(" status=VALID\n");
                }
                5 => {
                    d.push(&format!(
                        "{t} INFO  [pay-{}] c.e.pay.BindCardService - 绑卡成功 ",
                        self.rng.random_range(1..6)
                    ));
                    let bank = if self.chance(0.4) {
                        let (v, bank) = self.bank_card(false);
                        let label = self.label("bank_card", true);
                        let (sep, w) = (self.log_sep(label), self.written(&v));
                        d.push(&format!("{label}{sep}")).plant_value(&v, &w);
                        bank
                    } else {
                        self.labelled_card(&mut d)
                    };
                    d.push(&format!(" bank={bank}\n"));
                }
                _ => {
                    let (v, english) = (self.landline(), self.chance(0.5));
                    let label = self.label(v.kind, english);
                    let sep = self.log_sep(label);
                    let w = self.written(&v);
                    d.push(&format!(
                        "{t} INFO  [crm-{}] c.e.crm.ContactService - update contact uid={} {label}{sep}",
                        self.rng.random_range(1..6),
                        self.rng.random_range(10000..99999)
                    ));
                    d.plant_value(&v, &w).push("\n");
                }
            }
            let t2 = self.time();
            let decoy = self.decoy();
            d.push(&format!("{t2} DEBUG [order-{}] c.e.order.OrderService - ", self.rng.random_range(1..9)));
            d.put(&decoy).push(&format!(
                " amount={}.{:02}\n",
                self.rng.random_range(1..9999),
                self.rng.random_range(0..100)
            ));
            for _ in 0..p.filler_per_record {
                let f = self.filler(1);
                d.push(&f).push("\n");
            }
        }
        d
    }

    /// A CSV export. The Chinese one has a 证件类型 / 证件号码 pair of columns that holds any identity
    /// or travel document, and a 护照号 column; the English one (`english`) a column per kind: `id_no`,
    /// `passport_no`, `permit_no` (往来港澳通行证, 回乡证), `mtp_no` (台胞证). Either way the header cell
    /// is the only label some values get.
    fn csv(&mut self, path: String, p: &Profile, english: bool) -> Doc {
        let mut d = Doc::new(path);
        d.push(if english {
            "customer_id,name,mobile,tel,email,id_no,passport_no,permit_no,mtp_no,bank_card,order_no,created_at,note\n"
        } else {
            "客户编号,姓名,手机号,办公电话,邮箱,证件类型,证件号码,护照号,银行卡号,订单号,注册时间,备注\n"
        });
        for i in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let mw = self.mobile_written(&mobile);
            d.push(&format!("C{:06},", i + 1)).plant("name", "", &name, &name).push(",");
            d.plant("phone", "mobile", &mw, &mobile).push(",");
            if self.chance(0.6) {
                let v = self.landline();
                let w = self.written(&v);
                d.plant_value(&v, &w);
            }
            d.push(",");
            if self.chance(0.8) {
                d.plant("email", "", &email, &email.to_ascii_lowercase());
            }
            d.push(",");
            let docs = if english {
                let passport = if self.chance(0.5) { Some(self.passport()) } else { None };
                let permit = match self.rng.random_range(0..10) {
                    0..=2 => Some(self.hk_macau_pass()),
                    3..=5 => Some(self.home_return_permit()),
                    _ => None,
                };
                let mtp = if self.chance(0.25) { Some(self.taiwan_permit()) } else { None };
                vec![Some(self.identity(&id)), passport, permit, mtp]
            } else {
                let v = if self.chance(0.55) { self.identity(&id) } else { self.travel_doc() };
                d.push(&format!("{},", doc_type_name(v.kind)));
                let passport = if v.kind != "passport" && self.chance(0.3) { Some(self.passport()) } else { None };
                vec![Some(v), passport]
            };
            for v in docs {
                if let Some(v) = v {
                    let w = self.written(&v);
                    d.plant_value(&v, &w);
                }
                d.push(",");
            }
            if self.chance(0.7) {
                let (v, _) = self.bank_card(false);
                let w = self.written(&v);
                d.plant_value(&v, &w);
            }
            d.push(",");
            let (order, t) = (self.decoy18(), self.time());
            d.decoy("order_number", &order).push(&format!(",{t},\""));
            if self.chance(0.3) {
                let note = self.decoy();
                d.put(&note);
            }
            d.push("\"\n");
            // Guest orders: rows with the personal columns left empty.
            for k in 0..p.filler_per_record {
                let (order, t) = (self.decoy18(), self.time());
                // The columns between the customer number and the order number, left empty.
                let commas = if english { ",".repeat(10) } else { ",".repeat(9) };
                d.push(&format!("G{:06}{k}{commas}", i + 1));
                d.decoy("order_number", &order).push(&format!(",{t},\"游客下单\"\n"));
            }
        }
        d
    }

    fn jsonl(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        for _ in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let idv = self.identity(&id);
            let (idw, mw) = (self.written(&idv), self.mobile_written(&mobile));
            let (ts, trace) = (self.ts_ms(), self.hex(32));
            d.push("{\"event\":\"register\",\"ts\":").decoy("timestamp_ms", &ts).push(",\"trace_id\":\"");
            d.decoy("trace_id", &trace).push("\",\"user\":{\"name\":\"").plant("name", "", &name, &name);
            d.push("\",\"mobile\":\"");
            d.plant("phone", "mobile", &mw, &mobile).push("\"");
            if self.chance(0.4) {
                let (v, key) = (self.landline(), self.pick(&["tel", "landline"]));
                let w = self.written(&v);
                d.push(&format!(",\"{key}\":\"")).plant_value(&v, &w).push("\"");
            }
            d.push(",\"id_no\":\"").plant_value(&idv, &idw).push("\",\"email\":\"");
            d.plant("email", "", &email, &email.to_ascii_lowercase()).push("\"");
            if self.chance(0.45) {
                let (v, _) = self.bank_card(false);
                let w = self.written(&v);
                d.push(",\"bank_card\":\"").plant_value(&v, &w).push("\"");
            }
            if self.chance(0.35) {
                let v = self.passport();
                let w = self.written(&v);
                d.push(",\"passport_no\":\"").plant_value(&v, &w).push("\"");
            }
            // A 台胞证 number is bare digits: it goes under a key that names it, not a generic one.
            let permit = match self.rng.random_range(0..20) {
                0..=3 => Some((self.hk_macau_pass(), ",\"permit_type\":\"HK_MACAU\",\"permit_no\":\"")),
                4..=7 => Some((self.home_return_permit(), ",\"permit_type\":\"HOME_RETURN\",\"permit_no\":\"")),
                8..=10 => Some((self.taiwan_permit(), ",\"mtp_no\":\"")),
                _ => None,
            };
            if let Some((v, key)) = permit {
                let w = self.written(&v);
                d.push(key).plant_value(&v, &w).push("\"");
            }
            let order = self.decoy18();
            let decoy: Parts = self.decoy().into_iter().map(|(what, s)| (what, s.replace('"', "'"))).collect();
            d.push("},\"order\":{\"order_no\":\"").decoy("order_number", &order).push("\",\"note\":\"");
            d.put(&decoy).push(&format!(
                "\",\"amount\":{}.{:02}}}}}\n",
                self.rng.random_range(1..9999),
                self.rng.random_range(0..100)
            ));
            for _ in 0..p.filler_per_record {
                let (ts, trace, latency) = (self.ts_ms(), self.hex(32), self.rng.random_range(1..500));
                d.push("{\"event\":\"heartbeat\",\"ts\":").decoy("timestamp_ms", &ts).push(",\"trace_id\":\"");
                d.decoy("trace_id", &trace).push(&format!("\",\"latency_ms\":{latency}}}\n"));
            }
        }
        d
    }

    /// A mysqldump of an orders table, `--skip-extended-insert` style: one `INSERT` per row, so one
    /// row per line. A row names none of its columns (the `CREATE TABLE` is far above), so it holds
    /// only values that need no label: mobiles, ID numbers, emails, and cards of a known BIN at their
    /// length that pass Luhn; never a passport, a permit or a bare landline. Each record is a
    /// customer's order followed by guest orders whose personal columns are empty or NULL.
    fn sql(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        let rows = p.records_per_file * (1 + p.filler_per_record);
        let host = format!(
            "10.{}.{}.{}",
            self.rng.random_range(0..255),
            self.rng.random_range(0..255),
            self.rng.random_range(1..255)
        );
        d.push(&SQL_HEAD.replace("{host}", &host).replace("{next}", &(rows + 1).to_string()));
        let mut id = 0;
        for _ in 0..p.records_per_file {
            let (name, idn, mobile, email) = self.someone();
            id += 1;
            let (order, uid) = (self.decoy18(), self.rng.random_range(100_000..1_000_000));
            d.push(&format!("INSERT INTO `t_order` VALUES ({id},'")).decoy("order_number", &order);
            d.push(&format!("',{uid},'")).plant("name", "", &sql_escape(&name), &name).push("','");
            let mw = self.mobile_written(&mobile);
            d.plant("phone", "mobile", &mw, &mobile).push("',");
            // Written as the database holds them: no spaces, no full-width digits.
            if self.chance(0.7) {
                let v = self.identity(&idn);
                d.push("'").plant_value(&v, &v.raw).push("',");
            } else {
                d.push("NULL,");
            }
            if self.chance(0.8) {
                d.push("'").plant("email", "", &sql_escape(&email), &email.to_ascii_lowercase()).push("',");
            } else {
                d.push("NULL,");
            }
            if self.chance(0.35) {
                let (v, _) = self.bank_card(false);
                d.push("'").plant_value(&v, &v.raw).push("',");
            } else {
                d.push("NULL,");
            }
            let tail = self.sql_tail();
            d.push(&tail);
            match self.rng.random_range(0..10) {
                0..=2 => {
                    let note: Parts = self.decoy().into_iter().map(|(what, s)| (what, sql_escape(&s))).collect();
                    d.push("'").put(&note).push("'");
                }
                3 | 4 => {
                    let note = sql_escape(self.pick(SQL_NOTES));
                    d.push(&format!("'{note}'"));
                }
                _ => {
                    d.push("NULL");
                }
            }
            d.push(");\n");
            // Guest orders: an order number, an amount and a time, the personal columns empty.
            for _ in 0..p.filler_per_record {
                id += 1;
                let order = self.decoy18();
                d.push(&format!("INSERT INTO `t_order` VALUES ({id},'")).decoy("order_number", &order);
                let tail = self.sql_tail();
                d.push(&format!("',NULL,'','',NULL,NULL,NULL,{tail}'游客下单');\n"));
            }
        }
        // After every order in it; mysqldump pads the hour with a space.
        let done = format!(
            "2025-{:02}-{:02} {:2}:{:02}:{:02}",
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28),
            self.rng.random_range(0..24),
            self.rng.random_range(0..60),
            self.rng.random_range(0..60)
        );
        d.push(&SQL_FOOT.replace("{done}", &done));
        d
    }

    /// A home address: places (some with the province left out), a road and number, and often a
    /// building, unit and room or an estate.
    fn address(&mut self) -> String {
        let &(province, city, districts) = PLACES.choose(&mut self.rng).unwrap();
        let district = *districts.choose(&mut self.rng).unwrap();
        let head = if !city.is_empty() && self.chance(0.3) {
            format!("{city}{district}")
        } else {
            format!("{province}{city}{district}")
        };
        let road = self.pick(ROAD_NAMES).to_string();
        let no = self.rng.random_range(1..999);
        let (b, u, f, r) = (
            self.rng.random_range(1..30),
            self.rng.random_range(1..6),
            self.rng.random_range(1..33),
            self.rng.random_range(1..6),
        );
        let tail = match self.rng.random_range(0..4) {
            0 => String::new(),
            1 => format!("{b}栋{u}单元{f}0{r}室"),
            2 => format!("{}{b}栋{f}0{r}室", self.pick(ESTATES)),
            _ => format!("{b}号楼{f}0{r}"),
        };
        // 号楼 ends the number of a building: a room number after it stands alone.
        let tail = if tail.ends_with(|c: char| c.is_ascii_digit()) { format!("{tail}室") } else { tail };
        format!("{head}{road}{no}号{tail}")
    }

    /// The birth date inside an ID number, written as forms write it; and its normalized form.
    fn birth_written(&mut self, id: &str, month_only: bool) -> (String, String) {
        let (y, m, d) = (&id[6..10], &id[10..12], &id[12..14]);
        if month_only {
            let m1 = m.trim_start_matches('0');
            let w = match self.rng.random_range(0..3) {
                0 => format!("{y}.{m}"),
                1 => format!("{y}年{m1}月"),
                _ => format!("{y}-{m}"),
            };
            return (w, format!("{y}-{m}"));
        }
        let (m1, d1) = (m.trim_start_matches('0'), d.trim_start_matches('0'));
        let w = match self.rng.random_range(0..6) {
            0 => format!("{y}-{m}-{d}"),
            1 => format!("{y}/{m}/{d}"),
            2 => format!("{y}年{m1}月{d1}日"),
            3 => format!("{y}{m}{d}"),
            4 => format!("{y}.{m}.{d}"),
            _ => format!("{y}-{m1}-{d1}"),
        };
        (w, format!("{y}-{m}-{d}"))
    }

    fn trap_line(&mut self, d: &mut Doc) {
        let t = self.pick(PERSON_TRAPS).to_string();
        d.decoy("person_trap", &t).push("\n");
    }

    /// Outpatient records: the patient's name, sex, date of birth, home address and phone, and
    /// notes where person-shaped words that are none occur.
    fn patients(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        d.push("门诊病历（仅限院内使用）\n\n");
        for k in 0..p.records_per_file {
            let (name, id, mobile, _) = self.someone();
            let sex = if id.as_bytes()[16] % 2 == 1 { "男" } else { "女" };
            let (bw, bn) = self.birth_written(&id, false);
            let addr = self.address();
            let mw = self.mobile_written(&mobile);
            d.push(&format!("病历号：MZ{:07}\n患者姓名：", k + 1)).plant("name", "", &name, &name);
            d.push(&format!("    性别：{sex}    出生日期：")).plant("birth_date", "", &bw, &bn);
            d.push("\n家庭住址：").plant("address", "", &addr, &addr).push("\n联系电话：");
            d.plant("phone", "mobile", &mw, &mobile).push("\n");
            let (visit, onset) = (self.date(), self.rng.random_range(2..10));
            d.push("就诊日期：").decoy("plain_date", &visit).push(&format!("\n主诉：反复咳嗽{onset}天。\n"));
            if self.chance(0.5) {
                let (kn, _, km, _) = self.someone();
                let kw = self.mobile_written(&km);
                d.push("陪同人：").plant("name", "", &kn, &kn).push("，电话");
                d.plant("phone", "mobile", &kw, &km).push("\n");
            }
            if self.chance(0.4) {
                self.trap_line(&mut d);
            }
            d.push("\n");
        }
        d
    }

    /// Random bytes: a vendor's template or an embedding's raw floats look like this.
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.rng.random()).collect()
    }

    /// An ISO/IEC 19794-2 finger minutiae record: header, one finger view, `n` minutiae.
    fn iso_fmr(&mut self, n: usize) -> Vec<u8> {
        let len = 24 + 4 + 6 * n + 2;
        let mut r = b"FMR\0 20\0".to_vec();
        r.extend((len as u32).to_be_bytes());
        // Capture equipment, 500x500 pixels at 197 pixels/cm, one finger view, reserved.
        r.extend([0, 0, 1, 0xF4, 1, 0xF4, 0, 197, 0, 197, 1, 0]);
        r.extend([self.rng.random_range(1..=10), 0, 80, n as u8]);
        let minutiae = self.bytes(6 * n);
        r.extend(minutiae);
        r.extend([0, 0]);
        r
    }

    /// An embedding: `n` numbers of a unit-ish vector, four decimals.
    fn embedding(&mut self, n: usize) -> Vec<String> {
        (0..n).map(|_| format!("{:.4}", self.rng.random_range(-0.3..0.3f64))).collect()
    }

    /// A face-recognition service's event log: base64 feature blobs, float embeddings, ISO minutiae
    /// records in base64 (found by their header, under a key that names nothing), beside the
    /// hashes and attachments a service also logs, which are not biometric.
    fn face_service(&mut self, path: String, p: &Profile) -> Doc {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut d = Doc::new(path);
        for k in 0..p.records_per_file.div_ceil(5) {
            let uid = self.rng.random_range(100_000..1_000_000);
            let t = self.time();
            match k % 4 {
                0 => {
                    let f = self.bytes(512);
                    let w = b64.encode(&f);
                    d.push(&format!("{{\"ts\":\"{t}\",\"event\":\"enroll\",\"user_id\":{uid},\"face_feature\":\""));
                    d.plant("biometric", "face_template", &w, &hex::encode(&f))
                        .push("\",\"model\":\"arcface-r100\"}\n");
                }
                1 => {
                    let v = self.embedding(128);
                    let key = self.pick(&["face_embedding", "faceEmbedding", "人脸特征"]).to_string();
                    d.push(&format!("{{\"ts\":\"{t}\",\"event\":\"match\",\"user_id\":{uid},\"{key}\":"));
                    let w = format!("[{}]", v.join(", "));
                    d.plant("biometric", "face_template", &w, &format!("[{}]", v.join(","))).push(",\"score\":0.87}\n");
                }
                2 => {
                    let n = self.rng.random_range(20..60);
                    let r = self.iso_fmr(n);
                    d.push(&format!("{{\"ts\":\"{t}\",\"event\":\"sync\",\"user_id\":{uid},\"payload\":\""));
                    d.plant("biometric", "finger_minutiae", &b64.encode(&r), &hex::encode(&r)).push("\"}\n");
                }
                _ => {
                    let f = self.bytes(256);
                    d.push(&format!("{{\"ts\":\"{t}\",\"event\":\"enroll\",\"user_id\":{uid},\"voiceprint\":\""));
                    d.plant("biometric", "voiceprint", &b64.encode(&f), &hex::encode(&f)).push("\"}\n");
                }
            }
            // What is not biometric: a certificate's fingerprint (a digest), a device fingerprint, an
            // attachment in base64 under a key that names nothing.
            let digest = hex::encode(self.bytes(32));
            d.push("{\"event\":\"tls\",\"cert_fingerprint\":\"").decoy("digest", &digest).push("\"}\n");
            let device = hex::encode(self.bytes(200));
            d.push("{\"event\":\"login\",\"device_fingerprint\":\"").decoy("device_fingerprint", &device).push("\"}\n");
            let attachment = b64.encode(self.bytes(300));
            d.push("{\"event\":\"upload\",\"attachment\":\"").decoy("attachment", &attachment).push("\"}\n");
        }
        d
    }

    /// A fingerprint attendance machine's export: templates as upper-case hex under 指纹模板.
    fn attendance(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        d.push("工号,部门,指纹模板,登记时间\n");
        for k in 0..p.records_per_file.div_ceil(5) {
            let dept = self.pick(DEPTS).to_string();
            d.push(&format!("E{:05},{dept},", k + 1));
            let n = self.rng.random_range(300..600);
            let f = self.bytes(n);
            d.plant("biometric", "finger_template", &hex::encode_upper(&f), &hex::encode(&f));
            let t = self.time();
            d.push(&format!(",{t}\n"));
        }
        d
    }

    /// A door-access system's dump: face features (hex blobs, --hex-blob), fingerprint templates
    /// (ISO records as hex) and a table of attachments that is not biometric, a row per statement.
    fn biometric_dump(&mut self, path: String, p: &Profile) -> Doc {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut d = Doc::new(path);
        d.push("-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n--\n-- Database: access_control\n\n");
        d.push("CREATE TABLE `t_face_feature` (\n  `id` bigint NOT NULL AUTO_INCREMENT,\n  `user_id` bigint NOT NULL,\n  `feature` blob NOT NULL COMMENT '人脸特征值',\n  `created_at` datetime DEFAULT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n");
        let rows = p.records_per_file.div_ceil(5);
        for k in 0..rows {
            let (uid, t) = (self.rng.random_range(100_000..1_000_000), self.time());
            let f = self.bytes(512);
            d.push(&format!("INSERT INTO `t_face_feature` VALUES ({},{uid},", k + 1));
            d.plant("biometric", "face_template", &format!("0x{}", hex::encode_upper(&f)), &hex::encode(&f));
            d.push(&format!(",'{t}');\n"));
        }
        d.push("\nCREATE TABLE `t_finger_template` (\n  `id` bigint NOT NULL,\n  `staff_no` varchar(16) NOT NULL,\n  `template` text NOT NULL,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n");
        for k in 0..rows {
            d.push(&format!(
                "INSERT INTO `t_finger_template` (`id`, `staff_no`, `template`) VALUES ({},'E{:05}','",
                k + 1,
                k + 1
            ));
            if k % 2 == 0 {
                let n = self.rng.random_range(20..60);
                let r = self.iso_fmr(n);
                d.plant("biometric", "finger_minutiae", &b64.encode(&r), &hex::encode(&r));
            } else {
                let f = self.bytes(400);
                d.plant("biometric", "finger_template", &b64.encode(&f), &hex::encode(&f));
            }
            d.push("');\n");
        }
        d.push("\nCREATE TABLE `t_attachment` (\n  `id` bigint NOT NULL,\n  `content` mediumblob,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n\n");
        for k in 0..rows {
            let blob = hex::encode_upper(self.bytes(400));
            d.push(&format!("INSERT INTO `t_attachment` VALUES ({},0x", k + 1)).decoy("attachment", &blob).push(");\n");
        }
        d
    }

    /// A product brochure: biometric words in prose, a settings page with a template's status but
    /// not the template. No finding may come of it.
    fn brochure(&mut self, path: String) -> Doc {
        let mut d = Doc::new(path);
        d.push("智能门锁 X9 产品手册\n\n一、产品特点\n");
        d.push("本产品").decoy("biometric_mention", "支持指纹解锁").push("、");
        d.decoy("biometric_mention", "人脸识别").push("和密码开锁，");
        d.decoy("biometric_mention", "虹膜识别").push("功能将在后续固件中提供。\n");
        d.push("采用活体检测技术，").decoy("biometric_mention", "人脸特征").push("仅在本地加密存储，不上传云端。\n");
        d.push("二、设置\n").decoy("biometric_mention", "指纹模板：已录入 3 枚").push("\n");
        d.decoy("biometric_mention", "声纹：未开启").push("\n");
        d.push("Fingerprint sensor: capacitive, 508 dpi. Face unlock supports 5 users.\n");
        d.push("固件签名 fingerprint=").decoy("digest", &hex::encode(self.bytes(32))).push("\n");
        d
    }

    /// A shipping list exported from a shop's back office: receiver, phone and address columns.
    fn shipping(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        d.push("订单号,收货人,联系电话,收货地址,下单时间,备注\n");
        for _ in 0..p.records_per_file {
            let (name, _, mobile, _) = self.someone();
            let (order, addr) = (self.decoy18(), self.address());
            d.decoy("order_number", &order).push(",").plant("name", "", &name, &name).push(",");
            d.plant("phone", "mobile", &mobile, &mobile).push(",").plant("address", "", &addr, &addr);
            let t = self.time();
            d.push(&format!(",{t},"));
            if self.chance(0.2) {
                d.push(self.pick(&["周末送货", "工作日送货", "马上发货", "放门卫"]));
            }
            d.push("\n");
        }
        d
    }

    /// Resumes: name, date of birth (often the month alone, under 出生年月), where they live, and
    /// a work history full of dates that are not birth dates.
    fn resumes(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        for _ in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let month_only = self.chance(0.5);
            let (bw, bn) = self.birth_written(&id, month_only);
            d.push("个人简历\n姓名：").plant("name", "", &name, &name).push("\n");
            d.push(if month_only { "出生年月：" } else { "出生日期：" }).plant("birth_date", "", &bw, &bn).push("\n");
            let addr = self.address();
            d.push("现居住地：").plant("address", "", &addr, &addr).push("\n手机：");
            d.plant("phone", "mobile", &mobile, &mobile).push("\n邮箱：");
            d.plant("email", "", &email, &email.to_ascii_lowercase()).push("\n工作经历：\n");
            let from = self.rng.random_range(2008..2018);
            let span =
                format!("{from}.0{}-{}.0{}", self.rng.random_range(1..10), from + 3, self.rng.random_range(1..10));
            d.decoy("work_period", &span).push(&format!(" {}担任工程师\n", self.pick(DEPTS)));
            if self.chance(0.3) {
                let (kn, ..) = self.someone();
                d.push("推荐人：").plant("name", "", &kn, &kn).push("先生\n");
            }
            if self.chance(0.3) {
                self.trap_line(&mut d);
            }
            d.push("\n");
        }
        d
    }

    /// The amount, status and creation time of an order row, each followed by a comma.
    fn sql_tail(&mut self) -> String {
        let (yuan, fen) = (self.rng.random_range(1..20_000), self.rng.random_range(0..100));
        let status = self.pick(&["PAID", "SHIPPED", "COMPLETED", "REFUNDED", "CLOSED"]);
        let created = format!(
            "{} {:02}:{:02}:{:02}",
            self.date(),
            self.rng.random_range(0..24),
            self.rng.random_range(0..60),
            self.rng.random_range(0..60)
        );
        format!("{yuan}.{fen:02},'{status}','{created}',")
    }
}

/// Provinces, their prefecture (empty for the municipalities) and some of its districts.
const PLACES: &[(&str, &str, &[&str])] = &[
    ("广东省", "深圳市", &["南山区", "福田区", "宝安区", "龙岗区"]),
    ("北京市", "", &["朝阳区", "海淀区", "东城区", "丰台区"]),
    ("上海市", "", &["浦东新区", "徐汇区", "静安区", "闵行区"]),
    ("浙江省", "杭州市", &["西湖区", "余杭区", "滨江区"]),
    ("江苏省", "南京市", &["鼓楼区", "玄武区", "江宁区"]),
    ("四川省", "成都市", &["武侯区", "锦江区", "成华区"]),
    ("湖北省", "武汉市", &["洪山区", "江汉区", "武昌区"]),
    ("河北省", "张家口市", &["桥西区", "宣化区"]),
    ("广西壮族自治区", "南宁市", &["青秀区", "兴宁区"]),
];
const ROAD_NAMES: &[&str] = &[
    "科技园南路",
    "建国路",
    "深南大道",
    "文一西路",
    "中山北路",
    "解放大街",
    "人民路",
    "学院路",
    "和平里",
    "滨河大道",
    "长江路",
    "光明街",
];
const ESTATES: &[&str] = &["阳光花园", "翠苑小区", "锦绣家园", "金色公寓", "华府大厦", "东方新村"];
/// Lines that hold a person-shaped word that is none: weekdays, common words, brands, places, a
/// title without a name, a plain date, a bare place, a brochure's fingerprint feature.
const PERSON_TRAPS: &[&str] = &[
    "周一马上安排复诊，患者家属表示很高兴。",
    "金融科技部门下周搬到王府井附近办公。",
    "李宁专卖店的会员活动在张家口举行，需走高速公路。",
    "王总和李经理已审核，老王负责跟进。",
    "本产品支持指纹解锁和人脸识别，详见说明书。",
    "系统于2019-06-01上线，2024年3月15日完成升级。",
    "籍贯：浙江。出差地点：台湾。",
    "周末门诊照常，方便患者就医。",
    "联系人：王总，电话另行通知。",
    "收货人：李先生（到付）",
    "收件人：周一前送达",
    "患者家属表示满意。",
];

/// A string as mysqldump writes it inside single quotes (`mysql_real_escape_string`).
fn sql_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\x1a' => out.push_str("\\Z"),
            c => out.push(c),
        }
    }
    out
}

/// Order remarks customers type, with the quotes and backslashes a dump must escape.
const SQL_NOTES: &[&str] = &[
    "Customer's birthday gift, please wrap it",
    "包装上请写'生日快乐'",
    "放门口的\"丰巢\"柜",
    "发票抬头：个人",
    "尺码 M\\L 都可以，颜色随意",
    "工作日白天不在家，周末送",
];

/// What mysqldump 8.0 writes before the rows of one table. `{host}` and `{next}` (the next
/// AUTO_INCREMENT value) are filled in.
const SQL_HEAD: &str = "\
-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: {host}    Database: shop
-- ------------------------------------------------------
-- Server version\t8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `t_order`
--

DROP TABLE IF EXISTS `t_order`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `t_order` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `order_no` char(18) NOT NULL COMMENT '订单号',
  `user_id` bigint unsigned DEFAULT NULL COMMENT '会员ID，游客为空',
  `receiver_name` varchar(32) NOT NULL DEFAULT '' COMMENT '收货人',
  `receiver_mobile` varchar(32) NOT NULL DEFAULT '' COMMENT '收货人手机号',
  `id_no` varchar(18) DEFAULT NULL COMMENT '实名认证身份证号',
  `email` varchar(128) DEFAULT NULL,
  `bank_card` varchar(19) DEFAULT NULL COMMENT '快捷支付卡号',
  `amount` decimal(12,2) NOT NULL DEFAULT '0.00',
  `status` varchar(16) NOT NULL DEFAULT 'CREATED',
  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `remark` varchar(255) DEFAULT NULL COMMENT '备注',
  PRIMARY KEY (`id`),
  UNIQUE KEY `uk_order_no` (`order_no`),
  KEY `idx_receiver_mobile` (`receiver_mobile`),
  KEY `idx_created_at` (`created_at`)
) ENGINE=InnoDB AUTO_INCREMENT={next} DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci COMMENT='订单表';
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `t_order`
--

LOCK TABLES `t_order` WRITE;
/*!40000 ALTER TABLE `t_order` DISABLE KEYS */;
";

/// What mysqldump writes after the rows; `{done}` is the time the dump completed.
const SQL_FOOT: &str = "\
/*!40000 ALTER TABLE `t_order` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on {done}
";

/// What a Chinese export's 证件类型 column says for a kind.
fn doc_type_name(kind: &str) -> &'static str {
    match kind {
        "resident" => "身份证",
        "resident_15" => "身份证（旧）",
        "hmt_residence_permit" => "港澳台居民居住证",
        "foreign_permanent_resident" => "外国人永久居留身份证",
        "passport" => "护照",
        "hk_macau_pass" => "往来港澳通行证",
        "home_return_permit" => "回乡证",
        _ => "台胞证",
    }
}

/// Generates a corpus. Paths use `/` and are relative to the directory it is written to.
pub fn generate(seed: u64, p: &Profile) -> Corpus {
    let mut g = Gen::new(seed, p.people);
    let mut docs = Vec::new();
    for i in 0..p.files_per_kind {
        docs.push(g.hr_note(format!("hr/员工档案_{:02}.txt", i + 1), p));
        docs.push(g.log(format!("logs/app-2024-03-{:02}.log", i + 1), p));
        // Every other export has English column names.
        docs.push(g.csv(format!("exports/customers_{:02}.csv", i + 1), p, i % 2 == 1));
        docs.push(g.jsonl(format!("events/events_{:02}.jsonl", i + 1), p));
    }
    // SQL dumps after all the others, so that adding them left every other file as it was.
    for i in 0..p.files_per_kind {
        docs.push(g.sql(format!("dumps/orders_{:02}.sql", i + 1), p));
    }
    // Then the documents of names, addresses and dates of birth, for the same reason.
    for i in 0..p.files_per_kind {
        docs.push(g.patients(format!("clinic/病历_{:02}.txt", i + 1), p));
        docs.push(g.shipping(format!("exports/发货单_{:02}.csv", i + 1), p));
        docs.push(g.resumes(format!("hr/简历汇总_{:02}.txt", i + 1), p));
    }
    // Then biometric data, last for the same reason.
    for i in 0..p.files_per_kind {
        docs.push(g.face_service(format!("biometrics/face_events_{:02}.jsonl", i + 1), p));
        docs.push(g.attendance(format!("biometrics/指纹考勤_{:02}.csv", i + 1), p));
        docs.push(g.biometric_dump(format!("dumps/access_control_{:02}.sql", i + 1), p));
        docs.push(g.brochure(format!("docs/产品手册_{:02}.txt", i + 1)));
    }
    let mut truth: Vec<Truth> = docs.iter().flat_map(|d| d.truth.iter().cloned()).collect();
    truth.sort();
    let mut decoys: Vec<Decoy> = docs.iter().flat_map(|d| d.decoys.iter().cloned()).collect();
    decoys.sort();
    let org_ids = docs.iter().map(|d| d.org_ids).sum();
    Corpus { files: docs.into_iter().map(|d| (d.path, d.text)).collect(), truth, decoys, org_ids }
}

/// Writes the files under `dir` and the ground truth as JSON lines to `truth_path` (which should not
/// be under `dir`: it holds the values themselves).
pub fn write(c: &Corpus, dir: &Path, truth_path: &Path) -> io::Result<()> {
    write_files(c, dir)?;
    write_truth(&c.truth, truth_path)
}

pub fn write_files(c: &Corpus, dir: &Path) -> io::Result<()> {
    for (rel, text) in &c.files {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap())?;
        std::fs::write(p, text)?;
    }
    Ok(())
}

pub fn write_truth(truth: &[Truth], path: &Path) -> io::Result<()> {
    let mut t = io::BufWriter::new(std::fs::File::create(path)?);
    for x in truth {
        let mut line = String::new();
        let _ = write!(
            line,
            "{{\"path\":{:?},\"line\":{},\"offset\":{},\"category\":\"{}\",\"kind\":\"{}\",\"value\":{:?}}}",
            x.path, x.line, x.offset, x.category, x.kind, x.value
        );
        writeln!(t, "{line}")?;
    }
    t.flush()
}
