//! Stop-help: the options as cards, one opened with its QR code to take home.

use std::rc::Rc;

use slint::{ComponentHandle, Image, ModelRc, Rgba8Pixel, SharedPixelBuffer, VecModel};

use super::{Kiosk, on, update_rows};
use crate::content::{Content, HelpKind};
use crate::controller::{self, Intent};
use crate::ui;

/// The help screen's own state: its cards model and what the opened card shows.
#[derive(Default)]
pub(super) struct HelpView {
    options: Rc<VecModel<ui::HelpCard>>,
    /// The option opened and its language, shown with its QR code.
    opened: Option<(usize, String)>,
}

impl HelpView {
    /// Other content: the option shown before is drawn again when opened.
    pub(super) fn forget_opened(&mut self) {
        self.opened = None;
    }
}

pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::HelpAdapter>();
    adapter.set_options(ModelRc::from(kiosk.help_view.borrow().options.clone()));
    on!(kiosk, adapter, on_open, |k, i| k
        .dispatch(Intent::OpenContact(i.max(0) as usize)));
    on!(kiosk, adapter, on_close, |k| k.dispatch(Intent::CloseContact));
}

impl Kiosk {
    pub(super) fn sync_help(&self, content: &Content, visit: &controller::Visit) {
        let help = self.app.global::<ui::HelpAdapter>();
        help.set_ambassador_present(self.controller().config().ambassador_present);
        let opened = visit.contact.map(|i| (i, visit.language.clone()));
        if self.help_view.borrow().opened == opened {
            return;
        }
        if let Some(option) = visit.contact.and_then(|i| content.help.get(i)) {
            help.set_opened(self.help_card(content, option, &visit.language));
            help.set_opened_qr(qr_image(&option.link));
        }
        self.help_view.borrow_mut().opened = opened;
    }

    /// The cards in the shown language, with the photos decoded so far.
    pub(super) fn refresh_help_cards(&self) {
        let controller = self.controller();
        let content = controller.content().clone();
        let visit = controller.visit().clone();
        drop(controller);
        let lang = visit.language.as_str();
        let options: Vec<ui::HelpCard> = content.help.iter().map(|o| self.help_card(&content, o, lang)).collect();
        let model = self.help_view.borrow().options.clone();
        update_rows(&model, options);
        if let Some(option) = visit.contact.and_then(|i| content.help.get(i)) {
            self.app
                .global::<ui::HelpAdapter>()
                .set_opened(self.help_card(&content, option, lang));
        }
    }

    pub(super) fn help_card(&self, content: &Content, option: &crate::content::HelpOption, lang: &str) -> ui::HelpCard {
        ui::HelpCard {
            kind: match option.kind {
                HelpKind::Coach => ui::HelpKind::Coach,
                HelpKind::Group => ui::HelpKind::Group,
                HelpKind::Line => ui::HelpKind::Line,
                HelpKind::Doctor => ui::HelpKind::Doctor,
                HelpKind::Online => ui::HelpKind::Online,
            },
            name: content.shown(&option.name, lang).into(),
            what: content.shown(&option.what, lang).into(),
            when: content.shown(&option.when, lang).into(),
            cost: content.shown(&option.cost, lang).into(),
            photo: self.image(&content.source, &option.photo),
            contact: content.shown_str(&option.show, lang).into(),
        }
    }
}

/// Eight pixels a module: crisp when Slint scales it (pixelated) to its place.
pub(super) fn qr_image(link: &str) -> Image {
    let Some(qr) = crate::qr::encode(link, 8) else {
        return Image::default();
    };
    let mut buffer = SharedPixelBuffer::<Rgba8Pixel>::new(qr.size, qr.size);
    for (dst, &v) in buffer.make_mut_slice().iter_mut().zip(&qr.pixels) {
        *dst = Rgba8Pixel {
            r: v,
            g: v,
            b: v,
            a: 255,
        };
    }
    Image::from_rgba8(buffer)
}
