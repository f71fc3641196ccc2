//! Binds the Slint UI to the controller: screens call adapter callbacks, which
//! become controller intents; after each intent the visit is pushed back into
//! the adapters. Rust never reaches into a screen's internals.

use std::cell::{Ref, RefCell};
use std::collections::{HashMap, HashSet};
use std::f32::consts::TAU;
use std::rc::{Rc, Weak};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use slint::{ComponentHandle, Image, ModelRc, Rgb8Pixel, Rgba8Pixel, SharedPixelBuffer, SharedString, VecModel};

pub mod jobs;
mod team;

use jobs::{Jobs, Lane};
pub use team::{TEAM_IDLE, TeamDesk};

use crate::audio::{Audio, Phase, Sound};
use crate::content::{Content, JarKind, Source, Text};
use crate::controller::{self, Activity, Controller, Intent};
use crate::ui;
use crate::wheel::art::{Finish, Fonts, Icon, Sector, WheelArt, ink_for};
use crate::wheel::sector_at_pointer;
use crate::wheel::spin::{FLICK_THRESHOLD, Push, Spin, angle_step, flick_speed};

/// How fast the wheel turns on the attract screen: slow and calm.
const ATTRACT_TURN_PER_SECOND: f32 = 0.35;
/// The drawn jar's picture in pixels: sharp on the biggest screen.
const JAR_SIZE: (u32, u32) = (480, 640);
/// Ranges of 100 in the chart of today's guesses.
const CHART_BARS: u32 = 7;
const ATTRACT_FRAME: Duration = Duration::from_millis(50);
/// While the wheel spins: sixty frames a second.
const SPIN_FRAME: Duration = Duration::from_millis(16);
/// The wheel rests this long on its topic before the result card comes.
const REST_BEFORE_RESULT: f32 = 1.0;
/// A touch that moves less than this (pixels) is a tap on the wheel: it spins.
const TAP_SLOP: f32 = 12.0;
/// How often a playing story's progress bar moves.
const LISTEN_POLL: Duration = Duration::from_millis(100);

pub struct Kiosk {
    app: ui::App,
    controller: RefCell<Controller>,
    idle: slint::Timer,
    attract: slint::Timer,
    images: RefCell<HashMap<String, Picture>>,
    shown_language: RefCell<Option<String>>,
    frame: slint::Timer,
    wheel: RefCell<WheelView>,
    /// This visit's drawn jar: (seed, count, picture; None while it is drawn).
    drawn_jar: RefCell<Option<(u64, u32, Option<Image>)>>,
    audio: Audio,
    listening: RefCell<Listening>,
    listen_poll: slint::Timer,
    team: RefCell<team::TeamState>,
    team_idle: slint::Timer,
    /// Says "Bezig met …" when an export takes more than a moment.
    team_busy_note: slint::Timer,
    /// Slow work on worker threads; answers come back to the event loop.
    jobs: Jobs<Kiosk>,
    /// The sound device has answered (or was found missing): the screens know.
    sound_known: std::cell::Cell<bool>,
}

/// A content photo: decoded on a worker, shown when ready.
enum Picture {
    Loading,
    Ready(Image),
    Broken,
}

/// The story being listened to, as the kiosk asked for it.
#[derive(Default)]
struct Listening {
    /// The audio request playing now: its ticket, the story and its language,
    /// and when it started (kiosk clock, ms).
    now: Option<(u64, usize, String, u64)>,
    /// `story_listen_end` was counted for this ticket.
    ended: bool,
    /// Recordings that failed to play since start: their button is disabled.
    broken: HashSet<(usize, String)>,
}

/// Where a wheel picture goes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum WheelPlace {
    Attract,
    Wheel,
}

#[derive(Default)]
struct WheelView {
    /// The fonts for the wheel's words, loaded and used on the drawing worker.
    fonts: Arc<Mutex<Option<Fonts>>>,
    /// Finished discs by place, size and language, newest last.
    arts: Vec<(WheelPlace, u32, String, WheelArt)>,
    /// Discs being drawn on the worker.
    drawing: HashSet<(WheelPlace, u32, String)>,
    /// The wheel screen's last size in pixels: a new language's disc is
    /// drawn ahead at this size.
    wheel_pixels: Option<u32>,
    attract_rotation: f32,
    /// What the wheel screen shows now.
    rotation: f32,
    anim: Option<SpinAnim>,
    drag: Option<Drag>,
    /// Two frames that take turns: while Slint shows one, the next is drawn
    /// into the other, so a turning wheel allocates nothing.
    buffers: Vec<SharedPixelBuffer<Rgb8Pixel>>,
}

struct SpinAnim {
    spin: Spin,
    started_ms: u64,
    sector: usize,
    at_rest: bool,
}

