//! rookvrij-studio: the team's studio, one offline page on its own laptop.
//!
//! The kiosk's own Rust code compiled to WebAssembly: the content checks
//! (rookvrij-core's validation, the same Dutch messages), forms over the
//! team's TOML that keep its comments, and the report over the kiosks'
//! exports. `web/` is the page; `build` makes the folder for the stick.
//!
//! | module | what |
//! |---|---|
//! | `folder` | the content folder in memory, the checks placed at their fields, saving |
//! | `form` | the parts of the content as fields in plain Dutch |
//! | `media` | photos as the kiosk shows them, microphone recordings as WAV |
//! | `path` | a field's place in a TOML file, changing it there, a problem's field |
//! | `report` | the kiosks' exports merged, the downloads |
//! | `screens` | the kiosk's own screens, live on the page's canvas |
//!
//! Everything the page calls is on [`Studio`] and [`ReportDesk`]; structured
//! answers are JSON texts.

pub mod folder;
pub mod form;
pub mod media;
pub mod path;
pub mod report;
pub mod screens;

use std::cell::{Cell, RefCell};

use rookvrij_core::content::Content;
use wasm_bindgen::prelude::*;

use folder::Folder;
use screens::Screens;

thread_local! {
    /// The kiosk of the preview (Slint has one platform per page), and the
    /// stamp of the content it shows.
    static SCREENS: RefCell<Option<(Screens, u64)>> = const { RefCell::new(None) };
    /// Goes up each time a check gives content to show.
    static STAMP: Cell<u64> = const { Cell::new(0) };
}

fn next_stamp() -> u64 {
    STAMP.with(|s| {
        s.set(s.get() + 1);
        s.get()
    })
}

/// A content folder being edited.
#[wasm_bindgen]
pub struct Studio {
    folder: Folder,
    /// Files picked one by one before `open_picked` (path, bytes).
    picked: Vec<(String, Vec<u8>)>,
    /// The content as last loaded without errors, and its stamp: what the
    /// preview shows (as a kiosk keeps its last good content).
    content: Option<(Content, u64)>,
}

impl Default for Studio {
    fn default() -> Self {
        Studio::new()
    }
}

fn js(e: String) -> JsError {
    JsError::new(&e)
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn error(message: &str);
}

/// A panic's own words in the browser's console (else only "unreachable").
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| error(&format!("rookvrij-studio: {info}"))));
}

