//! The home screen: the four activities and the invitation.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{Kiosk, on};
use crate::controller::{Activity, Intent};
use crate::ui;

pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::HomeAdapter>();
    on!(kiosk, adapter, on_open, |k, a| k
        .dispatch(Intent::Open(activity_from_ui(a))));
    on!(kiosk, adapter, on_open_interest, |k| k.dispatch(Intent::ActivityDone));
}

pub(super) fn activity_from_ui(a: ui::Activity) -> Activity {
    match a {
        ui::Activity::Wheel => Activity::Wheel,
        ui::Activity::Quiz => Activity::Quiz,
        ui::Activity::Stories => Activity::Stories,
        ui::Activity::Help => Activity::Help,
    }
}