struct Drag {
    /// When the finger came down (kiosk clock, ms).
    since_ms: u64,
    /// (seconds since the finger came down, unwrapped angle) around the centre.
    samples: Vec<(f32, f32)>,
    raw: f32,
    angle: f32,
    start_angle: f32,
    start_rotation: f32,
    travel: f32,
    last: (f32, f32),
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
            shown_language: RefCell::new(None),
            frame: slint::Timer::default(),
            wheel: RefCell::new(WheelView::default()),
            drawn_jar: RefCell::new(None),
            audio,
            listening: RefCell::new(Listening::default()),
            listen_poll: slint::Timer::default(),
            team: RefCell::new(team::TeamState::new(desk)),
            team_idle: slint::Timer::default(),
            team_busy_note: slint::Timer::default(),
            jobs: Jobs::new(),
            sound_known: std::cell::Cell::new(false),
        });
        Jobs::attach(Rc::downgrade(&kiosk), |k: &Kiosk| &k.jobs);
        kiosk.bind();
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

    /// One tap, through the controller, back onto the screen.
    pub fn dispatch(self: &Rc<Self>, intent: Intent) {
        self.controller.borrow_mut().handle(intent);
        self.sync();
        self.restart_idle_timer();
    }

    fn bind(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let on = move |intent: Intent| {
            let weak: Weak<Kiosk> = weak.clone();
            move || {
                if let Some(k) = weak.upgrade() {
                    k.dispatch(intent.clone());
                }
            }
        };
        let app_adapter = self.app.global::<ui::AppAdapter>();
        app_adapter.on_go_home(on(Intent::Home));
        app_adapter.on_open_help(on(Intent::Open(Activity::Help)));
        let w = Rc::downgrade(self);
        app_adapter.on_choose_language(move |code| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::ChooseLanguage(code.to_string()));
            }
        });
        self.app.global::<ui::AttractAdapter>().on_start(on(Intent::Touch));
        let w = Rc::downgrade(self);
        self.app.global::<ui::HomeAdapter>().on_open(move |a| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::Open(activity_from_ui(a)));
            }
        });
        self.app
            .global::<ui::HomeAdapter>()
            .on_open_interest(on(Intent::ActivityDone));
        let wheel_adapter = self.app.global::<ui::WheelAdapter>();
        wheel_adapter.on_spin(on(Intent::Spin(Push::Button)));
        let w = Rc::downgrade(self);
        wheel_adapter.on_resized(move || {
            if let Some(k) = w.upgrade() {
                k.redraw_wheel(WheelPlace::Wheel);
            }
        });
        let w = Rc::downgrade(self);
        self.app.global::<ui::AttractAdapter>().on_resized(move || {
            if let Some(k) = w.upgrade() {
                k.redraw_wheel(WheelPlace::Attract);
            }
        });
        let w = Rc::downgrade(self);
        wheel_adapter.on_pointer_down(move |x, y| {
            if let Some(k) = w.upgrade() {
                k.finger_down(x, y);
            }
        });
        let w = Rc::downgrade(self);
        wheel_adapter.on_pointer_move(move |x, y| {
            if let Some(k) = w.upgrade() {
                k.finger_move(x, y);
            }
        });
        let w = Rc::downgrade(self);
        wheel_adapter.on_pointer_up(move |x, y| {
            if let Some(k) = w.upgrade() {
                k.finger_up(x, y);
            }
        });
        wheel_adapter.on_again(on(Intent::SpinAgain));
        wheel_adapter.on_done(on(Intent::ActivityDone));
        let quiz = self.app.global::<ui::QuizAdapter>();
        let w = Rc::downgrade(self);
        quiz.on_guess_chosen(move |n| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::Guess(n.max(0) as u32));
            }
        });
        quiz.on_done(on(Intent::ActivityDone));
        quiz.on_next(on(Intent::QuizNext));
        let w = Rc::downgrade(self);
        quiz.on_per_day_changed(move |n| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::PerDay(n.max(0) as u32));
            }
        });
        let w = Rc::downgrade(self);
        quiz.on_myth_answer(move |fact| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::MythAnswer(fact));
            }
        });
        let stories = self.app.global::<ui::StoriesAdapter>();
        let w = Rc::downgrade(self);
        stories.on_open(move |i| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::OpenStory(i.max(0) as usize));
            }
        });
        stories.on_done(on(Intent::ActivityDone));
        let w = Rc::downgrade(self);
        stories.on_play_pause(move || {
            if let Some(k) = w.upgrade() {
                k.play_pause();
            }
        });
        let help = self.app.global::<ui::HelpAdapter>();
        let w = Rc::downgrade(self);
        help.on_open(move |i| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::OpenContact(i.max(0) as usize));
            }
        });
        help.on_close(on(Intent::CloseContact));
        let w = Rc::downgrade(self);
        self.app.global::<ui::InterestAdapter>().on_choose(move |choice| {
            if let Some(k) = w.upgrade() {
                k.dispatch(Intent::Interest(match choice {
                    ui::InterestChoice::MoreInfo => controller::Interest::MoreInfo,
                    ui::InterestChoice::WantToQuit => controller::Interest::WantToQuit,
                    ui::InterestChoice::NotNow => controller::Interest::NotNow,
                }));
            }
        });
        self.bind_team();
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

    /// A story playing keeps the visit, for at most its length plus the idle
    /// time from its start (a stalled sound card cannot hold the kiosk).
    /// Returns how long it may still hold it.
    fn listening_holds_the_visit(&self) -> Option<f32> {
        let (ticket, _, _, started) = self.listening.borrow().now.clone()?;
        let status = self.audio.story_status();
        if status.ticket != ticket || !matches!(status.phase, Phase::Playing | Phase::Loading) {
            return None;
        }
        let idle = self.controller().idle_seconds() as f32;
        let limit = status.length.unwrap_or_default().as_secs_f32() + idle;
        let left = limit - self.now_ms().saturating_sub(started) as f32 / 1000.0;
        (left > 0.0).then_some(left.min(idle))
    }

    /// The big play button: start, pause, go on, or start again after the end.
    fn play_pause(self: &Rc<Self>) {
        let controller = self.controller.borrow();
        let visit = controller.visit();
        let (Some(index), true) = (visit.story, visit.screen == controller::Screen::Story) else {
            return;
        };
        let lang = visit.language.clone();
        let content = controller.content().clone();
        drop(controller);
        let Some(recording) = content.stories.get(index).and_then(|s| s.audio.get(&lang)) else {
            return;
        };
        if !self.audio.available() || self.listening.borrow().broken.contains(&(index, lang.clone())) {
            return;
        }
        let status = self.audio.story_status();
        let current = self.listening.borrow().now.as_ref().map(|n| n.0) == Some(status.ticket);
        match status.phase {
            Phase::Playing if current => self.audio.pause_story(status.ticket),
            Phase::Paused if current => self.audio.resume_story(status.ticket),
            Phase::Loading if current => {}
            _ => {
                let ticket = self.audio.play_story(&content.source, &recording.path);
                let started = self.now_ms();
                let mut listening = self.listening.borrow_mut();
                listening.now = Some((ticket, index, lang, started));
                listening.ended = false;
                drop(listening);
                self.controller.borrow_mut().handle(Intent::StoryListen);
                let w = Rc::downgrade(self);
                self.listen_poll
                    .start(slint::TimerMode::Repeated, LISTEN_POLL, move || {
                        if let Some(k) = w.upgrade() {
                            k.poll_listening();
                        }
                    });
            }
        }
        self.show_listening();
        self.restart_idle_timer();
    }

    /// Follows the sound: the progress bar, the end (counted once), a failure.
    fn poll_listening(self: &Rc<Self>) {
        let Some((ticket, index, lang, _)) = self.listening.borrow().now.clone() else {
            self.listen_poll.stop();
            return;
        };
        let status = self.audio.story_status();
        if status.ticket == ticket {
            match status.phase {
                Phase::Ended if !self.listening.borrow().ended => {
                    self.listening.borrow_mut().ended = true;
                    self.listen_poll.stop();
                    self.controller.borrow_mut().handle(Intent::StoryListenEnd);
                    self.restart_idle_timer();
                }
                Phase::Failed => {
                    self.listening.borrow_mut().broken.insert((index, lang));
                    self.listen_poll.stop();
                }
                Phase::Idle => self.listen_poll.stop(),
                _ => {}
            }
        }
        self.show_listening();
    }

    /// Stops the story when its screen, story or language is no longer shown:
    /// leaving, the idle reset, another language.
    fn stop_listening_unless(&self, visit: &controller::Visit) {
        let mut listening = self.listening.borrow_mut();
        let Some((_, index, lang, _)) = &listening.now else {
            return;
        };
        let shown = visit.screen == controller::Screen::Story && visit.story == Some(*index) && visit.language == *lang;
        if !shown {
            listening.now = None;
            listening.ended = false;
            self.audio.stop_story();
            self.listen_poll.stop();
        }
    }

    /// The story screen's player: button shown, its state and the progress.
    fn show_listening(&self) {
        let controller = self.controller.borrow();
        let visit = controller.visit();
        let lang = visit.language.clone();
        let story = visit.story;
        let recording = story
            .and_then(|i| controller.content().stories.get(i))
            .and_then(|s| s.audio.get(&lang))
            .cloned();
        drop(controller);
        let adapter = self.app.global::<ui::StoriesAdapter>();
        let listening = self.listening.borrow();
        let broken = story.is_some_and(|i| listening.broken.contains(&(i, lang.clone())));
        adapter.set_has_audio(recording.is_some() && self.audio.available());
        adapter.set_audio_broken(broken);
        let status = self.audio.story_status();
        let mine = listening.now.as_ref().is_some_and(|n| n.0 == status.ticket);
        let (playing, progress, position) = match (mine, status.phase) {
            (true, Phase::Playing | Phase::Loading) => (true, status.progress(), status.position),
            (true, Phase::Paused) => (false, status.progress(), status.position),
            (true, Phase::Ended) => (false, 1.0, status.length.unwrap_or_default()),
            _ => (false, 0.0, Duration::ZERO),
        };
        let length = status
            .length
            .filter(|_| mine)
            .or(recording.map(|r| r.length))
            .unwrap_or_default();
        adapter.set_playing(playing);
        adapter.set_progress(progress);
        adapter.set_time(format!("{} / {}", clock(position), clock(length)).into());
    }

    /// Pushes the controller's state into the adapters.
    pub fn sync(self: &Rc<Self>) {
        let controller = self.controller.borrow();
        let visit = controller.visit().clone();
        let content = controller.content().clone();
        let conversation_mode = controller.config().conversation_mode;
        let ambassador = controller.config().ambassador_present;
        drop(controller);

        let lang = visit.language.clone();
        if self.shown_language.borrow().as_deref() != Some(lang.as_str()) {
            self.show_language(&content, &lang);
        }
        let team_screen = self.team_screen();
        self.app
            .global::<ui::Nav>()
            .set_screen(team_screen.unwrap_or(screen_to_ui(visit.screen)));

        let wheel_adapter = self.app.global::<ui::WheelAdapter>();
        wheel_adapter.set_conversation_mode(conversation_mode);
        if let Some(topic) = visit.topic.and_then(|i| content.topics.get(i)) {
            wheel_adapter.set_topic(topic.label.get(&lang).into());
            wheel_adapter.set_question(topic.question.get(&lang).into());
            wheel_adapter.set_follow_up(topic.follow_up.get(&lang).into());
            let [r, g, b] = topic.color;
            wheel_adapter.set_topic_color(slint::Color::from_rgb_u8(r, g, b));
            let [r, g, b] = ink_for(topic.color);
            wheel_adapter.set_topic_ink(slint::Color::from_rgb_u8(r, g, b));
            wheel_adapter.set_topic_icon(
                topic
                    .icon
                    .as_deref()
                    .map(|p| self.image(&content.source, p))
                    .unwrap_or_default(),
            );
        }
        self.sync_wheel(&visit);

        self.sync_quiz(&content, &visit, &lang);

        let stories = self.app.global::<ui::StoriesAdapter>();
        if let Some(story) = visit.story.and_then(|i| content.stories.get(i)) {
            stories.set_story(self.story_card(&content, story, &lang));
            stories.set_paragraphs(string_model(paragraphs(&story.text, &lang)));
            stories.set_example(story.example);
        }
        self.stop_listening_unless(&visit);
        self.show_listening();
        let help = self.app.global::<ui::HelpAdapter>();
        help.set_ambassador_present(ambassador);
        if let Some(option) = visit.contact.and_then(|i| content.help.get(i)) {
            help.set_opened(self.help_card(&content, option, &lang));
            help.set_opened_qr(qr_image(&option.link));
        }

        if visit.screen == controller::Screen::Attract && team_screen.is_none() {
            self.start_attract();
        } else {
            self.attract.stop();
        }
    }

    /// Language change: translations, reading direction, and every content text.
    fn show_language(&self, content: &Rc<Content>, lang: &str) {
        // Dutch is the source language of the UI strings: select "" for it.
        let bundle = if lang == "nl" { "" } else { lang };
        if slint::select_bundled_translation(bundle).is_err() {
            let _ = slint::select_bundled_translation("");
        }
        let rtl = content.language(lang).is_some_and(|l| l.rtl);
        let theme = self.app.global::<ui::Theme>();
        theme.set_is_rtl(rtl);
        theme.set_font(crate::content::font_family(lang).into());

        let app = self.app.global::<ui::AppAdapter>();
        app.set_language(lang.into());
        app.set_language_name(
            content
                .language(lang)
                .map(|l| l.name.clone())
                .unwrap_or_default()
                .into(),
        );
        app.set_example_content(content.example);
        let langs: Vec<ui::LanguageOption> = content
            .languages
            .iter()
            .map(|l| ui::LanguageOption {
                code: l.code.clone().into(),
                name: l.name.clone().into(),
                font: crate::content::font_family(&l.code).into(),
            })
            .collect();
        app.set_languages(ModelRc::new(VecModel::from(langs)));

        // Every language's own greeting once, in its own font; a language
        // without one is greeted by the default language's.
        let mut greetings: Vec<ui::Greeting> = Vec::new();
        for l in &content.languages {
            let Some(g) = content.greeting.texts.get(&l.code) else {
                continue;
            };
            if !g.trim().is_empty() && !greetings.iter().any(|o| o.text == g.as_str()) {
                greetings.push(ui::Greeting {
                    text: g.into(),
                    font: crate::content::font_family(&l.code).into(),
                });
            }
        }
        self.app
            .global::<ui::AttractAdapter>()
            .set_greetings(ModelRc::new(VecModel::from(greetings)));

        *self.shown_language.borrow_mut() = Some(lang.to_string());
        self.refresh_cards();
        self.draw_ahead(lang);
    }

    /// The story and stop-help cards in the shown language, with the photos
    /// decoded so far (the others follow as they are ready).
    fn refresh_cards(&self) {
        let controller = self.controller();
        let content = controller.content().clone();
        let visit = controller.visit().clone();
        drop(controller);
        let lang = visit.language.as_str();
        let cards: Vec<ui::StoryCard> = content
            .stories
            .iter()
            .map(|s| self.story_card(&content, s, lang))
            .collect();
        let stories = self.app.global::<ui::StoriesAdapter>();
        stories.set_stories(ModelRc::new(VecModel::from(cards)));
        if let Some(story) = visit.story.and_then(|i| content.stories.get(i)) {
            stories.set_story(self.story_card(&content, story, lang));
        }
        let options: Vec<ui::HelpCard> = content.help.iter().map(|o| self.help_card(&content, o, lang)).collect();
        let help = self.app.global::<ui::HelpAdapter>();
        help.set_options(ModelRc::new(VecModel::from(options)));
        if let Some(option) = visit.contact.and_then(|i| content.help.get(i)) {
            help.set_opened(self.help_card(&content, option, lang));
        }
    }

    fn story_card(&self, content: &Content, story: &crate::content::Story, lang: &str) -> ui::StoryCard {
        ui::StoryCard {
            name: story.name.get(lang).into(),
            quote: story.quote.get(lang).into(),
            photo: self.image(&content.source, &story.photo),
            audio: story.audio.contains_key(lang) && self.audio.available(),
        }
    }

    fn help_card(&self, content: &Content, option: &crate::content::HelpOption, lang: &str) -> ui::HelpCard {
        ui::HelpCard {
            kind: match option.kind {
                crate::content::HelpKind::Coach => ui::HelpKind::Coach,
                crate::content::HelpKind::Group => ui::HelpKind::Group,
                crate::content::HelpKind::Line => ui::HelpKind::Line,
                crate::content::HelpKind::Doctor => ui::HelpKind::Doctor,
                crate::content::HelpKind::Online => ui::HelpKind::Online,
            },
            name: option.name.get(lang).into(),
            what: option.what.get(lang).into(),
            when: option.when.get(lang).into(),
            cost: option.cost.get(lang).into(),
            photo: self.image(&content.source, &option.photo),
            contact: option.show.clone().into(),
        }
    }

    /// A content picture, decoded once on a worker; until it is ready (and
    /// when it is broken) nothing is shown in its place, never a crash.
    /// Vector pictograms are small and read here: Slint draws them at any size.
    fn image(&self, source: &Source, rel: &str) -> Image {
        match self.images.borrow().get(rel) {
            Some(Picture::Ready(img)) => return img.clone(),
            Some(Picture::Loading | Picture::Broken) => return Image::default(),
            None => {}
        }
        if rel.to_ascii_lowercase().ends_with(".svg") {
            let picture = match load_image(source, rel) {
                Ok(img) => Picture::Ready(img),
                Err(e) => {
                    eprintln!("rookvrij-kiosk: afbeelding {rel}: {e}");
                    Picture::Broken
                }
            };
            let img = match &picture {
                Picture::Ready(img) => img.clone(),
                _ => Image::default(),
            };
            self.images.borrow_mut().insert(rel.to_string(), picture);
            return img;
        }
        self.images.borrow_mut().insert(rel.to_string(), Picture::Loading);
        let (source, name) = (source.clone(), rel.to_string());
        self.jobs.run(
            Lane::Pictures,
            move || decode_picture(&source, &name).map(|p| (name, p)),
            |k, decoded| {
                match decoded {
                    Ok((name, pixels)) => {
                        k.images
                            .borrow_mut()
                            .insert(name, Picture::Ready(Image::from_rgba8(pixels)));
                    }
                    Err((name, e)) => {
                        eprintln!("rookvrij-kiosk: afbeelding {name}: {e}");
                        k.images.borrow_mut().insert(name, Picture::Broken);
                    }
                }
                k.refresh_cards();
                k.sync();
            },
        );
        Image::default()
    }

    /// The wheel screen follows the visit: at rest where it was left, or spinning.
    fn sync_wheel(self: &Rc<Self>, visit: &controller::Visit) {
        let on_wheel = matches!(
            visit.screen,
            controller::Screen::Wheel | controller::Screen::WheelResult
        );
        let adapter = self.app.global::<ui::WheelAdapter>();
        let mut view = self.wheel.borrow_mut();
        match (&view.anim, visit.spin) {
            (Some(anim), Some(spin)) if anim.spin == spin => {}
            (_, Some(spin)) if visit.screen == controller::Screen::Wheel => {
                let sectors = self.controller().content().topics.len();
                view.drag = None;
                view.anim = Some(SpinAnim {
                    spin,
                    started_ms: self.now_ms(),
                    sector: sector_at_pointer(sectors, spin.from),
                    at_rest: false,
                });
                drop(view);
                adapter.set_spinning(true);
                let w = Rc::downgrade(self);
                self.frame.start(slint::TimerMode::Repeated, SPIN_FRAME, move || {
                    if let Some(k) = w.upgrade() {
                        k.spin_frame();
                    }
                });
                self.spin_frame();
                return;
            }
            _ => {
                view.anim = None;
                self.frame.stop();
                adapter.set_spinning(false);
                if view.drag.is_none() {
                    view.rotation = visit.rotation;
                }
            }
        }
        drop(view);
        if on_wheel {
            self.redraw_wheel(WheelPlace::Wheel);
        }
    }

    /// One frame of a spin; at the end, a moment of rest, then the result.
    fn spin_frame(self: &Rc<Self>) {
        let now = self.now_ms();
        let sectors = self.controller().content().topics.len();
        let mut view = self.wheel.borrow_mut();
        let Some(anim) = view.anim.as_mut() else {
            self.frame.stop();
            return;
        };
        let t = now.saturating_sub(anim.started_ms) as f32 / 1000.0;
        let rotation = anim.spin.angle_at(t);
        let sector = sector_at_pointer(sectors, rotation);
        let passed = sector != anim.sector;
        anim.sector = sector;
        let arrived = t >= anim.spin.seconds && !anim.at_rest;
        if arrived {
            anim.at_rest = true;
        }
        let finished = t >= anim.spin.seconds + REST_BEFORE_RESULT;
        let at_rest = anim.at_rest;
        // One sample a pixel while it turns, even slowly: a soft finish costs
        // four times as much and would break the frame budget on a Pi.
        let finish = if at_rest { Finish::Still } else { Finish::Turning };
        view.rotation = rotation;
        drop(view);
        if passed && !at_rest {
            self.audio.effect(Sound::Tick);
        }
        if arrived {
            self.audio.effect(Sound::Stop);
        }
        if finished {
            self.frame.stop();
            self.wheel.borrow_mut().anim = None;
            self.dispatch(Intent::SpinEnd);
        } else if !at_rest || arrived {
            self.draw_wheel(WheelPlace::Wheel, rotation, finish);
        }
    }

    fn finger_down(self: &Rc<Self>, x: f32, y: f32) {
        let now = self.now_ms();
        let mut view = self.wheel.borrow_mut();
        if view.anim.is_some() {
            return;
        }
        let raw = finger_angle(x, y);
        view.drag = Some(Drag {
            since_ms: now,
            samples: vec![(0.0, raw)],
            raw,
            angle: raw,
            start_angle: raw,
            start_rotation: view.rotation,
            travel: 0.0,
            last: (x, y),
        });
    }

    fn finger_move(self: &Rc<Self>, x: f32, y: f32) {
        let now = self.now_ms();
        let mut view = self.wheel.borrow_mut();
        let Some(drag) = view.drag.as_mut() else { return };
        let now = now.saturating_sub(drag.since_ms) as f32 / 1000.0;
        let raw = finger_angle(x, y);
        drag.angle += angle_step(drag.raw, raw);
        drag.raw = raw;
        drag.travel += ((x - drag.last.0).powi(2) + (y - drag.last.1).powi(2)).sqrt();
        drag.last = (x, y);
        drag.samples.push((now, drag.angle));
        if drag.samples.len() > 64 {
            drag.samples.drain(..32);
        }
        // The wheel follows the finger.
        let rotation = drag.start_rotation + drag.angle - drag.start_angle;
        view.rotation = rotation;
        drop(view);
        self.draw_wheel(WheelPlace::Wheel, rotation, Finish::Turning);
    }

    fn finger_up(self: &Rc<Self>, x: f32, y: f32) {
        self.finger_move(x, y);
        let Some(drag) = self.wheel.borrow_mut().drag.take() else {
            return;
        };
        let speed = flick_speed(&drag.samples, 0.1);
        let rotation = drag.start_rotation + drag.angle - drag.start_angle;
        self.controller.borrow_mut().handle(Intent::Turn(rotation));
        if speed.abs() >= FLICK_THRESHOLD {
            self.dispatch(Intent::Spin(Push::Flick(speed)));
        } else if drag.travel < TAP_SLOP {
            // A tap on the wheel spins it, like the button.
            self.dispatch(Intent::Spin(Push::Button));
        } else {
            // Turned slowly by hand and let go: it stays where it was put.
            self.dispatch(Intent::Touch);
        }
    }

    /// The kiosk's one clock: milliseconds of Slint's monotonic clock (the
    /// same that paces timers and animations, and that the tests move by
    /// hand), 64 bits: it runs for 500 million years, not 24.8 days.
    pub fn now_ms(&self) -> u64 {
        slint::private_unstable_api::re_exports::current_tick().0
    }

    fn redraw_wheel(self: &Rc<Self>, place: WheelPlace) {
        let view = self.wheel.borrow();
        let (rotation, finish) = match place {
            // A slow turn: soft edges, still cheap.
            WheelPlace::Attract => (view.attract_rotation, Finish::Gliding),
            WheelPlace::Wheel if view.anim.as_ref().is_none_or(|a| a.at_rest) && view.drag.is_none() => {
                (view.rotation, Finish::Still)
            }
            WheelPlace::Wheel => (view.rotation, Finish::Turning),
        };
        drop(view);
        self.draw_wheel(place, rotation, finish);
    }

    /// Draws the wheel exactly as big as its screen shows it, in physical pixels.
    fn draw_wheel(&self, place: WheelPlace, rotation: f32, finish: Finish) {
        let (logical, backdrop) = match place {
            WheelPlace::Attract => {
                let a = self.app.global::<ui::AttractAdapter>();
                (a.get_view_size(), a.get_backdrop())
            }
            WheelPlace::Wheel => {
                let a = self.app.global::<ui::WheelAdapter>();
                (a.get_view_size(), a.get_backdrop())
            }
        };
        let backdrop = [backdrop.red(), backdrop.green(), backdrop.blue()];
        let scale = self.app.window().scale_factor().max(0.1);
        let pixels = ((logical * scale).round() as u32).clamp(16, 4096);
        let controller = self.controller.borrow();
        let content = controller.content().clone();
        let lang = controller.visit().language.clone();
        drop(controller);
        if place == WheelPlace::Wheel
            && let Some(topic) = content.topics.get(sector_at_pointer(content.topics.len(), rotation))
        {
            let label = topic.label.get(&lang);
            let adapter = self.app.global::<ui::WheelAdapter>();
            if adapter.get_pointer_label() != label {
                adapter.set_pointer_label(label.into());
            }
        }
        let mut view = self.wheel.borrow_mut();
        let found = view
            .arts
            .iter()
            .rposition(|(p, size, l, _)| *p == place && *size == pixels && *l == lang);
        if place == WheelPlace::Wheel {
            view.wheel_pixels = Some(pixels);
        }
        let index = match found {
            Some(i) => i,
            None => {
                drop(view);
                self.draw_disc(place, pixels, &lang);
                view = self.wheel.borrow_mut();
                // Until the new disc is ready: the last one of this place
                // (Slint scales it), or nothing at all at the very start.
                match view.arts.iter().rposition(|(p, ..)| *p == place) {
                    Some(i) => i,
                    None => return,
                }
            }
        };
        let size = view.arts[index].3.size();
        view.buffers.retain(|b| b.width() == size);
        // The older of the two: Slint let go of it when the newer one replaced it.
        let mut buffer = if view.buffers.len() == 2 {
            view.buffers.remove(0)
        } else {
            SharedPixelBuffer::<Rgb8Pixel>::new(size, size)
        };
        view.arts[index]
            .3
            .frame_on(rotation, finish, backdrop, buffer.make_mut_bytes());
        view.buffers.push(buffer.clone());
        drop(view);
        let img = Image::from_rgb8(buffer);
        match place {
            WheelPlace::Attract => self.app.global::<ui::AttractAdapter>().set_wheel(img),
            WheelPlace::Wheel => self.app.global::<ui::WheelAdapter>().set_wheel(img),
        }
    }

    /// Draws a disc (place, size, language) on the worker, once; the screen
    /// shows it when it is ready. Keeps the two newest discs of each place.
    fn draw_disc(&self, place: WheelPlace, pixels: u32, lang: &str) {
        let key = (place, pixels, lang.to_string());
        let fonts = {
            let mut view = self.wheel.borrow_mut();
            if view.drawing.contains(&key)
                || view
                    .arts
                    .iter()
                    .any(|(p, size, l, _)| *p == place && *size == pixels && l == lang)
            {
                return;
            }
            view.drawing.insert(key.clone());
            view.fonts.clone()
        };
        let content = self.controller().content().clone();
        let source = content.source.clone();
        let topics: Vec<([u8; 3], String, Option<String>)> = content
            .topics
            .iter()
            .map(|t| (t.color, t.label.get(lang).to_string(), t.icon.clone()))
            .collect();
        self.jobs.run(
            Lane::Draw,
            move || {
                let icons: Vec<Option<Icon>> = topics
                    .iter()
                    .map(|(_, _, icon)| icon.as_deref().and_then(|rel| topic_icon(&source, rel)))
                    .collect();
                let sectors: Vec<Sector> = topics
                    .iter()
                    .zip(&icons)
                    .map(|((color, label, _), icon)| Sector {
                        color: *color,
                        label,
                        icon: icon.as_ref(),
                    })
                    .collect();
                let mut fonts = fonts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                WheelArt::new(pixels, &sectors, fonts.get_or_insert_with(Fonts::new))
            },
            move |k, art| {
                let mut view = k.wheel.borrow_mut();
                view.drawing.remove(&key);
                let (place, pixels, lang) = key;
                view.arts.push((place, pixels, lang, art));
                while view.arts.iter().filter(|(p, ..)| *p == place).count() > 2 {
                    if let Some(oldest) = view.arts.iter().position(|(p, ..)| *p == place) {
                        view.arts.remove(oldest);
                    }
                }
                drop(view);
                k.redraw_wheel(place);
            },
        );
    }

    /// A new language's disc for the wheel screen, drawn before anyone taps
    /// the wheel tile (at the size the wheel screen had last).
    fn draw_ahead(&self, lang: &str) {
        let pixels = self.wheel.borrow().wheel_pixels;
        if let Some(pixels) = pixels {
            self.draw_disc(WheelPlace::Wheel, pixels, lang);
        }
    }

    fn sync_quiz(&self, content: &Content, visit: &controller::Visit, lang: &str) {
        let quiz = self.app.global::<ui::QuizAdapter>();
        if let Some(jar) = content.jars.get(visit.jar) {
            let answer = visit.jar_count;
            let guess = visit.guess.unwrap_or(0);
            quiz.set_answer(answer as i32);
            quiz.set_guess(guess as i32);
            quiz.set_closeness(match crate::quiz::closeness(guess, answer) {
                crate::quiz::Closeness::Exact => ui::Closeness::Exact,
                crate::quiz::Closeness::VeryClose => ui::Closeness::VeryClose,
                crate::quiz::Closeness::Close => ui::Closeness::Close,
                crate::quiz::Closeness::Far => ui::Closeness::Far,
            });
            quiz.set_place(jar.place.get(lang).into());
            let picture = match &jar.kind {
                JarKind::Counted { photo: Some(p), .. } => self.image(&content.source, p),
                JarKind::Counted { photo: None, .. } => Image::default(),
                JarKind::Drawn { .. } => self.drawn_jar(visit.jar_seed, answer),
            };
            quiz.set_jar(picture);
            let counts = self.controller.borrow().guess_counts();
            let bars = crate::quiz::chart(&counts, answer, guess, CHART_BARS);
            let bar_max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
            let mut bars: Vec<ui::GuessBar> = bars
                .into_iter()
                .map(|(from, count)| ui::GuessBar {
                    label: from.to_string().into(),
                    count: count as i32,
                    answer: crate::quiz::bucket(answer) == from,
                    guess: crate::quiz::bucket(guess) == from,
                })
                .collect();
            // Right to left, the chart reads from the right: few butts there.
            if content.language(lang).is_some_and(|l| l.rtl) {
                bars.reverse();
            }
            quiz.set_bars(ModelRc::new(VecModel::from(bars)));
            quiz.set_bar_max(bar_max as i32);
        }
        if let Some(cost) = &content.cost {
            let spend = crate::quiz::spend(cost, visit.per_day);
            quiz.set_per_day(visit.per_day as i32);
            quiz.set_max_per_day(controller::MAX_PER_DAY as i32);
            quiz.set_week(crate::quiz::euros(spend.week).into());
            quiz.set_month(crate::quiz::euros(spend.month).into());
            quiz.set_year(crate::quiz::euros(spend.year).into());
            let price = crate::quiz::euros_cents(cost.pack_cents as u64);
            quiz.set_cost_source(
                format!(
                    "{price} / {} · {} ({})",
                    cost.pack_size,
                    cost.source.get(lang),
                    cost.date
                )
                .into(),
            );
            quiz.set_cost_examples(string_model(
                cost.examples.iter().map(|e| e.get(lang).to_string()).collect(),
            ));
        }
        let myth = visit.myths.get(visit.myth_at).and_then(|&i| content.myths.get(i));
        if let Some(myth) = myth {
            quiz.set_statement(myth.statement.get(lang).into());
            quiz.set_explanation(myth.explanation.get(lang).into());
            quiz.set_myth_source(myth.source.clone().into());
            quiz.set_is_fact(myth.fact);
            quiz.set_answered(visit.myth_answer.is_some());
            quiz.set_said_right(visit.myth_answer == Some(myth.fact));
            quiz.set_myth_number(visit.myth_at as i32 + 1);
            quiz.set_myth_total(visit.myths.len() as i32);
        }
    }

    /// The drawn jar for this visit, drawn once on a worker; nothing is
    /// shown in its place for the moment that takes.
    fn drawn_jar(&self, seed: u64, count: u32) -> Image {
        let mut cache = self.drawn_jar.borrow_mut();
        if let Some((s, c, img)) = cache.as_ref()
            && *s == seed
            && *c == count
        {
            return img.clone().unwrap_or_default();
        }
        *cache = Some((seed, count, None));
        drop(cache);
        self.jobs.run(
            Lane::Draw,
            move || {
                let jar = crate::jar::draw(JAR_SIZE.0, JAR_SIZE.1, count, seed);
                let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(jar.image.width, jar.image.height);
                for (dst, p) in buffer.make_mut_slice().iter_mut().zip(&jar.image.pixels) {
                    *dst = Rgba8Pixel {
                        r: p[0],
                        g: p[1],
                        b: p[2],
                        a: p[3],
                    };
                }
                buffer
            },
            move |k, buffer| {
                let mut cache = k.drawn_jar.borrow_mut();
                if let Some((s, c, img)) = cache.as_mut()
                    && *s == seed
                    && *c == count
                {
                    *img = Some(Image::from_rgba8(buffer));
                    drop(cache);
                    k.sync();
                }
            },
        );
        Image::default()
    }

    fn start_attract(self: &Rc<Self>) {
        self.redraw_wheel(WheelPlace::Attract);
        if self.attract.running() {
            return;
        }
        let w = Rc::downgrade(self);
        self.attract.start(slint::TimerMode::Repeated, ATTRACT_FRAME, move || {
            if let Some(k) = w.upgrade() {
                // Kept within one turn: after weeks an f32 would no longer move.
                let mut view = k.wheel.borrow_mut();
                view.attract_rotation =
                    (view.attract_rotation + ATTRACT_TURN_PER_SECOND * ATTRACT_FRAME.as_secs_f32()).rem_euclid(TAU);
                drop(view);
                k.redraw_wheel(WheelPlace::Attract);
            }
        });
    }
}

