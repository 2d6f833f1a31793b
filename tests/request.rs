//! Request building against the real operations table: routing, encoding, signing,
//! shop_cipher rules and the client-side errors raised before anything is sent.

#![allow(clippy::result_large_err)] // the crate's `Error` is returned by value on purpose (see src/lib.rs)

use serde_json::{json, Value};
use tiktok_shop_wasm::config::Config;
use tiktok_shop_wasm::error::ErrorKind;
use tiktok_shop_wasm::error::Result;
use tiktok_shop_wasm::operations::find;
use tiktok_shop_wasm::operations::Operation;
use tiktok_shop_wasm::plan::{self, Offered};
use tiktok_shop_wasm::request::{encode, prepare, prepare_raw, Body, Context, JsonParams, Part, Prepared};
use tiktok_shop_wasm::sign;

fn config(cipher: Option<&str>) -> Config {
    let mut c = Config::new(
        "testappkey123",
        "testsecret_abcdef0123456789",
        Some("http://127.0.0.1:9/"),
        None,
    );
    c.access_token = Some("TTP_token".into());
    c.shop_cipher = cipher.map(Into::into);
    c
}

fn context(config: &Config) -> Context<'_> {
    Context {
        config,
        timestamp: 1700000000,
        get_body: false,
    }
}

/// Parameters as the JSON text the JS client sends, in the order written (`json!` sorts
/// keys, so the order-sensitive test lists its pairs itself).
fn text_of(pairs: &[(&str, Value)]) -> String {
    let members: Vec<String> = pairs.iter().map(|(k, v)| format!("{}:{v}", json!(k))).collect();
    format!("{{{}}}", members.join(","))
}

fn params(v: Value) -> String {
    let pairs: Vec<(String, Value)> = v.as_object().unwrap().clone().into_iter().collect();
    text_of(&pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect::<Vec<_>>())
}

fn build(group: &str, name: &str, p: Value, cfg: &Config) -> Result<Prepared> {
    build_text(group, name, &params(p), cfg)
}

/// What the JS client does for one call: plan it (version, shop), then build it. `name`
/// may pin a version: `getShopPerformance@202405`. No call option names a shop here.
fn build_text(group: &str, name: &str, text: &str, cfg: &Config) -> Result<Prepared> {
    let (name, version) = name.split_once('@').map_or((name, None), |(n, v)| (n, Some(v)));
    let op = find(group, name).unwrap_or_else(|| panic!("{group}.{name}"));
    let (ordinal, _) = plan::version(op, version)?;
    planned(op, ordinal, text, &context(cfg))
}

fn planned(op: &'static Operation, ordinal: usize, text: &str, ctx: &Context) -> Result<Prepared> {
    let v = &op.versions[ordinal];
    let params = JsonParams::parse(text)?;
    let own: Option<String> = params.value("shop_cipher").as_str().map(Into::into);
    let offered = Offered {
        params: own.is_some(),
        call: false,
        client: ctx.config.shop_cipher.is_some(),
    };
    let shop = plan::shop(op, v, offered)?;
    prepare(op, v, plan::cipher(shop, own.as_deref(), ctx.config), &params, ctx)
}

