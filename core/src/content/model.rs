use std::collections::BTreeMap;

use super::Source;

/// A resident-facing text in every language the team wrote it in.
/// Missing languages fall back to the kiosk's default language (Dutch).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub texts: BTreeMap<String, String>,
    pub fallback: String,
}

impl Text {
    pub fn get(&self, lang: &str) -> &str {
        self.texts
            .get(lang)
            .or_else(|| self.texts.get(&self.fallback))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.texts.values().all(|t| t.trim().is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    pub code: String,
    /// The language's own name in its own script: "Nederlands", "Türkçe", "العربية".
    pub name: String,
    pub rtl: bool,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub id: String,
    pub color: [u8; 3],
    pub label: Text,
    pub question: Text,
    pub follow_up: Text,
    /// A pictogram (SVG or PNG), drawn on the wheel in the sector's ink.
    pub icon: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Jar {
    pub id: String,
    pub kind: JarKind,
    /// Where and when the butts were picked up (a counted jar), or empty.
    pub place: Text,
    /// The team's jar of today, entered on the team screen: where (a
    /// vindplaats) and when ("28-11-2026") its butts were picked up. The
    /// screen says it in the resident's language.
    pub picked: Option<Picked>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picked {
    pub place: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JarKind {
    /// The team's own jar: the real count, and a photo of it if they have one.
    Counted { count: u32, photo: Option<String> },
    /// A jar drawn by the kiosk with a number of butts between `min` and
    /// `max`, different each visit.
    Drawn { min: u32, max: u32 },
}

/// What smoking costs: the calculator after the reveal.
#[derive(Debug, Clone)]
pub struct Cost {
    /// Euro cents for one pack.
    pub pack_cents: u32,
    pub pack_size: u32,
    /// Where the price comes from, and when it was checked.
    pub source: Text,
    pub date: String,
    /// What that money could do instead.
    pub examples: Vec<Text>,
}

/// Myth or fact ("petje op, petje af").
#[derive(Debug, Clone)]
pub struct Myth {
    pub id: String,
    pub statement: Text,
    /// True: a fact. False: a myth.
    pub fact: bool,
    pub explanation: Text,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Story {
    pub id: String,
    pub example: bool,
    pub name: Text,
    pub photo: String,
    pub quote: Text,
    pub text: Text,
    /// Recorded audio per language code; only files that check-content found whole.
    pub audio: BTreeMap<String, StoryAudio>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoryAudio {
    /// Relative to the content folder.
    pub path: String,
    /// How long it plays (without the silence skipped at its start).
    pub length: std::time::Duration,
    /// The factor that brings it to the kiosk's one loudness (1 until measured).
    pub gain: f32,
    /// The silence at its start that playback skips.
    pub skip: std::time::Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKind {
    Coach,
    Group,
    Line,
    Doctor,
    Online,
}

impl HelpKind {
    pub const ALL: [(&'static str, HelpKind); 5] = [
        ("coach", HelpKind::Coach),
        ("groep", HelpKind::Group),
        ("lijn", HelpKind::Line),
        ("huisarts", HelpKind::Doctor),
        ("online", HelpKind::Online),
    ];
}

#[derive(Debug, Clone)]
pub struct HelpOption {
    pub id: String,
    pub kind: HelpKind,
    pub example: bool,
    pub name: Text,
    pub photo: String,
    pub what: Text,
    pub when: Text,
    pub cost: Text,
    /// `tel:`, `https:` or `https://wa.me/…`
    pub link: String,
    /// What a person reads: "0800-1995" or "ikstopnu.nl".
    pub show: String,
}

/// Everything a kiosk shows, checked and resolved.
#[derive(Debug, Clone)]
pub struct Content {
    pub source: Source,
    /// Demo content: stories and contacts are examples for a team to replace.
    pub example: bool,
    pub languages: Vec<Language>,
    pub default_language: String,
    pub greeting: Text,
    pub topics: Vec<Topic>,
    pub jars: Vec<Jar>,
    pub cost: Option<Cost>,
    pub myths: Vec<Myth>,
    pub stories: Vec<Story>,
    pub help: Vec<HelpOption>,
}

impl Content {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// A text as the kiosk shows it in `lang`: in a right-to-left language,
    /// Latin words, numbers and dates inside it are isolated (see `bidi`).
    pub fn shown(&self, text: &Text, lang: &str) -> String {
        self.shown_str(text.get(lang), lang)
    }

    /// Any string shown in `lang` (a source, a price line), isolated as `shown`.
    pub fn shown_str(&self, text: &str, lang: &str) -> String {
        if self.language(lang).is_some_and(|l| l.rtl) {
            crate::bidi::isolate_ltr(text).into_owned()
        } else {
            text.to_string()
        }
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// Every resident-facing text, each with where it sits ("wheel.toml geld
    /// question"): for checks that every text is there in every language and
    /// that the shipped fonts draw all of it.
    pub fn all_texts(&self) -> Vec<(String, &Text)> {
        let mut out = vec![("content.toml greeting".to_string(), &self.greeting)];
        for t in &self.topics {
            for (field, text) in [
                ("label", &t.label),
                ("question", &t.question),
                ("follow_up", &t.follow_up),
            ] {
                out.push((format!("wheel.toml {} {field}", t.id), text));
            }
        }
        for j in &self.jars {
            if !j.place.texts.is_empty() {
                out.push((format!("quiz.toml {} place", j.id), &j.place));
            }
        }
        if let Some(c) = &self.cost {
            out.push(("quiz.toml cost source".to_string(), &c.source));
            for (i, e) in c.examples.iter().enumerate() {
                out.push((format!("quiz.toml cost example {}", i + 1), e));
            }
        }
        for m in &self.myths {
            for (field, text) in [("statement", &m.statement), ("explanation", &m.explanation)] {
                out.push((format!("quiz.toml {} {field}", m.id), text));
            }
        }
        for s in &self.stories {
            for (field, text) in [("name", &s.name), ("quote", &s.quote), ("text", &s.text)] {
                out.push((format!("stories.toml {} {field}", s.id), text));
            }
        }
        for h in &self.help {
            for (field, text) in [
                ("name", &h.name),
                ("what", &h.what),
                ("when", &h.when),
                ("cost", &h.cost),
            ] {
                if !text.texts.is_empty() {
                    out.push((format!("help.toml {} {field}", h.id), text));
                }
            }
        }
        out
    }
}

/// Right-to-left scripts among the languages a team may add.
pub fn is_rtl(code: &str) -> bool {
    matches!(
        code,
        "ar" | "he" | "fa" | "ur" | "ps" | "yi" | "ckb" | "dv" | "sd" | "ug"
    )
}

/// The shipped font family that has a language's script. Noto Sans Arabic
/// covers Arabic, Persian, Urdu, Pashto, Sorani, Sindhi and Uyghur letters and
/// the digits 0-9, but no Latin letters: Latin words inside such a text fall
/// back to the system's sans-serif. Every other language gets Noto Sans (Latin,
/// Cyrillic, Greek); a script neither covers (Tigrinya, Tifinagh) falls back
/// to the system's fonts, and the kiosk image must carry one for it.
pub fn font_family(code: &str) -> &'static str {
    match code {
        "ar" | "fa" | "ur" | "ps" | "ckb" | "sd" | "ug" => ARABIC_FONT,
        _ => LATIN_FONT,
    }
}

pub const LATIN_FONT: &str = "Noto Sans";
pub const ARABIC_FONT: &str = "Noto Sans Arabic";

/// The own name of the languages teams in the Netherlands ask for most.
pub fn own_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "nl" => "Nederlands",
        "en" => "English",
        "tr" => "Türkçe",
        "ar" => "العربية",
        "pl" => "Polski",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "pt" => "Português",
        "uk" => "Українська",
        "ru" => "Русский",
        "bg" => "Български",
        "ro" => "Română",
        "so" => "Soomaali",
        "ti" => "ትግርኛ",
        "fa" => "فارسی",
        "pap" => "Papiamentu",
        "srn" => "Sranantongo",
        "ber" | "zgh" => "Tamaziɣt",
        "rif" => "Tarifit",
        _ => return None,
    })
}

/// ISO 639-1 codes, and a few ISO 639-3 codes spoken in Dutch neighbourhoods.
pub fn is_known_language(code: &str) -> bool {
    const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";
    const EXTRA: &str = "ber rif zgh pap srn fil ckb";
    ISO_639_1.split(' ').chain(EXTRA.split(' ')).any(|c| c == code)
}
