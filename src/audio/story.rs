//! A story being listened to: what the audio thread, the sound card's thread
//! and the UI share about it. The UI only reads this; it never waits.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rodio::{Player, Source};

/// Where a story's sound is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing asked, or stopped.
    Idle,
    /// Read and decoded on the audio thread.
    Loading,
    Playing,
    Paused,
    /// Played to its last sample.
    Ended,
    /// The file is gone or cannot be decoded: the button is disabled.
    Failed,
}

/// One look at the story player, for the UI.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Status {
    /// The ticket of the request this is about.
    pub ticket: u64,
    pub phase: Phase,
    pub position: Duration,
    pub length: Option<Duration>,
}

impl Status {
    /// Progress from 0 to 1, when the length is known.
    pub fn progress(&self) -> f32 {
        if self.phase == Phase::Ended {
            return 1.0;
        }
        match self.length {
            Some(l) if !l.is_zero() => (self.position.as_secs_f32() / l.as_secs_f32()).clamp(0.0, 1.0),
            _ => 0.0,
        }
    }
}

struct State {
    ticket: u64,
    phase: Phase,
    length: Option<Duration>,
}

/// Shared between the handle (reads), the audio thread (requests) and the
/// sound card's thread (the end).
pub(crate) struct Shared {
    state: Mutex<State>,
    /// The story's player and its ticket; its only owner, so taking it out
    /// and dropping it silences the story at once. Its `get_pos` is where
    /// the sound card is in the recording (rodio updates it every 5 ms).
    player: Mutex<Option<(u64, Player)>>,
}

/// A panic while holding one of these locks leaves plain data behind: keep going.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub(crate) fn new() -> Arc<Shared> {
        Arc::new(Shared {
            state: Mutex::new(State {
                ticket: 0,
                phase: Phase::Idle,
                length: None,
            }),
            player: Mutex::new(None),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub(crate) fn status(&self) -> Status {
        let (ticket, phase, length) = {
            let s = self.state();
            (s.ticket, s.phase, s.length)
        };
        let mut position = match &*lock(&self.player) {
            Some((playing, player)) if *playing == ticket => player.get_pos(),
            _ => Duration::ZERO,
        };
        if let Some(length) = length {
            position = position.min(length);
        }
        Status {
            ticket,
            phase,
            position,
            length,
        }
    }

    /// The story's player, for the audio thread.
    pub(crate) fn player(&self) -> MutexGuard<'_, Option<(u64, Player)>> {
        lock(&self.player)
    }

    /// Drops the story's player: its sound stops at once.
    pub(crate) fn silence(&self) {
        let old = self.player().take();
        drop(old);
    }

    pub(crate) fn set(&self, ticket: u64, phase: Phase) {
        let mut s = self.state();
        s.ticket = ticket;
        s.phase = phase;
        if phase == Phase::Loading {
            s.length = None;
        }
    }

    /// Changes the phase only if it is still about `ticket` and in `from`.
    pub(crate) fn change(&self, ticket: u64, from: &[Phase], to: Phase) {
        let mut s = self.state();
        if s.ticket == ticket && from.contains(&s.phase) {
            s.phase = to;
        }
    }

    pub(crate) fn started(&self, ticket: u64, length: Option<Duration>) {
        let mut s = self.state();
        if s.ticket == ticket {
            s.phase = Phase::Playing;
            s.length = length;
        }
    }

    pub(crate) fn ticket(&self) -> u64 {
        self.state().ticket
    }
}

/// Wraps a decoded story: says when the sound card took its last sample.
pub(crate) struct Tracked<S> {
    inner: S,
    shared: Arc<Shared>,
    ticket: u64,
    done: bool,
}

impl<S> Tracked<S> {
    pub(crate) fn new(inner: S, shared: Arc<Shared>, ticket: u64) -> Self {
        Tracked {
            inner,
            shared,
            ticket,
            done: false,
        }
    }
}

impl<S: Source> Iterator for Tracked<S> {
    type Item = S::Item;

    fn next(&mut self) -> Option<S::Item> {
        match self.inner.next() {
            Some(sample) => Some(sample),
            None => {
                if !self.done {
                    self.done = true;
                    self.shared.change(self.ticket, &[Phase::Playing], Phase::Ended);
                }
                None
            }
        }
    }
}

impl<S: Source> Source for Tracked<S> {
    fn current_span_len(&self) -> Option<usize> {
        self.inner.current_span_len()
    }

    fn channels(&self) -> rodio::ChannelCount {
        self.inner.channels()
    }

    fn sample_rate(&self) -> rodio::SampleRate {
        self.inner.sample_rate()
    }

    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
}
