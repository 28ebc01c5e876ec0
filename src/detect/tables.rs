//! Lookup tables compiled into the binary from the generated files under `patterns/`.
//!
//! The files are produced by `patterns/generate.py` from the shared reference data and name their
//! source in a `#` header; here they are parsed once into compact, immutable structures.

use std::sync::OnceLock;

const REGIONS_TSV: &str = include_str!("../../patterns/regions.tsv");
const MOBILE_PREFIXES_TSV: &str = include_str!("../../patterns/mobile-prefixes.tsv");
const AREA_CODES_TSV: &str = include_str!("../../patterns/area-codes.tsv");
const BANK_BINS_TSV: &str = include_str!("../../patterns/bank-bins.tsv");
const NATIONALITY_TSV: &str = include_str!("../../patterns/nationality-codes.tsv");

/// Data rows of a generated table: `#` comments and the column header are skipped. (Split by a
/// set of chars: a lone `char` pattern searches with a `memcmp` per hit, a tenth of start-up on the
/// places.)
pub(super) fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).skip(1).map(|l| l.split(['\t']).collect())
}

/// Every GB/T 2260 division code in use at any time 1981-2024, as a bitset over 0..1_000_000.
/// Membership is one shift and mask: this runs for every 18-digit candidate.
pub struct RegionTable {
    bits: Vec<u64>,
    len: usize,
}

impl RegionTable {
    pub fn get() -> &'static RegionTable {
        static T: OnceLock<RegionTable> = OnceLock::new();
        T.get_or_init(|| {
            let mut bits = vec![0u64; 1_000_000 / 64 + 1];
            let mut len = 0;
            for r in rows(REGIONS_TSV) {
                let code: usize = r[0].parse().expect("patterns/regions.tsv: bad code");
                bits[code / 64] |= 1 << (code % 64);
                len += 1;
            }
            RegionTable { bits, len }
        })
    }

    pub fn contains(&self, code: u32) -> bool {
        let c = code as usize;
        c < 1_000_000 && self.bits[c / 64] & (1 << (c % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Allocated mobile prefixes: 3-digit ones as a 1000-entry table, longer ones (1610, 17400-17405)
/// as a short list checked only when the 3-digit prefix is not allocated on its own.
pub struct MobilePrefixes {
    three: [bool; 1000],
    long: Vec<&'static str>,
}

impl MobilePrefixes {
    pub fn get() -> &'static MobilePrefixes {
        static T: OnceLock<MobilePrefixes> = OnceLock::new();
        T.get_or_init(|| {
            let mut three = [false; 1000];
            let mut long = Vec::new();
            for r in rows(MOBILE_PREFIXES_TSV) {
                let p = r[0];
                if p.len() == 3 {
                    three[p.parse::<usize>().expect("bad prefix")] = true;
                } else {
                    long.push(p);
                }
            }
            MobilePrefixes { three, long }
        })
    }

    /// `digits` is an 11-digit ASCII number.
    pub fn allocated(&self, digits: &[u8]) -> bool {
        let p3 =
            usize::from(digits[0] - b'0') * 100 + usize::from(digits[1] - b'0') * 10 + usize::from(digits[2] - b'0');
        self.three[p3] || self.long.iter().any(|p| digits.starts_with(p.as_bytes()))
    }
}

/// Landline area codes (without the leading 0) and how many digits their local numbers have.
pub struct AreaCodes {
    /// Indexed by the code's digits after the 0 (two or three of them): 0 = no such area, else a bit
    /// set of allowed local lengths (bit 7, bit 8).
    two: [u16; 100],
    three: [u16; 1000],
}

impl AreaCodes {
    pub fn get() -> &'static AreaCodes {
        static T: OnceLock<AreaCodes> = OnceLock::new();
        T.get_or_init(|| {
            let mut t = AreaCodes { two: [0; 100], three: [0; 1000] };
            for r in rows(AREA_CODES_TSV) {
                let code = r[0].strip_prefix('0').expect("area codes start with 0");
                let n: usize = code.parse().expect("patterns/area-codes.tsv: bad code");
                let lengths = r[1].split('-').map(|x| x.parse::<u32>().expect("bad length"));
                let (lo, hi) = (lengths.clone().min().unwrap(), lengths.max().unwrap());
                let bits = (lo..=hi).fold(0u16, |b, l| b | (1 << l));
                match code.len() {
                    2 => t.two[n] = bits,
                    3 => t.three[n] = bits,
                    _ => panic!("patterns/area-codes.tsv: code of {} digits", code.len()),
                }
            }
            t
        })
    }

    /// The local-number lengths an area code (ASCII digits, without its leading 0) takes, as a bit
    /// set (bit 7, bit 8); 0 if there is no such area.
    pub fn local_lengths(&self, code: &[u8]) -> u16 {
        match code.len() {
            2 => self.two[super::digits::num(code) as usize],
            3 => self.three[super::digits::num(code) as usize],
            _ => 0,
        }
    }
}

/// What a card's BIN says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bin {
    /// Digits of the BIN prefix that matched.
    pub len: u8,
    /// The card length the issuer uses with this BIN.
    pub card_len: u8,
    pub credit: bool,
}

