//! Glyph widths of the standard PDF fonts (Adobe's Core 14 AFM files, in thousandths of the
//! font size) and the WinAnsi encoding the PDF declares, so lines wrap where the viewer draws.

/// Helvetica (and Helvetica-Oblique), characters 32 to 126.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p..~
];

/// Helvetica-Bold (and Helvetica-BoldOblique), characters 32 to 126.
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0..?
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // P.._
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // `..o
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // p..~
];

/// The face a run of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
    BoldItalic,
    Mono,
}

impl Face {
    /// The standard font's name.
    pub fn base_font(self) -> &'static [u8] {
        match self {
            Face::Regular => b"Helvetica",
            Face::Bold => b"Helvetica-Bold",
            Face::Italic => b"Helvetica-Oblique",
            Face::BoldItalic => b"Helvetica-BoldOblique",
            Face::Mono => b"Courier",
        }
    }

    /// The resource name in each page's font dictionary.
    pub fn resource(self) -> &'static [u8] {
        match self {
            Face::Regular => b"F1",
            Face::Bold => b"F2",
            Face::Italic => b"F3",
            Face::BoldItalic => b"F4",
            Face::Mono => b"F5",
        }
    }

    pub const ALL: [Face; 5] = [
        Face::Regular,
        Face::Bold,
        Face::Italic,
        Face::BoldItalic,
        Face::Mono,
    ];
}

/// The WinAnsi code of a character; `?` for characters the encoding lacks.
pub fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        '\u{2011}' | '\u{2010}' | '\u{2212}' => b'-',
        '\u{2009}' | '\u{202f}' | '\u{2002}' | '\u{2003}' => b' ',
        _ => b'?',
    }
}

/// The width of a WinAnsi code in thousandths of the font size.
pub fn width(face: Face, code: u8) -> u16 {
    let table = match face {
        Face::Mono => return 600,
        Face::Regular | Face::Italic => &HELVETICA,
        Face::Bold | Face::BoldItalic => &HELVETICA_BOLD,
    };
    let bold = matches!(face, Face::Bold | Face::BoldItalic);
    match code {
        32..=126 => table[usize::from(code - 32)],
        0x85 | 0x97 | 0x89 => 1000,
        0x96 => 556,
        0x91 | 0x92 | 0x82 => {
            if bold {
                278
            } else {
                222
            }
        }
        0x93 | 0x94 | 0x84 => {
            if bold {
                500
            } else {
                333
            }
        }
        0x95 => 350,
        0x99 => 1000,
        0xa0 => 278,
        0xb7 => 278,
        0xa7 => 556,
        0xa9 | 0xae => 737,
        0xc0..=0xc5 => 667,
        0xc7 => 722,
        0xc8..=0xcb => 667,
        0xcc..=0xcf => 278,
        0xd1 => 722,
        0xd2..=0xd6 | 0xd8 => 778,
        0xd9..=0xdc => 722,
        0xe0..=0xe5 | 0xe8..=0xeb | 0xf2..=0xf6 | 0xf8 | 0xf9..=0xfc => 556,
        0xe7 => 500,
        0xec..=0xef => 278,
        0xf1 => 556,
        _ => 556,
    }
}

/// The width of a string in points.
pub fn text_width(face: Face, size: f32, s: &str) -> f32 {
    s.chars()
        .map(|c| f32::from(width(face, win_ansi(c))))
        .sum::<f32>()
        * size
        / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_widths() {
        // From Helvetica.afm: "Hello" = 722 + 556 + 222 + 222 + 556.
        assert_eq!(text_width(Face::Regular, 1000.0, "Hello"), 2278.0);
        assert_eq!(text_width(Face::Bold, 1000.0, "W"), 944.0);
        assert_eq!(text_width(Face::Mono, 10.0, "abc"), 18.0);
        assert_eq!(win_ansi('—'), 0x97);
        assert_eq!(win_ansi('中'), b'?');
    }
}
