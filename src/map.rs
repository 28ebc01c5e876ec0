//! The data map: where personal information lives, per file and per directory, by category.
//!
//! For every location it counts findings and *distinct values* per category — distinct by
//! fingerprint, so the map answers "how many people" without holding a single raw value. Each worker
//! builds its own `DataMap` from the files it scanned; [`DataMap::merge`] is a commutative union, so
//! the merged map is the same for any number of threads (and, later, of shards).
//!
//! Directories count everything beneath them, up to and including the root the user named; nothing
//! above a root is mapped.

use crate::finding::{Category, Finding};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Counts for one category at one location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub findings: u64,
    /// Fingerprints truncated to 128 bits: collisions are out of reach for any share, and it halves the
    /// memory of holding every distinct value per directory.
    distinct: HashSet<u128>,
}

impl Tally {
    pub fn distinct(&self) -> u64 {
        self.distinct.len() as u64
    }

    fn add(&mut self, f: &Finding) {
        self.findings += 1;
        self.distinct.insert(u128::from_le_bytes(
            f.fingerprint.0[..16].try_into().unwrap(),
        ));
    }

    fn merge(&mut self, other: Tally) {
        self.findings += other.findings;
        self.distinct.extend(other.distinct);
    }
}

/// Counts per category at one location.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    pub categories: BTreeMap<Category, Tally>,
}

impl Location {
    pub fn findings(&self) -> u64 {
        self.categories.values().map(|t| t.findings).sum()
    }

    fn add(&mut self, f: &Finding) {
        self.categories.entry(f.category).or_default().add(f);
    }

    fn merge(&mut self, other: Location) {
        for (c, t) in other.categories {
            self.categories.entry(c).or_default().merge(t);
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataMap {
    pub files: BTreeMap<String, Location>,
    pub dirs: BTreeMap<String, Location>,
    pub total: Location,
}

impl DataMap {
    /// Adds one file's findings. `root` is the root it was found under, as displayed.
    pub fn add_file(&mut self, root: &str, path: &str, findings: &[Finding]) {
        if findings.is_empty() {
            return;
        }
        let file = self.files.entry(path.to_string()).or_default();
        for f in findings {
            file.add(f);
            self.total.add(f);
        }
        let root_path = Path::new(root);
        for dir in Path::new(path).ancestors().skip(1) {
            if !dir.starts_with(root_path) || dir.as_os_str().is_empty() {
                break;
            }
            let loc = self
                .dirs
                .entry(dir.to_string_lossy().into_owned())
                .or_default();
            for f in findings {
                loc.add(f);
            }
        }
    }

    pub fn merge(&mut self, other: DataMap) {
        for (p, l) in other.files {
            self.files.entry(p).or_default().merge(l);
        }
        for (p, l) in other.dirs {
            self.dirs.entry(p).or_default().merge(l);
        }
        self.total.merge(other.total);
    }

    /// The `n` locations with the most findings (ties broken by path, so the order is stable).
    pub fn top(locations: &BTreeMap<String, Location>, n: usize) -> Vec<(&str, &Location)> {
        let mut v: Vec<_> = locations.iter().map(|(p, l)| (p.as_str(), l)).collect();
        v.sort_by(|a, b| {
            b.1.findings()
                .cmp(&a.1.findings())
                .then_with(|| a.0.cmp(b.0))
        });
        v.truncate(n);
        v
    }

    /// Findings and distinct values per category over everything scanned.
    pub fn totals_json(&self) -> BTreeMap<&'static str, TallyJson> {
        tallies(&self.total)
    }

    /// The serializable form written by `--map`.
    pub fn to_json<'a>(&'a self, meta: MapMeta<'a>) -> MapJson<'a> {
        let locs = |m: &'a BTreeMap<String, Location>| {
            m.iter()
                .map(|(p, l)| LocationJson {
                    path: p,
                    findings: l.findings(),
                    categories: tallies(l),
                })
                .collect()
        };
        MapJson {
            meta,
            totals: tallies(&self.total),
            directories: locs(&self.dirs),
            files: locs(&self.files),
        }
    }
}

fn tallies(l: &Location) -> BTreeMap<&'static str, TallyJson> {
    l.categories
        .iter()
        .map(|(c, t)| {
            (
                c.id(),
                TallyJson {
                    findings: t.findings,
                    distinct: t.distinct(),
                },
            )
        })
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
}

#[derive(Debug, Serialize)]
pub struct MapJson<'a> {
    #[serde(flatten)]
    pub meta: MapMeta<'a>,
    pub totals: BTreeMap<&'static str, TallyJson>,
    pub directories: Vec<LocationJson<'a>>,
    pub files: Vec<LocationJson<'a>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Confidence, Fingerprint};

    fn f(cat: Category, v: u8) -> Finding {
        Finding {
            path: String::new(),
            category: cat,
            kind: None,
            line: 1,
            offset: 0,
            length: 1,
            confidence: Confidence::percent(90),
            masked: String::new(),
            fingerprint: Fingerprint([v; 32]),
            value: None,
        }
    }

    #[test]
    fn directories_roll_up_to_the_root_and_count_distinct_values() {
        let mut m = DataMap::default();
        m.add_file(
            "share",
            "share/hr/a.csv",
            &[
                f(Category::Phone, 1),
                f(Category::Phone, 1),
                f(Category::IdCard, 2),
            ],
        );
        m.add_file(
            "share",
            "share/hr/2024/b.txt",
            &[f(Category::Phone, 1), f(Category::Phone, 3)],
        );
        let hr = &m.dirs["share/hr"].categories[&Category::Phone];
        assert_eq!((hr.findings, hr.distinct()), (4, 2));
        assert_eq!(m.dirs["share"].findings(), 5);
        assert!(!m.dirs.contains_key(""), "nothing above the root");
        assert_eq!(m.files["share/hr/2024/b.txt"].findings(), 2);
        assert_eq!(m.total.categories[&Category::Phone].distinct(), 2);
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
            whole.add_file("r", p, fs);
        }
        for split in 0..=files.len() {
            let (mut a, mut b) = (DataMap::default(), DataMap::default());
            for (i, (p, fs)) in files.iter().enumerate() {
                if i < split { &mut a } else { &mut b }.add_file("r", p, fs);
            }
            b.merge(a);
            assert_eq!(b, whole);
        }
    }
}
