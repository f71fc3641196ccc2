//! A story being listened to: what the audio thread, the sound card's thread
//! and the UI share about it. The UI only reads this; it never waits.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rodio::Source;

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
    /// Samples per second over all channels.
    per_second: u64,
}

/// Shared between the handle (reads), the audio thread (requests) and the
/// sound card's thread (samples played, the end).
pub(crate) struct Shared {
    state: Mutex<State>,
    /// Samples of the current ticket handed to the sound card.
    played: AtomicU64,
    /// The ticket whose samples `played` counts.
    counting: AtomicU64,
}

impl Shared {
    pub(crate) fn new() -> Arc<Shared> {
        Arc::new(Shared {
            state: Mutex::new(State {
                ticket: 0,
                phase: Phase::Idle,
                length: None,
                per_second: 1,
            }),
            played: AtomicU64::new(0),
            counting: AtomicU64::new(0),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock leaves plain data behind: keep going.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn status(&self) -> Status {
        let s = self.state();
        let played = if self.counting.load(Ordering::SeqCst) == s.ticket {
            self.played.load(Ordering::SeqCst)
        } else {
            0
        };
        let mut position = Duration::from_secs_f64(played as f64 / s.per_second.max(1) as f64);
        if let Some(length) = s.length {
            position = position.min(length);
        }
        Status {
            ticket: s.ticket,
            phase: s.phase,
            position,
            length: s.length,
        }
    }

    pub(crate) fn set(&self, ticket: u64, phase: Phase) {
        let mut s = self.state();
        s.ticket = ticket;
        s.phase = phase;
        if phase == Phase::Loading {
            s.length = None;
            self.counting.store(ticket, Ordering::SeqCst);
            self.played.store(0, Ordering::SeqCst);
        }
    }

    /// Changes the phase only if it is still about `ticket` and in `from`.
    pub(crate) fn change(&self, ticket: u64, from: &[Phase], to: Phase) {
        let mut s = self.state();
        if s.ticket == ticket && from.contains(&s.phase) {
            s.phase = to;
        }
    }

    pub(crate) fn started(&self, ticket: u64, length: Option<Duration>, per_second: u64) {
        let mut s = self.state();
        if s.ticket == ticket {
            s.phase = Phase::Playing;
            s.length = length;
            s.per_second = per_second.max(1);
        }
    }

    pub(crate) fn ticket(&self) -> u64 {
        self.state().ticket
    }
}

/// Wraps a decoded story: counts the samples the sound card takes and says
/// when the last one went.
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
            Some(sample) => {
                if self.shared.counting.load(Ordering::Relaxed) == self.ticket {
                    self.shared.played.fetch_add(1, Ordering::Relaxed);
                }
                Some(sample)
            }
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
