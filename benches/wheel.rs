//! `cargo bench`: the wheel's own drawing, without the window around it, and
//! the drawn jar.
//! Prints the median and 99th percentile of one frame at the sizes the
//! babbelschijf has on the common screens. The whole-window numbers come from
//! `rookvrij-kiosk bench`.

use std::time::Instant;

use rookvrij_kiosk::content;
use rookvrij_kiosk::wheel::art::{Finish, Fonts, Sector, WheelArt};

fn main() {
    let content = content::builtin();
    let labels: Vec<String> = content.topics.iter().map(|t| t.label.get("nl").to_string()).collect();
    let sectors: Vec<Sector> = content
        .topics
        .iter()
        .zip(&labels)
        .map(|(t, label)| Sector {
            color: t.color,
            label,
            icon: None,
        })
        .collect();
    let mut fonts = Fonts::new();
    // Wheel sizes in pixels on 800x480, 1280x800 and 1920x1080 screens.
    for size in [388u32, 664, 896] {
        let started = Instant::now();
        let art = WheelArt::new(size, &sectors, &mut fonts);
        let build = started.elapsed().as_secs_f64() * 1000.0;
        let mut out = vec![0u8; (size * size * 3) as usize];
        for (name, finish) in [
            ("turning", Finish::Turning),
            ("gliding", Finish::Gliding),
            ("at rest", Finish::Still),
        ] {
            let frames = if finish == Finish::Turning { 600 } else { 100 };
            let mut times: Vec<f64> = (0..frames)
                .map(|i| {
                    let started = Instant::now();
                    art.frame_on(i as f32 * 0.037, finish, [250, 247, 240], &mut out);
                    started.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            times.sort_by(f64::total_cmp);
            let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
            println!(
                "wheel {size}px {name}: p50 {:.2} ms, p99 {:.2} ms ({frames} frames)",
                at(0.5),
                at(0.99)
            );
        }
        println!("wheel {size}px picture drawn once: {build:.1} ms");
    }
    // The drawn jar, once per visit that opens the quiz.
    for count in [120u32, 420, 2000] {
        let started = Instant::now();
        let jar = rookvrij_kiosk::jar::draw(480, 640, count, 1);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "drawn jar 480x640, {count} butts: {ms:.1} ms ({} drawn)",
            jar.butts.len()
        );
    }
}
