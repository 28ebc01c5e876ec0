//! The data map: where personal information lives, per file and per directory, by category.
//!
//! For every location it counts findings and *distinct values* per category — distinct by
//! fingerprint, so the map answers "how many values, how many people" without holding a single raw
//! value. A scan's workers count each file's findings as they make them ([`Location::count`]) and
//! whoever writes the file adds the counts; [`DataMap::merge`] is a commutative union, so maps
//! built in parts (by threads, later by shards) merge into the same map in any order.
//! A [`RollupBuilder`] derives directories and totals from the files, one at a time in path order
//! ([`DataMap::rollup`]) or, during a scan, in the walk's order as files are written: a directory
//! counts everything beneath it, up to and including the root the user named; nothing above a root
//! is mapped.
//!
//! Distinct values are kept as sorted, deduplicated 64-bit prefixes of the fingerprints: a sort per
//! file and per directory is far cheaper than a hash-set insert per finding per directory level
//! (which cost a third of a scan's time in a profile). Two different values share a 64-bit prefix
//! with probability ~n²/2⁶⁵: for a share with a billion distinct values, a few percent chance that
//! one distinct count is one too low.

use crate::finding::{Category, Finding};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Counts for one category at one location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub findings: u64,
    /// Sorted and deduplicated once the location is complete.
    distinct: Vec<u64>,
}

impl Tally {
    pub fn distinct(&self) -> u64 {
        self.distinct.len() as u64
    }

    fn absorb(&mut self, other: &Tally) {
        self.findings += other.findings;
        self.distinct.extend_from_slice(&other.distinct);
    }

    fn settle(&mut self) {
        // Stable sort: it finds the sorted runs that absorbed locations bring and merges them.
        self.distinct.sort();
        self.distinct.dedup();
    }
}

/// Counts per category at one location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub categories: BTreeMap<Category, Tally>,
    /// Organisation identifiers (Unified Social Credit Codes) seen here: not personal information,
    /// counted so that a reviewer sees they were recognised rather than missed.
    pub org_ids: u64,
    /// Dates of birth that ID numbers found here carry (the date inside a resident ID): a record with
    /// an ID holds its holder's birth date whether or not a date is written beside it. Findings: the
    /// ID numbers that carry one; distinct: distinct ID numbers (people, not dates).
    pub implied_birth: Tally,
}

impl Location {
    pub fn findings(&self) -> u64 {
        self.categories.values().map(|t| t.findings).sum()
    }

    /// One file's counts, or `None` if it holds nothing to map (as a scan's workers make them with
    /// [`Self::count`]; whoever writes the file adds them to the map and the rollup).
    pub fn of_file(findings: &[Finding], org_ids: u64) -> Option<Location> {
        let mut loc = Location::default();
        findings.iter().for_each(|f| loc.count(f));
        loc.org_ids = org_ids;
        loc.finish_file()
    }

    /// Counts one finding of a file being scanned, when it is made: a scan may write a file's
    /// findings before the file is finished, and does not keep them (see `scan`). Finished by
    /// [`Self::finish_file`].
    pub fn count(&mut self, f: &Finding) {
        let t = self.categories.entry(f.category).or_default();
        let prefix = u64::from_le_bytes(f.fingerprint.0[..8].try_into().unwrap());
        t.findings += 1;
        t.distinct.push(prefix);
        if f.holder.is_some() {
            self.implied_birth.findings += 1;
            self.implied_birth.distinct.push(prefix);
        }
    }

    /// Adds the counts of a part of the file (one of its segments, or the part a thread read).
    pub fn count_part(&mut self, part: &Location) {
        self.absorb(part);
    }

    /// The file's counts made by [`Self::count`] and [`Self::count_part`], as [`Self::of_file`]
    /// would make them.
    pub fn finish_file(mut self) -> Option<Location> {
        if self.categories.is_empty() && self.org_ids == 0 {
            return None;
        }
        self.settle();
        Some(self)
    }

