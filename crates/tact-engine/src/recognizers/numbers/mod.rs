//! Identifying numbers: SSN and ITIN, cards and bank accounts, provider and licence numbers, record and plan numbers, vehicles and devices.

use super::Recognizer;

/// The recognizers of this group.
pub fn all() -> Vec<Box<dyn Recognizer>> {
    vec![]
}
