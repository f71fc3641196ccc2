//! The controller: receives intents ("tile wheel tapped", "interest: want to
//! quit"), updates the visit, records counts, and says what to show. The touch
//! UI and `simulate` both drive it; nothing in a screen decides what is counted.

use std::rc::Rc;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::clock::{Bucket, ClockError, TimeKeeper, UNDATED};
use crate::config::Config;
use crate::content::Content;
use crate::events::Event;
use crate::store::{Move, Store, Tap};
use crate::wheel::spin::{Push, Spin};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Attract,
    Home,
    Wheel,
    WheelResult,
    Quiz,
    QuizResult,
    QuizCost,
    QuizMyth,
    Stories,
    Story,
    Interest,
    Help,
    HelpContact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Activity {
    Wheel,
    Quiz,
    Stories,
    Help,
}

impl Activity {
    pub const ALL: &'static [Activity] = <Activity as strum::VariantArray>::VARIANTS;

    /// The item of `activity_open`: "wheel", "quiz", "stories", "help".
    pub fn item(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Interest {
    MoreInfo,
    WantToQuit,
    NotNow,
}

impl Interest {
    pub const ALL: &'static [Interest] = <Interest as strum::VariantArray>::VARIANTS;

    /// The item of `interest`: "more_info", "want_to_quit", "not_now".
    pub fn item(self) -> &'static str {
        self.into()
    }

    pub fn from_item(item: &str) -> Option<Interest> {
        item.parse().ok()
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
    /// *Raden!* with the number on the pad.
    Guess(u32),
    /// From a screen of the quiz to the next: reveal → cost → myths → invitation.
    QuizNext,
    /// Cigarettes a day on the cost screen's slider.
    PerDay(u32),
    /// "Feit" (true) or "Fabel" (false) on the myth screen.
    MythAnswer(bool),
    OpenStory(usize),
    /// Play pressed on the open story, from its start (not a resume).
    StoryListen,
    /// The open story's recording played to its last second.
    StoryListenEnd,
    OpenContact(usize),
    CloseContact,
    Interest(Interest),
    /// Nobody touched the kiosk for the idle time.
    IdleTimeout,
}

/// Where counts go. The store in the kiosk; a list in tests; nothing in `preview`.
pub trait Recorder {
    fn record(&self, tap: Tap);
    /// Undated counts get their hour (the clock was set).
    fn redate(&self, _moves: Vec<Move>) {}
}

impl Recorder for Store {
    fn record(&self, tap: Tap) {
        Store::record(self, tap);
    }
    fn redate(&self, moves: Vec<Move>) {
        Store::redate(self, moves);
    }
}

impl<R: Recorder + ?Sized> Recorder for Arc<R> {
    fn record(&self, tap: Tap) {
        (**self).record(tap);
    }
    fn redate(&self, moves: Vec<Move>) {
        (**self).redate(moves);
    }
}

impl<R: Recorder + ?Sized> Recorder for Rc<R> {
    fn record(&self, tap: Tap) {
        (**self).record(tap);
    }
    fn redate(&self, moves: Vec<Move>) {
        (**self).redate(moves);
    }
}

/// Counts nothing: for rendering previews.
pub struct NoRecorder;

impl Recorder for NoRecorder {
    fn record(&self, _tap: Tap) {}
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
    /// Butts in the jar this visit (a drawn jar differs each visit).
    pub jar_count: u32,
    /// Draws this visit's jar: the same seed, the same picture.
    pub jar_seed: u64,
    pub guess: Option<u32>,
    /// Cigarettes a day on the cost screen.
    pub per_day: u32,
    /// This visit's statements (indices into the content's myths), the one
    /// shown, and the answer given to it.
    pub myths: Vec<usize>,
    pub myth_at: usize,
    pub myth_answer: Option<bool>,
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
            jar_count: 0,
            jar_seed: 0,
            guess: None,
            per_day: DEFAULT_PER_DAY,
            myths: Vec::new(),
            myth_at: 0,
            myth_answer: None,
            story: None,
            contact: None,
        }
    }
}

/// Cigarettes a day the cost slider starts at, and its end.
pub const DEFAULT_PER_DAY: u32 = 10;
pub const MAX_PER_DAY: u32 = 60;
/// Statements in one round of myth or fact: short, for a stall.
pub const MYTHS_PER_ROUND: usize = 3;

