//! The studio's logic on the host: the same code the browser runs.

use serde_json::json;

use crate::folder::{Folder, content_root};
use crate::path::Seg;
use crate::report::Reports;

fn at(path: &[serde_json::Value]) -> Vec<Seg> {
    serde_json::from_value(json!(path)).unwrap()
}

fn errors(f: &Folder) -> Vec<crate::folder::Placed> {
    f.check().into_iter().filter(|p| p.severity == "fout").collect()
}

#[test]
fn the_demo_content_has_no_errors() {
    let f = Folder::demo();
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    assert_eq!(f.languages(), ["nl", "tr", "ar", "en"]);
}

#[test]
fn an_emptied_label_gets_the_kiosks_message_at_its_field_and_a_fix_clears_it() {
    let mut f = Folder::demo();
    f.set(
        "wheel.toml",
        &at(&[json!("topic"), json!(2), json!("label"), json!("nl")]),
        &json!(""),
    )
    .unwrap();
    let errs = errors(&f);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let e = &errs[0];
    assert_eq!(e.file, "wheel.toml");
    assert!(e.message.contains("standaardtaal"), "{}", e.message);
    let place = e.at.clone().expect("placed at a field");
    assert_eq!(
        place[..3],
        at(&[json!("topic"), json!(2), json!("label")])[..],
        "{place:?}"
    );
    // The same message check-content prints.
    assert!(e.text.starts_with("wheel.toml:"), "{}", e.text);

    f.set(
        "wheel.toml",
        &at(&[json!("topic"), json!(2), json!("label"), json!("nl")]),
        &json!("Gezin"),
    )
    .unwrap();
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    let text = String::from_utf8(f.file("wheel.toml").unwrap().to_vec()).unwrap();
    assert!(text.contains("label.nl = \"Gezin\""), "{text}");
    // The team's comments stay where they were.
    assert!(text.starts_with("# De babbelschijf: onderwerpen op het rad."), "{text}");
    assert_eq!(f.changed(), ["wheel.toml"]);
}

#[test]
fn a_new_language_is_written_as_the_files_are() {
    let mut f = Folder::demo();
    f.set(
        "content.toml",
        &at(&[json!("languages")]),
        &json!(["nl", "tr", "ar", "en", "pl"]),
    )
    .unwrap();
    // Every text now misses Polish: warnings, not errors.
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    let warnings = f.check().into_iter().filter(|p| p.severity == "waarschuwing").count();
    assert!(warnings > 10, "{warnings}");
    f.set(
        "wheel.toml",
        &at(&[json!("topic"), json!(0), json!("label"), json!("pl")]),
        &json!("Pieniądze"),
    )
    .unwrap();
    let text = String::from_utf8(f.file("wheel.toml").unwrap().to_vec()).unwrap();
    assert!(text.contains("label.pl = \"Pieniądze\""), "{text}");
    assert_eq!(f.languages().last().map(String::as_str), Some("pl"));
}

#[test]
fn a_number_typed_as_words_gets_the_kiosks_message_at_its_field() {
    let mut f = Folder::demo();
    f.set("quiz.toml", &at(&[json!("cost"), json!("pack_price")]), &json!("veel"))
        .unwrap();
    let errs = errors(&f);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].at, Some(at(&[json!("cost"), json!("pack_price")])), "{errs:?}");
}

#[test]
fn items_are_added_with_a_free_id_and_removed() {
    let mut f = Folder::demo();
    let n = f.add_item("wheel.toml", &at(&[json!("topic")]), "rad").unwrap();
    assert_eq!(n, 8);
    // The new topic has no label, question or colour yet: the kiosk says so there.
    let errs = errors(&f);
    assert!(!errs.is_empty());
    assert!(
        errs.iter()
            .all(|e| e.at.as_ref().is_some_and(|p| p.get(1) == Some(&Seg::Index(8)))),
        "{errs:?}"
    );
    let text = String::from_utf8(f.file("wheel.toml").unwrap().to_vec()).unwrap();
    assert!(text.contains("id = \"rad-1\""), "{text}");
    f.remove_item("wheel.toml", &at(&[json!("topic")]), 8).unwrap();
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
}

#[test]
fn a_picked_folder_starts_where_content_toml_is() {
    assert_eq!(
        content_root(
            [
                "stick/rookvrij-inhoud/content.toml",
                "stick/x/content.toml.bak",
                "stick/rookvrij-inhoud/wheel.toml"
            ]
            .into_iter()
        ),
        "stick/rookvrij-inhoud/"
    );
    assert_eq!(content_root(["content.toml"].into_iter()), "");
    let mut f = Folder::new();
    let files: Vec<(String, Vec<u8>)> = rookvrij_core::content::builtin_files()
        .iter()
        .map(|(p, b)| (format!("rookvrij-inhoud/{p}"), b.to_vec()))
        .chain([("elders.txt".to_string(), b"x".to_vec())])
        .collect();
    f.add_picked(files);
    assert!(errors(&f).is_empty(), "{:?}", errors(&f));
    assert!(f.file("wheel.toml").is_some());
    assert!(f.file("elders.txt").is_none());
    assert!(f.changed().is_empty());
}

#[test]
fn the_zip_holds_the_folder() {
    let f = Folder::demo();
    let zip = f.zip("rookvrij-inhoud").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let n = rookvrij_core::content::builtin_files().len();
    assert_eq!(archive.len(), n);
    let mut toml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("rookvrij-inhoud/wheel.toml").unwrap(), &mut toml).unwrap();
    assert!(toml.contains("[[topic]]"));
}

fn export(rows: &[(&str, &str, &str, &str, u64)]) -> Vec<u8> {
    let rows: Vec<_> = rows
        .iter()
        .map(|(hour, kiosk, event, item, count)| {
            json!({ "hour": hour, "kiosk": kiosk, "vindplaats": "markt", "event": event, "item": item, "count": count })
        })
        .collect();
    serde_json::to_vec(&json!({ "rows": rows })).unwrap()
}

#[test]
fn two_kiosks_exports_merge_into_one_report() {
    let mut r = Reports::new();
    r.add(
        "a.json",
        export(&[
            ("2026-11-02T10", "a", "visit_start", "", 5),
            ("2026-11-02T10", "a", "activity_open", "wheel", 3),
        ]),
    );
    r.add("b.json", export(&[("2026-11-03T11", "b", "visit_start", "", 7)]));
    let s = r.summary().unwrap();
    assert_eq!(s["taps"], 15);
    assert_eq!(s["funnel"][0]["visits"], 12);
    assert_eq!(s["per_kiosk"]["b"], 7);
    assert!(r.html().unwrap().contains("<html"));
    assert!(r.xlsx().unwrap().starts_with(b"PK"));
    assert!(!r.csv().unwrap().is_empty());
    // A broken file is named, with its line.
    r.add("kapot.json", b"{ \"rows\": [ }".to_vec());
    let e = r.summary().unwrap_err();
    assert!(e.starts_with("kapot.json:1:"), "{e}");
}
