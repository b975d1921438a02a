//! Scenario links: the scenario in a URL fragment. The fragment never reaches a server, works
//! on any static host, and `raftplay run` accepts the same link. The digit before the dot is
//! the link format; every format ever published keeps its decoder here, so old links keep
//! working:
//!
//! - `#s=1.<base64url of the scenario JSON>`: plain, readable with any base64 tool.
//! - `#s=2.<base64url of the scenario JSON, raw DEFLATE (RFC 1951)>`: compressed. Writers use
//!   it only when it is shorter than format 1. The page writes and reads it with the browser's
//!   own `CompressionStream`/`DecompressionStream` (`www/share/link-codec.js`), so the WASM
//!   carries no inflater: there the page hands the simulator the expanded, format-1 form.

use crate::scenario::{Scenario, ScenarioError};

/// Links longer than this are refused before decoding (chat apps cut far earlier).
pub const LINK_CHARS_MAX: usize = 256 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The plain fragment (format 1) for `scenario`, without the leading `#`.
pub fn encode(scenario: &Scenario) -> String {
    plain_fragment(&scenario.to_json())
}

fn plain_fragment(json: &str) -> String {
    format!("s=1.{}", base64url_encode(json.as_bytes()))
}

/// The shortest fragment for `scenario`: compressed (format 2) when that is shorter than the
/// plain form, which it is for all but the smallest scenarios.
#[cfg(feature = "compressed-links")]
pub fn encode_compact(scenario: &Scenario) -> String {
    let json = scenario.to_json();
    let plain = plain_fragment(&json);
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let compressed = format!("s=2.{}", base64url_encode(&packed));
    if compressed.len() < plain.len() {
        compressed
    } else {
        plain
    }
}

/// Reads a scenario from a link, a fragment (`#s=…` or `s=…`), or a bare `1.…` payload.
pub fn decode(link: &str) -> Result<Scenario, ScenarioError> {
    let bad = |problem: &str| Err(ScenarioError::new("link", problem.to_string()));
    if link.len() > LINK_CHARS_MAX {
        return bad("the link is too long to be a playground link");
    }
    let fragment = link.rsplit_once('#').map_or(link, |(_, f)| f);
    let payload = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("s="))
        .unwrap_or(fragment);
    let Some((version, data)) = payload.split_once('.') else {
        return bad("no scenario in it (expected #s=1.…)");
    };
    let compressed = match version {
        "1" => false,
        "2" => true,
        other => {
            return Err(ScenarioError::new(
                "link",
                format!(
                    "link format {} is not known to this version of the playground",
                    crate::scenario::json::quoted(other)
                ),
            ))
        }
    };
    let Some(bytes) = base64url_decode(data) else {
        return bad("the scenario data is damaged (not base64url); was the link cut short?");
    };
    let json = if compressed { inflate(&bytes)? } else { bytes };
    let Ok(text) = String::from_utf8(json) else {
        return bad("the scenario data is damaged (not text); was the link cut short?");
    };
    Scenario::from_json(&text)
}

/// The scenario JSON of a compressed (format 2) link, expanded to at most
/// `SCENARIO_JSON_BYTES_MAX` bytes (a tiny link cannot make a huge scenario).
#[cfg(feature = "compressed-links")]
fn inflate(bytes: &[u8]) -> Result<Vec<u8>, ScenarioError> {
    use crate::scenario::SCENARIO_JSON_BYTES_MAX;
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    decompress_to_vec_with_limit(bytes, SCENARIO_JSON_BYTES_MAX).map_err(|e| {
        let problem = match e.status {
            TINFLStatus::HasMoreOutput => "the compressed scenario expands past 4 MiB",
            _ => "the compressed scenario data is damaged; was the link cut short?",
        };
        ScenarioError::new("link", problem.to_string())
    })
}

