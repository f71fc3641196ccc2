//! `bench --content-load`: loading a team-size content folder from a stick,
//! as the *Inhoud* tab does it. The folder is made here: the demo with ten
//! more stories, each with a photo and a recording in four languages, and
//! ten more photos; about 40 MB, 40 minutes of sound. Measured twice: the load alone (check and
//! copy, as `content import`), and the team side's event loop while the tab
//! finds, checks and uses it (the longest the screen waited).

use std::io::Write;
use std::path::Path;
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::clock::{SystemClock, TimeKeeper};
use crate::config::Config;
use crate::controller::Controller;
use crate::controllers::Kiosk;
use crate::headless::Headless;

/// Stories added to the demo.
const STORIES: usize = 10;
/// Photos made in all (one per added story, the rest beside them).
const PHOTOS: usize = 20;
/// Seconds of each recording: Ogg Vorbis made with sox (about 0.5 MB, as a
/// phone's minute of speech), or, without sox, 22.05 kHz WAV of 11 s (0.5 MB).
const SECONDS: usize = 60;
const WAV_SECONDS: usize = 11;
const RATE: u32 = 22_050;
const LANGUAGES: [&str; 4] = ["nl", "tr", "ar", "en"];

#[derive(Debug, Serialize)]
pub struct LoadResult {
    pub machine: String,
    pub folder_mb: f64,
    pub files: usize,
    /// How the recordings were made, and their minutes in all.
    pub recordings: String,
    pub audio_minutes: f64,
    /// `content import`'s work: the full check (every photo opened, every
    /// recording measured), the copy with each file synced, the switch.
    pub first_load_ms: f64,
    /// The same folder again: photos and recordings known by their hash.
    pub again_ms: f64,
    /// The *Inhoud* tab loading it: the longest the event loop was busy
    /// with one callback, timer run or frame, and its 99th percentile.
    pub ui_stall_max_ms: f64,
    pub ui_stall_p99_ms: f64,
    pub ui_stall_samples: usize,
    /// From *Laden van USB-stick* to the folder found and checked (the full
    /// check, as the first load's).
    pub tab_check_ms: f64,
    /// From *Gebruiken* to the new content shown (the copy, synced, and the
    /// switch; the check was kept by *Laden*).
    pub tab_use_ms: f64,
    pub tab_message: String,
}

/// How big a made team content is.
#[derive(Clone, Copy)]
pub struct TeamSize {
    /// Photos made (one per added story first).
    pub photos: usize,
    /// Their size in pixels.
    pub photo_px: (u32, u32),
    /// Seconds of each of the 40 recordings (with sox; without it, WAV of 11 s).
    pub seconds: usize,
}

/// The issue's folder to load from a stick: about 40 MB.
pub const STICK: TeamSize = TeamSize {
    photos: PHOTOS,
    photo_px: (2400, 1600),
    seconds: SECONDS,
};

/// Makes the team-size folder in `dir`: the demo and what a team adds. True
/// when the recordings are Ogg Vorbis made with sox.
pub fn make_team_folder(dir: &Path) -> Result<bool, String> {
    make_team_folder_sized(dir, STICK)
}

