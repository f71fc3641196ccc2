//! One self-contained HTML page: no network, no scripts, charts as inline SVG,
//! readable on a screen and when printed. For a team meeting or a funder.

use std::fmt::Write as _;

use chrono::Datelike;
use std::io::Write;

use super::summary::Funnel;
use super::{Report, ReportError, hour_text};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const COLOURS: [&str; 4] = ["#1f6f5c", "#3f7f9f", "#e98a2f", "#b5473a"];

/// Horizontal bars with a label and a number each.
fn bars(title: &str, rows: &[(String, u64)], colour: &str) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let row_h = 28;
    let height = rows.len() * row_h + 10;
    let mut s = format!(
        "<figure><figcaption>{}</figcaption><svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 720 {height}\" width=\"720\" height=\"{height}\">",
        esc(title),
        esc(title)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i * row_h + 4;
        let w = (*n as f64 / max as f64 * 440.0).max(if *n > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            s,
            "<text x=\"200\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"210\" y=\"{y}\" width=\"{w:.1}\" height=\"20\" rx=\"3\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{}\">{n}</text>",
            y + 15,
            esc(label),
            216.0 + w,
            y + 15
        );
    }
    s.push_str("</svg></figure>\n");
    s
}

/// Columns over time (visits per day or per week).
fn columns(title: &str, points: &[(String, u64)]) -> String {
    let max = points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let n = points.len().max(1);
    let width = 720.0;
    let plot_h = 180.0;
    let step = (width - 60.0) / n as f64;
    let mut s = format!(
        "<figure><figcaption>{}</figcaption><svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 720 230\" width=\"720\" height=\"230\">",
        esc(title),
        esc(title)
    );
    let _ = write!(
        s,
        "<line x1=\"50\" y1=\"{plot_h}\" x2=\"710\" y2=\"{plot_h}\" stroke=\"#999\"/><text x=\"45\" y=\"14\" text-anchor=\"end\">{max}</text><text x=\"45\" y=\"{plot_h}\" text-anchor=\"end\">0</text>"
    );
    let label_every = (n / 8).max(1);
    for (i, (label, v)) in points.iter().enumerate() {
        let h = *v as f64 / max as f64 * (plot_h - 10.0);
        let x = 55.0 + i as f64 * step;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"#1f6f5c\"><title>{}: {v}</title></rect>",
            plot_h - h,
            (step * 0.8).max(1.0),
            esc(label)
        );
        if i % label_every == 0 {
            let _ = write!(
                s,
                "<text x=\"{x:.1}\" y=\"{}\" font-size=\"11\">{}</text>",
                plot_h + 18.0,
                esc(label)
            );
        }
    }
    s.push_str("</svg></figure>\n");
    s
}

/// The funnel of one vindplaats as four bars.
fn funnel(f: &Funnel) -> String {
    let rows = [
        ("bezoeken", f.visits),
        ("activiteit geopend", f.activities),
        ("interesse", f.interest),
        ("contact getoond", f.contacts),
    ];
    let max = f.visits.max(rows.iter().map(|r| r.1).max().unwrap_or(0)).max(1);
    let mut s = format!(
        "<figure><figcaption>{}</figcaption><svg class=\"chart funnel\" role=\"img\" aria-label=\"trechter {}\" viewBox=\"0 0 720 126\" width=\"720\" height=\"126\">",
        esc(&f.place),
        esc(&f.place)
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = i * 30 + 4;
        let w = (*n as f64 / max as f64 * 440.0).max(if *n > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            s,
            "<text x=\"200\" y=\"{}\" text-anchor=\"end\">{label}</text><rect x=\"210\" y=\"{y}\" width=\"{w:.1}\" height=\"22\" rx=\"3\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{}\">{n}</text>",
            y + 16,
            COLOURS[i],
            216.0 + w,
            y + 16
        );
    }
    s.push_str("</svg></figure>\n");
    s
}

