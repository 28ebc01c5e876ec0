//! Recognising, from a file's first bytes, content that reading it as bytes would *not* scan.
//!
//! The detectors read text whose digits and `@` are single ASCII bytes: UTF-8, ASCII, GBK/GB18030
//! digits, and the text inside uncompressed binary files (SQLite pages, executables). They find
//! nothing in compressed containers (zip, and so docx/xlsx/pptx; gzip, bzip2, xz, 7z, rar), in PDF
//! streams, in legacy OLE2 Office files, or in UTF-16/32 text, where every digit is followed by a NUL.
//! Scanning those as bytes would report "nothing found" for a file never really looked at, so they are
//! recorded as not scanned, with the format, until decoding for them exists (the encodings and
//! containers work on the roadmap).

use crate::detect::Encoding;

/// How to read the text: UTF-8 if the head is valid UTF-8 (a character cut off by the end of the
/// head does not count against it), otherwise a double-byte Chinese encoding (GBK, GB18030, Big5),
/// whose digits and `@` are the same single bytes. Decoding proper comes with the encodings work;
/// this is what value boundaries need.
pub fn encoding(head: &[u8]) -> Encoding {
    // simdutf8: std's validation of Chinese text was 4-7% of a scan of many small files.
    match simdutf8::compat::from_utf8(head) {
        Err(e) if e.error_len().is_some() => Encoding::DoubleByte,
        _ => Encoding::Utf8,
    }
}

/// Bytes the sniffer looks at.
pub const HEAD: usize = 4096;

/// The format of `head` (a file's first bytes) if it is one we cannot scan yet.
pub fn unsupported(head: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"PK\x03\x04", "zip archive or Office document (docx/xlsx/pptx)"),
        (b"PK\x05\x06", "zip archive (empty)"),
        (b"\x1f\x8b", "gzip-compressed file"),
        (b"BZh", "bzip2-compressed file"),
        (b"\xfd7zXZ\x00", "xz-compressed file"),
        (b"7z\xbc\xaf\x27\x1c", "7z archive"),
        (b"Rar!\x1a\x07", "rar archive"),
        (b"\x28\xb5\x2f\xfd", "zstd-compressed file"),
        (b"\x04\x22\x4d\x18", "lz4-compressed file"),
        (b"LZIP", "lzip-compressed file"),
        (b"\x1f\x9d", "compress (.Z) file"),
        (b"%PDF-", "PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office document (OLE2: doc/xls/ppt)"),
        (b"\xff\xfe\x00\x00", "UTF-32 text"),
        (b"\x00\x00\xfe\xff", "UTF-32 text"),
        (b"\xff\xfe", "UTF-16 text"),
        (b"\xfe\xff", "UTF-16 text"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| head.starts_with(m)) {
        return Some(what);
    }
    looks_like_bomless_utf16(head).then_some("UTF-16 text (no byte-order mark)")
}

