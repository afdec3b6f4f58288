//! Contact and web identifiers: phone and fax numbers, e-mail, URLs and profile links, IP and MAC addresses, social handles, crypto wallets.

use super::Recognizer;

/// The recognizers of this group.
pub fn all() -> Vec<Box<dyn Recognizer>> {
    vec![]
}