/// Bank card BINs, looked up by the longest prefix whose card length matches.
pub struct BankBins {
    /// (prefix as number, prefix length) → card lengths, sorted for binary search.
    entries: Vec<(u64, u8, u8, bool)>,
    lens: Vec<u8>,
    /// The first six digits of every BIN of six or more, as a bitset: most numbers start with none,
    /// and then only the few shorter BINs need a look.
    six: Vec<u64>,
    /// The five-digit prefixes that some BIN of three to five digits covers, as a bitset: a number
    /// in neither set has no BIN, which is most order numbers that happen to pass Luhn.
    five: Vec<u64>,
}

impl BankBins {
    pub fn get() -> &'static BankBins {
        static T: OnceLock<BankBins> = OnceLock::new();
        T.get_or_init(|| {
            let mut entries: Vec<(u64, u8, u8, bool)> = rows(BANK_BINS_TSV)
                .map(|r| {
                    let bin: u64 = r[0].parse().expect("patterns/bank-bins.tsv: bad bin");
                    let card_len: u8 = r[1].parse().expect("patterns/bank-bins.tsv: bad length");
                    (bin, r[0].len() as u8, card_len, matches!(r[2], "CC" | "SCC"))
                })
                .collect();
            entries.sort_unstable();
            let mut lens: Vec<u8> = entries.iter().map(|e| e.1).collect();
            lens.sort_unstable_by(|a, b| b.cmp(a));
            lens.dedup();
            let mut six = vec![0u64; 1_000_000 / 64 + 1];
            for e in entries.iter().filter(|e| e.1 >= 6) {
                let p = (e.0 / 10u64.pow(u32::from(e.1) - 6)) as usize;
                six[p / 64] |= 1 << (p % 64);
            }
            let mut five = vec![0u64; 100_000 / 64 + 1];
            for e in entries.iter().filter(|e| e.1 < 6) {
                let span = 10usize.pow(5 - u32::from(e.1));
                for p in e.0 as usize * span..(e.0 as usize + 1) * span {
                    five[p / 64] |= 1 << (p % 64);
                }
            }
            BankBins { entries, lens, six, five }
        })
    }

    /// The longest BIN that prefixes `digits` (ASCII), preferring one issued at this card length.
    pub fn lookup(&self, digits: &[u8]) -> Option<Bin> {
        let p6 = digits.get(..6).map_or(0, |d| d.iter().fold(0usize, |n, &c| n * 10 + usize::from(c - b'0')));
        let any_long = self.six[p6 / 64] & (1 << (p6 % 64)) != 0;
        let p5 = p6 / 10;
        if !any_long && self.five[p5 / 64] & (1 << (p5 % 64)) == 0 {
            return None;
        }
        self.search(digits, any_long)
    }

    /// The lookup without the five-digit prefilter: every BIN length is searched (`any_long`: some
    /// BIN of six or more digits starts with these six).
    fn search(&self, digits: &[u8], any_long: bool) -> Option<Bin> {
        let mut other_length = None;
        for &len in self.lens.iter().filter(|&&l| l < 6 || any_long) {
            let Some(prefix) = digits.get(..usize::from(len)) else { continue };
            let p = prefix.iter().fold(0u64, |n, &c| n * 10 + u64::from(c - b'0'));
            let from = self.entries.partition_point(|e| (e.0, e.1) < (p, len));
            let mut same = self.entries[from..].iter().take_while(|e| e.0 == p && e.1 == len).peekable();
            let first = same.peek().copied();
            if let Some(e) = same.find(|e| usize::from(e.2) == digits.len()) {
                return Some(Bin { len, card_len: e.2, credit: e.3 });
            }
            if let (None, Some(e)) = (other_length, first) {
                other_length = Some(Bin { len, card_len: e.2, credit: e.3 });
            }
        }
        other_length
    }
}

