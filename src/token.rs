//! The token group: auth code exchange and refresh, and expiry arithmetic.
//!
//! `access_token_expire_in` and `refresh_token_expire_in` are absolute Unix
//! timestamps (seconds), not durations; the client adds `expires_in`, the seconds left.

/// Seconds left until an absolute expiry, never negative.
pub fn seconds_left(expire_at: f64, now_secs: f64) -> f64 {
    (expire_at - now_secs).floor().max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_absolute() {
        // An access token issued now for about 7 days.
        let now = 1_700_000_000.0;
        assert_eq!(seconds_left(now + 604_800.0, now), 604_800.0);
        assert_eq!(seconds_left(now + 10.0, now + 0.4), 9.0);
        assert_eq!(seconds_left(now - 5.0, now), 0.0);
    }

    #[test]
    fn a_duration_mistaken_for_a_timestamp_reads_as_expired() {
        // 604800 read as a timestamp is in 1970: the client reports 0 seconds left.
        assert_eq!(seconds_left(604_800.0, 1_700_000_000.0), 0.0);
    }
}
