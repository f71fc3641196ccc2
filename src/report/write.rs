//! The row formats, written in one streaming pass: CSV for Dutch Excel, JSON
//! (the export format `--import` reads back), and the terminal table.

use std::io::Write;

use super::{Report, ReportError, hour_text};

/// A cell Excel would read as a formula gets a leading apostrophe.
pub fn guard(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One CSV field: guarded, and quoted when it holds `;`, quotes or line breaks.
fn csv_field(cell: &str) -> String {
    let g = guard(cell);
    if g.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", g.replace('"', "\"\""))
    } else {
        g
    }
}

/// CSV for Dutch Excel: UTF-8 with BOM, `;`, CRLF, formula-looking cells
/// guarded. Returns the number of rows written.
pub fn write_csv(report: &Report, out: &mut impl Write) -> Result<u64, ReportError> {
    let kiosks: Vec<String> = report.kiosks.iter().map(|s| csv_field(s)).collect();
    let places: Vec<String> = report.places.iter().map(|s| csv_field(s)).collect();
    let events: Vec<String> = report.events.iter().map(|s| csv_field(s)).collect();
    let items: Vec<String> = report.items.iter().map(|s| csv_field(s)).collect();
    out.write_all(b"\xEF\xBB\xBFuur;kiosk;vindplaats;gebeurtenis;onderdeel;aantal\r\n")?;
    let mut hour = (u32::MAX, String::new());
    let mut n = 0;
    let mut line = Vec::with_capacity(128);
    for r in report.rows() {
        if r.hour != hour.0 {
            hour = (r.hour, hour_text(r.hour));
        }
        line.clear();
        line.extend_from_slice(hour.1.as_bytes());
        for part in [
            &kiosks[r.kiosk as usize],
            &places[r.place as usize],
            &events[r.event as usize],
            &items[r.item as usize],
        ] {
            line.push(b';');
            line.extend_from_slice(part.as_bytes());
        }
        line.push(b';');
        push_number(&mut line, r.count);
        line.extend_from_slice(b"\r\n");
        out.write_all(&line)?;
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

fn push_number(buf: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// The JSON of docs/CLI.md (`rows`, `totals`, `taps`), one row a line; what
/// `report --import` and a team's export read back. Returns the rows written.
pub fn write_json(report: &Report, out: &mut impl Write) -> Result<u64, ReportError> {
    let kiosks: Vec<String> = report.kiosks.iter().map(|s| json_string(s)).collect();
    let places: Vec<String> = report.places.iter().map(|s| json_string(s)).collect();
    let events: Vec<String> = report.events.iter().map(|s| json_string(s)).collect();
    let items: Vec<String> = report.items.iter().map(|s| json_string(s)).collect();
    out.write_all(b"{\n\"rows\": [")?;
    let mut hour = (u32::MAX, String::new());
    let mut n = 0u64;
    let mut line = Vec::with_capacity(160);
    for r in report.rows() {
        if r.hour != hour.0 {
            hour = (r.hour, hour_text(r.hour));
        }
        line.clear();
        line.extend_from_slice(if n == 0 {
            b"\n{\"hour\": \""
        } else {
            b",\n{\"hour\": \""
        });
        line.extend_from_slice(hour.1.as_bytes());
        line.extend_from_slice(b"\", \"kiosk\": ");
        line.extend_from_slice(kiosks[r.kiosk as usize].as_bytes());
        line.extend_from_slice(b", \"vindplaats\": ");
        line.extend_from_slice(places[r.place as usize].as_bytes());
        line.extend_from_slice(b", \"event\": ");
        line.extend_from_slice(events[r.event as usize].as_bytes());
        line.extend_from_slice(b", \"item\": ");
        line.extend_from_slice(items[r.item as usize].as_bytes());
        line.extend_from_slice(b", \"count\": ");
        push_number(&mut line, r.count);
        line.push(b'}');
        out.write_all(&line)?;
        n += 1;
    }
    let summary = report.summary();
    out.write_all(b"\n],\n\"totals\": {")?;
    let mut first = true;
    for (e, total) in summary.per_event.iter().enumerate() {
        if *total == 0 {
            continue;
        }
        if !first {
            out.write_all(b", ")?;
        }
        first = false;
        write!(out, "{}: {total}", events[e])?;
    }
    writeln!(out, "}},\n\"taps\": {}\n}}", summary.taps)?;
    out.flush()?;
    Ok(n)
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