/// Without the inflater (the WASM), compressed links are expanded by the page first.
#[cfg(not(feature = "compressed-links"))]
fn inflate(_bytes: &[u8]) -> Result<Vec<u8>, ScenarioError> {
    Err(ScenarioError::new(
        "link",
        "compressed links (format 2) are expanded by the page before they reach the simulator"
            .to_string(),
    ))
}

pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let value = ALPHABET.iter().position(|a| a == c)? as u32;
            n |= value << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::action::Action;
    use proptest::prelude::*;

    #[test]
    fn known_vectors() {
        assert_eq!(base64url_encode(b""), "");
        assert_eq!(base64url_encode(b"f"), "Zg");
        assert_eq!(base64url_encode(b"fo"), "Zm8");
        assert_eq!(base64url_encode(b"foo"), "Zm9v");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("Zm9vYg").as_deref(), Some(&b"foob"[..]));
        assert_eq!(base64url_decode("Z"), None);
        assert_eq!(base64url_decode("Zm9*"), None);
    }

    #[test]
    fn a_link_round_trips_and_bad_links_say_why() {
        let mut scenario = Scenario::default();
        scenario.push_action(1500, Action::Crash { node: 2 });
        let fragment = encode(&scenario);
        let link = format!("http://127.0.0.1:8080/#{fragment}");
        assert_eq!(decode(&link).unwrap(), scenario);
        assert_eq!(decode(&fragment).unwrap(), scenario);
        let truncated = &link[..link.len() - 7];
        assert!(decode(truncated).is_err());
        assert!(decode("#s=7.abc")
            .unwrap_err()
            .to_string()
            .contains("not known"));
        assert!(decode("#nothing").is_err());
    }

    #[cfg(feature = "compressed-links")]
    #[test]
    fn a_compact_link_is_compressed_shorter_and_decodes_to_the_same_scenario() {
        let mut scenario = Scenario::default();
        for at_ms in (100..3000).step_by(100) {
            scenario.push_action(at_ms, Action::Crash { node: 2 });
        }
        let plain = encode(&scenario);
        let compact = encode_compact(&scenario);
        assert!(compact.starts_with("s=2."), "{compact}");
        assert!(
            compact.len() * 3 < plain.len(),
            "{} vs {}",
            compact.len(),
            plain.len()
        );
        assert_eq!(decode(&compact).unwrap(), scenario);
        assert_eq!(
            decode(&format!("https://x.example/p/#{compact}&speed=2")).unwrap(),
            scenario
        );
    }

    #[cfg(feature = "compressed-links")]
    #[test]
    fn damaged_or_explosive_compressed_links_say_why() {
        let compact = encode_compact(&Scenario::default());
        let error = |link: &str| decode(link).unwrap_err().to_string();
        // Cut short: the DEFLATE stream ends early.
        assert!(error(&compact[..compact.len() - 10]).contains("damaged"));
        // Not DEFLATE at all.
        let junk = format!("s=2.{}", base64url_encode(b"this is not deflate data"));
        assert!(error(&junk).contains("damaged"), "{}", error(&junk));
        // Valid DEFLATE of plain JSON that is not a scenario: the scenario checks speak.
        let array = format!(
            "s=2.{}",
            base64url_encode(&miniz_oxide::deflate::compress_to_vec(b"[]", 9))
        );
        assert!(decode(&array).is_err());
        // A small link that would expand to 5 MiB is refused before it does.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; 5 << 20], 9);
        let bomb = format!("s=2.{}", base64url_encode(&bomb));
        assert!(bomb.len() < LINK_CHARS_MAX);
        assert!(
            error(&bomb).contains("expands past 4 MiB"),
            "{}",
            error(&bomb)
        );
    }

    proptest! {
        #[test]
        fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }

        #[test]
        fn decoding_anything_never_panics(text in ".{0,300}") {
            let _ = decode(&text);
        }

        #[test]
        fn decoding_any_compressed_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode(&format!("s=2.{}", base64url_encode(&bytes)));
        }
    }
}
