//! A real Excel workbook (rust_xlsxwriter): a summary sheet with the funnel
//! per vindplaats and the totals, and the counts table.
//!
//! Excel holds at most 1,048,576 rows a sheet. Up to a million rows the counts
//! sheet is the same hour table as the CSV; a bigger report (many kiosks over
//! a year) gets day rows, on as many sheets as they need, and says so. The CSV
//! keeps every hour.

use std::collections::HashMap;
use std::io::Write;

use rust_xlsxwriter::{Format, Workbook};

use super::write::guard;
use super::{Report, ReportError, hour_date, hour_text};

/// Rows a counts sheet holds before the next one starts.
pub const ROWS_PER_SHEET: u32 = 1_000_000;

fn err(e: rust_xlsxwriter::XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// How the counts sheet groups time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    Hour,
    Day,
}

/// Writes the workbook; returns the grain of its counts sheet and its rows.
pub fn write_xlsx(report: &Report, out: &mut impl Write) -> Result<(Grain, u64), ReportError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let summary = report.summary();

    let sheet = book.add_worksheet();
    sheet.set_name("Samenvatting").map_err(err)?;
    sheet.set_column_width(0, 28).map_err(err)?;
    for c in 1..=4 {
        sheet.set_column_width(c, 14).map_err(err)?;
    }
    let (first, last) = match summary.span {
        Some((a, b)) => (hour_text(a), hour_text(b)),
        None => ("-".into(), "-".into()),
    };
    sheet
        .write_string_with_format(0, 0, "Rookvrij-kiosk: tellingen", &bold)
        .map_err(err)?;
    sheet
        .write_string(1, 0, format!("van {first} tot en met {last}"))
        .map_err(err)?;
    sheet
        .write_string(
            2,
            0,
            format!("{} kiosk(s), {} tikken", report.kiosks.len(), summary.taps),
        )
        .map_err(err)?;
    let mut row = 4;
    for (c, h) in [
        "vindplaats",
        "bezoeken",
        "activiteit open",
        "interesse",
        "contact getoond",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, c as u16, *h, &bold).map_err(err)?;
    }
    let total = summary.total_funnel();
    for f in summary.funnel.iter().chain(std::iter::once(&total)) {
        row += 1;
        sheet.write_string(row, 0, guard(&f.place)).map_err(err)?;
        for (c, n) in [f.visits, f.activities, f.interest, f.contacts].into_iter().enumerate() {
            sheet.write_number(row, c as u16 + 1, n as f64).map_err(err)?;
        }
    }
    row += 2;
    sheet
        .write_string_with_format(row, 0, "gebeurtenis", &bold)
        .map_err(err)?;
    sheet.write_string_with_format(row, 1, "aantal", &bold).map_err(err)?;
    for (e, n) in summary.per_event.iter().enumerate() {
        if *n > 0 {
            row += 1;
            sheet.write_string(row, 0, guard(&report.events[e])).map_err(err)?;
            sheet.write_number(row, 1, *n as f64).map_err(err)?;
        }
    }
    row += 2;
    sheet.write_string_with_format(row, 0, "kiosk", &bold).map_err(err)?;
    sheet.write_string_with_format(row, 1, "tikken", &bold).map_err(err)?;
    for (k, n) in summary.per_kiosk.iter().enumerate() {
        row += 1;
        sheet.write_string(row, 0, guard(&report.kiosks[k])).map_err(err)?;
        sheet.write_number(row, 1, *n as f64).map_err(err)?;
    }

    let unmerged: usize = report.each().count();
    let grain = if unmerged <= ROWS_PER_SHEET as usize {
        Grain::Hour
    } else {
        Grain::Day
    };
    let names = Names {
        kiosks: report.kiosks.iter().map(|s| guard(s)).collect(),
        places: report.places.iter().map(|s| guard(s)).collect(),
        events: report.events.iter().map(|s| guard(s)).collect(),
        items: report.items.iter().map(|s| guard(s)).collect(),
    };
    let mut sheets = Sheets {
        grain,
        sheet: None,
        number: 0,
        row: 0,
        written: 0,
        bold: bold.clone(),
    };
    match grain {
        Grain::Hour => {
            for r in report.rows() {
                sheets.put(
                    &mut book,
                    &hour_text(r.hour),
                    &names,
                    [r.kiosk, r.place, r.event, r.item],
                    r.count,
                )?;
            }
        }
        Grain::Day => {
            // Rows come by hour, so a day's rows come together: sum them, then
            // write the day sorted like the rest.
            let mut day = None;
            let mut sums: HashMap<[u32; 4], u64> = HashMap::new();
            let flush = |book: &mut Workbook, sheets: &mut Sheets, day: u32, sums: &mut HashMap<[u32; 4], u64>| {
                let text = if day * 24 == super::UNDATED_HOUR {
                    super::UNDATED.to_string()
                } else {
                    hour_date(day * 24).format("%Y-%m-%d").to_string()
                };
                let mut rows: Vec<_> = sums.drain().collect();
                rows.sort_unstable();
                for (k, n) in rows {
                    sheets.put(book, &text, &names, k, n)?;
                }
                Ok::<(), ReportError>(())
            };
            for r in report.rows() {
                let d = r.hour / 24;
                if day != Some(d) {
                    if let Some(prev) = day {
                        flush(&mut book, &mut sheets, prev, &mut sums)?;
                    }
                    day = Some(d);
                }
                *sums.entry([r.kiosk, r.place, r.event, r.item]).or_default() += r.count;
            }
            if let Some(prev) = day {
                flush(&mut book, &mut sheets, prev, &mut sums)?;
            }
        }
    }
    if sheets.sheet.is_none() {
        sheets.open(&mut book)?;
    }
    let bytes = book.save_to_buffer().map_err(err)?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok((grain, sheets.written))
}

