//! Chinese characters in UTF-8 bytes, and the tables of them that names and addresses are read with:
//! surnames, given-name characters, trap words and the place gazetteer (all from `patterns/`).
//!
//! Names and addresses are runs of CJK ideographs (U+4E00..U+9FFF, three bytes each in UTF-8).
//! Nothing here segments text: a detector asks what stands at one position.

use super::tables::rows;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

const SURNAMES_TSV: &str = include_str!("../../patterns/surnames.tsv");
const GIVEN_TXT: &str = include_str!("../../patterns/given-name-chars.txt");
const TRAPS_TSV: &str = include_str!("../../patterns/name-traps.tsv");
const PLACES_TSV: &str = include_str!("../../patterns/places.tsv");

/// The ideograph whose UTF-8 encoding starts at `i`, if one does.
#[inline]
pub(crate) fn at(hay: &[u8], i: usize) -> Option<char> {
    let b = hay.get(i..i + 3)?;
    if !(0xE4..=0xE9).contains(&b[0]) || b[1] & 0xC0 != 0x80 || b[2] & 0xC0 != 0x80 {
        return None;
    }
    let c = (u32::from(b[0] & 0x0F) << 12) | (u32::from(b[1] & 0x3F) << 6) | u32::from(b[2] & 0x3F);
    (0x4E00..=0x9FFF).contains(&c).then(|| char::from_u32(c).expect("a scalar value"))
}

/// The ideograph that ends right before `i`.
#[inline]
pub(crate) fn before(hay: &[u8], i: usize) -> Option<char> {
    i.checked_sub(3).and_then(|j| at(hay, j))
}

/// Up to `max` (at most [`Run::CAP`]) consecutive ideographs starting at `i`.
pub(crate) fn run(hay: &[u8], i: usize, max: usize) -> Run {
    let mut r = Run { chars: ['\0'; Run::CAP], len: 0 };
    while r.len < max.min(Run::CAP) {
        match at(hay, i + 3 * r.len) {
            Some(c) => {
                r.chars[r.len] = c;
                r.len += 1;
            }
            None => break,
        }
    }
    r
}

/// A short run of ideographs, kept inline: names and addresses are read at every anchor, and a
/// heap allocation each would cost more than the reading.
#[derive(Clone, Copy)]
pub(crate) struct Run {
    chars: [char; Run::CAP],
    len: usize,
}

impl Run {
    pub const CAP: usize = 16;

    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }
}

impl std::ops::Deref for Run {
    type Target = [char];
    fn deref(&self) -> &[char] {
        &self.chars[..self.len]
    }
}

/// Whether `chars` begin with `word`.
pub(crate) fn starts_with(chars: &[char], word: &str) -> bool {
    let mut it = chars.iter();
    word.chars().all(|w| it.next() == Some(&w))
}

/// A set of ideographs as a bitset over U+4E00..U+9FFF.
pub(crate) struct HanSet(Vec<u64>);

impl HanSet {
    fn new() -> HanSet {
        HanSet(vec![0; (0x9FFF - 0x4E00) / 64 + 1])
    }
    fn insert(&mut self, c: char) {
        if let Some(k) = (c as usize).checked_sub(0x4E00).filter(|&k| k <= 0x9FFF - 0x4E00) {
            self.0[k / 64] |= 1 << (k % 64);
        }
    }
    /// The set of the first characters of `words`.
    pub(crate) fn first_chars<'a>(words: impl IntoIterator<Item = &'a str>) -> HanSet {
        let mut set = HanSet::new();
        words.into_iter().filter_map(|w| w.chars().next()).for_each(|c| set.insert(c));
        set
    }
    pub(crate) fn contains(&self, c: char) -> bool {
        (c as usize).checked_sub(0x4E00).is_some_and(|k| k <= 0x9FFF - 0x4E00 && self.0[k / 64] & (1 << (k % 64)) != 0)
    }
}

/// Level of a place in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province,
    City,
    County,
    Town,
}

/// The weight (patterns/surnames.tsv) from which a surname counts as common: 381 of 1,074 surnames.
const COMMON_WEIGHT: f32 = 10.0;

pub struct Tables {
    surnames: HanSet,
    /// Surnames of weight [`COMMON_WEIGHT`] or more: what a name without a label must start with.
    /// The table's long tail (是, 好, 问 … weight 5) would make every word a name.
    common: HanSet,
    compound: FxHashSet<[char; 2]>,
    /// First characters of compound surnames: most characters start none, and skip the hash.
    compound_first: HanSet,
    given: HanSet,
    /// Trap words by their first character.
    traps: FxHashMap<char, Vec<(&'static str, &'static str)>>,
    /// Every place name and every beginning of one (of two characters or more): the level for a
    /// place, `None` for a beginning only. A lookup stops at the first beginning no place has, so a
    /// position costs two or three probes, not one per length up to the longest place.
    places: FxHashMap<Box<[char]>, Option<Level>>,
    /// First characters of places: most positions start none.
    place_first: HanSet,
}

