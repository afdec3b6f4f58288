//! Recognizers find entities: identifiers and health terms. Each recognizer is one file; the
//! registry below lists them in the order they run.

use crate::entity::Entity;
use crate::text::Scan;

/// Finds entities of one family in a scanned text.
pub trait Recognizer: Send + Sync {
    /// A stable id, reported with every entity (e.g. `us-ssn`).
    fn id(&self) -> &'static str;
    /// Appends what it finds to `out`. Spans are byte offsets on char boundaries.
    fn recognize(&self, scan: &Scan, out: &mut Vec<Entity>);
}

pub mod contact;
pub mod custom;
pub mod health;
pub mod numbers;
pub mod person;
pub mod time_place;

/// The built-in recognizers.
pub fn builtin() -> Vec<Box<dyn Recognizer>> {
    let mut all: Vec<Box<dyn Recognizer>> = Vec::new();
    all.extend(contact::all());
    all.extend(numbers::all());
    all.extend(time_place::all());
    all.push(Box::new(person::PersonRecognizer));
    all.push(Box::new(health::HealthRecognizer));
    all
}