    fn absorb(&mut self, other: &Location) {
        self.org_ids += other.org_ids;
        self.implied_birth.absorb(&other.implied_birth);
        for (c, t) in &other.categories {
            self.categories.entry(*c).or_default().absorb(t);
        }
    }

    fn settle(&mut self) {
        self.categories.values_mut().for_each(Tally::settle);
        self.implied_birth.settle();
    }
}

/// One file's counts and the root it was found under (directories roll up to that root).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCounts {
    /// Shared by every file of the root.
    pub root: Arc<str>,
    pub counts: Location,
}

/// Files with findings. Paths are shared with the findings of the file (no copy per file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataMap {
    pub files: BTreeMap<Arc<str>, FileCounts>,
}

/// Directories and totals, derived from a `DataMap`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rollup {
    pub dirs: BTreeMap<String, Location>,
    pub total: Location,
}

impl DataMap {
    /// Adds one file's findings. `root` is the root it was found under, as displayed.
    pub fn add_file(&mut self, root: &Arc<str>, path: &Arc<str>, findings: &[Finding], org_ids: u64) {
        if let Some(counts) = Location::of_file(findings, org_ids) {
            self.add_counts(root, path, counts);
        }
    }

    /// Adds one file's counts, made by [`Location::of_file`] or [`Location::finish_file`].
    pub fn add_counts(&mut self, root: &Arc<str>, path: &Arc<str>, counts: Location) {
        self.merge_file(path.clone(), FileCounts { root: root.clone(), counts });
    }

    fn merge_file(&mut self, path: Arc<str>, file: FileCounts) {
        match self.files.entry(path) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(file);
            }
            // The same path added twice (a caller's; a scan's roots never overlap): its findings
            // count twice, its values once.
            std::collections::btree_map::Entry::Occupied(mut o) => {
                let counts = &mut o.get_mut().counts;
                counts.absorb(&file.counts);
                counts.settle();
            }
        }
    }

    pub fn merge(&mut self, other: DataMap) {
        for (p, f) in other.files {
            self.merge_file(p, f);
        }
    }

    /// Directories (each up to its file's root) and totals, from the files in path order.
    pub fn rollup(&self) -> Rollup {
        let mut b = RollupBuilder::default();
        for (path, file) in &self.files {
            b.add(&file.root, path, &file.counts);
        }
        b.finish()
    }
}

/// Builds a [`Rollup`] from files added one at a time: the data map's path order, or the walk's
/// depth-first order (so that a scan rolls up as it writes, not after it).
///
/// A stack of open directories, each inside the one below it: a directory is closed when the first
/// file outside it arrives; it is then settled and absorbed whole into its parent. Any order gives
/// the same rollup (a directory opened again is merged with what it held before), but in an order
/// where everything under a directory comes together, as in both of those, each opens once. A file is
/// absorbed once, into its own directory, instead of into every ancestor (which, with a string per
/// ancestor per file, made the rollup a tenth of a scan of many small files).
#[derive(Debug, Default)]
pub struct RollupBuilder {
    open: Vec<(PathBuf, Location)>,
    /// The root of the open directories.
    root: Option<Arc<str>>,
    r: Rollup,
}

impl RollupBuilder {
    /// Adds a file's counts; `root` is the root it was found under, as displayed.
    pub fn add(&mut self, root: &Arc<str>, path: &str, counts: &Location) {
        // Directories of one root only: a directory is never absorbed into one above its root.
        if self.root.as_ref().is_none_or(|r| !Arc::ptr_eq(r, root) && r != root) {
            self.close_all();
            self.root = Some(root.clone());
        }
        let path = Path::new(path);
        // Most files are in the directory of the file before: then nothing closes or opens.
        let parent = path.parent().map(Path::as_os_str);
        if parent.is_none() || self.open.last().map(|(dir, _)| dir.as_os_str()) != parent {
            while self.open.last().is_some_and(|(dir, _)| !path.starts_with(dir)) {
                self.close();
            }
            // Open its directories below the innermost open one, outermost first.
            let root = Path::new(&**root);
            let innermost = self.open.last().map(|(dir, _)| dir.as_path());
            let new: Vec<&Path> = path
                .ancestors()
                .skip(1)
                .take_while(|dir| !dir.as_os_str().is_empty() && dir.starts_with(root) && Some(*dir) != innermost)
                .collect();
            self.open.extend(new.into_iter().rev().map(|dir| (dir.to_path_buf(), Location::default())));
        }
        match self.open.last_mut() {
            Some((_, dir)) => dir.absorb(counts),
            // A root that is a file: no directory holds it.
            None => self.r.total.absorb(counts),
        }
    }

