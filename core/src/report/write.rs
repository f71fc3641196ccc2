//! The row formats, written in one streaming pass: CSV for Dutch Excel, JSON
//! (the export format `--import` reads back), and the terminal table.

use std::io::Write;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde_json::value::RawValue;

use super::{Report, ReportError, hour_text};

/// A cell Excel would read as a formula gets a leading apostrophe.
pub fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One name as a CSV field: guarded, then quoted by the `csv` crate when it
/// holds `;`, quotes or line breaks.
fn csv_field(cell: &str) -> Result<String, ReportError> {
    let guarded = guard(cell);
    if guarded.is_empty() {
        // Alone on a line the crate writes `""`; between other fields it is nothing.
        return Ok(String::new());
    }
    // A record of one field (the crate closes a quoted field only when the
    // record ends), without its line end.
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record([guarded]).map_err(csv_error)?;
    let mut bytes = w.into_inner().map_err(|e| ReportError::Write(e.into_error()))?;
    bytes.pop();
    String::from_utf8(bytes).map_err(|e| ReportError::Write(std::io::Error::other(e)))
}

fn csv_error(e: csv::Error) -> ReportError {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => ReportError::Write(e),
        other => ReportError::Write(std::io::Error::other(format!("{other:?}"))),
    }
}

/// CSV for Dutch Excel: UTF-8 with BOM, `;`, CRLF, formula-looking cells
/// guarded, written by the `csv` crate. Each name is quoted once, not on
/// every row: the rows' writer then only joins fields. Returns the number
/// of rows written.
pub fn write_csv(report: &Report, out: &mut impl Write) -> Result<u64, ReportError> {
    let quoted = |names: &[String]| names.iter().map(|s| csv_field(s)).collect::<Result<Vec<String>, _>>();
    let (kiosks, places) = (quoted(&report.kiosks)?, quoted(&report.places)?);
    let (events, items) = (quoted(&report.events)?, quoted(&report.items)?);
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Never)
        .from_writer(out);
    csv.write_record(["uur", "kiosk", "vindplaats", "gebeurtenis", "onderdeel", "aantal"])
        .map_err(csv_error)?;
    let mut hour = (u32::MAX, String::new());
    let mut count = itoa::Buffer::new();
    let mut n = 0;
    for r in report.rows() {
        if r.hour != hour.0 {
            hour = (r.hour, hour_text(r.hour));
        }
        csv.write_record([
            hour.1.as_str(),
            &kiosks[r.kiosk as usize],
            &places[r.place as usize],
            &events[r.event as usize],
            &items[r.item as usize],
            count.format(r.count),
        ])
        .map_err(csv_error)?;
        n += 1;
    }
    csv.flush()?;
    Ok(n)
}

/// The export: `{"rows": [...], "totals": {...}, "taps": n}`, streamed through
/// serde_json's serializer row by row, never held whole.
struct Export<'a> {
    report: &'a Report,
    rows: std::cell::Cell<u64>,
}

struct ExportRow<'a> {
    hour: &'a str,
    kiosk: &'a RawValue,
    vindplaats: &'a RawValue,
    event: &'a RawValue,
    item: &'a RawValue,
    count: u64,
}

impl Serialize for ExportRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut row = s.serialize_struct("Row", 6)?;
        row.serialize_field("hour", self.hour)?;
        row.serialize_field("kiosk", self.kiosk)?;
        row.serialize_field("vindplaats", self.vindplaats)?;
        row.serialize_field("event", self.event)?;
        row.serialize_field("item", self.item)?;
        row.serialize_field("count", &self.count)?;
        row.end()
    }
}

struct Rows<'a>(&'a Export<'a>);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let report = self.0.report;
        // Each name is escaped by serde_json once, not on every row.
        let escaped = |names: &[String]| -> Result<Vec<Box<RawValue>>, S::Error> {
            names
                .iter()
                .map(|n| {
                    serde_json::to_string(n)
                        .and_then(RawValue::from_string)
                        .map_err(serde::ser::Error::custom)
                })
                .collect()
        };
        let (kiosks, places) = (escaped(&report.kiosks)?, escaped(&report.places)?);
        let (events, items) = (escaped(&report.events)?, escaped(&report.items)?);
        let mut seq = s.serialize_seq(None)?;
        let mut hour = (u32::MAX, String::new());
        for r in report.rows() {
            if r.hour != hour.0 {
                hour = (r.hour, hour_text(r.hour));
            }
            seq.serialize_element(&ExportRow {
                hour: &hour.1,
                kiosk: &kiosks[r.kiosk as usize],
                vindplaats: &places[r.place as usize],
                event: &events[r.event as usize],
                item: &items[r.item as usize],
                count: r.count,
            })?;
            self.0.rows.set(self.0.rows.get() + 1);
        }
        seq.end()
    }
}

