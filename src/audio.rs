//! Sound, on its own thread: the UI sends commands down a channel and never
//! waits for audio. Without a sound device the kiosk runs silently.
//!
//! The wheel's tick and its soft stop are made here (a short click and a
//! two-tone chime), so they need no files.

use std::num::NonZero;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rodio::buffer::SamplesBuffer;
use rodio::mixer::Mixer;

const RATE: u32 = 44_100;

/// The short sounds of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sound {
    /// A sector passes the pointer.
    Tick,
    /// The wheel comes to rest.
    Stop,
}

enum Command {
    Effect(Sound),
    Volume(f32),
    /// Answers once every command before it has been handled.
    Sync(Sender<()>),
}

/// A handle to the audio thread. Cheap to clone; dropping the last one ends it.
#[derive(Clone)]
pub struct Audio {
    tx: Option<Sender<Command>>,
    available: Arc<AtomicBool>,
}

impl Audio {
    /// Opens the default sound device on a new thread. When there is none,
    /// the handle works and plays nothing; `available()` says so.
    pub fn start(volume: f32) -> Audio {
        let (tx, rx) = mpsc::channel();
        let available = Arc::new(AtomicBool::new(false));
        let flag = available.clone();
        let spawned = std::thread::Builder::new().name("audio".into()).spawn(move || {
            match rodio::DeviceSinkBuilder::open_default_sink() {
                Ok(mut sink) => {
                    sink.log_on_drop(false);
                    flag.store(true, Ordering::SeqCst);
                    run(rx, sink.mixer(), volume);
                }
                Err(e) => {
                    eprintln!("rookvrij-kiosk: geen geluid ({e}); de kiosk werkt zonder geluid");
                    drain(rx);
                }
            }
        });
        Audio {
            tx: spawned.ok().map(|_| tx),
            available,
        }
    }

    /// Plays into a given mixer: tests pull the samples themselves.
    pub fn with_mixer(mixer: Mixer, volume: f32) -> Audio {
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("audio".into())
            .spawn(move || run(rx, &mixer, volume));
        Audio {
            tx: spawned.ok().map(|_| tx),
            available: Arc::new(AtomicBool::new(true)),
        }
    }

