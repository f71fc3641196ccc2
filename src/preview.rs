//! `preview`: every screen, headless, to PNG — the proof sheet a team looks at
//! before putting new content on a kiosk.

use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use crate::clock::{SystemClock, TimeKeeper};
use crate::config::Config;
use crate::content::Content;
use crate::controller::{Activity, Controller, Intent, NoRecorder};
use crate::controllers::Kiosk;
use crate::headless::{Headless, Rgb8Pixel, write_png};
use crate::wheel::spin::Push;

/// The screens `preview` can render, in the order a visit meets them.
pub const SCREENS: [&str; 22] = [
    "attract",
    "home",
    "wheel",
    "wheel-result",
    "quiz",
    "quiz-result",
    "quiz-cost",
    "quiz-myth",
    "stories",
    "story",
    "interest",
    "help",
    "help-contact",
    // The team side (Dutch only), with two weeks of made-up example counts.
    "pin",
    "team",
    "team-clock",
    "team-counts",
    "team-settings",
    "team-care",
    "team-content",
    "team-today",
    "team-keyboard",
];

/// Default sizes: the 7" display, a 10" panel, Touch Display 2 in portrait, a 15" monitor.
pub const SIZES: [(u32, u32); 4] = [(800, 480), (1280, 800), (720, 1280), (1920, 1080)];

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("onbekend scherm \"{0}\"; kies uit: {list}", list = SCREENS.join(", "))]
    UnknownScreen(String),
    #[error("taal \"{0}\" staat niet in de inhoud")]
    UnknownLanguage(String),
    #[error("kan niet schrijven naar {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("kan niet tekenen zonder scherm: {0}")]
    Platform(String),
}

impl PreviewError {
    pub fn is_bad_input(&self) -> bool {
        matches!(self, PreviewError::UnknownScreen(_) | PreviewError::UnknownLanguage(_))
    }
}

pub struct PreviewRequest<'a> {
    pub content: Content,
    pub config: Config,
    pub out: &'a Path,
    pub languages: Vec<String>,
    pub sizes: Vec<(u32, u32)>,
    pub screens: Vec<String>,
    /// A kiosk's data folder (fitted photos, counts); else example counts.
    pub data: Option<std::path::PathBuf>,
}

/// Renders the requested screens; returns the files written.
pub fn run(req: PreviewRequest) -> Result<Vec<String>, PreviewError> {
    for s in &req.screens {
        if !SCREENS.contains(&s.as_str()) {
            return Err(PreviewError::UnknownScreen(s.clone()));
        }
    }
    for l in &req.languages {
        if !req.content.has_language(l) {
            return Err(PreviewError::UnknownLanguage(l.clone()));
        }
    }
    std::fs::create_dir_all(req.out).map_err(|source| PreviewError::Write {
        path: req.out.display().to_string(),
        source,
    })?;
    let headless = Headless::install().map_err(|e| PreviewError::Platform(e.to_string()))?;
    let controller = Controller::new(
        Rc::new(req.content),
        req.config,
        Box::new(NoRecorder),
        TimeKeeper::trusted(Box::new(SystemClock::default())),
        1,
    );
    // The team screens read their charts from a data folder: example counts.
    let example = tempfile::tempdir().map_err(|source| PreviewError::Write {
        path: std::env::temp_dir().display().to_string(),
        source,
    })?;
    let desk = if let Some(data) = &req.data {
        crate::controllers::TeamDesk {
            data_dir: Some(data.clone()),
            ..Default::default()
        }
    } else if req.screens.iter().any(|s| s.starts_with("team")) {
        let place = controller.config().vindplaats.clone();
        example_counts(example.path(), &controller.config().kiosk_id, &place).map_err(|source| {
            PreviewError::Write {
                path: example.path().display().to_string(),
                source,
            }
        })?;
        crate::controllers::TeamDesk {
            data_dir: Some(example.path().to_path_buf()),
            ..Default::default()
        }
    } else {
        crate::controllers::TeamDesk::default()
    };
    let kiosk = Kiosk::with_team(controller, crate::audio::Audio::unheard(), desk)
        .map_err(|e| PreviewError::Platform(e.to_string()))?;
    use slint::ComponentHandle;
    kiosk.app().show().map_err(|e| PreviewError::Platform(e.to_string()))?;
    let mut written = Vec::new();
    for lang in &req.languages {
        for &(w, h) in &req.sizes {
            for screen in &req.screens {
                let pixels = draw(&kiosk, &headless, screen, lang, (w, h));
                let name = format!("{screen}-{lang}-{w}x{h}.png");
                let path = req.out.join(&name);
                write_png(&path, w, h, &pixels).map_err(|source| PreviewError::Write {
                    path: path.display().to_string(),
                    source,
                })?;
                written.push(name);
            }
        }
    }
    Ok(written)
}

