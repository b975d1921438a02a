//! Scenario links: the scenario in a URL fragment, `#s=1.<base64url of the JSON>`. The
//! fragment never reaches a server, works on any static host, and `raftplay run` accepts the
//! same link. The leading `1.` is the link format's version: later versions get their own
//! decoder here, and old links keep working.

use crate::scenario::{Scenario, ScenarioError};

/// Links longer than this are refused before decoding (chat apps cut far earlier).
pub const LINK_CHARS_MAX: usize = 256 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The fragment for `scenario`, without the leading `#`.
pub fn encode(scenario: &Scenario) -> String {
    format!("s=1.{}", base64url_encode(scenario.to_json().as_bytes()))
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
    match version {
        "1" => {
            let Some(bytes) = base64url_decode(data) else {
                return bad(
                    "the scenario data is damaged (not base64url); was the link cut short?",
                );
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return bad("the scenario data is damaged (not text); was the link cut short?");
            };
            Scenario::from_json(&text)
        }
        other => Err(ScenarioError::new(
            "link",
            format!(
                "link format {:?} is not known to this version of the playground",
                other.chars().take(12).collect::<String>()
            ),
        )),
    }
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
    use crate::action::Action;
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

    proptest! {
        #[test]
        fn base64url_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }

        #[test]
        fn decoding_anything_never_panics(text in ".{0,300}") {
            let _ = decode(&text);
        }
    }
}