/// `1:05`: minutes and seconds, as a player shows them.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}

/// The finger's angle around the wheel's centre, clockwise from the top.
fn finger_angle(x: f32, y: f32) -> f32 {
    x.atan2(-y)
}

/// A topic's pictogram for the disc; a broken one is left out, never a crash.
fn topic_icon(source: &Source, rel: &str) -> Option<Icon> {
    match source
        .read(rel)
        .map_err(|e| e.to_string())
        .and_then(|b| Icon::load(rel, &b))
    {
        Ok(icon) => Some(icon),
        Err(e) => {
            eprintln!("rookvrij-kiosk: pictogram {rel}: {e}");
            None
        }
    }
}

/// Eight pixels a module: crisp when Slint scales it (pixelated) to its place.
fn qr_image(link: &str) -> Image {
    let Some(qr) = crate::qr::encode(link, 8) else {
        return Image::default();
    };
    let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(qr.size, qr.size);
    for (dst, &v) in buffer.make_mut_slice().iter_mut().zip(&qr.pixels) {
        *dst = Rgba8Pixel {
            r: v,
            g: v,
            b: v,
            a: 255,
        };
    }
    Image::from_rgba8(buffer)
}

/// A vector picture (a pictogram), read and parsed: Slint draws it at any size.
pub fn load_image(source: &Source, rel: &str) -> Result<Image, String> {
    let bytes = source.read(rel).map_err(|e| e.to_string())?;
    if rel.to_ascii_lowercase().ends_with(".svg") {
        Image::load_from_svg_data(&bytes).map_err(|e| format!("{e}"))
    } else {
        decode_bytes(&bytes).map(Image::from_rgba8)
    }
}

