//! Files that a power cut leaves whole: the old version or the new one, never
//! half. The one way the kiosk replaces a file (`team.toml`, the export on a
//! USB stick, the image's environment files): a temporary file in the same
//! folder, written, fsynced, renamed over the old one, and the folder fsynced.

use std::fs::File;
use std::io::Write;
use std::path::Path;

/// Replaces `path` with what `fill` writes. On any error (from `fill` or the
/// disk) the temporary file is removed and `path` is left as it was.
pub fn replace<T, E: From<std::io::Error>>(path: &Path, fill: impl FnOnce(&mut File) -> Result<T, E>) -> Result<T, E> {
    let dir = folder_of(path);
    let mut tmp = tempfile::Builder::new().prefix(".").suffix(".part").tempfile_in(dir)?;
    let value = fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    // Renamed with the C library's rename() (tempfile's persist goes to the
    // kernel directly), so that the power-cut tests' model sees it. On an
    // error the temporary file is removed when `part` is dropped.
    let part = tmp.into_temp_path();
    std::fs::rename(&part, path)?;
    // Renamed: there is nothing left at the temporary name to remove.
    let _ = part.keep();
    sync_dir(dir)?;
    Ok(value)
}

/// Writes `bytes` as the whole of `path`, creating its folder when missing.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(folder_of(path))?;
    replace(path, |f| f.write_all(bytes))
}

/// Makes a folder's new and renamed entries survive a power cut.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Removes a file or a whole folder; one that is not there is no error.
pub fn remove_any(p: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
        Ok(_) => std::fs::remove_file(p),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_litter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.toml");
        write(&path, b"old").unwrap();
        let failed: Result<(), std::io::Error> = replace(&path, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_missing_folder_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/kiosk.env");
        write(&path, b"x").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"x");
    }
}
