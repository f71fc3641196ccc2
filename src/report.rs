//! `report`: merges the counters of any number of kiosks (data folders or
//! exported JSON files) and writes them as a table, CSV for Dutch Excel, or JSON.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::store::{self, CountRow};

#[derive(Debug, Clone)]
pub enum ReportSource {
    Data(PathBuf),
    Import(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{0}")]
    Store(#[from] store::StoreError),
    #[error("{path}: kan niet lezen: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path}:{line}:{column}: fout: {message}")]
    Import {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: fout: {message}")]
    BadRow { path: String, message: String },
}

#[derive(Serialize, Deserialize)]
pub struct Export {
    pub rows: Vec<CountRow>,
    #[serde(default)]
    pub totals: BTreeMap<String, u64>,
    #[serde(default)]
    pub taps: u64,
}

/// Reads and merges all sources: rows with the same key are summed.
pub fn collect(
    sources: &[ReportSource],
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<CountRow>, ReportError> {
    let mut merged: BTreeMap<(String, String, String, String, String), u64> = BTreeMap::new();
    for source in sources {
        let rows = match source {
            ReportSource::Data(dir) => store::read_counts(dir)?,
            ReportSource::Import(path) => read_export(path)?,
        };
        for r in rows {
            let day = r.hour.get(..10).unwrap_or("");
            let date = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok();
            if let (Some(from), Some(d)) = (from, date)
                && d < from
            {
                continue;
            }
            if let (Some(to), Some(d)) = (to, date)
                && d > to
            {
                continue;
            }
            *merged
                .entry((r.hour, r.kiosk, r.vindplaats, r.event, r.item))
                .or_default() += r.count;
        }
    }
    Ok(merged
        .into_iter()
        .map(|((hour, kiosk, vindplaats, event, item), count)| CountRow {
            hour,
            kiosk,
            vindplaats,
            event,
            item,
            count,
        })
        .collect())
}

fn read_export(path: &PathBuf) -> Result<Vec<CountRow>, ReportError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ReportError::Read {
        path: name.clone(),
        source,
    })?;
    let export: Export = serde_json::from_str(&text).map_err(|e| ReportError::Import {
        path: name.clone(),
        line: e.line(),
        column: e.column(),
        message: format!("dit is geen export van rookvrij-kiosk ({e})"),
    })?;
    for r in &export.rows {
        if chrono::NaiveDateTime::parse_from_str(&format!("{}:00", r.hour), "%Y-%m-%dT%H:%M").is_err()
            || r.hour.len() != 13
        {
            return Err(ReportError::BadRow {
                path: name,
                message: format!("uur \"{}\" heeft niet de vorm 2026-11-23T14", r.hour),
            });
        }
    }
    Ok(export.rows)
}

pub fn totals(rows: &[CountRow]) -> BTreeMap<String, u64> {
    let mut t = BTreeMap::new();
    for r in rows {
        *t.entry(r.event.clone()).or_default() += r.count;
    }
    t
}

pub fn to_json(rows: &[CountRow]) -> String {
    let export = Export {
        rows: rows.to_vec(),
        totals: totals(rows),
        taps: rows.iter().map(|r| r.count).sum(),
    };
    serde_json::to_string_pretty(&export).unwrap_or_else(|_| "{}".to_string())
}

/// CSV for Dutch Excel: UTF-8 with BOM, `;`, CRLF, formula-looking cells guarded.
pub fn to_csv(rows: &[CountRow]) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let _ = w.write_record(["uur", "kiosk", "vindplaats", "gebeurtenis", "onderdeel", "aantal"]);
        for r in rows {
            let count = r.count.to_string();
            let _ = w.write_record([
                guard(&r.hour).as_str(),
                guard(&r.kiosk).as_str(),
                guard(&r.vindplaats).as_str(),
                guard(&r.event).as_str(),
                guard(&r.item).as_str(),
                count.as_str(),
            ]);
        }
        let _ = w.flush();
    }
    out
}

/// A cell Excel would read as a formula gets a leading apostrophe.
fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A readable summary for the terminal.
pub fn to_table(rows: &[CountRow]) -> String {
    let mut s = String::new();
    let taps: u64 = rows.iter().map(|r| r.count).sum();
    let first = rows.iter().map(|r| r.hour.as_str()).min().unwrap_or("-");
    let last = rows.iter().map(|r| r.hour.as_str()).max().unwrap_or("-");
    let kiosks: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.kiosk.as_str()).collect();
    s.push_str(&format!(
        "Tellingen van {first} tot en met {last}, {} kiosk(s), {taps} tikken\n\n",
        kiosks.len()
    ));
    s.push_str(&format!("{:<20} {:>8}\n", "gebeurtenis", "aantal"));
    for (event, n) in totals(rows) {
        s.push_str(&format!("{event:<20} {n:>8}\n"));
    }
    let mut per_place: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for r in rows {
        *per_place.entry((r.vindplaats.as_str(), r.event.as_str())).or_default() += r.count;
    }
    s.push_str(&format!(
        "\n{:<24} {:<20} {:>8}\n",
        "vindplaats", "gebeurtenis", "aantal"
    ));
    for ((place, event), n) in per_place {
        s.push_str(&format!("{place:<24} {event:<20} {n:>8}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(hour: &str, event: &str, n: u64) -> CountRow {
        CountRow {
            hour: hour.into(),
            kiosk: "k".into(),
            vindplaats: "=markt".into(),
            event: event.into(),
            item: "".into(),
            count: n,
        }
    }

    #[test]
    fn csv_is_for_dutch_excel() {
        let csv = to_csv(&[row("2026-11-23T14", "visit_start", 3)]);
        assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "uur;kiosk;vindplaats;gebeurtenis;onderdeel;aantal\r\n2026-11-23T14;k;'=markt;visit_start;;3\r\n"
        );
    }

    #[test]
    fn json_totals_and_taps() {
        let rows = vec![
            row("2026-11-23T14", "visit_start", 3),
            row("2026-11-23T15", "interest", 2),
        ];
        let v: serde_json::Value = serde_json::from_str(&to_json(&rows)).unwrap();
        assert_eq!(v["taps"], 5);
        assert_eq!(v["totals"]["visit_start"], 3);
        assert_eq!(v["rows"][1]["hour"], "2026-11-23T15");
    }

    #[test]
    fn imports_merge_and_filter_by_date() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        std::fs::write(
            &a,
            to_json(&[
                row("2026-11-22T10", "visit_start", 1),
                row("2026-11-23T10", "visit_start", 2),
            ]),
        )
        .unwrap();
        let sources = vec![ReportSource::Import(a.clone()), ReportSource::Import(a)];
        let all = collect(&sources, None, None).unwrap();
        assert_eq!(all.iter().map(|r| r.count).sum::<u64>(), 6);
        let day = NaiveDate::from_ymd_opt(2026, 11, 23);
        let one = collect(&sources, day, day).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].count, 4);
    }

    #[test]
    fn a_broken_import_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.json");
        std::fs::write(&a, "{\"rows\": [\n  {\"hour\": 3}\n]}").unwrap();
        let e = collect(&[ReportSource::Import(a)], None, None).unwrap_err().to_string();
        assert!(e.contains("a.json:2:"), "{e}");
    }
}
