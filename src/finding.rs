//! The `Finding` record: one piece of personal information at one place, as every output reports it.
//!
//! A finding is built from a detector `Match` by `scan`: the match gives the category, span and
//! normalized value; this module masks it and the `Fingerprinter` turns the normalized value into a
//! keyed hash. The raw value is carried only when the user asked for it (`--reveal`).

use serde::{Serialize, Serializer};
use std::fmt;

/// Stable category ids (product.md). Existing ids never change meaning; new ones may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Name,
    BirthDate,
    IdCard,
    Passport,
    Permit,
    Biometric,
    Address,
    Phone,
    Email,
    BankCard,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Name,
        Category::BirthDate,
        Category::IdCard,
        Category::Passport,
        Category::Permit,
        Category::Biometric,
        Category::Address,
        Category::Phone,
        Category::Email,
        Category::BankCard,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::BirthDate => "birth_date",
            Category::IdCard => "id_card",
            Category::Passport => "passport",
            Category::Permit => "permit",
            Category::Biometric => "biometric",
            Category::Address => "address",
            Category::Phone => "phone",
            Category::Email => "email",
            Category::BankCard => "bank_card",
        }
    }

    pub fn from_id(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Which document or number form a finding is, within its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 18-digit resident identity card number (GB 11643-1999).
    Resident,
    /// First-generation 15-digit resident identity card number.
    #[serde(rename = "resident_15")]
    Resident15,
    /// Residence permit for Hong Kong, Macau and Taiwan residents (810000/820000/830000).
    HmtResidencePermit,
    /// Foreigner permanent residence ID (2023 format).
    ForeignPermanentResident,
    Passport,
    /// 往来港澳通行证.
    HkMacauPass,
    /// 港澳居民来往内地通行证 (回乡证).
    HomeReturnPermit,
    /// 台湾居民来往大陆通行证 (台胞证).
    TaiwanPermit,
    /// Mainland mobile number.
    Mobile,
    /// Landline with an area code.
    Landline,
    /// Bank card by its BIN: debit (and prepaid) or credit.
    DebitCard,
    CreditCard,
    /// Finger minutiae template (ISO/IEC 19794-2, ANSI INCITS 378).
    FingerMinutiae,
    /// Fingerprint image (ISO/IEC 19794-4, WSQ).
    FingerImage,
    /// Face image record (ISO/IEC 19794-5).
    FaceImage,
    /// Iris image record (ISO/IEC 19794-6).
    IrisImage,
    /// ANSI/NIST-ITL transaction (fingerprint, face and iris records for exchange).
    NistTransaction,
    /// A template or feature vector under a key, column or table named for it (a vendor's format,
    /// not a standard record): face (人脸特征, face_embedding), fingerprint, iris, voiceprint,
    /// palm print, vein.
    FaceTemplate,
    FingerTemplate,
    IrisTemplate,
    Voiceprint,
    PalmTemplate,
    VeinTemplate,
}

impl Kind {
    pub const ALL: [Kind; 23] = [
        Kind::Resident,
        Kind::Resident15,
        Kind::HmtResidencePermit,
        Kind::ForeignPermanentResident,
        Kind::Passport,
        Kind::HkMacauPass,
        Kind::HomeReturnPermit,
        Kind::TaiwanPermit,
        Kind::Mobile,
        Kind::Landline,
        Kind::DebitCard,
        Kind::CreditCard,
        Kind::FingerMinutiae,
        Kind::FingerImage,
        Kind::FaceImage,
        Kind::IrisImage,
        Kind::NistTransaction,
        Kind::FaceTemplate,
        Kind::FingerTemplate,
        Kind::IrisTemplate,
        Kind::Voiceprint,
        Kind::PalmTemplate,
        Kind::VeinTemplate,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Resident => "resident",
            Kind::Resident15 => "resident_15",
            Kind::HmtResidencePermit => "hmt_residence_permit",
            Kind::ForeignPermanentResident => "foreign_permanent_resident",
            Kind::Passport => "passport",
            Kind::HkMacauPass => "hk_macau_pass",
            Kind::HomeReturnPermit => "home_return_permit",
            Kind::TaiwanPermit => "taiwan_permit",
            Kind::Mobile => "mobile",
            Kind::Landline => "landline",
            Kind::DebitCard => "debit_card",
            Kind::CreditCard => "credit_card",
            Kind::FingerMinutiae => "finger_minutiae",
            Kind::FingerImage => "finger_image",
            Kind::FaceImage => "face_image",
            Kind::IrisImage => "iris_image",
            Kind::NistTransaction => "nist_transaction",
            Kind::FaceTemplate => "face_template",
            Kind::FingerTemplate => "finger_template",
            Kind::IrisTemplate => "iris_template",
            Kind::Voiceprint => "voiceprint",
            Kind::PalmTemplate => "palm_template",
            Kind::VeinTemplate => "vein_template",
        }
    }
}

