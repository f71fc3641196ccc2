//! The kiosk's own screens in the studio: its Slint UI and its controllers,
//! staged and drawn by the very code `rookvrij-kiosk preview` uses, rendered
//! by Slint's software renderer into pixels the page puts on a canvas, and
//! tapped like the kiosk.

use std::rc::Rc;
use std::time::Duration;

use rookvrij_core::content::Content;
use rookvrij_kiosk::audio::Audio;
use rookvrij_kiosk::clock::{SystemClock, TimeKeeper};
use rookvrij_kiosk::config::Config;
use rookvrij_kiosk::controller::{Controller, NoRecorder};
use rookvrij_kiosk::controllers::{Kiosk, TeamDesk};
use rookvrij_kiosk::headless::{Headless, Rgb8Pixel};
use slint::ComponentHandle;

/// The screens a team looks at, in the order a visit meets them, with
/// their names on the page.
pub const SCREENS: [(&str, &str); 8] = [
    ("home", "Begin"),
    ("wheel", "Het rad"),
    ("wheel-result", "Het rad, gedraaid"),
    ("quiz", "De pot"),
    ("stories", "Verhalen"),
    ("story", "Eén verhaal"),
    ("help", "Hulp bij stoppen"),
    ("help-contact", "Hulp: contact (QR-code)"),
];

/// The kiosk's sizes: the 7" display, a 10" panel, Touch Display 2
/// upright, a 15" monitor.
pub const SIZES: [(u32, u32); 4] = rookvrij_kiosk::preview::SIZES;

/// One kiosk, drawn off screen. One per page: Slint has one platform.
pub struct Screens {
    headless: Headless,
    kiosk: Rc<Kiosk>,
    size: (u32, u32),
    pixels: Vec<Rgb8Pixel>,
}

impl Screens {
    /// A kiosk showing `content`, counting nothing and playing nothing.
    pub fn new(content: Content) -> Result<Screens, String> {
        let headless = Headless::install().map_err(|e| format!("het voorbeeld kan niet tekenen: {e}"))?;
        let controller = Controller::new(
            Rc::new(content),
            Config::default(),
            Box::new(NoRecorder),
            TimeKeeper::trusted(Box::new(SystemClock::default())),
            1,
        );
        let kiosk = Kiosk::with_team(controller, Audio::silent(), TeamDesk::default())
            .and_then(|k| k.app().show().map(|()| k))
            .map_err(|e| format!("het voorbeeld kan niet tekenen: {e}"))?;
        Ok(Screens {
            headless,
            kiosk,
            size: (0, 0),
            pixels: Vec::new(),
        })
    }

    /// Shows other content from now on (as a kiosk does with a stick).
    pub fn set_content(&self, content: Content) {
        self.kiosk.set_content(Rc::new(content));
    }

    /// Draws `screen` in `lang` at `size`, as `preview` does.
    pub fn show(&mut self, screen: &str, lang: &str, size: (u32, u32)) -> Result<(), String> {
        if !SCREENS.iter().any(|(s, _)| *s == screen) {
            return Err(format!("onbekend scherm \"{screen}\""));
        }
        if !self.kiosk.controller().content().has_language(lang) {
            return Err(format!("taal \"{lang}\" staat niet in de inhoud"));
        }
        self.pixels = rookvrij_kiosk::preview::draw(&self.kiosk, &self.headless, screen, lang, size);
        self.size = size;
        Ok(())
    }

    /// A tap at (`x`, `y`) in the kiosk's pixels, as a finger on its screen.
    pub fn tap(&mut self, x: f32, y: f32) {
        self.headless.tap(x, y);
        self.kiosk.settle();
    }

    /// Moves the kiosk's clock on by `ms` (its timers and animations) and
    /// draws what changed. False when nothing did.
    pub fn frame(&mut self, ms: u32) -> bool {
        self.headless.advance(Duration::from_millis(u64::from(ms)));
        self.kiosk.settle();
        let (w, h) = self.size;
        self.headless.render_changes(&mut self.pixels, w, h)
    }

    pub fn size(&self) -> (u32, u32) {
        self.size
    }

    /// The screen as RGBA bytes, for a canvas.
    pub fn rgba(&self) -> Vec<u8> {
        self.pixels.iter().flat_map(|p| [p.r, p.g, p.b, 255]).collect()
    }

    /// The screen the kiosk is on (`Wheel`, `Home`, …).
    pub fn on_screen(&self) -> String {
        format!("{:?}", self.kiosk.controller().visit().screen)
    }

    /// The middle of the element with this `accessible-id`, for the tests.
    #[cfg(test)]
    pub fn center_of(&self, id: &str) -> Option<(f32, f32)> {
        let wanted = id.to_string();
        let e = i_slint_backend_testing::ElementQuery::from_root(self.kiosk.app())
            .match_descendants()
            .match_predicate(move |e| e.accessible_id().as_deref() == Some(wanted.as_str()))
            .find_first()?;
        let (p, s) = (e.absolute_position(), e.size());
        Some((p.x + s.width / 2.0, p.y + s.height / 2.0))
    }
}
