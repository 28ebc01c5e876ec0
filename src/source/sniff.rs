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
    match std::str::from_utf8(head) {
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

/// UTF-16 without a BOM. Text that holds what we look for has ASCII in it (digits, `@`), and in
/// UTF-16 every ASCII character is a code unit with a NUL in one half and a printable byte in the
/// other; CJK characters have no NUL. So: code units with a NUL half, in one parity only, at least one
/// in ten (a mostly Chinese text with a few numbers), and their other half printable. Binary formats
/// have NULs in both parities, or beside non-text bytes (the big-endian offsets of an `ar` index).
fn looks_like_bomless_utf16(head: &[u8]) -> bool {
    let units = head.len() / 2;
    if units < 16 {
        return false;
    }
    let text = |b: u8| matches!(b, b'\t' | b'\n' | b'\r' | 0x20..=0x7E);
    // (NUL in the low byte with text in the high byte, the reverse) for little and big endian.
    let (mut le, mut be, mut le_text, mut be_text) = (0, 0, 0, 0);
    for u in head.chunks_exact(2) {
        if u[1] == 0 && u[0] != 0 {
            le += 1;
            le_text += usize::from(text(u[0]));
        }
        if u[0] == 0 && u[1] != 0 {
            be += 1;
            be_text += usize::from(text(u[1]));
        }
    }
    let (enough, stray) = (units / 10, units / 200);
    let mostly_text = |n: usize, t: usize| t * 10 >= n * 9;
    (le >= enough && be <= stray && mostly_text(le, le_text))
        || (be >= enough && le <= stray && mostly_text(be, be_text))
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
    }

    #[test]
    fn utf8_or_double_byte() {
        assert_eq!(encoding("手机13812345678".as_bytes()), Encoding::Utf8);
        assert_eq!(encoding(&"手机13812345678".as_bytes()[..4]), Encoding::Utf8, "cut mid-character");
        assert_eq!(encoding(b"\xca\xd6\xbb\xfa13812345678"), Encoding::DoubleByte);
        // GBK 手机
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
