//! The content a team loaded onto the kiosk, kept on the data disk: the one
//! in use and the one before it, for *Vorige inhoud terugzetten*.
//!
//! On disk, in `<data>/inhoud/`:
//! - `1/`, `2/`, …: whole content folders, one per load (the newest two kept);
//! - `1.toml`, …: where each came from (`van`) and on which day (`datum`);
//! - `keuze.toml`: which one is in use and which was before it.
//!
//! A load is copied beside (`.nieuw/`), every file synced, renamed to its
//! number, and only then does `keuze.toml` (replaced whole, see
//! `atomic_file`) point at it: a power cut at any moment leaves the old
//! choice or the new one, each whole. Leftovers are cleared at the next load.
//!
//! **Which content is used** (one rule): content loaded onto the kiosk wins
//! over the SD card's content folder until that folder changes. When the
//! kiosk first starts with a loaded content, it notes a fingerprint of the SD
//! card's folder (every file's path, size and time); when the team later
//! edits that folder on a laptop, the fingerprint differs and the SD card's
//! folder is used again. Loading or going back makes the kiosk's own content
//! win again.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::atomic_file::{self, remove_any};
use crate::content::{self, Problem};

/// At most this much content is loaded: more does not fit a kiosk's card
/// next to its counts, and is almost surely the wrong folder.
pub const MAX_BYTES: u64 = 500 * 1024 * 1024;
pub const MAX_FILES: usize = 10_000;

/// The folder name on a USB stick.
pub const STICK_FOLDER: &str = "rookvrij-inhoud";
/// The team's studio on a USB stick, beside the content: opened in a
/// browser on the laptop (see the README, "The studio").
pub const STUDIO_FOLDER: &str = "rookvrij-studio";
/// Where the kiosk image keeps the studio (its FAT partition, mounted here).
pub const IMAGE_STUDIO: &str = "/boot/firmware/studio";

#[derive(Debug, Error)]
pub enum ShelfError {
    #[error("{0}: deze map bestaat niet")]
    NoFolder(PathBuf),
    #[error("{0}")]
    Refused(String),
    #[error("de inhoud heeft fouten; er is niets veranderd")]
    Problems(Vec<Problem>),
    #[error(
        "de inhoud kon niet gekopieerd worden ({0}). Is de stick eruit gehaald? De inhoud die in gebruik was, blijft in gebruik."
    )]
    Copy(io::Error),
    #[error("de keuze kon niet bewaard worden op de datakaart ({0}); er is niets veranderd")]
    Save(io::Error),
    #[error("er is geen vorige inhoud om terug te zetten")]
    NothingBefore,
    #[error(
        "{0}: kon niet schrijven ({1}). Is de stick vol, alleen-lezen of eruit gehaald? Er is niets half geschreven."
    )]
    Write(PathBuf, io::Error),
}

/// Which loaded content is in use, and which was before it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Choice {
    /// The number of the content in use; none: the SD card's folder (or the
    /// built-in demo).
    #[serde(skip_serializing_if = "Option::is_none")]
    in_gebruik: Option<u32>,
    /// Going back is possible: to `vorige`, or with no number to the SD
    /// card's folder.
    #[serde(default)]
    terug_kan: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    vorige: Option<u32>,
    /// The SD card's folder as it was when the loaded content was first used.
    #[serde(skip_serializing_if = "Option::is_none")]
    sd_kaart_gezien: Option<String>,
}

/// Where a loaded content came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    pub van: String,
    pub datum: String,
}

/// What a load did.
#[derive(Debug)]
pub struct Loaded {
    pub number: u32,
    pub files: usize,
    pub bytes: u64,
    /// Warnings from the check: the content is usable, but the team should know.
    pub warnings: Vec<Problem>,
}

pub struct Shelf {
    dir: PathBuf,
}

impl Shelf {
    pub fn in_data(data: &Path) -> Shelf {
        Shelf {
            dir: data.join("inhoud"),
        }
    }

    fn choice(&self) -> Choice {
        std::fs::read_to_string(self.dir.join("keuze.toml"))
            .ok()
            .and_then(|t| toml::from_str(&t).ok())
            .unwrap_or_default()
    }

