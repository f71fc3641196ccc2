//! Turkish and Arabic beside Dutch and English: every demo text in every
//! language, a missing one warned about and shown in Dutch, and the shipped
//! fonts drawing every character the kiosk can show (no tofu on a machine
//! with no other fonts).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rookvrij_kiosk::content::{self, Severity};

mod folders;

use folders::copy_dir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_demo_content_speaks_dutch_turkish_arabic_and_english() {
    let c = content::builtin();
    let codes: Vec<&str> = c.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["nl", "tr", "ar", "en"]);
    let names: Vec<&str> = c.languages.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Nederlands", "Türkçe", "العربية", "English"]);
    assert!(c.language("ar").unwrap().rtl && !c.language("tr").unwrap().rtl);
    let texts = c.all_texts();
    assert!(texts.len() > 60, "{} texts", texts.len());
    for (place, text) in texts {
        for lang in &codes {
            let t = text.texts.get(*lang).map(|s| s.trim()).unwrap_or("");
            assert!(!t.is_empty(), "{place} has no {lang} text");
        }
        // A translation that is the Dutch copied over is no translation, except
        // for names and numbers that read the same everywhere.
        let nl = &text.texts["nl"];
        let same_everywhere = nl.chars().all(|c| !c.is_alphabetic()) || nl == "Ikstopnu.nl" || nl == "Stress";
        if !same_everywhere {
            assert_ne!(&text.texts["ar"], nl, "{place}: the Arabic is the Dutch");
            assert_ne!(&text.texts["tr"], nl, "{place}: the Turkish is the Dutch");
        }
    }
    // Every story speaks in every language.
    for s in &c.stories {
        for lang in &codes {
            assert!(s.audio.contains_key(*lang), "story {} has no {lang} audio", s.id);
        }
    }
}

#[test]
fn check_content_finds_nothing_to_warn_about_in_the_demo() {
    let checked = content::check_folder(&root().join("media"));
    let problems: Vec<String> = checked.problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_text_missing_in_turkish_is_a_warning_with_its_line_and_shows_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("media"), dir.path());
    let wheel = dir.path().join("wheel.toml");
    let text = std::fs::read_to_string(&wheel).unwrap();
    let line = text.lines().position(|l| l.starts_with("question.tr = ")).unwrap() + 1;
    let question_nl_line = line - 1;
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("question.tr = \"Şimdi"))
        .collect();
    std::fs::write(&wheel, kept.join("\n")).unwrap();

    let checked = content::check_folder(dir.path());
    assert!(!checked.has_errors());
    let warnings: Vec<String> = checked
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .map(|p| p.to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(&format!("wheel.toml:{question_nl_line}:")),
        "names the file and line: {}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("tr") && warnings[0].contains("\"nl\""),
        "{}",
        warnings[0]
    );
    let c = checked.content.unwrap();
    assert_eq!(
        c.topics[0].question.get("tr"),
        "Wat zou jij doen met het geld dat je nu aan roken uitgeeft?",
        "the kiosk shows the Dutch"
    );
    assert_eq!(c.topics[0].label.get("tr"), "Para");
}

#[test]
fn a_language_code_that_is_not_offered_is_an_error_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("media"), dir.path());
    let help = dir.path().join("help.toml");
    let text = std::fs::read_to_string(&help).unwrap();
    let text = text.replacen("cost.tr = \"Ücretsiz\"", "cost.tk = \"Ücretsiz\"", 1);
    let line = text.lines().position(|l| l.starts_with("cost.tk")).unwrap() + 1;
    std::fs::write(&help, text).unwrap();
    let checked = content::check_folder(dir.path());
    let errors: Vec<String> = checked
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].starts_with(&format!("help.toml:{line}:")), "{}", errors[0]);
    assert!(errors[0].contains("\"tk\""), "{}", errors[0]);
}

// --- Fonts -----------------------------------------------------------------

struct Font {
    name: &'static str,
    data: Vec<u8>,
}

impl Font {
    fn load(name: &'static str, file: &str) -> Font {
        Font {
            name,
            data: std::fs::read(root().join("media/fonts").join(file)).unwrap(),
        }
    }
    fn has(&self, c: char) -> bool {
        let face = ttf_parser::Face::parse(&self.data, 0).unwrap();
        face.glyph_index(c).is_some()
    }
}

