//! Email addresses, found from their `@`.
//!
//! The scan loop stops at every `@`; this module walks back over the local part and forward over the
//! domain, ASCII only (the Unicode classes cost 40× and internationalised addresses are rare in the
//! data we sweep). Accepted: a local part of 1-64 characters from `A-Za-z0-9._%+-` that does not start
//! or end with a dot nor hold two in a row, and a domain of at least two labels, each 1-63 letters,
//! digits or inner hyphens, whose last label is 2+ letters and not a file extension (`icon@2x.png`).

use super::Encoding;

/// Why an `@` is not an email address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailReject {
    NoLocalPart,
    LocalPart,
    Domain,
    FileExtension,
}

/// An email address: byte span `[start, end)` within the haystack, and where its `@` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailSpan {
    pub start: usize,
    pub end: usize,
    at: usize,
    at_len: usize,
}

impl EmailSpan {
    /// The address as fingerprints see it: lower case, with an ASCII `@` (mailbox names are
    /// case-insensitive at every provider people use, and `＠` is a typing habit, not another
    /// address).
    pub fn normalized(&self, hay: &[u8]) -> String {
        let mut s = String::with_capacity(self.end - self.start);
        s.push_str(&String::from_utf8_lossy(&hay[self.start..self.at]));
        s.push('@');
        s.push_str(&String::from_utf8_lossy(&hay[self.at + self.at_len..self.end]));
        s.make_ascii_lowercase();
        s
    }
}