    fn save(&self, choice: &Choice) -> Result<(), ShelfError> {
        let text = toml::to_string(choice).map_err(|e| ShelfError::Save(io::Error::other(e)))?;
        atomic_file::write(&self.dir.join("keuze.toml"), text.as_bytes()).map_err(ShelfError::Save)
    }

    fn folder(&self, n: u32) -> PathBuf {
        self.dir.join(n.to_string())
    }

    /// The loaded content in use, whatever the SD card holds.
    pub fn in_use(&self) -> Option<(PathBuf, Option<Origin>)> {
        let n = self.choice().in_gebruik?;
        let dir = self.folder(n);
        dir.is_dir().then(|| (dir, self.origin(n)))
    }

    pub fn origin(&self, n: u32) -> Option<Origin> {
        let text = std::fs::read_to_string(self.dir.join(format!("{n}.toml"))).ok()?;
        toml::from_str(&text).ok()
    }

    /// The content folder the kiosk shows, by the one rule (see the module):
    /// the loaded content until the SD card's folder `sd` changes. Notes the
    /// SD card's folder the first time; a note that cannot be written only
    /// means the SD card's folder is looked at again next time.
    pub fn chosen(&self, sd: Option<&Path>) -> Option<PathBuf> {
        let mut choice = self.choice();
        let (dir, _) = self.in_use()?;
        let Some(sd) = sd else {
            return Some(dir);
        };
        let seen = fingerprint(sd);
        match &choice.sd_kaart_gezien {
            Some(before) if *before != seen => None,
            Some(_) => Some(dir),
            None => {
                choice.sd_kaart_gezien = Some(seen);
                let _ = self.save(&choice);
                Some(dir)
            }
        }
    }

    /// Checks `from` with check-content's rules and, when usable, copies it
    /// here and makes it the content in use. Nothing changes on any error.
    pub fn load(&self, from: &Path, today: &str) -> Result<Loaded, ShelfError> {
        self.load_with(from, today, &|_, _| {})
    }

    /// [`Shelf::load`], telling `progress` the bytes copied so far and in all.
    pub fn load_with(&self, from: &Path, today: &str, progress: &dyn Fn(u64, u64)) -> Result<Loaded, ShelfError> {
        if !from.is_dir() {
            return Err(ShelfError::NoFolder(from.to_path_buf()));
        }
        let files = scan(from)?;
        let bytes = files.iter().map(|f| f.1).sum();
        // What the check learns about photos and recordings is kept in the
        // data folder: the kiosk does not measure them again.
        let known = self.dir.parent().map(rookvrij_core::known::Known::in_data);
        let checked = content::check_folder_known(from, content::Depth::Full, known);
        if checked.has_errors() {
            return Err(ShelfError::Problems(checked.problems));
        }
        std::fs::create_dir_all(&self.dir).map_err(ShelfError::Save)?;
        let fresh = self.dir.join(".nieuw");
        remove_any(&fresh).map_err(ShelfError::Save)?;
        if let Err(e) = copy_files(from, &files, &fresh, progress) {
            let _ = remove_any(&fresh);
            return Err(ShelfError::Copy(e));
        }
        let mut choice = self.choice();
        let number = self.numbers().into_iter().max().unwrap_or(0) + 1;
        let origin = Origin {
            van: from.display().to_string(),
            datum: today.to_string(),
        };
        let placed = (|| {
            std::fs::rename(&fresh, self.folder(number))?;
            atomic_file::sync_dir(&self.dir)?;
            let text = toml::to_string(&origin).map_err(io::Error::other)?;
            atomic_file::write(&self.dir.join(format!("{number}.toml")), text.as_bytes())
        })();
        if let Err(e) = placed {
            let _ = remove_any(&fresh);
            let _ = remove_any(&self.folder(number));
            return Err(ShelfError::Save(e));
        }
        choice.vorige = choice.in_gebruik;
        choice.terug_kan = true;
        choice.in_gebruik = Some(number);
        choice.sd_kaart_gezien = None;
        self.save(&choice)?;
        self.tidy(&choice);
        Ok(Loaded {
            number,
            files: files.len(),
            bytes,
            warnings: checked.problems,
        })
    }

