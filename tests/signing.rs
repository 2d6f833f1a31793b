//! Every vector of `tests/fixtures/signing-vectors.json` (copied from the API notes).

use serde_json::Value;
use tiktok_shop_wasm::sign;

fn vectors() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/signing-vectors.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} missing in {v}"))
}

#[test]
fn request_vectors() {
    let all = vectors();
    let list = all["request_vectors"].as_array().unwrap();
    assert!(list.len() >= 10);
    for v in list {
        let query: Vec<(String, String)> = v["query"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_owned()))
            .collect();
        let multipart = s(v, "content_type").starts_with("multipart/");
        let body = if multipart { "" } else { s(v, "body") };
        let secret = s(v, "app_secret");
        let sts = sign::string_to_sign(secret, s(v, "path"), &query, body.as_bytes());
        assert_eq!(
            String::from_utf8(sts).unwrap(),
            s(v, "string_to_sign"),
            "{}",
            s(v, "id")
        );
        assert_eq!(
            sign::sign_request(secret, s(v, "path"), &query, body.as_bytes()),
            s(v, "expected_sign"),
            "{}",
            s(v, "id")
        );
    }
}

#[test]
fn webhook_vectors() {
    let all = vectors();
    let list = all["webhook_vectors"].as_array().unwrap();
    assert!(list.len() >= 2);
    for v in list {
        let (key, secret, body, header) = (
            s(v, "app_key"),
            s(v, "app_secret"),
            s(v, "raw_body"),
            s(v, "authorization_header"),
        );
        assert_eq!(
            sign::webhook_signature(key, secret, body.as_bytes()),
            header,
            "{}",
            s(v, "id")
        );
        assert!(sign::verify_webhook(key, secret, body.as_bytes(), header));
        assert!(!sign::verify_webhook(
            key,
            secret,
            format!("{body} ").as_bytes(),
            header
        ));
    }
}