/// Confidence in hundredths, so that 0.95 prints as `0.95` and compares exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Confidence(u8);

impl Confidence {
    pub const fn percent(p: u8) -> Confidence {
        Confidence(if p > 100 { 100 } else { p })
    }
    /// Rounds to the nearest hundredth; out-of-range values are clamped.
    pub fn from_f64(x: f64) -> Confidence {
        Confidence((x.clamp(0.0, 1.0) * 100.0).round() as u8)
    }
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
    /// What serde writes for [`Self::as_f64`] (the shortest form that reads back: `0.95`, `0.9`,
    /// `1.0`, `0.05`), without formatting a float.
    pub fn write_json(self, out: &mut Vec<u8>) {
        let p = self.0;
        match p {
            100 => out.extend_from_slice(b"1.0"),
            _ if p.is_multiple_of(10) => out.extend_from_slice(&[b'0', b'.', b'0' + p / 10]),
            _ => out.extend_from_slice(&[b'0', b'.', b'0' + p / 10, b'0' + p % 10]),
        }
    }
}

impl Serialize for Confidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.as_f64())
    }
}

/// A keyed hash (HMAC-SHA-256) of a normalized value; see `fingerprint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Hex on the stack: this runs once per finding written.
        let mut buf = [0u8; 64];
        hex::encode_to_slice(self.0, &mut buf).expect("64 bytes for 32");
        s.serialize_str(std::str::from_utf8(&buf).expect("hex is ASCII"))
    }
}

/// One piece of personal information at one place. Field order is the output order.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// The path as given on the command line joined with the path inside it.
    /// Shared by all findings of one file.
    pub path: std::sync::Arc<str>,
    pub category: Category,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// 1-based line of the first byte of the value.
    pub line: u64,
    /// Byte offset of the value in the file, and its length in bytes: enough to find it again for a
    /// deletion worklist or a redaction.
    pub offset: u64,
    pub length: u32,
    pub confidence: Confidence,
    pub masked: String,
    pub fingerprint: Fingerprint,
    /// What an ID number says about its holder (birth date and sex), for the birth-date category and
    /// subject search. The birth date is masked to its decade unless the user asked for raw values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<Holder>,
    /// The raw matched text, only with `--reveal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// What an identity number says about the person who holds it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Holder {
    /// `1986-11-25` with `--reveal`, else `198*-**-**`: the decade is enough to tell a minor's
    /// record (more protection under PIPL) without narrowing down the person.
    pub birth: String,
    pub sex: &'static str,
}

impl Holder {
    pub fn of(info: &crate::detect::IdInfo, reveal: bool) -> Holder {
        let b = info.birth;
        // Built by hand: this runs for every ID number found.
        let d = |n: u16| char::from(b'0' + (n % 10) as u8);
        let y = b.year;
        let mut birth = String::with_capacity(10);
        birth.extend([d(y / 1000), d(y / 100), d(y / 10)]);
        if reveal {
            let (m, day) = (u16::from(b.month), u16::from(b.day));
            birth.extend([d(y), '-', d(m / 10), d(m), '-', d(day / 10), d(day)]);
        } else {
            birth.push_str("*-**-**");
        }
        let sex = match info.sex {
            crate::detect::Sex::Male => "male",
            crate::detect::Sex::Female => "female",
        };
        Holder { birth, sex }
    }
}