impl Serialize for Export<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let summary = self.report.summary();
        let totals = summary
            .per_event
            .iter()
            .enumerate()
            .filter(|(_, total)| **total > 0)
            .map(|(e, total)| (self.report.events[e].as_str(), *total));
        let mut top = s.serialize_struct("Export", 3)?;
        top.serialize_field("rows", &Rows(self))?;
        top.serialize_field("totals", &Totals(std::cell::RefCell::new(Some(totals))))?;
        top.serialize_field("taps", &summary.taps)?;
        top.end()
    }
}

struct Totals<I>(std::cell::RefCell<Option<I>>);

impl<'a, I: Iterator<Item = (&'a str, u64)>> Serialize for Totals<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.borrow_mut().take() {
            Some(totals) => s.collect_map(totals),
            None => s.serialize_map(Some(0))?.end(),
        }
    }
}

/// serde_json's compact output with a line break before each row, so a
/// person (or `grep`) can read an export line by line.
struct RowPerLine {
    depth: usize,
}

impl serde_json::ser::Formatter for RowPerLine {
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(if self.depth == 0 { b"\n}\n" } else { b"}" })
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        match (first, self.depth) {
            (true, 1) => w.write_all(b"\n"),
            (false, 1) => w.write_all(b",\n"),
            (true, _) => Ok(()),
            (false, _) => w.write_all(b", "),
        }
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        w.write_all(if self.depth == 1 { b"\n]" } else { b"]" })
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })
    }
}

/// The JSON of docs/CLI.md (`rows`, `totals`, `taps`), one row a line; what
/// `report --import` and a team's export read back. Returns the rows written.
pub fn write_json(report: &Report, out: &mut impl Write) -> Result<u64, ReportError> {
    let export = Export {
        report,
        rows: std::cell::Cell::new(0),
    };
    let mut json = serde_json::Serializer::with_formatter(&mut *out, RowPerLine { depth: 0 });
    export.serialize(&mut json).map_err(|e| match e.io_error_kind() {
        Some(kind) => ReportError::Write(std::io::Error::new(kind, e.to_string())),
        None => ReportError::Write(std::io::Error::other(e.to_string())),
    })?;
    out.flush()?;
    Ok(export.rows.get())
}

/// A readable summary for the terminal.
pub fn write_table(report: &Report, out: &mut impl Write) -> Result<(), ReportError> {
    let s = report.summary();
    let (first, last) = match s.span {
        Some((a, b)) => (hour_text(a), hour_text(b)),
        None => ("-".to_string(), "-".to_string()),
    };
    writeln!(
        out,
        "Tellingen van {first} tot en met {last}, {} kiosk(s), {} tikken\n",
        report.kiosks.len(),
        s.taps
    )?;
    if s.undated > 0 {
        writeln!(
            out,
            "Daarvan {} zonder datum (geteld terwijl de klok van een kiosk niet goed stond)\n",
            s.undated
        )?;
    }
    writeln!(out, "{:<20} {:>8}", "gebeurtenis", "aantal")?;
    for (e, n) in s.per_event.iter().enumerate() {
        if *n > 0 {
            writeln!(out, "{:<20} {n:>8}", report.events[e])?;
        }
    }
    writeln!(
        out,
        "\n{:<24} {:>9} {:>11} {:>9} {:>8}",
        "vindplaats", "bezoeken", "activiteit", "interesse", "contact"
    )?;
    let total = s.total_funnel();
    for f in s.funnel.iter().chain(std::iter::once(&total)) {
        writeln!(
            out,
            "{:<24} {:>9} {:>11} {:>9} {:>8}",
            f.place, f.visits, f.activities, f.interest, f.contacts
        )?;
    }
    out.flush()?;
    Ok(())
}