    /// Back to the content in use before the last load (and from there,
    /// forward again).
    pub fn back(&self) -> Result<Option<u32>, ShelfError> {
        let mut choice = self.choice();
        if !choice.terug_kan {
            return Err(ShelfError::NothingBefore);
        }
        std::mem::swap(&mut choice.in_gebruik, &mut choice.vorige);
        choice.sd_kaart_gezien = None;
        self.save(&choice)?;
        Ok(choice.in_gebruik)
    }

    /// Whether there is a content to go back to.
    pub fn can_go_back(&self) -> bool {
        self.choice().terug_kan
    }

    fn numbers(&self) -> Vec<u32> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                let n = name.strip_suffix(".toml").unwrap_or(&name).parse::<u32>().ok()?;
                Some(n)
            })
            .collect()
    }

    /// Removes loads that are neither in use nor the one before, and what a
    /// load cut off by a power cut left behind.
    fn tidy(&self, choice: &Choice) {
        let keep = [choice.in_gebruik, choice.vorige];
        for n in self.numbers() {
            if !keep.contains(&Some(n)) {
                let _ = remove_any(&self.folder(n));
                let _ = std::fs::remove_file(self.dir.join(format!("{n}.toml")));
            }
        }
        let _ = remove_any(&self.dir.join(".nieuw"));
        // What a write killed before its rename left (`atomic_file`'s
        // ".<random>.part"): never read, so gone.
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.starts_with('.') && name.ends_with(".part") {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let _ = atomic_file::sync_dir(&self.dir);
    }
}

