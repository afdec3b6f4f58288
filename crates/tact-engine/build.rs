//! Compiles the word lists under `data/lexicons/` into automata that the engine embeds with
//! `include_bytes!`, so nothing is parsed when Tact starts.
//!
//! Outputs (in OUT_DIR):
//! - `words.tbl`: a hash table from a lower-case word to a packed `u64` of facts about it
//!   (see `src/lexicon.rs` for the layout);
//! - `cities.tbl`: lower-case US city name (one or more words) → states mask and population;
//! - `phrases.tbl`: a hash table of lower-case phrases (health terms, phrases that look like
//!   names but are not people, well-known people), keyed also by each phrase's leading words,
//!   so the engine finds phrases by walking word by word from each word start;
//! - `cues.bin`: the cue files of `data/conduct/` compiled for the conduct rules and triage
//!   (see `src/conduct/model.rs`);
//! - `states.rs`: the table of US states and territories;
//! - `world_cities.rs`: the sorted names of large cities outside the US;
//! - `phone_meta.rs`: per country calling code, what validating an international phone
//!   number needs, taken from the `phonenumber` crate's metadata (see `build_phone.rs`).

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "build_phone.rs"]
mod phone_meta;

// The cue language, compiled here with the engine's own code (`Kind` is the one type it
// borrows from the engine). Each side uses part of the module.
#[allow(dead_code)]
#[path = "src/conduct/model.rs"]
mod cue_model;
#[allow(dead_code)]
#[path = "src/input.rs"]
mod input;

// Keep in step with src/lexicon.rs.
const FIRST: u64 = 1 << 0;
const FIRST_EXTRA: u64 = 1 << 1;
const SURNAME: u64 = 1 << 2;
const SURNAME_EXTRA: u64 = 1 << 3;
const NOT_NAME: u64 = 1 << 4;
const AMBIGUOUS_NAME: u64 = 1 << 5;
const NEVER_NAME: u64 = 1 << 6;
const STATE_NAME: u64 = 1 << 7;
const CITY_WORD: u64 = 1 << 8;
const BIG_CITY_FIRST: u64 = 1 << 9;
const ENGLISH_SHIFT: u32 = 16; // 8 bits: SCOWL level, 0 = not an English word
const FIRST_FREQ_SHIFT: u32 = 24; // 16 bits: first-name frequency, thousandths of a percent
const SURNAME_RANK_SHIFT: u32 = 40; // 20 bits: Census surname rank, 0 = none

