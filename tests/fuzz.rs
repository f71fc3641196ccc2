//! Fuzzing what people hand the kiosk: the content files (check-content), the
//! config file, and exported files given to `report --import`. Each case is
//! either arbitrary bytes or a real file mutated at random (cut, spliced,
//! stuffed with TOML and JSON punctuation, huge numbers, other scripts, bytes
//! that are not UTF-8). Nothing may panic, no case may take long, and memory
//! stays bounded. CI runs proptest's 256 cases per target; set
//! `PROPTEST_CASES=10000` for a longer run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use rookvrij_kiosk::config::Config;
use rookvrij_kiosk::content;
use rookvrij_kiosk::report::{self, ReportSource};

mod folders;

use folders::copy_dir;

const TOKENS: &[&str] = &[
    "=",
    "\"",
    "'",
    "[[",
    "]]",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    ".",
    "#",
    "\"\"\"",
    "nl",
    "ar",
    "tr",
    "xx",
    "0",
    "-1",
    "1e309",
    "99999999999999999999",
    "true",
    "nan",
    "inf",
    "id",
    "label",
    "count",
    "drawn",
    "photo = \"../../etc/passwd\"",
    "/",
    "\\",
    "\\u0000",
    "é",
    "ع",
    "İ",
    "\u{202e}",
    "{\"rows\":",
    "null",
];

/// Values that keep a line's syntax but not always its sense.
const VALUES: &[&str] = &[
    "\"\"",
    "\" \"",
    "\"x\"",
    "-1",
    "0",
    "1",
    "13",
    "10000",
    "1e309",
    "99999999999999999999",
    "[]",
    "{}",
    "true",
    "\"../x.svg\"",
    "\"/etc/passwd\"",
    "\"images/nope.svg\"",
    "\"#zzzzzz\"",
    "\"#123\"",
    "{ nl = \"\" }",
    "{ xx = \"y\" }",
    "{ min = 5, max = 1 }",
    "\"tel:\"",
    "\"https://\"",
    "\"ftp://x\"",
    "\"2024-13\"",
    "\"\u{202e}abc\"",
    "\"عربى\"",
    "[\"nl\", \"nl\"]",
    "[\"xx\"]",
    "\"dragon\"",
];

#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Token(usize, usize),
    Bytes(usize, Vec<u8>),
    Repeat(usize, usize),
    DropLine(usize),
    RepeatLine(usize),
    SetValue(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => (any::<usize>(), 1..200usize).prop_map(|(p, n)| Edit::Cut(p, n)),
        1 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(p, t)| Edit::Token(p, t)),
        1 => (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..16)).prop_map(|(p, b)| Edit::Bytes(p, b)),
        1 => (any::<usize>(), 1..400usize).prop_map(|(p, n)| Edit::Repeat(p, n)),
        3 => any::<usize>().prop_map(Edit::DropLine),
        2 => any::<usize>().prop_map(Edit::RepeatLine),
        4 => (any::<usize>(), 0..VALUES.len()).prop_map(|(l, v)| Edit::SetValue(l, v)),
    ]
}

fn apply(base: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = base.to_vec();
    for e in edits {
        let at = |p: usize, b: &Vec<u8>| if b.is_empty() { 0 } else { p % (b.len() + 1) };
        match e {
            Edit::Cut(p, n) => {
                let s = at(*p, &b);
                let end = (s + n).min(b.len());
                b.drain(s..end);
            }
            Edit::Token(p, t) => {
                let s = at(*p, &b);
                b.splice(s..s, TOKENS[*t].bytes());
            }
            Edit::Bytes(p, bytes) => {
                let s = at(*p, &b);
                b.splice(s..s, bytes.iter().copied());
            }
            Edit::Repeat(p, n) => {
                let s = at(*p, &b);
                let end = (s + n).min(b.len());
                let chunk = b[s..end].to_vec();
                b.splice(s..s, chunk);
            }
            Edit::DropLine(l) | Edit::RepeatLine(l) | Edit::SetValue(l, _) => {
                let mut lines: Vec<Vec<u8>> = b.split(|c| *c == b'\n').map(|l| l.to_vec()).collect();
                let i = l % lines.len();
                match e {
                    Edit::DropLine(_) => {
                        lines.remove(i);
                    }
                    Edit::RepeatLine(_) => {
                        let line = lines[i].clone();
                        lines.insert(i, line);
                    }
                    Edit::SetValue(_, v) => {
                        if let Some(eq) = lines[i].windows(3).position(|w| w == b" = ") {
                            lines[i].truncate(eq + 3);
                            lines[i].extend_from_slice(VALUES[*v].as_bytes());
                        }
                    }
                    _ => {}
                }
                b = lines.join(&b'\n');
            }
        }
    }
    b
}

/// Either arbitrary bytes or the real file, edited.
fn input(base: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..2000),
        6 => proptest::collection::vec(edit(), 1..6).prop_map(move |e| apply(base, &e)),
    ]
}

