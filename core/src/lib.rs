//! rookvrij-core: the kiosk's rules without its devices.
//!
//! Content (model and checks), the wheel and the jar (geometry, spin physics,
//! drawing into pixel buffers), the quiz, the report's merge and writers, the
//! recordings' check and QR codes. No screen (that is `rookvrij-ui`), and no
//! database, sound device, window system, thread or clock is assumed where a
//! parameter does: the kiosk crate brings those, and a browser front end can
//! bring its own.

pub mod bidi;
pub mod content;
pub mod events;
pub mod jar;
pub mod known;
pub mod picture;
pub mod qr;
pub mod quiz;
pub mod recording;
pub mod report;
pub mod wheel;