/// ISO 3166-1 numeric country codes: the nationality digits of the foreigner permanent residence ID.
pub struct Nationalities {
    known: [bool; 1000],
}

impl Nationalities {
    pub fn get() -> &'static Nationalities {
        static T: OnceLock<Nationalities> = OnceLock::new();
        T.get_or_init(|| {
            let mut known = [false; 1000];
            for r in rows(NATIONALITY_TSV) {
                known[r[0].parse::<usize>().expect("patterns/nationality-codes.tsv: bad code")] = true;
            }
            Nationalities { known }
        })
    }

    pub fn contains(&self, code: u32) -> bool {
        (code as usize) < 1000 && self.known[code as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_table_keeps_retired_codes() {
        let t = RegionTable::get();
        assert!(t.len() > 6000);
        assert!(t.contains(110101)); // 东城区, in use
        assert!(t.contains(110103)); // 崇文区, retired 2010: still valid in old ID numbers
        assert!(t.contains(440305)); // 深圳市南山区
        assert!(!t.contains(999999));
        assert!(!t.contains(202311)); // what an order number that starts with a date looks like
    }

    #[test]
    fn area_codes_know_their_local_lengths() {
        let a = AreaCodes::get();
        assert_eq!(a.local_lengths(b"10"), 1 << 8); // 北京: 8 digits
        assert_eq!(a.local_lengths(b"755"), (1 << 7) | (1 << 8)); // 深圳
        assert_eq!(a.local_lengths(b"335"), (1 << 7) | (1 << 8)); // 秦皇岛, fixed up from "033"
        assert_eq!(a.local_lengths(b"33"), 0);
        assert_eq!(a.local_lengths(b"000"), 0);
        assert_eq!(a.local_lengths(b"200"), 0);
    }

    #[test]
    fn bank_bins_match_the_longest_prefix_at_the_card_length() {
        let b = BankBins::get();
        // The prefilter changes nothing: around every BIN (its own digits, and one off either
        // way), at every card length, the lookup agrees with a search of every BIN length.
        for e in &b.entries {
            for bin in [e.0.saturating_sub(1), e.0, e.0 + 1] {
                for len in 16..=19 {
                    let d = format!("{bin:0w$}{}", "7".repeat(19), w = usize::from(e.1));
                    let d = &d.as_bytes()[..len];
                    assert_eq!(b.lookup(d), b.search(d, true), "{}", String::from_utf8_lossy(d));
                }
            }
        }
        assert_eq!(b.lookup(b"6222020200012345670").map(|b| b.len), Some(6)); // ICBC debit, 19 digits
        assert!(b.lookup(b"4003601234567893").is_some_and(|b| b.credit)); // CITIC credit, 16 digits
        assert_eq!(b.lookup(b"622202020001234567").map(|b| b.card_len), Some(19), "ICBC's BIN at another length");
        assert_eq!(b.lookup(b"1234567890123456"), None);
        let n = Nationalities::get();
        assert!(n.contains(840) && n.contains(156) && n.contains(4));
        assert!(!n.contains(0) && !n.contains(999));
    }

    #[test]
    fn mobile_prefixes_follow_the_allocation() {
        let m = MobilePrefixes::get();
        for ok in ["13812345678", "14512345678", "16612345678", "19912345678", "16101234567", "17400123456"] {
            assert!(m.allocated(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "12345678901",
            "14012345678",
            "15412345678",
            "16012345678",
            "17412345678",
            "17406123456",
            "19412345678",
            "11012345678",
        ] {
            assert!(!m.allocated(bad.as_bytes()), "{bad}");
        }
    }
}