/// Splits a URL's query back into decoded pairs (in wire order).
fn query(url: &str) -> Vec<(String, String)> {
    let q = url.split_once('?').map(|x| x.1).unwrap_or("");
    q.split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            assert!(
                b[i].is_ascii_alphanumeric() || b"-_.~".contains(&b[i]),
                "unencoded {:?} in {s}",
                b[i] as char
            );
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Recomputes the signature from what is on the wire, as the server does.
fn assert_signed(p: &Prepared, secret: &str) {
    let pairs = query(&p.url);
    let sign = pairs
        .iter()
        .find(|(k, _)| k == "sign")
        .map(|x| x.1.clone())
        .expect("sign");
    let body = match &p.body {
        Body::Json(t) => t.as_bytes(),
        _ => b"" as &[u8],
    };
    assert_eq!(sign::sign_request(secret, &p.path, &pairs, body), sign);
}

#[test]
fn order_search_matches_the_published_vector_shape() {
    let cfg = config(Some("ROW_TestCipher-AbC_123"));
    let pairs = [
        ("page_size", json!(20)),
        ("sort_field", json!("create_time")),
        ("sort_order", json!("DESC")),
        ("order_status", json!("AWAITING_SHIPMENT")),
        ("create_time_ge", json!(1700000000)),
        ("create_time_lt", json!(1700086400)),
    ];
    let p = build_text("order", "getOrderList", &text_of(&pairs), &cfg).unwrap();
    // Vector V3 of the signing vectors: same query, same body bytes, same signature.
    assert_eq!(
        p.body,
        Body::Json(
            r#"{"order_status":"AWAITING_SHIPMENT","create_time_ge":1700000000,"create_time_lt":1700086400}"#.into()
        )
    );
    assert_eq!(p.path, "/order/202309/orders/search");
    assert!(p.url.starts_with("http://127.0.0.1:9/order/202309/orders/search?"));
    let q = query(&p.url);
    assert_eq!(
        q.iter().find(|x| x.0 == "sign").unwrap().1,
        "513179ec755e8a427be9cbcd4b301be963a15fcb41bf549d208ac942a99dc58a"
    );
    assert!(p.access_token);
}

#[test]
fn query_encoding_edge_cases() {
    let cfg = config(Some("c"));
    // getOrderDetail takes `ids` (array) in the query.
    let weird = "a b+c&d=e%f/ü😀";
    let p = build("order", "getOrderDetail", json!({ "ids": [weird, "", "2"] }), &cfg).unwrap();
    let q = query(&p.url);
    assert_eq!(q.iter().find(|x| x.0 == "ids").unwrap().1, format!("{weird},,2"));
    assert!(
        p.url.contains("a%20b%2Bc%26d%3De%25f%2F%C3%BC%F0%9F%98%80%2C%2C2"),
        "{}",
        p.url
    );
    assert_signed(&p, "testsecret_abcdef0123456789");
    // A plain string is taken as is.
    let p = build("order", "getOrderDetail", json!({ "ids": "1,2" }), &cfg).unwrap();
    assert_eq!(query(&p.url).iter().find(|x| x.0 == "ids").unwrap().1, "1,2");
}

#[test]
fn empty_strings_are_sent_and_nulls_dropped() {
    let cfg = config(Some("c"));
    let p = build(
        "order",
        "getOrderList",
        json!({ "page_size": 10, "sort_field": "", "page_token": null }),
        &cfg,
    )
    .unwrap();
    let q = query(&p.url);
    assert!(q.iter().any(|x| x.0 == "sort_field" && x.1.is_empty()));
    assert!(!q.iter().any(|x| x.0 == "page_token"));
    assert_eq!(p.body, Body::Json("{}".into()));
    assert_signed(&p, "testsecret_abcdef0123456789");
}

#[test]
fn booleans_and_numbers_in_the_query() {
    let cfg = config(Some("c"));
    let p = build(
        "analytics",
        "getShopPerformance@202405",
        json!({
            "start_date_ge": "2024-04-01", "end_date_lt": "2024-04-08", "with_comparison": true
        }),
        &cfg,
    )
    .unwrap();
    assert!(query(&p.url).contains(&("with_comparison".into(), "true".into())));
    let e = build(
        "analytics",
        "getShopPerformance@202405",
        json!({
            "start_date_ge": "2024-04-01", "end_date_lt": "2024-04-08", "with_comparison": "yes"
        }),
        &cfg,
    )
    .unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::InvalidRequest, Some("with_comparison"))
    );
    let e = build("order", "getOrderList", json!({ "page_size": 2.5 }), &cfg).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("page_size"));
    assert!(
        e.message.contains("integer") && e.message.contains("order.getOrderList"),
        "{}",
        e.message
    );
    assert!(build("order", "getOrderList", json!({ "page_size": "20" }), &cfg).is_ok());
}

