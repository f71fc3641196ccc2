//! The controllers: the Slint UI bound to the kiosk's domain controller, one
//! module per screen, as Slint's energy-monitor does. Each screen's module
//! has a `setup` that wires its adapter's callbacks (taps become controller
//! intents) and keeps its own state and models; after each intent the visit
//! is pushed back through every screen's adapter. Rust never reaches into a
//! screen's internals, and a screen never knows about the store or the sound.
//!
//! | module | screen, adapter |
//! |---|---|
//! | `app` | the frame, the language picker (`AppAdapter`, `Nav`) |
//! | `attract` | the attract screen (`AttractAdapter`) |
//! | `home` | the home screen (`HomeAdapter`) |
//! | `wheel` | the babbelschijf (`WheelAdapter`) |
//! | `quiz` | jar, cost, myths (`QuizAdapter`) |
//! | `stories` | quit stories and their sound (`StoriesAdapter`) |
//! | `help` | stop-help and its QR codes (`HelpAdapter`) |
//! | `interest` | the invitation (`InterestAdapter`) |
//! | `team` | PIN, counts, settings, export (`TeamAdapter`) |
//! | `pictures`, `jobs` | photos decoded and slow work done off the UI thread |

use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;

use slint::{ComponentHandle, Image, Model, VecModel};

mod app;
mod attract;
mod help;
mod home;
mod interest;
pub mod jobs;
mod pictures;
mod quiz;
mod stories;
mod team;
mod team_content;
mod team_today;
mod wheel;

pub(crate) use attract::ATTRACT_FRAME;
use jobs::{Jobs, Lane};
pub use pictures::{decode_picture, load_svg};
pub use stories::paragraphs;
pub use team::{TEAM_IDLE, TeamDesk};

use crate::audio::Audio;
use crate::controller::{self, Controller, Intent};
use crate::ui;

/// Wires an adapter's callback to the kiosk through a weak handle (the UI
/// holds the callbacks and the kiosk holds the UI: a strong one would keep
/// both alive for ever): `on!(kiosk, adapter, on_spin, |k| k.spin())`.
macro_rules! on {
    ($kiosk:expr, $adapter:expr, $setter:ident, |$k:ident $(, $arg:ident)*| $body:expr) => {{
        let weak = std::rc::Rc::downgrade($kiosk);
        $adapter.$setter(move |$($arg),*| {
            if let Some($k) = weak.upgrade() {
                $body;
            }
        });
    }};
}
pub(crate) use on;

/// Brings a model to `rows`, touching only the rows that changed: Slint
/// redraws what changed, and a list keeps its place and its items' state.
fn update_rows<T: Clone + PartialEq + 'static>(model: &VecModel<T>, rows: Vec<T>) {
    for (i, row) in rows.iter().enumerate() {
        match model.row_data(i) {
            Some(old) if &old == row => {}
            Some(_) => model.set_row_data(i, row.clone()),
            None => model.push(row.clone()),
        }
    }
    while model.row_count() > rows.len() {
        model.remove(model.row_count() - 1);
    }
}

pub struct Kiosk {
    app: ui::App,
    controller: RefCell<Controller>,
    idle: slint::Timer,
    attract: slint::Timer,
    images: RefCell<HashMap<String, pictures::Picture>>,
    /// The language picker's model.
    languages: Rc<VecModel<ui::LanguageOption>>,
    attract_view: attract::AttractView,
    quiz_view: quiz::QuizView,
    stories_view: stories::StoriesView,
    help_view: RefCell<help::HelpView>,
    shown_language: RefCell<Option<String>>,
    frame: slint::Timer,
    wheel: RefCell<wheel::WheelView>,
    /// This visit's drawn jar: (seed, count, picture; None while it is drawn).
    drawn_jar: RefCell<Option<(u64, u32, Option<Image>)>>,
    audio: Audio,
    listening: RefCell<stories::Listening>,
    listen_poll: slint::Timer,
    team: RefCell<team::TeamState>,
    team_idle: slint::Timer,
    /// Says "Bezig met …" when an export takes more than a moment.
    team_busy_note: slint::Timer,
    /// Slow work on worker threads; answers come back to the event loop.
    jobs: Jobs<Kiosk>,
    /// The sound device has answered (or was found missing): the screens know.
    sound_known: std::cell::Cell<bool>,
    /// Goes up each time other content is shown: a photo or a wheel drawn
    /// for the content before arrives too late and is let go.
    content_gen: std::cell::Cell<u64>,
}

