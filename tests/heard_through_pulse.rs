//! Two recordings made 20 dB apart, played by the kiosk's real sound path
//! (rodio → cpal → ALSA → PulseAudio) into a null sink and recorded with
//! `parec`, as TECH-NOTES' "Hearing what the kiosk plays" describes: they
//! must sound within 2 LU of each other. Needs pulseaudio, pulseaudio-utils
//! and libasound2-plugins (`./dev test` installs them).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rookvrij_kiosk::audio::{Audio, Device, Phase};
use rookvrij_kiosk::content::{Source, StoryAudio};

mod folders;

use folders::tool as run;

/// A PulseAudio server of this test's own, with a null sink called `kiosk`.
struct Pulse {
    daemon: Child,
}

impl Pulse {
    fn start(home: &Path) -> Pulse {
        let runtime = home.join("pulse");
        std::fs::create_dir_all(&runtime).unwrap();
        // SAFETY: this test binary holds one test; nothing else reads the environment.
        unsafe {
            std::env::set_var("HOME", home);
            std::env::set_var("PULSE_RUNTIME_PATH", &runtime);
            std::env::set_var("PULSE_SERVER", format!("unix:{}/native", runtime.display()));
            std::env::set_var("XDG_RUNTIME_DIR", home);
        }
        std::fs::write(
            home.join(".asoundrc"),
            "pcm.!default { type pulse }\nctl.!default { type pulse }\n",
        )
        .unwrap();
        let daemon = Command::new("pulseaudio")
            .args([
                "-n",
                "--daemonize=no",
                "--exit-idle-time=-1",
                "--system=false",
                "--disallow-exit",
                "--load=module-null-sink sink_name=kiosk",
                "--load=module-native-protocol-unix",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("pulseaudio is needed for this test (./dev test installs it): {e}"));
        let pulse = Pulse { daemon };
        let since = Instant::now();
        while !Command::new("pactl")
            .args(["set-default-sink", "kiosk"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            assert!(since.elapsed() < Duration::from_secs(30), "pulseaudio did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        pulse
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Plays one recording on `audio` to its end while `parec` records the
/// sink; returns the recording's integrated loudness as heard.
fn heard(audio: &Audio, dir: &Path, recording: &StoryAudio) -> f64 {
    let wav = dir.join(format!("{}.heard.wav", recording.path));
    let mut parec = Command::new("parec")
        .args([
            "-d",
            "kiosk.monitor",
            "--file-format=wav",
            "--channels=1",
            "--rate=48000",
        ])
        .arg(&wav)
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let ticket = audio.play_story(&Source::folder(dir), recording);
    let since = Instant::now();
    loop {
        let status = audio.story_status();
        if status.ticket == ticket && status.phase == Phase::Ended {
            break;
        }
        assert!(
            !matches!(status.phase, Phase::Failed),
            "{}: failed to play",
            recording.path
        );
        assert!(
            since.elapsed() < Duration::from_secs(60),
            "{}: did not end",
            recording.path
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(500));
    // SIGTERM (by pid) lets parec close the wav.
    run("kill", &["-TERM", &parec.id().to_string()]);
    let _ = parec.wait();
    let bytes = std::fs::read(&wav).unwrap();
    let samples: Vec<f32> = match wav_samples(&bytes) {
        Some(s) => s,
        None => panic!("{}: parec wrote no wav", wav.display()),
    };
    let mut meter = ebur128::EbuR128::new(1, 48000, ebur128::Mode::I).unwrap();
    meter.add_frames_f32(&samples).unwrap();
    meter.loudness_global().unwrap()
}

/// The 16-bit samples of a wav file's data chunk (what parec writes).
fn wav_samples(bytes: &[u8]) -> Option<Vec<f32>> {
    let at = bytes.windows(4).position(|w| w == b"data")? + 8;
    Some(
        bytes
            .get(at..)?
            .chunks_exact(2)
            .map(|p| i16::from_le_bytes([p[0], p[1]]) as f32 / 32768.0)
            .collect(),
    )
}

#[test]
fn two_recordings_20_db_apart_sound_within_2_lu_on_the_real_sound_output() {
    let home = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let _pulse = Pulse::start(home.path());
    let mut made = Vec::new();
    for (name, volume) in [("near.ogg", "volume=4"), ("far.ogg", "volume=0.4")] {
        let path = dir.path().join(name);
        let filter = format!("sine=frequency=330:duration=5,tremolo=f=3:d=0.7,{volume}");
        run(
            "ffmpeg",
            &[
                "-nostdin",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                &filter,
                "-c:a",
                "libvorbis",
                &path.to_string_lossy(),
            ],
        );
        let heard = rookvrij_kiosk::recording::check(&std::fs::read(&path).unwrap(), "ogg").unwrap();
        made.push((
            heard.loudness.unwrap(),
            StoryAudio {
                path: name.to_string(),
                length: heard.length(),
                gain: heard.gain(),
                skip: heard.skip(),
            },
        ));
    }
    assert!(
        (made[0].0 - made[1].0 - 20.0).abs() < 1.0,
        "made 20 dB apart: {} {}",
        made[0].0,
        made[1].0
    );
    let audio = Audio::start(1.0);
    assert_eq!(
        audio.wait_ready(Duration::from_secs(30)),
        Device::Ready,
        "the kiosk found the PulseAudio sink"
    );
    let near = heard(&audio, dir.path(), &made[0].1);
    let far = heard(&audio, dir.path(), &made[1].1);
    eprintln!(
        "made {:.1} and {:.1} LUFS; heard {near:.1} and {far:.1} LUFS",
        made[0].0, made[1].0
    );
    assert!((near - far).abs() < 2.0, "heard {near:.1} and {far:.1} LUFS");
}
