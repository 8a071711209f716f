//! Chocolate pictures for the demo shop, drawn pixel by pixel and written as PNG, so a fresh
//! checkout ships no image files and every demo product still has a real picture.

// Shapes read best as plain comparisons of coordinates.
#![allow(clippy::manual_range_contains)]

use std::io::Write;

/// What a picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motif {
    /// A box of round truffles.
    Truffles,
    /// A segmented bar, half unwrapped.
    Bar,
    /// A jar (spread, syrup, sauce).
    Jar,
    /// A bowl of cocoa powder.
    Powder,
    /// A layered cake.
    Cake,
    /// A gift box with a ribbon (DIY kits, packaging).
    GiftBox,
}

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn mix(self, other: Rgb, t: f32) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }

    fn shade(self, amount: f32) -> Rgb {
        if amount >= 0.0 { self.mix(Rgb(255, 250, 240), amount) } else { self.mix(Rgb(20, 10, 5), -amount) }
    }
}

/// Chocolate colours.
pub const DARK: Rgb = Rgb(74, 42, 26);
pub const MILK: Rgb = Rgb(140, 88, 52);
pub const WHITE: Rgb = Rgb(240, 226, 196);
pub const RUBY: Rgb = Rgb(196, 82, 120);
pub const MATCHA: Rgb = Rgb(122, 160, 86);
pub const CARAMEL: Rgb = Rgb(206, 140, 62);

/// One picture: a motif in a chocolate colour on a warm background, `variant` moving details.
#[derive(Debug, Clone, Copy)]
pub struct Picture {
    pub motif: Motif,
    pub color: Rgb,
    pub accent: Rgb,
    pub variant: u32,
}

const SIZE: usize = 360;

fn circle(x: f32, y: f32, cx: f32, cy: f32, r: f32) -> Option<f32> {
    let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
    (d <= r).then_some(d / r)
}

impl Picture {
    fn background(&self, x: f32, y: f32) -> Rgb {
        let base = [Rgb(250, 238, 222), Rgb(244, 228, 214), Rgb(236, 226, 210), Rgb(248, 232, 228)]
            [(self.variant % 4) as usize];
        let vignette = ((x - 0.5).powi(2) + (y - 0.5).powi(2)).sqrt();
        let table = if y > 0.78 { -0.06 } else { 0.0 };
        base.shade(-vignette * 0.18 + table)
    }

    /// A sphere-like truffle shading from a light at the upper left.
    fn ball(&self, x: f32, y: f32, cx: f32, cy: f32, r: f32, color: Rgb) -> Option<Rgb> {
        circle(x, y, cx, cy, r).map(|d| {
            let light =
                1.0 - (((x - (cx - r * 0.35)).powi(2) + (y - (cy - r * 0.35)).powi(2)).sqrt() / (r * 1.6));
            let mut c = color.shade((light - 0.45) * 0.7);
            if d > 0.9 {
                c = c.shade(-0.25);
            }
            // A drizzle across the top.
            let wave = ((x - cx) / r * 9.0 + self.variant as f32).sin() * r * 0.08;
            if ((y - (cy - r * 0.2) - wave).abs() < r * 0.06) && !self.variant.is_multiple_of(3) {
                c = self.accent.shade(0.1);
            }
            c
        })
    }

