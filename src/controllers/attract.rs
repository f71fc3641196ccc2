//! The attract screen: the wheel turning slowly, greetings in every language;
//! a touch starts a visit, a long press in the corner opens the team side.

use std::f32::consts::TAU;
use std::rc::Rc;
use std::time::Duration;

use slint::{ComponentHandle, ModelRc, VecModel};

use super::wheel::WheelPlace;
use super::{Kiosk, on, update_rows};
use crate::content::Content;
use crate::controller::Intent;
use crate::ui;

/// The attract screen's own state: its greetings model, kept and updated.
#[derive(Default)]
pub(super) struct AttractView {
    greetings: std::rc::Rc<VecModel<ui::Greeting>>,
    /// When the attract screen came (kiosk clock, ms), and whether it has
    /// gone calm since.
    since_ms: std::cell::Cell<u64>,
    calm: std::cell::Cell<bool>,
}

/// How fast the wheel turns on the attract screen: slow and calm, a turn in
/// 42 seconds.
pub(crate) const ATTRACT_TURN_PER_SECOND: f32 = 0.15;

/// Five frames a second: the slow wheel moves 1.7° a frame, which reads as
/// a steady turn, at a quarter of the work of twenty (the attract screen runs
/// most of the day; 2.8% of a core here at 1280x800, BENCHMARKS.md,
/// "Attract mode").
pub(crate) const ATTRACT_FRAME: Duration = Duration::from_millis(200);

/// After `calm_after_minutes` without a touch (kiosk.toml, 10 by default):
/// two and a half frames a second and a slower turn, a turn in 105 seconds,
/// 1.4° a frame. A touch wakes it: it starts a visit, whose first screen is
/// drawn at once.
pub(crate) const CALM_FRAME: Duration = Duration::from_millis(400);
pub(crate) const CALM_TURN_PER_SECOND: f32 = 0.06;

pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::AttractAdapter>();
    adapter.set_greetings(ModelRc::from(kiosk.attract_view.greetings.clone()));
    on!(kiosk, adapter, on_start, |k| k.dispatch(Intent::Touch));
    // Each greeting starts the visit in its own language.
    on!(kiosk, adapter, on_start_in, |k, language| {
        k.dispatch(Intent::Touch);
        k.dispatch(Intent::ChooseLanguage(language.to_string()));
    });
    on!(kiosk, adapter, on_resized, |k| k.redraw_wheel(WheelPlace::Attract));
}

impl Kiosk {
    /// Every language's own greeting once, in its own font; a language
    /// without one is greeted by the default language's.
    pub(super) fn show_greetings(&self, content: &Content) {
        let mut greetings: Vec<ui::Greeting> = Vec::new();
        for l in &content.languages {
            let Some(g) = content.greeting.texts.get(&l.code) else {
                continue;
            };
            if !g.trim().is_empty() && !greetings.iter().any(|o| o.text == g.as_str()) {
                greetings.push(ui::Greeting {
                    text: g.into(),
                    font: crate::content::font_family(&l.code).into(),
                    language: l.code.as_str().into(),
                });
            }
        }
        update_rows(&self.attract_view.greetings, greetings);
    }

    pub(super) fn start_attract(self: &Rc<Self>) {
        self.redraw_wheel(WheelPlace::Attract);
        if self.attract.running() {
            return;
        }
        self.attract_view.since_ms.set(self.now_ms());
        self.attract_view.calm.set(false);
        let w = Rc::downgrade(self);
        self.attract.start(slint::TimerMode::Repeated, ATTRACT_FRAME, move || {
            if let Some(k) = w.upgrade() {
                k.attract_frame();
            }
        });
    }

    /// One frame of the attract wheel; after the quiet minutes, the calm pace.
    fn attract_frame(self: &Rc<Self>) {
        let calm_after = u64::from(self.controller().config().calm_after_minutes) * 60_000;
        let view = &self.attract_view;
        if !view.calm.get() && calm_after > 0 && self.now_ms().saturating_sub(view.since_ms.get()) >= calm_after {
            view.calm.set(true);
            self.attract.set_interval(CALM_FRAME);
        }
        let step = if view.calm.get() {
            CALM_TURN_PER_SECOND * CALM_FRAME.as_secs_f32()
        } else {
            ATTRACT_TURN_PER_SECOND * ATTRACT_FRAME.as_secs_f32()
        };
        // Kept within one turn: after weeks an f32 would no longer move.
        let mut wheel = self.wheel.borrow_mut();
        wheel.attract_rotation = (wheel.attract_rotation + step).rem_euclid(TAU);
        drop(wheel);
        self.redraw_wheel(WheelPlace::Attract);
    }

    /// The attract screen has gone calm (for the tests and the team's health).
    pub fn attract_calm(&self) -> bool {
        self.attract_view.calm.get() && self.attract.running()
    }
}