const PHRASE_CONDITION: u64 = 1;
const PHRASE_PROCEDURE: u64 = 2;
const PHRASE_MEDICATION: u64 = 3;
const PHRASE_NOT_PERSON: u64 = 4;
/// The phrase is a well-known person's name.
const PHRASE_PUBLIC_FIGURE: u64 = 1 << 8;
/// A longer phrase starts with this key and a word boundary.
const PHRASE_CONTINUES: u64 = 1 << 9;
/// A health term that is also listed as not a person ("Crohn's disease"): both kinds.
const PHRASE_ALSO_NOT_PERSON: u64 = 1 << 10;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let data = manifest.join("../../data/lexicons");
    println!("cargo:rerun-if-changed={}", data.display());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());

    let mut words: BTreeMap<String, u64> = BTreeMap::new();
    let mut set = |word: &str, bits: u64| {
        let w = word.trim().to_lowercase();
        if !w.is_empty() && !w.contains(char::is_whitespace) {
            *words.entry(w).or_insert(0) |= bits;
        }
    };

    for (name, freq) in tsv2(&data, "first_names.tsv") {
        let f = (freq.parse::<f64>().unwrap_or(0.0) * 1000.0).round() as u64;
        set(&name, FIRST | (f.clamp(1, 0xFFFF) << FIRST_FREQ_SHIFT));
    }
    for name in lines(&data, "first_names_extra.txt") {
        set(&name, FIRST_EXTRA);
    }
    // surnames.tsv holds `name<TAB>percent of people`; rank by frequency, most common first.
    let mut surnames: Vec<(String, f64)> = tsv2(&data, "surnames.tsv")
        .into_iter()
        .map(|(n, f)| (n, f.parse::<f64>().unwrap_or(0.0)))
        .collect();
    surnames.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    for (rank, (name, freq)) in surnames.into_iter().enumerate() {
        // A surname too rare to have a frequency gets the largest rank.
        let r = if freq > 0.0 {
            (rank as u64 + 1).min(0xF_FFFF)
        } else {
            0xF_FFFF
        };
        set(&name, SURNAME | (r << SURNAME_RANK_SHIFT));
    }
    for name in lines(&data, "surnames_extra.txt") {
        set(&name, SURNAME_EXTRA);
    }
    for name in lines(&data, "not_names.txt") {
        set(&name, NOT_NAME);
    }
    for name in lines(&data, "names_ambiguous.txt") {
        set(&name, AMBIGUOUS_NAME);
    }
    for name in lines(&data, "never_names.txt") {
        set(&name, NEVER_NAME);
    }
    for (word, level) in tsv2(&data, "english_words.tsv") {
        let l = level.parse::<u64>().unwrap_or(95).clamp(1, 255);
        // Keep the most common level when a word appears twice.
        let entry = words.entry(word.to_lowercase()).or_insert(0);
        let old = (*entry >> ENGLISH_SHIFT) & 0xFF;
        if old == 0 || l < old {
            *entry = (*entry & !(0xFF << ENGLISH_SHIFT)) | (l << ENGLISH_SHIFT);
        }
    }

    // States: name and code.
    let states: Vec<(String, String)> = tsv2(&data, "us_states.tsv");
    assert!(
        states.len() <= 56,
        "us_states.tsv has {} rows; the states mask holds 56",
        states.len()
    );
    let mut states_rs = String::from("pub static STATES: &[(&str, &str)] = &[\n");
    for (name, code) in &states {
        states_rs.push_str(&format!("    ({name:?}, {code:?}),\n"));
        if !name.contains(' ') {
            words
                .entry(name.to_lowercase())
                .and_modify(|v| *v |= STATE_NAME)
                .or_insert(STATE_NAME);
        }
    }
    states_rs.push_str("];\n");
    fs::write(out.join("states.rs"), states_rs).unwrap();
    let state_index = |code: &str| {
        states
            .iter()
            .position(|(_, c)| c.eq_ignore_ascii_case(code))
    };

    // Cities: lower-case name → (states mask, largest population).
    let mut cities: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for row in rows(&data, "us_cities.tsv") {
        if row.len() < 3 {
            continue;
        }
        let Some(si) = state_index(&row[1]) else {
            continue;
        };
        let pop: u64 = row[2].trim().parse().unwrap_or(0);
        let e = cities.entry(row[0].trim().to_lowercase()).or_insert((0, 0));
        e.0 |= 1 << si;
        e.1 = e.1.max(pop);
    }
    // First words of multi-word cities of 65,536 people or more ("san", "cedar", "fort").
    for (city, (_, pop)) in &cities {
        if let Some((first, _)) = city.split_once(' ') {
            if *pop >= 65_536 {
                // "st. louis" starts with the word "st".
                words
                    .entry(first.trim_end_matches('.').to_string())
                    .and_modify(|v| *v |= BIG_CITY_FIRST)
                    .or_insert(BIG_CITY_FIRST);
            }
        }
    }
    for city in cities.keys() {
        if !city.contains(' ') {
            words
                .entry(city.clone())
                .and_modify(|v| *v |= CITY_WORD)
                .or_insert(CITY_WORD);
        }
    }
    // 8 bits of log2(population), 56 bits of state mask.
    let city_rows: Vec<(&String, u64)> = cities
        .iter()
        .map(|(k, (mask, pop))| {
            let bucket = 64 - (*pop).max(1).leading_zeros() as u64 - 1;
            (k, (bucket << 56) | (mask & 0xFF_FFFF_FFFF_FFFF))
        })
        .collect();
    fs::write(out.join("cities.tbl"), hash_table(&city_rows)).unwrap();

    // Every word also goes into a hash table that answers in one probe: the engine looks up
    // words on every analysis, and a probe is several times cheaper than walking a
    // finite-state transducer.
    let all: Vec<(&String, u64)> = words.iter().map(|(k, v)| (k, *v)).collect();
    fs::write(out.join("words.tbl"), hash_table(&all)).unwrap();

    // Phrases over lower-case text. A later category wins a duplicate, except that a health
    // term listed also as "not a person" ("Tylenol", "Crohn's disease", "Lyme disease") is
    // both: the conduct rules read it as a health term, and no name is read inside it.
    let mut phrases: BTreeMap<String, u64> = BTreeMap::new();
    let mut add = |file: &str, category: u64| {
        for p in lines(&data, file) {
            let p = p.to_lowercase();
            if p.chars().count() >= 3 {
                match phrases.get_mut(&p) {
                    Some(v @ &mut (PHRASE_MEDICATION | PHRASE_CONDITION | PHRASE_PROCEDURE))
                        if category == PHRASE_NOT_PERSON =>
                    {
                        *v |= PHRASE_ALSO_NOT_PERSON;
                    }
                    _ => {
                        phrases.insert(p, category);
                    }
                }
            }
        }
    };
    add("medications.txt", PHRASE_MEDICATION);
    add("medications_wikipedia.txt", PHRASE_MEDICATION);
    add("conditions.txt", PHRASE_CONDITION);
    add("conditions_common.txt", PHRASE_CONDITION);
    add("procedures.txt", PHRASE_PROCEDURE);
    add("not_person_phrases.txt", PHRASE_NOT_PERSON);
    for p in lines(&data, "public_figures.txt") {
        *phrases.entry(p.to_lowercase()).or_default() |= PHRASE_PUBLIC_FIGURE;
    }
    fs::write(out.join("phrases.tbl"), phrase_table(&phrases)).unwrap();
    // Large cities outside the US: a sorted list, searched by binary search.
    let mut world: Vec<String> = lines(&data, "world_cities.txt");
    world.sort();
    world.dedup();
    let body: String = world.iter().map(|c| format!("    {c:?},\n")).collect();
    fs::write(
        out.join("world_cities.rs"),
        format!("/// Lower-case names of cities outside the US of 100,000 people or more.\npub static WORLD_CITIES: &[&str] = &[\n{body}];\n"),
    )
    .unwrap();
    write_rule_docs(&manifest.join("src/rules"), &out);
    compile_cues(&manifest.join("../../data/conduct"), &out);
    let conduct = manifest.join("../../data/conduct");
    compile_classifier(
        &conduct.join("classifier.tsv"),
        CLASSIFIER_DRAFT_RULES,
        &out,
        "classifier.bin",
    );
    compile_classifier(
        &conduct.join("classifier-incoming.tsv"),
        CLASSIFIER_INCOMING_RULES,
        &out,
        "classifier-incoming.bin",
    );
    compile_classifier(
        &conduct.join("classifier-triage.tsv"),
        CLASSIFIER_TRIAGE_CLASSES,
        &out,
        "classifier-triage.bin",
    );
    println!("cargo:rerun-if-changed=build_phone.rs");
    phone_meta::write(&out);
}

