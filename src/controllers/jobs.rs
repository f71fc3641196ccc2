//! Slow work off the UI thread. Each [`Lane`] is one worker thread that runs
//! its jobs in order (a newer `team.toml` is never overtaken by an older one);
//! the answer comes back to the event loop, where its completion runs with the
//! kiosk. The screen never waits for disk, SQLite, argon2, decoding or drawing.
//!
//! The answer wakes the event loop through `slint::invoke_from_event_loop`
//! (as Slint's weather demo does). Where there is no event loop to wake (the
//! headless tests and `preview`), a timer on the UI thread picks answers up,
//! and [`Jobs::settle`] waits for all of them.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use web_time::Instant;

/// The worker threads, one per kind of slow work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Checking a PIN (argon2) and hashing a new one.
    Pin,
    /// Writing `team.toml`.
    Settings,
    /// Reading the counts for the team's charts and the disk's health.
    Counts,
    /// Writing an export to a USB stick.
    Export,
    /// Drawing the wheel's disc and the jar.
    Draw,
    /// Decoding the content's photos.
    Pictures,
    /// Waiting for start-up things: the sound device, the store, today's guesses.
    Start,
    /// Drawing a checked content folder's screens for the *Inhoud* tab.
    Preview,
}

impl Lane {
    fn name(self) -> &'static str {
        match self {
            Lane::Pin => "job-pin",
            Lane::Settings => "job-settings",
            Lane::Counts => "job-counts",
            Lane::Export => "job-export",
            Lane::Draw => "job-draw",
            Lane::Pictures => "job-pictures",
            Lane::Preview => "job-preview",
            Lane::Start => "job-start",
        }
    }
}

type Answer = (u64, Box<dyn Any + Send>);
type Work = Box<dyn FnOnce() + Send>;
type Completion<C> = Box<dyn FnOnce(&Rc<C>, Box<dyn Any + Send>)>;

/// How often the UI thread looks for answers when no event loop can be woken.
const POLL: Duration = Duration::from_millis(8);
/// [`Jobs::settle`] gives up after this long (a hanging device).
const SETTLE_LIMIT: Duration = Duration::from_secs(30);

thread_local! {
    /// Drain the answers of the jobs of this (UI) thread's kiosks (one on a
    /// kiosk; a test may hold two). Each says whether its kiosk still lives.
    static WAKE: RefCell<Vec<Box<dyn Fn() -> bool>>> = const { RefCell::new(Vec::new()) };
}

/// Handles the answers that have come in, for every kiosk of this thread.
fn wake() {
    let mut drains = WAKE.with(|w| std::mem::take(&mut *w.borrow_mut()));
    drains.retain(|drain| drain());
    WAKE.with(|w| {
        let mut w = w.borrow_mut();
        drains.append(&mut w);
        *w = drains;
    });
}

/// The jobs of one kiosk. `C` is what completions get: the kiosk itself.
pub struct Jobs<C> {
    lanes: RefCell<HashMap<Lane, Sender<Work>>>,
    answers_tx: Sender<Answer>,
    answers: Receiver<Answer>,
    waiting: RefCell<HashMap<u64, Completion<C>>>,
    next: Cell<u64>,
    /// The event loop can be woken from a worker (false under the test backend).
    wakeable: bool,
    poll: slint::Timer,
}

impl<C: 'static> Jobs<C> {
    pub fn new() -> Jobs<C> {
        let (answers_tx, answers) = mpsc::channel();
        Jobs {
            lanes: RefCell::new(HashMap::new()),
            answers_tx,
            answers,
            waiting: RefCell::new(HashMap::new()),
            next: Cell::new(1),
            wakeable: slint::invoke_from_event_loop(|| {}).is_ok(),
            poll: slint::Timer::default(),
        }
    }

    /// Lets answers reach `ctx` (the kiosk) on this thread's event loop.
    pub fn attach(ctx: Weak<C>, jobs: impl Fn(&C) -> &Jobs<C> + 'static) {
        WAKE.with(|w| {
            w.borrow_mut().push(Box::new(move || match ctx.upgrade() {
                Some(c) => {
                    jobs(&c).drain(&c);
                    true
                }
                None => false,
            }))
        });
    }

    /// Runs `work` on `lane`'s thread; `done` gets its result on the UI thread.
    pub fn run<T: Send + 'static>(
        &self,
        lane: Lane,
        work: impl FnOnce() -> T + Send + 'static,
        done: impl FnOnce(&Rc<C>, T) + 'static,
    ) {
        let id = self.next.get();
        self.next.set(id + 1);
        self.waiting.borrow_mut().insert(
            id,
            Box::new(move |c, answer| {
                if let Ok(value) = answer.downcast::<T>() {
                    done(c, *value);
                }
            }),
        );
        let answers = self.answers_tx.clone();
        let wakeable = self.wakeable;
        let job: Work = Box::new(move || {
            let value = work();
            if answers.send((id, Box::new(value))).is_ok() && wakeable {
                let _ = slint::invoke_from_event_loop(wake);
            }
        });
        if let Err(mpsc::SendError(job)) = self.lane(lane).send(job) {
            // The lane's thread is gone (it could not be started): do it here,
            // late rather than never.
            job();
        }
        if !self.wakeable && !self.poll.running() {
            self.poll.start(slint::TimerMode::Repeated, POLL, wake);
        }
    }

    /// Jobs whose answer has not been handled yet.
    pub fn pending(&self) -> usize {
        self.waiting.borrow().len()
    }

    /// Handles the answers that have come in.
    pub fn drain(&self, ctx: &Rc<C>) {
        while let Ok((id, value)) = self.answers.try_recv() {
            self.complete(ctx, id, value);
        }
        if self.pending() == 0 {
            self.poll.stop();
        }
    }

    /// Waits for every job (and the jobs their answers start) and handles
    /// the answers: for tests and `preview`, never on a live kiosk. False
    /// when something did not answer within 30 s.
    pub fn settle(&self, ctx: &Rc<C>) -> bool {
        let until = Instant::now() + SETTLE_LIMIT;
        while self.pending() > 0 {
            // In a browser every job ran in place: its answer is already in.
            if let Ok((id, value)) = self.answers.try_recv() {
                self.complete(ctx, id, value);
                continue;
            }
            let left = until.saturating_duration_since(Instant::now());
            match self.answers.recv_timeout(left) {
                Ok((id, value)) => self.complete(ctx, id, value),
                Err(_) => return false,
            }
        }
        self.poll.stop();
        true
    }

    fn complete(&self, ctx: &Rc<C>, id: u64, value: Box<dyn Any + Send>) {
        let done = self.waiting.borrow_mut().remove(&id);
        if let Some(done) = done {
            done(ctx, value);
        }
    }

    fn lane(&self, lane: Lane) -> Sender<Work> {
        let mut lanes = self.lanes.borrow_mut();
        if let Some(tx) = lanes.get(&lane) {
            return tx.clone();
        }
        let (tx, rx) = mpsc::channel::<Work>();
        let started = std::thread::Builder::new().name(lane.name().into()).spawn(move || {
            while let Ok(job) = rx.recv() {
                job();
            }
        });
        if started.is_ok() {
            lanes.insert(lane, tx.clone());
        }
        tx
    }
}

impl<C: 'static> Default for Jobs<C> {
    fn default() -> Self {
        Jobs::new()
    }
}
