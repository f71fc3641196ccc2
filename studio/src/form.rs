//! The forms: every part of a content folder as fields in plain Dutch, read
//! from the team's TOML. Only the shape lives here (which key, what kind of
//! field, its Dutch name); every rule about the values is the kiosk's own
//! validation, run on the TOML the forms write.

use rookvrij_core::content::{HelpKind, own_name};
use serde::Serialize;
use serde_json::{Value, json};
use toml_edit::{DocumentMut, Item};

use crate::folder::Folder;
use crate::path::{Seg, find};

/// What kind of input a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One text per language, side by side (`label.nl`, `label.ar`, …).
    Text,
    /// A longer text per language (a question, a story).
    LongText,
    /// One line, the same in every language (an id, a source, a link).
    Line,
    Number,
    /// A price with cents.
    Decimal,
    YesNo,
    Colour,
    /// A picture in the folder (a path); picked from the laptop.
    Picture,
    /// A recording per language (paths); picked or recorded.
    Recording,
    /// One of a fixed list (`choices`).
    Choice,
    /// The content's languages, in order.
    Languages,
    /// The drawn jar's range (`drawn = { min, max }`).
    Range,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    /// A line of help under the field.
    pub hint: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<(String, String)>,
}

/// One part of the content: a table, or a list of tables (the wheel's topics).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub file: &'static str,
    /// Where in the file: `["cost"]`, or `["topic"]` for a list.
    pub path: Vec<&'static str>,
    /// A list of items (each a `[[topic]]`), or one table.
    pub list: bool,
    /// What one item is called ("Onderwerp").
    pub item: &'static str,
    pub fields: Vec<Field>,
}

fn field(key: &'static str, label: &'static str, kind: Kind, hint: &'static str) -> Field {
    Field {
        key,
        label,
        kind,
        hint,
        choices: Vec::new(),
    }
}

