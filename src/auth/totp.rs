//! Time-based one-time codes (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits, one step of clock
//! drift either way) and single-use recovery codes. Pure: the caller passes the time, and stores
//! the last accepted step so a code is accepted once.

use totp_rs::{Algorithm, Secret, TOTP};

pub const DIGITS: usize = 6;
pub const STEP_SECONDS: u64 = 30;
/// Steps of clock drift accepted either side of now.
pub const SKEW: u64 = 1;
/// How many recovery codes a set-up gives.
pub const RECOVERY_CODES: usize = 10;
/// The issuer shown in authenticator apps.
pub const ISSUER: &str = "Tendo";

fn totp(secret_base32: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_base32.to_string()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        DIGITS,
        1,
        STEP_SECONDS,
        bytes,
        Some(ISSUER.to_string()),
        account.to_string(),
    )
    .ok()
}

/// A fresh 160-bit secret, base32 as authenticator apps take it.
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

/// Whether `secret_base32` is a secret this module could have made.
pub fn is_valid_secret(secret_base32: &str) -> bool {
    totp(secret_base32, "check").is_some()
}

/// The `otpauth://totp/...` link an authenticator app reads.
pub fn otpauth_url(secret_base32: &str, account: &str) -> Option<String> {
    // A colon would split issuer and account in the label.
    Some(totp(secret_base32, &account.replace(':', ""))?.get_url())
}

/// The link as a QR code, an inline `<svg>` with a text alternative.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    let start = svg.find("<svg")?;
    Some(svg[start..].replacen(
        "<svg ",
        "<svg role=\"img\" aria-label=\"QR code of the set-up link for an authenticator app\" class=\"qr\" ",
        1,
    ))
}

/// The code for `unix_time` (what an authenticator app shows then).
pub fn code_at(secret_base32: &str, unix_time: u64) -> Option<String> {
    Some(totp(secret_base32, "code")?.generate(unix_time))
}

/// The time step a code belongs to, when it is right for `unix_time` within one step either way,
/// and newer than `last_step` (a code already used, or one older than it, is refused).
pub fn accepted_step(
    secret_base32: &str,
    code: &str,
    unix_time: u64,
    last_step: Option<i64>,
) -> Option<i64> {
    let code = code.trim();
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret_base32, "check")?;
    let now_step = unix_time / STEP_SECONDS;
    let mut found = None;
    // Check every candidate (constant work), newest first wins.
    for step in now_step.saturating_sub(SKEW)..=now_step + SKEW {
        let expected = totp.generate(step * STEP_SECONDS);
        if same(expected.as_bytes(), code.as_bytes()) {
            found = i64::try_from(step).ok();
        }
    }
    let step = found?;
    match last_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

fn same(a: &[u8], b: &[u8]) -> bool {
    use sha2::Digest;
    sha2::Sha256::digest(a) == sha2::Sha256::digest(b)
}

/// Whether typed text looks like a TOTP code (6 digits) rather than a recovery code.
pub fn looks_like_code(typed: &str) -> bool {
    let t = typed.trim();
    t.len() == DIGITS && t.bytes().all(|b| b.is_ascii_digit())
}

/// Recovery code alphabet: lowercase letters and digits without look-alikes (0/o, 1/l/i).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// 16 characters of a 31-letter alphabet: 79 bits each.
const RECOVERY_LEN: usize = 16;

/// Fresh recovery codes, as shown to the user ("abcd-efgh-jkmn-pqrs").
pub fn new_recovery_codes() -> Vec<String> {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = (0..RECOVERY_LEN)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                .collect();
            raw.as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// A recovery code as typed, reduced to its characters (case, spaces and dashes ignored).
pub fn normalise_recovery(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The stored form of a recovery code: a random salt and the SHA-256 of salt and code.
pub fn hash_recovery(code: &str) -> String {
    let salt: [u8; 8] = rand::random();
    let salt = hex(&salt);
    format!("{salt}${}", digest(&salt, &normalise_recovery(code)))
}

/// Whether `typed` is the code behind `stored` (from [`hash_recovery`]).
pub fn recovery_matches(stored: &str, typed: &str) -> bool {
    let Some((salt, hash)) = stored.split_once('$') else {
        return false;
    };
    same(
        digest(salt, &normalise_recovery(typed)).as_bytes(),
        hash.as_bytes(),
    )
}

fn digest(salt: &str, code: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(format!("{salt}:{code}").as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32.
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn codes_match_rfc_6238_test_vectors() {
        // The RFC lists 8 digits; 6-digit codes are their last six.
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_234_567_890, "89005924"),
        ] {
            assert_eq!(code_at(RFC_SECRET, time).unwrap(), &eight[2..]);
        }
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_and_once() {
        let s = new_secret();
        let now = 1_800_000_000;
        let step = i64::try_from(now / STEP_SECONDS).unwrap();
        let current = code_at(&s, now).unwrap();
        assert_eq!(accepted_step(&s, &current, now, None), Some(step));
        // Replayed: the step was used.
        assert_eq!(accepted_step(&s, &current, now, Some(step)), None);
        let old = code_at(&s, now - 30).unwrap();
        assert_eq!(accepted_step(&s, &old, now, None), Some(step - 1));
        // An older code after a newer one was used is refused too.
        assert_eq!(accepted_step(&s, &old, now, Some(step)), None);
        let next = code_at(&s, now + 30).unwrap();
        assert_eq!(accepted_step(&s, &next, now, Some(step)), Some(step + 1));
        let two_old = code_at(&s, now - 60).unwrap();
        if ![&current, &old, &next].contains(&&two_old) {
            assert_eq!(accepted_step(&s, &two_old, now, None), None);
        }
        assert_eq!(accepted_step(&s, "12345", now, None), None);
        assert_eq!(accepted_step(&s, "abcdef", now, None), None);
    }

    #[test]
    fn recovery_codes_are_distinct_salted_and_forgiving_of_case_and_dashes() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let stored = hash_recovery(&codes[0]);
        assert_ne!(stored, hash_recovery(&codes[0]), "salted");
        assert!(!stored.contains(&normalise_recovery(&codes[0])));
        assert!(recovery_matches(&stored, &codes[0]));
        assert!(recovery_matches(
            &stored,
            &codes[0].to_uppercase().replace('-', " ")
        ));
        assert!(!recovery_matches(&stored, &codes[1]));
    }

    #[test]
    fn the_setup_link_and_qr_code_name_the_account() {
        let s = new_secret();
        let url = otpauth_url(&s, "ana@example.com").unwrap();
        assert!(
            url.starts_with("otpauth://totp/Tendo:ana%40example.com?"),
            "{url}"
        );
        assert!(url.contains(&format!("secret={s}")));
        let svg = qr_svg(&url).unwrap();
        assert!(svg.starts_with("<svg role=\"img\""));
        assert!(!svg.contains("<?xml"));
    }
}
