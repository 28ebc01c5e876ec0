//! Walking the roots: which files get opened, and a recorded reason for everything that does not.
//!
//! Compliance defaults, not code-search defaults: hidden files and files that `.gitignore` hides are
//! walked (that is where exports and backups sit); only `.pimapignore` files and `--exclude` globs opt
//! out. Symbolic links are not followed unless asked, and then with loop detection (by the `ignore`
//! crate). Only regular files are yielded. Entries come in a deterministic order (sorted by name,
//! roots in the order given) so that output does not depend on the file system or on threads.

use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    pub follow_links: bool,
    /// Gitignore-style globs; a match is not scanned.
    pub excludes: Vec<String>,
    pub max_filesize: Option<u64>,
}

/// A regular file to scan.
#[derive(Debug, Clone)]
pub struct FileEntry {
    pub path: PathBuf,
    /// The path as reported: the root as given joined with the path inside it. Shared by the file's
    /// findings and its data-map entry.
    pub display: std::sync::Arc<str>,
    /// Index of the root it was found under.
    pub root: usize,
    pub size: u64,
}

/// Why something under a root was not scanned.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SkipReason {
    /// Larger than `--max-filesize`: a limit was hit, the scan is incomplete.
    TooLarge { size: u64, limit: u64 },
    /// The walk could not read a directory or an entry's metadata.
    Unreadable { error: String },
    /// The file could not be opened or read; `offset` is how far it was read (0: not at all).
    ReadFailed { error: String, offset: u64 },
    /// A symbolic link, not followed without `--follow`. Its target is scanned only if it lies
    /// under a root itself.
    SymlinkNotFollowed,
    /// With `--follow`: a link back to one of its own ancestors, whose content is scanned there.
    SymlinkLoop { ancestor: String },
    /// A FIFO, socket or device: not data at rest, and reading one may never end.
    NotRegular,
    /// Content that reading as bytes would not really scan (see `source::sniff`).
    Unsupported { format: String },
}

impl SkipReason {
    /// Whether skipping this leaves data unscanned that the user asked to scan (exit code 3).
    pub fn makes_incomplete(&self) -> bool {
        matches!(
            self,
            SkipReason::TooLarge { .. }
                | SkipReason::Unreadable { .. }
                | SkipReason::ReadFailed { .. }
                | SkipReason::Unsupported { .. }
        )
    }

