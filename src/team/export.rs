//! Export to a USB stick: finds a mounted removable drive and writes this
//! kiosk's counts as json, csv, xlsx and html. Each file is written under a
//! temporary name, synced, then renamed: a stick pulled out early leaves no
//! half file under the real name. A read-only or full stick is said plainly.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::report::{self, ReportError, ReportSource};

/// The folder made on the stick.
pub const FOLDER: &str = "rookvrij-export";

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("Geen USB-stick gevonden. Steek een stick in de kiosk en probeer het opnieuw.")]
    NoStick,
    #[error("Nog niets geteld: er is niets om te exporteren.")]
    NothingCounted,
    #[error("De USB-stick {0} is alleen-lezen (schuifje 'lock' aan de zijkant?). Er is niets geschreven.")]
    ReadOnly(PathBuf),
    #[error("De USB-stick {0} is vol. Maak ruimte vrij en probeer het opnieuw. Er is niets half achtergebleven.")]
    Full(PathBuf),
    #[error("Kan de tellingen niet lezen: {0}")]
    Read(String),
    #[error("Schrijven op {path} lukte niet: {message}")]
    Write { path: PathBuf, message: String },
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub dir: PathBuf,
    /// File names with their size in bytes.
    pub files: Vec<(String, u64)>,
    /// Rows of counts in each file.
    pub rows: usize,
}

