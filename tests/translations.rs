//! Every UI string (`@tr(…)` in ui/) has a translation in every bundled .po
//! file, and every .po file is one GNU gettext accepts: `msgfmt --check`
//! (syntax, header, format strings) passes and nothing is left fuzzy or
//! untranslated. gettext reads the files (Debian's `gettext`, installed by
//! `./dev`); entries are matched with their context (`msgctxt`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A translatable string: its context (empty: none) and its text.
type Key = (String, String);

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

/// A Slint string literal at the start of `s` (after spaces): its text with
/// escapes resolved, and the rest after its closing quote.
fn literal(s: &str) -> Option<(String, &str)> {
    let s = s.trim_start().strip_prefix('"')?;
    let mut text = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((text, &s[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => text.push('\n'),
                other => text.push(other),
            },
            c => text.push(c),
        }
    }
    None
}

/// The strings of `@tr("text")`, `@tr("context" => "text", …)` and
/// `@tr("one" | "many" % n)` (the first form is the msgid).
fn tr_calls(source: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    for call in source.split("@tr(").skip(1) {
        let (first, rest) = literal(call).unwrap_or_else(|| panic!("@tr without a string literal: @tr({call:.40}"));
        match rest.trim_start().strip_prefix("=>") {
            Some(after) => {
                let (text, _) = literal(after).unwrap_or_else(|| panic!("@tr context without text: {call:.60}"));
                keys.push((first, text));
            }
            None => keys.push((String::new(), first)),
        }
    }
    keys
}

fn msgids_in_ui() -> BTreeSet<Key> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui");
    let mut files = Vec::new();
    slint_files(&root, &mut files);
    files
        .iter()
        .flat_map(|f| tr_calls(&std::fs::read_to_string(f).unwrap()))
        .collect()
}

fn gettext(tool: &str, args: &[&str], po: &Path) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(po)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian package gettext, installed by ./dev) did not run: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?} {}:\n{}",
        po.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A .po entry as gettext normalises it (`msgcat --no-wrap`: one line a string).
#[derive(Debug, Default)]
struct Entry {
    context: String,
    id: String,
    translations: Vec<String>,
    fuzzy: bool,
}

/// The value of a `keyword "…"` line.
fn po_string(line: &str) -> String {
    let start = line.find('"').unwrap();
    literal(&line[start..]).unwrap().0
}

fn po_entries(po: &Path) -> Vec<Entry> {
    let text = gettext("msgcat", &["--no-wrap", "--no-location"], po);
    let mut entries = Vec::new();
    let mut e = Entry::default();
    for line in text.lines() {
        if line.starts_with("#,") && line.contains("fuzzy") {
            e.fuzzy = true;
        } else if line.starts_with("msgctxt ") {
            e.context = po_string(line);
        } else if line.starts_with("msgid ") {
            e.id = po_string(line);
        } else if line.starts_with("msgstr") {
            e.translations.push(po_string(line));
        } else if line.trim().is_empty() && !e.translations.is_empty() {
            entries.push(std::mem::take(&mut e));
        }
    }
    if !e.translations.is_empty() {
        entries.push(e);
    }
    entries
}

fn po_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/translations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|lang| lang.unwrap().path().join("LC_MESSAGES/rookvrij-kiosk.po"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_tr_reader_knows_contexts_plurals_and_escapes() {
    let keys =
        tr_calls(r#"text: @tr("Draai!"); t: @tr("knop" => "Stop \"nu\""); p: @tr("{n} dag" | "{n} dagen" % n);"#);
    assert_eq!(
        keys,
        [
            (String::new(), "Draai!".to_string()),
            ("knop".to_string(), "Stop \"nu\"".to_string()),
            (String::new(), "{n} dag".to_string()),
        ]
    );
}

#[test]
fn every_po_file_passes_msgfmt_check() {
    for po in po_files() {
        let out = Command::new("msgfmt")
            .args(["--check", "--check-format", "--check-header", "-o", "/dev/null"])
            .arg(&po)
            .output()
            .expect("msgfmt (Debian package gettext, installed by ./dev) did not run");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && said.trim().is_empty(),
            "{}:\n{said}",
            po.display()
        );
    }
}

#[test]
fn every_ui_string_is_translated_in_every_language() {
    let keys = msgids_in_ui();
    assert!(keys.len() > 15, "found only {} strings", keys.len());
    let files = po_files();
    assert!(files.len() >= 3, "{files:?}");
    for po in files {
        let entries = po_entries(&po);
        for (context, id) in &keys {
            let Some(entry) = entries.iter().find(|e| &e.context == context && &e.id == id) else {
                panic!("{}: no translation for {id:?} (context {context:?})", po.display());
            };
            assert!(!entry.fuzzy, "{}: fuzzy translation for {id:?}", po.display());
            for s in &entry.translations {
                assert!(!s.is_empty(), "{}: empty translation for {id:?}", po.display());
                if id.contains("{}") {
                    assert!(s.contains("{}"), "{}: {id:?} lost its placeholder", po.display());
                }
            }
        }
    }
}
