//! A headless Slint platform: the software renderer into a pixel buffer, with
//! a clock that only moves when told. Used by `preview` and `bench`: no
//! display, no GPU.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use slint::PhysicalSize;
use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, WindowAdapter};

pub use slint::Rgb8Pixel;

struct HeadlessPlatform {
    window: Rc<MinimalSoftwareWindow>,
    time: Rc<Cell<Duration>>,
}

impl Platform for HeadlessPlatform {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, slint::PlatformError> {
        Ok(self.window.clone())
    }

    fn duration_since_start(&self) -> Duration {
        self.time.get()
    }
}

/// The one headless window of this thread.
pub struct Headless {
    window: Rc<MinimalSoftwareWindow>,
    time: Rc<Cell<Duration>>,
}

impl Headless {
    /// Installs the headless platform. Once per process, before any window exists.
    pub fn install() -> Result<Headless, slint::PlatformError> {
        let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
        let time = Rc::new(Cell::new(Duration::ZERO));
        slint::platform::set_platform(Box::new(HeadlessPlatform {
            window: window.clone(),
            time: time.clone(),
        }))
        .map_err(|e| slint::PlatformError::Other(e.to_string()))?;
        Ok(Headless { window, time })
    }

    /// Moves the clock: timers fire and animations advance.
    pub fn advance(&self, d: Duration) {
        self.time.set(self.time.get() + d);
        slint::platform::update_timers_and_animations();
    }

    pub fn set_size(&self, width: u32, height: u32) {
        self.window.set_size(PhysicalSize::new(width, height));
    }

    /// Renders the whole window into an RGB buffer.
    pub fn render(&self, width: u32, height: u32) -> Vec<Rgb8Pixel> {
        self.set_size(width, height);
        slint::platform::update_timers_and_animations();
        let mut buffer = vec![Rgb8Pixel::default(); (width * height) as usize];
        self.window.request_redraw();
        self.window.draw_if_needed(|renderer| {
            renderer.set_repaint_buffer_type(RepaintBufferType::NewBuffer);
            renderer.render(&mut buffer, width as usize);
        });
        buffer
    }

    /// Renders only what changed into a buffer kept between frames, as the
    /// software renderer does on a device (`width` x `height` pixels).
    /// False when nothing had changed.
    pub fn render_changes(&self, buffer: &mut Vec<Rgb8Pixel>, width: u32, height: u32) -> bool {
        buffer.resize((width * height) as usize, Rgb8Pixel::default());
        self.window.draw_if_needed(|renderer| {
            renderer.set_repaint_buffer_type(RepaintBufferType::ReusedBuffer);
            renderer.render(buffer, width as usize);
        })
    }
}

/// Writes an RGB buffer as a PNG file.
pub fn write_png(path: &std::path::Path, width: u32, height: u32, pixels: &[Rgb8Pixel]) -> std::io::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let bytes: Vec<u8> = pixels.iter().flat_map(|p| [p.r, p.g, p.b]).collect();
    rookvrij_core::picture::write_png_rgb(file, width, height, &bytes)
}