/// Every part of a content folder, in the order a visit meets them.
pub fn sections() -> Vec<Section> {
    use Kind::*;
    let help_kinds = HelpKind::ALL
        .iter()
        .map(|(name, _)| (name.to_string(), help_kind_name(name).to_string()))
        .collect();
    vec![
        Section {
            id: "algemeen",
            title: "Talen en begroeting",
            intro: "De talen van de kiosk, in de volgorde van de taalkeuze, en de tekst op het wachtscherm.",
            file: "content.toml",
            path: vec![],
            list: false,
            item: "",
            fields: vec![
                field(
                    "languages",
                    "Talen",
                    Languages,
                    "De eerste is de standaardtaal. Een taal erbij geeft elke tekst een kolom erbij.",
                ),
                field(
                    "greeting",
                    "Tekst op het wachtscherm",
                    Text,
                    "Kort: mensen lezen dit van een afstand.",
                ),
                field(
                    "example",
                    "Dit is voorbeeldinhoud",
                    YesNo,
                    "Zet uit als alles van je eigen wijk is.",
                ),
            ],
        },
        Section {
            id: "rad",
            title: "Het rad (babbelschijf)",
            intro: "6 tot 12 onderwerpen. Het woord staat op het rad; de vraag komt als het rad stopt.",
            file: "wheel.toml",
            path: vec!["topic"],
            list: true,
            item: "Onderwerp",
            fields: vec![
                field("label", "Woord op het rad", Text, "Eén kort woord."),
                field("question", "Vraag", LongText, "Een open vraag, zonder oordeel."),
                field(
                    "follow_up",
                    "Doorvraag voor de ambassadeur",
                    LongText,
                    "Alleen te zien in gespreksmodus.",
                ),
                field("color", "Kleur", Colour, ""),
                field(
                    "icon",
                    "Pictogram",
                    Picture,
                    "Een svg of png; het rad tekent het in één kleur.",
                ),
                field(
                    "id",
                    "Korte naam (uniek, kleine letters)",
                    Line,
                    "Voor de tellingen; verander hem liever niet.",
                ),
                field("note", "Notitie voor het team", Line, "Bewoners zien dit nooit."),
            ],
        },
        Section {
            id: "potten",
            title: "Potten met peuken",
            intro: "Een eigen pot met een echt aantal, of een getekende pot met een aantal tussen twee getallen.",
            file: "quiz.toml",
            path: vec!["jar"],
            list: true,
            item: "Pot",
            fields: vec![
                field(
                    "count",
                    "Aantal peuken (eigen pot)",
                    Number,
                    "Laat leeg voor een getekende pot.",
                ),
                field("drawn", "Getekende pot: tussen", Range, "Laat leeg voor een eigen pot."),
                field("place", "Waar en wanneer geraapt", Text, ""),
                field("photo", "Foto van de pot", Picture, "Alleen bij een eigen pot."),
                field("id", "Korte naam (uniek, kleine letters)", Line, ""),
                field("note", "Notitie voor het team", Line, "Bewoners zien dit nooit."),
            ],
        },
        Section {
            id: "kosten",
            title: "Wat kost roken",
            intro: "De prijs van een pakje en waar die vandaan komt.",
            file: "quiz.toml",
            path: vec!["cost"],
            list: false,
            item: "",
            fields: vec![
                field("pack_price", "Prijs van een pakje (euro)", Decimal, ""),
                field("pack_size", "Sigaretten in een pakje", Number, ""),
                field("source", "Bron", Text, "Waar de prijs vandaan komt."),
                field("date", "Datum van de prijs", Line, "Zoals 2026-01-01."),
                field("note", "Notitie voor het team", Line, "Bewoners zien dit nooit."),
            ],
        },
        Section {
            id: "voorbeelden",
            title: "Wat je ervoor kunt kopen",
            intro: "Voorbeelden die de kiosk naast het bedrag zet.",
            file: "quiz.toml",
            path: vec!["cost", "examples"],
            list: true,
            item: "Voorbeeld",
            fields: vec![field("", "Voorbeeld", Text, "")],
        },
        Section {
            id: "mythes",
            title: "Fabels en feiten",
            intro: "Een bewering; de bewoner raadt of hij waar is.",
            file: "quiz.toml",
            path: vec!["myth"],
            list: true,
            item: "Bewering",
            fields: vec![
                field("statement", "Bewering", LongText, ""),
                field("fact", "Deze bewering is waar", YesNo, ""),
                field("explanation", "Uitleg", LongText, ""),
                field("source", "Bron", Line, "Elk feit noemt zijn bron."),
                field("id", "Korte naam (uniek, kleine letters)", Line, ""),
                field("note", "Notitie voor het team", Line, "Bewoners zien dit nooit."),
            ],
        },
        Section {
            id: "verhalen",
            title: "Verhalen",
            intro: "Verhalen van mensen die gestopt zijn, met een foto en een opname per taal.",
            file: "stories.toml",
            path: vec!["story"],
            list: true,
            item: "Verhaal",
            fields: vec![
                field("name", "Naam", Text, ""),
                field("quote", "Zin in het groot", Text, "Eén zin uit het verhaal."),
                field(
                    "text",
                    "Verhaal",
                    LongText,
                    "Korte zinnen; een witregel begint een nieuw stuk.",
                ),
                field("photo", "Foto", Picture, ""),
                field("audio", "Opname", Recording, "Voorgelezen, per taal."),
                field(
                    "example",
                    "Dit is een voorbeeld",
                    YesNo,
                    "Het scherm zegt dan dat het een voorbeeld is.",
                ),
                field("id", "Korte naam (uniek, kleine letters)", Line, ""),
                field("note", "Notitie voor het team", Line, "Bewoners zien dit nooit."),
            ],
        },
        Section {
            id: "hulp",
            title: "Hulp bij stoppen",
            intro: "De hulp in de wijk: met een QR-code naar de link.",
            file: "help.toml",
            path: vec!["option"],
            list: true,
            item: "Hulp",
            fields: vec![
                field("name", "Naam", Text, ""),
                Field {
                    choices: help_kinds,
                    ..field("kind", "Soort hulp", Choice, "")
                },
                field("what", "Wat is het", LongText, ""),
                field("when", "Wanneer", Text, ""),
                field("cost", "Wat kost het", Text, ""),
                field(
                    "link",
                    "Link voor de QR-code",
                    Line,
                    "https://…, tel:… of https://wa.me/…",
                ),
                field("show", "Zo staat de link op het scherm", Line, ""),
                field("photo", "Foto", Picture, ""),
                field("example", "Dit is een voorbeeld", YesNo, ""),
                field("id", "Korte naam (uniek, kleine letters)", Line, ""),
                field("note", "Notitie voor het team", Line, "Bewoners zien dit nooit."),
            ],
        },
    ]
}