impl Tables {
    pub fn get() -> &'static Tables {
        static T: OnceLock<Tables> = OnceLock::new();
        T.get_or_init(|| {
            let (mut surnames, mut common, mut compound) = (HanSet::new(), HanSet::new(), FxHashSet::default());
            for r in rows(SURNAMES_TSV) {
                let weight: f32 = r[1].parse().expect("patterns/surnames.tsv: a weight");
                match r[0].chars().collect::<Vec<_>>()[..] {
                    [c] => {
                        surnames.insert(c);
                        if weight >= COMMON_WEIGHT {
                            common.insert(c);
                        }
                    }
                    [a, b] => {
                        compound.insert([a, b]);
                    }
                    _ => {}
                }
            }
            let mut given = HanSet::new();
            GIVEN_TXT.lines().filter(|l| !l.starts_with('#')).flat_map(str::chars).for_each(|c| given.insert(c));
            let mut traps: FxHashMap<char, Vec<_>> = FxHashMap::default();
            for r in rows(TRAPS_TSV) {
                traps.entry(r[0].chars().next().expect("a trap word")).or_default().push((r[0], r[1]));
            }
            // Sized up front (a place and its prefixes, about three keys a row): growing the map
            // rehashed it a dozen times, a visible share of start-up.
            let mut places: FxHashMap<Box<[char]>, Option<Level>> =
                FxHashMap::with_capacity_and_hasher(rows(PLACES_TSV).count() * 3, Default::default());
            let mut place_first = HanSet::new();
            for r in rows(PLACES_TSV) {
                let level = match r[1] {
                    "P" => Level::Province,
                    "C" => Level::City,
                    "D" => Level::County,
                    _ => Level::Town,
                };
                let chars: Vec<char> = r[0].chars().collect();
                place_first.insert(chars[0]);
                for k in 2..chars.len() {
                    places.entry(chars[..k].into()).or_insert(None);
                }
                places.insert(chars.into(), Some(level));
            }
            let mut compound_first = HanSet::new();
            compound.iter().for_each(|&[a, _]| compound_first.insert(a));
            Tables { surnames, common, compound_first, compound, given, traps, places, place_first }
        })
    }

    pub fn is_surname(&self, c: char) -> bool {
        self.surnames.contains(c)
    }

    pub fn is_common_surname(&self, c: char) -> bool {
        self.common.contains(c)
    }

    pub fn is_compound_surname(&self, a: char, b: char) -> bool {
        self.compound_first.contains(a) && self.compound.contains(&[a, b])
    }

    pub fn is_given(&self, c: char) -> bool {
        self.given.contains(c)
    }

    /// The trap word that `chars` begins with, and why it is one.
    pub fn trap(&self, chars: &[char]) -> Option<(&'static str, &'static str)> {
        let first = *chars.first()?;
        self.traps.get(&first)?.iter().copied().find(|(w, _)| starts_with(chars, w))
    }

    /// The longest place name that `chars` begins with: its length in characters and level.
    pub fn place(&self, chars: &[char]) -> Option<(usize, Level)> {
        if !chars.first().is_some_and(|&c| self.place_first.contains(c)) {
            return None;
        }
        let mut best = None;
        for k in 2..=chars.len() {
            match self.places.get(&chars[..k]) {
                Some(&Some(l)) => best = Some((k, l)),
                Some(None) => {}
                None => break,
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideographs_are_read_from_utf8_bytes() {
        let s = "a张伟，".as_bytes();
        assert_eq!(at(s, 1), Some('张'));
        assert_eq!(at(s, 4), Some('伟'));
        assert_eq!(at(s, 7), None, "full-width comma is not an ideograph");
        assert_eq!(at(s, 2), None, "not a character start");
        assert_eq!(before(s, 7), Some('伟'));
        assert_eq!(*run(s, 1, 5), ['张', '伟']);
    }

    #[test]
    fn tables_hold_what_names_and_addresses_need() {
        let t = Tables::get();
        assert!(t.is_surname('王') && t.is_surname('欧') && !t.is_surname('的'));
        assert!(t.is_surname('是') && !t.is_common_surname('是') && t.is_common_surname('王'));
        assert!(t.is_compound_surname('欧', '阳') && !t.is_compound_surname('王', '芳'));
        assert!(t.is_given('芳') && !t.is_given('的') && !t.is_given('是'));
        let chars: Vec<char> = "周一开会".chars().collect();
        assert_eq!(t.trap(&chars).map(|t| t.0), Some("周一"));
        let chars: Vec<char> = "周伟".chars().collect();
        assert_eq!(t.trap(&chars), None);
        let chars: Vec<char> = "广东省深圳市".chars().collect();
        assert_eq!(t.place(&chars), Some((3, Level::Province)));
        let chars: Vec<char> = "张家口市".chars().collect();
        assert_eq!(t.place(&chars), Some((4, Level::City)));
        let chars: Vec<char> = "南山区".chars().collect();
        assert_eq!(t.place(&chars), Some((3, Level::County)));
    }
}
