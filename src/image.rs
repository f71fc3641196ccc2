//! What only the kiosk image needs: the last good content and settings kept
//! on the data partition, and the screen rotation handed to the display and
//! the touch layer.
//!
//! On the image the team edits the content folder and `kiosk.toml` on the SD
//! card's FAT partition with a laptop. A mistake there must not leave the
//! kiosk dark or stop it: every good folder and settings file is copied to
//! the data partition at start, and a broken one falls back to that copy (or,
//! the first time, to the built-in content and default settings). What was
//! wrong is shown on the team screen.

use std::io;
use std::path::{Path, PathBuf};

use crate::atomic_file::{remove_any, sync_dir};
use crate::config::Config;
use crate::content::{self, Content, Problem};

/// The copies of the last good content and settings, in one folder.
pub struct LastGood {
    dir: PathBuf,
}

/// Content or settings, with the lines for the team screen about what was used.
pub struct Chosen<T> {
    pub value: T,
    pub problems: Vec<Problem>,
    /// Said on the team screen and on stderr when a fallback was used.
    pub note: Option<String>,
}

impl LastGood {
    pub fn new(dir: &Path) -> LastGood {
        LastGood { dir: dir.to_path_buf() }
    }

    pub fn content_dir(&self) -> PathBuf {
        self.dir.join("inhoud")
    }

    pub fn config_file(&self) -> PathBuf {
        self.dir.join("kiosk.toml")
    }

    /// The team's content folder when the kiosk can show it (and then it is
    /// kept), else the last good copy, else the built-in content.
    pub fn content(&self, dir: &Path) -> Chosen<Content> {
        let checked = content::check_folder(dir);
        if let Some(c) = checked.content {
            let note = self
                .keep(dir, &self.content_dir())
                .err()
                .map(|e| format!("De inhoud kon niet als laatste goede inhoud bewaard worden: {e}"));
            return Chosen {
                value: c,
                problems: checked.problems,
                note,
            };
        }
        let copy = self.content_dir();
        if copy.is_dir()
            && let Some(c) = content::check_folder(&copy).content
        {
            return Chosen {
                value: c,
                problems: checked.problems,
                note: Some(format!(
                    "De inhoud in {} heeft fouten: de kiosk toont de laatste goede inhoud.",
                    dir.display()
                )),
            };
        }
        Chosen {
            value: content::builtin(),
            problems: checked.problems,
            note: Some(format!(
                "De inhoud in {} heeft fouten: de kiosk toont de ingebouwde voorbeeldinhoud.",
                dir.display()
            )),
        }
    }

    /// `kiosk.toml` when it is right (and then it is kept), else the last good
    /// copy, else the default settings.
    pub fn config(&self, file: &Path) -> Chosen<Config> {
        let mut chosen = self.read_config(file);
        if chosen.problems.is_empty() {
            chosen.note = self
                .keep(file, &self.config_file())
                .err()
                .map(|e| format!("kiosk.toml kon niet als laatste goede instellingen bewaard worden: {e}"));
        }
        chosen
    }

    /// The settings [`LastGood::config`] would use, without keeping a copy
    /// (`image-env`, which runs before the kiosk).
    pub fn read_config(&self, file: &Path) -> Chosen<Config> {
        let problem = match Config::load(file) {
            Ok(value) => {
                return Chosen {
                    value,
                    problems: Vec::new(),
                    note: None,
                };
            }
            Err(p) => p,
        };
        let (value, used) = match Config::load(&self.config_file()) {
            Ok(c) => (c, "de laatste goede instellingen"),
            Err(_) => (Config::default(), "de standaardinstellingen"),
        };
        Chosen {
            value,
            problems: vec![problem],
            note: Some(format!("{} heeft een fout: de kiosk gebruikt {used}.", file.display())),
        }
    }