    /// Plays nothing, has no thread: previews and benchmarks.
    pub fn silent() -> Audio {
        Audio {
            tx: None,
            available: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether a sound device is playing what is sent.
    pub fn available(&self) -> bool {
        self.available.load(Ordering::SeqCst)
    }

    pub fn effect(&self, sound: Sound) {
        self.send(Command::Effect(sound));
    }

    pub fn set_volume(&self, volume: f32) {
        self.send(Command::Volume(volume));
    }

    /// Waits (at most `timeout`) until the thread has handled what was sent.
    pub fn sync(&self, timeout: Duration) -> bool {
        let (tx, rx) = mpsc::channel();
        self.send(Command::Sync(tx));
        rx.recv_timeout(timeout).is_ok()
    }

    fn send(&self, command: Command) {
        if let Some(tx) = &self.tx {
            // A closed channel means the thread is gone: silence, not a crash.
            let _ = tx.send(command);
        }
    }
}

fn run(rx: Receiver<Command>, mixer: &Mixer, volume: f32) {
    let mut volume = clamp_volume(volume);
    let tick = tick_samples();
    let chime = chime_samples();
    while let Ok(command) = rx.recv() {
        match command {
            Command::Effect(sound) => {
                let samples = match sound {
                    Sound::Tick => &tick,
                    Sound::Stop => &chime,
                };
                if volume > 0.0 {
                    let data: Vec<f32> = samples.iter().map(|s| s * volume).collect();
                    mixer.add(SamplesBuffer::new(mono(), rate(), data));
                }
            }
            Command::Volume(v) => volume = clamp_volume(v),
            Command::Sync(done) => {
                let _ = done.send(());
            }
        }
    }
}

fn drain(rx: Receiver<Command>) {
    while let Ok(command) = rx.recv() {
        if let Command::Sync(done) = command {
            let _ = done.send(());
        }
    }
}

fn clamp_volume(v: f32) -> f32 {
    if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 }
}

fn mono() -> NonZero<u16> {
    NonZero::<u16>::MIN
}

fn rate() -> NonZero<u32> {
    NonZero::new(RATE).unwrap_or(NonZero::<u32>::MIN)
}

/// 12 ms of a 2.2 kHz click that dies away fast: a wooden tick.
pub fn tick_samples() -> Vec<f32> {
    let n = RATE as usize * 12 / 1000;
    (0..n)
        .map(|i| {
            let t = i as f32 / RATE as f32;
            let env = (-t * 400.0).exp();
            0.35 * env * (t * 2200.0 * std::f32::consts::TAU).sin()
        })
        .collect()
}

/// A soft two-tone chime (E5 then A5), 450 ms, gently faded in and out.
pub fn chime_samples() -> Vec<f32> {
    let n = RATE as usize * 450 / 1000;
    (0..n)
        .map(|i| {
            let t = i as f32 / RATE as f32;
            let attack = (t / 0.01).min(1.0);
            let env = attack * (-t * 6.0).exp();
            let second = if t > 0.12 { (-(t - 0.12) * 6.0).exp() } else { 0.0 };
            0.22 * env * (t * 659.3 * std::f32::consts::TAU).sin()
                + 0.22 * second * (t * 880.0 * std::f32::consts::TAU).sin()
        })
        .collect()
}

static GLOBAL: OnceLock<Audio> = OnceLock::new();

/// Installs the kiosk's audio for `play`. Once per process; later calls are ignored.
pub fn install(audio: Audio) {
    let _ = GLOBAL.set(audio);
}

/// Plays an interface sound if audio was installed; otherwise nothing.
pub fn play(sound: Sound) {
    if let Some(a) = GLOBAL.get() {
        a.effect(sound);
    }
}

/// The installed audio, if any: for the team screen's health line.
pub fn installed() -> Option<&'static Audio> {
    GLOBAL.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pull(source: &mut impl Iterator<Item = f32>, n: usize) -> Vec<f32> {
        source.take(n).collect()
    }

    #[test]
    fn effects_reach_the_mixer_at_the_set_volume() {
        let (mixer, mut source) = rodio::mixer::mixer(mono(), rate());
        let audio = Audio::with_mixer(mixer, 1.0);
        assert!(pull(&mut source, 100).iter().all(|s| *s == 0.0), "silence before");
        audio.effect(Sound::Tick);
        assert!(audio.sync(Duration::from_secs(5)));
        let loud = pull(&mut source, 600);
        let peak = loud.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.1, "the tick is heard: {peak}");
        audio.set_volume(0.25);
        audio.effect(Sound::Tick);
        assert!(audio.sync(Duration::from_secs(5)));
        let soft = pull(&mut source, 600);
        let soft_peak = soft.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!((soft_peak - peak * 0.25).abs() < 0.02, "{soft_peak} vs {peak}");
        audio.set_volume(0.0);
        audio.effect(Sound::Stop);
        assert!(audio.sync(Duration::from_secs(5)));
        assert!(pull(&mut source, 2000).iter().all(|s| *s == 0.0), "volume 0 is silent");
    }

    #[test]
    fn the_stop_chime_is_soft_and_short() {
        let chime = chime_samples();
        assert!(chime.len() < RATE as usize);
        let peak = chime.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        assert!(peak > 0.1 && peak < 0.5, "{peak}");
        assert!(chime.last().is_some_and(|s| s.abs() < 0.05), "it fades out");
    }

    #[test]
    fn a_silent_handle_takes_commands_and_plays_nothing() {
        let audio = Audio::silent();
        audio.effect(Sound::Tick);
        audio.set_volume(f32::NAN);
        assert!(!audio.available());
        assert!(!audio.sync(Duration::from_millis(10)));
    }
}
