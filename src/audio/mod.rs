//! Sound, on its own thread: the UI sends commands down a channel and never
//! waits for audio. Without a sound device the kiosk runs silently.
//!
//! The wheel's tick and its soft stop are made here (a short click and a
//! two-tone chime), so they need no files. Stories are read and decoded on the
//! audio thread and played through a rodio `Player`; the UI reads their
//! progress from shared state ([`story::Status`]).

pub use rookvrij_core::recording as file;
pub mod story;

use std::num::NonZero;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use rodio::buffer::SamplesBuffer;
use rodio::mixer::Mixer;
use rodio::{Player, Source as _};
use rookvrij_core::recording::Playable;

use crate::content::{Source, StoryAudio};
pub use story::{Phase, Status};

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
    /// Play a story's recording (a path in the content) from the start,
    /// brought to the kiosk's one loudness, its opening silence skipped.
    Story {
        ticket: u64,
        source: Source,
        path: String,
        gain: f32,
        skip: Duration,
    },
    Pause(u64),
    Resume(u64),
    /// Silence the story, whatever it was.
    StopStory,
    /// Answers once every command before it has been handled.
    Sync(Sender<()>),
}

/// A handle to the audio thread. Cheap to clone; dropping the last one ends it.
#[derive(Clone)]
pub struct Audio {
    tx: Option<Sender<Command>>,
    available: Arc<AtomicBool>,
    /// The sound device has answered, yes or no.
    answered: Arc<AtomicBool>,
    story: Arc<story::Shared>,
    tickets: Arc<AtomicU64>,
}

/// After this long without an answer, the sound device is said to hang.
pub const OPEN_TIMEOUT: Duration = Duration::from_secs(3);

/// What is known about the sound device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Device {
    /// Still being opened.
    Opening,
    Ready,
    /// None, or it failed to open: the kiosk is silent.
    Missing,
}

impl Audio {
    /// Opens the default sound device on a new thread. When there is none,
    /// the handle works and plays nothing; `available()` says so.
    ///
    /// Does not wait for the device: [`Audio::device`] tells when it answered
    /// (a sound card that hangs never holds up the screen).
    pub fn start(volume: f32) -> Audio {
        #[cfg(feature = "device")]
        return Audio::open_device(volume);
        // Built without the sound card (the library in a browser): silence.
        #[cfg(not(feature = "device"))]
        {
            let _ = volume;
            Audio::silent()
        }
    }

