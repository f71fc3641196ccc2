//! Every UI string (`@tr("…")` in ui/) has a translation in every bundled .po file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn slint_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            slint_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "slint") {
            out.push(p);
        }
    }
}

fn msgids_in_ui() -> BTreeSet<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut files = Vec::new();
    slint_files(&root, &mut files);
    let mut ids = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for part in text.split("@tr(\"").skip(1) {
            ids.insert(part.split('"').next().unwrap().to_string());
        }
    }
    ids
}

/// msgid → (msgstr, fuzzy)
fn po_entries(path: &Path) -> Vec<(String, String, bool)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut entries = Vec::new();
    let mut fuzzy = false;
    let mut id: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("#,") && line.contains("fuzzy") {
            fuzzy = true;
        } else if let Some(rest) = line.strip_prefix("msgid \"") {
            id = Some(rest.trim_end_matches('"').to_string());
        } else if let Some(rest) = line.strip_prefix("msgstr \"") {
            if let Some(id) = id.take() {
                entries.push((id, rest.trim_end_matches('"').to_string(), fuzzy));
            }
            fuzzy = false;
        }
    }
    entries
}

#[test]
fn every_ui_string_is_translated_in_every_language() {
    let ids = msgids_in_ui();
    assert!(ids.len() > 15, "found only {} strings", ids.len());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/translations");
    let mut languages = 0;
    for lang in std::fs::read_dir(&dir).unwrap() {
        let po = lang.unwrap().path().join("LC_MESSAGES/rookvrij-kiosk.po");
        let entries = po_entries(&po);
        languages += 1;
        for id in &ids {
            let entry = entries.iter().find(|(i, _, _)| i == id);
            match entry {
                None => panic!("{}: no translation for {id:?}", po.display()),
                Some((_, s, _)) if s.is_empty() => panic!("{}: empty translation for {id:?}", po.display()),
                Some((_, _, true)) => panic!("{}: fuzzy translation for {id:?}", po.display()),
                Some((_, s, _)) if id.contains("{}") && !s.contains("{}") => {
                    panic!("{}: {id:?} lost its placeholder", po.display())
                }
                _ => {}
            }
        }
    }
    assert!(languages >= 1);
}