pub fn make_team_folder_sized(dir: &Path, size: TeamSize) -> Result<bool, String> {
    let fail = |e: std::io::Error| format!("{}: {e}", dir.display());
    for (name, bytes) in crate::content::builtin_files() {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&path, bytes).map_err(fail)?;
    }
    std::fs::create_dir_all(dir.join("images/team")).map_err(fail)?;
    std::fs::create_dir_all(dir.join("audio/team")).map_err(fail)?;
    for i in 0..size.photos {
        photo(&dir.join(format!("images/team/foto-{i}.jpg")), i as u32, size.photo_px)?;
    }
    let sox = std::process::Command::new("sox")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let ext = if sox { "ogg" } else { "wav" };
    // The recordings, two at a time (sox takes about a second for each).
    let wanted: Vec<(std::path::PathBuf, u32)> = (0..STORIES)
        .flat_map(|i| LANGUAGES.map(|lang| (dir.join(format!("audio/team/verhaal-{i}-{lang}.{ext}")), i as u32)))
        .collect();
    let made: Vec<Result<(), String>> = std::thread::scope(|s| {
        let halves: Vec<_> = wanted
            .chunks(wanted.len().div_ceil(2))
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|(path, seed)| {
                            if sox {
                                recording_ogg(path, *seed, size.seconds)
                            } else {
                                recording(path, *seed)
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    });
    if let Some(Err(e)) = made.into_iter().find(|r| r.is_err()) {
        return Err(e);
    }
    let mut stories = std::fs::read_to_string(dir.join("stories.toml")).map_err(fail)?;
    for i in 0..STORIES {
        stories.push_str(&format!(
            "\n[[story]]\nid = \"team-{i}\"\nphoto = \"images/team/foto-{i}.jpg\"\n"
        ));
        for lang in LANGUAGES {
            let rel = format!("audio/team/verhaal-{i}-{lang}.{ext}");
            stories.push_str(&format!(
                "audio.{lang} = \"{rel}\"\nname.{lang} = \"Buurtbewoner {i}\"\nquote.{lang} = \"Ik ben gestopt.\"\ntext.{lang} = \"Ik rookte twintig jaar. Nu niet meer.\"\n"
            ));
        }
    }
    std::fs::write(dir.join("stories.toml"), stories).map_err(fail)?;
    Ok(sox)
}

/// A minute of speech-like sound (pink noise that swells and fades like
/// words), as Ogg Vorbis at sox's quality 3: about 0.5 MB.
fn recording_ogg(path: &Path, seed: u32, seconds: usize) -> Result<(), String> {
    let out = std::process::Command::new("sox")
        .args(["-n", "-r", "44100", "-c", "1", "-C", "3"])
        .arg(path)
        .args(["synth", &seconds.to_string(), "pinknoise", "tremolo"])
        .arg(format!("{}", 3.0 + seed as f32 * 0.1))
        .args(["80", "vol", "0.3"])
        .output()
        .map_err(|e| format!("sox: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("sox: {}", String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// A phone-like JPEG photo (2400x1600 is about 0.8 MB): light and shade with fine grain,
/// so it neither compresses to nothing nor is pure noise.
fn photo(path: &Path, seed: u32, (w, h): (u32, u32)) -> Result<(), String> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state & 15) as u8;
        let base = ((x / 7 + y / 5 + seed * 40) % 200) as u8;
        image::Rgb([
            base.saturating_add(grain),
            (base / 2).saturating_add(grain),
            120u8.saturating_add(grain),
        ])
    });
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88)
        .encode_image(&img)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    out.flush().map_err(|e| format!("{}: {e}", path.display()))
}

