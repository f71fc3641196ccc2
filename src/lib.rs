//! rookvrij-kiosk: a touchscreen kiosk for neighbourhood smoking-cessation work.
//! The library does the work; `main.rs` only parses arguments.

pub mod audio;
pub mod bench;
pub mod cli;
pub mod clock;
pub mod config;
pub mod content;
pub mod controller;
pub mod events;
pub mod headless;
pub mod image;
pub mod jar;
pub mod kiosk;
pub mod preview;
pub mod qr;
pub mod quiz;
pub mod report;
pub mod simulate;
pub mod store;
pub mod team;
pub mod wheel;

/// The Slint UI compiled from `ui/app.slint`.
pub mod ui {
    slint::include_modules!();
}