#[wasm_bindgen]
impl Studio {
    /// An empty studio: no content yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Studio {
        Studio {
            folder: Folder::new(),
            picked: Vec::new(),
            content: None,
        }
    }

    /// The kiosk's demo content, built into the page.
    pub fn demo() -> Studio {
        Studio {
            folder: Folder::demo(),
            picked: Vec::new(),
            content: None,
        }
    }

    /// One file of a picked folder, by its path with the folder's name
    /// (`rookvrij-inhoud/wheel.toml`); then `open_picked`.
    pub fn pick(&mut self, path: &str, bytes: Vec<u8>) {
        self.picked.push((path.to_string(), bytes));
    }

    /// Opens the picked files as the content folder. False when no
    /// `content.toml` was among them.
    pub fn open_picked(&mut self) -> bool {
        let picked = std::mem::take(&mut self.picked);
        let root = folder::content_root(picked.iter().map(|(p, _)| p.as_str()));
        let found = picked
            .iter()
            .any(|(p, _)| p.replace('\\', "/") == format!("{root}content.toml"));
        if found {
            self.folder = Folder::new();
            self.folder.add_picked(picked);
            self.content = None;
        }
        found
    }

    /// Adds or replaces a file (a photo, a recording) by its path in the folder.
    pub fn add_file(&mut self, path: &str, bytes: Vec<u8>) {
        self.folder.add(path, bytes);
    }

    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.folder.file(path).map(<[u8]>::to_vec)
    }

    /// A photo as the kiosk shows it: read by the kiosk's own decoder,
    /// turned upright as its EXIF says, fitted into the largest box a screen
    /// gives a photo; as PNG. A photo the kiosk cannot show gives the
    /// kiosk's own message (an iPhone HEIC, a photo cut short).
    pub fn photo(&self, path: &str) -> Result<Vec<u8>, JsError> {
        media::photo(&self.folder, path).map_err(js)
    }

    /// A recording made with the laptop's microphone, kept as a WAV file
    /// the kiosk plays (mono, 16 bits, at `rate`), under `path`.
    pub fn add_recording(&mut self, path: &str, samples: Vec<f32>, rate: u32) -> Result<(), JsError> {
        let wav = media::wav(&samples, rate).map_err(js)?;
        self.folder.add(path, wav);
        Ok(())
    }

    /// A free file name in the folder: `stem.ext`, else `stem-2.ext`, ….
    pub fn free_name(&self, stem: &str, ext: &str) -> String {
        media::free_name(&self.folder, stem, ext)
    }

    /// The forms: languages and every section with its items (JSON).
    pub fn form(&self) -> String {
        form::form(&self.folder).to_string()
    }

    /// The kiosk's checks on the content as it is now (JSON list). Content
    /// without errors becomes what the preview shows.
    pub fn check(&mut self) -> String {
        let (placed, content) = self.folder.check_and_load(rookvrij_core::content::Depth::Full);
        if let Some(content) = content {
            self.content = Some((content, next_stamp()));
        }
        serde_json::to_string(&placed).unwrap_or_else(|_| "[]".to_string())
    }

    /// Loads the content as the kiosk starts on it (recordings not decoded
    /// yet), so the preview can show it before the full check is done.
    /// False when an error keeps it out.
    pub fn load(&mut self) -> bool {
        match self.folder.load_quick() {
            Some(content) => {
                self.content = Some((content, next_stamp()));
                true
            }
            None => false,
        }
    }

    /// The screens the preview shows (JSON: `[[id, Dutch name], …]`) and
    /// the kiosk's sizes (`[[width, height], …]`).
    pub fn screens() -> String {
        serde_json::json!({ "screens": screens::SCREENS, "sizes": screens::SIZES }).to_string()
    }

    /// Shows `screen` in `lang` at `width` x `height` on the preview, with
    /// the content as last loaded without errors: the kiosk's own screens
    /// and controllers, live and tappable on the page's canvas.
    pub fn preview(&self, screen: &str, lang: &str, width: u32, height: u32) -> Result<(), JsError> {
        self.show_preview(screen, lang, (width, height)).map_err(js)
    }

    /// Makes the preview's kiosk (Slint, the screens, the controllers) with
    /// the built-in demo content while the page waits for the team to pick
    /// a folder, so the first preview only changes its content.
    pub fn warm_preview() -> Result<(), JsError> {
        SCREENS.with(|cell| {
            let mut cell = cell.borrow_mut();
            if cell.is_none() {
                // Stamp 0: no content a check gives (those start at 1).
                let screens = Screens::new(rookvrij_core::content::builtin_quick()).map_err(js)?;
                // Its window too (WebGL and its shaders), on the canvas
                // that shows once a folder is open.
                screens.show("attract", "nl", screens::SIZES[0]).map_err(js)?;
                *cell = Some((screens, 0));
            }
            Ok(())
        })
    }

    /// The screen the preview's kiosk is on (`Wheel`, `Home`, …) and its
    /// language, as `Wheel nl`; empty before the first preview.
    pub fn preview_on() -> String {
        SCREENS.with(|cell| {
            cell.borrow()
                .as_ref()
                .map(|(s, _)| format!("{} {}", s.on_screen(), s.language()))
                .unwrap_or_default()
        })
    }

    /// The page's fonts, the kiosk's own, by number: Noto Sans regular and
    /// bold, Noto Sans Arabic regular and bold (TTF). They travel inside the
    /// module; the bold ones are the wheel's, so there is no second copy.
    pub fn font(n: usize) -> Option<Vec<u8>> {
        const LATIN: &[u8] = include_bytes!("../../media/fonts/NotoSans-Regular.ttf");
        const ARABIC: &[u8] = include_bytes!("../../media/fonts/NotoSansArabic-Regular.ttf");
        use rookvrij_core::wheel::art::{ARABIC_BOLD, LATIN_BOLD};
        [LATIN, LATIN_BOLD, ARABIC, ARABIC_BOLD].get(n).map(|b| b.to_vec())
    }

    /// Sets a field (`at`: JSON path, `value`: JSON; null removes it).
    pub fn set(&mut self, file: &str, at: &str, value: &str) -> Result<(), JsError> {
        let at = path::parse(at).map_err(js)?;
        let value: serde_json::Value = serde_json::from_str(value).map_err(|e| js(e.to_string()))?;
        self.folder.set(file, &at, &value).map_err(js)
    }

    /// Adds an item to a list (JSON path of the list); its number.
    pub fn add_item(&mut self, file: &str, list: &str, id_prefix: &str) -> Result<usize, JsError> {
        let list = path::parse(list).map_err(js)?;
        self.folder.add_item(file, &list, id_prefix).map_err(js)
    }

    pub fn remove_item(&mut self, file: &str, list: &str, index: usize) -> Result<(), JsError> {
        let list = path::parse(list).map_err(js)?;
        self.folder.remove_item(file, &list, index).map_err(js)
    }

    /// A TOML file as it would be saved.
    pub fn text(&self, file: &str) -> Option<String> {
        self.folder.file(file).map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// The files changed since the folder was opened or saved.
    pub fn changed(&self) -> Vec<String> {
        self.folder.changed()
    }

    pub fn saved(&mut self) {
        self.folder.saved();
    }

    /// The whole folder as a .zip with the folder `name` in it.
    pub fn zip(&self, name: &str) -> Result<Vec<u8>, JsError> {
        self.folder.zip(name).map_err(js)
    }
}