/// The width of an at sign at `i`: `@`, or the full-width `＠` (EF BC A0).
pub fn at_sign(hay: &[u8], i: usize) -> Option<usize> {
    match hay.get(i..) {
        Some([b'@', ..]) => Some(1),
        Some([0xEF, 0xBC, 0xA0, ..]) => Some(3),
        _ => None,
    }
}

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// Image and code-file suffixes that follow an `@` in file names (`logo@2x.png`) and package
/// specifiers, never real top-level domains in addresses we report.
const FILE_EXTENSIONS: &[&str] =
    &["png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "js", "css", "map", "json", "txt", "log", "ts", "md"];

/// Checks for an email address around the at sign at `at`, `at_len` bytes long (see [`at_sign`]).
pub fn at(hay: &[u8], at: usize, at_len: usize, enc: Encoding) -> Result<EmailSpan, EmailReject> {
    // Local part: at most 64 characters; a longer run is not an address we trust. In GBK or Big5 a
    // letter can be the second half of a Chinese character (碼 = B4 61) and ends the local part.
    let mut start = at;
    while start > 0 && at - start <= 64 && is_local(hay[start - 1]) && !enc.is_trail_byte(hay, start - 1) {
        start -= 1;
    }
    // Leading punctuation is prose ("...zhang@x.cn", "联系人-----wang@qq.com"), not the address.
    while start < at && matches!(hay[start], b'.' | b'-' | b'_' | b'+' | b'%') {
        start += 1;
    }
    let local = &hay[start..at];
    if local.is_empty() {
        return Err(EmailReject::NoLocalPart);
    }
    if local.len() > 64 || local.ends_with(b".") || local.windows(2).any(|w| w == b"..") {
        return Err(EmailReject::LocalPart);
    }
    let domain_start = at + at_len;
    let mut end = domain_start;
    while end < hay.len() && end - domain_start < 254 && is_domain(hay[end]) {
        end += 1;
    }
    // "wang@qq.com2024年入职": digits glued to the top-level domain belong to the prose.
    if let Some(dot) = hay[domain_start..end].iter().rposition(|&b| b == b'.') {
        let tld = domain_start + dot + 1;
        let letters = hay[tld..end].iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if letters >= 2 && hay[tld + letters..end].iter().all(u8::is_ascii_digit) {
            end = tld + letters;
        }
    }
    // Sentence punctuation after an address: "写信到 a@b.cn." — the final dot is not part of it.
    while end > domain_start && matches!(hay[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &hay[domain_start..end];
    if domain.is_empty() || domain.len() > 253 {
        return Err(EmailReject::Domain);
    }
    let mut labels = 0;
    let mut last: &[u8] = &[];
    for label in domain.split(|&b| b == b'.') {
        if label.is_empty() || label.len() > 63 || label[0] == b'-' || label[label.len() - 1] == b'-' {
            return Err(EmailReject::Domain);
        }
        labels += 1;
        last = label;
    }
    if labels < 2 || last.len() < 2 || !last.iter().all(u8::is_ascii_alphabetic) {
        return Err(EmailReject::Domain);
    }
    if FILE_EXTENSIONS.iter().any(|e| e.as_bytes().eq_ignore_ascii_case(last)) {
        return Err(EmailReject::FileExtension);
    }
    Ok(EmailSpan { start, end, at, at_len })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Result<&str, EmailReject> {
        let at_pos = s.find(['@', '＠']).unwrap();
        let len = at_sign(s.as_bytes(), at_pos).unwrap();
        at(s.as_bytes(), at_pos, len, Encoding::Utf8).map(|e| &s[e.start..e.end])
    }

    #[test]
    fn finds_addresses_glued_to_chinese_and_punctuation() {
        assert_eq!(find("邮箱wang.fang@example.cn，谢谢"), Ok("wang.fang@example.cn"));
        assert_eq!(find("请发送至zhang_san+hr@corp.com.cn。"), Ok("zhang_san+hr@corp.com.cn"));
        assert_eq!(find("<13812345678@163.com>"), Ok("13812345678@163.com"));
        assert_eq!(find("mailto:li-na@mail.pku.edu.cn."), Ok("li-na@mail.pku.edu.cn"));
        assert_eq!(find("见...dot@example.com"), Ok("dot@example.com"));
        assert_eq!(find("联系人-----wang@qq.com"), Ok("wang@qq.com"));
        assert_eq!(find("wang@qq.com2024年入职"), Ok("wang@qq.com"));
        assert_eq!(find("邮箱：wang＠example.cn"), Ok("wang＠example.cn"));
        assert_eq!(find("\"email\":\"ChenJie1990@QQ.COM\""), Ok("ChenJie1990@QQ.COM"));
    }

    #[test]
    fn rejects_what_only_looks_like_an_address() {
        assert_eq!(find("icon@2x.png"), Err(EmailReject::FileExtension));
        assert_eq!(find("user@localhost"), Err(EmailReject::Domain));
        assert_eq!(find("lodash@4.17.21"), Err(EmailReject::Domain));
        assert_eq!(find("关注 @张三"), Err(EmailReject::NoLocalPart));
        assert_eq!(find("a@b.c"), Err(EmailReject::Domain));
        assert_eq!(find("x@-bad.com"), Err(EmailReject::Domain));
        assert_eq!(find("name.@example.com"), Err(EmailReject::LocalPart));
        assert_eq!(find(&format!("{}@example.com", "a".repeat(65))), Err(EmailReject::LocalPart));
        assert_eq!(find("a..b@example.com"), Err(EmailReject::LocalPart));
    }
}

#[test]
fn normalized_form_is_lower_case_with_an_ascii_at_sign() {
    let h = "邮箱：Wang.Fang＠Example.CN".as_bytes();
    let i = "邮箱：Wang.Fang".len();
    assert_eq!(at(h, i, at_sign(h, i).unwrap(), Encoding::Utf8).unwrap().normalized(h), "wang.fang@example.cn");
}

#[test]
fn in_gbk_the_local_part_stops_at_a_chinese_character() {
    // GBK 號碼 (CC 96 B4 61) then wang@qq.com: the 'a' of 碼 is not part of the address.
    let h = b"\xcc\x96\xb4\x61wang@qq.com";
    let e = at(h, 8, 1, Encoding::DoubleByte).unwrap();
    assert_eq!(&h[e.start..e.end], b"wang@qq.com");
    // GBK 邮箱 (D3 CA CF E4) then the address: E4 ends a character, so the letters are ASCII.
    let h = b"\xd3\xca\xcf\xe413795879499@sina.com";
    let e = at(h, 15, 1, Encoding::DoubleByte).unwrap();
    assert_eq!(&h[e.start..e.end], b"13795879499@sina.com");
    let h = b"\xd3\xca\xcf\xe4wang@sina.com";
    let e = at(h, 8, 1, Encoding::DoubleByte).unwrap();
    assert_eq!(&h[e.start..e.end], b"wang@sina.com");
}