impl Kiosk {
    /// Creates the window and binds it. A platform must be set (desktop, headless or test).
    ///
    /// `audio` plays the wheel's sounds and the stories; `Audio::silent()` for none.
    pub fn new(controller: Controller, audio: Audio) -> Result<Rc<Kiosk>, slint::PlatformError> {
        Kiosk::with_team(controller, audio, TeamDesk::default())
    }

    /// A kiosk with its team side: data folder, store, PIN, export, restart.
    pub fn with_team(controller: Controller, audio: Audio, desk: TeamDesk) -> Result<Rc<Kiosk>, slint::PlatformError> {
        let app = ui::App::new()?;
        let kiosk = Rc::new(Kiosk {
            app,
            controller: RefCell::new(controller),
            idle: slint::Timer::default(),
            attract: slint::Timer::default(),
            images: RefCell::new(HashMap::new()),
            languages: Rc::new(VecModel::default()),
            attract_view: attract::AttractView::default(),
            quiz_view: quiz::QuizView::default(),
            stories_view: stories::StoriesView::default(),
            help_view: RefCell::new(help::HelpView::default()),
            shown_language: RefCell::new(None),
            frame: slint::Timer::default(),
            wheel: RefCell::new(wheel::WheelView::default()),
            drawn_jar: RefCell::new(None),
            audio,
            listening: RefCell::new(stories::Listening::default()),
            listen_poll: slint::Timer::default(),
            team: RefCell::new(team::TeamState::new(desk)),
            team_idle: slint::Timer::default(),
            team_busy_note: slint::Timer::default(),
            jobs: Jobs::new(),
            sound_known: std::cell::Cell::new(false),
            content_gen: std::cell::Cell::new(0),
        });
        Jobs::attach(Rc::downgrade(&kiosk), |k: &Kiosk| &k.jobs);
        kiosk.setup();
        // The team's jar and switches of today lie over the content as loaded.
        kiosk.show_loaded(kiosk.controller().content().clone());
        kiosk.watch_sound();
        kiosk.sync();
        Ok(kiosk)
    }

    pub fn app(&self) -> &ui::App {
        &self.app
    }

    /// Waits for every job on the workers and shows their answers: for
    /// tests and `preview`; a live kiosk never waits. False when something
    /// did not answer within 30 s.
    pub fn settle(self: &Rc<Self>) -> bool {
        self.jobs.settle(self)
    }

    /// Jobs on the workers whose answers are not shown yet.
    pub fn pending_jobs(&self) -> usize {
        self.jobs.pending()
    }

    /// Today's guesses at this kiosk so far (the jar's chart survives a
    /// restart), read from the counts on a worker.
    pub fn seed_todays_guesses(self: &Rc<Self>, data: &std::path::Path) {
        let (today, config) = {
            let c = self.controller();
            (c.today(), c.config().clone())
        };
        let data = data.to_path_buf();
        self.jobs.run(
            Lane::Start,
            move || {
                let stored = crate::store::read_counts_from(&data, &today).unwrap_or_default();
                crate::controller::todays_guesses(&stored, &today, &config)
            },
            |k, guesses| {
                k.controller.borrow_mut().seed_guesses(guesses);
                k.sync();
            },
        );
    }

    /// Waits on a worker until the sound device has answered, then shows
    /// which screens can play sound. The first frame does not wait for it.
    fn watch_sound(self: &Rc<Self>) {
        let audio = self.audio.clone();
        self.jobs.run(
            Lane::Start,
            move || audio.wait_ready(crate::audio::OPEN_TIMEOUT),
            |k, _| {
                k.sound_known.set(true);
                k.refresh_cards();
                k.sync();
            },
        );
    }