    fn pixel(&self, x: f32, y: f32) -> Rgb {
        let bg = self.background(x, y);
        // A soft shadow under every motif.
        let shadow =
            circle(x, (y - 0.8) * 4.0 + 0.8, 0.5, 0.8, 0.42).map(|d| 0.12 * (1.0 - d)).unwrap_or(0.0);
        let ground = bg.shade(-shadow);
        match self.motif {
            Motif::Truffles => {
                let tray = x > 0.12 && x < 0.88 && y > 0.16 && y < 0.84;
                if !tray {
                    return ground;
                }
                let edge = x < 0.15 || x > 0.85 || y < 0.19 || y > 0.81;
                if edge {
                    return Rgb(150, 40, 52).shade(-0.1);
                }
                for row in 0..3 {
                    for col in 0..3 {
                        let (cx, cy) = (0.27 + col as f32 * 0.23, 0.31 + row as f32 * 0.19);
                        let color = if (row + col + self.variant as usize).is_multiple_of(4) {
                            self.accent
                        } else {
                            self.color
                        };
                        if let Some(c) = self.ball(x, y, cx, cy, 0.085, color) {
                            return c;
                        }
                    }
                }
                Rgb(228, 206, 176)
            }
            Motif::Bar => {
                let (left, right, top, bottom) = (0.2, 0.8, 0.16, 0.84);
                if x < left || x > right || y < top || y > bottom {
                    return ground;
                }
                // The lower part is still wrapped.
                if y > 0.6 {
                    let band = ((x * 30.0).sin() * 0.02) + if y < 0.64 { -0.12 } else { 0.0 };
                    return self.accent.shade(band);
                }
                let (cols, rows) = (3.0, 4.0);
                let fx = ((x - left) / (right - left) * cols).fract();
                let fy = ((y - top) / (0.6 - top) * rows).fract();
                let groove = fx < 0.06 || fx > 0.94 || fy < 0.08 || fy > 0.92;
                if groove { self.color.shade(-0.3) } else { self.color.shade(0.18 - (fx + fy) * 0.12) }
            }
            Motif::Jar => {
                let lid = x > 0.34 && x < 0.66 && y > 0.18 && y < 0.28;
                if lid {
                    return self.accent.shade(((x - 0.5) * 4.0).cos() * 0.1 - 0.05);
                }
                let body = x > 0.28 && x < 0.72 && y > 0.28 && y < 0.82;
                if !body {
                    return ground;
                }
                let label = y > 0.42 && y < 0.64 && x > 0.3 && x < 0.7;
                if label {
                    let heart = circle(x, y, 0.47, 0.5, 0.035).or(circle(x, y, 0.53, 0.5, 0.035)).is_some()
                        || (y > 0.5 && y < 0.58 && (x - 0.5).abs() < (0.58 - y) * 1.1);
                    return if heart { self.accent } else { Rgb(252, 244, 230) };
                }
                let gloss = if (x - 0.36).abs() < 0.02 { 0.35 } else { 0.0 };
                self.color.shade(gloss - (x - 0.5).abs() * 0.6)
            }
            Motif::Powder => {
                let bowl = y > 0.5 && y < 0.78 && circle(x, y, 0.5, 0.5, 0.3).is_some();
                if bowl {
                    return Rgb(246, 240, 230).shade(-(x - 0.5).abs() * 0.4);
                }
                if let Some(d) = circle(x, (y - 0.5) * 1.6 + 0.5, 0.5, 0.5, 0.27)
                    && y <= 0.5
                {
                    let grain = ((x * 977.0).sin() * (y * 613.0).cos()).abs() * 0.12;
                    return self.color.shade(0.15 - d * 0.3 - grain);
                }
                // A spoon leaning on the bowl.
                if (y - (0.9 - x * 0.7)).abs() < 0.015 && x > 0.6 && x < 0.9 {
                    return Rgb(200, 190, 180);
                }
                ground
            }
            Motif::Cake => {
                let (left, right) = (0.2, 0.8);
                if x < left || x > right {
                    return ground;
                }
                let top = 0.34 + ((x - 0.5) * 18.0 + self.variant as f32).sin().abs() * 0.025;
                if y < top - 0.06 || y > 0.78 {
                    if let Some(c) = self.ball(x, y, 0.5, 0.22, 0.06, self.accent) {
                        return c;
                    }
                    return ground;
                }
                if y < top {
                    return self.color.shade(0.1);
                }
                let layer = ((y - top) / 0.11) as i32;
                if layer % 2 == 0 { self.color.shade(-0.05) } else { WHITE.shade(-0.05) }
            }
            Motif::GiftBox => {
                let lid = x > 0.18 && x < 0.82 && y > 0.3 && y < 0.4;
                let body = x > 0.22 && x < 0.78 && y >= 0.4 && y < 0.82;
                let ribbon_v = (x - 0.5).abs() < 0.045;
                let ribbon_h = (y - 0.58).abs() < 0.04 && body;
                let bow = circle(x, y, 0.43, 0.25, 0.07).or(circle(x, y, 0.57, 0.25, 0.07)).is_some();
                if bow || ((lid || body) && (ribbon_v || ribbon_h)) {
                    return self.accent.shade(if bow { 0.08 } else { 0.0 });
                }
                if lid {
                    return self.color.shade(0.08);
                }
                if body {
                    let dots = ((x * 40.0).sin() * (y * 40.0).sin()) > 0.93;
                    return if dots { self.color.shade(0.25) } else { self.color.shade(-0.05) };
                }
                ground
            }
        }
    }

    /// Renders the picture as a PNG file.
    pub fn png(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity(SIZE * (SIZE * 3 + 1));
        for py in 0..SIZE {
            raw.push(0); // filter: none
            for px in 0..SIZE {
                let (x, y) = ((px as f32 + 0.5) / SIZE as f32, (py as f32 + 0.5) / SIZE as f32);
                let Rgb(r, g, b) = self.pixel(x, y);
                raw.extend_from_slice(&[r, g, b]);
            }
        }
        encode_png(SIZE as u32, SIZE as u32, &raw)
    }
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// An 8-bit RGB PNG from filtered scanlines.
fn encode_png(width: u32, height: u32, scanlines: &[u8]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let compressed = encoder.write_all(scanlines).and_then(|()| encoder.finish()).unwrap_or_default();
    chunk(&mut out, b"IDAT", &compressed);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_real_pngs_of_the_right_size_and_not_blank() {
        for motif in [Motif::Truffles, Motif::Bar, Motif::Jar, Motif::Powder, Motif::Cake, Motif::GiftBox] {
            let picture = Picture { motif, color: DARK, accent: RUBY, variant: 1 };
            let bytes = picture.png();
            assert_eq!(
                praline_kernel::storage::ImageKind::detect(&bytes),
                Some(praline_kernel::storage::ImageKind::Png)
            );
            let size = imagesize::blob_size(&bytes).expect("a readable PNG");
            assert_eq!((size.width, size.height), (SIZE, SIZE));
            // Not one flat colour: the motif is drawn.
            let dark_pixels = (0..SIZE)
                .filter(|i| {
                    picture.pixel(0.5, *i as f32 / SIZE as f32)
                        != picture.background(0.5, *i as f32 / SIZE as f32)
                })
                .count();
            assert!(dark_pixels > SIZE / 4, "{motif:?} draws too little");
        }
    }
}
