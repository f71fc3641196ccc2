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

fn export(bytes: &[u8]) -> ExportBytes<'_> {
    ExportBytes {
        name: "a.json".into(),
        bytes,
    }
}

/// Writes rows as an export and reads it back as a report.
fn report_of(rows: &[CountRow]) -> ((), Report) {
    let text = serde_json::json!({ "rows": rows }).to_string();
    let r = collect(&[export(text.as_bytes())], None, None, 1).unwrap();
    ((), r)
}

fn csv_of(r: &Report) -> String {
    let mut out = Vec::new();
    write_csv(r, &mut out).unwrap();
    assert!(out.starts_with(&[0xEF, 0xBB, 0xBF]));
    String::from_utf8(out[3..].to_vec()).unwrap()
}

fn json_of(r: &Report) -> serde_json::Value {
    let mut out = Vec::new();
    write_json(r, &mut out).unwrap();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn hours_pack_and_unpack() {
    for h in ["2000-01-01T01", "2026-11-23T14", "2099-12-31T23", "onbekend"] {
        assert_eq!(hour_text(parse_hour(h).unwrap()), h);
    }
    for bad in ["2026-11-23T24", "2026-13-01T00", "2026-11-23 14", "1999-12-31T23", "x"] {
        assert_eq!(parse_hour(bad), None, "{bad}");
    }
    let key = pack(12345, 3, 1000, 100, 30000);
    assert_eq!(unpack(key), (12345, 3, 1000, 100, 30000));
}

#[test]
fn csv_is_for_dutch_excel() {
    let (_d, r) = report_of(&[row("2026-11-23T14", "visit_start", 3)]);
    assert_eq!(
        csv_of(&r),
        "uur;kiosk;vindplaats;gebeurtenis;onderdeel;aantal\r\n2026-11-23T14;k;'=markt;visit_start;;3\r\n"
    );
}

#[test]
fn json_totals_and_taps() {
    let (_d, r) = report_of(&[
        row("2026-11-23T15", "interest", 2),
        row("2026-11-23T14", "visit_start", 3),
    ]);
    let v = json_of(&r);
    assert_eq!(v["taps"], 5);
    assert_eq!(v["totals"]["visit_start"], 3);
    assert_eq!(v["rows"][0]["hour"], "2026-11-23T14", "sorted by hour");
    assert_eq!(v["rows"][1]["hour"], "2026-11-23T15");
}

#[test]
fn imports_merge_and_filter_by_date() {
    let (_d, r) = report_of(&[
        row("2026-11-22T10", "visit_start", 1),
        row("2026-11-23T10", "visit_start", 2),
    ]);
    let mut out = Vec::new();
    write_json(&r, &mut out).unwrap();
    let sources = vec![export(&out), export(&out)];
    let all = collect(&sources, None, None, 2).unwrap();
    assert_eq!(all.to_rows().iter().map(|r| r.count).sum::<u64>(), 6);
    assert_eq!(all.len(), 2, "equal rows of two sources are summed");
    let day = NaiveDate::from_ymd_opt(2026, 11, 23);
    let one = collect(&sources, day, day, 1).unwrap().to_rows();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].count, 4);
}

#[test]
fn a_broken_import_names_file_and_line() {
    let e = collect(&[export(b"{\"rows\": [\n  {\"hour\": 3}\n]}")], None, None, 1)
        .unwrap_err()
        .to_string();
    assert!(e.contains("a.json:2:"), "{e}");
    let bad = br#"{"rows": [{"hour": "2026-11-23T99", "kiosk": "k", "vindplaats": "v", "event": "e", "item": "", "count": 1}]}"#;
    let e = collect(&[export(bad)], None, None, 1).unwrap_err().to_string();
    assert!(e.contains("rij 1") && e.contains("2026-11-23T99"), "{e}");
}

#[test]
fn the_funnel_counts_per_vindplaats() {
    let mut rows = Vec::new();
    for (place, event, item, n) in [
        ("markt", "visit_start", "", 10),
        ("markt", "activity_open", "wheel", 7),
        ("markt", "interest", "want_to_quit", 2),
        ("markt", "interest", "more_info", 1),
        ("markt", "interest", "not_now", 4),
        ("markt", "help_contact_show", "stoplijn", 1),
        ("buurthuis", "visit_start", "", 5),
    ] {
        rows.push(CountRow {
            hour: "2026-11-23T14".into(),
            kiosk: "k".into(),
            vindplaats: place.into(),
            event: event.into(),
            item: item.into(),
            count: n,
        });
    }
    let (_d, r) = report_of(&rows);
    let s = r.summary();
    let markt = s.funnel.iter().find(|f| f.place == "markt").unwrap();
    assert_eq!(
        (markt.visits, markt.activities, markt.interest, markt.contacts),
        (10, 7, 3, 1)
    );
    assert_eq!(s.total_funnel().visits, 15);
    assert_eq!(s.taps, 30);
}

#[test]
fn the_html_page_is_self_contained_with_svg_charts() {
    let (_d, r) = report_of(&[
        row("2026-11-23T14", "visit_start", 3),
        row("2026-11-24T10", "interest", 1),
    ]);
    let mut out = Vec::new();
    write_html(&r, &mut out).unwrap();
    let page = String::from_utf8(out).unwrap();
    assert!(page.contains("<svg") && page.contains("<rect"));
    assert!(page.contains("=markt"));
    for outside in ["http://", "https://", "<script", "<link", "src="] {
        assert!(!page.contains(outside), "{outside}");
    }
}

#[test]
fn a_big_report_puts_days_in_the_workbook_and_keeps_every_count() {
    // Just over the sheet's million rows of hours: the workbook gets days.
    let mut text = String::from("{\"rows\": [");
    let n = xlsx::ROWS_PER_SHEET as usize + 10;
    for i in 0..n {
        let hour = hour_text(parse_hour("2025-01-01T00").unwrap() + (i / 50) as u32);
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "{{\"hour\":\"{hour}\",\"kiosk\":\"k\",\"vindplaats\":\"v\",\"event\":\"e\",\"item\":\"i{}\",\"count\":1}}",
            i % 50
        ));
    }
    text.push_str("]}");
    let r = collect(&[export(text.as_bytes())], None, None, 1).unwrap();
    let mut out = Vec::new();
    let (grain, rows) = write_xlsx(&r, &mut out).unwrap();
    assert_eq!(grain, xlsx::Grain::Day);
    let days = n / 50 / 24 + 1;
    assert!(rows as usize <= days * 50 && rows as usize >= (days - 1) * 50, "{rows}");
    assert!(out.starts_with(b"PK"), "an xlsx is a zip file");
}

#[test]
fn csv_round_trips_through_a_csv_reader() {
    let mut tricky = row("2026-11-23T14", "wheel_spin", 7);
    tricky.vindplaats = "markt; \"oost\"".into();
    tricky.item = "-geld".into();
    let mut lines = row("2026-11-23T16", "story_open", 1);
    lines.kiosk = "noord\r\nzuid".into();
    let (_d, r) = report_of(&[tricky, row("2026-11-23T15", "visit_start", 2), lines]);
    let text = csv_of(&r);
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["uur", "kiosk", "vindplaats", "gebeurtenis", "onderdeel", "aantal"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][2], "markt; \"oost\"");
    assert_eq!(&rows[2][1], "noord\r\nzuid", "a line break stays inside its field");
    assert_eq!(&rows[1][4], "", "an empty item is an empty field");
    assert_eq!(&rows[0][4], "'-geld", "guarded against formulas");
    assert_eq!(&rows[0][5], "7");
    assert_eq!(&rows[1][2], "'=markt");
}
