//! How fast `report` is over many kiosks: generates data folders (10 open
//! hours a day, about 40 event/item pairs an hour, as a busy kiosk counts)
//! and times every format, with the peak memory of each.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;
use serde::Serialize;

use super::{ReportSource, collect, hour_text, parse_hour, write_csv, write_html, write_json, write_table, write_xlsx};
use crate::store::{DB_FILE, Store, StoreOptions};

/// The pairs a kiosk counts; each open hour counts about 40 of them.
fn pairs() -> Vec<(&'static str, String)> {
    let mut p: Vec<(&'static str, String)> = vec![("visit_start", String::new())];
    for a in ["wheel", "quiz", "stories", "help"] {
        p.push(("activity_open", a.into()));
    }
    for t in [
        "geld",
        "stress",
        "familie",
        "gezondheid",
        "wat-het-geeft",
        "tegenhouden",
        "eerder-geprobeerd",
        "vapen",
    ] {
        p.push(("wheel_spin", t.into()));
    }
    for l in ["nl", "en", "tr", "ar"] {
        p.push(("language_choose", l.into()));
    }
    for r in 0..12 {
        p.push(("quiz_guess_range", format!("marktplein/{}-{}", r * 100, r * 100 + 99)));
    }
    for s in ["ria", "hasan", "samira", "kees"] {
        p.push(("story_open", s.into()));
        p.push(("story_listen_end", s.into()));
    }
    for i in ["more_info", "want_to_quit", "not_now"] {
        p.push(("interest", i.into()));
    }
    for h in ["stoplijn", "coach", "groep", "online"] {
        p.push(("help_contact_show", h.into()));
    }
    p.push(("quiz_guess", "marktplein".into()));
    p.push(("quiz_cost_open", String::new()));
    p
}

/// Writes `kiosks` data folders under `dir`, each with `days` days of counts.
/// Folders already there with the right size are kept (a rerun is quick).
pub fn generate(dir: &Path, kiosks: usize, days: u32) -> Result<Vec<PathBuf>, String> {
    let pairs = pairs();
    let places = ["markt", "buurthuis", "bibliotheek", "moskee", "huisartsenpost"];
    let start = parse_hour("2025-01-01T00").unwrap_or(0);
    let mut out = Vec::new();
    for k in 0..kiosks {
        let folder = dir.join(format!("kiosk-{k:03}"));
        let marker = folder.join(format!("ready-{days}"));
        out.push(folder.clone());
        if marker.exists() {
            continue;
        }
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
        // The real schema, made by the store itself.
        drop(Store::open(&folder, StoreOptions::default()));
        let mut conn = Connection::open(folder.join(DB_FILE)).map_err(|e| e.to_string())?;
        conn.pragma_update(None, "synchronous", "OFF")
            .map_err(|e| e.to_string())?;
        let tx = conn.transaction().map_err(|e| e.to_string())?;
        {
            let mut insert = tx
                .prepare("INSERT INTO counts (hour, kiosk, vindplaats, event, item, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .map_err(|e| e.to_string())?;
            let mut rng = ChaCha8Rng::seed_from_u64(k as u64);
            let kiosk = format!("kiosk-{k:03}");
            for day in 0..days {
                let place = places[(day as usize + k) % places.len()];
                for h in 9..19 {
                    let hour = hour_text(start + day * 24 + h);
                    let mut chosen: Vec<usize> = (0..pairs.len()).collect();
                    // About 40 distinct pairs an hour.
                    let n = rng.random_range(36..=44).min(pairs.len());
                    for i in 0..n {
                        let j = rng.random_range(i..chosen.len());
                        chosen.swap(i, j);
                    }
                    for &c in &chosen[..n] {
                        let (event, item) = &pairs[c];
                        insert
                            .execute(rusqlite::params![
                                hour,
                                kiosk,
                                place,
                                event,
                                item,
                                rng.random_range(1..6)
                            ])
                            .map_err(|e| e.to_string())?;
                    }
                }
            }
        }
        tx.commit().map_err(|e| e.to_string())?;
        std::fs::write(&marker, b"").map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct FormatResult {
    pub format: String,
    pub seconds: f64,
    pub peak_mb: f64,
    pub bytes: u64,
}

#[derive(Debug, Serialize)]
pub struct ReportBench {
    pub kiosks: usize,
    pub days: u32,
    pub rows: u64,
    pub formats: Vec<FormatResult>,
}

/// Resets the process's peak memory (Linux: /proc/self/clear_refs), so each
/// format's peak is its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory since the last reset, in MB.
pub fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| (kb / 1024.0 * 10.0).round() / 10.0)
        .unwrap_or(0.0)
}

/// Times every format over the folders: reading and merging included, the
/// output written to a file in `out_dir`.
pub fn measure(folders: &[PathBuf], out_dir: &Path, days: u32) -> Result<ReportBench, String> {
    let sources: Vec<ReportSource> = folders.iter().cloned().map(ReportSource::Data).collect();
    let mut formats = Vec::new();
    let mut rows = 0;
    for format in ["table", "csv", "json", "html", "xlsx"] {
        reset_peak();
        let started = Instant::now();
        let report = collect(&sources, None, None).map_err(|e| e.to_string())?;
        let path = out_dir.join(format!("report.{format}"));
        let file = std::fs::File::create(&path).map_err(|e| e.to_string())?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        match format {
            "table" => write_table(&report, &mut w).map_err(|e| e.to_string())?,
            "csv" => rows = write_csv(&report, &mut w).map_err(|e| e.to_string())?,
            "json" => {
                write_json(&report, &mut w).map_err(|e| e.to_string())?;
            }
            "html" => write_html(&report, &mut w).map_err(|e| e.to_string())?,
            _ => {
                write_xlsx(&report, &mut w).map_err(|e| e.to_string())?;
            }
        }
        drop(w);
        drop(report);
        let seconds = started.elapsed().as_secs_f64();
        formats.push(FormatResult {
            format: format.to_string(),
            seconds: (seconds * 100.0).round() / 100.0,
            peak_mb: peak_mb(),
            bytes: std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
        });
    }
    Ok(ReportBench {
        kiosks: folders.len(),
        days,
        rows,
        formats,
    })
}
