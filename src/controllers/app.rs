//! What every screen shares: the frame's home and help buttons, the language
//! picker, and the language shown (translations, reading direction, fonts).

use std::rc::Rc;

use slint::{ComponentHandle, ModelRc};

use super::{Kiosk, on, update_rows};
use crate::content::Content;
use crate::controller::{Activity, Intent};
use crate::ui;

pub(super) fn setup(app: &ui::App, kiosk: &Rc<Kiosk>) {
    let adapter = app.global::<ui::AppAdapter>();
    adapter.set_languages(ModelRc::from(kiosk.languages.clone()));
    on!(kiosk, adapter, on_go_home, |k| k.dispatch(Intent::Home));
    on!(kiosk, adapter, on_open_help, |k| k
        .dispatch(Intent::Open(Activity::Help)));
    on!(kiosk, adapter, on_choose_language, |k, code| k
        .dispatch(Intent::ChooseLanguage(code.to_string())));
}

impl Kiosk {
    /// Language change: translations, reading direction, and every content text.
    pub(super) fn show_language(&self, content: &Rc<Content>, lang: &str) {
        // Dutch is the source language of the UI strings: select "" for it.
        let bundle = if lang == "nl" { "" } else { lang };
        if slint::select_bundled_translation(bundle).is_err() {
            let _ = slint::select_bundled_translation("");
        }
        let rtl = content.language(lang).is_some_and(|l| l.rtl);
        let theme = self.app.global::<ui::Theme>();
        theme.set_is_rtl(rtl);
        theme.set_font(crate::content::font_family(lang).into());

        let app = self.app.global::<ui::AppAdapter>();
        app.set_language(lang.into());
        app.set_language_name(
            content
                .language(lang)
                .map(|l| l.name.clone())
                .unwrap_or_default()
                .into(),
        );
        app.set_example_content(content.example);
        let langs: Vec<ui::LanguageOption> = content
            .languages
            .iter()
            .map(|l| ui::LanguageOption {
                code: l.code.clone().into(),
                name: l.name.clone().into(),
                font: crate::content::font_family(&l.code).into(),
            })
            .collect();
        update_rows(&self.languages, langs);

        self.show_greetings(content);

        *self.shown_language.borrow_mut() = Some(lang.to_string());
        self.refresh_cards();
        self.draw_ahead(lang);
    }
}
