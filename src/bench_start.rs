//! `bench --startup`: the start as a resident meets it. The real `run` of
//! this program, from `exec` to the first attract frame shown: the store
//! opened, the sound opened, the content loaded and checked, the window up
//! (under the display there is, else a private Xvfb). The kiosk says when
//! (`ROOKVRIJ_SAY_FIRST_FRAME`, time since its process started, 10 ms steps).
//! On the demo and on a team-size content made here (40 recordings of three
//! minutes, twelve 12 MP photos), each started with an empty data folder and
//! again, when what the first start learned is kept.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::bench_load::{TeamSize, make_team_folder_sized};

/// The team-size content of the issue.
const TEAM: TeamSize = TeamSize {
    photos: 12,
    photo_px: (4032, 3024),
    seconds: 180,
};

#[derive(Debug, Serialize)]
pub struct StartResult {
    pub machine: String,
    /// Where the window was opened.
    pub display: String,
    pub team_content: String,
    /// Start to the first frame, ms; each start twice.
    pub demo_first_start_ms: Vec<f64>,
    pub demo_later_start_ms: Vec<f64>,
    pub team_first_start_ms: Vec<f64>,
    pub team_later_start_ms: Vec<f64>,
    /// What could not be measured, and why.
    pub not_measured: Vec<String>,
}

