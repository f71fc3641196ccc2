//! `report` over kiosks: the merge and the writers are the core's
//! ([`rookvrij_core::report`]); this adds the kiosk's own sources, its data
//! folders (SQLite) and export files on disk, read by one thread per core.

pub mod bench;

use std::path::PathBuf;

use chrono::NaiveDate;

pub use rookvrij_core::report::*;

use crate::store;

/// A source named on the command line or by the team screen.
#[derive(Debug, Clone)]
pub enum ReportSource {
    /// A kiosk's data folder (its counts database is read, never written).
    Data(PathBuf),
    /// An export file (`report --format json`).
    Import(PathBuf),
}

impl CountSource for ReportSource {
    fn scan(
        &self,
        window: &Window,
        row: &mut dyn FnMut(RawCountRef<'_>) -> Result<(), String>,
    ) -> Result<(), ReportError> {
        match self {
            ReportSource::Data(dir) => {
                let mut failed = None;
                store::scan_counts_raw(dir, &window.first_text, &window.last_text, |r| {
                    if failed.is_none()
                        && let Err(message) = row(r)
                    {
                        failed = Some(message);
                    }
                })
                .map_err(|e| ReportError::Source(e.to_string()))?;
                match failed {
                    None => Ok(()),
                    Some(message) => Err(ReportError::BadRow {
                        path: dir.join(store::DB_FILE).display().to_string(),
                        message,
                    }),
                }
            }
            ReportSource::Import(path) => {
                let name = path.display().to_string();
                let bytes = std::fs::read(path).map_err(|source| ReportError::Read {
                    path: name.clone(),
                    source,
                })?;
                ExportBytes { name, bytes: &bytes }.scan(window, row)
            }
        }
    }
}

/// Reads and merges all sources, one thread per core, keeping the hours from
/// `from` to `to` (inclusive days).
pub fn collect(
    sources: &[ReportSource],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Report, ReportError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    rookvrij_core::report::collect(sources, from, to, threads)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kiosks_read_in_parallel_with_their_own_names_merge_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        // Three data folders, each knowing only some of the names, in other orders.
        let folders: Vec<_> = [
            ("zuid", "plein", vec![("wheel_spin", "stress"), ("visit_start", "")]),
            ("noord", "markt", vec![("wheel_spin", "geld"), ("wheel_spin", "stress")]),
            (
                "west",
                "bieb",
                vec![("interest", "more_info"), ("wheel_spin", "alleen")],
            ),
        ]
        .into_iter()
        .map(|(kiosk, place, taps)| {
            let d = dir.path().join(kiosk);
            let store = store::Store::open(&d, store::StoreOptions::default());
            for (event, item) in taps {
                store.record(store::Tap {
                    hour: "2026-11-23T14".into(),
                    kiosk: kiosk.into(),
                    vindplaats: place.into(),
                    event: event.into(),
                    item: item.into(),
                });
            }
            assert!(store.flush(std::time::Duration::from_secs(10)));
            ReportSource::Data(d)
        })
        .collect();
        let r = collect(&folders, None, None).unwrap();
        assert_eq!(r.kiosks, ["noord", "west", "zuid"]);
        assert_eq!(r.items, ["", "alleen", "geld", "more_info", "stress"]);
        let rows: Vec<String> = r
            .to_rows()
            .iter()
            .map(|c| format!("{} {} {} {}", c.kiosk, c.vindplaats, c.event, c.item))
            .collect();
        assert_eq!(
            rows,
            [
                "noord markt wheel_spin geld",
                "noord markt wheel_spin stress",
                "west bieb interest more_info",
                "west bieb wheel_spin alleen",
                "zuid plein visit_start ",
                "zuid plein wheel_spin stress",
            ]
        );
    }

    #[test]
    fn a_name_that_is_not_text_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = store::Store::open(dir.path(), store::StoreOptions::default());
            store.record(store::Tap {
                hour: "2026-11-23T14".into(),
                kiosk: "k".into(),
                vindplaats: "markt".into(),
                event: "visit_start".into(),
                item: "".into(),
            });
            assert!(store.flush(std::time::Duration::from_secs(10)));
        }
        let conn = rusqlite::Connection::open(dir.path().join(store::DB_FILE)).unwrap();
        conn.execute("UPDATE counts SET vindplaats = CAST(x'ff6d61726b74' AS TEXT)", [])
            .unwrap();
        drop(conn);
        let e = collect(&[ReportSource::Data(dir.path().to_path_buf())], None, None).unwrap_err();
        assert!(e.to_string().contains("geen geldige tekst"), "{e}");
    }
}