/// UTF-16 without a BOM, in either byte order, when read as 16-bit units:
/// * no unit is U+0000 (text never holds one; binary formats nearly always have aligned zero pairs
///   in their first kilobytes),
/// * at least 90% of units lie in the blocks text is written in (ASCII and Latin, punctuation, CJK
///   symbols, kana, CJK ideographs, Hangul, full-width forms; random bytes fit about 70%),
/// * and two ASCII characters in a row appear somewhere (a line break, a number, a word): that is
///   what puts NULs at every other byte, and what we look for. UTF-8 and GBK text have no NULs.
fn looks_like_bomless_utf16(head: &[u8]) -> bool {
    if head.len() < 8 || !head.contains(&0) {
        return false;
    }
    let units_le: Vec<u16> = head.chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).collect();
    let units_be: Vec<u16> = units_le.iter().map(|u| u.swap_bytes()).collect();
    [units_le, units_be].iter().any(|units| {
        let text_block = |u: u16| matches!(u >> 8, 0x00..=0x05 | 0x20..=0x9F | 0xAC..=0xD7 | 0xF9..=0xFA | 0xFE..=0xFF);
        let ascii = |u: u16| matches!(u, 0x09 | 0x0A | 0x0D | 0x20..=0x7E);
        !units.contains(&0)
            && units.iter().filter(|&&u| text_block(u)).count() * 10 >= units.len() * 9
            && units.windows(2).any(|w| ascii(w[0]) && ascii(w[1]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    #[test]
    fn containers_and_wide_text_are_recognised() {
        assert!(unsupported(b"PK\x03\x04\x14\x00\x06\x00").unwrap().contains("zip"));
        assert!(unsupported(b"%PDF-1.7\n").unwrap().contains("PDF"));
        assert!(unsupported(b"\x1f\x8b\x08\x00").unwrap().contains("gzip"));
        assert_eq!(unsupported(b"\xff\xfe1\x003\x008\x00"), Some("UTF-16 text"));
        let bomless = utf16le("name,mobile\r\nWang Fang,13812345678\r\n");
        assert_eq!(unsupported(&bomless), Some("UTF-16 text (no byte-order mark)"));
        // Mostly Chinese, a few digits: few NULs, but all in one parity.
        let chinese = utf16le("员工王芳的手机号码是13812345678，身份证号码是11010519491231002X，住在深圳市南山区。");
        assert_eq!(unsupported(&chinese), Some("UTF-16 text (no byte-order mark)"));
        let be: Vec<u8> = "员工王芳的手机号码是13812345678，身份证号码是11010519491231002X。"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(unsupported(&be), Some("UTF-16 text (no byte-order mark)"));
        assert!(unsupported(b"\x28\xb5\x2f\xfd\x00").unwrap().contains("zstd"));
        // Common characters with a zero byte (一 U+4E00, 开 U+5F00) in a mostly Chinese note, and a
        // file too small for statistics.
        let note =
            "关于员工王芳的情况说明：王芳于二零一九年三月加入公司，联系电话是13812345678，请于下周一前完成审核。\r\n"
                .repeat(12);
        assert_eq!(unsupported(&utf16le(&note)), Some("UTF-16 text (no byte-order mark)"));
        assert_eq!(unsupported(&utf16le("138 1234 5678")), Some("UTF-16 text (no byte-order mark)"));
    }

    #[test]
    fn utf8_or_double_byte() {
        assert_eq!(encoding("手机13812345678".as_bytes()), Encoding::Utf8);
        assert_eq!(encoding(&"手机13812345678".as_bytes()[..4]), Encoding::Utf8, "cut mid-character");
        assert_eq!(encoding(b"\xca\xd6\xbb\xfa13812345678"), Encoding::DoubleByte);
        // GBK 手机
        // A whole head (the SIMD path): cut mid-character it is UTF-8, with one GBK pair it is not.
        let long = "员工手机13812345678，".repeat(200);
        let cut = &long.as_bytes()[..26 * 157 + 1]; // one byte into 员
        assert!(std::str::from_utf8(cut).is_err(), "the cut is inside a character");
        assert_eq!(encoding(cut), Encoding::Utf8);
        let mut gbk = cut.to_vec();
        gbk[2000..2004].copy_from_slice(b"\xca\xd6\xbb\xfa");
        assert_eq!(encoding(&gbk), Encoding::DoubleByte);
    }

    #[test]
    fn text_and_plain_binary_are_scanned() {
        assert_eq!(unsupported("员工王芳，手机13812345678".as_bytes()), None);
        assert_eq!(unsupported(b"\xef\xbb\xbfname,mobile\n"), None); // UTF-8 BOM
        assert_eq!(unsupported(b"SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20"), None);
        assert_eq!(unsupported(b""), None);
        // An `ar` archive's index: big-endian offsets put NULs in one parity, beside binary bytes.
        let mut ar = b"!<arch>\n/               0           0     0     0       88350     `\n".to_vec();
        ar.extend([0x00, 0x00, 0x11, 0xc2].iter().chain([0x00, 0x01, 0x7e, 0xd6].iter().cycle().take(400)));
        assert_eq!(unsupported(&ar), None);
        let elf = [0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0];
        assert_eq!(unsupported(&elf), None);
    }
}
