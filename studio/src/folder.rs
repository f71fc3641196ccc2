//! The team's content folder in the browser's memory: its files as picked,
//! its TOML files as editable documents, the kiosk's checks on what the
//! forms wrote, and the folder to save (in place, or as a .zip).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::sync::Arc;

use rookvrij_core::content::{Depth, Severity, Source, check_source_known};
use rookvrij_core::known::Known;
use serde::Serialize;
use toml_edit::DocumentMut;

use crate::path::{self, Seg};

/// The TOML files of a content folder.
pub const TOML_FILES: [&str; 5] = ["content.toml", "wheel.toml", "quiz.toml", "stories.toml", "help.toml"];

/// A problem the kiosk's checks found, with the field it is about.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// "fout", "waarschuwing" or "notitie".
    pub severity: &'static str,
    pub message: String,
    /// The field (`["topic", 3, "label", "nl"]`), when the problem has one.
    pub at: Option<Vec<Seg>>,
    /// As check-content prints it.
    pub text: String,
}

pub struct Folder {
    files: Arc<BTreeMap<String, Vec<u8>>>,
    docs: BTreeMap<String, DocumentMut>,
    changed: BTreeSet<String>,
    /// What the checks learned about recordings and photos, by their bytes'
    /// hash: after the first check, a keystroke decodes none of them again.
    known: Known,
}

impl Default for Folder {
    fn default() -> Self {
        Folder {
            files: Arc::default(),
            docs: BTreeMap::new(),
            changed: BTreeSet::new(),
            known: Known::in_memory(),
        }
    }
}

impl Folder {
    pub fn new() -> Folder {
        Folder::default()
    }

    /// The kiosk's demo content, as built into it.
    pub fn demo() -> Folder {
        let mut f = Folder::new();
        for (path, bytes) in rookvrij_core::content::builtin_files() {
            f.add(path, bytes.to_vec());
        }
        f.changed.clear();
        f
    }

    /// Adds a file by its path in the folder. A path with the picked
    /// folder's own name in front (`rookvrij-inhoud/wheel.toml`) is taken
    /// from where the content starts.
    pub fn add(&mut self, path: &str, bytes: Vec<u8>) {
        let path = path.replace('\\', "/");
        let path = path.trim_start_matches("./").to_string();
        if TOML_FILES.contains(&path.as_str())
            && let Ok(text) = std::str::from_utf8(&bytes)
            && let Ok(doc) = text.parse::<DocumentMut>()
        {
            self.docs.insert(path.clone(), doc);
        }
        Arc::make_mut(&mut self.files).insert(path.clone(), bytes);
        self.changed.insert(path);
    }

    /// Files picked with the folder around them (`rookvrij-inhoud/wheel.toml`,
    /// or a whole stick): the content starts where `content.toml` is.
    pub fn add_picked(&mut self, paths_and_bytes: Vec<(String, Vec<u8>)>) {
        let root = content_root(paths_and_bytes.iter().map(|(p, _)| p.as_str()));
        for (p, bytes) in paths_and_bytes {
            if let Some(rel) = p.replace('\\', "/").strip_prefix(&root) {
                self.add(rel, bytes);
            }
        }
        self.changed.clear();
    }

    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn doc(&self, file: &str) -> Option<&DocumentMut> {
        self.docs.get(file)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The content's languages as `content.toml` lists them.
    pub fn languages(&self) -> Vec<String> {
        self.docs
            .get("content.toml")
            .and_then(|d| d.get("languages"))
            .and_then(|i| i.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str()).map(str::to_string).collect())
            .unwrap_or_default()
    }

    /// Changes one value (`None` removes it) and writes the file anew.
    pub fn set(&mut self, file: &str, at: &[Seg], value: &serde_json::Value) -> Result<(), String> {
        let value = path::to_toml(value)?;
        let doc = self
            .docs
            .get_mut(file)
            .ok_or_else(|| format!("{file} ontbreekt of is geen TOML"))?;
        path::set(doc, at, value)?;
        self.write_back(file);
        Ok(())
    }

