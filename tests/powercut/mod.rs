//! The power-cut model shared by the power-cut tests: a small C library
//! (`tests/powercut_shim.c`, built here with `cc`) loaded into the real
//! binary with LD_PRELOAD copies every synced file aside (and moves the copy
//! along when the file or its folder is renamed); [`cut_power`] then does to
//! the data folder what a power cut does.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A work folder with the shim built, a data folder under its watch and the
/// folder its synced copies go to.
pub struct PowerRig {
    _work: tempfile::TempDir,
    pub data: PathBuf,
    pub snap: PathBuf,
    shim: PathBuf,
}

impl PowerRig {
    pub fn new() -> PowerRig {
        let work = tempfile::tempdir().unwrap();
        let shim = build_shim(work.path());
        let data = work.path().join("data");
        let snap = work.path().join("snap");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&snap).unwrap();
        let data = data.canonicalize().unwrap();
        PowerRig {
            _work: work,
            data,
            snap,
            shim,
        }
    }

    /// The real binary with the shim loaded, watching the data folder.
    pub fn kiosk(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rookvrij-kiosk"));
        cmd.env("LD_PRELOAD", &self.shim)
            .env("POWERCUT_WATCH", &self.data)
            .env("POWERCUT_SNAP", &self.snap);
        cmd
    }

    pub fn cut_power(&self) {
        cut_power(&self.data, &self.snap);
    }

    pub fn resync(&self) {
        resync(&self.data, &self.snap);
    }
}

fn build_shim(dir: &Path) -> PathBuf {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/powercut_shim.c");
    let lib = dir.join("powercut_shim.so");
    let out = Command::new("cc")
        .args(["-shared", "-fPIC", "-O2", "-o"])
        .arg(&lib)
        .arg(&src)
        .arg("-ldl")
        .output()
        .expect("a C compiler (cc) to build the power-cut shim");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    lib
}

/// Every file under `dir`, as paths relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&rel)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = rel.join(e.file_name());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                todo.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// What a power cut leaves: synced files as they were at their last sync,
/// files never synced gone. (A file deleted after its last sync stays deleted.)
fn cut_power(data: &Path, snap: &Path) {
    for rel in files(data) {
        let saved = snap.join(&rel);
        if saved.is_file() {
            std::fs::copy(&saved, data.join(&rel)).unwrap();
        } else {
            std::fs::remove_file(data.join(&rel)).unwrap();
        }
    }
}

/// Makes the folder as it is now the last synced state.
fn resync(data: &Path, snap: &Path) {
    std::fs::remove_dir_all(snap).unwrap();
    std::fs::create_dir_all(snap).unwrap();
    for rel in files(data) {
        let to = snap.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(data.join(&rel), to).unwrap();
    }
}