/// One screen in one language at one size, as `preview` writes it (and any
/// other front end can draw it): staged, its workers' answers in, its
/// animations done.
pub fn draw(kiosk: &Rc<Kiosk>, headless: &Headless, screen: &str, lang: &str, (w, h): (u32, u32)) -> Vec<Rgb8Pixel> {
    headless.set_size(w, h);
    stage(kiosk, screen, lang);
    // Draw once so the screen exists (Slint makes it at the next frame), let
    // the workers finish what it asked for (photos, the wheel's disc, the
    // jar), then its animations (the count-up).
    let _ = headless.render(w, h);
    kiosk.settle();
    headless.advance(Duration::from_millis(16));
    kiosk.settle();
    headless.advance(Duration::from_millis(2000));
    headless.render(w, h)
}

/// Drives the controller to a screen, as a person would tap there.
pub fn stage(kiosk: &Rc<Kiosk>, screen: &str, lang: &str) {
    kiosk.team_close();
    kiosk.dispatch(Intent::IdleTimeout);
    if screen == "attract" {
        return;
    }
    let tab = match screen {
        "pin" => Some(None),
        "team" => Some(Some(0)),
        "team-clock" => Some(Some(1)),
        "team-counts" => Some(Some(2)),
        "team-settings" => Some(Some(3)),
        "team-care" => Some(Some(4)),
        "team-content" => Some(Some(5)),
        "team-today" => Some(Some(6)),
        "team-keyboard" => Some(Some(0)),
        _ => None,
    };
    if let Some(tab) = tab {
        kiosk.show_team(tab);
        if screen == "team-keyboard" {
            kiosk.team_place_add();
        }
        kiosk.settle();
        return;
    }
    kiosk.dispatch(Intent::Touch);
    if kiosk.controller().visit().language != lang {
        kiosk.dispatch(Intent::ChooseLanguage(lang.to_string()));
    }
    let steps: Vec<Intent> = match screen {
        "wheel" => vec![Intent::Open(Activity::Wheel)],
        "wheel-result" => vec![
            Intent::Open(Activity::Wheel),
            Intent::Spin(Push::Button),
            Intent::SpinEnd,
        ],
        "quiz" => vec![Intent::Open(Activity::Quiz)],
        // A guess a little off, so the words and the chart show.
        "quiz-result" | "quiz-cost" | "quiz-myth" => vec![Intent::Open(Activity::Quiz), Intent::Guess(300)],
        "stories" => vec![Intent::Open(Activity::Stories)],
        "story" => vec![Intent::Open(Activity::Stories), Intent::OpenStory(0)],
        "interest" => vec![
            Intent::Open(Activity::Stories),
            Intent::OpenStory(0),
            Intent::ActivityDone,
        ],
        "help" => vec![Intent::Open(Activity::Help)],
        "help-contact" => vec![Intent::Open(Activity::Help), Intent::OpenContact(0)],
        _ => vec![],
    };
    for step in steps {
        kiosk.dispatch(step);
    }
    if screen == "quiz-cost" || screen == "quiz-myth" {
        kiosk.dispatch(Intent::QuizNext);
    }
    if screen == "quiz-myth" {
        if kiosk.controller().visit().screen == crate::controller::Screen::QuizCost {
            kiosk.dispatch(Intent::QuizNext);
        }
        // Answered, so the explanation and its source show.
        kiosk.dispatch(Intent::MythAnswer(true));
    }
    kiosk.settle();
}

/// Two weeks of example counts for the team screens' charts: 10 to 17 h each
/// day, at this kiosk's vindplaats and a second one. Made up, and fixed.
fn example_counts(dir: &Path, kiosk: &str, place: &str) -> std::io::Result<()> {
    use crate::store::{Store, StoreOptions, Tap};
    let store = Store::open(dir, StoreOptions::default());
    let today = chrono::Local::now().date_naive();
    let mut seed: u64 = 7;
    let mut next = |n: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    for back in 0..14i64 {
        let day = today - chrono::Duration::days(back);
        let at = if back % 3 == 1 { "Buurthuis (voorbeeld)" } else { place };
        for hour in 10..=17 {
            let visits = next(6) + if back == 0 { 2 } else { 0 };
            let bucket = format!("{}T{hour:02}", day.format("%Y-%m-%d"));
            let tap = |event: &str, item: &str| Tap {
                hour: bucket.clone(),
                kiosk: kiosk.to_string(),
                vindplaats: at.to_string(),
                event: event.to_string(),
                item: item.to_string(),
            };
            for v in 0..visits {
                store.record(tap("visit_start", ""));
                store.record(tap("activity_open", "wheel"));
                if v % 3 == 0 {
                    store.record(tap("interest", "more_info"));
                }
                if v % 5 == 0 {
                    store.record(tap("help_contact_show", "stoploket"));
                }
            }
        }
    }
    if store.flush(Duration::from_secs(30)) {
        Ok(())
    } else {
        Err(std::io::Error::other(store.health().last_error.unwrap_or_default()))
    }
}
