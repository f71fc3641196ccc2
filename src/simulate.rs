//! `simulate`: random visits played through the same controller the touch
//! screen drives, counted by the real store. Prints `ack <n>` after each tap
//! is durably committed.

use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::{ManualClock, TimeKeeper};
use crate::config::Config;
use crate::content::Content;
use crate::controller::{Activity, Controller, Intent, Interest, Screen};
use crate::store::{Store, StoreOptions};
use crate::wheel::spin::Push;

pub struct SimulateRequest {
    pub data: PathBuf,
    pub visits: u64,
    pub seed: u64,
    pub content: Content,
    pub config: Config,
    pub start: NaiveDateTime,
    pub hours: u32,
    /// Test-only: `synchronous=NORMAL`, to prove the power-cut test catches loss.
    pub unsafe_sync: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum SimulateError {
    #[error("kan niet tellen in {path}: {reason}")]
    Store { path: String, reason: String },
    #[error("niet alle tikken konden worden opgeslagen: {0}")]
    NotCommitted(String),
}

/// Plays the visits; returns the number of taps the controller counted.
pub fn run(req: SimulateRequest) -> Result<u64, SimulateError> {
    let options = StoreOptions {
        synchronous_full: !req.unsafe_sync,
        on_ack: Some(Box::new(|n| {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "ack {n}");
            let _ = out.flush();
        })),
        ..Default::default()
    };
    let store = Arc::new(Store::open(&req.data, options));
    let health = store.health();
    if !health.ok {
        return Err(SimulateError::Store {
            path: req.data.display().to_string(),
            reason: health.last_error.unwrap_or_default(),
        });
    }
    let clock = ManualClock::new(req.start);
    let mut controller = Controller::new(
        Rc::new(req.content),
        req.config,
        Box::new(store.clone()),
        TimeKeeper::trusted(Box::new(clock.clone())),
        req.seed,
    );
    let mut rng = ChaCha8Rng::seed_from_u64(req.seed ^ 0x005e_ed0f_7157);
    let hours = req.hours.max(1) as u64;
    for i in 0..req.visits {
        let hour = i * hours / req.visits.max(1);
        clock.jump_to(req.start + chrono::Duration::hours(hour as i64));
        play_visit(&mut controller, &mut rng);
    }
    let taps = controller.taps();
    drop(controller);
    if !store.flush(Duration::from_secs(120)) {
        return Err(SimulateError::NotCommitted(
            store.health().last_error.unwrap_or_default(),
        ));
    }
    Ok(taps)
}

/// One person: touches, maybe picks a language, tries one to three activities,
/// answers the invitation, walks away.
pub fn play_visit(c: &mut Controller, rng: &mut impl Rng) {
    c.handle(Intent::Touch);
    if rng.random_bool(0.3) {
        let langs: Vec<String> = c.content().languages.iter().map(|l| l.code.clone()).collect();
        if !langs.is_empty() {
            let pick = langs[rng.random_range(0..langs.len())].clone();
            c.handle(Intent::ChooseLanguage(pick));
        }
    }
    let activities = rng.random_range(1..=3);
    for _ in 0..activities {
        let activity = Activity::ALL[rng.random_range(0..Activity::ALL.len())];
        c.handle(Intent::Open(activity));
        match activity {
            Activity::Wheel => {
                let flick = rng.random_range(-30.0f32..30.0);
                c.handle(Intent::Spin(Push::Flick(flick)));
                c.handle(Intent::SpinEnd);
                for _ in 0..rng.random_range(0..3) {
                    c.handle(Intent::SpinAgain);
                    c.handle(Intent::SpinEnd);
                }
                c.handle(Intent::ActivityDone);
            }
            Activity::Quiz => {
                // A guess around the real count, as people guess.
                let answer = c.visit().jar_count.max(1) as f64;
                c.handle(Intent::Guess((answer * rng.random_range(0.3..2.0)).round() as u32));
                // Most read on: what it costs, then myth or fact.
                if rng.random_bool(0.7) {
                    c.handle(Intent::QuizNext);
                    c.handle(Intent::PerDay(rng.random_range(1..=30)));
                    c.handle(Intent::QuizNext);
                    while c.visit().screen == crate::controller::Screen::QuizMyth {
                        c.handle(Intent::MythAnswer(rng.random_bool(0.5)));
                        c.handle(Intent::QuizNext);
                    }
                } else {
                    c.handle(Intent::ActivityDone);
                }
            }
            Activity::Stories => {
                let n = c.content().stories.len();
                if n > 0 {
                    c.handle(Intent::OpenStory(rng.random_range(0..n)));
                    if rng.random_bool(0.4) {
                        c.handle(Intent::StoryListen);
                        if rng.random_bool(0.6) {
                            c.handle(Intent::StoryListenEnd);
                        }
                    }
                }
                c.handle(Intent::ActivityDone);
            }
            Activity::Help => {
                let n = c.content().help.len();
                if n > 0 && rng.random_bool(0.6) {
                    c.handle(Intent::OpenContact(rng.random_range(0..n)));
                    c.handle(Intent::CloseContact);
                }
            }
        }
        if c.visit().screen == Screen::Interest {
            let choice = Interest::ALL[rng.random_range(0..Interest::ALL.len())];
            c.handle(Intent::Interest(choice));
            if c.visit().screen == Screen::Help && rng.random_bool(0.5) {
                let n = c.content().help.len();
                c.handle(Intent::OpenContact(rng.random_range(0..n)));
            }
        }
        c.handle(Intent::Home);
    }
    c.handle(Intent::IdleTimeout);
}
