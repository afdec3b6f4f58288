//! Writes `phone_meta.rs`: for every country calling code, the regions that share it and,
//! per region, what validating an international number needs (see
//! `src/recognizers/contact/international.rs`): the national-number pattern and possible
//! lengths of the general description and of each number type that counts as valid (premium
//! rate, toll free, shared cost, VoIP, personal number, pager, UAN, voicemail, fixed line,
//! mobile), the national prefix, the pattern and transform rule for stripping it, and the
//! leading digits of regions that share a code.
//!
//! The data is read from the `phonenumber` crate's metadata (libphonenumber's), so the
//! engine validates against exactly the ranges that crate does, without loading the whole
//! database at run time. Patterns are kept in their ignore-whitespace syntax, each run of
//! whitespace shortened to one space, and stored once however many regions use them.

use phonenumber::metadata::{Descriptor, Metadata, DATABASE};
use std::collections::HashMap;
use std::fmt::Write;
use std::fs;
use std::path::Path;

#[derive(Default)]
struct Patterns {
    list: Vec<String>,
    index: HashMap<String, usize>,
}

impl Patterns {
    fn add(&mut self, source: &str) -> usize {
        // The patterns are compiled with whitespace ignored, so any run of it is as good as
        // one space, as long as no comment (`#`) or escaped space (`\ `) depends on it.
        assert!(
            !source.contains('#') && !source.contains("\\ ") && !source.contains("\\\n"),
            "phone pattern with a comment or an escaped space: {source}"
        );
        let compact = source.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(&i) = self.index.get(&compact) {
            return i;
        }
        self.list.push(compact.clone());
        self.index.insert(compact, self.list.len() - 1);
        self.list.len() - 1
    }
}

fn lengths(values: &[u16]) -> String {
    let mut s = String::from("&[");
    for (i, v) in values.iter().enumerate() {
        assert!(*v <= u8::MAX as u16, "phone number length {v}");
        if i > 0 {
            s.push_str(", ");
        }
        write!(s, "{v}").unwrap();
    }
    s.push(']');
    s
}

fn desc(patterns: &mut Patterns, d: &Descriptor) -> String {
    format!(
        "Desc {{ pattern: {}, lengths: {} }}",
        patterns.add(d.national_number().as_str()),
        lengths(d.possible_length())
    )
}

fn option_str(value: Option<&str>) -> String {
    match value {
        Some(v) => format!("Some({v:?})"),
        None => "None".into(),
    }
}

fn region(patterns: &mut Patterns, meta: &Metadata, known: bool) -> String {
    let d = meta.descriptors();
    // The types the `phonenumber` crate's validity counts. A number is valid when any of them
    // matches, so the order does not change the answer; the common ones come first, so a
    // number compiles fewer patterns.
    let types = [
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ];
    let types: Vec<String> = types
        .into_iter()
        .flatten()
        .map(|t| desc(patterns, t))
        .collect();
    let general = d.general();
    format!(
        "Region {{ id: {:?}, known: {known}, general: {}, general_local: {}, types: &[{}], \
         national_prefix: {}, prefix_for_parsing: {}, transform: {}, leading_digits: {} }}",
        meta.id(),
        desc(patterns, general),
        lengths(general.possible_local_length()),
        types.join(", "),
        option_str(meta.national_prefix()),
        match meta.national_prefix_for_parsing() {
            Some(re) => format!("Some({})", patterns.add(re.as_str())),
            None => "None".into(),
        },
        option_str(meta.national_prefix_transform_rule()),
        match meta.leading_digits() {
            Some(re) => format!("Some({})", patterns.add(re.as_str())),
            None => "None".into(),
        },
    )
}

pub fn write(out: &Path) {
    let mut patterns = Patterns::default();
    let mut regions: Vec<String> = Vec::new();
    let mut codes: Vec<(u16, Vec<usize>)> = Vec::new();
    // Country calling codes have one to three digits.
    for code in 1u16..1000 {
        let Some(ids) = DATABASE.region(&code) else {
            continue;
        };
        let metas = DATABASE
            .by_code(&code)
            .expect("a code with regions has metadata");
        assert_eq!(ids.len(), metas.len());
        let mut list = Vec::new();
        for (id, meta) in ids.iter().zip(&metas) {
            assert_eq!(*id, meta.id());
            // The crate finds a region's metadata through its id: a non-geographic entity
            // ("001") through its code, a country only when the id is one it knows.
            let known = *id == "001" || id.parse::<phonenumber::country::Id>().is_ok();
            // Where regions share a code, the crate needs every id to be a known one.
            assert!(
                ids.len() == 1 || (known && *id != "001"),
                "code {code}: region {id}"
            );
            list.push(regions.len());
            regions.push(region(&mut patterns, meta, known));
        }
        codes.push((code, list));
    }

    let mut rs = String::new();
    rs.push_str("// Generated by build_phone.rs from the phonenumber crate's metadata.\n\n");
    writeln!(rs, "const PATTERN_COUNT: usize = {};", patterns.list.len()).unwrap();
    writeln!(
        rs,
        "static PATTERNS: [&str; PATTERN_COUNT] = {:?};",
        patterns.list
    )
    .unwrap();
    writeln!(rs, "static REGIONS: [Region; {}] = [", regions.len()).unwrap();
    for r in &regions {
        writeln!(rs, "    {r},").unwrap();
    }
    rs.push_str("];\n");
    writeln!(rs, "static CODES: [(u16, &[u16]); {}] = [", codes.len()).unwrap();
    for (code, list) in &codes {
        let list: Vec<String> = list.iter().map(|i| i.to_string()).collect();
        writeln!(rs, "    ({code}, &[{}]),", list.join(", ")).unwrap();
    }
    rs.push_str("];\n");
    fs::write(out.join("phone_meta.rs"), rs).unwrap();
}