    pub fn finish(mut self) -> Rollup {
        self.close_all();
        self.r.total.settle();
        self.r
    }

    /// Settles the innermost open directory and adds it to its parent, or to the totals if it is
    /// the outermost.
    fn close(&mut self) {
        let Some((dir, mut loc)) = self.open.pop() else { return };
        loc.settle();
        match self.open.last_mut() {
            Some((_, parent)) => parent.absorb(&loc),
            None => self.r.total.absorb(&loc),
        }
        let key = dir.to_string_lossy().into_owned();
        match self.r.dirs.entry(key) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(loc);
            }
            // Opened again: files of it came apart (roots whose paths interleave as strings, in
            // path order).
            std::collections::btree_map::Entry::Occupied(mut o) => {
                o.get_mut().absorb(&loc);
                o.get_mut().settle();
            }
        }
    }

    fn close_all(&mut self) {
        while !self.open.is_empty() {
            self.close();
        }
    }
}

/// The `n` locations with the most findings (ties broken by path, so the order is stable).
pub fn top<'a>(locations: impl Iterator<Item = (&'a str, &'a Location)>, n: usize) -> Vec<(&'a str, &'a Location)> {
    let mut v: Vec<_> = locations.collect();
    v.sort_by(|a, b| b.1.findings().cmp(&a.1.findings()).then_with(|| a.0.cmp(b.0)));
    v.truncate(n);
    v
}

/// Findings and distinct values per category at a location, as JSON.
pub fn tallies(l: &Location) -> BTreeMap<&'static str, TallyJson> {
    l.categories.iter().map(|(c, t)| (c.id(), TallyJson { findings: t.findings, distinct: t.distinct() })).collect()
}

/// What the findings at a location imply without being written there: `birth_date` from ID
/// numbers (see [`Location::implied_birth`]). Empty where nothing is implied.
pub fn implied(l: &Location) -> BTreeMap<&'static str, TallyJson> {
    let t = &l.implied_birth;
    (t.findings > 0)
        .then(|| (Category::BirthDate.id(), TallyJson { findings: t.findings, distinct: t.distinct() }))
        .into_iter()
        .collect()
}

/// Facts about the run that the map carries so it can be defended on its own.
#[derive(Debug, Serialize)]
pub struct MapMeta<'a> {
    pub pimap_version: &'static str,
    /// Which key made the fingerprints (see `Fingerprinter::key_id`).
    pub key_id: String,
    pub roots: Vec<String>,
    pub complete: bool,
    pub files_scanned: u64,
    pub bytes_scanned: u64,
    pub not_scanned: &'a [crate::source::walk::Skipped],
}

#[derive(Debug, Serialize)]
pub struct TallyJson {
    pub findings: u64,
    pub distinct: u64,
}

#[derive(Debug, Serialize)]
pub struct LocationJson<'a> {
    pub path: &'a str,
    pub findings: u64,
    pub categories: BTreeMap<&'static str, TallyJson>,
    /// Categories that findings here imply (see [`implied`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub implied: BTreeMap<&'static str, TallyJson>,
    /// Organisation identifiers recognised and not reported as personal information.
    #[serde(skip_serializing_if = "is_zero")]
    pub organisation_ids: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What `--map` writes.