    /// Copies `from` (a file or a folder) to `to` unless `to` already holds
    /// the same bytes. The copy is written beside it, synced and renamed in
    /// place: a power cut leaves the old copy or the new one, never half.
    fn keep(&self, from: &Path, to: &Path) -> io::Result<()> {
        if same_tree(from, to)? {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let name = to
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let fresh = self.dir.join(format!(".{name}.nieuw"));
        let old = self.dir.join(format!(".{name}.oud"));
        remove_any(&fresh)?;
        remove_any(&old)?;
        copy_tree(from, &fresh)?;
        sync_dir(&self.dir)?;
        if to.exists() {
            std::fs::rename(to, &old)?;
        }
        std::fs::rename(&fresh, to)?;
        sync_dir(&self.dir)?;
        remove_any(&old)
    }
}

/// Regular files and folders only; links and devices in a content folder are skipped.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    let meta = std::fs::metadata(from)?;
    if meta.is_file() {
        std::fs::copy(from, to)?;
        return std::fs::File::open(to)?.sync_all();
    }
    std::fs::create_dir(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() || kind.is_file() {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        }
    }
    sync_dir(to)
}

/// Whether `a` and `b` hold the same files with the same bytes.
fn same_tree(a: &Path, b: &Path) -> io::Result<bool> {
    let (Ok(ma), Ok(mb)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
        return Ok(false);
    };
    if ma.is_file() && mb.is_file() {
        return Ok(ma.len() == mb.len() && std::fs::read(a)? == std::fs::read(b)?);
    }
    if !(ma.is_dir() && mb.is_dir()) {
        return Ok(false);
    }
    let names = |d: &Path| -> io::Result<Vec<std::ffi::OsString>> {
        let mut v = Vec::new();
        for e in std::fs::read_dir(d)? {
            let e = e?;
            let t = e.file_type()?;
            if t.is_dir() || t.is_file() {
                v.push(e.file_name());
            }
        }
        v.sort();
        Ok(v)
    };
    let na = names(a)?;
    if na != names(b)? {
        return Ok(false);
    }
    for n in na {
        if !same_tree(&a.join(&n), &b.join(&n))? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Slint's display backend: the renderer (`software` or `gpu`, see
/// [`Config::renderer`]) and the picture turned clockwise by `rotation` degrees.
pub fn display_env(rotation: u16, renderer: &str) -> String {
    let backend = if renderer == "gpu" {
        "linuxkms-femtovg"
    } else {
        "linuxkms-software"
    };
    format!("SLINT_BACKEND={backend}\nSLINT_KMS_ROTATION={rotation}\n")
}

/// The libinput calibration matrix that turns touch the same way as the
/// picture, as a udev property. Touch comes in as panel coordinates from 0 to
/// 1; the matrix gives window coordinates. With the picture turned 90°
/// clockwise, the window's top left sits at the panel's top right: window x
/// runs down the panel and window y runs right to left.
pub fn touch_env(rotation: u16) -> String {
    let m = match rotation {
        90 => "0 1 0 -1 0 1",
        180 => "-1 0 1 0 -1 1",
        270 => "0 -1 1 1 0 0",
        _ => "1 0 0 0 1 0",
    };
    format!("LIBINPUT_CALIBRATION_MATRIX=\"{m}\"\n")
}

/// Where a touch at panel point (`px`, `py`) (0 to 1) lands in the window,
/// by the matrix of [`touch_env`].
pub fn touch_to_window(rotation: u16, px: f32, py: f32) -> (f32, f32) {
    let line = touch_env(rotation);
    let m: Vec<f32> = line
        .trim()
        .trim_start_matches("LIBINPUT_CALIBRATION_MATRIX=")
        .trim_matches('"')
        .split(' ')
        .filter_map(|v| v.parse().ok())
        .collect();
    (m[0] * px + m[1] * py + m[2], m[3] * px + m[4] * py + m[5])
}

/// Where window point (`wx`, `wy`) (0 to 1) is drawn on the panel when Slint
/// turns the picture clockwise by `rotation`.
pub fn window_to_panel(rotation: u16, wx: f32, wy: f32) -> (f32, f32) {
    match rotation {
        90 => (1.0 - wy, wx),
        180 => (1.0 - wx, 1.0 - wy),
        270 => (wy, 1.0 - wx),
        _ => (wx, wy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touch_lands_where_its_picture_is_drawn() {
        for rotation in [0, 90, 180, 270] {
            for (wx, wy) in [(0.1, 0.2), (0.9, 0.3), (0.5, 0.5), (0.25, 0.95)] {
                let (px, py) = window_to_panel(rotation, wx, wy);
                let (bx, by) = touch_to_window(rotation, px, py);
                assert!(
                    (bx - wx).abs() < 1e-5 && (by - wy).abs() < 1e-5,
                    "rotation {rotation}: ({wx},{wy}) drawn at ({px},{py}) read back as ({bx},{by})"
                );
            }
        }
        // Turned a quarter clockwise, the window's top left is the panel's top right.
        assert_eq!(window_to_panel(90, 0.0, 0.0), (1.0, 0.0));
    }

    fn demo_copy(to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(env!("CARGO_MANIFEST_DIR").to_string() + "/media").unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
        for sub in ["images", "audio", "fonts"] {
            copy_tree(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("media").join(sub),
                &to.join(sub),
            )
            .unwrap();
        }
    }

    #[test]
    fn broken_content_falls_back_to_the_last_good_copy() {
        let tmp = tempfile::tempdir().unwrap();
        let team = tmp.path().join("team");
        demo_copy(&team);
        let keep = LastGood::new(&tmp.path().join("data/laatste-goed"));

        let first = keep.content(&team);
        assert!(first.note.is_none(), "{:?}", first.note);
        assert!(same_tree(&team, &keep.content_dir()).unwrap());

        // The team changes a label and then breaks the wheel file.
        let wheel = team.join("wheel.toml");
        let good = std::fs::read_to_string(&wheel).unwrap();
        std::fs::write(&wheel, good.replacen("label.nl = \"", "label.nl = \"Nieuw: ", 1)).unwrap();
        let second = keep.content(&team);
        assert!(second.note.is_none());
        let kept = std::fs::read_to_string(keep.content_dir().join("wheel.toml")).unwrap();
        assert!(kept.contains("Nieuw: "), "the newer good content is kept");

        std::fs::write(&wheel, "[[topic]\nid = ").unwrap();
        let third = keep.content(&team);
        assert!(
            third.note.as_deref().unwrap_or("").contains("laatste goede inhoud"),
            "{:?}",
            third.note
        );
        assert!(third.problems.iter().any(|p| p.to_string().contains("wheel.toml:")));
        assert!(
            matches!(third.value.source, content::Source::Folder(_)),
            "shown from the copy"
        );
        let kept = std::fs::read_to_string(keep.content_dir().join("wheel.toml")).unwrap();
        assert!(kept.contains("Nieuw: "), "a broken folder never replaces the copy");

        // Nothing good ever: the built-in content.
        let empty = LastGood::new(&tmp.path().join("elders"));
        let fourth = empty.content(&team);
        assert!(matches!(fourth.value.source, content::Source::Builtin));
        assert!(fourth.note.as_deref().unwrap_or("").contains("ingebouwde"));
    }

    #[test]
    fn a_broken_kiosk_toml_falls_back_to_the_last_good_one() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("kiosk.toml");
        let keep = LastGood::new(&tmp.path().join("data"));
        std::fs::write(&file, "kiosk_id = \"noord\"\nrotation = 180\n").unwrap();
        let good = keep.config(&file);
        assert_eq!((good.value.kiosk_id.as_str(), good.value.rotation), ("noord", 180));

        std::fs::write(&file, "kiosk_id = \"noord\"\nrotation = 45\n").unwrap();
        let bad = keep.config(&file);
        assert_eq!(bad.value.rotation, 180, "the last good settings");
        assert!(
            bad.problems[0].to_string().contains("kiosk.toml:2:"),
            "{}",
            bad.problems[0]
        );
        assert!(bad.note.as_deref().unwrap_or("").contains("laatste goede instellingen"));

        let fresh = LastGood::new(&tmp.path().join("nieuw"));
        let none = fresh.config(&file);
        assert_eq!(none.value, Config::default());
        assert!(none.note.as_deref().unwrap_or("").contains("standaardinstellingen"));
    }
}
