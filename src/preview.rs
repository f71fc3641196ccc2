//! `preview`: every screen, headless, to PNG — the proof sheet a team looks at
//! before putting new content on a kiosk.

use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use crate::clock::{SystemClock, TimeKeeper};
use crate::config::Config;
use crate::content::Content;
use crate::controller::{Activity, Controller, Intent, NoRecorder};
use crate::headless::{Headless, write_png};
use crate::kiosk::Kiosk;
use crate::wheel::spin::Push;

/// The screens `preview` can render, in the order a visit meets them.
pub const SCREENS: [&str; 13] = [
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
    let kiosk =
        Kiosk::new(controller, crate::audio::Audio::unheard()).map_err(|e| PreviewError::Platform(e.to_string()))?;
    use slint::ComponentHandle;
    kiosk.app().show().map_err(|e| PreviewError::Platform(e.to_string()))?;
    let mut written = Vec::new();
    for lang in &req.languages {
        for &(w, h) in &req.sizes {
            headless.set_size(w, h);
            for screen in &req.screens {
                stage(&kiosk, screen, lang);
                // Draw once so the screen exists (Slint makes it at the next
                // frame), then let its animations (the count-up) finish.
                let _ = headless.render(w, h);
                headless.advance(Duration::from_millis(16));
                headless.advance(Duration::from_millis(2000));
                let pixels = headless.render(w, h);
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

/// Drives the controller to a screen, as a person would tap there.
pub fn stage(kiosk: &Rc<Kiosk>, screen: &str, lang: &str) {
    kiosk.dispatch(Intent::IdleTimeout);
    if screen == "attract" {
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
}