/// Compiles the cue files (`data/conduct/*.toml`) into `cues.bin`: a mistake in one stops
/// the build with the file, the cue and the pattern.
fn compile_cues(dir: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/conduct/model.rs");
    println!("cargo:rerun-if-changed=src/input.rs");
    let classes = cue_model::Classes::parse(&read(dir, "classes.toml"))
        .unwrap_or_else(|e| panic!("data/conduct/{e}"));
    let mut files: Vec<String> = fs::read_dir(dir)
        .expect("data/conduct")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml") && n != "classes.toml")
        .collect();
    files.sort();
    let sets: Vec<(String, cue_model::CueSet)> = files
        .iter()
        .map(|file| {
            let set = cue_model::CueSet::parse(file, &read(dir, file), &classes)
                .unwrap_or_else(|e| panic!("data/conduct/{e}"));
            (file.trim_end_matches(".toml").to_string(), set)
        })
        .collect();
    let named: Vec<(&str, &cue_model::CueSet)> =
        sets.iter().map(|(n, s)| (n.as_str(), s)).collect();
    fs::write(out.join("cues.bin"), cue_model::codec::encode_all(&named)).unwrap();
}

/// The rules of the conduct classifier's two models, in the order of the weights in their
/// files (the engine's `conduct::classifier::DRAFT_RULES` and `INCOMING_RULES` list the same).
const CLASSIFIER_DRAFT_RULES: &[&str] = &[
    "acknowledgement",
    "patient-case",
    "medical-advice",
    "professionalism",
];
const CLASSIFIER_INCOMING_RULES: &[&str] = &["crisis"];
/// The triage model's classes (the engine's `conduct::classifier::TRIAGE_CLASSES`).
const CLASSIFIER_TRIAGE_CLASSES: &[&str] = &[
    "spam",
    "medical-question",
    "office-request",
    "complaint",
    "health-disclosure",
    "praise",
];

