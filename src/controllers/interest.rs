//! The invitation: more information, I want to quit, or not now.

use std::rc::Rc;

use slint::ComponentHandle;

use super::{Kiosk, on};
use crate::content::Content;
use crate::controller::{self, Intent, Interest};
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

impl Kiosk {
    /// The invitation names what the visit was about: the wheel's topic or
    /// the story's teller; else it asks about stopping in general.
    pub(super) fn sync_interest(&self, content: &Content, visit: &controller::Visit) {
        if visit.screen != controller::Screen::Interest {
            return;
        }
        let lang = visit.language.as_str();
        let subject = match visit.activity {
            Some(controller::Activity::Wheel) => visit.topic.and_then(|i| content.topics.get(i)).map(|t| &t.label),
            Some(controller::Activity::Stories) => visit.story.and_then(|i| content.stories.get(i)).map(|s| &s.name),
            _ => None,
        };
        let subject = subject.map(|t| content.shown(t, lang)).unwrap_or_default();
        self.app.global::<ui::InterestAdapter>().set_subject(subject.into());
    }
}
