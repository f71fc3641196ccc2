//! rookvrij-core: the kiosk's rules without its devices.
//!
//! Content (model and checks), the wheel and the jar (geometry, spin physics,
//! drawing into pixel buffers), the quiz, the report's merge and writers, the
//! recordings' check, QR codes, and the Slint screens with a headless
//! renderer. No database, sound device, window system, thread or clock is
//! assumed where a parameter does: the kiosk crate brings those, and a
//! browser front end can bring its own.

pub mod bidi;
pub mod content;
pub mod events;
#[cfg(feature = "ui")]
pub mod headless;
pub mod jar;
pub mod known;
pub mod picture;
pub mod qr;
pub mod quiz;
pub mod recording;
pub mod report;
pub mod wheel;

/// The Slint UI compiled from `ui/app.slint`.
#[cfg(feature = "ui")]
pub mod ui {
    slint::include_modules!();
}