    /// Adds an item to a list (a topic, a story): an id the others don't have.
    pub fn add_item(&mut self, file: &str, list: &[Seg], id_prefix: &str) -> Result<usize, String> {
        let taken: BTreeSet<String> = self
            .docs
            .get(file)
            .and_then(|d| path::find(d.as_item(), list))
            .and_then(|i| i.as_array_of_tables())
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.get("id")?.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let id = (1..)
            .map(|n| format!("{id_prefix}-{n}"))
            .find(|id| !taken.contains(id))
            .unwrap_or_default();
        let doc = self
            .docs
            .get_mut(file)
            .ok_or_else(|| format!("{file} ontbreekt of is geen TOML"))?;
        let fields: Vec<(&str, toml_edit::Value)> = if id_prefix.is_empty() {
            Vec::new()
        } else {
            vec![("id", toml_edit::Value::from(id))]
        };
        let n = path::add_item(doc, list, &fields)?;
        self.write_back(file);
        Ok(n)
    }

    pub fn remove_item(&mut self, file: &str, list: &[Seg], index: usize) -> Result<(), String> {
        let doc = self
            .docs
            .get_mut(file)
            .ok_or_else(|| format!("{file} ontbreekt of is geen TOML"))?;
        path::remove_item(doc, list, index)?;
        self.write_back(file);
        Ok(())
    }

    fn write_back(&mut self, file: &str) {
        if let Some(doc) = self.docs.get(file) {
            Arc::make_mut(&mut self.files).insert(file.to_string(), doc.to_string().into_bytes());
            self.changed.insert(file.to_string());
        }
    }

    /// The kiosk's own checks on the folder as it is now (as thorough as
    /// `check-content`: every recording decoded and measured once), each
    /// problem placed at its field.
    pub fn check(&self) -> Vec<Placed> {
        self.check_and_load(Depth::Full).0
    }

    /// The content the kiosk would show, loaded as the kiosk starts on it
    /// (recordings' lengths read, not decoded): what the preview shows
    /// before the full check is done. None while an error keeps it out.
    pub fn load_quick(&self) -> Option<rookvrij_core::content::Content> {
        check_source_known(Source::Files(self.files.clone()), Depth::Quick, self.known.clone()).content
    }

    /// [`Folder::check`] at `depth`, and the content the kiosk would show
    /// (none while an error keeps it from loading).
    pub fn check_and_load(&self, depth: Depth) -> (Vec<Placed>, Option<rookvrij_core::content::Content>) {
        let checked = check_source_known(Source::Files(self.files.clone()), depth, self.known.clone());
        // Each TOML file's text and the places in it, made once per check.
        let mut places: BTreeMap<String, (String, path::Places)> = BTreeMap::new();
        let placed = checked
            .problems
            .iter()
            .chain(checked.notes.iter())
            .map(|p| {
                let at = match (p.position, self.files.get(&p.file)) {
                    (Some((line, column)), Some(bytes)) if TOML_FILES.contains(&p.file.as_str()) => {
                        let (text, spans) = places.entry(p.file.clone()).or_insert_with(|| {
                            let text = String::from_utf8_lossy(bytes).into_owned();
                            let spans = path::places(&text);
                            (text, spans)
                        });
                        path::place_of(spans, text, path::offset_of(text, line, column))
                    }
                    _ => None,
                };
                Placed {
                    file: p.file.clone(),
                    line: p.position.map(|(l, _)| l),
                    column: p.position.map(|(_, c)| c),
                    severity: match p.severity {
                        Severity::Error => "fout",
                        Severity::Warning => "waarschuwing",
                        Severity::Note => "notitie",
                    },
                    message: p.message.clone(),
                    at,
                    text: p.to_string(),
                }
            })
            .collect();
        (placed, checked.content)
    }

    /// The files the forms changed or the team added, to write into the folder.
    pub fn changed(&self) -> Vec<String> {
        self.changed.iter().cloned().collect()
    }

    /// Marks the folder as saved.
    pub fn saved(&mut self) {
        self.changed.clear();
    }

    /// The whole folder as a .zip, to unpack onto the stick.
    pub fn zip(&self, folder_name: &str) -> Result<Vec<u8>, String> {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (path, bytes) in self.files.iter() {
            zip.start_file(format!("{folder_name}/{path}"), options)
                .map_err(|e| e.to_string())?;
            zip.write_all(bytes).map_err(|e| e.to_string())?;
        }
        zip.finish().map_err(|e| e.to_string())?;
        Ok(out.into_inner())
    }
}

/// The folder `content.toml` is in (`rookvrij-inhoud/`), the shallowest
/// one when there are more; nothing when it is not there.
pub fn content_root<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    paths
        .map(|p| p.replace('\\', "/"))
        .filter(|p| p == "content.toml" || p.ends_with("/content.toml"))
        .min_by_key(|p| p.matches('/').count())
        .map(|p| p[..p.len() - "content.toml".len()].to_string())
        .unwrap_or_default()
}