    #[cfg(feature = "device")]
    fn open_device(volume: f32) -> Audio {
        let (tx, rx) = mpsc::channel();
        let available = Arc::new(AtomicBool::new(false));
        let answered = Arc::new(AtomicBool::new(false));
        let flag = available.clone();
        let said = answered.clone();
        let story = story::Shared::new();
        let shared = story.clone();
        let spawned = std::thread::Builder::new().name("audio".into()).spawn(move || {
            match rodio::DeviceSinkBuilder::open_default_sink() {
                Ok(mut sink) => {
                    sink.log_on_drop(false);
                    flag.store(true, Ordering::SeqCst);
                    said.store(true, Ordering::SeqCst);
                    run(rx, sink.mixer(), volume, &shared);
                }
                Err(e) => {
                    eprintln!("rookvrij-kiosk: geen geluid ({e}); de kiosk werkt zonder geluid");
                    said.store(true, Ordering::SeqCst);
                    drain(rx);
                }
            }
        });
        if spawned.is_err() {
            answered.store(true, Ordering::SeqCst);
        }
        Audio {
            tx: spawned.ok().map(|_| tx),
            available,
            answered,
            story,
            tickets: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Plays into a given mixer: tests pull the samples themselves.
    pub fn with_mixer(mixer: Mixer, volume: f32) -> Audio {
        let (tx, rx) = mpsc::channel();
        let story = story::Shared::new();
        let shared = story.clone();
        let spawned = std::thread::Builder::new()
            .name("audio".into())
            .spawn(move || run(rx, &mixer, volume, &shared));
        Audio {
            tx: spawned.ok().map(|_| tx),
            available: Arc::new(AtomicBool::new(true)),
            answered: Arc::new(AtomicBool::new(true)),
            story,
            tickets: Arc::new(AtomicU64::new(0)),
        }
    }

    /// A working player that nobody hears: previews show the play buttons as
    /// a kiosk with sound does.
    pub fn unheard() -> Audio {
        let (mixer, _nobody_listens) = rodio::mixer::mixer(mono(), rate());
        Audio::with_mixer(mixer, 0.0)
    }

    /// Plays nothing, has no thread: previews, benchmarks, no sound device.
    pub fn silent() -> Audio {
        Audio {
            tx: None,
            available: Arc::new(AtomicBool::new(false)),
            answered: Arc::new(AtomicBool::new(true)),
            story: story::Shared::new(),
            tickets: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Whether a sound device is playing what is sent.
    pub fn available(&self) -> bool {
        self.available.load(Ordering::SeqCst)
    }

    pub fn device(&self) -> Device {
        match (self.answered.load(Ordering::SeqCst), self.available()) {
            (false, _) => Device::Opening,
            (true, true) => Device::Ready,
            (true, false) => Device::Missing,
        }
    }

    /// Waits (on a worker, never the UI thread) at most `timeout` for the
    /// device to answer.
    pub fn wait_ready(&self, timeout: Duration) -> Device {
        let until = web_time::Instant::now() + timeout;
        while self.device() == Device::Opening && web_time::Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.device()
    }

    /// A sound device that never answers (a test of the kiosk's patience).
    pub fn hanging() -> Audio {
        Audio {
            tx: None,
            available: Arc::new(AtomicBool::new(false)),
            answered: Arc::new(AtomicBool::new(false)),
            story: story::Shared::new(),
            tickets: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn effect(&self, sound: Sound) {
        self.send(Command::Effect(sound));
    }

    pub fn set_volume(&self, volume: f32) {
        self.send(Command::Volume(volume));
    }

    /// Starts a story's recording from the beginning, replacing whatever story
    /// played. Returns the ticket that [`Audio::story_status`] reports about.
    pub fn play_story(&self, source: &Source, recording: &StoryAudio) -> u64 {
        let ticket = self.tickets.fetch_add(1, Ordering::SeqCst) + 1;
        self.send(Command::Story {
            ticket,
            source: source.clone(),
            path: recording.path.clone(),
            gain: recording.gain,
            skip: recording.skip,
        });
        ticket
    }

    pub fn pause_story(&self, ticket: u64) {
        self.send(Command::Pause(ticket));
    }

    pub fn resume_story(&self, ticket: u64) {
        self.send(Command::Resume(ticket));
    }

    pub fn stop_story(&self) {
        self.send(Command::StopStory);
    }

    /// What the story player does now. Never blocks on the audio thread.
    pub fn story_status(&self) -> Status {
        self.story.status()
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

fn run(rx: Receiver<Command>, mixer: &Mixer, volume: f32, shared: &Arc<story::Shared>) {
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
            Command::Volume(v) => {
                volume = clamp_volume(v);
                if let Some((_, p)) = &*shared.player() {
                    p.set_volume(volume);
                }
            }
            Command::Story {
                ticket,
                source,
                path,
                gain,
                skip,
            } => {
                shared.silence();
                shared.set(ticket, Phase::Loading);
                match open_story(&source, &path) {
                    Ok(decoder) => {
                        let length = decoder.total_duration().map(|l| l.saturating_sub(skip));
                        let gain = if gain.is_finite() { gain.clamp(0.0, 32.0) } else { 1.0 };
                        let decoder = decoder.skip_duration(skip).amplify(gain);
                        let p = Player::connect_new(mixer);
                        p.set_volume(volume);
                        shared.started(ticket, length);
                        p.append(story::Tracked::new(decoder, shared.clone(), ticket));
                        *shared.player() = Some((ticket, p));
                    }
                    Err(e) => {
                        eprintln!("rookvrij-kiosk: kan \"{path}\" niet afspelen: {e}");
                        shared.set(ticket, Phase::Failed);
                    }
                }
            }
            Command::Pause(ticket) => {
                if let Some((playing, p)) = &*shared.player()
                    && *playing == ticket
                {
                    p.pause();
                    shared.change(ticket, &[Phase::Playing], Phase::Paused);
                }
            }
            Command::Resume(ticket) => {
                if let Some((playing, p)) = &*shared.player()
                    && *playing == ticket
                {
                    p.play();
                    shared.change(ticket, &[Phase::Paused], Phase::Playing);
                }
            }
            Command::StopStory => {
                shared.silence();
                let ticket = shared.ticket();
                shared.set(ticket, Phase::Idle);
            }
            Command::Sync(done) => {
                let _ = done.send(());
            }
        }
    }
}

/// Reads and opens a story's recording. A missing or undecodable file is an
/// error for the UI to show, never a panic.
fn open_story(source: &Source, path: &str) -> Result<Playable, String> {
    source.check_media_path(path).map_err(|e| format!("{e:?}"))?;
    let bytes = source.read(path).map_err(|e| e.to_string())?;
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    rookvrij_core::recording::open(bytes, &extension).map_err(|e| e.to_string())
}

#[cfg(feature = "device")]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pull(source: &mut impl Iterator<Item = f32>, n: usize) -> Vec<f32> {
        source.take(n).collect()
    }

    /// A recording as a start that only probed it knows it.
    fn plain(path: &str) -> StoryAudio {
        StoryAudio {
            path: path.to_string(),
            length: Duration::ZERO,
            gain: 1.0,
            skip: Duration::ZERO,
        }
    }

    /// Runs Debian's ffmpeg (installed by `./dev test`); its failure fails the test.
    fn ffmpeg(args: &[&str]) {
        let out = std::process::Command::new("ffmpeg")
            .args(["-nostdin", "-hide_banner", "-loglevel", "error", "-y"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("ffmpeg is needed for this test (./dev test installs it): {e}"));
        assert!(
            out.status.success(),
            "ffmpeg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Recordings as phones make them, made here by ffmpeg from a 3 s voice-like
    /// tone: each plays to its end on the real audio thread, as long as it is.
    #[test]
    fn every_phone_format_plays_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        // A tone that wavers like a voice, 3 seconds (ffmpeg's sine is at 1/8: 0.5 here).
        let voice = "sine=frequency=220:duration=3,volume=4,tremolo=f=4:d=0.6";
        let cover = at("cover.jpg");
        ffmpeg(&["-f", "lavfi", "-i", "color=c=red:s=64x64:d=1", "-frames:v", "1", &cover]);
        let made: [(&str, Vec<&str>); 8] = [
            ("phone.m4a", vec!["-c:a", "aac", "-b:a", "64k"]),
            ("whatsapp.opus", vec!["-c:a", "libopus", "-b:a", "24k"]),
            ("opus-in.ogg", vec!["-c:a", "libopus", "-ac", "2"]),
            ("vorbis.ogg", vec!["-c:a", "libvorbis"]),
            ("mono-8k.wav", vec!["-ar", "8000", "-ac", "1", "-c:a", "pcm_s16le"]),
            (
                "stereo-24bit.wav",
                vec!["-ar", "44100", "-ac", "2", "-c:a", "pcm_s24le"],
            ),
            ("story.flac", vec!["-c:a", "flac"]),
            ("plain.mp3", vec!["-c:a", "libmp3lame"]),
        ];
        for (name, codec) in &made {
            let mut args = vec!["-f", "lavfi", "-i", voice];
            args.extend(codec.iter().copied());
            let out = at(name);
            args.push(&out);
            ffmpeg(&args);
        }
        // mp3 with ID3 tags and cover art, as a phone's music app writes it.
        let tagged = at("tagged.mp3");
        let plain_mp3 = at("plain.mp3");
        ffmpeg(&[
            "-i",
            &plain_mp3,
            "-i",
            &cover,
            "-map",
            "0",
            "-map",
            "1",
            "-c",
            "copy",
            "-id3v2_version",
            "3",
            "-metadata",
            "title=Mijn verhaal",
            "-metadata:s:v",
            "comment=Cover (front)",
            &tagged,
        ]);
        let names: Vec<&str> = made.iter().map(|(n, _)| *n).chain(["tagged.mp3"]).collect();
        let (mixer, mut out) = rodio::mixer::mixer(mono(), rate());
        let audio = Audio::with_mixer(mixer, 1.0);
        for name in names {
            let bytes = std::fs::read(dir.path().join(name)).unwrap();
            let extension = name.rsplit_once('.').unwrap().1;
            let heard = rookvrij_core::recording::check(&bytes, extension).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                (heard.length().as_secs_f32() - 3.0).abs() < 0.15,
                "{name}: {:?}",
                heard.length()
            );
            let ticket = audio.play_story(&Source::folder(dir.path()), &plain(name));
            assert!(audio.sync(WAIT));
            let status = audio.story_status();
            assert_eq!((status.ticket, status.phase), (ticket, Phase::Playing), "{name}");
            // Pulled through the mixer at its rate: 3 s of sound, then the end.
            let played = pull(&mut out, seconds(3.5));
            let loud = played.iter().filter(|s| s.abs() > 0.05).count();
            assert!(loud > seconds(2.0), "{name}: {loud} loud samples");
            assert!(audio.sync(WAIT));
            assert_eq!(audio.story_status().phase, Phase::Ended, "{name} ended");
        }
    }

    /// Two recordings 20 dB apart come out of the mixer equally loud.
    #[test]
    fn recordings_20_db_apart_play_equally_loud() {
        let dir = tempfile::tempdir().unwrap();
        let (mixer, mut out) = rodio::mixer::mixer(mono(), rate());
        let audio = Audio::with_mixer(mixer, 1.0);
        let mut played_loudness = Vec::new();
        for (name, volume) in [("loud.ogg", "volume=4"), ("far.ogg", "volume=0.4")] {
            let path = dir.path().join(name).to_string_lossy().into_owned();
            let filter = format!("sine=frequency=300:duration=4,tremolo=f=3:d=0.7,{volume}");
            ffmpeg(&["-f", "lavfi", "-i", &filter, "-c:a", "libvorbis", &path]);
            let heard = rookvrij_core::recording::check(&std::fs::read(&path).unwrap(), "ogg").unwrap();
            let recording = StoryAudio {
                path: name.to_string(),
                length: heard.length(),
                gain: heard.gain(),
                skip: heard.skip(),
            };
            audio.play_story(&Source::folder(dir.path()), &recording);
            assert!(audio.sync(WAIT));
            let samples = pull(&mut out, seconds(4.0));
            let mut meter = ebur128::EbuR128::new(1, RATE, ebur128::Mode::I).unwrap();
            meter.add_frames_f32(&samples).unwrap();
            played_loudness.push((heard.loudness.unwrap(), meter.loudness_global().unwrap()));
        }
        let (loud, far) = (played_loudness[0], played_loudness[1]);
        assert!(
            (loud.0 - far.0 - 20.0).abs() < 1.0,
            "made 20 dB apart: {played_loudness:?}"
        );
        assert!((loud.1 - far.1).abs() < 2.0, "played within 2 LU: {played_loudness:?}");
        assert!(
            (loud.1 - rookvrij_core::recording::TARGET_LUFS).abs() < 2.0,
            "{played_loudness:?}"
        );
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

    const WAIT: Duration = Duration::from_secs(10);

    fn peak(samples: &[f32]) -> f32 {
        samples.iter().fold(0.0f32, |m, s| m.max(s.abs()))
    }

    fn seconds(s: f32) -> usize {
        (s * RATE as f32) as usize
    }

    #[test]
    fn a_story_plays_pauses_resumes_and_reports_its_progress() {
        let (mixer, mut out) = rodio::mixer::mixer(mono(), rate());
        let audio = Audio::with_mixer(mixer, 1.0);
        assert_eq!(audio.story_status().phase, Phase::Idle);
        let ticket = audio.play_story(&Source::Builtin, &plain("audio/kees-en.ogg"));
        assert!(audio.sync(WAIT));
        let s = audio.story_status();
        assert_eq!((s.ticket, s.phase), (ticket, Phase::Playing));
        let length = s.length.expect("an ogg file says how long it is");
        assert!((20.0..40.0).contains(&length.as_secs_f32()), "{length:?}");
        assert_eq!(s.position, Duration::ZERO, "nothing played before the card pulls");

        let heard = pull(&mut out, seconds(2.0));
        assert!(peak(&heard) > 0.05, "speech is heard: {}", peak(&heard));
        let at = audio.story_status().position.as_secs_f32();
        assert!((1.9..2.1).contains(&at), "two seconds pulled, two seconds on: {at}");
        assert!(audio.story_status().progress() > 0.05);

        audio.pause_story(ticket);
        assert!(audio.sync(WAIT));
        assert_eq!(audio.story_status().phase, Phase::Paused);
        let _settle = pull(&mut out, seconds(0.05));
        let paused_at = audio.story_status().position;
        let quiet = pull(&mut out, seconds(1.0));
        assert_eq!(peak(&quiet), 0.0, "a paused story is silent");
        assert_eq!(audio.story_status().position, paused_at, "and stands still");

        audio.resume_story(ticket);
        assert!(audio.sync(WAIT));
        assert_eq!(audio.story_status().phase, Phase::Playing);
        let _ = pull(&mut out, seconds(1.0));
        assert!(audio.story_status().position > paused_at + Duration::from_millis(900));
    }

    #[test]
    fn a_story_played_to_the_end_says_so_once_and_a_new_one_replaces_it() {
        let (mixer, mut out) = rodio::mixer::mixer(mono(), rate());
        let audio = Audio::with_mixer(mixer, 1.0);
        let first = audio.play_story(&Source::Builtin, &plain("audio/kees-nl.ogg"));
        assert!(audio.sync(WAIT));
        let _ = pull(&mut out, seconds(3.0));
        // Another story replaces it: the count starts again.
        let second = audio.play_story(&Source::Builtin, &plain("audio/samira-en.ogg"));
        assert!(audio.sync(WAIT));
        assert!(second > first);
        let s = audio.story_status();
        assert_eq!(
            (s.ticket, s.phase, s.position),
            (second, Phase::Playing, Duration::ZERO)
        );
        let length = s.length.unwrap_or_default();
        // Pull until the end: every sample of the old story was dropped.
        let mut pulled = 0;
        while audio.story_status().phase == Phase::Playing && pulled < seconds(120.0) {
            let _ = pull(&mut out, seconds(0.5));
            pulled += seconds(0.5);
        }
        let s = audio.story_status();
        assert_eq!((s.ticket, s.phase), (second, Phase::Ended));
        assert_eq!(s.progress(), 1.0);
        let took = pulled as f32 / RATE as f32;
        assert!(
            (took - length.as_secs_f32()).abs() < 0.6,
            "{took} s for a {length:?} story"
        );
        assert!(peak(&pull(&mut out, seconds(0.5))) == 0.0, "silence after the end");
        // Pause after the end changes nothing: the end stays counted once.
        audio.pause_story(second);
        assert!(audio.sync(WAIT));
        assert_eq!(audio.story_status().phase, Phase::Ended);
    }

    #[test]
    fn stop_silences_at_once_and_a_missing_or_broken_file_fails_without_a_panic() {
        let (mixer, mut out) = rodio::mixer::mixer(mono(), rate());
        let audio = Audio::with_mixer(mixer, 1.0);
        audio.play_story(&Source::Builtin, &plain("audio/ria-nl.ogg"));
        assert!(audio.sync(WAIT));
        let _ = pull(&mut out, seconds(1.0));
        audio.stop_story();
        assert!(audio.sync(WAIT));
        assert_eq!(audio.story_status().phase, Phase::Idle);
        let _settle = pull(&mut out, seconds(0.05));
        assert_eq!(peak(&pull(&mut out, seconds(1.0))), 0.0, "stopped is silent");

        let missing = audio.play_story(&Source::Builtin, &plain("audio/nobody.ogg"));
        assert!(audio.sync(WAIT));
        assert_eq!(audio.story_status().phase, Phase::Failed);
        assert_eq!(audio.story_status().ticket, missing);

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("audio")).unwrap();
        std::fs::write(dir.path().join("audio/x.ogg"), b"OggS but not really a sound").unwrap();
        audio.play_story(&Source::folder(dir.path()), &plain("audio/x.ogg"));
        assert!(audio.sync(WAIT));
        assert_eq!(audio.story_status().phase, Phase::Failed);
        // The thread lives on: the next story plays.
        audio.play_story(&Source::Builtin, &plain("audio/ria-en.ogg"));
        assert!(audio.sync(WAIT));
        assert_eq!(audio.story_status().phase, Phase::Playing);
    }

    #[test]
    fn the_volume_reaches_a_playing_story() {
        let (mixer, mut out) = rodio::mixer::mixer(mono(), rate());
        let audio = Audio::with_mixer(mixer, 1.0);
        audio.play_story(&Source::Builtin, &plain("audio/hasan-nl.ogg"));
        assert!(audio.sync(WAIT));
        let _ = pull(&mut out, seconds(1.0));
        audio.set_volume(0.0);
        assert!(audio.sync(WAIT));
        let _settle = pull(&mut out, seconds(0.05));
        assert_eq!(peak(&pull(&mut out, seconds(1.0))), 0.0);
        assert!(
            audio.story_status().position > Duration::from_secs(1),
            "it plays on, silently"
        );
    }

    #[test]
    fn a_silent_handle_takes_commands_and_plays_nothing() {
        let audio = Audio::silent();
        audio.effect(Sound::Tick);
        audio.play_story(&Source::Builtin, &plain("audio/ria-nl.ogg"));
        assert_eq!(audio.story_status().phase, Phase::Idle);
        audio.set_volume(f32::NAN);
        assert!(!audio.available());
        assert!(!audio.sync(Duration::from_millis(10)));
    }
}
