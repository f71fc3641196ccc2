// Compiles the .slint UI with its bundled translations and embeds fonts and
// icons, so the binary runs from any folder and on the read-only kiosk image.
fn main() {
    // slint-build names the translation domain after the package; the .po
    // files are the product's, `ui/translations/<lang>/LC_MESSAGES/rookvrij-kiosk.po`.
    // SAFETY: the build script has one thread, and nothing reads the environment concurrently.
    unsafe { std::env::set_var("CARGO_PKG_NAME", "rookvrij-kiosk") };
    let config = slint_build::CompilerConfiguration::new()
        .with_bundled_translations("translations")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None)
        .embed_resources(slint_build::EmbedResourcesKind::EmbedFiles)
        // Element lookup by accessible-id in the headless tests needs debug
        // info; the studio's WebAssembly goes without (its folder is small).
        .with_debug_info(std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32"));
    if let Err(e) = slint_build::compile_with_config("app.slint", config) {
        eprintln!("Slint UI failed to compile: {e}");
        std::process::exit(1);
    }
    // The screens, widgets, icons and translations in this folder, and the
    // fonts the .slint files embed from media/fonts.
    println!("cargo:rerun-if-changed=.");
    println!("cargo:rerun-if-changed=../media/fonts");
}
