//! Reads the TOML files of a content folder and checks them, collecting every
//! problem with its file, line and column in plain Dutch.

use crate::quiz::MAX_GUESS;
use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use super::Checked;
use super::model::*;
use super::problems::{Problem, line_col};
use super::source::{PathError, Source};

/// A text per language. With dotted keys (`label.nl = "..."`) each language sits on
/// its own line, and the key's span points a mistake at that line.
type RawText = Spanned<BTreeMap<Spanned<String>, String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeneral {
    #[serde(default)]
    example: bool,
    languages: Spanned<Vec<Spanned<String>>>,
    default_language: Option<Spanned<String>>,
    #[serde(default)]
    language_names: BTreeMap<String, String>,
    greeting: RawText,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWheel {
    #[serde(default)]
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    color: Spanned<String>,
    label: RawText,
    question: RawText,
    follow_up: Option<RawText>,
    icon: Option<Spanned<String>>,
    /// A note for the team (where a fact comes from, what to check): check-content
    /// shows it, the kiosk never does.
    #[serde(default)]
    note: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuiz {
    #[serde(default)]
    jar: Vec<RawJar>,
    cost: Option<RawCost>,
    #[serde(default)]
    myth: Vec<RawMyth>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawJar {
    id: Spanned<String>,
    count: Option<Spanned<i64>>,
    photo: Option<Spanned<String>>,
    place: Option<RawText>,
    drawn: Option<RawRange>,
    /// A note for the team (where a fact comes from, what to check): check-content
    /// shows it, the kiosk never does.
    #[serde(default)]
    note: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    min: Spanned<i64>,
    max: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCost {
    pack_price: Spanned<f64>,
    pack_size: Option<Spanned<i64>>,
    source: RawText,
    date: Spanned<String>,
    #[serde(default)]
    examples: Vec<RawText>,
    /// A note for the team (where a fact comes from, what to check): check-content
    /// shows it, the kiosk never does.
    #[serde(default)]
    note: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMyth {
    id: Spanned<String>,
    statement: RawText,
    fact: Option<Spanned<bool>>,
    explanation: RawText,
    source: Spanned<String>,
    /// A note for the team (where a fact comes from, what to check): check-content
    /// shows it, the kiosk never does.
    #[serde(default)]
    note: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStories {
    #[serde(default)]
    story: Vec<RawStory>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStory {
    id: Spanned<String>,
    #[serde(default)]
    example: bool,
    name: RawText,
    photo: Spanned<String>,
    quote: RawText,
    text: RawText,
    #[serde(default)]
    audio: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    /// A note for the team (where a fact comes from, what to check): check-content
    /// shows it, the kiosk never does.
    #[serde(default)]
    note: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHelp {
    #[serde(default)]
    option: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: Spanned<String>,
    kind: Spanned<String>,
    #[serde(default)]
    example: bool,
    name: RawText,
    photo: Spanned<String>,
    what: RawText,
    when: Option<RawText>,
    cost: Option<RawText>,
    link: Spanned<String>,
    show: Option<Spanned<String>>,
    /// A note for the team (where a fact comes from, what to check): check-content
    /// shows it, the kiosk never does.
    #[serde(default)]
    note: Option<Spanned<String>>,
}

pub const GENERAL: &str = "content.toml";
pub const WHEEL: &str = "wheel.toml";
pub const QUIZ: &str = "quiz.toml";
pub const MIN_MYTHS: usize = 5;
pub const MAX_MYTHS: usize = 10;
pub const STORIES: &str = "stories.toml";
pub const HELP: &str = "help.toml";

/// The wheel's sectors stay wide enough to read between these.
pub const MIN_TOPICS: usize = 6;
pub const MAX_TOPICS: usize = 12;
/// `heic`/`heif` are let through to be refused with how to get a JPEG.
const IMAGE_EXTENSIONS: [&str; 7] = ["png", "jpg", "jpeg", "webp", "svg", "heic", "heif"];
const AUDIO_EXTENSIONS: [&str; 9] = crate::recording::EXTENSIONS;

/// Collects problems while reading one file after another.
struct Checker {
    source: Source,
    problems: Vec<Problem>,
    file: &'static str,
    text: String,
    languages: Vec<String>,
    default_language: String,
    /// Errors the kiosk can live with: a broken recording is left out and its
    /// story is still read. check-content still fails on them.
    recoverable: usize,
    depth: Depth,
    /// What earlier checks learned, by file hash (the kiosk's data disk).
    known: Option<crate::known::Known>,
    /// The team's notes (`note = "…"`), in file order.
    notes: Vec<Problem>,
}

/// How deep recordings are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Every recording decoded to its end (check-content, loading a stick).
    Full,
    /// Recordings: Ogg pages walked and the announced length read; decoded
    /// only when they announce none. For starting to count at once (`run`,
    /// `simulate`); a playback that fails disables its button.
    Quick,
}

impl Checker {
    fn at(&self, span: std::ops::Range<usize>) -> Option<(usize, usize)> {
        Some(line_col(&self.text, span.start))
    }

    fn error_at(&mut self, span: std::ops::Range<usize>, message: impl Into<String>) {
        let pos = self.at(span);
        self.problems.push(Problem::error(self.file, pos, message));
    }

    /// A team's `note`, kept for check-content to show (never for residents).
    fn note(&mut self, note: &Option<Spanned<String>>) {
        if let Some(n) = note
            && !n.get_ref().trim().is_empty()
        {
            let pos = self.at(n.span());
            self.notes.push(Problem::note(self.file, pos, n.get_ref().trim()));
        }
    }

    fn warning_at(&mut self, span: std::ops::Range<usize>, message: impl Into<String>) {
        let pos = self.at(span);
        self.problems.push(Problem::warning(self.file, pos, message));
    }

    /// Reads and parses one file; on failure the problem is recorded and None returned.
    fn parse<T: DeserializeOwned>(&mut self, file: &'static str) -> Option<T> {
        self.file = file;
        self.text.clear();
        let bytes = match self.source.read(file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.problems
                    .push(Problem::error(file, None, "dit bestand ontbreekt in de inhoudsmap"));
                return None;
            }
            Err(e) => {
                self.problems
                    .push(Problem::error(file, None, format!("kan dit bestand niet lezen: {e}")));
                return None;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let (line, col) = line_col(&String::from_utf8_lossy(&bytes[..offset]), offset);
                self.problems.push(Problem::error(
                    file,
                    Some((line, col)),
                    "het bestand is geen UTF-8-tekst; sla het op als UTF-8 (Kladblok: Opslaan als, codering UTF-8)",
                ));
                return None;
            }
        };
        self.text = text;
        match toml::from_str::<T>(&self.text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problems.push(super::problems::toml_problem(file, &self.text, &e));
                None
            }
        }
    }

    fn check_id(&mut self, id: &Spanned<String>, seen: &mut HashSet<String>, what: &str) {
        let value = id.get_ref();
        let ok = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            self.error_at(
                id.span(),
                format!("id \"{value}\" mag alleen kleine letters a-z, cijfers, - en _ bevatten"),
            );
        } else if !seen.insert(value.clone()) {
            self.error_at(
                id.span(),
                format!("id \"{value}\" komt twee keer voor bij {what}; elke id moet uniek zijn"),
            );
        }
    }

    /// Checks a text's language codes and resolves it. `required`: the default
    /// language must be there.
    fn text(&mut self, raw: &RawText, field: &str, required: bool) -> Text {
        let span = raw.span();
        let mut texts = BTreeMap::new();
        for (spanned_code, value) in raw.get_ref() {
            let code = spanned_code.get_ref();
            if !self.languages.contains(code) {
                let known = self.languages.join(", ");
                self.error_at(
                    spanned_code.span(),
                    format!(
                        "onbekende taalcode \"{code}\" bij {field}; gebruik een van de talen uit content.toml: {known}"
                    ),
                );
                continue;
            }
            texts.insert(code.clone(), value.clone());
        }
        let default_missing = texts.get(&self.default_language).is_none_or(|t| t.trim().is_empty());
        if required && default_missing {
            let lang = self.default_language.clone();
            self.error_at(
                span.clone(),
                format!("{field} heeft geen tekst in de standaardtaal \"{lang}\""),
            );
        } else if !default_missing {
            let missing: Vec<String> = self
                .languages
                .iter()
                .filter(|l| !texts.contains_key(*l))
                .cloned()
                .collect();
            if !missing.is_empty() {
                let lang = self.default_language.clone();
                self.warning_at(
                    span,
                    format!(
                        "{field} heeft geen tekst in: {}; de kiosk toont daar de tekst in \"{lang}\"",
                        missing.join(", ")
                    ),
                );
            }
        }
        Text {
            texts,
            fallback: self.default_language.clone(),
        }
    }

    fn optional_text(&mut self, raw: &Option<RawText>, field: &str) -> Text {
        match raw {
            Some(raw) => self.text(raw, field, true),
            None => Text {
                texts: BTreeMap::new(),
                fallback: self.default_language.clone(),
            },
        }
    }

    fn media(&mut self, path: &Spanned<String>, extensions: &[&str], kind: &str) -> bool {
        let rel = path.get_ref().clone();
        let ext_ok = rel
            .rsplit_once('.')
            .is_some_and(|(_, ext)| extensions.contains(&ext.to_ascii_lowercase().as_str()));
        if !ext_ok {
            self.error_at(
                path.span(),
                format!(
                    "\"{rel}\" is geen {kind}bestand; gebruik een van: {}",
                    extensions.join(", ")
                ),
            );
            return false;
        }
        let message = match self.source.check_media_path(&rel) {
            Ok(()) => return true,
            Err(PathError::Absolute) => format!(
                "\"{rel}\" is een absoluut pad; schrijf het pad vanaf de inhoudsmap, bijvoorbeeld \"images/foto.png\""
            ),
            Err(PathError::LeavesFolder) => {
                format!("\"{rel}\" wijst buiten de inhoudsmap; zet het bestand in de inhoudsmap zelf")
            }
            Err(PathError::EscapesByLink) => format!(
                "\"{rel}\" is een snelkoppeling naar een bestand buiten de inhoudsmap; kopieer het bestand in de map"
            ),
            Err(PathError::Missing) => format!("het bestand \"{rel}\" bestaat niet in de inhoudsmap"),
        };
        self.error_at(path.span(), message);
        false
    }

    /// A topic's pictogram: SVG or PNG, and it must really draw.
    fn icon(&mut self, path: &Spanned<String>) {
        if !self.media(path, &["svg", "png"], "pictogram") {
            return;
        }
        let rel = path.get_ref();
        let Ok(bytes) = self.source.read(rel) else { return };
        if let Err(e) = crate::wheel::art::Icon::load(rel, &bytes) {
            self.error_at(path.span(), format!("pictogram \"{rel}\" is niet te tekenen: {e}"));
        }
    }

    /// A story's recording: it must exist and play to its end. Returns how
    /// to play it (length, loudness gain, silence skipped).
    fn audio(&mut self, path: &Spanned<String>) -> Option<StoryAudio> {
        if !self.media(path, &AUDIO_EXTENSIONS, "geluids") {
            self.recoverable += 1;
            return None;
        }
        let rel = path.get_ref();
        // Measured before and unchanged since (path, size, time): not read again.
        let by_stamp = self
            .known
            .as_ref()
            .and_then(|k| k.recording(&k.hash_by_stamp(&self.source, rel)?));
        let checked = match by_stamp {
            Some(heard) => Ok(Learned::Full(heard)),
            None => {
                let bytes = match self.source.read(rel) {
                    Ok(b) => b,
                    Err(e) => {
                        self.error_at(path.span(), format!("kan \"{rel}\" niet lezen: {e}"));
                        self.recoverable += 1;
                        return None;
                    }
                };
                self.hear(rel, &bytes)
            }
        };
        match checked {
            Ok(Learned::Full(heard)) => {
                for w in heard.warnings() {
                    self.warning_at(path.span(), format!("\"{rel}\": {w}"));
                }
                Some(StoryAudio {
                    path: rel.clone(),
                    length: heard.length().saturating_sub(heard.skip()),
                    gain: heard.gain(),
                    skip: heard.skip(),
                })
            }
            Ok(Learned::Length(length)) => Some(StoryAudio {
                path: rel.clone(),
                length,
                gain: 1.0,
                skip: std::time::Duration::ZERO,
            }),
            Err(e) => {
                self.error_at(
                    path.span(),
                    format!("\"{rel}\": {e}; het verhaal is te lezen, maar niet te beluisteren"),
                );
                self.recoverable += 1;
                None
            }
        }
    }

    /// A photo with fewer pixels than it is shown with is a warning.
    fn photo_size(&mut self, path: &Spanned<String>, original: (u32, u32)) {
        if let Some((sw, sh)) = crate::picture::blurred_at(original, crate::picture::SHOWN) {
            let (rel, (w, h)) = (path.get_ref(), original);
            self.warning_at(
                path.span(),
                format!(
                    "\"{rel}\" is maar {w}×{h} pixels en wordt op een groot scherm {sw}×{sh} getoond, dus wazig: \
                     gebruik de foto zoals de telefoon hem maakte (niet een kopie uit WhatsApp of een schermafbeelding)"
                ),
            );
        }
    }

    /// A recording's bytes checked at this depth, or what was learned about
    /// the same bytes before; what a full check learns is kept.
    fn hear(&self, rel: &str, bytes: &[u8]) -> Result<Learned, crate::recording::AudioFileError> {
        let extension = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let hash = self.known.as_ref().map(|k| k.learn_hash(&self.source, rel, bytes));
        if let (Some(k), Some(h)) = (&self.known, &hash)
            && let Some(heard) = k.recording(h)
        {
            return Ok(Learned::Full(heard));
        }
        match self.depth {
            Depth::Full => crate::recording::check(bytes, &extension).map(|heard| {
                if let (Some(k), Some(h)) = (&self.known, &hash) {
                    k.keep_recording(h, &heard);
                }
                Learned::Full(heard)
            }),
            Depth::Quick => crate::recording::probe(bytes, &extension).map(Learned::Length),
        }
    }

    fn image(&mut self, path: &Spanned<String>) {
        if !self.media(path, &IMAGE_EXTENSIONS, "afbeeldings") {
            return;
        }
        let rel = path.get_ref();
        let lower = rel.to_ascii_lowercase();
        if lower.ends_with(".heic") || lower.ends_with(".heif") {
            self.error_at(
                path.span(),
                format!("\"{rel}\": {}", crate::picture::PictureError::Heic),
            );
            return;
        }
        let raster = !lower.ends_with(".svg");
        use crate::picture::SHOWN;
        // Decoded whole before and unchanged since (path, size, time): not read again.
        let by_stamp = match &self.known {
            Some(k) if raster => k.hash_by_stamp(&self.source, rel).and_then(|h| k.photo_size(&h, SHOWN)),
            _ => None,
        };
        if let Some(original) = by_stamp {
            self.photo_size(path, original);
            return;
        }
        // check-content opens every photo fully, as the kiosk will: cut off,
        // damaged, misnamed or too big is found on the team's laptop. The
        // photo fitted to the screen is kept, so the kiosk decodes it once.
        if self.depth == Depth::Full && raster {
            let Ok(bytes) = self.source.read(rel) else { return };
            let hash = self.known.as_ref().map(|k| k.learn_hash(&self.source, rel, &bytes));
            // Decoded whole once before (same bytes): only its name is checked.
            let known_size = match (&self.known, &hash) {
                (Some(k), Some(h)) => k.photo_size(h, SHOWN),
                _ => None,
            };
            let checked = match known_size {
                Some(original) => crate::picture::sniff(&bytes, Some(rel)).map(|()| original),
                None => crate::picture::decode_fitted(&bytes, Some(rel), SHOWN).map(|fitted| {
                    if let (Some(k), Some(h)) = (&self.known, &hash) {
                        k.keep_photo(h, SHOWN, &fitted);
                    }
                    fitted.original
                }),
            };
            match checked {
                Err(e) => self.error_at(path.span(), format!("\"{rel}\": {e}")),
                Ok(original) => self.photo_size(path, original),
            }
            return;
        }
        // A quick look: the first bytes say what it is.
        let Ok(bytes) = self.source.read_head(rel, 512) else {
            return;
        };
        if !looks_like_image(rel, &bytes) {
            self.error_at(
                path.span(),
                format!("\"{rel}\" is geen leesbare afbeelding (kapot of verkeerd type)"),
            );
        }
    }
}

/// What a check of a recording learned: everything, or (probed) its length.
enum Learned {
    Full(crate::recording::Heard),
    Length(std::time::Duration),
}

fn looks_like_image(rel: &str, bytes: &[u8]) -> bool {
    let lower = rel.to_ascii_lowercase();
    if lower.ends_with(".png") {
        bytes.starts_with(b"\x89PNG\r\n\x1a\n")
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        bytes.starts_with(&[0xFF, 0xD8, 0xFF])
    } else if lower.ends_with(".webp") {
        bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP"
    } else {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_string();
        head.contains("<svg") || head.contains("<?xml")
    }
}

fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    Some([(v >> 16) as u8, (v >> 8) as u8, v as u8])
}

/// A stop-help link: `tel:` with a Dutch number, `https:`, or WhatsApp's `https://wa.me/<digits>`.
pub fn check_link(link: &str) -> Result<(), String> {
    if let Some(number) = link.strip_prefix("tel:") {
        return check_phone(number);
    }
    if let Some(rest) = link.strip_prefix("https://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty()
            || !host.contains('.')
            || host.contains(char::is_whitespace)
            || link.contains(char::is_whitespace)
        {
            return Err(format!(
                "\"{link}\" is geen geldig webadres; schrijf het als https://www.voorbeeld.nl"
            ));
        }
        if host == "wa.me" {
            let digits = rest.trim_start_matches("wa.me/").split(['?', '/']).next().unwrap_or("");
            if digits.len() < 10 || !digits.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!(
                    "WhatsApp-link \"{link}\" moet het nummer met landcode bevatten, zonder + of 0: https://wa.me/31612345678"
                ));
            }
        }
        return Ok(());
    }
    Err(format!(
        "link \"{link}\" kan niet: gebruik tel:, https:// of https://wa.me/"
    ))
}

/// Dutch numbers: 0800/0900 service numbers, 10-digit national numbers, or +31.
pub fn check_phone(number: &str) -> Result<(), String> {
    let cleaned: String = number.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = cleaned
        .strip_prefix("+31")
        .map(|d| format!("0{d}"))
        .unwrap_or(cleaned.clone());
    let valid = digits.starts_with('0')
        && digits.chars().all(|c| c.is_ascii_digit())
        && (digits.len() == 10
            || ((digits.starts_with("0800") || digits.starts_with("0900")) && (8..=11).contains(&digits.len())));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "telefoonnummer \"{number}\" klopt niet; schrijf een Nederlands nummer, bijvoorbeeld tel:0800-1995 of tel:+31201234567"
        ))
    }
}

