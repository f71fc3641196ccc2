//! The README's run command, proven: the real binary opens a window under Xvfb
//! with the demo content, and a screenshot of it is not blank. It runs under
//! strace, and makes no network system call but the X connection's.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn free_display() -> u32 {
    (90..200)
        .find(|n| {
            !PathBuf::from(format!("/tmp/.X11-unix/X{n}")).exists()
                && !PathBuf::from(format!("/tmp/.X{n}-lock")).exists()
        })
        .unwrap_or(199)
}

/// A process group (strace and the kiosk it runs), killed whole at the end.
struct Group(std::process::Child);
impl Drop for Group {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", "--", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

struct Kill(std::process::Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Reads a binary PPM (P6) into (width, height, rgb bytes).
fn read_ppm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).to_string());
    }
    assert_eq!(fields[0], "P6");
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    (w, h, bytes[i + 1..].to_vec())
}

#[test]
fn the_kiosk_opens_a_window_with_the_attract_screen() {
    assert!(
        Command::new("Xvfb").arg("-help").stderr(Stdio::null()).status().is_ok(),
        "Xvfb is needed for this test: run ./dev test, which installs it"
    );
    let n = free_display();
    let display = format!(":{n}");
    let _xvfb = Kill(
        Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb"),
    );
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let t = Instant::now();
    while !socket.exists() && t.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let data = tempfile::tempdir().unwrap();
    // Under strace, which writes down every network system call the kiosk makes.
    let trace = data.path().join("network.trace");
    let _kiosk = Group(
        Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=%network", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_rookvrij-kiosk"))
            .args(["run", "--data"])
            .arg(data.path())
            .process_group(0)
            .env("DISPLAY", &display)
            .env("SLINT_BACKEND", "winit-software")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the kiosk under strace: run ./dev test, which installs strace"),
    );
    // Wait until the screen shows more than the black root window.
    let t = Instant::now();
    let mut last = (0, 0);
    while t.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(500));
        let shot = data.path().join("screen.xwd");
        let Ok(xwd) = Command::new("timeout")
            .args(["10", "xwd", "-root", "-silent", "-display", &display])
            .output()
        else {
            panic!("xwd (x11-apps) is needed: run ./dev test, which installs it");
        };
        std::fs::write(&shot, &xwd.stdout).unwrap();
        let Ok(out) = Command::new("xwdtopnm").arg(&shot).stderr(Stdio::null()).output() else {
            panic!("xwdtopnm (netpbm) is needed: run ./dev test, which installs it");
        };
        if out.stdout.len() < 20 {
            continue;
        }
        let (w, h, rgb) = read_ppm(&out.stdout);
        // The attract screen: mostly the theme's green, with the wheel's colours.
        let green = rgb
            .chunks(3)
            .filter(|p| p[0] < 60 && (90..140).contains(&p[1]) && (70..110).contains(&p[2]))
            .count();
        let colours: std::collections::HashSet<&[u8]> = rgb.chunks(3).step_by(97).collect();
        last = (green, colours.len());
        if green > w * h / 4 && colours.len() > 8 {
            // Offline, always: the kiosk talked to the X server over its
            // local socket, and opened no network socket of any kind.
            let calls = std::fs::read_to_string(&trace).unwrap();
            assert!(calls.contains("AF_UNIX"), "the trace saw the X connection: {calls}");
            for bad in ["AF_INET", "AF_INET6", "AF_PACKET", "listen("] {
                assert!(!calls.contains(bad), "the kiosk made a network call ({bad}):\n{calls}");
            }
            return;
        }
    }
    panic!("no kiosk window appeared within 60 s (green pixels, distinct colours: {last:?})");
}