#[test]
fn path_parameters_are_substituted_and_encoded() {
    let cfg = config(Some("c"));
    let p = build("order", "getPriceDetail", json!({ "order_id": "57/6 6" }), &cfg).unwrap();
    assert_eq!(p.path, "/order/202407/orders/57%2F6%206/price_detail");
    assert_signed(&p, "testsecret_abcdef0123456789");
    let e = build("order", "getPriceDetail", json!({ "order_id": "" }), &cfg).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("order_id"));
}

#[test]
fn a_name_in_path_and_body_goes_to_both() {
    let cfg = config(Some("c"));
    let p = build(
        "promotion",
        "updateActivityProduct",
        json!({ "activity_id": "77", "products": [] }),
        &cfg,
    )
    .unwrap();
    assert_eq!(p.path, "/promotion/202309/activities/77/products");
    assert_eq!(p.body, Body::Json(r#"{"activity_id":"77","products":[]}"#.into()));
}

#[test]
fn shop_cipher_rules() {
    // Forbidden: never sent even when the client has one.
    let p = build("authorization", "getAuthorizedShops", json!({}), &config(Some("c"))).unwrap();
    assert!(!p.url.contains("shop_cipher"));
    assert!(query(&p.url)
        .iter()
        .map(|x| x.0.as_str())
        .eq(["app_key", "timestamp", "sign"]));
    assert_eq!(p.body, Body::None);
    // ...and passing it explicitly is an error, not silently dropped.
    let e = build(
        "authorization",
        "getAuthorizedShops",
        json!({ "shop_cipher": "c" }),
        &config(None),
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("shop_cipher"));
    // Optional: sent when known.
    let p = build(
        "order",
        "getOrderList",
        json!({ "page_size": 1 }),
        &config(Some("ROW_x")),
    )
    .unwrap();
    assert!(query(&p.url).contains(&("shop_cipher".into(), "ROW_x".into())));
    let p = build("order", "getOrderList", json!({ "page_size": 1 }), &config(None)).unwrap();
    assert!(!p.url.contains("shop_cipher"));
    // Per call, the params override the client.
    let p = build(
        "order",
        "getOrderList",
        json!({ "page_size": 1, "shop_cipher": "ROW_y" }),
        &config(Some("ROW_x")),
    )
    .unwrap();
    assert!(query(&p.url).contains(&("shop_cipher".into(), "ROW_y".into())));
    // Required: an error naming it when neither has one.
    let e = build(
        "analytics",
        "getShopPerformance@202405",
        json!({ "start_date_ge": "a", "end_date_lt": "b" }),
        &config(None),
    )
    .unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::InvalidRequest, Some("shop_cipher"))
    );
}

#[test]
fn unknown_and_missing_parameters_are_errors() {
    let cfg = config(Some("c"));
    let e = build(
        "order",
        "getOrderList",
        json!({ "page_size": 1, "page_sise": 10 }),
        &cfg,
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("page_sise"));
    assert_eq!(e.operation.as_deref(), Some("order.getOrderList"));
    let e = build("order", "getOrderDetail", json!({}), &cfg).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("ids"));
    assert!(
        e.message.contains("order.getOrderDetail requires `ids`"),
        "{}",
        e.message
    );
    let e = build(
        "order",
        "getOrderList",
        json!({ "page_size": 1, "order_status": 3 }),
        &cfg,
    )
    .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("order_status"));
}

#[test]
fn versions() {
    let op = find("order", "getOrderDetail").unwrap();
    assert_eq!(plan::version(op, None).unwrap().1.version, "202507");
    assert_eq!(
        plan::version(op, Some("202309")).unwrap().1.path,
        "/order/202309/orders"
    );
    let e = plan::version(op, Some("202401")).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("version"));
    assert!(e.message.contains("202507, 202309"), "{}", e.message);
}