pub fn check(source: Source) -> Checked {
    check_at(source, Depth::Full)
}

pub fn check_at(source: Source, depth: Depth) -> Checked {
    check_with(source, depth, None)
}

/// [`check_at`], with what earlier checks learned (and keeping what this one learns).
pub fn check_with(source: Source, depth: Depth, known: Option<crate::known::Known>) -> Checked {
    let mut c = Checker {
        depth,
        known,
        notes: Vec::new(),
        source,
        problems: Vec::new(),
        file: GENERAL,
        text: String::new(),
        languages: Vec::new(),
        default_language: "nl".to_string(),
        recoverable: 0,
    };

    let general = c.parse::<RawGeneral>(GENERAL);
    let mut languages = Vec::new();
    let mut greeting = Text::default();
    let mut example = false;
    if let Some(g) = &general {
        example = g.example;
        for code in g.languages.get_ref() {
            let value = code.get_ref();
            if !is_known_language(value) {
                c.error_at(
                    code.span(),
                    format!("\"{value}\" is geen bekende taalcode; gebruik bijvoorbeeld nl, en, tr of ar"),
                );
            } else if c.languages.contains(value) {
                c.error_at(code.span(), format!("taal \"{value}\" staat twee keer in de lijst"));
            } else {
                c.languages.push(value.clone());
                let name = g
                    .language_names
                    .get(value)
                    .cloned()
                    .or_else(|| own_name(value).map(str::to_string))
                    .unwrap_or_else(|| value.clone());
                languages.push(Language {
                    code: value.clone(),
                    name,
                    rtl: is_rtl(value),
                });
            }
        }
        if c.languages.is_empty() {
            c.error_at(
                g.languages.span(),
                "geef minstens één taal op, bijvoorbeeld languages = [\"nl\"]",
            );
        }
        let default = g.default_language.clone();
        match default {
            Some(d) if !c.languages.contains(d.get_ref()) => {
                c.error_at(
                    d.span(),
                    format!("standaardtaal \"{}\" staat niet in languages", d.get_ref()),
                );
            }
            Some(d) => c.default_language = d.into_inner(),
            None => {
                if let Some(first) = c.languages.first() {
                    c.default_language = first.clone();
                }
            }
        }
        greeting = c.text(&g.greeting, "greeting", true);
    }

    let mut topics = Vec::new();
    if let Some(w) = c.parse::<RawWheel>(WHEEL) {
        let mut seen = HashSet::new();
        for t in &w.topic {
            c.check_id(&t.id, &mut seen, "de onderwerpen");
            c.note(&t.note);
            let color = parse_color(t.color.get_ref()).unwrap_or_else(|| {
                let v = t.color.get_ref().clone();
                c.error_at(
                    t.color.span(),
                    format!("kleur \"{v}\" klopt niet; schrijf haar als \"#e98a2f\""),
                );
                [128, 128, 128]
            });
            match &t.icon {
                Some(icon) => c.icon(icon),
                None => c.warning_at(
                    t.id.span(),
                    format!(
                        "onderwerp \"{}\" heeft geen pictogram (icon); veel mensen lezen liever een plaatje",
                        t.id.get_ref()
                    ),
                ),
            }
            topics.push(Topic {
                id: t.id.get_ref().clone(),
                icon: t.icon.as_ref().map(|i| i.get_ref().clone()),
                color,
                label: c.text(&t.label, "label", true),
                question: c.text(&t.question, "question", true),
                follow_up: c.optional_text(&t.follow_up, "follow_up"),
            });
        }
        if !(MIN_TOPICS..=MAX_TOPICS).contains(&topics.len()) {
            c.problems.push(Problem::error(
                WHEEL,
                None,
                format!(
                    "het rad heeft {MIN_TOPICS} tot {MAX_TOPICS} onderwerpen nodig ([[topic]]), nu {}; \
                     met meer worden de vakken te smal om te lezen",
                    topics.len()
                ),
            ));
        }
    }

    let mut jars = Vec::new();
    let mut cost = None;
    let mut myths = Vec::new();
    if let Some(q) = c.parse::<RawQuiz>(QUIZ) {
        let mut seen = HashSet::new();
        for j in &q.jar {
            c.check_id(&j.id, &mut seen, "de potten");
            c.note(&j.note);
            let in_range = |c: &mut Checker, v: &Spanned<i64>, what: &str| -> u32 {
                let n = *v.get_ref();
                if !(1..=MAX_GUESS as i64).contains(&n) {
                    c.error_at(
                        v.span(),
                        format!("{what} {n} kan niet; het moet tussen 1 en {MAX_GUESS} liggen"),
                    );
                }
                n.clamp(1, MAX_GUESS as i64) as u32
            };
            let kind = match (&j.count, &j.drawn) {
                (Some(count), None) => {
                    let count = in_range(&mut c, count, "aantal");
                    if let Some(photo) = &j.photo {
                        c.image(photo);
                    }
                    JarKind::Counted {
                        count,
                        photo: j.photo.as_ref().map(|p| p.get_ref().clone()),
                    }
                }
                (None, Some(range)) => {
                    let min = in_range(&mut c, &range.min, "min");
                    let max = in_range(&mut c, &range.max, "max");
                    if min > max {
                        c.error_at(range.max.span(), format!("max {max} is kleiner dan min {min}"));
                    }
                    if let Some(photo) = &j.photo {
                        c.error_at(
                            photo.span(),
                            "een getekende pot (drawn) heeft geen foto; een foto hoort bij een eigen pot met count",
                        );
                    }
                    JarKind::Drawn {
                        min: min.min(max),
                        max: max.max(min),
                    }
                }
                (Some(count), Some(_)) => {
                    c.error_at(
                        count.span(),
                        "een pot heeft óf een echt aantal (count) óf een getekende pot (drawn), niet allebei",
                    );
                    JarKind::Drawn { min: 1, max: 1 }
                }
                (None, None) => {
                    let what = if j.photo.is_some() {
                        "een pot met een foto heeft het echte aantal nodig: zet count = ... (hoeveel peuken erin zitten)"
                    } else {
                        "deze pot heeft geen aantal: zet count = ... (een eigen pot) of drawn = { min = ..., max = ... }"
                    };
                    c.error_at(j.id.span(), what);
                    JarKind::Drawn { min: 1, max: 1 }
                }
            };
            jars.push(Jar {
                id: j.id.get_ref().clone(),
                kind,
                place: c.optional_text(&j.place, "place"),
                picked: None,
            });
        }
        if jars.is_empty() {
            c.problems.push(Problem::error(
                QUIZ,
                None,
                "er is geen pot om te raden; voeg een [[jar]] toe",
            ));
        }
        if let Some(raw) = &q.cost {
            c.note(&raw.note);
            let price = *raw.pack_price.get_ref();
            if !(price.is_finite() && price > 0.0 && price < 1000.0) {
                c.error_at(
                    raw.pack_price.span(),
                    format!("pack_price {price} kan niet; de prijs van één pakje in euro, bijvoorbeeld 11.50"),
                );
            }
            let pack_size = raw.pack_size.as_ref().map_or(20, |n| {
                let v = *n.get_ref();
                if !(1..=100).contains(&v) {
                    c.error_at(
                        n.span(),
                        format!("pack_size {v} kan niet; sigaretten in één pakje, 1 tot 100"),
                    );
                }
                v.clamp(1, 100) as u32
            });
            if raw.date.get_ref().trim().is_empty() {
                c.error_at(
                    raw.date.span(),
                    "zet erbij wanneer de prijs klopte, bijvoorbeeld date = \"2026-01\"",
                );
            }
            cost = Some(Cost {
                pack_cents: (price.clamp(0.0, 1000.0) * 100.0).round() as u32,
                pack_size,
                source: c.text(&raw.source, "source", true),
                date: raw.date.get_ref().trim().to_string(),
                examples: raw.examples.iter().map(|e| c.text(e, "examples", true)).collect(),
            });
        }
        let mut seen = HashSet::new();
        for m in &q.myth {
            c.check_id(&m.id, &mut seen, "de beweringen");
            c.note(&m.note);
            let fact = match &m.fact {
                Some(f) => *f.get_ref(),
                None => {
                    c.error_at(
                        m.id.span(),
                        format!(
                            "bewering '{}' heeft geen antwoord: zet fact = true (feit) of fact = false (fabel)",
                            m.id.get_ref()
                        ),
                    );
                    false
                }
            };
            if m.source.get_ref().trim().is_empty() {
                c.error_at(m.source.span(), "een bewering heeft een bron nodig (source)");
            }
            myths.push(Myth {
                id: m.id.get_ref().clone(),
                statement: c.text(&m.statement, "statement", true),
                fact,
                explanation: c.text(&m.explanation, "explanation", true),
                source: m.source.get_ref().trim().to_string(),
            });
        }
        if !q.myth.is_empty() && !(MIN_MYTHS..=MAX_MYTHS).contains(&q.myth.len()) {
            c.problems.push(Problem::warning(
                QUIZ,
                None,
                format!(
                    "{} beweringen ([[myth]]); {MIN_MYTHS} tot {MAX_MYTHS} werkt het best",
                    q.myth.len()
                ),
            ));
        }
    }

    let mut stories = Vec::new();
    if let Some(s) = c.parse::<RawStories>(STORIES) {
        let mut seen = HashSet::new();
        for st in &s.story {
            c.check_id(&st.id, &mut seen, "de verhalen");
            c.note(&st.note);
            c.image(&st.photo);
            let mut audio = BTreeMap::new();
            if let Some(a) = &st.audio {
                for (lang, path) in a.get_ref() {
                    if !c.languages.contains(lang) {
                        c.error_at(path.span(), format!("onbekende taalcode \"{lang}\" bij audio"));
                        continue;
                    }
                    if let Some(heard) = c.audio(path) {
                        audio.insert(lang.clone(), heard);
                    }
                }
            }
            stories.push(Story {
                id: st.id.get_ref().clone(),
                example: st.example,
                name: c.text(&st.name, "name", true),
                photo: st.photo.get_ref().clone(),
                quote: c.text(&st.quote, "quote", true),
                text: c.text(&st.text, "text", true),
                audio,
            });
        }
        if stories.is_empty() {
            c.problems.push(Problem::error(
                STORIES,
                None,
                "er zijn geen verhalen; voeg een [[story]] toe",
            ));
        }
    }

    let mut help = Vec::new();
    if let Some(h) = c.parse::<RawHelp>(HELP) {
        let mut seen = HashSet::new();
        for o in &h.option {
            c.check_id(&o.id, &mut seen, "de hulpopties");
            c.note(&o.note);
            let kind_name = o.kind.get_ref().as_str();
            let kind = HelpKind::ALL.iter().find(|(n, _)| *n == kind_name).map(|(_, k)| *k);
            if kind.is_none() {
                let names: Vec<&str> = HelpKind::ALL.iter().map(|(n, _)| *n).collect();
                c.error_at(
                    o.kind.span(),
                    format!("soort \"{kind_name}\" bestaat niet; kies uit: {}", names.join(", ")),
                );
            }
            c.image(&o.photo);
            if let Err(message) = check_link(o.link.get_ref()) {
                c.error_at(o.link.span(), message);
            }
            let show = o
                .show
                .as_ref()
                .map(|s| s.get_ref().clone())
                .unwrap_or_else(|| readable_link(o.link.get_ref()));
            help.push(HelpOption {
                id: o.id.get_ref().clone(),
                kind: kind.unwrap_or(HelpKind::Coach),
                example: o.example,
                name: c.text(&o.name, "name", true),
                photo: o.photo.get_ref().clone(),
                what: c.text(&o.what, "what", true),
                when: c.optional_text(&o.when, "when"),
                cost: c.optional_text(&o.cost, "cost"),
                link: o.link.get_ref().clone(),
                show,
            });
        }
        if help.is_empty() {
            c.problems.push(Problem::error(
                HELP,
                None,
                "er is geen hulp om te tonen; voeg minstens één [[option]] toe",
            ));
        }
    }

    let errors = c
        .problems
        .iter()
        .filter(|p| p.severity == super::Severity::Error)
        .count();
    let content = (errors == c.recoverable).then(|| Content {
        source: c.source.clone(),
        example,
        languages,
        default_language: c.default_language.clone(),
        greeting,
        topics,
        jars,
        cost,
        myths,
        stories,
        help,
    });
    Checked {
        content,
        problems: c.problems,
        notes: c.notes,
    }
}

/// What a person reads for a link when the team gave no `show`.
fn readable_link(link: &str) -> String {
    if let Some(n) = link.strip_prefix("tel:") {
        return n.to_string();
    }
    link.trim_start_matches("https://")
        .trim_start_matches("www.")
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_allowed_and_refused() {
        assert!(check_link("tel:0800-1995").is_ok());
        assert!(check_link("tel:+31 20 123 4567").is_ok());
        assert!(check_link("https://www.ikstopnu.nl").is_ok());
        assert!(check_link("https://wa.me/31612345678").is_ok());
        assert!(check_link("http://ikstopnu.nl").is_err());
        assert!(check_link("javascript:alert(1)").is_err());
        assert!(check_link("tel:12345").is_err());
        assert!(check_link("tel:0800-19a5").is_err());
        assert!(check_link("https://wa.me/0612").is_err());
        assert!(check_link("https://").is_err());
    }

    #[test]
    fn colors_parse() {
        assert_eq!(parse_color("#ff0080"), Some([255, 0, 128]));
        assert_eq!(parse_color("ff0080"), None);
        assert_eq!(parse_color("#ff008"), None);
    }
}
