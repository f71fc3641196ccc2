use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/builtin_media.rs"));

/// Where content files come from: a team's folder, the demo built into the
/// binary, or files already in memory (by their paths in the folder: what a
/// browser front end has after a team picks a folder).
#[derive(Debug, Clone)]
pub enum Source {
    Folder(PathBuf),
    Builtin,
    Files(Arc<BTreeMap<String, Vec<u8>>>),
}

/// Why a media path cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    Absolute,
    LeavesFolder,
    Missing,
    /// A symbolic link (or the folder itself) points outside the content folder.
    EscapesByLink,
}

/// The demo content built into the binary, file by file (path in the
/// folder, bytes): what `content export` writes when nothing was imported.
pub fn builtin_files() -> &'static [(&'static str, &'static [u8])] {
    BUILTIN_MEDIA
}

impl Source {
    pub fn folder(dir: &Path) -> Self {
        Source::Folder(dir.to_path_buf())
    }

    pub fn describe(&self) -> String {
        match self {
            Source::Folder(dir) => dir.display().to_string(),
            Source::Builtin => "ingebouwde voorbeeldinhoud".to_string(),
            Source::Files(_) => "gekozen bestanden".to_string(),
        }
    }

    /// Reads a file by its path relative to the content folder.
    pub fn read(&self, rel: &str) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Folder(dir) => std::fs::read(dir.join(rel)),
            Source::Builtin => BUILTIN_MEDIA
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(_, bytes)| bytes.to_vec())
                .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, rel.to_string())),
            Source::Files(files) => files
                .get(rel)
                .cloned()
                .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, rel.to_string())),
        }
    }

    /// The first `n` bytes of a file (all of it when shorter): enough to tell
    /// what kind it is without reading a 3 MB photo.
    pub fn read_head(&self, rel: &str, n: usize) -> std::io::Result<Vec<u8>> {
        match self {
            Source::Folder(dir) => {
                use std::io::Read;
                let mut head = Vec::with_capacity(n);
                std::fs::File::open(dir.join(rel))?
                    .take(n as u64)
                    .read_to_end(&mut head)?;
                Ok(head)
            }
            _ => self.read(rel).map(|mut b| {
                b.truncate(n);
                b
            }),
        }
    }

    /// Where a file is and how it was last written (its path, size and
    /// modification time): a file whose stamp is unchanged need not be read
    /// to find what was learned about it. None for files in memory.
    pub fn stamp(&self, rel: &str) -> Option<String> {
        let Source::Folder(dir) = self else { return None };
        let path = dir.join(rel);
        let meta = std::fs::metadata(&path).ok()?;
        let written = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(format!("{}\n{}\n{}", path.display(), meta.len(), written.as_nanos()))
    }

    /// Checks that a media path is relative, stays inside the folder (also
    /// through symbolic links) and exists.
    pub fn check_media_path(&self, rel: &str) -> Result<(), PathError> {
        let path = Path::new(rel);
        if path.is_absolute() || rel.starts_with('/') || rel.starts_with('\\') || rel.contains(':') {
            return Err(PathError::Absolute);
        }
        if path
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
            || rel.contains('\\')
        {
            return Err(PathError::LeavesFolder);
        }
        match self {
            Source::Builtin => {
                if BUILTIN_MEDIA.iter().any(|(name, _)| *name == rel) {
                    Ok(())
                } else {
                    Err(PathError::Missing)
                }
            }
            Source::Files(files) => {
                if files.contains_key(rel) {
                    Ok(())
                } else {
                    Err(PathError::Missing)
                }
            }
            Source::Folder(dir) => {
                let full = dir.join(path);
                if !full.exists() {
                    return Err(PathError::Missing);
                }
                let (Ok(root), Ok(real)) = (dir.canonicalize(), full.canonicalize()) else {
                    return Err(PathError::Missing);
                };
                if real.starts_with(&root) {
                    Ok(())
                } else {
                    Err(PathError::EscapesByLink)
                }
            }
        }
    }

    /// The file on disk for a media path, when the content is a folder.
    pub fn file_path(&self, rel: &str) -> Option<PathBuf> {
        match self {
            Source::Folder(dir) => Some(dir.join(rel)),
            Source::Builtin | Source::Files(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_may_not_leave_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("images")).unwrap();
        std::fs::write(dir.path().join("images/a.png"), b"x").unwrap();
        let src = Source::folder(dir.path());
        assert_eq!(src.check_media_path("images/a.png"), Ok(()));
        assert_eq!(src.check_media_path("/etc/passwd"), Err(PathError::Absolute));
        assert_eq!(src.check_media_path("C:/x.png"), Err(PathError::Absolute));
        assert_eq!(src.check_media_path("../a.png"), Err(PathError::LeavesFolder));
        assert_eq!(src.check_media_path("images/../../a.png"), Err(PathError::LeavesFolder));
        assert_eq!(src.check_media_path("images/b.png"), Err(PathError::Missing));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), b"x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.png"), dir.path().join("link.png")).unwrap();
        let src = Source::folder(dir.path());
        assert_eq!(src.check_media_path("link.png"), Err(PathError::EscapesByLink));
    }

    #[test]
    fn files_in_memory_are_a_content_folder() {
        let files: BTreeMap<String, Vec<u8>> = BUILTIN_MEDIA
            .iter()
            .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
            .collect();
        let src = Source::Files(Arc::new(files));
        assert_eq!(src.check_media_path("content.toml"), Ok(()));
        assert_eq!(src.check_media_path("nope.png"), Err(PathError::Missing));
        assert_eq!(src.check_media_path("../content.toml"), Err(PathError::LeavesFolder));
        let checked = crate::content::check_source(src, super::super::Depth::Quick);
        assert!(checked.content.is_some(), "{:?}", checked.problems);
    }

    #[test]
    fn builtin_media_holds_the_demo_files() {
        assert!(Source::Builtin.read("content.toml").is_ok());
        assert!(Source::Builtin.read("nope.toml").is_err());
    }
}
