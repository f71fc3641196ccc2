//! What the kiosk learned about a content file, kept on the data disk by the
//! file's hash (BLAKE3): a recording's length and loudness, a photo fitted to
//! the screen. A start with unchanged content decodes no recording and no
//! photo again; a changed file has a new hash and is learned anew.
//!
//! The folder is a cache: a file in it that cannot be read is learned again,
//! and writing into it may fail (a full or read-only disk) without harm.
//! The studio in a browser keeps the same entries in memory
//! ([`Known::in_memory`]): a keystroke does not decode the recordings again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::content::Source;
use crate::recording::Heard;

/// A file's hash: 128 bits of BLAKE3, as hex.
pub fn hash(bytes: &[u8]) -> String {
    let full = blake3::hash(bytes).to_hex();
    full[..32].to_string()
}

/// The entries of a cache in memory, by the path they would have on disk.
type Entries = Arc<Mutex<HashMap<PathBuf, Vec<u8>>>>;

/// The cache folder (`<data>/known`), or its entries in memory.
#[derive(Debug, Clone)]
pub struct Known {
    dir: PathBuf,
    memory: Option<Entries>,
}

impl Known {
    /// The cache in a kiosk's data folder.
    pub fn in_data(data_dir: &Path) -> Known {
        Known {
            dir: data_dir.join("known"),
            memory: None,
        }
    }