struct Names {
    kiosks: Vec<String>,
    places: Vec<String>,
    events: Vec<String>,
    items: Vec<String>,
}

/// The counts sheets, one after another as they fill.
struct Sheets {
    grain: Grain,
    /// The index in the workbook of the sheet being filled.
    sheet: Option<usize>,
    number: u32,
    row: u32,
    written: u64,
    bold: Format,
}

impl Sheets {
    fn open(&mut self, book: &mut Workbook) -> Result<(), ReportError> {
        self.number += 1;
        let s = book.add_worksheet_with_constant_memory().map_err(err)?;
        let name = if self.number == 1 {
            "Tellingen".to_string()
        } else {
            format!("Tellingen {}", self.number)
        };
        s.set_name(name).map_err(err)?;
        let first = match self.grain {
            Grain::Hour => "uur",
            Grain::Day => "dag",
        };
        for (c, h) in [first, "kiosk", "vindplaats", "gebeurtenis", "onderdeel", "aantal"]
            .iter()
            .enumerate()
        {
            s.write_string_with_format(0, c as u16, *h, &self.bold).map_err(err)?;
        }
        s.set_column_width(0, 15).map_err(err)?;
        for c in 1..=4 {
            s.set_column_width(c, 18).map_err(err)?;
        }
        s.set_freeze_panes(1, 0).map_err(err)?;
        // The summary is sheet 0; counts sheets follow in order.
        self.sheet = Some(self.number as usize);
        self.row = 0;
        Ok(())
    }

    fn put(
        &mut self,
        book: &mut Workbook,
        time: &str,
        names: &Names,
        k: [u32; 4],
        count: u64,
    ) -> Result<(), ReportError> {
        if self.sheet.is_none() || self.row >= ROWS_PER_SHEET {
            self.open(book)?;
        }
        self.row += 1;
        let r = self.row;
        let Some(index) = self.sheet else { return Ok(()) };
        let s = book.worksheet_from_index(index).map_err(err)?;
        s.write_string(r, 0, time).map_err(err)?;
        s.write_string(r, 1, &names.kiosks[k[0] as usize]).map_err(err)?;
        s.write_string(r, 2, &names.places[k[1] as usize]).map_err(err)?;
        s.write_string(r, 3, &names.events[k[2] as usize]).map_err(err)?;
        s.write_string(r, 4, &names.items[k[3] as usize]).map_err(err)?;
        s.write_number(r, 5, count as f64).map_err(err)?;
        self.written += 1;
        Ok(())
    }
}
