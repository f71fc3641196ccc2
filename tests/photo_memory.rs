//! The memory a 12 MP phone photo takes to be made ready for the screen,
//! counted by this test binary's allocator (one test: nothing else allocates
//! here). The photo is made by ImageMagick, as TECH-NOTES describes.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = NOW.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        NOW.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

#[test]
fn a_12_megapixel_photo_is_made_ready_in_a_fraction_of_its_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phone.jpg");
    let out = std::process::Command::new("convert")
        .args(["-size", "4032x3024", "plasma:fractal", "-quality", "90"])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("ImageMagick's convert is needed (./dev test installs it): {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let bytes = std::fs::read(&path).unwrap();
    let before = NOW.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    let fitted =
        rookvrij_kiosk::picture::decode_fitted(&bytes, Some("phone.jpg"), rookvrij_kiosk::picture::SHOWN).unwrap();
    let peak = PEAK.load(Ordering::SeqCst) - before;
    assert_eq!(fitted.original, (4032, 3024));
    assert_eq!(fitted.image.dimensions(), (560, 420));
    // Its full pixels would be 36.6 MB as RGB, 48.8 MB as RGBA.
    let full_rgb = 4032 * 3024 * 3;
    assert!(peak < full_rgb / 4, "peak {peak} bytes for a 12 MP photo");
    eprintln!(
        "12 MP JPEG ({} bytes): peak {:.1} MB while fitted to 560x420",
        bytes.len(),
        peak as f64 / 1e6
    );
}
