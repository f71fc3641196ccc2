//! rookvrij-ui: the kiosk's Slint screens, compiled from `ui/app.slint`.
//!
//! Only generated code: the globals (one per screen) are the boundary the
//! kiosk's controllers drive; see `ui/adapters.slint`.

slint::include_modules!();