impl Finding {
    /// Appends this finding as one JSON object, exactly as serde would write it, with the path
    /// already written as JSON (`path_json`): the path is the same for all findings of a file, and
    /// escaping it per finding was the largest cost of writing value-dense output. Ids, numbers and
    /// the confidence are written directly; strings go through serde's escaping unless they are
    /// plain ASCII (a test holds this to serde's output for every category, kind and confidence).
    pub fn write_json(&self, out: &mut Vec<u8>, path_json: &[u8]) -> serde_json::Result<()> {
        let mut num = itoa::Buffer::new();
        out.extend_from_slice(b"{\"path\":");
        out.extend_from_slice(path_json);
        out.extend_from_slice(b",\"category\":\"");
        out.extend_from_slice(self.category.id().as_bytes());
        out.push(b'"');
        if let Some(kind) = self.kind {
            out.extend_from_slice(b",\"kind\":\"");
            out.extend_from_slice(kind.id().as_bytes());
            out.push(b'"');
        }
        out.extend_from_slice(b",\"line\":");
        out.extend_from_slice(num.format(self.line).as_bytes());
        out.extend_from_slice(b",\"offset\":");
        out.extend_from_slice(num.format(self.offset).as_bytes());
        out.extend_from_slice(b",\"length\":");
        out.extend_from_slice(num.format(self.length).as_bytes());
        out.extend_from_slice(b",\"confidence\":");
        self.confidence.write_json(out);
        out.extend_from_slice(b",\"masked\":");
        json_str(out, &self.masked)?;
        out.extend_from_slice(b",\"fingerprint\":\"");
        let mut hex = [0u8; 64];
        hex::encode_to_slice(self.fingerprint.0, &mut hex).expect("64 bytes for 32");
        out.extend_from_slice(&hex);
        out.push(b'"');
        if let Some(holder) = &self.holder {
            out.extend_from_slice(b",\"holder\":{\"birth\":");
            json_str(out, &holder.birth)?;
            out.extend_from_slice(b",\"sex\":\"");
            out.extend_from_slice(holder.sex.as_bytes());
            out.extend_from_slice(b"\"}");
        }
        if let Some(value) = &self.value {
            out.extend_from_slice(b",\"value\":");
            json_str(out, value)?;
        }
        out.push(b'}');
        Ok(())
    }
}

/// A JSON string: copied as is when it is printable ASCII without `"` or `\` (masked values,
/// birth dates), else escaped by serde.
fn json_str(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b) && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(out, s)
    }
}

