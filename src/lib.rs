//! rookvrij-kiosk: a touchscreen kiosk for neighbourhood smoking-cessation work.
//! The library does the work; `main.rs` only parses arguments.

pub mod atomic_file;
pub mod audio;
pub mod bench;
pub mod bench_load;
pub mod bench_start;
#[cfg(feature = "device")]
pub mod cli;
pub mod clock;
pub mod config;
pub mod controller;
pub mod controllers;
pub mod headless;
pub mod image;
pub mod preview;
pub mod report;
pub mod shelf;
pub mod simulate;
pub mod store;
pub mod team;

// The device-free core, under the names the kiosk has always used.
pub use rookvrij_core::{content, events, jar, known, picture, qr, quiz, recording, wheel};
/// The Slint screens (generated from `ui/app.slint`, compiled in their own crate).
pub use rookvrij_ui as ui;