pub struct Controller {
    /// Guesses today per (jar, range), for the chart; counts only.
    guesses_today: std::collections::BTreeMap<(String, u32), u32>,
    /// The day those guesses were made (`2026-11-23`): a new day starts empty.
    guess_day: String,
    content: Rc<Content>,
    config: Config,
    recorder: Box<dyn Recorder>,
    time: TimeKeeper,
    /// Counts made this run while the clock was wrong, per 10 minutes since
    /// start (memory only): they get their hour when the team sets the clock.
    undated: std::collections::BTreeMap<(u64, Tap), u64>,
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
        time: TimeKeeper,
        seed: u64,
    ) -> Controller {
        let language = default_language(&content, &config);
        Controller {
            guesses_today: Default::default(),
            guess_day: String::new(),
            visit: Visit::fresh(&language),
            content,
            config,
            recorder,
            time,
            undated: Default::default(),
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
            Intent::ActivityDone if matches!(screen, WheelResult | QuizResult | QuizCost | QuizMyth | Story | Home) => {
                // From home the invitation is about stopping in general, not
                // about what was done before.
                if screen == Home {
                    self.visit.activity = None;
                }
                self.visit.screen = Interest;
            }
            Intent::Guess(n) if screen == Quiz => self.guess(n),
            Intent::QuizNext if matches!(screen, QuizResult | QuizCost | QuizMyth) => self.quiz_next(),
            Intent::PerDay(n) if screen == QuizCost => self.visit.per_day = n.clamp(1, MAX_PER_DAY),
            Intent::MythAnswer(fact) if screen == QuizMyth && self.visit.myth_answer.is_none() => {
                self.myth_answer(fact)
            }
            Intent::OpenStory(i) if screen == Stories && i < self.content.stories.len() => {
                let id = self.content.stories[i].id.clone();
                self.count(Event::StoryOpen, &id);
                self.visit.story = Some(i);
                self.visit.screen = Story;
            }
            Intent::StoryListen | Intent::StoryListenEnd if screen == Story => {
                if let Some(id) = self
                    .visit
                    .story
                    .and_then(|i| self.content.stories.get(i))
                    .map(|s| s.id.clone())
                {
                    let event = if intent == Intent::StoryListen {
                        Event::StoryListen
                    } else {
                        Event::StoryListenEnd
                    };
                    self.count(event, &id);
                }
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
        self.visit.jar_seed = self.rng.random();
        let roll: f64 = self.rng.random();
        self.visit.jar_count = self
            .content
            .jars
            .get(self.visit.jar)
            .map_or(100, |j| crate::quiz::jar_count(&j.kind, roll));
    }

    fn guess(&mut self, n: u32) {
        let Some(jar) = self.content.jars.get(self.visit.jar) else {
            return;
        };
        let id = jar.id.clone();
        let n = n.min(crate::quiz::MAX_GUESS);
        self.roll_day();
        self.count(Event::QuizGuess, &id);
        // Only the range, never the number itself.
        self.count(Event::QuizGuessRange, &crate::quiz::bucket_item(&id, n));
        *self.guesses_today.entry((id, crate::quiz::bucket(n))).or_default() += 1;
        self.visit.guess = Some(n);
        self.visit.screen = Screen::QuizResult;
    }

    /// Today's guesses at this kiosk for the current jar, per range: the chart.
    pub fn guess_counts(&self) -> Vec<(u32, u32)> {
        let Some(jar) = self.content.jars.get(self.visit.jar) else {
            return Vec::new();
        };
        self.guesses_today
            .iter()
            .filter(|((j, _), _)| *j == jar.id)
            .map(|((_, b), n)| (*b, *n))
            .collect()
    }

    /// The day guesses are counted for the chart, from the clock's hour.
    pub fn today(&self) -> String {
        match self.time.bucket() {
            Bucket::Hour(h) => h.chars().take(10).collect(),
            Bucket::Undated(_) => UNDATED.to_string(),
        }
    }

    fn roll_day(&mut self) {
        let today = self.today();
        if today != self.guess_day {
            self.guesses_today.clear();
            self.guess_day = today;
        }
    }

    /// The counts of earlier guesses today (read from the store at start).
    pub fn seed_guesses(&mut self, jar_and_range_counts: impl IntoIterator<Item = (String, u32, u32)>) {
        self.roll_day();
        for (jar, from, n) in jar_and_range_counts {
            *self.guesses_today.entry((jar, from)).or_default() += n;
        }
    }

    /// Reveal → what it costs → myth or fact → the invitation, skipping what
    /// the content leaves out.
    fn quiz_next(&mut self) {
        use Screen::*;
        let next = match self.visit.screen {
            QuizResult if self.content.cost.is_some() => QuizCost,
            QuizResult | QuizCost if !self.content.myths.is_empty() => QuizMyth,
            QuizMyth if self.visit.myth_at + 1 < self.visit.myths.len() => {
                self.visit.myth_at += 1;
                self.visit.myth_answer = None;
                return;
            }
            _ => Interest,
        };
        match next {
            QuizCost => {
                self.count(Event::QuizCostOpen, "");
                self.visit.per_day = DEFAULT_PER_DAY;
            }
            QuizMyth => self.new_myth_round(),
            _ => {}
        }
        self.visit.screen = next;
    }

    fn new_myth_round(&mut self) {
        let mut all: Vec<usize> = (0..self.content.myths.len()).collect();
        for i in (1..all.len()).rev() {
            let j = self.rng.random_range(0..=i);
            all.swap(i, j);
        }
        all.truncate(MYTHS_PER_ROUND);
        self.visit.myths = all;
        self.visit.myth_at = 0;
        self.visit.myth_answer = None;
    }

    fn myth_answer(&mut self, said_fact: bool) {
        let Some(myth) = self
            .visit
            .myths
            .get(self.visit.myth_at)
            .and_then(|&i| self.content.myths.get(i))
        else {
            return;
        };
        let item = format!("{}/{}", myth.id, if said_fact == myth.fact { "goed" } else { "fout" });
        self.count(Event::QuizMythAnswer, &item);
        self.visit.myth_answer = Some(said_fact);
    }

    fn count(&mut self, event: Event, item: &str) {
        self.taps += 1;
        let mut tap = Tap {
            hour: String::new(),
            kiosk: self.config.kiosk_id.clone(),
            vindplaats: self.config.vindplaats.clone(),
            event: event.name().to_string(),
            item: item.to_string(),
        };
        match self.time.bucket() {
            Bucket::Hour(hour) => {
                self.time.counted_at(&hour);
                tap.hour = hour;
            }
            Bucket::Undated(slot) => {
                tap.hour = UNDATED.to_string();
                *self.undated.entry((slot, tap.clone())).or_insert(0) += 1;
            }
        }
        self.recorder.record(tap);
    }

    pub fn time(&self) -> &TimeKeeper {
        &self.time
    }

    /// Counts of this run still without a date.
    pub fn undated_taps(&self) -> u64 {
        self.undated.values().sum()
    }

    /// The team sets the clock: from now on counts carry the right hour, and
    /// this run's undated counts move to the hour they happened in.
    pub fn set_clock(&mut self, real: chrono::NaiveDateTime) -> Result<u64, ClockError> {
        self.time.set_now(real)?;
        let mut moves: Vec<Move> = Vec::new();
        for ((slot, from), n) in std::mem::take(&mut self.undated) {
            let to = Tap {
                hour: self.time.hour_of_slot(slot),
                ..from.clone()
            };
            self.time.counted_at(&to.hour);
            match moves.last_mut() {
                Some(m) if m.from == from && m.to == to => m.n += n,
                _ => moves.push(Move { from, to, n }),
            }
        }
        let moved = moves.iter().map(|m| m.n).sum();
        if !moves.is_empty() {
            self.recorder.redate(moves);
        }
        Ok(moved)
    }

    /// The team's settings (vindplaats, switches): new counts carry them.
    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    /// Shows `content` from now on (content loaded from a stick, the team's
    /// jar or switches of today): whoever is at the kiosk starts afresh on
    /// the attract screen. Nothing counted is lost.
    pub fn set_content(&mut self, content: Rc<Content>) {
        self.content = content;
        self.visit = Visit::fresh(&default_language(&self.content, &self.config));
    }
}

/// Today's guess ranges at this kiosk from the stored counts, for the chart
/// after a restart: (jar id, range start, count).
pub fn todays_guesses(rows: &[crate::store::CountRow], day: &str, config: &Config) -> Vec<(String, u32, u32)> {
    rows.iter()
        .filter(|r| {
            r.event == Event::QuizGuessRange.name()
                && r.hour.starts_with(day)
                && r.kiosk == config.kiosk_id
                && r.vindplaats == config.vindplaats
        })
        .filter_map(|r| {
            let (jar, _) = r.item.rsplit_once('/')?;
            let from = crate::quiz::parse_bucket_item(jar, &r.item)?;
            Some((jar.to_string(), from, r.count.min(u32::MAX as u64) as u32))
        })
        .collect()
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
            TimeKeeper::trusted(Box::new(crate::clock::SystemClock::default())),
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
    fn listening_counts_the_open_story_and_only_on_its_screen() {
        let (mut c, rec) = controller();
        c.handle(Intent::Touch);
        c.handle(Intent::Open(Activity::Stories));
        c.handle(Intent::StoryListenEnd);
        c.handle(Intent::OpenStory(2));
        c.handle(Intent::StoryListen);
        c.handle(Intent::StoryListenEnd);
        c.handle(Intent::Home);
        c.handle(Intent::StoryListenEnd);
        let id = c.content().stories[2].id.clone();
        let ev = events(&rec);
        let listens: Vec<_> = ev.iter().filter(|(e, _)| e.starts_with("story_listen")).collect();
        assert_eq!(
            listens,
            [
                &("story_listen".to_string(), id.clone()),
                &("story_listen_end".to_string(), id)
            ]
        );
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
        c.handle(Intent::Guess(200));
        c.handle(Intent::ActivityDone);
        c.handle(Intent::Interest(Interest::NotNow));
        assert_eq!(c.visit().screen, Screen::Home);
    }

    #[test]
    fn the_quiz_goes_reveal_cost_myths_invitation_and_counts_only_ranges() {
        let (mut c, rec) = controller();
        c.handle(Intent::Touch);
        c.handle(Intent::Open(Activity::Quiz));
        let jar = c.content().jars[c.visit().jar].id.clone();
        assert!(c.visit().jar_count >= 1);
        c.handle(Intent::Guess(12_345));
        assert_eq!(c.visit().screen, Screen::QuizResult);
        assert_eq!(c.visit().guess, Some(9999), "the pad's limit");
        assert_eq!(c.guess_counts(), vec![(9900, 1)]);
        c.handle(Intent::QuizNext);
        assert_eq!(c.visit().screen, Screen::QuizCost);
        c.handle(Intent::PerDay(500));
        assert_eq!(c.visit().per_day, MAX_PER_DAY);
        c.handle(Intent::QuizNext);
        assert_eq!(c.visit().screen, Screen::QuizMyth);
        assert_eq!(c.visit().myths.len(), MYTHS_PER_ROUND.min(c.content().myths.len()));
        for _ in 0..c.visit().myths.len() {
            c.handle(Intent::MythAnswer(true));
            c.handle(Intent::MythAnswer(false)); // a second tap changes nothing
            c.handle(Intent::QuizNext);
        }
        assert_eq!(c.visit().screen, Screen::Interest);
        let ev = events(&rec);
        let of = |name: &str| ev.iter().filter(|(e, _)| e == name).cloned().collect::<Vec<_>>();
        assert_eq!(of("quiz_guess"), vec![("quiz_guess".to_string(), jar.clone())]);
        assert_eq!(
            of("quiz_guess_range"),
            vec![("quiz_guess_range".to_string(), format!("{jar}/9900-9999"))]
        );
        assert_eq!(of("quiz_cost_open").len(), 1);
        let answers = of("quiz_myth_answer");
        assert_eq!(answers.len(), c.visit().myths.len());
        assert!(
            answers
                .iter()
                .all(|(_, item)| item.ends_with("/goed") || item.ends_with("/fout"))
        );
    }

    #[test]
    fn todays_guesses_come_from_todays_rows_at_this_kiosk_only() {
        let config = Config {
            kiosk_id: "k1".into(),
            vindplaats: "markt".into(),
            ..Config::default()
        };
        let row = |hour: &str, kiosk: &str, event: &str, item: &str, count| crate::store::CountRow {
            hour: hour.into(),
            kiosk: kiosk.into(),
            vindplaats: "markt".into(),
            event: event.into(),
            item: item.into(),
            count,
        };
        let rows = [
            row("2026-11-23T10", "k1", "quiz_guess_range", "pot/300-399", 3),
            row("2026-11-23T14", "k1", "quiz_guess_range", "pot/300-399", 2),
            row("2026-11-22T14", "k1", "quiz_guess_range", "pot/300-399", 9),
            row("2026-11-23T14", "k2", "quiz_guess_range", "pot/300-399", 9),
            row("2026-11-23T14", "k1", "quiz_guess", "pot", 9),
            row("2026-11-23T14", "k1", "quiz_guess_range", "pot/kapot", 9),
        ];
        let got = todays_guesses(&rows, "2026-11-23", &config);
        assert_eq!(got, vec![("pot".to_string(), 300, 3), ("pot".to_string(), 300, 2)]);
    }

    #[test]
    fn guesses_for_the_chart_start_from_the_store_per_jar() {
        let (mut c, _rec) = controller();
        let jar = c.content().jars[0].id.clone();
        c.seed_guesses([(jar.clone(), 300, 4), ("andere".to_string(), 300, 9)]);
        c.handle(Intent::Touch);
        c.handle(Intent::Open(Activity::Quiz));
        while c.content().jars[c.visit().jar].id != jar {
            c.handle(Intent::Home);
            c.handle(Intent::Open(Activity::Quiz));
        }
        c.handle(Intent::Guess(350));
        assert_eq!(c.guess_counts(), vec![(300, 5)], "only this jar's, plus the new one");
    }
}
