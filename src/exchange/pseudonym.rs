//! Pseudonymised exports: each author replaced by a keyed hash of its site and handle.
//!
//! The hash is SipHash-2-4 (a keyed pseudo-random function, the role HMAC plays with a hash function),
//! under the store's own 128-bit random key (`Meta::pseudonym_key`), which never leaves the store in an
//! export. So the same author is the same pseudonym in every export of one install (a researcher can
//! follow an author across files), and no one without the key can tell who it is: trying every known
//! handle needs the key. Two installs give the same author different pseudonyms (a team pooling files
//! links no author across people, by design). 64 bits: a collision between two authors of one
//! collection is about n²/2⁶⁵, below one in a billion for 100,000 authors.
use crate::listening::influence::author_key;

/// The pseudonym of `handle` on `site` under `key` (32 hex digits), e.g. `anon-3f2a9c0e71b4d8a6`: the
/// handle is folded first as the store folds it, so `@Foo` and `foo` are one author. `None` without a
/// handle, or with a key that is not 32 hex digits.
pub fn pseudonym(key: &str, site: &str, handle: &str) -> Option<String> {
    let k = parse_key(key)?;
    let who = author_key(site, handle)?;
    #[allow(deprecated)] // std's SipHasher *is* SipHash-2-4 with the given keys; deprecated only for HashMap use.
    let mut h = std::hash::SipHasher::new_with_keys(k[0], k[1]);
    std::hash::Hasher::write(&mut h, who.as_bytes());
    Some(format!("anon-{:016x}", std::hash::Hasher::finish(&h)))
}

fn parse_key(key: &str) -> Option<[u64; 2]> {
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    Some([u64::from_str_radix(&key[..16], 16).ok()?, u64::from_str_radix(&key[16..], 16).ok()?])
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "000102030405060708090a0b0c0d0e0f";
    const K2: &str = "f0e0d0c0b0a090807060504030201000";

    #[test]
    fn one_author_one_pseudonym_per_key() {
        let a = pseudonym(K1, "x", "@Brioche").unwrap();
        assert_eq!(a, pseudonym(K1, "x", "brioche").unwrap(), "folded like the store's author key");
        assert!(a.starts_with("anon-") && a.len() == 21, "{a}");
        assert!(!a.contains("brioche"));
        assert_ne!(a, pseudonym(K1, "reddit", "brioche").unwrap(), "site is part of who");
        assert_ne!(a, pseudonym(K1, "x", "brioche2").unwrap());
        assert_ne!(a, pseudonym(K2, "x", "brioche").unwrap(), "another install, another pseudonym");
        // SipHash-2-4's own test vector (key 00..0f, empty message: 0x726fdb47dd0e0e31) checks that the
        // function is the keyed PRF it says it is, not a plain hash.
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new_with_keys(0x0706050403020100, 0x0f0e0d0c0b0a0908);
        std::hash::Hasher::write(&mut h, b"");
        assert_eq!(std::hash::Hasher::finish(&h), 0x726fdb47dd0e0e31);
        assert_eq!(parse_key(K1), Some([0x0001020304050607, 0x08090a0b0c0d0e0f]));
    }

    #[test]
    fn no_pseudonym_without_a_key_or_a_handle() {
        assert_eq!(pseudonym("", "x", "a"), None);
        assert_eq!(pseudonym("zz0102030405060708090a0b0c0d0e0f", "x", "a"), None);
        assert_eq!(pseudonym(K1, "x", "  @"), None);
    }
}