fn shipped_fonts() -> Vec<Font> {
    vec![
        Font::load("Noto Sans", "NotoSans-Regular.ttf"),
        Font::load("Noto Sans", "NotoSans-Bold.ttf"),
        Font::load("Noto Sans Arabic", "NotoSansArabic-Regular.ttf"),
        Font::load("Noto Sans Arabic", "NotoSansArabic-Bold.ttf"),
    ]
}

/// Characters that need no glyph: spaces, line breaks, and the invisible
/// marks Arabic shaping uses.
fn needs_glyph(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !matches!(c, '\u{200c}' | '\u{200d}' | '\u{200e}' | '\u{200f}')
}

/// The string literals of a source file, comments left out.
fn literals(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut parts = line.split('"');
        parts.next();
        while let Some(inside) = parts.next() {
            out.push(inside.to_string());
            parts.next();
        }
    }
    out
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

fn po_msgstrs(lang: &str) -> Vec<String> {
    let po = root().join(format!("ui/translations/{lang}/LC_MESSAGES/rookvrij-kiosk.po"));
    std::fs::read_to_string(po)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("msgstr \""))
        .map(|s| s.trim_end_matches('"').to_string())
        .collect()
}

#[test]
fn the_shipped_fonts_draw_every_character_the_kiosk_can_show() {
    let fonts = shipped_fonts();
    let c = content::builtin();
    // (where, language, text): content, UI translations, the .slint and Rust literals.
    let mut shown: Vec<(String, String, String)> = Vec::new();
    for (place, text) in c.all_texts() {
        for (lang, t) in &text.texts {
            shown.push((place.clone(), lang.clone(), t.clone()));
        }
    }
    for l in &c.languages {
        shown.push(("language picker".into(), l.code.clone(), l.name.clone()));
    }
    for lang in ["en", "tr", "ar"] {
        for s in po_msgstrs(lang) {
            shown.push((format!("{lang}.po"), lang.into(), s));
        }
    }
    let mut sources = Vec::new();
    files(&root().join("ui"), "slint", &mut sources);
    files(&root().join("src/controllers"), "rs", &mut sources);
    for f in sources {
        for s in literals(&f) {
            shown.push((f.display().to_string(), "nl".into(), s));
        }
    }
    let mut missing = BTreeSet::new();
    for (place, lang, text) in &shown {
        let primary = content::font_family(lang);
        for ch in text.chars().filter(|c| needs_glyph(*c)) {
            // The language's own font draws its letters; a character it lacks
            // (Latin in Arabic text, a Euro sign) must be in another shipped
            // font, which is where the fallback finds it.
            let in_primary = fonts.iter().filter(|f| f.name == primary).all(|f| f.has(ch));
            let anywhere = fonts.iter().any(|f| f.has(ch));
            if ch.is_alphabetic() && ch as u32 >= 0x600 && ch as u32 <= 0x6ff && !in_primary {
                missing.insert(format!("{place} ({lang}): Arabic letter {ch:?} not in {primary}"));
            } else if !anywhere {
                missing.insert(format!(
                    "{place} ({lang}): {ch:?} U+{:04X} in no shipped font",
                    ch as u32
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn each_language_has_its_font_and_the_fonts_their_licence() {
    assert_eq!(content::font_family("ar"), "Noto Sans Arabic");
    assert_eq!(content::font_family("fa"), "Noto Sans Arabic");
    assert_eq!(content::font_family("tr"), "Noto Sans");
    assert_eq!(content::font_family("nl"), "Noto Sans");
    // Turkish letters are in Noto Sans; Arabic letters are not, so they need
    // the Arabic font; and the Arabic font has no Latin letters.
    let fonts = shipped_fonts();
    for ch in "İıĞğŞşÇçÖöÜü".chars() {
        assert!(fonts[0].has(ch) && fonts[1].has(ch), "{ch}");
    }
    assert!(!fonts[0].has('ع') && fonts[2].has('ع') && fonts[3].has('ع'));
    assert!(!fonts[2].has('a'));
    let licence = std::fs::read_to_string(root().join("media/fonts/OFL.txt")).unwrap();
    assert!(
        licence.contains("SIL Open Font License"),
        "the OFL ships beside the fonts"
    );
    // The .slint theme imports all four, so they are inside the binary.
    let theme = std::fs::read_to_string(root().join("ui/theme.slint")).unwrap();
    for f in [
        "NotoSans-Regular",
        "NotoSans-Bold",
        "NotoSansArabic-Regular",
        "NotoSansArabic-Bold",
    ] {
        assert!(theme.contains(&format!("media/fonts/{f}.ttf")), "{f} imported");
    }
}
