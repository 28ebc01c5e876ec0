//! The project's own test corpus: realistic Chinese HR notes, application logs, CSV exports and
//! JSON-lines events, with planted personal information and hard decoys, and the ground truth.
//!
//! Deterministic: the same seed and profile give byte-identical files (ChaCha8). Ground truth is
//! recorded as values are written, by this generator's own arithmetic (MOD 11-2, allocated prefixes
//! from `patterns/`), never by asking the scanner. Decoys are built so that they cannot be valid:
//! a wrong check character, an impossible date, an unknown region, a digit run of the wrong length,
//! letters glued to digits, a service number.
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

/// One planted value: where it is and what its normalized form is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Truth {
    pub path: String,
    pub line: u64,
    pub category: &'static str,
    pub value: String,
}

pub struct Corpus {
    /// Relative path (with `/`) and content.
    pub files: Vec<(String, String)>,
    pub truth: Vec<Truth>,
}

#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// Files of each kind (HR notes, logs, CSV exports, JSON lines).
    pub files_per_kind: usize,
    /// Records (lines or paragraphs that carry values) per file.
    pub records_per_file: usize,
    /// Lines without personal information written after each record (prose, routine log lines).
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

fn table_rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).skip(1).map(|l| l.split('\t').collect())
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
fn check_char(first17: &str) -> char {
    let s: u32 = first17.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    b"10X98765432"[(s % 11) as usize] as char
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

struct Person {
    name: String,
    id: String,
    mobile: String,
    email: String,
}

struct Gen {
    rng: ChaCha8Rng,
    regions: Vec<String>,
    prefixes3: Vec<String>,
    prefixes_long: Vec<String>,
    people: Vec<Person>,
}

/// A document being written: tracks the current line so that planted values know where they are.
struct Doc {
    path: String,
    text: String,
    line: u64,
    truth: Vec<Truth>,
}

impl Doc {
    fn new(path: String) -> Doc {
        Doc { path, text: String::new(), line: 1, truth: Vec::new() }
    }
    fn push(&mut self, s: &str) -> &mut Doc {
        self.line += s.bytes().filter(|&b| b == b'\n').count() as u64;
        self.text.push_str(s);
        self
    }
    fn plant(&mut self, category: &'static str, written: &str, normalized: &str) -> &mut Doc {
        self.truth.push(Truth { path: self.path.clone(), line: self.line, category, value: normalized.to_string() });
        self.push(written)
    }
}

impl Gen {
    fn new(seed: u64, people: usize) -> Gen {
        let regions = table_rows(REGIONS_TSV).map(|r| r[0].to_string()).filter(|c| !c.ends_with("00")).collect();
        let mut prefixes3 = Vec::new();
        let mut prefixes_long = Vec::new();
        for r in table_rows(MOBILE_TSV) {
            if r[0].len() == 3 {
                prefixes3.push(r[0].to_string())
            } else {
                prefixes_long.push(r[0].to_string())
            }
        }
        let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(seed), regions, prefixes3, prefixes_long, people: Vec::new() };
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

    fn name(&mut self) -> String {
        format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN))
    }

    fn birth(&mut self) -> String {
        let y = self.rng.random_range(1950..=2005);
        let m = self.rng.random_range(1..=12);
        let d = self.rng.random_range(1..=28);
        format!("{y:04}{m:02}{d:02}")
    }

    fn id(&mut self) -> String {
        let region = self.regions.choose(&mut self.rng).unwrap().clone();
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

    // ---- decoys: each cannot be a valid value --------------------------------------------------

    /// An 18-digit number that is not an ID: wrong check character, impossible date, unknown region
    /// (an order number that starts with a date).
    fn decoy18(&mut self) -> String {
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
                let region = self.regions.choose(&mut self.rng).unwrap().clone();
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

    fn uscc(&mut self) -> String {
        const ALNUM: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
        let region = self.regions.choose(&mut self.rng).unwrap().clone();
        let body: String =
            (0..9).map(|i| if i < 2 { ['M', 'A'][i] } else { *ALNUM.choose(&mut self.rng).unwrap() as char }).collect();
        format!("91{region}{body}{}", *ALNUM.choose(&mut self.rng).unwrap() as char)
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

    /// A line of something that is not personal information but looks numeric.
    fn decoy(&mut self) -> String {
        match self.rng.random_range(0..14) {
            0 => format!("订单号{}", self.decoy18()),
            1 => format!("运单号 {}", self.long_run()),
            2 => format!("统一社会信用代码：{}", self.uscc()),
            3 => format!("客服热线{}", self.service_number()),
            4 => format!("ts={}{}", 1_700_000_000 + self.rng.random_range(0..50_000_000u64), self.digits(3)),
            5 => format!("trace_id={} span_id={}", self.hex(32), self.hex(16)),
            6 => format!("工号{}", self.bad_prefix_mobile()),
            7 => format!("score=0.{}", self.mobile()),
            8 => format!("SN{}X{}", self.mobile(), self.digits(2)),
            9 => format!(
                "卡号 {} {} {} {} {}",
                self.digits(4),
                self.digits(4),
                self.digits(4),
                self.digits(4),
                self.digits(3)
            ),
            10 => self.email_decoy(),
            // Numbers in a table row or a count beside a date, split like phones but not phones.
            11 => {
                let (m, n, k) = (self.mobile(), self.rng.random_range(1..99), self.digits(4));
                format!("数量 {n} {} {} {} {k}", &m[..3], &m[3..7], &m[7..])
            }
            12 => {
                let d = format!(
                    "20{:02}{:02}{:02}",
                    self.rng.random_range(10..25),
                    self.rng.random_range(1..=12),
                    self.rng.random_range(1..=28)
                );
                format!("共 {} {d} 条", self.rng.random_range(130..200))
            }
            _ => format!("batch-{}-{}", self.digits(4), self.mobile()),
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

    fn hr_note(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        d.push("员工档案（内部资料，注意保密）\n\n");
        for _ in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let (idw, mw) = (self.id_written(&id), self.mobile_written(&mobile));
            let dept = self.pick(DEPTS);
            d.push(&format!("员工{name}，所属部门{dept}，身份证号"));
            d.plant("id_card", &idw, &id).push("，联系电话");
            d.plant("phone", &mw, &mobile).push("，电子邮箱");
            d.plant("email", &email, &email.to_ascii_lowercase());
            let date = self.date();
            d.push(&format!("。入职日期{date}，工号E{}。\n", self.digits(5)));
            if self.chance(0.5) {
                let (kn, _, km, _) = self.someone();
                let kw = self.mobile_written(&km);
                let rel = self.pick(RELATIONS);
                if self.chance(0.5) {
                    d.push(&format!("紧急联系人：{kn}（{rel}），手机"));
                } else {
                    d.push(&format!("紧急联系人（{rel}）：{kn}")); // the name glued to the number
                }
                d.plant("phone", &kw, &km).push("。\n");
            }
            if self.chance(0.6) {
                let decoy = self.decoy();
                d.push(&format!("备注：{decoy}；劳动合同编号HT{}。\n", self.digits(10)));
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
            match self.rng.random_range(0..4) {
                0 => {
                    let mw = self.mobile_written(&mobile);
                    d.push(&format!(
                        "{t} INFO  [http-nio-8080-exec-{}] c.e.user.LoginController - login ok uid={} mobile=",
                        self.rng.random_range(1..50),
                        self.rng.random_range(10000..99999)
                    ));
                    d.plant("phone", &mw, &mobile);
                    let trace = self.hex(32);
                    d.push(&format!(
                        " ip=10.{}.{}.{} trace_id={trace}\n",
                        self.rng.random_range(0..255),
                        self.rng.random_range(0..255),
                        self.rng.random_range(0..255)
                    ));
                }
                1 => {
                    d.push(&format!(
                        "{t} INFO  [kyc-worker-{}] c.e.kyc.VerifyService - verify id_no=",
                        self.rng.random_range(1..8)
                    ));
                    let idw = self.id_written(&id);
                    d.plant("id_card", &idw, &id)
                        .push(&format!(" name={name} result=PASS cost={}ms\n", self.rng.random_range(5..900)));
                }
                2 => {
                    d.push(&format!("{t} ERROR [mail-sender] c.e.notify.MailService - bounce from <"));
                    d.plant("email", &email, &email.to_ascii_lowercase()).push(">: 550 mailbox unavailable\n");
                }
                _ => {
                    let mw = self.mobile_written(&mobile);
                    d.push(&format!(
                        "{t} WARN  [sms-{}] c.e.notify.SmsSender - 验证码发送失败 手机号:",
                        self.rng.random_range(1..4)
                    ));
                    d.plant("phone", &mw, &mobile);
                    let rid = format!("{}-{}-{}", self.hex(8), self.hex(4), self.hex(12));
                    d.push(&format!("，原因：频率限制 requestId={rid}\n"));
                }
            }
            let t2 = self.time();
            let decoy = self.decoy();
            d.push(&format!(
                "{t2} DEBUG [order-{}] c.e.order.OrderService - {decoy} amount={}.{:02}\n",
                self.rng.random_range(1..9),
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

    fn csv(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        d.push("客户编号,姓名,身份证号,手机号,邮箱,订单号,注册时间,备注\n");
        for i in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let (idw, mw) = (self.id_written(&id), self.mobile_written(&mobile));
            d.push(&format!("C{:06},{name},", i + 1));
            d.plant("id_card", &idw, &id).push(",");
            d.plant("phone", &mw, &mobile).push(",");
            if self.chance(0.8) {
                d.plant("email", &email, &email.to_ascii_lowercase());
            }
            let (order, t) = (self.decoy18(), self.time());
            let note = if self.chance(0.3) { self.decoy() } else { String::new() };
            d.push(&format!(",{order},{t},\"{note}\"\n"));
            // Guest orders: rows with the personal columns left empty.
            for k in 0..p.filler_per_record {
                let (order, t) = (self.decoy18(), self.time());
                d.push(&format!("G{:06}{k},,,,,{order},{t},\"游客下单\"\n", i + 1));
            }
        }
        d
    }

    fn jsonl(&mut self, path: String, p: &Profile) -> Doc {
        let mut d = Doc::new(path);
        for _ in 0..p.records_per_file {
            let (name, id, mobile, email) = self.someone();
            let (idw, mw) = (self.id_written(&id), self.mobile_written(&mobile));
            let ts = format!("{}{}", 1_700_000_000 + self.rng.random_range(0..50_000_000u64), self.digits(3));
            let trace = self.hex(32);
            d.push(&format!("{{\"event\":\"register\",\"ts\":{ts},\"trace_id\":\"{trace}\",\"user\":{{\"name\":\"{name}\",\"mobile\":\""));
            d.plant("phone", &mw, &mobile).push("\",\"id_no\":\"");
            d.plant("id_card", &idw, &id).push("\",\"email\":\"");
            d.plant("email", &email, &email.to_ascii_lowercase());
            let order = self.decoy18();
            let decoy = self.decoy().replace('"', "'");
            d.push(&format!(
                "\"}},\"order\":{{\"order_no\":\"{order}\",\"note\":\"{decoy}\",\"amount\":{}.{:02}}}}}\n",
                self.rng.random_range(1..9999),
                self.rng.random_range(0..100)
            ));
            for _ in 0..p.filler_per_record {
                let ts = format!("{}{}", 1_700_000_000 + self.rng.random_range(0..50_000_000u64), self.digits(3));
                let (trace, latency) = (self.hex(32), self.rng.random_range(1..500));
                d.push(&format!(
                    "{{\"event\":\"heartbeat\",\"ts\":{ts},\"trace_id\":\"{trace}\",\"latency_ms\":{latency}}}\n"
                ));
            }
        }
        d
    }
}

/// Generates a corpus. Paths use `/` and are relative to the directory it is written to.
pub fn generate(seed: u64, p: &Profile) -> Corpus {
    let mut g = Gen::new(seed, p.people);
    let mut docs = Vec::new();
    for i in 0..p.files_per_kind {
        docs.push(g.hr_note(format!("hr/员工档案_{:02}.txt", i + 1), p));
        docs.push(g.log(format!("logs/app-2024-03-{:02}.log", i + 1), p));
        docs.push(g.csv(format!("exports/customers_{:02}.csv", i + 1), p));
        docs.push(g.jsonl(format!("events/events_{:02}.jsonl", i + 1), p));
    }
    let mut truth: Vec<Truth> = docs.iter().flat_map(|d| d.truth.iter().cloned()).collect();
    truth.sort();
    Corpus { files: docs.into_iter().map(|d| (d.path, d.text)).collect(), truth }
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
            "{{\"path\":{:?},\"line\":{},\"category\":\"{}\",\"value\":{:?}}}",
            x.path, x.line, x.category, x.value
        );
        writeln!(t, "{line}")?;
    }
    t.flush()
}