/// Masks a normalized value so that most characters are hidden but a person reviewing a report can
/// still tell values apart and recognise their shape.
///
/// * id_card: first 4 (province and city) and last 2: `1101************2X`
/// * phone: the 3-digit network prefix and last 2: `138******78`
/// * email: first character of a local part longer than two (none otherwise), then the domain:
///   `w*******@example.cn`, `**@qq.com` — the domain
///   is kept because it says where the mailbox lives (a company's or a public provider's), which is
///   what a reviewer needs; a local part says who.
/// * name: the surname's first character only: `王*`, `欧***` (a given name says who)
/// * address: the first third of its characters (the province or city), at most six: `广东省深圳市*******`
/// * birth_date: the year: `1986-**-**`
/// * anything else: first and last character.
pub fn mask(category: Category, normalized: &str) -> String {
    let keep = |head: usize, tail: usize| -> String {
        // Numbers are ASCII: one byte per character, no decoding.
        if normalized.is_ascii() {
            let n = normalized.len();
            if n <= head + tail {
                return "*".repeat(n);
            }
            let mut b = Vec::with_capacity(n);
            b.extend_from_slice(&normalized.as_bytes()[..head]);
            b.resize(n - tail, b'*');
            b.extend_from_slice(&normalized.as_bytes()[n - tail..]);
            return String::from_utf8(b).expect("ASCII");
        }
        let n = normalized.chars().count();
        if n <= head + tail {
            return "*".repeat(n);
        }
        let mut s = String::with_capacity(normalized.len());
        s.extend(normalized.chars().take(head));
        s.extend(std::iter::repeat_n('*', n - head - tail));
        s.extend(normalized.chars().skip(n - tail));
        s
    };
    match category {
        // A record's bytes as hex, or a vector's numbers (`[0.01,-0.2,…]`): nothing of them is shown,
        // only how much was fingerprinted.
        Category::Biometric if normalized.starts_with('[') => {
            format!("[{} numbers]", normalized.bytes().filter(|&b| b == b',').count() + 1)
        }
        Category::Biometric => format!("[{} bytes]", normalized.len() / 2),
        Category::IdCard => keep(4, 2),
        Category::Name => keep(1, 0),
        Category::Address => keep((normalized.chars().count() / 3).min(6), 0),
        Category::BirthDate => {
            normalized.char_indices().map(|(i, c)| if i >= 4 && c != '-' { '*' } else { c }).collect()
        }
        Category::Phone => keep(3, 2),
        Category::Email => match normalized.split_once('@') {
            Some((local, domain)) => {
                // A local part of one or two characters would be shown whole by "first + stars".
                let shown = if local.chars().count() > 2 { 1 } else { 0 };
                let mut s: String = local.chars().take(shown).collect();
                s.extend(local.chars().skip(shown).map(|_| '*'));
                s.push('@');
                s.push_str(domain);
                s
            }
            None => keep(1, 1),
        },
        _ => keep(1, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_hide_most_characters() {
        assert_eq!(mask(Category::IdCard, "11010519491231002X"), "1101************2X");
        assert_eq!(mask(Category::Phone, "13812345678"), "138******78");
        assert_eq!(mask(Category::Email, "wangfang@example.cn"), "w*******@example.cn");
        assert_eq!(mask(Category::Email, "x@y.co"), "*@y.co");
        assert_eq!(mask(Category::Email, "li@qq.com"), "**@qq.com");
        assert_eq!(mask(Category::Email, "lin@qq.com"), "l**@qq.com");
        assert_eq!(mask(Category::Passport, "E12345678"), "E*******8");
        assert_eq!(mask(Category::Phone, "1234"), "****");
        assert_eq!(mask(Category::Email, "王小芳@例子.中国"), "王**@例子.中国");
        assert_eq!(mask(Category::Name, "王芳"), "王*");
        assert_eq!(mask(Category::Name, "欧阳娜娜"), "欧***");
        assert_eq!(mask(Category::Address, "广东省深圳市南山区科技园南路18号"), "广东省深圳************");
        assert_eq!(mask(Category::BirthDate, "1986-11-25"), "1986-**-**");
        assert_eq!(mask(Category::BirthDate, "1986-11"), "1986-**");
    }

    #[test]
    fn hand_written_json_is_what_serde_writes() {
        let info = crate::detect::IdInfo {
            kind: crate::detect::IdKind::Resident,
            region: 110105,
            birth: crate::detect::Date { year: 1949, month: 12, day: 31 },
            sex: crate::detect::Sex::Female,
            nationality: None,
        };
        let base = Finding {
            path: "share/\"quoted\"\\员工 档案\t.txt".into(),
            category: Category::IdCard,
            kind: Some(Kind::Resident),
            line: 12,
            offset: 3456,
            length: 18,
            confidence: Confidence::percent(95),
            masked: mask(Category::IdCard, "11010519491231002X"),
            fingerprint: Fingerprint([0xab; 32]),
            holder: Some(Holder::of(&info, false)),
            value: Some("11010519491231002X".into()),
        };
        let bare = Finding { kind: None, holder: None, value: None, category: Category::Email, ..base.clone() };
        let revealed = Finding { holder: Some(Holder::of(&info, true)), ..base.clone() };
        // Strings that need escaping, and ones that do not.
        let odd = Finding {
            masked: mask(Category::Email, "\"wang\\fang\"@例子.中国"),
            value: Some("王芳\u{1}\n".into()),
            ..base.clone()
        };
        let mut all = vec![base.clone(), bare, revealed, odd];
        all.extend((0..=100).map(|p| Finding { confidence: Confidence::percent(p), ..base.clone() }));
        all.extend(Category::ALL.map(|category| Finding { category, ..base.clone() }));
        all.extend(Kind::ALL.map(|kind| Finding { kind: Some(kind), ..base.clone() }));
        for f in all {
            let path_json = serde_json::to_vec(&*f.path).unwrap();
            let mut out = Vec::new();
            f.write_json(&mut out, &path_json).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&f).unwrap());
        }
    }

    #[test]
    fn kind_ids_are_what_serde_writes() {
        for k in Kind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.id()));
        }
    }

    #[test]
    fn holders_show_the_decade_unless_revealed() {
        let info = |year, month, day| crate::detect::IdInfo {
            kind: crate::detect::IdKind::Resident,
            region: 110105,
            birth: crate::detect::Date { year, month, day },
            sex: crate::detect::Sex::Male,
            nationality: None,
        };
        assert_eq!(Holder::of(&info(1949, 12, 31), false).birth, "194*-**-**");
        assert_eq!(Holder::of(&info(1949, 12, 31), true).birth, "1949-12-31");
        assert_eq!(Holder::of(&info(2003, 1, 5), true).birth, "2003-01-05");
        assert_eq!(Holder::of(&info(2003, 1, 5), true).sex, "male");
    }

    #[test]
    fn confidence_prints_in_hundredths() {
        assert_eq!(serde_json::to_string(&Confidence::percent(95)).unwrap(), "0.95");
        assert_eq!(Confidence::from_f64(0.855), Confidence::percent(86));
    }

    #[test]
    fn category_ids_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_id(c.id()), Some(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.id()));
        }
    }
}
