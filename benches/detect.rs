//! The detection core alone, per category: bytes in, matches out, no I/O, no output, no hashing.
//!
//! Each input is one kind of text repeated to 1 MiB (a read block), so the figures are MB/s of the
//! inner loop for that kind of content: prose without values (the skip loop), digit-dense logs (the
//! token path), and text dense with one category at a time (validators and context). The count of
//! matches per block is asserted before timing, so a fast wrong engine cannot pass.
//!
//!     cargo bench --bench detect            # all
//!     cargo bench --bench detect -- phone   # one group

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pimap::detect::{Date, Detector, DetectorOptions, FileContext, Scratch};
use std::hint::black_box;

const BLOCK: usize = 1 << 20;

/// (name, one line of text, matches in that line)
const INPUTS: &[(&str, &str, usize)] = &[
    (
        "prose",
        "公司将于下月起执行新的考勤制度，请各部门负责人做好传达工作。The quarterly review is scheduled for next Tuesday.\n",
        0,
    ),
    (
        "log_no_values",
        "2024-03-15 10:23:45.123 INFO  [pool-3-thread-12] c.e.cache.CacheStats - hit ratio=0.8731 size=48213 evictions=17 trace_id=4bf92f3577b34da6a3ce929d0e0e4736\n",
        0,
    ),
    ("id_card", "员工王芳，身份证号11010519491231002X，身份证：110105 1949 1231 002X。\n", 2),
    ("id_other", "港澳居民居住证 810000199001010019，永居证 911840198506120015，一代证 110105491231002。\n", 3),
    ("mobile", "手机13812345678，电话 +86 139-8765-4321，紧急联系人（+86）186 1234 5678。\n", 3),
    ("landline", "办公电话：010-88886666，传真 (021) 6888 8888，总机 0755-26668888转808。\n", 3),
    ("bank_card", "工资卡 6222 0202 0001 2345 670，信用卡 4003601234567893，订单号 6222020200012345670。\n", 2),
    ("passport_permit", "护照号码：E12345678，往来港澳通行证 C12345678，零件号 E87654321，台胞证 12345678。\n", 3),
    ("email", "邮箱 wang.fang@example.cn，备用 li_na88@163.com，logo@2x.png。\n", 2),
    (
        "sql_row",
        "INSERT INTO `t_order` VALUES (1024,'202310049608633451',88123,'王芳','13812345678','11010519491231002X','wf@example.cn',NULL,5633.00,'PAID','2024-03-15 10:23:45',NULL);\n",
        3,
    ),
    ("csv_row", "C000001,王芳,11010519491231002X,13812345678,wf@example.cn,202303238074742977,2024-03-15 10:23:45\n", 3),
];

/// A CSV export as the generator writes them: a header whose cells are the columns' context, one
/// customer row with values in every personal column, and guest rows whose customer numbers have a
/// passport's shape (`G` and 8 digits, rejected: the column is not headed by a passport label) and
/// whose order numbers have an ID's (rejected by their check character or their column).
const CSV_HEADER: &str = "客户编号,姓名,手机号,办公电话,邮箱,证件类型,证件号码,护照号,银行卡号,订单号,注册时间,备注\n";
const CSV_ROWS: &str = concat!(
    "C000001,王芳,13812345678,010-88886666,wf@example.cn,身份证,11010519491231002X,E12345678,6222020200012345670,202303238074742977,2024-03-15 10:23:45.708,\"\"\n",
    "G00000110,,,,,,,,,202311274368782964,2019-12-08 13:12:07.253,\"游客下单\"\n",
    "G00000111,,,,,,,,,371626195609200860,2017-07-07 02:49:50.754,\"游客下单\"\n",
    "G00000112,,,,,,,,,320703200503148430,2022-03-02 11:50:14.570,\"游客下单\"\n",
    "G00000113,,,,,,,,,20230409786274632X,2016-11-27 07:06:33.544,\"游客下单\"\n",
    "G00000114,,,,,,,,,342322199002309462,2021-02-27 23:17:09.551,\"游客下单\"\n",
    "G00000115,,,,,,,,,202303112580834256,2016-12-06 05:30:33.151,\"游客下单\"\n",
    "G00000116,,,,,,,,,230422199002300730,2018-05-06 14:11:45.980,\"游客下单\"\n",
    "G00000117,,,,,,,,,330725196707227300,2021-04-13 01:20:56.874,\"游客下单\"\n",
    "G00000118,,,,,,,,,211381195811019990,2021-01-24 21:24:52.525,\"游客下单\"\n",
);
/// Matches in `CSV_ROWS`: the customer row's mobile, landline, email, ID, passport and bank card.
const CSV_MATCHES: usize = 6;

fn block_of(line: &str) -> Vec<u8> {
    let n = BLOCK / line.len();
    line.repeat(n).into_bytes()
}

fn detect(c: &mut Criterion) {
    let d = Detector::new(DetectorOptions::new(Date { year: 2026, month: 11, day: 22 }));
    let ctx = FileContext::default();
    let mut group = c.benchmark_group("detect");
    for &(name, line, per_line) in INPUTS {
        let hay = block_of(line);
        let lines = hay.len() / line.len();
        let mut scratch = Scratch::default();
        let mut out = Vec::new();
        d.detect(&hay, 0..hay.len(), &ctx, &mut scratch, &mut out);
        assert_eq!(out.len(), per_line * lines, "{name}: matches per block");
        group.throughput(Throughput::Bytes(hay.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                d.detect(black_box(&hay), 0..hay.len(), &ctx, &mut scratch, &mut out);
                out.len()
            })
        });
    }
    // The export: a header, then rows; the header gives each column its context.
    let mut hay = CSV_HEADER.as_bytes().to_vec();
    let units = (BLOCK - hay.len()) / CSV_ROWS.len();
    hay.extend(CSV_ROWS.repeat(units).bytes());
    let ctx = FileContext::from_head(&hay[..4096], pimap::detect::Encoding::Utf8);
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    d.detect(&hay, 0..hay.len(), &ctx, &mut scratch, &mut out);
    assert_eq!(out.len(), CSV_MATCHES * units, "csv_export: matches per block");
    group.throughput(Throughput::Bytes(hay.len() as u64));
    group.bench_function("csv_export", |b| {
        b.iter(|| {
            out.clear();
            d.detect(black_box(&hay), 0..hay.len(), &ctx, &mut scratch, &mut out);
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, detect);
criterion_main!(benches);