/// Compiles a model file of the conduct classifier (`data/conduct/classifier*.tsv`) into
/// `name` in OUT_DIR: per rule its bias and threshold (f32), then for each four rules a
/// table (its length in bytes as a u32, then the lexicon hash table of features, each value
/// the four rules' weights in thousandths, i16). A malformed line stops the build with its
/// number.
fn compile_classifier(path: &Path, rules: &[&str], out: &Path, name: &str) {
    println!("cargo:rerun-if-changed={}", path.display());
    assert!(rules.len() <= 8, "a model scores at most eight rules");
    let file = path.display().to_string();
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut head = vec![(f32::NAN, f32::NAN); rules.len()];
    // Per feature, the packed weights of each four rules.
    let mut features: Vec<(String, [u64; 2])> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let fail = |what: &str| -> ! { panic!("{file} line {}: {what}", n + 1) };
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let number = |s: &str| -> f32 {
            s.parse::<f32>()
                .ok()
                .filter(|x| x.is_finite())
                .unwrap_or_else(|| fail(&format!("{s:?} is not a number")))
        };
        if fields[0] == "rule" && fields.len() == 4 {
            let Some(r) = rules.iter().position(|r| *r == fields[1]) else {
                fail(&format!("unknown rule {:?}", fields[1]))
            };
            head[r] = (number(fields[2]), number(fields[3]));
            continue;
        }
        if fields.len() != rules.len() + 1 {
            fail("expected a feature and one weight per rule");
        }
        let mut packed = [0u64; 2];
        for (k, field) in fields[1..].iter().enumerate() {
            let thousandths = (number(field) * 1000.0).round();
            if thousandths.abs() > f32::from(i16::MAX) {
                fail(&format!("weight {field} is out of range"));
            }
            packed[k / 4] |= u64::from(thousandths as i16 as u16) << (16 * (k % 4));
        }
        features.push((fields[0].to_string(), packed));
    }
    let mut bytes = Vec::new();
    for (rule, (bias, threshold)) in rules.iter().zip(head) {
        if bias.is_nan() {
            panic!("{file}: no line for rule {rule}");
        }
        bytes.extend_from_slice(&bias.to_le_bytes());
        bytes.extend_from_slice(&threshold.to_le_bytes());
    }
    for chunk in 0..rules.len().div_ceil(4) {
        let entries: Vec<(&String, u64)> = features
            .iter()
            .filter(|(_, v)| v[chunk] != 0)
            .map(|(f, v)| (f, v[chunk]))
            .collect();
        let table = hash_table(&entries);
        bytes.extend_from_slice(&(table.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&table);
    }
    fs::write(out.join(name), bytes).unwrap();
}