#[test]
fn the_request_goes_to_the_planned_shop() {
    // The call's option names ROW_b, its params ROW_p: the plan picks the params', and the
    // request carries exactly the cipher the plan hands it, not the client's.
    let cfg = config(Some("ROW_client"));
    let op = find("order", "getOrderList").unwrap();
    let v = plan::newest(op);
    let offered = Offered {
        params: true,
        call: true,
        client: true,
    };
    let shop = plan::shop(op, v, offered).unwrap();
    assert_eq!(shop, plan::Shop::Params);
    let params = JsonParams::parse(r#"{"page_size":1,"shop_cipher":"ROW_p"}"#).unwrap();
    let p = prepare(op, v, plan::cipher(shop, Some("ROW_p"), &cfg), &params, &context(&cfg)).unwrap();
    assert_eq!(query(&p.url).iter().filter(|x| x.0 == "shop_cipher").count(), 1);
    assert!(query(&p.url).contains(&("shop_cipher".into(), "ROW_p".into())));
    let shop = plan::shop(
        op,
        v,
        Offered {
            params: false,
            call: true,
            client: true,
        },
    )
    .unwrap();
    let p = prepare(op, v, plan::cipher(shop, Some("ROW_b"), &cfg), &params, &context(&cfg)).unwrap();
    assert!(
        query(&p.url).contains(&("shop_cipher".into(), "ROW_b".into())),
        "the plan's, not the params' key"
    );
}

#[test]
fn business_calls_need_an_access_token() {
    let mut cfg = config(None);
    cfg.access_token = None;
    let e = build("seller", "getActiveShops", json!({}), &cfg).unwrap_err();
    assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Config, Some("accessToken")));
}

#[test]
fn token_calls_go_to_the_auth_host_unsigned() {
    let mut cfg = config(None);
    cfg.access_token = None;
    cfg.auth_base_url = "http://auth.local".into();
    let p = build("token", "getAccessToken", json!({ "auth_code": "c+d" }), &cfg).unwrap();
    assert!(p.url.starts_with("http://auth.local/api/v2/token/get?"));
    let q = query(&p.url);
    assert!(q.contains(&("grant_type".into(), "authorized_code".into())));
    assert!(q.contains(&("auth_code".into(), "c+d".into())));
    assert!(!q.iter().any(|x| x.0 == "sign"));
    assert!(!p.access_token);
    let p = build("token", "refreshAccessToken", json!({ "refresh_token": "r" }), &cfg).unwrap();
    assert!(query(&p.url).contains(&("grant_type".into(), "refresh_token".into())));
}

#[test]
fn multipart_uploads_are_not_signed_over_the_body() {
    let cfg = config(Some("c"));
    let p = build(
        "product",
        "uploadProductImage",
        json!({ "data": {}, "use_case": "MAIN_IMAGE" }),
        &cfg,
    )
    .unwrap();
    match &p.body {
        Body::Multipart(parts) => assert_eq!(
            parts,
            &[
                Part::File { name: "data" },
                Part::Text {
                    name: "use_case",
                    value: "MAIN_IMAGE".into()
                }
            ]
        ),
        other => panic!("{other:?}"),
    }
    // Vector V11: no shop_cipher, signature over path and query only.
    assert!(!p.url.contains("shop_cipher"));
    assert_signed(&p, "testsecret_abcdef0123456789");
}

#[test]
fn encode_is_rfc3986() {
    assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~");
    assert_eq!(encode(" +&=%,"), "%20%2B%26%3D%25%2C");
}