pub fn write_html(report: &Report, out: &mut impl Write) -> Result<(), ReportError> {
    let s = report.summary();
    let (first, last) = match s.span {
        Some((a, b)) => (hour_text(a), hour_text(b)),
        None => ("-".into(), "-".into()),
    };
    let mut page = String::with_capacity(64 * 1024);
    page.push_str(
        "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Rookvrij-kiosk: tellingen</title><style>\
         body{font-family:'Noto Sans',system-ui,sans-serif;color:#1d2830;background:#fff;max-width:780px;margin:2em auto;padding:0 1em;line-height:1.4}\
         h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:2px solid #e4dccf}\
         figure{margin:1em 0}figcaption{font-weight:700;margin-bottom:.3em}\
         svg.chart text{font-size:13px;fill:#1d2830;font-family:inherit}\
         table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .8em;border-bottom:1px solid #e4dccf;text-align:left}\
         td.n{text-align:right;font-variant-numeric:tabular-nums}\
         .small{color:#4b5a64;font-size:.9em}\
         @media print{body{margin:0;max-width:none}h2{break-after:avoid}figure{break-inside:avoid}}\
         </style></head><body>\n",
    );
    let _ = write!(
        page,
        "<h1>Rookvrij-kiosk: wat de kiosk bereikte</h1>\n<p>Van <b>{}</b> tot en met <b>{}</b> · {} kiosk(s): {} · {} tikken.</p>\n",
        first,
        last,
        report.kiosks.len(),
        esc(&report.kiosks.join(", ")),
        s.taps
    );
    if s.undated > 0 {
        let _ = writeln!(
            page,
            "<p>Daarvan {} zonder datum: geteld terwijl de klok van een kiosk niet goed stond.</p>",
            s.undated
        );
    }
    page.push_str(
        "<p class=\"small\">Alleen tellingen per uur, per kiosk en vindplaats: geen namen, geen tijden, geen personen.</p>\n",
    );

    page.push_str("<h2>Trechter per vindplaats</h2>\n<p class=\"small\">Bezoeken → een activiteit geopend → interesse (<i>Meer weten</i> of <i>Ik wil stoppen</i>) → een stophulp-contact getoond.</p>\n");
    let total = s.total_funnel();
    if s.funnel.len() > 1 {
        page.push_str(&funnel(&total));
    }
    for f in &s.funnel {
        page.push_str(&funnel(f));
    }
    page.push_str(
        "<table><tr><th>vindplaats</th><th>bezoeken</th><th>activiteit</th><th>interesse</th><th>contact</th></tr>\n",
    );
    for f in s.funnel.iter().chain(std::iter::once(&total)) {
        let _ = writeln!(
            page,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&f.place),
            f.visits,
            f.activities,
            f.interest,
            f.contacts
        );
    }
    page.push_str("</table>\n");

    page.push_str("<h2>Bezoeken door de tijd</h2>\n");
    let days: Vec<(String, u64)> = if s.visits_per_day.len() <= 62 {
        s.visits_per_day
            .iter()
            .map(|(d, n)| (d.format("%d-%m").to_string(), *n))
            .collect()
    } else {
        let mut weeks: std::collections::BTreeMap<(i32, u32), u64> = Default::default();
        for (d, n) in &s.visits_per_day {
            let w = d.iso_week();
            *weeks.entry((w.year(), w.week())).or_default() += n;
        }
        weeks
            .into_iter()
            .map(|((y, w), n)| (format!("{y} wk {w}"), n))
            .collect()
    };
    let per = if s.visits_per_day.len() <= 62 {
        "per dag"
    } else {
        "per week"
    };
    page.push_str(&columns(&format!("Bezoeken {per}"), &days));

    page.push_str("<h2>Alle tellingen</h2>\n");
    let events: Vec<(String, u64)> = s
        .per_event
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(e, n)| (report.events[e].clone(), *n))
        .collect();
    page.push_str(&bars("Per gebeurtenis", &events, "#3f7f9f"));
    let kiosks: Vec<(String, u64)> = s
        .per_kiosk
        .iter()
        .enumerate()
        .map(|(k, n)| (report.kiosks[k].clone(), *n))
        .collect();
    if kiosks.len() > 1 {
        page.push_str(&bars(
            "Tikken per kiosk (de 30 drukste)",
            &kiosks_top(kiosks),
            "#6e8f3a",
        ));
    }
    for (event, title) in [
        ("wheel_spin", "Onderwerpen van het rad"),
        ("story_open", "Verhalen geopend"),
        ("help_contact_show", "Stophulp getoond"),
        ("interest", "Antwoorden op de uitnodiging"),
        ("language_choose", "Gekozen talen"),
    ] {
        if let Some(e) = report.event(event) {
            let items: Vec<(String, u64)> = s
                .items_of(e)
                .into_iter()
                .take(15)
                .map(|(i, n)| (report.items[i as usize].clone(), n))
                .collect();
            if !items.is_empty() {
                page.push_str(&bars(title, &items, "#e98a2f"));
            }
        }
    }
    page.push_str("<p class=\"small\">Gemaakt door rookvrij-kiosk report.</p>\n</body></html>\n");
    out.write_all(page.as_bytes())?;
    out.flush()?;
    Ok(())
}

fn kiosks_top(mut kiosks: Vec<(String, u64)>) -> Vec<(String, u64)> {
    kiosks.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    kiosks.truncate(30);
    kiosks
}
