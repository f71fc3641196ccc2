// Compiles the .slint UI with its bundled translations and embeds fonts and icons,
// so the binary runs from any folder and on the read-only kiosk image. Also embeds
// the demo content (TOML, images and the stories' audio), the fallback when a
// team's folder is broken.
use std::path::Path;

fn main() {
    #[cfg(feature = "ui")]
    compile_ui();
    println!("cargo:rerun-if-changed=../media");
    if let Err(e) = embed_demo_content() {
        eprintln!("could not embed the demo content: {e}");
        std::process::exit(1);
    }
}

#[cfg(feature = "ui")]
fn compile_ui() {
    // slint-build names the translation domain after the package; the .po
    // files are the product's, `ui/translations/<lang>/LC_MESSAGES/rookvrij-kiosk.po`.
    // SAFETY: the build script has one thread, and nothing reads the environment concurrently.
    unsafe { std::env::set_var("CARGO_PKG_NAME", "rookvrij-kiosk") };
    let config = slint_build::CompilerConfiguration::new()
        .with_bundled_translations("../ui/translations")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None)
        .embed_resources(slint_build::EmbedResourcesKind::EmbedFiles)
        // Element lookup by accessible-id in the headless tests needs debug
        // info; the studio's WebAssembly goes without (its folder is small).
        .with_debug_info(std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() != Ok("wasm32"));
    // The UI and the demo media sit at the top of the workspace, beside the kiosk.
    if let Err(e) = slint_build::compile_with_config("../ui/app.slint", config) {
        eprintln!("Slint UI failed to compile: {e}");
        std::process::exit(1);
    }
    println!("cargo:rerun-if-changed=../ui");
}

fn embed_demo_content() -> std::io::Result<()> {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").map_err(std::io::Error::other)?;
    let media = Path::new(&manifest).join("../media");
    let mut files = Vec::new();
    collect(&media, &media, &mut files)?;
    files.sort();
    let mut out = String::from(
        "/// The demo content built into the binary (TOML, images, audio; no fonts).\npub static BUILTIN_MEDIA: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in files {
        out.push_str(&format!("    ({rel:?}, include_bytes!({abs:?})),\n"));
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").map_err(std::io::Error::other)?;
    std::fs::write(Path::new(&out_dir).join("builtin_media.rs"), out)
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let rel = path
            .strip_prefix(root)
            .map_err(std::io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            if rel != "fonts" {
                collect(root, &path, files)?;
            }
        } else if [".toml", ".svg", ".png", ".jpg", ".ogg"]
            .iter()
            .any(|ext| rel.ends_with(ext))
        {
            files.push((rel, path.to_string_lossy().into_owned()));
        }
    }
    Ok(())
}