#[derive(Debug, Serialize)]
pub struct MapJson<'a> {
    #[serde(flatten)]
    pub meta: MapMeta<'a>,
    pub totals: BTreeMap<&'static str, TallyJson>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub implied: BTreeMap<&'static str, TallyJson>,
    pub organisation_ids: u64,
    pub directories: Vec<LocationJson<'a>>,
    pub files: Vec<LocationJson<'a>>,
}

impl<'a> MapJson<'a> {
    pub fn new(meta: MapMeta<'a>, map: &'a DataMap, rollup: &'a Rollup) -> MapJson<'a> {
        let loc = |(p, l): (&'a str, &'a Location)| LocationJson {
            path: p,
            findings: l.findings(),
            categories: tallies(l),
            implied: implied(l),
            organisation_ids: l.org_ids,
        };
        MapJson {
            meta,
            totals: tallies(&rollup.total),
            implied: implied(&rollup.total),
            organisation_ids: rollup.total.org_ids,
            directories: rollup.dirs.iter().map(|(p, l)| loc((p, l))).collect(),
            files: map.files.iter().map(|(p, f)| loc((p, &f.counts))).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Confidence, Fingerprint};

    fn f(cat: Category, v: u8) -> Finding {
        Finding {
            path: "".into(),
            category: cat,
            kind: None,
            line: 1,
            offset: 0,
            length: 1,
            confidence: Confidence::percent(90),
            masked: String::new(),
            fingerprint: Fingerprint([v; 32]),
            holder: None,
            value: None,
        }
    }

    #[test]
    fn directories_roll_up_to_the_root_and_count_distinct_values() {
        let mut m = DataMap::default();
        m.add_file(
            &"share".into(),
            &"share/hr/a.csv".into(),
            &[f(Category::Phone, 1), f(Category::Phone, 1), f(Category::IdCard, 2)],
            0,
        );
        m.add_file(&"share".into(), &"share/hr/2024/b.txt".into(), &[f(Category::Phone, 1), f(Category::Phone, 3)], 3);
        let r = m.rollup();
        let hr = &r.dirs["share/hr"].categories[&Category::Phone];
        assert_eq!((hr.findings, hr.distinct()), (4, 2));
        assert_eq!(r.dirs["share"].findings(), 5);
        assert!(!r.dirs.contains_key(""), "nothing above the root");
        assert_eq!(m.files["share/hr/2024/b.txt"].counts.findings(), 2);
        assert_eq!(m.files["share/hr/a.csv"].counts.categories[&Category::Phone].distinct(), 1);
        assert_eq!(r.total.categories[&Category::Phone].distinct(), 2);
        assert_eq!((r.dirs["share/hr"].org_ids, r.total.org_ids, r.total.findings()), (3, 3, 5), "not findings");
    }

    #[test]
    fn id_numbers_imply_their_holders_dates_of_birth() {
        let id = |v: u8| Finding {
            holder: Some(crate::finding::Holder { birth: "198*-**-**".into(), sex: "female" }),
            ..f(Category::IdCard, v)
        };
        let mut m = DataMap::default();
        // The same person twice in one file, another in a second; a passport implies nothing.
        m.add_file(&"r".into(), &"r/a.csv".into(), &[id(1), id(1), f(Category::Passport, 4)], 0);
        m.add_file(&"r".into(), &"r/x/b.csv".into(), &[id(2), f(Category::BirthDate, 3)], 0);
        let a = &m.files["r/a.csv"].counts.implied_birth;
        assert_eq!((a.findings, a.distinct()), (2, 1));
        let r = m.rollup();
        assert_eq!((r.total.implied_birth.findings, r.total.implied_birth.distinct()), (3, 2));
        assert_eq!(r.total.categories[&Category::BirthDate].findings, 1, "written dates stay their own");
        let json = implied(&r.total);
        assert_eq!((json["birth_date"].findings, json["birth_date"].distinct), (3, 2));
        assert!(implied(&m.files["r/x/b.csv"].counts).len() == 1);
        let mut none = DataMap::default();
        none.add_file(&"r".into(), &"r/c".into(), &[f(Category::Phone, 5)], 0);
        assert!(implied(&none.rollup().total).is_empty(), "nothing implied, nothing written");
    }

    #[test]
    fn merging_partial_maps_equals_building_one_map() {
        let files = [
            ("r/a", vec![f(Category::Email, 1)]),
            ("r/x/b", vec![f(Category::Email, 1), f(Category::Phone, 2)]),
            ("r/x/c", vec![f(Category::Phone, 2)]),
        ];
        let mut whole = DataMap::default();
        for (p, fs) in &files {
            whole.add_file(&"r".into(), &(*p).into(), fs, 0);
        }
        for split in 0..=files.len() {
            let (mut a, mut b) = (DataMap::default(), DataMap::default());
            for (i, (p, fs)) in files.iter().enumerate() {
                if i < split { &mut a } else { &mut b }.add_file(&"r".into(), &(*p).into(), fs, 0);
            }
            b.merge(a);
            assert_eq!(b, whole);
            assert_eq!(b.rollup(), whole.rollup());
        }
    }

    #[test]
    fn a_file_under_two_roots_counts_its_values_once() {
        let mut a = DataMap::default();
        a.add_file(&"r".into(), &"r/x/f".into(), &[f(Category::Phone, 1)], 0);
        let mut b = DataMap::default();
        b.add_file(&"r/x".into(), &"r/x/f".into(), &[f(Category::Phone, 1)], 0);
        a.merge(b);
        let t = &a.files["r/x/f"].counts.categories[&Category::Phone];
        assert_eq!((t.findings, t.distinct()), (2, 1));
    }

    /// The rollup's definition, directly: every file counted in each of its ancestors up to its root.
    fn rollup_by_ancestors(m: &DataMap) -> Rollup {
        let mut r = Rollup::default();
        for (path, file) in &m.files {
            r.total.absorb(&file.counts);
            let root = Path::new(&*file.root);
            for dir in Path::new(&**path).ancestors().skip(1) {
                if dir.as_os_str().is_empty() || !dir.starts_with(root) {
                    break;
                }
                r.dirs.entry(dir.to_string_lossy().into_owned()).or_default().absorb(&file.counts);
            }
        }
        r.total.settle();
        r.dirs.values_mut().for_each(Location::settle);
        r
    }

    use proptest::prelude::*;

    proptest! {
        /// Names chosen so that sorted paths interleave directories (`b` < `b-c` < `b.txt` < `b/…`
        /// < `b0`); roots disjoint, nested (`r` and `r/b`, which a scan never passes), a file, `.`
        /// and absolute.
        #[test]
        fn rollup_counts_each_file_in_every_ancestor_up_to_its_root(
            files in proptest::collection::vec(
                (0usize..6, proptest::collection::vec(0usize..5, 0..4), 0usize..5, 0u8..6, 0usize..3),
                0..40,
            )
        ) {
            const ROOTS: [&str; 6] = ["r", "r/b", "s", "./t", "/abs/u", "r/b/c.csv"];
            const NAMES: [&str; 5] = ["b", "b-c", "b.txt", "b0", "c.csv"];
            let mut m = DataMap::default();
            for (root, dirs, name, value, cat) in files {
                let mut path = ROOTS[root].to_string();
                if root != 5 {
                    for d in dirs {
                        path.push('/');
                        path.push_str(NAMES[d]);
                    }
                    path.push('/');
                    path.push_str(NAMES[name]);
                }
                let cat = [Category::Phone, Category::Email, Category::IdCard][cat];
                m.add_file(&ROOTS[root].into(), &path.as_str().into(), &[f(cat, value)], u64::from(value % 2));
            }
            prop_assert_eq!(m.rollup(), rollup_by_ancestors(&m));
        }
    }
}
