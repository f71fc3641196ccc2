//! The controller: receives intents ("tile wheel tapped", "interest: want to
//! quit"), updates the visit, records counts, and says what to show. The touch
//! UI and `simulate` both drive it; nothing in a screen decides what is counted.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::config::Config;
use crate::content::Content;
use crate::events::Event;
use crate::store::{Store, Tap};
use crate::wheel::spin::{Push, Spin};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Attract,
    Home,
    Wheel,
    WheelResult,
    Quiz,
    QuizResult,
    Stories,
    Story,
    Interest,
    Help,
    HelpContact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Wheel,
    Quiz,
    Stories,
    Help,
}

impl Activity {
    pub const ALL: [Activity; 4] = [Activity::Wheel, Activity::Quiz, Activity::Stories, Activity::Help];

    pub fn item(self) -> &'static str {
        match self {
            Activity::Wheel => "wheel",
            Activity::Quiz => "quiz",
            Activity::Stories => "stories",
            Activity::Help => "help",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interest {
    MoreInfo,
    WantToQuit,
    NotNow,
}

impl Interest {
    pub const ALL: [Interest; 3] = [Interest::MoreInfo, Interest::WantToQuit, Interest::NotNow];

    pub fn item(self) -> &'static str {
        match self {
            Interest::MoreInfo => "more_info",
            Interest::WantToQuit => "want_to_quit",
            Interest::NotNow => "not_now",
        }
    }

    pub fn from_item(item: &str) -> Option<Interest> {
        Interest::ALL.into_iter().find(|i| i.item() == item)
    }
}

/// What a person did, as the controller understands it.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// A touch on the attract screen: a new visit.
    Touch,
    Open(Activity),
    Home,
    ChooseLanguage(String),
    /// Start the wheel: the button or a swipe. Ignored while it turns.
    Spin(Push),
    /// From the result: back to the wheel, and it spins at once.
    SpinAgain,
    /// A finger turns the wheel at rest to this rotation (not counted).
    Turn(f32),
    /// The wheel came to rest: show and count what it landed on.
    SpinEnd,
    /// The end of an activity: the soft invitation.
    ActivityDone,
    Guess(u32),
    OpenStory(usize),
    OpenContact(usize),
    CloseContact,
    Interest(Interest),
    /// Nobody touched the kiosk for the idle time.
    IdleTimeout,
}

/// Where counts go. The store in the kiosk; a list in tests; nothing in `preview`.
pub trait Recorder {
    fn record(&self, tap: Tap);
}

impl Recorder for Store {
    fn record(&self, tap: Tap) {
        Store::record(self, tap);
    }
}

impl<R: Recorder + ?Sized> Recorder for Arc<R> {
    fn record(&self, tap: Tap) {
        (**self).record(tap);
    }
}

impl<R: Recorder + ?Sized> Recorder for Rc<R> {
    fn record(&self, tap: Tap) {
        (**self).record(tap);
    }
}

/// Counts nothing: for rendering previews.
pub struct NoRecorder;

impl Recorder for NoRecorder {
    fn record(&self, _tap: Tap) {}
}

/// The hour bucket new counts land in.
pub trait Clock {
    fn hour_bucket(&self) -> String;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn hour_bucket(&self) -> String {
        chrono::Local::now().format(crate::events::HOUR_FORMAT).to_string()
    }
}

/// A clock set by hand, hour by hour: `simulate` and tests.
#[derive(Clone)]
pub struct ManualClock(pub Rc<Cell<chrono::NaiveDateTime>>);

impl Clock for ManualClock {
    fn hour_bucket(&self) -> String {
        self.0.get().format(crate::events::HOUR_FORMAT).to_string()
    }
}

/// The state of one visit. Forgotten at the idle reset.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub screen: Screen,
    pub language: String,
    pub activity: Option<Activity>,
    pub topic: Option<usize>,
    /// The wheel's rotation at rest (radians, clockwise).
    pub rotation: f32,
    /// The spin under way, if the wheel turns.
    pub spin: Option<Spin>,
    pub jar: usize,
    pub choices: Vec<u32>,
    pub guess: Option<u32>,
    pub story: Option<usize>,
    pub contact: Option<usize>,
}

