//! The detection core's expectation table: real-shaped text in, exact matches out. Every row is also
//! run with the haystack cut into small owned ranges, which must give the same matches exactly once.

use super::*;

fn detector() -> Detector {
    Detector::new(DetectorOptions::new(Date { year: 2026, month: 11, day: 22 }))
}

/// (matched text, category id, normalized value)
type Want = (&'static str, &'static str, &'static str);

fn run(text: &str) -> Vec<(String, &'static str, String)> {
    let d = detector();
    let mut out = Vec::new();
    d.detect(text.as_bytes(), 0..text.len(), &FileContext::from(Encoding::Utf8), &mut Scratch::default(), &mut out);
    out.iter().map(|m| (text[m.start..m.end].to_string(), m.category.id(), m.normalized.clone())).collect()
}

fn check(text: &str, want: &[Want]) {
    let got = run(text);
    let want: Vec<_> = want.iter().map(|(t, c, n)| (t.to_string(), *c, n.to_string())).collect();
    assert_eq!(got, want, "in {text:?}");
}

const ID: &str = "11010519491231002X";

#[test]
fn resident_ids_in_every_written_form() {
    check("身份证号11010519491231002X，", &[(ID, "id_card", ID)]);
    check("身份证号：11010519491231002x", &[("11010519491231002x", "id_card", ID)]);
    check("id_no=440305198611250014&x=1", &[("440305198611250014", "id_card", "440305198611250014")]);
    check("证件 110105 19491231 002X 已核验", &[("110105 19491231 002X", "id_card", ID)]);
    check("证件 110105-19491231-002X", &[("110105-19491231-002X", "id_card", ID)]);
    check("身份证：110105 1949 1231 002X。", &[("110105 1949 1231 002X", "id_card", ID)]);
    check("身份证：110105-1949-1231-002x", &[("110105-1949-1231-002x", "id_card", ID)]);
    check("１１０１０５１９４９１２３１００２Ｘ", &[("１１０１０５１９４９１２３１００２Ｘ", "id_card", ID)]);
    check("\"110103197001010019\",\"x\"", &[("110103197001010019", "id_card", "110103197001010019")]);
}

#[test]
fn id_decoys_are_not_reported() {
    check("订单号 11010519491231002Y", &[]); // glued letter after the check character
    check("订单号 110105194912310021", &[]); // wrong check character
    check("流水 2023112210234500017", &[]); // 19 digits
    check("9131011511010519491231002X", &[]); // inside a longer run
    check("USCC 91310115MA1K3YJ12X", &[]);
    check("ID11010519491231002X", &[]); // glued to ASCII letters
    check("11010519491231002X5", &[]);
    check("110105 19491231-002X", &[]); // mixed separators are not one written form
    check("110105 1949 1231-002X", &[]);
    check("11010519491231002 X", &[]); // the X belongs to no group
    check("440305198613250017", &[]); // month 13
}

#[test]
fn mobiles_in_every_written_form() {
    const N: &str = "13812345678";
    for (text, matched) in [
        ("手机13812345678，", "13812345678"),
        ("电话:138-1234-5678", "138-1234-5678"),
        ("电话 138 1234 5678 转人工", "138 1234 5678"),
        ("tel 138 12345678", "138 12345678"),
        ("+86 138 1234 5678", "+86 138 1234 5678"),
        ("+86-138-1234-5678", "+86-138-1234-5678"),
        ("+8613812345678", "+8613812345678"),
        ("0086 13812345678", "0086 13812345678"),
        ("008613812345678", "008613812345678"),
        ("86-13812345678", "86-13812345678"),
        ("(+86)13812345678", "(+86)13812345678"),
        ("（+86）138 1234 5678", "（+86）138 1234 5678"),
        ("(+86) 13812345678", "(+86) 13812345678"),
        ("手机：１３８１２３４５６７８。", "１３８１２３４５６７８"),
        ("＋８６ １３８１２３４５６７８", "＋８６ １３８１２３４５６７８"),
        ("\"mobile\":\"13812345678\"", "13812345678"),
        ("2023-11-22 13812345678 登录", "13812345678"),
        ("联系人：王总13812345678", "13812345678"),
        ("tel 138.1234.5678。", "138.1234.5678"),
        ("(0086)13812345678", "(0086)13812345678"),
        ("短信网关 8613812345678 已送达", "8613812345678"),
        ("+86 138-1234-5678", "+86 138-1234-5678"),
        ("(+86 13812345678)", "+86 13812345678"),
        ("(+8613812345678)", "+8613812345678"),
    ] {
        check(text, &[(matched, "phone", N)]);
    }
    check("13812345678/13987654321", &[("13812345678", "phone", N), ("13987654321", "phone", "13987654321")]);
    check("13812345678 13987654321", &[("13812345678", "phone", N), ("13987654321", "phone", "13987654321")]);
    check(
        "16101234567 17400123456",
        &[("16101234567", "phone", "16101234567"), ("17400123456", "phone", "17400123456")],
    );
}

#[test]
fn mobile_decoys_are_not_reported() {
    for text in [
        "20231122138123456780",   // inside a longer digit run
        "订单202311221381234567", // ditto, glued to Chinese is fine but the run is 18 digits, not an ID
        "abc13812345678",         // glued to letters
        "13812345678abc",
        "0.13812345678", // a decimal
        "13812345678.25",
        "12345678901", // 123 is not an allocated prefix
        "11012345678",
        "14012345678",
        "4008208820 800-810-8888 95588 10086", // service numbers
        "1700000000123",                       // millisecond timestamp
        "138 1234 5678 1234",                  // a row of numbers, not a split phone
        "7 150 2024 0315",
        "共 150 20240315 条", // a count and a date
        "count 135 2024 0315",
        "138 1234-5678",    // mixed separators
        "2023-13812345678", // hyphen-joined compound
        "13812345678-0001",
        "build-15912345678-rc1", // a kebab-case identifier
        "GPS 130.12345678,46.8", // eight decimals, not a 3-8 split
        "price=186.12345678",
        "score 86.15912345678", // a decimal, not a country code
        "SN-11010519491231002X",
        "13812345678-rc1",
        "138-1234-56789",
        "trace=4bf92f3577b34da6a3ce929d0e0e4736",
        "１３８１２３４５６７８ａ", // glued to a full-width letter
    ] {
        check(text, &[]);
    }
}

#[test]
fn emails() {
    check("邮箱wang.fang@example.cn；", &[("wang.fang@example.cn", "email", "wang.fang@example.cn")]);
    check("Email: Li.Na@Corp.COM.cn", &[("Li.Na@Corp.COM.cn", "email", "li.na@corp.com.cn")]);
    // The phone in a mailbox name is part of the address, not a separate phone finding.
    check("13812345678@163.com", &[("13812345678@163.com", "email", "13812345678@163.com")]);
    check("logo@2x.png user@localhost lodash@4.17.21 @张三", &[]);
    check("13812345678＠163.com", &[("13812345678＠163.com", "email", "13812345678@163.com")]);
    // Digits glued after the top-level domain are prose to the address, and so a phone of their own.
    check(
        "wang@qq.com13812345678",
        &[("wang@qq.com", "email", "wang@qq.com"), ("13812345678", "phone", "13812345678")],
    );
    // Full-width digits are no mailbox name, and glued to the ＠ they are no phone either.
    check("１３８１２３４５６７８＠163.com", &[]);
}

#[test]
fn identity_documents_of_every_kind() {
    // Permits for Hong Kong, Macau and Taiwan residents and the foreigner's ID share the ID format.
    check("居住证号码：810000199001010019", &[("810000199001010019", "id_card", "810000199001010019")]);
    check("830000197703030035；", &[("830000197703030035", "id_card", "830000197703030035")]);
    check("永居证 911840198506120015", &[("911840198506120015", "id_card", "911840198506120015")]);
    // First-generation numbers: whole or 6-6-3, normalized to the 18-character number.
    check("身份证 110105491231002", &[("110105491231002", "id_card", ID)]);
    check("一代证 110105 491231 002。", &[("110105 491231 002", "id_card", ID)]);
    check("110105491231002", &[("110105491231002", "id_card", ID)]); // alone: lower confidence, still reported
                                                                     // Passports and permits: only with a label, in ASCII or full-width, upper or lower case.
    check("护照号码：E12345678", &[("E12345678", "passport", "E12345678")]);
    check("passport: ea1234567", &[("ea1234567", "passport", "EA1234567")]);
    check("护照 Ｇ１２３４５６７８", &[("Ｇ１２３４５６７８", "passport", "G12345678")]);
    // A full-width letter before ASCII digits, with a space, a line end or nothing after them.
    check("护照 Ｇ12345678 ", &[("Ｇ12345678", "passport", "G12345678")]);
    check("护照 ＥＡ1234567\n", &[("ＥＡ1234567", "passport", "EA1234567")]);
    check("护照 Ｇ12345678", &[("Ｇ12345678", "passport", "G12345678")]);
    check("往来港澳通行证C12345678", &[("C12345678", "permit", "C12345678")]);
    check("回乡证：H1234567890", &[("H1234567890", "permit", "H1234567890")]);
    check("台胞证号码 12345678", &[("12345678", "permit", "12345678")]);
    // The type in the cell before, as exports write it: adjacent, so a label.
    check("台胞证,0912345678,x", &[("0912345678", "permit", "0912345678")]);
}

#[test]
fn document_decoys_are_not_reported() {
    for text in [
        "型号 E12345678",         // a model number
        "SKU-E12345678",          // glued to a word
        "护照 XE12345678",        // three letters
        "护照号码：EO1234567",    // O never follows E
        "护照号码：E1234567",     // seven digits after one letter
        "日期 20240315 台胞证",   // the label after the number
        "IMEI:861234567890123",   // a device, and region 861234 does not exist
        "110105491331002",        // month 13
        "订单号 110105491231002", // a first-generation shape after an order label
    ] {
        check(text, &[]);
    }
}

#[test]
fn landlines_and_service_numbers() {
    for (text, matched, n) in [
        ("办公电话：010-88886666", "010-88886666", "01088886666"),
        ("(021) 6888 8888", "(021) 6888 8888", "02168888888"),
        ("（0755）26668888", "（0755）26668888", "075526668888"),
        ("总机 020-12345678转808", "020-12345678", "02012345678"),
        ("分机 020-12345678-808", "020-12345678", "02012345678"),
        ("Tel: +86 10 8888 6666", "+86 10 8888 6666", "01088886666"),
        ("+86-755-26668888", "+86-755-26668888", "075526668888"),
        ("0571-8888-6666", "0571-8888-6666", "057188886666"),
        ("座机 075526668888", "075526668888", "075526668888"),
    ] {
        check(text, &[(matched, "phone", n)]);
    }
    for text in [
        "客服热线 400-820-8820，800-810-8888，95588，4008208820",
        "075526668888",              // bare and unlabelled: below the default threshold
        "0000-1234567 0200-1234567", // no such area codes
        "7123 0531 2345 6789 012",   // a row of numbers, not a Jinan number
        "02012345678.5",
    ] {
        check(text, &[]);
    }
}

#[test]
fn bank_cards_by_bin_luhn_and_label() {
    for (text, matched, n) in [
        ("6222020200012345670", "6222020200012345670", "6222020200012345670"), // ICBC, 19 digits, Luhn
        ("工资卡 6222 0202 0001 2345 670", "6222 0202 0001 2345 670", "6222020200012345670"),
        ("6225-8801-2345-6783", "6225-8801-2345-6783", "6225880123456783"),
        ("622202 0200012345670", "622202 0200012345670", "6222020200012345670"),
        ("卡号：6222020200012345672", "6222020200012345672", "6222020200012345672"), // 62, Luhn fails, label
        ("信用卡 4003601234567893", "4003601234567893", "4003601234567893"),
    ] {
        check(text, &[(matched, "bank_card", n)]);
    }
    for text in [
        "6222020200012345672",          // Luhn fails, no label
        "订单号：6222020200012345670",  // negative context
        "7992739871300001",             // Luhn passes, unknown issuer, no label
        "1760000000000000001",          // a snowflake id
        "卡号 7123 4567 8901 2345 678", // Luhn fails and not UnionPay, even with a label
    ] {
        check(text, &[]);
    }
}

#[test]
fn credit_codes_are_counted_not_reported() {
    let d = detector();
    // Codes with a letter after the region digits, all digits, and a letter (Y, A) before 17 digits.
    let text = "统一社会信用代码：91440300708461136T，税号914403001922038216；订单202301258557635135；\
                Y14403001234567880，A11100005566778853；客户G00000100";
    let mut out = Vec::new();
    let np = d.detect(text.as_bytes(), 0..text.len(), &FileContext::default(), &mut Scratch::default(), &mut out);
    assert!(out.is_empty(), "{out:?}");
    assert_eq!(np.org_ids, 4);
}

#[test]
fn explain_gives_a_reason_for_every_candidate() {
    let d = detector();
    let text = "身份证号110105194912310021 零件 E12345678 订单号13812345678 手机13812345678";
    let mut s = Scratch::default();
    s.set_explain(true);
    let mut out = Vec::new();
    d.detect(text.as_bytes(), 0..text.len(), &FileContext::default(), &mut s, &mut out);
    let v = s.take_verdicts();
    let reasons: Vec<(Option<Confidence>, &str)> = v.iter().map(|v| (v.reported, v.reason.as_str())).collect();
    assert_eq!(v.len(), 4, "{reasons:#?}");
    assert!(v[0].reported.is_none() && v[0].reason.contains("MOD 11-2 check failed"), "{reasons:#?}");
    assert!(v[1].reported.is_none() && v[1].reason.contains("no label"), "{reasons:#?}");
    assert!(v[2].reported.is_none() && v[2].reason.contains("订单号"), "{reasons:#?}");
    assert_eq!(v[3].reported, Some(Confidence::percent(95)));
    assert!(v[3].reason.contains("label phone “手机”"), "{reasons:#?}");
    assert_eq!(out.len(), 1);
}

#[test]
fn min_confidence_filters_and_labels_raise() {
    let strict = Detector::new(DetectorOptions {
        today: Date { year: 2026, month: 11, day: 22 },
        min_confidence: Confidence::percent(90),
    });
    let found = |d: &Detector, t: &str| {
        let mut out = Vec::new();
        d.detect(t.as_bytes(), 0..t.len(), &FileContext::default(), &mut Scratch::default(), &mut out);
        out.len()
    };
    assert_eq!(found(&strict, "110105491231002"), 0, "an unlabelled 15-digit number is 0.60");
    assert_eq!(found(&strict, "身份证 110105491231002"), 1, "labelled: 0.90");
    assert_eq!(found(&detector(), "订单号 11010519491231002X"), 0, "lowered to 0.45");
    let lenient = Detector::new(DetectorOptions {
        today: Date { year: 2026, month: 11, day: 22 },
        min_confidence: Confidence::percent(40),
    });
    assert_eq!(found(&lenient, "订单号 11010519491231002X"), 1);
    assert_eq!(found(&lenient, "075526668888"), 1, "a bare landline is 0.45");
}

#[test]
fn several_values_on_one_line_come_out_in_order() {
    let text = "王芳,11010519491231002X,138-1234-5678,wf@example.cn";
    let got: Vec<_> = run(text).into_iter().map(|m| m.1).collect();
    assert_eq!(got, ["id_card", "phone", "email"]);
}

/// Splits `text` into owned ranges of `step` bytes, each with CONTEXT bytes of context on either
/// side, as the block reader does, and checks that the union equals one pass over the whole.
fn split_equals_whole(text: &str, step: usize) {
    in_steps(text, &FileContext::from(Encoding::Utf8), step);
}

/// The matches of `text` as one range, asserted equal to those of owned ranges of `step` bytes
/// (each with its context around it, one scratch for all, as a scan reuses it).
fn in_steps(text: &str, file: &FileContext, step: usize) -> Vec<Match> {
    let d = detector();
    let hay = text.as_bytes();
    let mut whole = Vec::new();
    d.detect(hay, 0..hay.len(), file, &mut Scratch::default(), &mut whole);
    let mut parts = Vec::new();
    let mut s = Scratch::default();
    let mut from = 0;
    while from < hay.len() {
        let to = (from + step).min(hay.len());
        let lo = from.saturating_sub(CONTEXT);
        let hi = (to + CONTEXT).min(hay.len());
        let mut v = Vec::new();
        d.detect(&hay[lo..hi], from - lo..to - lo, file, &mut s, &mut v);
        parts.extend(v.into_iter().map(|mut m| {
            m.start += lo;
            m.end += lo;
            m
        }));
        from = to;
    }
    assert_eq!(parts, whole, "step {step}");
    whole
}

#[test]
fn values_across_range_edges_are_found_exactly_once() {
    let line =
        "王芳 身份证号11010519491231002X 手机(+86)138 1234 5678，邮箱wang.fang@example.cn 订单20231122138123456780 \
                护照E12345678 座机(0755) 2666 8888 工资卡 6222 0202 0001 2345 670 台胞证 12345678 \
                91440300708461136T 一代证110105 491231 002\n";
    let text = line.repeat(50);
    for step in [1, 2, 3, 7, 16, 61, 4096] {
        split_equals_whole(&text, step);
    }
}

fn confidence_of(text: &str) -> u8 {
    let mut out = Vec::new();
    detector().detect(
        text.as_bytes(),
        0..text.len(),
        &FileContext::from(Encoding::Utf8),
        &mut Scratch::default(),
        &mut out,
    );
    assert_eq!(out.len(), 1, "{text}");
    (out[0].confidence.as_f64() * 100.0).round() as u8
}

#[test]
fn written_forms_score_by_how_much_they_say() {
    // A country code or hyphens are how phone numbers are written; a bare run is likelier a phone
    // than a space-split one; a bare 86-prefixed run is the weakest.
    assert_eq!(confidence_of("+86 138 1234 5678"), 90);
    assert_eq!(confidence_of("138-1234-5678"), 90);
    assert_eq!(confidence_of("13812345678"), 85);
    assert_eq!(confidence_of("138 1234 5678"), 80);
    assert_eq!(confidence_of("8613812345678"), 70);
    assert_eq!(confidence_of("+8613812345678"), 90);
    // A date-like split is a phone only when hyphenated like one.
    assert_eq!(confidence_of("135-2024-0315"), 90);
    assert_eq!(confidence_of("170.1938.1127"), 85);
}

#[test]
fn gbk_text_gives_the_same_values_as_utf8() {
    // 號碼 in GBK is CC 96 B4 61 and 證 is D7 43: trail bytes that are ASCII letters must not glue.
    let text = "手機號碼13812345678，身份證11010519491231002X，郵箱號碼wang@qq.com";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let d = detector();
    let mut out = Vec::new();
    d.detect(&gbk, 0..gbk.len(), &FileContext::from(Encoding::DoubleByte), &mut Scratch::default(), &mut out);
    let got: Vec<_> = out.iter().map(|m| (m.category.id(), m.normalized.as_str())).collect();
    assert_eq!(got, [("phone", "13812345678"), ("id_card", ID), ("email", "wang@qq.com")]);
    // A file whose head was ASCII (so read as UTF-8) gives the same values: bytes that end no UTF-8
    // character mark a double-byte text wherever it appears.
    let mut late = b"2024-03-15 10:00:00 INFO export started\n".repeat(200);
    late.extend_from_slice(&gbk);
    out.clear();
    d.detect(&late, 0..late.len(), &FileContext::from(Encoding::Utf8), &mut Scratch::default(), &mut out);
    let got: Vec<_> = out.iter().map(|m| (m.category.id(), m.normalized.as_str())).collect();
    assert_eq!(got, [("phone", "13812345678"), ("id_card", ID), ("email", "wang@qq.com")]);
}

#[test]
fn a_rare_name_character_after_a_long_gbk_paragraph() {
    // 玥 is AB 68 in GBK: its second byte is 'h'. After 200 characters without ASCII the run of high
    // bytes is longer than the detector follows back; the letter is still read as part of 玥.
    let mut text = "本公司对员工个人信息的收集与使用遵循合法正当必要的原则".repeat(8);
    text.push_str("联系人：李玥13812345678");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    for enc in [Encoding::Utf8, Encoding::DoubleByte] {
        let mut out = Vec::new();
        detector().detect(&gbk, 0..gbk.len(), &FileContext::from(enc), &mut Scratch::default(), &mut out);
        assert_eq!(out.len(), 1, "{enc:?}");
        assert_eq!(out[0].normalized, "13812345678");
    }
}

mod properties {
    //! The block contract on generated text: any haystack, cut into owned ranges of any size, gives
    //! the matches of one pass over the whole, each exactly once.
    use super::*;
    use proptest::prelude::*;

    /// Fragments real text is made of around values: digits, separators, Chinese, letters, country
    /// codes, check characters, full-width forms, at signs and domains.
    fn fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "13812345678",
            "11010519491231002X",
            "138",
            "1234",
            "5678",
            "110105",
            "19491231",
            "002X",
            "86",
            "+86",
            "(+86)",
            "0086",
            " ",
            "-",
            ".",
            "x",
            "X",
            "号",
            "，",
            "手机",
            "１３８１２３４５６７８",
            "＠",
            "@",
            "qq.com",
            "wang",
            "a",
            "0",
            "7",
            "\n",
            "（",
            "）",
            "_",
        ])
    }

    /// The same for GBK: characters whose second byte is an ASCII letter, and long runs of
    /// double-byte characters that cross block edges.
    fn gbk_fragment() -> impl Strategy<Value = &'static [u8]> {
        prop::sample::select(vec![
            &b"13812345678"[..],
            b"11010519491231002X",
            b"138",
            b"1234",
            b" ",
            b"-",
            b"@",
            b"qq.com",
            b"wang",
            b"a",
            b"\xb4\x61",                         // 碼
            b"\xd7\x43",                         // 證
            b"\xab\x68",                         // 玥
            b"\xca\xd6\xbb\xfa",                 // 手机
            b"\xa3\xac",                         // ，
            b"\xc4\xe3\xba\xc3\xca\xc0\xbd\xe7", // 你好世界
        ])
    }

    fn cut_and_compare(parts: &[&str], step: usize) -> Result<(), TestCaseError> {
        let bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
        cut_and_compare_bytes(&bytes, step, Encoding::Utf8)
    }

    fn cut_and_compare_bytes(parts: &[&[u8]], step: usize, enc: Encoding) -> Result<(), TestCaseError> {
        let text: Vec<u8> = parts.concat();
        let hay = &text[..];
        let d = detector();
        let mut whole = Vec::new();
        d.detect(hay, 0..hay.len(), &FileContext::from(enc), &mut Scratch::default(), &mut whole);
        let mut found = Vec::new();
        let mut from = 0;
        while from < hay.len() {
            let to = (from + step).min(hay.len());
            let (lo, hi) = (from.saturating_sub(CONTEXT), (to + CONTEXT).min(hay.len()));
            let mut v = Vec::new();
            d.detect(&hay[lo..hi], from - lo..to - lo, &FileContext::from(enc), &mut Scratch::default(), &mut v);
            found.extend(v.into_iter().map(|mut m| {
                m.start += lo;
                m.end += lo;
                m
            }));
            from = to;
        }
        prop_assert_eq!(found, whole);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        // Short texts, tiny owned ranges: the range filter.
        #[test]
        fn small_cuts(parts in prop::collection::vec(fragment(), 1..120), step in 1usize..64) {
            cut_and_compare(&parts, step)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(40))]
        // Texts longer than the context, so windows start in the middle of tokens and addresses.
        #[test]
        fn cuts_with_truncated_context(parts in prop::collection::vec(fragment(), 1500..4000), step in 500usize..5000) {
            cut_and_compare(&parts, step)?;
        }
    }

    /// Digit-dense text: dates, times, amounts and counters around values and their pieces, with
    /// every byte that can continue or glue a token.
    fn dense_fragment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "2021-02-12",
            "18:39:58.122",
            "0.3629",
            "24067",
            "13812345678",
            "11010519491231002X",
            // Eighteen digits that pass the check character and fail later (region, month, future
            // birth, foreigner's province), pass Luhn only, or are a credit code.
            "202301258557635135",
            "110105194913310021",
            "110105209912310029",
            "990105194912310023",
            "302301258557635133",
            "914403001922038216",
            "622202123456789013",
            "Y14403001234567880",
            "A11100005566778853",
            "G00000100",
            "6222021234567890",
            "91350100M000100Y43",
            // Credit codes whose first digits are a run of 9, 13 and 14 (lengths no lone run can use)
            // ended by a letter; a millisecond timestamp, and 13 digits that are a mobile after 86.
            "911100001MA01BCD48",
            "9111000012345MAB5W",
            "91110000123456MAX8",
            "1725269982792",
            "8613812345678",
            "G12345678",
            "E4442195",
            "C12345678",
            "H1234567890",
            "EA1234567",
            "g00000100",
            "(010)",
            "(021) ",
            "123-4567",
            "0371 805 3824",
            "6222 0212 3456 7890",
            "00",
            "86",
            "0086",
            "8",
            "6",
            "0",
            "5",
            "12",
            "123",
            "1234",
            "12345",
            "123456",
            " ",
            " ",
            "-",
            ".",
            ":",
            ",",
            "X",
            "x",
            "Ｘ",
            "ｘ",
            "５",
            "＠",
            "\u{a0}",
            "\u{3000}",
            "–",
            "－",
            "，",
            "。",
            "号",
            "期",
            "Ａ",
            "台胞证",
            "护照",
            "手机",
            "订单号",
            "卡号",
            "a",
            "abc",
            "@",
            "wang@qq.com",
            "\n",
        ])
    }

    /// The candidate pass skips digit tokens no form can use, and lone 18-digit runs that fail
    /// every check skip the slow path when nobody asked why: with and without skipping, the same
    /// matches and organisation counts (with `--explain` off and on) and the same verdicts.
    fn skipping_is_exact(parts: &[&[u8]], enc: Encoding) -> Result<(), TestCaseError> {
        skipping_is_exact_in(parts, |_| FileContext::from(enc))
    }

    /// As `skipping_is_exact`, in the context `context` makes of the text (a CSV header's columns).
    fn skipping_is_exact_in(parts: &[&[u8]], context: impl Fn(&[u8]) -> FileContext) -> Result<(), TestCaseError> {
        let hay: Vec<u8> = parts.concat();
        let file = context(&hay);
        let d = detector();
        let run = |exhaustive: bool, explain: bool| {
            let mut s = Scratch::default();
            s.set_exhaustive(exhaustive);
            s.set_explain(explain);
            let mut out = Vec::new();
            let np = d.detect(&hay, 0..hay.len(), &file, &mut s, &mut out);
            (out, s.take_verdicts(), np)
        };
        let reference = run(true, true);
        for explain in [false, true] {
            let skipped = run(false, explain);
            prop_assert_eq!(&skipped.0, &reference.0);
            prop_assert_eq!(skipped.2, reference.2);
            if explain {
                prop_assert_eq!(&skipped.1, &reference.1);
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn skipping_tokens_changes_nothing(parts in prop::collection::vec(dense_fragment(), 1..400)) {
            let bytes: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
            skipping_is_exact(&bytes, Encoding::Utf8)?;
        }

        #[test]
        fn skipping_tokens_changes_nothing_in_gbk(parts in prop::collection::vec(gbk_fragment(), 1..400)) {
            skipping_is_exact(&parts, Encoding::DoubleByte)?;
        }

        /// Under a CSV header, whose columns label passports and permits, reject order numbers or say
        /// nothing (the shapes a column of customer numbers like G00000100 skips on).
        #[test]
        fn skipping_tokens_changes_nothing_under_csv_headers(
            header in prop::sample::select(vec![
                "客户编号,护照号,订单号,证件号码,备注\n",
                "护照号码,通行证号码,回乡证号,手机,银行卡号\n",
                "id,passport_no,order_no,mobile,note\n",
                "台胞证,证件类型,证件号码,客户编号\n",
            ]),
            parts in prop::collection::vec(dense_fragment(), 1..400),
        ) {
            let mut bytes: Vec<&[u8]> = vec![header.as_bytes()];
            bytes.extend(parts.iter().map(|p| p.as_bytes()));
            skipping_is_exact_in(&bytes, |hay| FileContext::from_head(&hay[..hay.len().min(4096)], Encoding::Utf8))?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]
        #[test]
        fn gbk_cuts(parts in prop::collection::vec(gbk_fragment(), 1..3000), step in 1usize..5000, double in any::<bool>()) {
            let enc = if double { Encoding::DoubleByte } else { Encoding::Utf8 };
            cut_and_compare_bytes(&parts, step.max(parts.len() / 8), enc)?;
        }
    }
}

/// Rules as data: every sample in `patterns/context/*.toml` through the real engine.
#[test]
fn rules_as_data_samples_hold() {
    let d = detector();
    let mut failures = Vec::new();
    let mut n = 0;
    for (file, text) in context::RULE_FILES {
        let rules: context::RuleFile = toml::from_str(text).unwrap();
        assert!(!rules.samples.is_empty(), "{file} has no samples");
        for sample in &rules.samples {
            n += 1;
            let mut out = Vec::new();
            let hay = sample.text.as_bytes();
            d.detect(hay, 0..hay.len(), &FileContext::default(), &mut Scratch::default(), &mut out);
            let got: Vec<String> = out.iter().map(|m| format!("{} {}", m.category, m.normalized)).collect();
            if got != sample.expect {
                failures
                    .push(format!("{file}: {:?}\n    expected {:?}\n    got      {got:?}", sample.text, sample.expect));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {n} samples fail:\n{}", failures.len(), failures.join("\n"));
}

/// Matches of `text` read as a whole file (its head decides CSV columns and SQL), the same through
/// owned ranges of `step` bytes.
fn run_file(text: &str, step: usize) -> Vec<(String, &'static str, Option<&'static str>)> {
    let file = FileContext::from_head(&text.as_bytes()[..text.len().min(4096)], Encoding::Utf8);
    let whole = in_steps(text, &file, step);
    whole.iter().map(|m| (text[m.start..m.end].to_string(), m.category.id(), m.kind.map(Kind::id))).collect()
}

#[test]
fn biometric_templates_in_text_once_each() {
    // An ISO/IEC 19794-2 minutiae record: header, one view, 3 minutiae.
    let mut fmr = b"FMR\0 20\0\0\0\0\x30".to_vec();
    fmr.extend([0, 0, 1, 0xF4, 1, 0xF4, 0, 197, 0, 197, 1, 0, 1, 0, 80, 3]);
    fmr.extend([0x41; 18]);
    fmr.extend([0, 0]);
    let iso = hex::encode_upper(&fmr);
    let vendor: String = (0..200).map(|k| format!("{:02X}", (k * 73 % 256) as u8)).collect();
    let bio = |kind: &'static str| Some(kind);

    // A record in a column named for fingerprints is one finding, of the record's kind.
    let csv = format!("工号,指纹模板\nE001,{iso}\nE002,{vendor}\n");
    for step in [7, 100, csv.len()] {
        let got = run_file(&csv, step);
        let want = vec![
            (iso.clone(), "biometric", bio("finger_minutiae")),
            (vendor.clone(), "biometric", bio("finger_template")),
        ];
        assert_eq!(got, want, "step {step}");
    }

    // In a dump: a record in a table that names nothing is found by its header; the statements
    // of a biometric table give their templates once each, whichever block holds them.
    let sql = format!(
        "INSERT INTO `t_attachment` VALUES (1,0x{iso});\n\
         INSERT INTO `t_face_feature` VALUES (1,1001,0x{vendor},'2024-01-02');\n\
         INSERT INTO `t_face_feature` VALUES (2,1002,0x{iso},'2024-01-02');\n\
         INSERT INTO `t_user` VALUES (3,0x{vendor});\n"
    );
    for step in [5, 64, 333, sql.len()] {
        let got = run_file(&sql, step);
        let want = vec![
            (format!("0x{iso}"), "biometric", bio("finger_minutiae")),
            (format!("0x{vendor}"), "biometric", bio("face_template")),
            (format!("0x{iso}"), "biometric", bio("finger_minutiae")),
        ];
        assert_eq!(got, want, "step {step}");
    }

    // Keys: a template after one, a digest after a certificate's, a mention in prose.
    let json = format!(
        "{{\"face_feature\":\"{vendor}\",\"cert_fingerprint\":\"{vendor}\"}}\n本机支持指纹解锁，指纹模板：已录入\n"
    );
    assert_eq!(run_file(&json, json.len()), vec![(vendor.clone(), "biometric", bio("face_template"))]);
}