/// Extracts each rule file's doc comment (the `///` block before `pub static RULE`) into
/// `rule_docs.rs`, so the rule's documentation has one source: its file.
fn write_rule_docs(dir: &Path, out: &Path) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for path in files {
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let source = fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = source.lines().collect();
        let Some(at) = lines.iter().position(|l| l.starts_with("pub static RULE")) else {
            continue;
        };
        let mut start = at;
        while start > 0 && lines[start - 1].trim_start().starts_with("///") {
            start -= 1;
        }
        let doc: Vec<&str> = lines[start..at]
            .iter()
            .map(|l| {
                let l = l.trim_start().trim_start_matches("///");
                l.strip_prefix(' ').unwrap_or(l)
            })
            .collect();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        entries.push((stem, doc.join("\n")));
    }
    let mut rs = String::from("/// Rule docs by file stem, extracted from the rule files by build.rs.\npub static RULE_DOCS: &[(&str, &str)] = &[\n");
    for (stem, doc) in entries {
        rs.push_str(&format!("    ({stem:?}, {doc:?}),\n"));
    }
    rs.push_str("];\n");
    fs::write(out.join("rule_docs.rs"), rs).unwrap();
}

/// An open-addressing table: header `[slot count: u32][entry count: u32]`, then per slot
/// `[key hash: u64][value: u64]` (hash 0 = empty; a key whose hash is 0 is stored as 1).
/// Linear probing; slot count a power of two, at most two-thirds full. Keys are known by
/// their 64-bit hash alone, so a look-up reads one cache line; the build fails if two keys
/// share a hash, and a text word that is no key matches one with a chance of about one in
/// 10^13.
fn hash_table(entries: &[(&String, u64)]) -> Vec<u8> {
    let slots = (entries.len() * 3 / 2 + 1).next_power_of_two();
    let mut table = vec![(0u64, 0u64); slots];
    let mut seen = std::collections::HashMap::new();
    for (key, value) in entries {
        let hash = cue_model::word_hash(key.as_bytes()).max(1);
        if let Some(other) = seen.insert(hash, key) {
            panic!("lexicon keys {other:?} and {key:?} share a hash");
        }
        let mut slot = (hash as usize) & (slots - 1);
        while table[slot].0 != 0 {
            slot = (slot + 1) & (slots - 1);
        }
        table[slot] = (hash, *value);
    }
    let mut out = Vec::with_capacity(8 + slots * 16);
    out.extend_from_slice(&(slots as u32).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (hash, value) in table {
        out.extend_from_slice(&hash.to_le_bytes());
        out.extend_from_slice(&value.to_le_bytes());
    }
    out
}

/// Whether a byte belongs to a word, as `lexicon::find_phrases` splits text: ASCII letters and
/// digits, and every byte of a non-ASCII character.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The phrase table: each phrase under its category bits, and each of its leading parts that
/// ends at the end of a word ("covid" of "covid-19") marked `PHRASE_CONTINUES`, so a walk
/// from a word start can stop at the first part that is not in the table.
fn phrase_table(phrases: &BTreeMap<String, u64>) -> Vec<u8> {
    let mut keys: BTreeMap<String, u64> = BTreeMap::new();
    for (phrase, bits) in phrases {
        let b = phrase.as_bytes();
        if !b.first().is_some_and(|&c| is_word_byte(c)) || !is_word_byte(b[b.len() - 1]) {
            // Found only at word boundaries, so it could never match.
            continue;
        }
        *keys.entry(phrase.clone()).or_default() |= bits;
        for end in 1..b.len() {
            if is_word_byte(b[end - 1]) && !is_word_byte(b[end]) {
                *keys.entry(phrase[..end].to_string()).or_default() |= PHRASE_CONTINUES;
            }
        }
    }
    let rows: Vec<(&String, u64)> = keys.iter().map(|(k, v)| (k, *v)).collect();
    hash_table(&rows)
}

fn read(dir: &Path, file: &str) -> String {
    let path = dir.join(file);
    fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read lexicon {}: {e} (see data/README.md)",
            path.display()
        )
    })
}

fn lines(dir: &Path, file: &str) -> Vec<String> {
    read(dir, file)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn rows(dir: &Path, file: &str) -> Vec<Vec<String>> {
    lines(dir, file)
        .into_iter()
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

fn tsv2(dir: &Path, file: &str) -> Vec<(String, String)> {
    rows(dir, file)
        .into_iter()
        .filter(|r| !r.is_empty())
        .map(|mut r| {
            let second = if r.len() > 1 {
                r.remove(1)
            } else {
                String::new()
            };
            (r.remove(0), second)
        })
        .collect()
}
