//! The invitation: more information, I want to quit, or not now.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{Kiosk, on};
use crate::controller::{Intent, Interest};
use crate::ui;

pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::InterestAdapter>();
    on!(kiosk, adapter, on_choose, |k, choice| k
        .dispatch(Intent::Interest(interest_from_ui(choice))));
}

fn interest_from_ui(choice: ui::InterestChoice) -> Interest {
    match choice {
        ui::InterestChoice::MoreInfo => Interest::MoreInfo,
        ui::InterestChoice::WantToQuit => Interest::WantToQuit,
        ui::InterestChoice::NotNow => Interest::NotNow,
    }
}