    /// A cache that lives as long as this value and its clones.
    pub fn in_memory() -> Known {
        Known {
            dir: PathBuf::new(),
            memory: Some(Arc::default()),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, hash: &str, ending: &str) -> PathBuf {
        self.dir.join(format!("{hash}{ending}"))
    }

    fn read(&self, path: &Path) -> Option<Vec<u8>> {
        match &self.memory {
            Some(m) => m.lock().ok()?.get(path).cloned(),
            None => std::fs::read(path).ok(),
        }
    }

    /// The hash of a content file whose stamp ([`Source::stamp`]: path, size,
    /// modification time) was seen before: found without reading the file.
    pub fn hash_by_stamp(&self, source: &Source, rel: &str) -> Option<String> {
        let stamp = source.stamp(rel)?;
        let hash = String::from_utf8(self.read(&self.path(&hash(stamp.as_bytes()), ".stamp"))?).ok()?;
        (hash.len() == 32 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
    }

    /// The hash of a file's bytes, and its stamp kept so the next look
    /// need not read it.
    pub fn learn_hash(&self, source: &Source, rel: &str, bytes: &[u8]) -> String {
        let h = hash(bytes);
        if let Some(stamp) = source.stamp(rel) {
            self.write(&self.path(&hash(stamp.as_bytes()), ".stamp"), h.as_bytes());
        }
        h
    }

    /// What a full decode learned about the recording with this hash.
    pub fn recording(&self, hash: &str) -> Option<Heard> {
        let bytes = self.read(&self.path(hash, ".heard.json"))?;
        serde_json::from_slice(&bytes).ok()
    }

    pub fn keep_recording(&self, hash: &str, heard: &Heard) {
        if let Ok(json) = serde_json::to_vec(heard) {
            self.write(&self.path(hash, ".heard.json"), &json);
        }
    }

    /// The photo with this hash, fitted into `shown`, as kept.
    pub fn photo(&self, hash: &str, shown: (u32, u32)) -> Option<image::RgbaImage> {
        let bytes = self.read(&self.photo_path(hash, shown))?;
        let picture = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png).ok()?;
        Some(picture.into_rgba8())
    }

    /// Keeps a photo fitted into `shown`, and the size it has (upright).
    pub fn keep_photo(&self, hash: &str, shown: (u32, u32), fitted: &crate::picture::Fitted) {
        let mut png = Vec::new();
        if crate::picture::write_png_rgba(&mut png, &fitted.image).is_ok() {
            if let Ok(json) = serde_json::to_vec(&fitted.original) {
                self.write(&self.path(hash, ".size.json"), &json);
            }
            self.write(&self.photo_path(hash, shown), &png);
        }
    }

    /// The size (upright) of a photo that was decoded whole and kept: it
    /// need not be decoded again to be checked.
    pub fn photo_size(&self, hash: &str, shown: (u32, u32)) -> Option<(u32, u32)> {
        let kept = match &self.memory {
            Some(m) => m.lock().ok()?.contains_key(&self.photo_path(hash, shown)),
            None => self.photo_path(hash, shown).is_file(),
        };
        if !kept {
            return None;
        }
        let bytes = self.read(&self.path(hash, ".size.json"))?;
        serde_json::from_slice(&bytes).ok()
    }

    fn photo_path(&self, hash: &str, shown: (u32, u32)) -> PathBuf {
        self.path(hash, &format!("-{}x{}.png", shown.0, shown.1))
    }

    /// Written beside, then renamed: a reader sees the old file or the new
    /// one, never half. No fsync: a cache lost in a power cut is learned again.
    fn write(&self, path: &Path, bytes: &[u8]) {
        if let Some(m) = &self.memory {
            if let Ok(mut m) = m.lock() {
                m.insert(path.to_path_buf(), bytes.to_vec());
            }
            return;
        }
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let temp = path.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&temp, bytes).is_ok() && std::fs::rename(&temp, path).is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_in_memory_is_shared_by_its_clones_and_touches_no_disk() {
        let known = Known::in_memory();
        let h = hash(b"a recording");
        assert_eq!(known.recording(&h), None);
        let heard = Heard {
            length_ms: 900,
            loudness: Some(-20.0),
            true_peak: None,
            lead_ms: 0,
        };
        known.clone().keep_recording(&h, &heard);
        assert_eq!(known.recording(&h), Some(heard));
        assert_eq!(known.recording(&hash(b"another")), None);
        assert_eq!(known.dir(), Path::new(""));
    }

    #[test]
    fn a_recording_learned_once_is_known_by_its_hash() {
        let dir = tempfile::tempdir().unwrap();
        let known = Known::in_data(dir.path());
        let h = hash(b"some recording");
        assert_eq!(h.len(), 32);
        assert_ne!(h, hash(b"some recording, changed"));
        assert_eq!(known.recording(&h), None);
        let heard = Heard {
            length_ms: 1234,
            loudness: Some(-23.5),
            true_peak: Some(-3.0),
            lead_ms: 500,
        };
        known.keep_recording(&h, &heard);
        assert_eq!(known.recording(&h), Some(heard));
        // A damaged cache file is not known (and learned again), not a crash.
        std::fs::write(known.path(&h, ".heard.json"), b"{ half").unwrap();
        assert_eq!(known.recording(&h), None);
    }

    #[test]
    fn a_photo_kept_comes_back_with_the_same_pixels() {
        let dir = tempfile::tempdir().unwrap();
        let known = Known::in_data(dir.path());
        let picture = image::RgbaImage::from_fn(30, 20, |x, y| image::Rgba([x as u8 * 8, y as u8 * 12, 7, 255]));
        let fitted = crate::picture::Fitted {
            image: picture.clone(),
            original: (3000, 2000),
        };
        known.keep_photo("abc", (560, 820), &fitted);
        assert_eq!(known.photo("abc", (560, 820)), Some(picture));
        assert_eq!(known.photo_size("abc", (560, 820)), Some((3000, 2000)));
        assert_eq!(known.photo("abc", (100, 100)), None, "another size is another file");
    }

    /// The demo content checked twice with one data folder: the second
    /// check reads what the first learned, and decodes no recording.
    #[test]
    fn a_second_check_of_unchanged_content_decodes_no_recording() {
        let media = Path::new(env!("CARGO_MANIFEST_DIR")).join("../media");
        let data = tempfile::tempdir().unwrap();
        let known = Known::in_data(data.path());
        let first = crate::content::check_folder_known(&media, crate::content::Depth::Full, Some(known.clone()));
        let content = first.content.unwrap();
        let story = &content.stories[0];
        let (_, recording) = story.audio.iter().next().unwrap();
        let hash = hash(&std::fs::read(media.join(&recording.path)).unwrap());
        let heard = known.recording(&hash).expect("learned by the first check");
        assert!((recording.gain - heard.gain()).abs() < 1e-6);
        // What is kept is what the next start uses: a kept loudness 10 LU lower
        // (and a low peak) is played louder, which a new decode would not say.
        let quieter = Heard {
            loudness: heard.loudness.map(|l| l - 10.0),
            true_peak: Some(-30.0),
            ..heard
        };
        known.keep_recording(&hash, &quieter);
        let second = crate::content::check_folder_known(&media, crate::content::Depth::Quick, Some(known));
        let again = &second.content.unwrap().stories[0].audio[&story.audio.keys().next().unwrap().clone()];
        assert!(
            (again.gain - quieter.gain()).abs() < 1e-6,
            "{} {}",
            again.gain,
            quieter.gain()
        );
        assert!(
            20.0 * (again.gain / recording.gain).log10() > 9.0,
            "{} {}",
            again.gain,
            recording.gain
        );
    }

    #[test]
    fn a_file_seen_before_is_known_by_its_stamp_until_it_changes() {
        let content = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let known = Known::in_data(data.path());
        let source = Source::folder(content.path());
        std::fs::write(content.path().join("a.ogg"), b"first").unwrap();
        assert_eq!(known.hash_by_stamp(&source, "a.ogg"), None);
        let h = known.learn_hash(&source, "a.ogg", b"first");
        assert_eq!(known.hash_by_stamp(&source, "a.ogg"), Some(h));
        std::fs::write(content.path().join("a.ogg"), b"second, longer").unwrap();
        assert_eq!(known.hash_by_stamp(&source, "a.ogg"), None, "changed: read again");
        assert_eq!(known.hash_by_stamp(&Source::Builtin, "audio/ria-nl.ogg"), None);
    }

    #[test]
    fn an_unwritable_cache_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        let known = Known::in_data(&file);
        known.keep_recording(
            "abc",
            &Heard {
                length_ms: 1,
                loudness: None,
                true_peak: None,
                lead_ms: 0,
            },
        );
        assert_eq!(known.recording("abc"), None);
    }
}