    pub fn describe(&self) -> String {
        match self {
            SkipReason::TooLarge { size, limit } => {
                format!("too large ({size} bytes > --max-filesize {limit})")
            }
            SkipReason::Unreadable { error } => format!("unreadable: {error}"),
            SkipReason::ReadFailed { error, offset: 0 } => format!("cannot read: {error}"),
            SkipReason::ReadFailed { error, offset } => {
                format!("read failed after {offset} bytes (scanned up to there): {error}")
            }
            SkipReason::SymlinkNotFollowed => "symbolic link, not followed (use --follow)".into(),
            SkipReason::SymlinkLoop { ancestor } => {
                format!("symbolic link loop back to {ancestor}")
            }
            SkipReason::NotRegular => "not a regular file (FIFO, socket or device)".into(),
            SkipReason::Unsupported { format } => format!("{format}: its contents cannot be scanned yet"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// What the walk yields, in order.
#[derive(Debug, Clone)]
pub enum WalkItem {
    File(FileEntry),
    Skipped(Skipped),
    /// Something the user should know that leaves no data unscanned (a malformed `.pimapignore`
    /// line, say).
    Warning(String),
}

#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("no such file or directory: {0}")]
    MissingRoot(String),
    #[error("bad --exclude glob {glob:?}: {error}")]
    BadGlob { glob: String, error: String },
}

/// Checks the roots and globs before anything is scanned: these are usage errors, not skipped files.
pub fn check(roots: &[PathBuf], opts: &WalkOptions) -> Result<(), WalkError> {
    for r in roots {
        if std::fs::symlink_metadata(r).is_err() {
            return Err(WalkError::MissingRoot(r.display().to_string()));
        }
        overrides(r, opts)?;
    }
    Ok(())
}

fn overrides(root: &Path, opts: &WalkOptions) -> Result<ignore::overrides::Override, WalkError> {
    let mut b = OverrideBuilder::new(root);
    for g in &opts.excludes {
        b.add(&format!("!{g}")).map_err(|e| WalkError::BadGlob { glob: g.clone(), error: e.to_string() })?;
    }
    b.build().map_err(|e| WalkError::BadGlob { glob: opts.excludes.join(" "), error: e.to_string() })
}

/// The roots to walk: a root inside another (`pimap scan share share/hr/a.csv`), or the same
/// directory named twice or through a link, would be scanned and counted twice. Such roots are
/// dropped, each with a warning naming the root that covers it. Call after `check`.
pub fn distinct_roots(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let canonical: Vec<PathBuf> =
        roots.iter().map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone())).collect();
    let mut kept = Vec::new();
    let mut warnings = Vec::new();
    for (i, root) in roots.iter().enumerate() {
        let covering = canonical
            .iter()
            .enumerate()
            .find(|&(j, other)| j != i && canonical[i].starts_with(other) && (canonical[i] != *other || j < i));
        match covering {
            Some((j, _)) => warnings.push(format!(
                "{} is already covered by {}: scanned once, there",
                root.display(),
                roots[j].display()
            )),
            None => kept.push(root.clone()),
        }
    }
    (kept, warnings)
}

/// Walks every root in order and hands each item to `f`.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions, mut f: impl FnMut(WalkItem)) -> Result<(), WalkError> {
    for (root_index, root) in roots.iter().enumerate() {
        let mut b = WalkBuilder::new(root);
        b.standard_filters(false)
            .hidden(false)
            .parents(true)
            .ignore(false)
            .git_ignore(false)
            .git_global(false)
            .git_exclude(false)
            .require_git(false)
            .add_custom_ignore_filename(".pimapignore")
            .follow_links(opts.follow_links)
            .overrides(overrides(root, opts)?)
            .sort_by_file_name(|a, b| a.cmp(b));
        for item in b.build() {
            match item {
                Ok(entry) => {
                    if let Some(err) = entry.error() {
                        f(WalkItem::Warning(format!("{}: {err}", entry.path().display())));
                    }
                    let display = entry.path().to_string_lossy().into_owned();
                    let Some(ft) = entry.file_type() else { continue }; // stdin: never a root here
                    if ft.is_dir() {
                        continue;
                    }
                    let skip = |reason| WalkItem::Skipped(Skipped { path: display.clone(), reason });
                    // Links found inside the roots are not followed unless --follow. A root the user
                    // named is, even when it is a link: its target's type decides.
                    if ft.is_symlink() && entry.depth() > 0 {
                        f(skip(SkipReason::SymlinkNotFollowed));
                        continue;
                    }
                    let meta = if ft.is_symlink() {
                        std::fs::metadata(entry.path()).map_err(|e| e.to_string())
                    } else {
                        entry.metadata().map_err(|e| e.to_string())
                    };
                    let meta = match meta {
                        Ok(m) => m,
                        Err(error) => {
                            f(skip(SkipReason::Unreadable { error }));
                            continue;
                        }
                    };
                    if meta.is_dir() {
                        continue; // a linked root directory: its contents come next
                    }
                    if !meta.is_file() {
                        f(skip(SkipReason::NotRegular));
                        continue;
                    }
                    let size = meta.len();
                    if let Some(limit) = opts.max_filesize.filter(|&l| size > l) {
                        f(skip(SkipReason::TooLarge { size, limit }));
                        continue;
                    }
                    f(WalkItem::File(FileEntry {
                        path: entry.into_path(),
                        display: display.into(),
                        root: root_index,
                        size,
                    }));
                }
                Err(err) => f(walk_error(err)),
            }
        }
    }
    Ok(())
}

/// Turns a walk error into a skipped record with the path it concerns.
fn walk_error(err: ignore::Error) -> WalkItem {
    let mut path = None;
    let mut e = &err;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.to_string_lossy().into_owned());
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => e = err,
            ignore::Error::Loop { ancestor, child } => {
                return WalkItem::Skipped(Skipped {
                    path: child.to_string_lossy().into_owned(),
                    reason: SkipReason::SymlinkLoop { ancestor: ancestor.to_string_lossy().into_owned() },
                })
            }
            _ => break,
        }
    }
    let path = path.unwrap_or_else(|| "?".into());
    WalkItem::Skipped(Skipped { path, reason: SkipReason::Unreadable { error: e.to_string() } })
}