impl Visit {
    fn fresh(language: &str) -> Visit {
        Visit {
            screen: Screen::Attract,
            language: language.to_string(),
            activity: None,
            topic: None,
            rotation: 0.0,
            spin: None,
            jar: 0,
            choices: Vec::new(),
            guess: None,
            story: None,
            contact: None,
        }
    }
}

pub struct Controller {
    content: Rc<Content>,
    config: Config,
    recorder: Box<dyn Recorder>,
    clock: Box<dyn Clock>,
    rng: ChaCha8Rng,
    visit: Visit,
    /// Taps handed to the recorder since start: what the store must end up holding.
    taps: u64,
}

impl Controller {
    pub fn new(
        content: Rc<Content>,
        config: Config,
        recorder: Box<dyn Recorder>,
        clock: Box<dyn Clock>,
        seed: u64,
    ) -> Controller {
        let language = default_language(&content, &config);
        Controller {
            visit: Visit::fresh(&language),
            content,
            config,
            recorder,
            clock,
            rng: ChaCha8Rng::seed_from_u64(seed),
            taps: 0,
        }
    }

    pub fn visit(&self) -> &Visit {
        &self.visit
    }

    pub fn content(&self) -> &Rc<Content> {
        &self.content
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn taps(&self) -> u64 {
        self.taps
    }

    pub fn idle_seconds(&self) -> u32 {
        self.config.idle_seconds
    }

    /// Handles one intent. Intents that do not fit the screen (a late tap, a
    /// double tap) change nothing and count nothing.
    pub fn handle(&mut self, intent: Intent) {
        use Screen::*;
        let screen = self.visit.screen;
        if screen == Attract && !matches!(intent, Intent::IdleTimeout) {
            // Any touch on the attract screen starts a visit, whatever it hit.
            self.start_visit();
            return;
        }
        match intent {
            Intent::Touch => {}
            Intent::IdleTimeout => self.visit = Visit::fresh(&default_language(&self.content, &self.config)),
            Intent::Home => self.visit.screen = Home,
            Intent::ChooseLanguage(code) if self.content.has_language(&code) => {
                self.count(Event::LanguageChoose, &code);
                self.visit.language = code;
            }
            Intent::Open(activity) => self.open(activity),
            Intent::Spin(push) if screen == Wheel && self.visit.spin.is_none() => self.spin(push),
            Intent::SpinAgain if screen == WheelResult => {
                self.visit.screen = Wheel;
                self.spin(Push::Button);
            }
            Intent::Turn(rotation) if screen == Wheel && self.visit.spin.is_none() && rotation.is_finite() => {
                self.visit.rotation = rotation.rem_euclid(std::f32::consts::TAU);
            }
            Intent::SpinEnd if screen == Wheel => self.spin_end(),
            Intent::ActivityDone if matches!(screen, WheelResult | QuizResult | Story | Home) => {
                self.visit.screen = Interest;
            }
            Intent::Guess(n) if screen == Quiz => self.guess(n),
            Intent::OpenStory(i) if screen == Stories && i < self.content.stories.len() => {
                let id = self.content.stories[i].id.clone();
                self.count(Event::StoryOpen, &id);
                self.visit.story = Some(i);
                self.visit.screen = Story;
            }
            Intent::OpenContact(i) if screen == Help && i < self.content.help.len() => {
                let id = self.content.help[i].id.clone();
                self.count(Event::HelpContactShow, &id);
                self.visit.contact = Some(i);
                self.visit.screen = HelpContact;
            }
            Intent::CloseContact if screen == HelpContact => {
                self.visit.contact = None;
                self.visit.screen = Help;
            }
            Intent::Interest(choice) if screen == Interest => {
                self.count(Event::Interest, choice.item());
                match choice {
                    // No pressure: back to where a person can choose again.
                    crate::controller::Interest::NotNow => self.visit.screen = Home,
                    _ => self.open(Activity::Help),
                }
            }
            _ => {}
        }
        if self.visit.screen != Wheel {
            self.visit.spin = None;
        }
    }

    fn start_visit(&mut self) {
        self.visit = Visit::fresh(&default_language(&self.content, &self.config));
        self.visit.screen = Screen::Home;
        // The wheel starts with its first topic under the pointer.
        self.visit.rotation = crate::wheel::rotation_for(self.content.topics.len(), 0);
        self.count(Event::VisitStart, "");
    }

    fn open(&mut self, activity: Activity) {
        self.count(Event::ActivityOpen, activity.item());
        self.visit.activity = Some(activity);
        self.visit.screen = match activity {
            Activity::Wheel => {
                self.visit.topic = None;
                Screen::Wheel
            }
            Activity::Quiz => {
                self.new_jar_round();
                Screen::Quiz
            }
            Activity::Stories => Screen::Stories,
            Activity::Help => Screen::Help,
        };
    }

    /// Every topic equally likely, whatever the gesture (see `wheel::spin`).
    fn spin(&mut self, push: Push) {
        let n = self.content.topics.len();
        if n == 0 {
            return;
        }
        let reduced = self.config.reduced_motion;
        let spin = Spin::plan(n, self.visit.rotation, push, reduced, &mut self.rng);
        self.visit.topic = None;
        self.visit.spin = Some(spin);
    }

    /// Counted when the wheel stops, so a spin nobody saw end (a tap on
    /// *Start* mid-spin) is not counted as a topic shown.
    fn spin_end(&mut self) {
        let Some(spin) = self.visit.spin.take() else {
            return;
        };
        let n = self.content.topics.len();
        let i = spin.landed(n);
        self.visit.rotation = spin.end();
        let Some(topic) = self.content.topics.get(i) else {
            return;
        };
        let id = topic.id.clone();
        self.count(Event::WheelSpin, &id);
        self.visit.topic = Some(i);
        self.visit.screen = Screen::WheelResult;
    }

    fn new_jar_round(&mut self) {
        let jars = self.content.jars.len().max(1);
        self.visit.jar = self.rng.random_range(0..jars);
        self.visit.guess = None;
        let answer = self.content.jars.get(self.visit.jar).map_or(100, |j| j.count);
        self.visit.choices = crate::quiz::choices(answer, &mut self.rng);
    }

    fn guess(&mut self, n: u32) {
        let Some(jar) = self.content.jars.get(self.visit.jar) else {
            return;
        };
        let id = jar.id.clone();
        self.count(Event::QuizGuess, &id);
        self.visit.guess = Some(n.min(9999));
        self.visit.screen = Screen::QuizResult;
    }

    fn count(&mut self, event: Event, item: &str) {
        self.taps += 1;
        self.recorder.record(Tap {
            hour: self.clock.hour_bucket(),
            kiosk: self.config.kiosk_id.clone(),
            vindplaats: self.config.vindplaats.clone(),
            event: event.name().to_string(),
            item: item.to_string(),
        });
    }
}

fn default_language(content: &Content, config: &Config) -> String {
    if !config.language.is_empty() && content.has_language(&config.language) {
        config.language.clone()
    } else {
        content.default_language.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    #[derive(Default)]
    struct ListRecorder(RefCell<Vec<Tap>>);
    impl Recorder for ListRecorder {
        fn record(&self, tap: Tap) {
            self.0.borrow_mut().push(tap);
        }
    }

    fn controller() -> (Controller, Rc<ListRecorder>) {
        let rec = Rc::new(ListRecorder::default());
        let c = Controller::new(
            Rc::new(crate::content::builtin()),
            Config::default(),
            Box::new(rec.clone()),
            Box::new(SystemClock),
            7,
        );
        (c, rec)
    }

    fn events(rec: &ListRecorder) -> Vec<(String, String)> {
        rec.0
            .borrow()
            .iter()
            .map(|t| (t.event.clone(), t.item.clone()))
            .collect()
    }

    #[test]
    fn a_visit_counts_what_matters() {
        let (mut c, rec) = controller();
        c.handle(Intent::Touch);
        assert_eq!(c.visit().screen, Screen::Home);
        c.handle(Intent::ChooseLanguage("en".into()));
        c.handle(Intent::Open(Activity::Wheel));
        c.handle(Intent::Spin(Push::Button));
        assert_eq!(c.visit().screen, Screen::Wheel, "it turns first");
        c.handle(Intent::Spin(Push::Flick(20.0)));
        c.handle(Intent::SpinEnd);
        assert_eq!(c.visit().screen, Screen::WheelResult);
        c.handle(Intent::ActivityDone);
        c.handle(Intent::Interest(Interest::WantToQuit));
        assert_eq!(c.visit().screen, Screen::Help);
        c.handle(Intent::OpenContact(0));
        let ev = events(&rec);
        let names: Vec<&str> = ev.iter().map(|(e, _)| e.as_str()).collect();
        assert_eq!(
            names,
            [
                "visit_start",
                "language_choose",
                "activity_open",
                "wheel_spin",
                "interest",
                "activity_open",
                "help_contact_show"
            ]
        );
        assert_eq!(ev[4].1, "want_to_quit");
        assert_eq!(ev[6].1, "stoplijn");
        assert_eq!(c.taps(), 7);
    }

    #[test]
    fn taps_that_do_not_fit_the_screen_count_nothing() {
        let (mut c, rec) = controller();
        c.handle(Intent::Touch);
        c.handle(Intent::Spin(Push::Button));
        c.handle(Intent::SpinEnd);
        c.handle(Intent::Guess(3));
        c.handle(Intent::OpenStory(99));
        c.handle(Intent::Interest(Interest::NotNow));
        c.handle(Intent::ChooseLanguage("xx".into()));
        assert_eq!(events(&rec).len(), 1);
        assert_eq!(c.visit().screen, Screen::Home);
    }

    #[test]
    fn idle_forgets_the_visit_and_the_next_touch_is_a_new_one() {
        let (mut c, rec) = controller();
        c.handle(Intent::Touch);
        c.handle(Intent::ChooseLanguage("en".into()));
        c.handle(Intent::Open(Activity::Stories));
        c.handle(Intent::OpenStory(1));
        c.handle(Intent::IdleTimeout);
        assert_eq!(c.visit(), &Visit::fresh("nl"));
        c.handle(Intent::Open(Activity::Quiz));
        assert_eq!(
            c.visit().screen,
            Screen::Home,
            "a touch in attract mode only starts the visit"
        );
        let starts = events(&rec).iter().filter(|(e, _)| e == "visit_start").count();
        assert_eq!(starts, 2);
    }

    #[test]
    fn a_spin_counts_the_topic_it_shows_and_only_when_it_ends() {
        let (mut c, rec) = controller();
        c.handle(Intent::Touch);
        c.handle(Intent::Open(Activity::Wheel));
        c.handle(Intent::Turn(1.0));
        c.handle(Intent::Spin(Push::Flick(-12.0)));
        let spin = c.visit().spin.expect("spinning");
        assert_eq!(spin.from, 1.0);
        c.handle(Intent::Turn(2.0));
        assert_eq!(c.visit().rotation, 1.0, "no turning by hand while it spins");
        c.handle(Intent::SpinEnd);
        let topic = c.visit().topic.expect("a topic");
        assert_eq!(topic, spin.target);
        let ev = events(&rec);
        assert_eq!(
            ev.last(),
            Some(&("wheel_spin".to_string(), c.content().topics[topic].id.clone()))
        );
        // Again: straight into a new spin; leaving mid-spin counts nothing.
        c.handle(Intent::SpinAgain);
        assert!(c.visit().spin.is_some());
        c.handle(Intent::Home);
        c.handle(Intent::SpinEnd);
        assert!(c.visit().spin.is_none());
        assert_eq!(events(&rec).iter().filter(|(e, _)| e == "wheel_spin").count(), 1);
    }

    #[test]
    fn not_now_goes_home_without_pressure() {
        let (mut c, _rec) = controller();
        c.handle(Intent::Touch);
        c.handle(Intent::Open(Activity::Quiz));
        let pick = c.visit().choices[0];
        c.handle(Intent::Guess(pick));
        c.handle(Intent::ActivityDone);
        c.handle(Intent::Interest(Interest::NotNow));
        assert_eq!(c.visit().screen, Screen::Home);
    }
}