fn help_kind_name(name: &str) -> &'static str {
    match name {
        "coach" => "Coach",
        "groep" => "Groep",
        "lijn" => "Stoplijn (telefoon)",
        "huisarts" => "Huisarts",
        "online" => "Online",
        _ => "Anders",
    }
}

/// The form as the page draws it: the content's languages, and every
/// section with its items' values (JSON).
pub fn form(folder: &Folder) -> Value {
    let languages: Vec<Value> = folder
        .languages()
        .iter()
        .map(|code| {
            json!({
                "code": code,
                "name": own_name(code).unwrap_or(code),
                "rtl": rookvrij_core::content::is_rtl(code),
            })
        })
        .collect();
    let sections: Vec<Value> = sections()
        .into_iter()
        .map(|s| {
            let items = match folder.doc(s.file) {
                Some(doc) => items_of(doc, &s),
                None => Vec::new(),
            };
            json!({ "section": s, "items": items, "missing": folder.doc(s.file).is_none() })
        })
        .collect();
    json!({ "languages": languages, "sections": sections })
}

fn items_of(doc: &DocumentMut, s: &Section) -> Vec<Value> {
    let path: Vec<Seg> = s.path.iter().map(|k| Seg::Key(k.to_string())).collect();
    let at = find(doc.as_item(), &path);
    let tables: Vec<&dyn toml_edit::TableLike> = match at {
        Some(Item::ArrayOfTables(a)) if s.list => a.iter().map(|t| t as &dyn toml_edit::TableLike).collect(),
        Some(item) if !s.list => item.as_table_like().into_iter().collect(),
        None if !s.list && s.path.is_empty() => vec![doc.as_table() as &dyn toml_edit::TableLike],
        _ => Vec::new(),
    };
    tables
        .into_iter()
        .map(|t| {
            let mut values = serde_json::Map::new();
            for f in &s.fields {
                let item = if f.key.is_empty() { None } else { t.get(f.key) };
                let v = match (f.kind, item) {
                    (Kind::Text | Kind::LongText | Kind::Recording, _) if f.key.is_empty() => per_language(Some(t)),
                    (Kind::Text | Kind::LongText | Kind::Recording, Some(i)) => per_language(i.as_table_like()),
                    (Kind::Range, Some(i)) => match i.as_table_like() {
                        Some(r) => json!({ "min": scalar(r.get("min")), "max": scalar(r.get("max")) }),
                        None => Value::Null,
                    },
                    (Kind::Languages, Some(i)) => match i.as_array() {
                        Some(a) => Value::Array(a.iter().filter_map(|v| v.as_str()).map(|s| json!(s)).collect()),
                        None => Value::Null,
                    },
                    (_, i) => scalar(i),
                };
                values.insert(f.key.to_string(), v);
            }
            Value::Object(values)
        })
        .collect()
}

fn per_language(t: Option<&dyn toml_edit::TableLike>) -> Value {
    let mut m = serde_json::Map::new();
    if let Some(t) = t {
        for (lang, item) in t.iter() {
            if let Some(s) = item.as_str() {
                m.insert(lang.to_string(), json!(s));
            }
        }
    }
    Value::Object(m)
}

fn scalar(item: Option<&Item>) -> Value {
    let Some(v) = item.and_then(Item::as_value) else {
        return Value::Null;
    };
    if let Some(s) = v.as_str() {
        json!(s)
    } else if let Some(i) = v.as_integer() {
        json!(i)
    } else if let Some(f) = v.as_float() {
        json!(f)
    } else if let Some(b) = v.as_bool() {
        json!(b)
    } else {
        json!(v.to_string().trim())
    }
}