#[test]
fn json_params_keep_order_and_exact_body_text() {
    let cfg = config(Some("ROW_TestCipher-AbC_123"));
    // What the glue sends: the caller's object as JSON text, in the caller's order.
    let text = r#"{"page_size":20,"sort_field":"create_time","sort_order":"DESC","order_status":"AWAITING_SHIPMENT","create_time_ge":1700000000,"create_time_lt":1700086400,"page_token":null}"#;
    let p = build_text("order", "getOrderList", text, &cfg).unwrap();
    assert_eq!(
        p.body,
        Body::Json(
            r#"{"order_status":"AWAITING_SHIPMENT","create_time_ge":1700000000,"create_time_lt":1700086400}"#.into()
        )
    );
    assert_eq!(
        query(&p.url).iter().find(|x| x.0 == "sign").unwrap().1,
        "513179ec755e8a427be9cbcd4b301be963a15fcb41bf549d208ac942a99dc58a"
    );
    // Nested body values go through as given, byte for byte.
    let nested = r#"{"orders":[{"id":"1","external_order":{"id":"e\u00e9","platform":"SHOPIFY","line_items":[]}}]}"#;
    let p = build_text("order", "addExternalOrderReferences", nested, &cfg).unwrap();
    assert_eq!(p.body, Body::Json(nested.into()));
}

#[test]
fn path_parameters_cannot_change_the_path() {
    let cfg = config(Some("c"));
    for bad in [".", "..", ""] {
        let e = build("order", "getPriceDetail", json!({ "order_id": bad }), &cfg).unwrap_err();
        assert_eq!(
            (e.kind, e.field.as_deref()),
            (ErrorKind::InvalidRequest, Some("order_id")),
            "{bad:?}"
        );
    }
    // Dots inside a value are data, and a slash is encoded.
    let p = build("order", "getPriceDetail", json!({ "order_id": "../x" }), &cfg).unwrap();
    assert_eq!(p.path, "/order/202407/orders/..%2Fx/price_detail");
}