impl Studio {
    /// [`Studio::preview`], with its message as text.
    pub fn show_preview(&self, screen: &str, lang: &str, (width, height): (u32, u32)) -> Result<(), String> {
        if !(100..=4000).contains(&width) || !(100..=4000).contains(&height) {
            return Err(format!("vreemde schermmaat {width}x{height}"));
        }
        let Some((content, stamp)) = &self.content else {
            return Err("er is nog geen inhoud zonder fouten om te tonen".to_string());
        };
        SCREENS.with(|cell| {
            let mut cell = cell.borrow_mut();
            match cell.as_mut() {
                Some((screens, shown)) => {
                    if *shown != *stamp {
                        screens.set_content(content.clone());
                        *shown = *stamp;
                    }
                }
                None => *cell = Some((Screens::new(content.clone())?, *stamp)),
            }
            match cell.as_ref() {
                Some((screens, _)) => screens.show(screen, lang, (width, height)),
                None => Err("het voorbeeld is er niet".to_string()),
            }
        })
    }
}

/// The kiosks' exports dropped on the page.
#[wasm_bindgen]
#[derive(Default)]
pub struct ReportDesk {
    reports: report::Reports,
}

#[wasm_bindgen]
impl ReportDesk {
    #[wasm_bindgen(constructor)]
    pub fn new() -> ReportDesk {
        ReportDesk::default()
    }

    pub fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.reports.add(name, bytes);
    }

    pub fn clear(&mut self) {
        self.reports.clear();
    }

    /// The sums for the screen (JSON), or the kiosk's message for a bad file.
    pub fn summary(&self) -> Result<String, JsError> {
        self.reports.summary().map(|v| v.to_string()).map_err(js)
    }

    pub fn html(&self) -> Result<String, JsError> {
        self.reports.html().map_err(js)
    }

    pub fn csv(&self) -> Result<Vec<u8>, JsError> {
        self.reports.csv().map_err(js)
    }

    pub fn xlsx(&self) -> Result<Vec<u8>, JsError> {
        self.reports.xlsx().map_err(js)
    }
}

#[cfg(test)]
mod tests;
