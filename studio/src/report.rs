//! The kiosks' exports dropped on the page, merged by the kiosk's own report
//! code: the summary on screen, and the xlsx, csv and html downloads.

use rookvrij_core::report::{ExportBytes, Report, collect, hour_text, write_csv, write_html, write_xlsx};
use serde_json::{Value, json};

/// The exports dropped so far, by file name.
#[derive(Default)]
pub struct Reports {
    exports: Vec<(String, Vec<u8>)>,
}

impl Reports {
    pub fn new() -> Reports {
        Reports::default()
    }

    /// Adds an export; a file with the same name replaces the earlier one.
    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.exports.retain(|(n, _)| n != name);
        self.exports.push((name.to_string(), bytes));
    }

    pub fn clear(&mut self) {
        self.exports.clear();
    }

    pub fn names(&self) -> Vec<String> {
        self.exports.iter().map(|(n, _)| n.clone()).collect()
    }

    /// Merges every export (one thread: a browser has one). The message
    /// names the file and line of a broken export, as `report` does.
    pub fn merged(&self) -> Result<Report, String> {
        let sources: Vec<ExportBytes> = self
            .exports
            .iter()
            .map(|(name, bytes)| ExportBytes {
                name: name.clone(),
                bytes,
            })
            .collect();
        collect(&sources, None, None, 1).map_err(|e| e.to_string())
    }

    /// The sums for the screen: totals, per event, per kiosk, the funnel per
    /// vindplaats and visits per day.
    pub fn summary(&self) -> Result<Value, String> {
        let report = self.merged()?;
        let s = report.summary();
        let per_event: serde_json::Map<String, Value> = report
            .events
            .iter()
            .zip(&s.per_event)
            .map(|(e, n)| (e.clone(), json!(n)))
            .collect();
        let per_kiosk: serde_json::Map<String, Value> = report
            .kiosks
            .iter()
            .zip(&s.per_kiosk)
            .map(|(k, n)| (k.clone(), json!(n)))
            .collect();
        let funnel: Vec<Value> = s
            .funnel
            .iter()
            .map(|f| {
                json!({ "place": f.place, "visits": f.visits, "activities": f.activities,
                        "interest": f.interest, "contacts": f.contacts })
            })
            .collect();
        let days: Vec<Value> = s
            .visits_per_day
            .iter()
            .map(|(d, n)| json!([d.format("%Y-%m-%d").to_string(), n]))
            .collect();
        Ok(json!({
            "files": self.names(),
            "taps": s.taps,
            "undated": s.undated,
            "first": s.span.map(|(a, _)| hour_text(a)),
            "last": s.span.map(|(_, b)| hour_text(b)),
            "per_event": per_event,
            "per_kiosk": per_kiosk,
            "funnel": funnel,
            "visits_per_day": days,
        }))
    }

    pub fn html(&self) -> Result<String, String> {
        let mut out = Vec::new();
        write_html(&self.merged()?, &mut out).map_err(|e| e.to_string())?;
        String::from_utf8(out).map_err(|e| e.to_string())
    }

    pub fn csv(&self) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        write_csv(&self.merged()?, &mut out).map_err(|e| e.to_string())?;
        Ok(out)
    }

    pub fn xlsx(&self) -> Result<Vec<u8>, String> {
        let mut out = std::io::Cursor::new(Vec::new());
        write_xlsx(&self.merged()?, &mut out).map_err(|e| e.to_string())?;
        Ok(out.into_inner())
    }
}