fn media() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("media")
}

/// The demo content without its recordings (decoding them for every case
/// would only measure the audio decoder).
fn content_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["content.toml", "wheel.toml", "quiz.toml", "help.toml"] {
        std::fs::copy(media().join(f), dir.path().join(f)).unwrap();
    }
    let stories = std::fs::read_to_string(media().join("stories.toml")).unwrap();
    let silent: Vec<&str> = stories.lines().filter(|l| !l.starts_with("audio.")).collect();
    std::fs::write(dir.path().join("stories.toml"), silent.join("\n")).unwrap();
    copy_dir(&media().join("images"), &dir.path().join("images"));
    dir
}

/// Peak memory of this test process so far, in MiB.
fn peak_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0)
        / 1024
}

/// A case that takes this long is a hang, not a slow machine.
const HANG: Duration = Duration::from_secs(10);
const MEMORY_MIB: u64 = 600;

static CONTENT: &[u8] = include_bytes!("../media/content.toml");
static WHEEL: &[u8] = include_bytes!("../media/wheel.toml");
static QUIZ: &[u8] = include_bytes!("../media/quiz.toml");
static STORIES: &[u8] = include_bytes!("../media/stories.toml");
static HELP: &[u8] = include_bytes!("../media/help.toml");

proptest! {
    #[test]
    fn check_content_survives_any_content_file(
        which in 0..5usize,
        bytes in prop_oneof![input(CONTENT), input(WHEEL), input(QUIZ), input(STORIES), input(HELP)],
    ) {
        thread_local! { static DIR: tempfile::TempDir = content_folder(); }
        DIR.with(|dir| {
            let name = ["content.toml", "wheel.toml", "quiz.toml", "stories.toml", "help.toml"][which];
            let original = std::fs::read(dir.path().join(name)).unwrap();
            std::fs::write(dir.path().join(name), &bytes).unwrap();
            let t = Instant::now();
            let checked = content::check_folder(dir.path());
            std::fs::write(dir.path().join(name), original).unwrap();
            prop_assert!(t.elapsed() < HANG, "{name}: {:?}", t.elapsed());
            // Broken content is refused with a reason that names the file.
            if checked.content.is_none() {
                prop_assert!(!checked.problems.is_empty());
            }
            for p in &checked.problems {
                let text = p.to_string();
                prop_assert!(!text.contains("panicked") && !text.contains("unwrap"), "{text}");
                prop_assert!(text.contains(".toml") || text.contains("images/"), "{text}");
            }
            prop_assert!(peak_mib() < MEMORY_MIB, "{} MiB", peak_mib());
            Ok(())
        })?;
    }

    #[test]
    fn the_config_loader_survives_any_kiosk_toml(bytes in input(KIOSK_TOML.as_bytes())) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.toml");
        std::fs::write(&path, &bytes).unwrap();
        let t = Instant::now();
        if let Err(problem) = Config::load(&path) {
            prop_assert!(problem.to_string().contains("kiosk.toml"), "{problem}");
        }
        prop_assert!(t.elapsed() < HANG);
        prop_assert!(peak_mib() < MEMORY_MIB);
    }

    #[test]
    fn report_import_survives_any_exported_file(bytes in input(EXPORT_JSON.as_bytes())) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk-a.json");
        std::fs::write(&path, &bytes).unwrap();
        let t = Instant::now();
        match report::collect(&[ReportSource::Import(path)], None, None) {
            Ok(r) => {
                // What was read can be written in every format.
                let mut out = Vec::new();
                prop_assert!(report::write_table(&r, &mut out).is_ok());
                prop_assert!(report::write_csv(&r, &mut out).is_ok());
                prop_assert!(report::write_json(&r, &mut out).is_ok());
                prop_assert!(report::write_html(&r, &mut out).is_ok());
            }
            Err(e) => prop_assert!(e.to_string().contains("kiosk-a.json"), "{e}"),
        }
        prop_assert!(t.elapsed() < HANG);
        prop_assert!(peak_mib() < MEMORY_MIB);
    }
}

const KIOSK_TOML: &str = r#"kiosk_id = "markt-1"
vindplaats = "Markt"
vindplaatsen = ["Markt", "Buurthuis"]
idle_seconds = 60
language = "nl"
conversation_mode = false
ambassador_present = true
reduced_motion = false
volume = 0.8
"#;

const EXPORT_JSON: &str = r#"{"rows": [
{"hour": "2026-11-20T10", "kiosk": "a", "vindplaats": "Markt", "event": "visit_start", "item": "", "count": 3},
{"hour": "2026-11-20T11", "kiosk": "a", "vindplaats": "Markt", "event": "wheel_spin", "item": "geld", "count": 2},
{"hour": "onbekend", "kiosk": "a", "vindplaats": "Markt", "event": "interest", "item": "want_to_quit", "count": 1}
], "totals": {"visit_start": 3, "wheel_spin": 2, "interest": 1}, "taps": 6}
"#;