/// A private X server for the measurement, stopped when dropped.
struct Xvfb(Child);

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn display() -> Result<(String, Option<Xvfb>), String> {
    if let Some(d) = std::env::var_os("DISPLAY").filter(|d| !d.is_empty()) {
        return Ok((d.to_string_lossy().to_string(), None));
    }
    let n = 70 + std::process::id() % 200;
    let child = Command::new("Xvfb")
        .arg(format!(":{n}"))
        .args(["-screen", "0", "1920x1080x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("geen beeldscherm (DISPLAY is leeg) en geen Xvfb ({e}): start-up niet gemeten"))?;
    let server = Xvfb(child);
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let until = Instant::now() + Duration::from_secs(10);
    while !socket.exists() {
        if Instant::now() > until {
            return Err("Xvfb kwam niet op: start-up niet gemeten".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok((format!(":{n}"), Some(server)))
}

/// One start of `run`: the milliseconds to its first frame. It is left
/// running `linger` more (to keep what it learned), then stopped.
fn one_start(
    program: &Path,
    display: &str,
    content: Option<&Path>,
    data: &Path,
    linger: Duration,
) -> Result<f64, String> {
    let mut cmd = Command::new(program);
    cmd.arg("run").arg("--data").arg(data);
    if let Some(c) = content {
        cmd.arg("--content").arg(c);
    }
    let mut child = cmd
        .env("DISPLAY", display)
        .env("SLINT_BACKEND", "winit-software")
        .env("ROOKVRIJ_SAY_FIRST_FRAME", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let stderr = child.stderr.take().ok_or("geen uitvoer van de kiosk")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(ms) = line
                .split_once("eerste beeld na ")
                .and_then(|(_, rest)| rest.trim_end_matches(" ms").trim().parse::<f64>().ok())
            {
                let _ = tx.send(ms);
            }
        }
    });
    let said = rx.recv_timeout(Duration::from_secs(120));
    if said.is_ok() {
        std::thread::sleep(linger);
    }
    let _ = child.kill();
    let _ = child.wait();
    said.map_err(|_| "de kiosk zei binnen twee minuten geen eerste beeld".to_string())
}

pub fn run() -> Result<StartResult, String> {
    let program = std::env::current_exe().map_err(|e| format!("het eigen programma: {e}"))?;
    let work = tempfile::tempdir().map_err(|e| format!("geen tijdelijke map: {e}"))?;
    let team = work.path().join("team");
    let sox = make_team_folder_sized(&team, TEAM)?;
    let (display, _server) = display()?;
    let mut not_measured = Vec::new();
    if !sox {
        not_measured.push("geen sox: de opnamen zijn WAV van 11 s, niet Ogg van drie minuten".to_string());
    }
    // Each: a first start with an empty data folder, then a later one.
    let measure = |content: Option<&Path>, name: &str| -> Result<(Vec<f64>, Vec<f64>), String> {
        let (mut first, mut later) = (Vec::new(), Vec::new());
        for round in 0..2 {
            let data = work.path().join(format!("data-{name}-{round}"));
            // The first start keeps running until its full check is done;
            // the team content's takes seconds (two hours of sound).
            first.push(one_start(&program, &display, content, &data, Duration::from_secs(15))?);
            later.push(one_start(
                &program,
                &display,
                content,
                &data,
                Duration::from_millis(300),
            )?);
        }
        Ok((first, later))
    };
    let (demo_first, demo_later) = measure(None, "demo")?;
    let (team_first, team_later) = measure(Some(&team), "team")?;
    Ok(StartResult {
        machine: crate::bench::machine(),
        display,
        team_content: format!(
            "the demo and 40 recordings of {} s ({}), {} photos of {}x{}",
            TEAM.seconds,
            if sox { "Ogg Vorbis, sox" } else { "WAV" },
            TEAM.photos,
            TEAM.photo_px.0,
            TEAM.photo_px.1
        ),
        demo_first_start_ms: demo_first,
        demo_later_start_ms: demo_later,
        team_first_start_ms: team_first,
        team_later_start_ms: team_later,
        not_measured,
    })
}

#[derive(Debug, Serialize)]
pub struct AttractResult {
    pub machine: String,
    pub display: String,
    pub seconds: u64,
    /// Per window size: the share of one core the attract screen costs.
    pub attract_cpu_percent: Vec<AttractSize>,
    /// What could not be measured, and why.
    pub not_measured: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AttractSize {
    pub size: String,
    /// CPU time of the kiosk's process over the seconds, in percent of one core.
    pub lively: f64,
    /// The same once the attract screen has gone calm (after a minute here;
    /// ten by default).
    pub calm: f64,
}

/// The sizes the attract screen is measured at.
const ATTRACT_SIZES: [(u32, u32); 2] = [(1280, 800), (1920, 1080)];

/// User and system time of a process so far, in seconds.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = stat.rsplit_once(')')?.1;
    let mut fields = after.split_whitespace();
    let utime: f64 = fields.nth(11)?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// `bench --attract-cpu`: the real `run` left on its attract screen at each
/// size of `ATTRACT_SIZES`; its CPU time over `seconds` (at most 45 while
/// lively, after ten seconds to settle; then again once calm), as a share of
/// one core.
pub fn attract_cpu(seconds: u64) -> Result<AttractResult, String> {
    let (display, _server) = display()?;
    let mut sizes = Vec::new();
    let mut not_measured = Vec::new();
    for size in ATTRACT_SIZES {
        match attract_at(&display, size, seconds, true) {
            Ok(one) => sizes.push(one),
            Err(e) => not_measured.push(format!("{}x{}: {e}", size.0, size.1)),
        }
    }
    if sizes.is_empty() {
        return Err(not_measured.join("; "));
    }
    Ok(AttractResult {
        machine: crate::bench::machine(),
        display,
        seconds,
        attract_cpu_percent: sizes,
        not_measured,
    })
}

/// The real `run` as plain `bench` reports it: its first frame on a later
/// start (the data folder of a first start kept), and the lively attract
/// screen's share of one core at each size over ten seconds. What cannot be
/// measured (no display, no Xvfb) is said, not guessed.
pub struct QuickRun {
    pub first_frame_ms: Option<f64>,
    pub attract_cpu_percent: std::collections::BTreeMap<String, f64>,
    pub not_measured: Vec<String>,
}

pub fn quick(content: Option<&Path>) -> QuickRun {
    let mut quick = QuickRun {
        first_frame_ms: None,
        attract_cpu_percent: Default::default(),
        not_measured: Vec::new(),
    };
    let found = std::env::current_exe()
        .map_err(|e| format!("het eigen programma: {e}"))
        .and_then(|program| {
            let work = tempfile::tempdir().map_err(|e| format!("geen tijdelijke map: {e}"))?;
            Ok((program, work, display()?))
        });
    let (program, work, (display, _server)) = match found {
        Ok(f) => f,
        Err(e) => {
            quick
                .not_measured
                .push(format!("run_first_frame_ms, attract_cpu_percent: {e}"));
            return quick;
        }
    };
    let data = work.path().join("data");
    let first = one_start(&program, &display, content, &data, Duration::from_secs(3))
        .and_then(|_| one_start(&program, &display, content, &data, Duration::from_millis(300)));
    match first {
        Ok(ms) => quick.first_frame_ms = Some(ms),
        Err(e) => quick.not_measured.push(format!("run_first_frame_ms: {e}")),
    }
    for size in ATTRACT_SIZES {
        match attract_at(&display, size, 10, false) {
            Ok(one) => {
                quick.attract_cpu_percent.insert(one.size, one.lively);
            }
            Err(e) => quick
                .not_measured
                .push(format!("attract_cpu_percent {}x{}: {e}", size.0, size.1)),
        }
    }
    quick
}

/// One size: the kiosk's window set to it (no window manager needed); the
/// calm screen too when `calm`.
fn attract_at(display: &str, (w, h): (u32, u32), seconds: u64, calm: bool) -> Result<AttractSize, String> {
    let program = std::env::current_exe().map_err(|e| format!("het eigen programma: {e}"))?;
    let work = tempfile::tempdir().map_err(|e| format!("geen tijdelijke map: {e}"))?;
    let config = work.path().join("kiosk.toml");
    std::fs::write(&config, "calm_after_minutes = 1\n").map_err(|e| format!("{}: {e}", config.display()))?;
    let launched = Instant::now();
    let mut child = Command::new(&program)
        .arg("run")
        .arg("--config")
        .arg(&config)
        .arg("--data")
        .arg(work.path().join("data"))
        .arg("--window")
        .arg(format!("{w}x{h}"))
        .env("DISPLAY", display)
        .env("SLINT_BACKEND", "winit-software")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", program.display()))?;
    let pid = child.id();
    // The share of one core over `seconds`, or None when the kiosk stopped.
    let share = |seconds: u64| -> Option<f64> {
        let before = cpu_seconds(pid)?;
        let started = Instant::now();
        std::thread::sleep(Duration::from_secs(seconds));
        let after = cpu_seconds(pid)?;
        Some(((after - before) / started.elapsed().as_secs_f64() * 1000.0).round() / 10.0)
    };
    std::thread::sleep(Duration::from_secs(if calm { 10 } else { 5 }));
    let lively = share(seconds.min(45));
    // Calm after a minute on the attract screen (and a few seconds to start).
    let quiet = if calm {
        std::thread::sleep(Duration::from_secs(75).saturating_sub(launched.elapsed()));
        share(seconds)
    } else {
        Some(f64::NAN)
    };
    let _ = child.kill();
    let _ = child.wait();
    let (Some(lively), Some(calm)) = (lively, quiet) else {
        return Err("de kiosk stopte voor de meting klaar was".into());
    };
    Ok(AttractSize {
        size: format!("{w}x{h}"),
        lively,
        calm,
    })
}