    pub fn controller(&self) -> Ref<'_, Controller> {
        self.controller.borrow()
    }

    /// Shows `content` from now on, without a restart: content loaded from
    /// a stick, or the team's jar and switches of today. Whoever is at the
    /// kiosk starts afresh; the photos and wheels of the content before are
    /// let go, also those still being made.
    pub fn set_content(self: &Rc<Self>, content: Rc<crate::content::Content>) {
        self.content_gen.set(self.content_gen.get() + 1);
        self.controller.borrow_mut().set_content(content);
        self.images.borrow_mut().clear();
        {
            let mut wheel = self.wheel.borrow_mut();
            wheel.arts.clear();
            wheel.drawing.clear();
            wheel.anim = None;
            wheel.drag = None;
        }
        self.listening.borrow_mut().broken.clear();
        *self.drawn_jar.borrow_mut() = None;
        *self.shown_language.borrow_mut() = None;
        self.help_view.borrow_mut().forget_opened();
        self.refresh_cards();
        self.sync();
    }

    /// One tap, through the controller, back onto the screen.
    pub fn dispatch(self: &Rc<Self>, intent: Intent) {
        self.controller.borrow_mut().handle(intent);
        self.sync();
        self.restart_idle_timer();
    }

    /// Each screen's controller wires its adapter.
    fn setup(self: &Rc<Self>) {
        app::setup(&self.app, self);
        attract::setup(&self.app, self);
        home::setup(&self.app, self);
        wheel::setup(&self.app, self);
        quiz::setup(&self.app, self);
        stories::setup(&self.app, self);
        help::setup(&self.app, self);
        interest::setup(&self.app, self);
        team::setup(&self.app, self);
    }

    fn restart_idle_timer(self: &Rc<Self>) {
        let seconds = self.controller().idle_seconds() as f32;
        self.start_idle_timer(seconds);
    }

    fn start_idle_timer(self: &Rc<Self>, seconds: f32) {
        if self.controller().visit().screen == controller::Screen::Attract {
            self.idle.stop();
            return;
        }
        let w = Rc::downgrade(self);
        self.idle.start(
            slint::TimerMode::SingleShot,
            Duration::from_secs_f32(seconds.max(0.5)),
            move || {
                if let Some(k) = w.upgrade() {
                    match k.listening_holds_the_visit() {
                        // Someone is listening: the visit goes on.
                        Some(left) => k.start_idle_timer(left),
                        None => k.dispatch(Intent::IdleTimeout),
                    }
                }
            },
        );
    }

    /// Pushes the controller's state into every screen's adapter.
    pub fn sync(self: &Rc<Self>) {
        let controller = self.controller.borrow();
        let visit = controller.visit().clone();
        let content = controller.content().clone();
        drop(controller);

        if self.shown_language.borrow().as_deref() != Some(visit.language.as_str()) {
            self.show_language(&content, &visit.language);
        }
        let team_screen = self.team_screen();
        self.app
            .global::<ui::Nav>()
            .set_screen(team_screen.unwrap_or(screen_to_ui(visit.screen)));
        self.sync_wheel_screen(&content, &visit);
        self.sync_quiz(&content, &visit);
        self.sync_stories(&content, &visit);
        self.sync_help(&content, &visit);
        self.sync_interest(&content, &visit);
        if visit.screen == controller::Screen::Attract && team_screen.is_none() {
            self.start_attract();
        } else {
            self.attract.stop();
        }
    }

    /// The kiosk's one clock: milliseconds of Slint's monotonic clock (the
    /// same that paces timers and animations, and that the tests move by
    /// hand), 64 bits: it runs for 500 million years, not 24.8 days.
    pub fn now_ms(&self) -> u64 {
        slint::private_unstable_api::re_exports::current_tick().0
    }
}

pub fn screen_to_ui(s: controller::Screen) -> ui::Screen {
    use controller::Screen as S;
    match s {
        S::Attract => ui::Screen::Attract,
        S::Home => ui::Screen::Home,
        S::Wheel => ui::Screen::Wheel,
        S::WheelResult => ui::Screen::WheelResult,
        S::Quiz => ui::Screen::Quiz,
        S::QuizResult => ui::Screen::QuizResult,
        S::QuizCost => ui::Screen::QuizCost,
        S::QuizMyth => ui::Screen::QuizMyth,
        S::Stories => ui::Screen::Stories,
        S::Story => ui::Screen::Story,
        S::Interest => ui::Screen::Interest,
        S::Help => ui::Screen::Help,
        S::HelpContact => ui::Screen::HelpContact,
    }
}
