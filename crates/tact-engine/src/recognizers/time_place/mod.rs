//! Dates, ages over 89, and places smaller than a state.

use super::Recognizer;

pub mod address;
pub mod age;
pub mod city;
pub mod county;
pub mod date;
pub mod facility;
mod geo;
mod util;
pub mod zip;

/// The recognizers of this group.
pub fn all() -> Vec<Box<dyn Recognizer>> {
    vec![
        Box::new(date::DateRecognizer::new()),
        Box::new(age::AgeRecognizer::new()),
        Box::new(address::AddressRecognizer::new()),
        Box::new(city::CityRecognizer::new()),
        Box::new(zip::ZipRecognizer::new()),
        Box::new(county::CountyRecognizer::new()),
        Box::new(facility::FacilityRecognizer::new()),
    ]
}