/// Mount points of removable drives from `/proc/mounts`: a USB disk
/// (its `/sys/block` device sits on a USB bus, or says it is removable),
/// never the kiosk's own SD card or system disk.
pub fn removable_mounts(mounts: &str, sys_block: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for line in mounts.lines() {
        let mut parts = line.split_whitespace();
        let (Some(device), Some(mount), Some(fstype)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(dev) = device.strip_prefix("/dev/") else {
            continue;
        };
        if !matches!(
            fstype,
            "vfat" | "exfat" | "ntfs" | "ntfs3" | "fuseblk" | "ext4" | "ext3" | "ext2" | "btrfs" | "xfs"
        ) {
            continue;
        }
        // sdb1 → sdb; the whole disk is what /sys/block knows.
        let disk: String = if dev.starts_with("sd") {
            dev.trim_end_matches(|c: char| c.is_ascii_digit()).to_string()
        } else {
            continue;
        };
        let block = sys_block.join(&disk);
        let removable = std::fs::read_to_string(block.join("removable")).is_ok_and(|s| s.trim() == "1");
        let on_usb = std::fs::canonicalize(&block).is_ok_and(|p| p.to_string_lossy().contains("/usb"));
        if removable || on_usb {
            found.push(PathBuf::from(unescape_mount(mount)));
        }
    }
    found
}

/// `/proc/mounts` writes a space as `\040`.
fn unescape_mount(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 3 < b.len() && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c)) {
            let v = (b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0');
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where to export: the configured folder, else the first removable drive mounted.
pub fn find_target(configured: Option<&Path>) -> Result<PathBuf, ExportError> {
    if let Some(dir) = configured {
        return if dir.is_dir() {
            Ok(dir.to_path_buf())
        } else {
            Err(ExportError::NoStick)
        };
    }
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
    removable_mounts(&mounts, Path::new("/sys/block"))
        .into_iter()
        .next()
        .ok_or(ExportError::NoStick)
}

/// Writes this kiosk's counts into `<target>/rookvrij-export/` as
/// `rookvrij-<kiosk>-<day>.{json,csv,xlsx,html}`.
pub fn export(data_dir: &Path, target: &Path, kiosk_id: &str, day: &str) -> Result<Exported, ExportError> {
    if !data_dir.join(crate::store::DB_FILE).exists() {
        return Err(ExportError::NothingCounted);
    }
    let report = report::collect(&[ReportSource::Data(data_dir.to_path_buf())], None, None)
        .map_err(|e| ExportError::Read(e.to_string()))?;
    if report.is_empty() {
        return Err(ExportError::NothingCounted);
    }
    let rows = report.len();
    let dir = target.join(FOLDER);
    std::fs::create_dir_all(&dir).map_err(|e| classify(target, &e))?;
    let base = format!("rookvrij-{kiosk_id}-{day}");
    let mut files = Vec::new();
    for ext in ["json", "csv", "xlsx", "html"] {
        let name = format!("{base}.{ext}");
        let bytes = write_one(&dir.join(&name), |w| match ext {
            "json" => report::write_json(&report, w).map(|_| ()),
            "csv" => report::write_csv(&report, w).map(|_| ()),
            "xlsx" => report::write_xlsx(&report, w).map(|_| ()),
            _ => report::write_html(&report, w),
        })
        .map_err(|e| match e {
            Failure::Io(e) => classify(target, &e),
            Failure::Report(e) => ExportError::Write {
                path: dir.join(&name),
                message: e.to_string(),
            },
        })?;
        files.push((name, bytes));
    }
    Ok(Exported { dir, files, rows })
}

enum Failure {
    Io(std::io::Error),
    Report(ReportError),
}

/// Remembers the first I/O error, which the report writers may wrap in their own.
struct Watched<W> {
    inner: W,
    bytes: u64,
    error: Option<std::io::Error>,
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.inner.write(buf) {
            Ok(n) => {
                self.bytes += n as u64;
                Ok(n)
            }
            Err(e) => {
                let copy = std::io::Error::new(e.kind(), e.to_string());
                self.error.get_or_insert(e);
                Err(copy)
            }
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| {
            if self.error.is_none() {
                self.error = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        })
    }
}

fn write_one(
    path: &Path,
    write: impl FnOnce(&mut Watched<std::io::BufWriter<&mut std::fs::File>>) -> Result<(), ReportError>,
) -> Result<u64, Failure> {
    crate::atomic_file::replace(path, |file| {
        let mut w = Watched {
            inner: std::io::BufWriter::with_capacity(1 << 16, file),
            bytes: 0,
            error: None,
        };
        match write(&mut w).and_then(|()| w.flush().map_err(ReportError::from)) {
            Ok(()) => Ok(w.bytes),
            Err(e) => Err(match w.error.take() {
                Some(io) => Failure::Io(io),
                None => Failure::Report(e),
            }),
        }
    })
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

fn classify(target: &Path, e: &std::io::Error) -> ExportError {
    use std::io::ErrorKind::*;
    const ENOSPC: i32 = 28;
    const EDQUOT: i32 = 122;
    const EROFS: i32 = 30;
    match (e.kind(), e.raw_os_error()) {
        (StorageFull | QuotaExceeded, _) | (_, Some(ENOSPC | EDQUOT)) => ExportError::Full(target.to_path_buf()),
        (ReadOnlyFilesystem | PermissionDenied, _) | (_, Some(EROFS)) => ExportError::ReadOnly(target.to_path_buf()),
        _ => ExportError::Write {
            path: target.to_path_buf(),
            message: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_usb_disks_are_export_targets() {
        let sys = tempfile::tempdir().unwrap();
        let mk = |disk: &str, removable: &str| {
            let d = sys.path().join(disk);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("removable"), removable).unwrap();
        };
        mk("sda", "0\n");
        mk("sdb", "1\n");
        let mounts = "/dev/mmcblk0p2 / ext4 ro 0 0\n\
                      /dev/sda1 /srv ext4 rw 0 0\n\
                      tmpfs /tmp tmpfs rw 0 0\n\
                      /dev/sdb1 /media/USB\\040STICK vfat rw 0 0\n";
        assert_eq!(
            removable_mounts(mounts, sys.path()),
            vec![PathBuf::from("/media/USB STICK")]
        );
    }

    #[test]
    fn an_empty_kiosk_or_a_missing_stick_says_so() {
        let data = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        assert!(matches!(
            find_target(Some(&to.path().join("nope"))),
            Err(ExportError::NoStick)
        ));
        let e = export(data.path(), to.path(), "k", "2026-11-23").unwrap_err();
        assert!(matches!(e, ExportError::NothingCounted), "{e}");
    }

    #[test]
    fn disk_errors_become_plain_words() {
        let full = std::io::Error::from_raw_os_error(28);
        assert!(matches!(classify(Path::new("/m"), &full), ExportError::Full(_)));
        let ro = std::io::Error::from_raw_os_error(30);
        let e = classify(Path::new("/m"), &ro);
        assert!(e.to_string().contains("alleen-lezen"), "{e}");
    }
}
