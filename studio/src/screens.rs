//! The kiosk's own screens in the studio: its Slint UI and its controllers,
//! staged by the very code `rookvrij-kiosk preview` uses, in a live window.
//! In the browser that window is the page's `<canvas id="canvas">`, drawn by
//! Slint's web backend (winit, FemtoVG on WebGL) and tapped like the kiosk;
//! its timers and animations run on the page's event loop.

use std::cell::Cell;
use std::rc::Rc;

use rookvrij_core::content::Content;
use rookvrij_kiosk::audio::Audio;
use rookvrij_kiosk::clock::{SystemClock, TimeKeeper};
use rookvrij_kiosk::config::Config;
use rookvrij_kiosk::controller::{Controller, NoRecorder};
use rookvrij_kiosk::controllers::{Kiosk, TeamDesk};
use slint::ComponentHandle;

/// The screens a team looks at, in the order a visit meets them, with
/// their names on the page.
pub const SCREENS: [(&str, &str); 11] = [
    ("home", "Begin"),
    ("wheel", "Het rad"),
    ("wheel-result", "Het rad, gedraaid"),
    ("quiz", "De pot"),
    ("quiz-cost", "Wat roken kost"),
    ("quiz-myth", "Waar of niet waar"),
    ("stories", "Verhalen"),
    ("story", "Eén verhaal"),
    ("help", "Hulp bij stoppen"),
    ("help-contact", "Hulp: contact (QR-code)"),
    ("attract", "Wachtscherm"),
];

/// The kiosk's sizes: the 7" display, a 10" panel, Touch Display 2
/// upright, a 15" monitor.
pub const SIZES: [(u32, u32); 4] = rookvrij_kiosk::preview::SIZES;

/// One kiosk in a window. One per page: Slint has one platform.
pub struct Screens {
    kiosk: Rc<Kiosk>,
    /// Its window is on the screen (the canvas is only used from the first
    /// `show` on: the kiosk can be made while the page is still hidden).
    shown: Cell<bool>,
}

/// Slint's web backend on the page's canvas, its event loop spawned (it
/// runs beside the page's own code instead of taking the thread over).
#[cfg(target_arch = "wasm32")]
fn install_platform() -> Result<(), String> {
    thread_local! {
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
    }
    // Once per page: a kiosk that could not be shown (no WebGL) leaves it
    // installed, and the next try says what is wrong, not that it is.
    if INSTALLED.with(Cell::get) {
        return Ok(());
    }
    // FemtoVG (WebGL) only: Slint's software renderer cannot paint the
    // images the browser decodes for it, so without WebGL the page says so.
    let backend = i_slint_backend_winit::Backend::builder()
        .with_renderer_name("femtovg")
        .with_spawn_event_loop(true)
        .build()
        .map_err(|e| e.to_string())?;
    slint::platform::set_platform(Box::new(backend)).map_err(|e| e.to_string())?;
    INSTALLED.with(|i| i.set(true));
    Ok(())
}

impl Screens {
    /// A kiosk with `content`, counting nothing and playing nothing, on the
    /// platform Slint has (in the browser: the page's canvas), not yet shown.
    pub fn new(content: Content) -> Result<Screens, String> {
        let failed = |e: String| format!("het voorbeeld kan niet tekenen: {e}");
        #[cfg(target_arch = "wasm32")]
        install_platform().map_err(failed)?;
        let controller = Controller::new(
            Rc::new(content),
            Config::default(),
            Box::new(NoRecorder),
            TimeKeeper::trusted(Box::new(SystemClock::default())),
            1,
        );
        let kiosk =
            Kiosk::with_team(controller, Audio::silent(), TeamDesk::default()).map_err(|e| failed(e.to_string()))?;
        Ok(Screens {
            kiosk,
            shown: Cell::new(false),
        })
    }

    /// Puts the kiosk's window on the screen, once.
    fn show_window(&self) -> Result<(), String> {
        if !self.shown.get() {
            let failed = |e: slint::PlatformError| format!("het voorbeeld kan niet tekenen: {e}");
            self.kiosk.app().show().map_err(failed)?;
            #[cfg(target_arch = "wasm32")]
            slint::run_event_loop().map_err(failed)?;
            self.shown.set(true);
        }
        Ok(())
    }

    /// Shows other content from now on (as a kiosk does with a stick).
    pub fn set_content(&self, content: Content) {
        self.kiosk.set_content(Rc::new(content));
    }

    /// Goes to `screen` in `lang` at `size` (the kiosk's pixels), as
    /// `preview` stages it.
    pub fn show(&self, screen: &str, lang: &str, (w, h): (u32, u32)) -> Result<(), String> {
        if !SCREENS.iter().any(|(s, _)| *s == screen) {
            return Err(format!("onbekend scherm \"{screen}\""));
        }
        if !self.kiosk.controller().content().has_language(lang) {
            return Err(format!("taal \"{lang}\" staat niet in de inhoud"));
        }
        self.show_window()?;
        self.kiosk
            .app()
            .window()
            .set_size(slint::LogicalSize::new(w as f32, h as f32));
        rookvrij_kiosk::preview::stage(&self.kiosk, screen, lang);
        // Called by the page, not from Slint's event loop: that loop may be
        // asleep and only draws a changed window when it wakes, so wake it
        // (without this, a screen reached without a job to wait for, such
        // as home or stories, was not drawn until the next tap).
        let _ = slint::invoke_from_event_loop(|| {});
        Ok(())
    }

    /// The screen the kiosk is on (`Wheel`, `Home`, …).
    pub fn on_screen(&self) -> String {
        format!("{:?}", self.kiosk.controller().visit().screen)
    }

    /// The language the kiosk speaks now.
    pub fn language(&self) -> String {
        self.kiosk.controller().visit().language.clone()
    }

    #[cfg(test)]
    pub fn kiosk(&self) -> &Rc<Kiosk> {
        &self.kiosk
    }
}