/// A recording as loud as speech: a tone that swells and fades like words.
fn recording(path: &Path, seed: u32) -> Result<(), String> {
    let samples = RATE as usize * WAV_SECONDS;
    let mut bytes = Vec::with_capacity(44 + samples * 2);
    let data_len = (samples * 2) as u32;
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&RATE.to_le_bytes());
    bytes.extend_from_slice(&(RATE * 2).to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    let pitch = 140.0 + seed as f32 * 9.0;
    for n in 0..samples {
        let t = n as f32 / RATE as f32;
        let words = (t * 3.1).sin().abs();
        let v = (t * pitch * std::f32::consts::TAU).sin() * words * 9000.0;
        bytes.extend_from_slice(&(v as i16).to_le_bytes());
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn folder_size(dir: &Path) -> Result<(u64, usize), String> {
    let files = crate::shelf::scan(dir).map_err(|e| e.to_string())?;
    Ok((files.iter().map(|f| f.1).sum(), files.len()))
}

pub fn run() -> Result<LoadResult, String> {
    let work = tempfile::tempdir().map_err(|e| format!("geen tijdelijke map: {e}"))?;
    let stick = work.path().join("stick");
    let folder = stick.join(crate::shelf::STICK_FOLDER);
    let sox = make_team_folder(&folder)?;
    let (bytes, files) = folder_size(&folder)?;

    // The load alone, as `content import` does it, twice.
    let data = work.path().join("data");
    let shelf = crate::shelf::Shelf::in_data(&data);
    let started = Instant::now();
    shelf.load(&folder, "2026-11-30").map_err(|e| e.to_string())?;
    let first = started.elapsed();
    let started = Instant::now();
    shelf.load(&folder, "2026-11-30").map_err(|e| e.to_string())?;
    let again = started.elapsed();

    // The *Inhoud* tab on a kiosk with a fresh data folder: Laden, then Gebruiken.
    let headless = Headless::install().map_err(|e| e.to_string())?;
    let data = work.path().join("kiosk-data");
    let store = std::sync::Arc::new(crate::store::Store::start(&data, crate::store::StoreOptions::default()));
    let desk = crate::controllers::TeamDesk {
        data_dir: Some(data.clone()),
        store: Some(store.clone()),
        export_dir: Some(stick.clone()),
        ..Default::default()
    };
    let controller = Controller::new(
        Rc::new(crate::content::builtin()),
        Config::default(),
        Box::new(store),
        TimeKeeper::trusted(Box::new(SystemClock::default())),
        1,
    );
    let kiosk = Kiosk::with_team(controller, crate::audio::Audio::silent(), desk).map_err(|e| e.to_string())?;
    let (w, h) = (800, 480);
    let _ = headless.render(w, h);
    kiosk.show_team(Some(5));
    let mut loop_ = Loop {
        headless: &headless,
        buffer: Vec::new(),
        busy: Vec::new(),
    };
    let team = || slint::ComponentHandle::global::<crate::ui::TeamAdapter>(kiosk.app());
    loop_.settle(&kiosk, w, h);
    let started = Instant::now();
    loop_.timed(|| team().invoke_content_look());
    loop_.settle(&kiosk, w, h);
    let tab_check = started.elapsed();
    if !team().get_content_usable() {
        return Err(format!(
            "de inhoud op de stick is niet bruikbaar: {}",
            team().get_content_message()
        ));
    }
    let started = Instant::now();
    loop_.timed(|| team().invoke_content_use());
    loop_.settle(&kiosk, w, h);
    let tab_use = started.elapsed();
    let stories = kiosk.controller().content().stories.len();
    if stories <= STORIES {
        return Err(format!("de nieuwe inhoud is niet in gebruik ({stories} verhalen)"));
    }
    let mut busy = loop_.busy.clone();
    busy.sort_by(f64::total_cmp);
    let p99 = busy
        .get(((busy.len().max(1) - 1) as f64 * 0.99) as usize)
        .copied()
        .unwrap_or(0.0);
    Ok(LoadResult {
        machine: crate::bench::machine(),
        folder_mb: round(bytes as f64 / 1e6),
        files,
        recordings: if sox {
            format!("Ogg Vorbis, {SECONDS} s each, made with sox")
        } else {
            format!("WAV, {WAV_SECONDS} s each (no sox on this machine)")
        },
        audio_minutes: round((STORIES * LANGUAGES.len() * if sox { SECONDS } else { WAV_SECONDS }) as f64 / 60.0),
        first_load_ms: round(first.as_secs_f64() * 1000.0),
        again_ms: round(again.as_secs_f64() * 1000.0),
        ui_stall_max_ms: round(busy.last().copied().unwrap_or(0.0)),
        ui_stall_p99_ms: round(p99),
        ui_stall_samples: busy.len(),
        tab_check_ms: round(tab_check.as_secs_f64() * 1000.0),
        tab_use_ms: round(tab_use.as_secs_f64() * 1000.0),
        tab_message: team().get_content_message().to_string(),
    })
}

/// The event loop, timed: each callback, timer run and frame.
struct Loop<'a> {
    headless: &'a Headless,
    buffer: Vec<crate::headless::Rgb8Pixel>,
    busy: Vec<f64>,
}

impl Loop<'_> {
    fn timed(&mut self, f: impl FnOnce()) {
        let started = Instant::now();
        f();
        self.busy.push(started.elapsed().as_secs_f64() * 1000.0);
    }

    /// Frames, with real time between them for the workers, until every
    /// job has answered (at most two minutes).
    fn settle(&mut self, kiosk: &Rc<Kiosk>, w: u32, h: u32) {
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut quiet = 0;
        while quiet < 5 && Instant::now() < deadline {
            let headless = self.headless;
            self.timed(|| headless.advance(Duration::from_millis(16)));
            let mut buffer = std::mem::take(&mut self.buffer);
            self.timed(|| {
                headless.render_changes(&mut buffer, w, h);
            });
            self.buffer = buffer;
            std::thread::sleep(Duration::from_millis(4));
            quiet = if kiosk.pending_jobs() == 0 { quiet + 1 } else { 0 };
        }
    }
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
