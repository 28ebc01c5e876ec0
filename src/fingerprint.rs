//! Keyed fingerprints of normalized values, and the per-installation key behind them.
//!
//! A resident ID has only ~10^11 possible values and a mobile number ~10^10: a plain hash of either
//! is reversed by enumeration in minutes. Everything pimap keeps for later matching is therefore
//! HMAC-SHA-256 under a 32-byte secret key that never leaves the installation. The input is
//! `"pimap/v1" 0x00 category 0x00 normalized`, so equal digits in different categories (an ID and a
//! bank card, later) never share a fingerprint, and a future change of normalization gets a new tag.

use crate::finding::{Category, Fingerprint};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

type HmacSha256 = Hmac<Sha256>;

/// Environment variable naming the key file; `--key-file` overrides it.
pub const KEY_ENV: &str = "PIMAP_KEY_FILE";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read fingerprint key {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot create fingerprint key {path}: {source}")]
    Create { path: PathBuf, source: io::Error },
    #[error("fingerprint key {path} is not 64 hexadecimal characters")]
    Malformed { path: PathBuf },
    #[error("no place for the fingerprint key: set {KEY_ENV} or HOME, or pass --key-file")]
    NoLocation,
    #[error("cannot draw random bytes for a new key: {0}")]
    Random(String),
}

/// Computes fingerprints; cheap to clone, shared by all threads.
#[derive(Clone)]
pub struct Fingerprinter {
    mac: HmacSha256,
}

impl Fingerprinter {
    pub fn new(key: &[u8; 32]) -> Fingerprinter {
        Fingerprinter { mac: HmacSha256::new_from_slice(key).expect("HMAC takes any key length") }
    }

    pub fn fingerprint(&self, category: Category, normalized: &str) -> Fingerprint {
        let mut mac = self.mac.clone();
        mac.update(b"pimap/v1\0");
        mac.update(category.id().as_bytes());
        mac.update(b"\0");
        mac.update(normalized.as_bytes());
        Fingerprint(mac.finalize().into_bytes().into())
    }

    /// A short public name for the key, printed in data maps so that fingerprints made under different
    /// keys are never compared by mistake. It reveals nothing about the key.
    pub fn key_id(&self) -> String {
        let mut mac = self.mac.clone();
        mac.update(b"pimap/key-id");
        hex::encode(&mac.finalize().into_bytes()[..8])
    }
}

/// Where the key lives when nothing says otherwise: `$PIMAP_KEY_FILE`, else
/// `$XDG_CONFIG_HOME/pimap/key`, else `$HOME/.config/pimap/key`.
pub fn default_key_path() -> Result<PathBuf, KeyError> {
    if let Some(p) = std::env::var_os(KEY_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|p| !p.is_empty()) {
        return Ok(Path::new(&x).join("pimap").join("key"));
    }
    match std::env::var_os("HOME").filter(|p| !p.is_empty()) {
        Some(h) => Ok(Path::new(&h).join(".config").join("pimap").join("key")),
        None => Err(KeyError::NoLocation),
    }
}

/// Whether `load_or_create` made a new key (the caller tells the user: fingerprints made before
/// under another key will not match).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyOrigin {
    Existing,
    Created,
}

/// Reads the key at `path`, or creates one (32 bytes from the OS, written as hex, mode 0600) if the
/// file does not exist, with its directory if `create_dir`. Creation uses `create_new`, so two first runs racing get the same key.
pub fn load_or_create(path: &Path, create_dir: bool) -> Result<([u8; 32], KeyOrigin), KeyError> {
    match fs::read_to_string(path) {
        Ok(text) => return parse(path, &text).map(|k| (k, KeyOrigin::Existing)),
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(KeyError::Read { path: path.into(), source: e }),
        Err(_) => {}
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| KeyError::Random(e.to_string()))?;
    let create = |e| KeyError::Create { path: path.into(), source: e };
    if let Some(dir) = path.parent().filter(|d| create_dir && !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(create)?;
    }
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    match opts.open(path) {
        Ok(mut f) => {
            f.write_all(format!("{}\n", hex::encode(key)).as_bytes()).map_err(create)?;
            f.sync_all().map_err(create)?;
            Ok((key, KeyOrigin::Created))
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let text = fs::read_to_string(path).map_err(|e| KeyError::Read { path: path.into(), source: e })?;
            parse(path, &text).map(|k| (k, KeyOrigin::Existing))
        }
        Err(e) => Err(create(e)),
    }
}

fn parse(path: &Path, text: &str) -> Result<[u8; 32], KeyError> {
    let mut key = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut key).map_err(|_| KeyError::Malformed { path: path.into() })?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_keyed_and_separated_by_category() {
        let a = Fingerprinter::new(&[1; 32]);
        let b = Fingerprinter::new(&[2; 32]);
        let v = "13812345678";
        assert_eq!(a.fingerprint(Category::Phone, v), a.fingerprint(Category::Phone, v));
        assert_ne!(a.fingerprint(Category::Phone, v), b.fingerprint(Category::Phone, v));
        assert_ne!(a.fingerprint(Category::Phone, v), a.fingerprint(Category::BankCard, v));
        assert_ne!(a.key_id(), b.key_id());
    }

    #[test]
    fn a_key_is_created_once_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("key");
        let (k1, o1) = load_or_create(&path, true).unwrap();
        let (k2, o2) = load_or_create(&path, true).unwrap();
        assert_eq!((o1, o2), (KeyOrigin::Created, KeyOrigin::Existing));
        assert_eq!(k1, k2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        fs::write(&path, "not hex").unwrap();
        assert!(matches!(load_or_create(&path, true), Err(KeyError::Malformed { .. })));
        let elsewhere = dir.path().join("no-such-dir").join("key");
        assert!(matches!(load_or_create(&elsewhere, false), Err(KeyError::Create { .. })));
        assert!(!elsewhere.parent().unwrap().exists());
    }
}
