//! Recognising, from a file's first bytes, content that reading it as bytes would *not* scan.
//!
//! The detectors read text whose digits and `@` are single ASCII bytes: UTF-8, ASCII, GBK/GB18030
//! digits, and the text inside uncompressed binary files (SQLite pages, executables). They find
//! nothing in compressed containers (zip, and so docx/xlsx/pptx; gzip, bzip2, xz, 7z, rar), in PDF
//! streams, in legacy OLE2 Office files, or in UTF-16/32 text, where every digit is followed by a NUL.
//! Scanning those as bytes would report "nothing found" for a file never really looked at, so they are
//! recorded as not scanned, with the format, until decoding for them exists (the encodings and
//! containers work on the roadmap).

/// Bytes the sniffer looks at.
pub const HEAD: usize = 512;

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

/// ASCII-heavy UTF-16 without a BOM: NULs in nearly every other byte, in one parity only. Binary
/// formats have NULs too, but not with that regularity over the whole head.
fn looks_like_bomless_utf16(head: &[u8]) -> bool {
    if head.len() < 16 {
        return false;
    }
    let pairs = head.len() / 2;
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let (many, few) = (pairs * 7 / 10, pairs / 20);
    (odd >= many && even <= few) || (even >= many && odd <= few)
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
    }

    #[test]
    fn text_and_plain_binary_are_scanned() {
        assert_eq!(unsupported("员工王芳，手机13812345678".as_bytes()), None);
        assert_eq!(unsupported(b"\xef\xbb\xbfname,mobile\n"), None); // UTF-8 BOM
        assert_eq!(unsupported(b"SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20"), None);
        assert_eq!(unsupported(b""), None);
        let elf = [0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0];
        assert_eq!(unsupported(&elf), None);
    }
}