/// A content photo, decoded (on a worker: this takes milliseconds to seconds).
pub fn decode_picture(source: &Source, rel: &str) -> Result<SharedPixelBuffer<Rgba8Pixel>, (String, String)> {
    let bytes = source.read(rel).map_err(|e| (rel.to_string(), e.to_string()))?;
    decode_bytes(&bytes).map_err(|e| (rel.to_string(), e))
}

/// One decoding path for every raster format the content may hold.
fn decode_bytes(bytes: &[u8]) -> Result<SharedPixelBuffer<Rgba8Pixel>, String> {
    let rgba = rookvrij_core::picture::decode(bytes)?;
    let (w, h) = rgba.dimensions();
    Ok(SharedPixelBuffer::<Rgba8Pixel>::clone_from_slice(rgba.as_raw(), w, h))
}

/// Paragraphs are separated by an empty line in the content.
pub fn paragraphs(text: &Text, lang: &str) -> Vec<String> {
    text.get(lang)
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn string_model(items: Vec<String>) -> ModelRc<SharedString> {
    ModelRc::new(VecModel::from(
        items.into_iter().map(SharedString::from).collect::<Vec<_>>(),
    ))
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

fn activity_from_ui(a: ui::Activity) -> Activity {
    match a {
        ui::Activity::Wheel => Activity::Wheel,
        ui::Activity::Quiz => Activity::Quiz,
        ui::Activity::Stories => Activity::Stories,
        ui::Activity::Help => Activity::Help,
    }
}