/// The files of a content folder (path inside it, size), after the limits:
/// no link pointing outside it, at most [`MAX_FILES`] files and
/// [`MAX_BYTES`]. Links that stay inside are followed; anything else that
/// is not a file or a folder is left out.
pub fn scan(from: &Path) -> Result<Vec<(PathBuf, u64)>, ShelfError> {
    let root = from
        .canonicalize()
        .map_err(|_| ShelfError::NoFolder(from.to_path_buf()))?;
    let mut files = Vec::new();
    let mut bytes = 0u64;
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let entries = std::fs::read_dir(root.join(&rel)).map_err(ShelfError::Copy)?;
        for entry in entries {
            let entry = entry.map_err(ShelfError::Copy)?;
            let rel = rel.join(entry.file_name());
            let path = root.join(&rel);
            let kind = entry.file_type().map_err(ShelfError::Copy)?;
            if kind.is_symlink() {
                let target = path.canonicalize().map_err(|_| {
                    ShelfError::Refused(format!(
                        "{}: deze koppeling wijst naar iets dat er niet is. Zet het bestand zelf in de map.",
                        rel.display()
                    ))
                })?;
                if !target.starts_with(&root) {
                    return Err(ShelfError::Refused(format!(
                        "{}: deze koppeling wijst buiten de map ({}). Zet het bestand zelf in de map.",
                        rel.display(),
                        target.display()
                    )));
                }
            }
            let meta = std::fs::metadata(&path).map_err(ShelfError::Copy)?;
            if meta.is_dir() {
                if kind.is_symlink() {
                    // A link to a folder inside: its files are there already.
                    continue;
                }
                stack.push(rel);
            } else if meta.is_file() {
                bytes += meta.len();
                files.push((rel, meta.len()));
                if files.len() > MAX_FILES {
                    return Err(ShelfError::Refused(format!(
                        "deze map heeft meer dan {MAX_FILES} bestanden. Is het de goede map? Een inhoudsmap heeft er meestal minder dan honderd."
                    )));
                }
                if bytes > MAX_BYTES {
                    return Err(ShelfError::Refused(format!(
                        "deze map is groter dan {} MB. Is het de goede map? Maak foto's en opnames kleiner of laat wat weg.",
                        MAX_BYTES / 1024 / 1024
                    )));
                }
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Copies the scanned files into `to` (made new), each synced, and the
/// folders synced: whole on disk before anything points at it.
fn copy_files(from: &Path, files: &[(PathBuf, u64)], to: &Path, progress: &dyn Fn(u64, u64)) -> io::Result<()> {
    std::fs::create_dir_all(to)?;
    let total = files.iter().map(|f| f.1).sum();
    let mut done = 0;
    let mut folders = std::collections::BTreeSet::new();
    folders.insert(to.to_path_buf());
    for (rel, size) in files {
        let target = to.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
            folders.insert(parent.to_path_buf());
        }
        std::fs::copy(from.join(rel), &target)?;
        std::fs::File::open(&target)?.sync_all()?;
        done += size;
        progress(done, total);
    }
    for folder in folders.iter().rev() {
        atomic_file::sync_dir(folder)?;
    }
    Ok(())
}

/// Writes the content in `from` (a folder, or the built-in demo when none)
/// to `<to>/rookvrij-inhoud/`, to edit on a laptop and load again. Written
/// beside, synced, then renamed: the stick holds the old folder or the new
/// one under that name, never half of one.
pub fn export(from: Option<&Path>, to: &Path) -> Result<PathBuf, ShelfError> {
    let files = match from {
        Some(dir) => Some((dir, scan(dir)?)),
        None => None,
    };
    replace_on(to, STICK_FOLDER, |fresh| match files {
        Some((dir, files)) => copy_files(dir, &files, fresh, &|_, _| {}),
        None => {
            std::fs::create_dir_all(fresh)?;
            for (name, bytes) in content::builtin_files() {
                let path = fresh.join(name);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, bytes)?;
                std::fs::File::open(&path)?.sync_all()?;
            }
            atomic_file::sync_dir(fresh)
        }
    })
}

/// Writes the studio (the folder `studio`) to `<to>/rookvrij-studio/`,
/// whole or not at all, as [`export`] writes the content.
pub fn export_studio(studio: &Path, to: &Path) -> Result<PathBuf, ShelfError> {
    let files = scan(studio)?;
    replace_on(to, STUDIO_FOLDER, |fresh| copy_files(studio, &files, fresh, &|_, _| {}))
}

/// Where this kiosk finds the studio to put on a stick: the folder
/// `ROOKVRIJ_STUDIO` names (`./dev run` names `target/studio/rookvrij-studio`
/// when `./dev studio` made it), else the image's FAT partition. None when
/// that folder holds no `index.html`.
pub fn studio_folder() -> Option<PathBuf> {
    let dir = std::env::var_os("ROOKVRIJ_STUDIO").map_or_else(|| PathBuf::from(IMAGE_STUDIO), PathBuf::from);
    dir.join("index.html").is_file().then_some(dir)
}

/// Fills `<to>/.<name>.nieuw`, syncs it, and renames it to `<to>/<name>`.
fn replace_on(to: &Path, name: &str, fill: impl FnOnce(&Path) -> io::Result<()>) -> Result<PathBuf, ShelfError> {
    if !to.is_dir() {
        return Err(ShelfError::NoFolder(to.to_path_buf()));
    }
    let target = to.join(name);
    let fresh = to.join(format!(".{name}.nieuw"));
    let old = to.join(format!(".{name}.oud"));
    let fail = |e: io::Error| {
        let _ = remove_any(&fresh);
        ShelfError::Write(to.to_path_buf(), e)
    };
    remove_any(&fresh).map_err(fail)?;
    remove_any(&old).map_err(fail)?;
    fill(&fresh).map_err(fail)?;
    (|| -> io::Result<()> {
        atomic_file::sync_dir(to)?;
        if target.exists() {
            std::fs::rename(&target, &old)?;
        }
        std::fs::rename(&fresh, &target)?;
        atomic_file::sync_dir(to)?;
        remove_any(&old)
    })()
    .map_err(fail)?;
    Ok(target)
}

/// Every file's path, size and modification time under `dir`, hashed: the
/// SD card's folder "as it was".
fn fingerprint(dir: &Path) -> String {
    let mut lines = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(path);
            } else {
                let time = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos())
                    .unwrap_or(0);
                let rel = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
                lines.push(format!("{rel}\t{}\t{time}", meta.len()));
            }
        }
    }
    lines.sort();
    blake3::hash(lines.join("\n").as_bytes()).to_hex()[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo_copy(to: &Path) {
        for (name, bytes) in content::builtin_files() {
            let path = to.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }

    #[test]
    fn a_load_is_used_until_the_sd_cards_folder_changes_and_back_goes_back() {
        let data = tempfile::tempdir().unwrap();
        let (stick, sd) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        demo_copy(stick.path());
        demo_copy(sd.path());
        let shelf = Shelf::in_data(data.path());
        assert_eq!(
            shelf.chosen(Some(sd.path())),
            None,
            "nothing loaded: the SD card's folder"
        );
        let told = std::cell::RefCell::new(Vec::new());
        let loaded = shelf
            .load_with(stick.path(), "2026-11-30", &|done, total| {
                told.borrow_mut().push((done, total))
            })
            .unwrap();
        let told = told.into_inner();
        assert_eq!(told.len(), loaded.files, "told once a file");
        assert!(told.windows(2).all(|w| w[0].0 <= w[1].0), "the bar only moves on");
        assert_eq!(told.last().copied(), Some((loaded.bytes, loaded.bytes)));
        assert_eq!(loaded.number, 1);
        let in_use = shelf.folder(1);
        assert_eq!(shelf.chosen(Some(sd.path())), Some(in_use.clone()));
        assert_eq!(
            shelf.chosen(Some(sd.path())),
            Some(in_use.clone()),
            "the SD card is unchanged"
        );
        assert_eq!(shelf.origin(1).unwrap().datum, "2026-11-30");
        // The team edits the SD card's folder on a laptop: it wins again.
        std::fs::write(sd.path().join("extra.txt"), "nieuw").unwrap();
        assert_eq!(shelf.chosen(Some(sd.path())), None);
        // Back goes to what was in use before the load: the SD card's folder.
        assert_eq!(shelf.back().unwrap(), None);
        assert_eq!(shelf.chosen(None), None);
        // And forward again; a second load keeps the first as the one before.
        assert_eq!(shelf.back().unwrap(), Some(1));
        shelf.load(stick.path(), "2026-12-01").unwrap();
        assert_eq!(shelf.chosen(None), Some(shelf.folder(2)));
        assert_eq!(shelf.back().unwrap(), Some(1));
        assert_eq!(shelf.chosen(None), Some(shelf.folder(1)));
        // A third load: the oldest is tidied away.
        shelf.load(stick.path(), "2026-12-02").unwrap();
        let mut kept = shelf.numbers();
        kept.sort();
        kept.dedup();
        assert_eq!(kept, vec![1, 3]);
    }

    #[test]
    fn a_load_tidies_what_a_killed_write_left() {
        let data = tempfile::tempdir().unwrap();
        let stick = tempfile::tempdir().unwrap();
        demo_copy(stick.path());
        let shelf = Shelf::in_data(data.path());
        shelf.load_with(stick.path(), "2026-11-30", &|_, _| {}).unwrap();
        let litter = data.path().join("inhoud/.YCuaH6.part");
        std::fs::write(&litter, "half").unwrap();
        shelf.load_with(stick.path(), "2026-11-30", &|_, _| {}).unwrap();
        assert!(!litter.exists(), "the killed write's part is gone");
        assert!(shelf.chosen(None).is_some());
    }

    #[test]
    fn a_broken_folder_changes_nothing() {
        let data = tempfile::tempdir().unwrap();
        let stick = tempfile::tempdir().unwrap();
        demo_copy(stick.path());
        let shelf = Shelf::in_data(data.path());
        shelf.load(stick.path(), "2026-11-30").unwrap();
        std::fs::write(stick.path().join("wheel.toml"), "[[topic]\nid = ").unwrap();
        match shelf.load(stick.path(), "2026-11-30") {
            Err(ShelfError::Problems(p)) => assert!(p.iter().any(|p| p.to_string().contains("wheel.toml"))),
            other => panic!("{other:?}"),
        }
        assert_eq!(shelf.chosen(None), Some(shelf.folder(1)));
        assert!(!data.path().join("inhoud/.nieuw").exists());
    }

    /// The stick pulled out halfway through the copy: one plain sentence,
    /// the content in use stays, nothing half-copied is left.
    #[test]
    fn a_stick_pulled_out_while_loading_changes_nothing() {
        let data = tempfile::tempdir().unwrap();
        let first = tempfile::tempdir().unwrap();
        demo_copy(first.path());
        let shelf = Shelf::in_data(data.path());
        shelf.load(first.path(), "2026-11-30").unwrap();
        let keuze = std::fs::read(data.path().join("inhoud/keuze.toml")).unwrap();
        let stick = tempfile::tempdir().unwrap();
        let folder = stick.path().join("rookvrij-inhoud");
        demo_copy(&folder);
        // After the first file is copied, the stick is gone.
        let pulled = |_: u64, _: u64| {
            let _ = std::fs::remove_dir_all(&folder);
        };
        let err = shelf.load_with(&folder, "2026-11-30", &pulled).unwrap_err();
        assert!(matches!(err, ShelfError::Copy(_)), "{err:?}");
        assert!(err.to_string().contains("Is de stick eruit gehaald?"), "{err}");
        assert!(err.to_string().contains("blijft in gebruik"), "{err}");
        assert_eq!(std::fs::read(data.path().join("inhoud/keuze.toml")).unwrap(), keuze);
        assert_eq!(shelf.chosen(None), Some(shelf.folder(1)));
        assert!(!data.path().join("inhoud/.nieuw").exists(), "nothing half-copied left");
        assert!(!shelf.folder(2).exists());
    }

    #[test]
    fn links_out_of_the_folder_and_too_many_files_are_refused() {
        let stick = tempfile::tempdir().unwrap();
        demo_copy(stick.path());
        std::os::unix::fs::symlink("/etc/passwd", stick.path().join("images/uit.png")).unwrap();
        let err = scan(stick.path()).unwrap_err().to_string();
        assert!(err.contains("buiten de map"), "{err}");
        std::fs::remove_file(stick.path().join("images/uit.png")).unwrap();
        let many = stick.path().join("veel");
        std::fs::create_dir(&many).unwrap();
        for i in 0..=MAX_FILES {
            std::fs::write(many.join(i.to_string()), "").unwrap();
        }
        let err = scan(stick.path()).unwrap_err().to_string();
        assert!(err.contains("meer dan 10000 bestanden"), "{err}");
        std::fs::remove_dir_all(&many).unwrap();
        // A sparse file of 501 MB: refused by its size, never read.
        let big = std::fs::File::create(stick.path().join("groot.mp4")).unwrap();
        big.set_len(MAX_BYTES + 1024 * 1024).unwrap();
        let err = scan(stick.path()).unwrap_err().to_string();
        assert!(err.contains("groter dan 500 MB"), "{err}");
    }

    #[test]
    fn the_studio_goes_on_the_stick_beside_the_content_whole() {
        let studio = tempfile::tempdir().unwrap();
        std::fs::write(studio.path().join("index.html"), "<!DOCTYPE html>").unwrap();
        std::fs::create_dir(studio.path().join("fonts")).unwrap();
        std::fs::write(studio.path().join("fonts/a.ttf"), b"font").unwrap();
        let stick = tempfile::tempdir().unwrap();
        export(None, stick.path()).unwrap();
        std::fs::create_dir(stick.path().join(STUDIO_FOLDER)).unwrap();
        std::fs::write(stick.path().join(STUDIO_FOLDER).join("oud.js"), "old").unwrap();
        let written = export_studio(studio.path(), stick.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(written, stick.path().join(STUDIO_FOLDER));
        assert_eq!(std::fs::read(written.join("fonts/a.ttf")).unwrap(), b"font");
        assert!(!written.join("oud.js").exists(), "the old studio is replaced whole");
        let mut names: Vec<_> = std::fs::read_dir(stick.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        assert_eq!(names, [STICK_FOLDER, STUDIO_FOLDER]);
        // No studio folder: a plain message naming it.
        let err = export_studio(&studio.path().join("nope"), stick.path()).unwrap_err();
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn an_export_replaces_the_folder_on_the_stick_whole() {
        let stick = tempfile::tempdir().unwrap();
        let first = export(None, stick.path()).unwrap();
        assert_eq!(first, stick.path().join(STICK_FOLDER));
        assert!(!content::check_folder(&first).has_errors());
        std::fs::write(first.join("oud.txt"), "van de vorige keer").unwrap();
        export(Some(&first.clone()), stick.path()).unwrap_or_else(|e| panic!("{e}"));
        // Exported from itself: the copy is made before the old is moved away.
        assert!(stick.path().join(STICK_FOLDER).join("oud.txt").exists());
        let names: Vec<_> = std::fs::read_dir(stick.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(names, vec![STICK_FOLDER.to_string()], "nothing left beside it");
    }
}