#[test]
fn a_get_body_needs_a_fetch_that_can_send_one() {
    let cfg = config(Some("c"));
    let op = find("logistics", "getAvailableShippingTemplate").unwrap();
    let (ordinal, v) = plan::version(op, Some("202510")).unwrap();
    assert_eq!(v.path, "/logistics/202510/seller_templates");
    let attribute = params(json!({ "product_attribute": { "weight": { "weight": "1", "unit": 4 } } }));
    // Without it the call sends no body at all (never `{}` on a GET).
    let p = planned(op, ordinal, "{}", &context(&cfg)).unwrap();
    assert_eq!(p.body, Body::None);
    let e = planned(op, ordinal, &attribute, &context(&cfg)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("product_attribute"));
    assert!(e.message.contains("fetch"), "{}", e.message);
    let ctx = Context {
        get_body: true,
        ..context(&cfg)
    };
    let p = planned(op, ordinal, &attribute, &ctx).unwrap();
    assert_eq!(
        p.body,
        Body::Json(r#"{"product_attribute":{"weight":{"unit":4,"weight":"1"}}}"#.into())
    );
    assert_signed(&p, "testsecret_abcdef0123456789");
}

#[test]
fn the_conversation_lists_send_their_flag_in_the_query_only() {
    // Described as GET with a body that repeats a query parameter: the query carries it.
    let cfg = config(Some("c"));
    let op = find("affiliateSeller", "getConversationList").unwrap();
    for (ordinal, v) in op.versions.iter().enumerate() {
        let text = params(json!({ "page_size": 10, "only_need_conversation_id": true }));
        let p = planned(op, ordinal, &text, &context(&cfg)).unwrap();
        assert_eq!(p.body, Body::None, "{}", v.version);
        assert!(query(&p.url).contains(&("only_need_conversation_id".into(), "true".into())));
    }
}

#[test]
fn raw_requests_are_signed_like_any_other() {
    let cfg = config(Some("c"));
    let query = vec![("ids".to_owned(), "1,2".to_owned())];
    let ctx = context(&cfg);
    let p = prepare_raw(
        tiktok_shop_wasm::operations::Method::Post,
        "/product/202601/new_things/search",
        &query,
        Some(r#"{"a":1}"#.into()),
        Some("ROW_s"),
        &ctx,
    )
    .unwrap();
    assert_eq!(p.path, "/product/202601/new_things/search");
    assert!(query_of(&p).contains(&("shop_cipher".into(), "ROW_s".into())));
    assert!(query_of(&p).contains(&("ids".into(), "1,2".into())));
    assert_eq!(p.body, Body::Json(r#"{"a":1}"#.into()));
    assert_signed(&p, "testsecret_abcdef0123456789");
    let get = tiktok_shop_wasm::operations::Method::Get;
    for bad in [
        "",
        "x",
        "/a//b",
        "/a/../b",
        "/./a",
        "/a/%2e%2E/b",
        "/a/%2e",
        "/a/..%2fb",
        "/a/x%2F..%2Fb",
        "/a/%2f/b",
        "/a/x%5c..%5Cb",
        "/a/..%5c",
        "/a?b=1",
        "/a#b",
        "/a b",
        "/a\\b",
    ] {
        let e = prepare_raw(get, bad, &[], None, None, &context(&cfg)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("path"), "{bad:?}");
    }
    for reserved in ["sign", "app_key", "timestamp", "access_token", "shop_cipher"] {
        let q = vec![(reserved.to_owned(), "x".to_owned())];
        let e = prepare_raw(get, "/a/b", &q, None, None, &context(&cfg)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(reserved));
    }
    let e = prepare_raw(get, "/a/b", &[], Some("{}".into()), None, &context(&cfg)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("body"));
}

fn query_of(p: &Prepared) -> Vec<(String, String)> {
    query(&p.url)
}

#[test]
fn an_array_value_with_a_comma_is_refused_not_split() {
    let cfg = config(Some("c"));
    let e = build("order", "getOrderDetail", json!({ "ids": ["1", "2,3"] }), &cfg).unwrap_err();
    assert_eq!(
        (e.kind, e.field.as_deref()),
        (ErrorKind::InvalidRequest, Some("ids[1]"))
    );
    assert!(
        e.message.contains("comma") && e.message.contains("order.getOrderDetail"),
        "{}",
        e.message
    );
    let p = build("order", "getOrderDetail", json!({ "ids": ["1", "2"] }), &cfg).unwrap();
    assert!(query_of(&p).contains(&("ids".into(), "1,2".into())));
}

#[test]
fn page_size_above_the_operations_maximum_is_refused() {
    let cfg = config(Some("c"));
    let max = plan::newest(find("order", "getOrderList").unwrap()).page_size_max;
    assert_eq!(max, 100);
    for bad in [json!(1000), json!(101), json!(0), json!("1000")] {
        let e = build("order", "getOrderList", json!({ "page_size": bad }), &cfg).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("page_size"), "{bad}");
        assert!(e.message.contains("100"), "{}", e.message);
    }
    assert!(build("order", "getOrderList", json!({ "page_size": 100 }), &cfg).is_ok());
}

#[test]
fn page_size_is_only_bounded_where_the_documentation_states_a_maximum() {
    let cfg = config(Some("c"));
    // searchReturns 202602 (docs catalog) states no maximum: a walk asks for a safe size,
    // and a larger size the caller gives is sent for TikTok to judge.
    let op = find("returnRefund", "searchReturns").unwrap();
    let newest = plan::newest(op);
    assert_eq!((newest.version, newest.page_size_max), ("202602", 0));
    assert!(newest.page_size > 0, "a walk still has a page size to ask for");
    let p = build("returnRefund", "searchReturns", json!({ "page_size": 500 }), &cfg).unwrap();
    assert!(query_of(&p).contains(&("page_size".into(), "500".into())));
    // Its 202309 version states 50: more is refused.
    let (_, old) = plan::version(op, Some("202309")).unwrap();
    assert_eq!(old.page_size_max, 50);
    assert_eq!(old.page_size, 50);
}
