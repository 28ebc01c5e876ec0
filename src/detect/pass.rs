//! The candidate pass: where in a block anything can start, and which digit tokens are worth reading.
//!
//! ```text
//! hay[i..] ──64 bytes at a time, SIMD compares──▶ bitmasks ──bit arithmetic──▶ events: (position, digit run)
//!                                                  digits, separators,         · the start of a digit token
//!                                                  `@`, 0xEF, X/x, C2/E2/E3,     that some form could use
//!                                                  8, 6, 0                     · `@`, full-width digits
//! ```
//!
//! A *token* is what [`super::digits::tokenize`] reads: runs of digits joined by single ASCII spaces,
//! hyphens or dots. Most tokens in logs, dumps and exports are dates, times, amounts and counters that
//! no form can use; the pass recognises them from the masks alone and never hands them out, so the
//! scan loop does work only where a value can be. A token is handed out (an *event*) when any of
//! these holds inside it:
//!
//! * a run of six or more digits (every lone value, and credit codes' region digits);
//! * three digits, a joining separator and three more digits (`138 1234`, `6222 0212`, `0371 805`:
//!   a group of 3 or 4 followed by a group of 3 or more, where split mobiles, cards and area codes
//!   start);
//! * a group that starts with `86` or `00` (country codes `86`, `0086`);
//! * a digit followed by `X`, `x` or the lead byte of a multi-byte separator or full-width digit
//!   (0xC2, 0xE2, 0xE3, 0xEF: what [`super::digits::may_continue`] accepts), or by a separator and
//!   0xEF (check characters, full-width digits and multi-byte separators continue a token in ways
//!   the masks do not follow). A digit before a Chinese character (`第12期`, `3个`) does not make
//!   its token an event; before Chinese punctuation whose first byte is one of those (`、` `。`
//!   `，` `）`), it still does.
//!
//! This is exactly a superset of the groups at which `forms_of` allows any form (a test runs the
//! detector with and without skipping over random digit-dense text and compares). A token that
//! reaches the last two bytes of a window cannot be judged there: the window is reloaded at its
//! start, and a token longer than a window is handed out unjudged. `@` and the lead byte of a
//! full-width digit or `＠` are always events; other full-width characters (`，`, `（`) are not.
//!
//! On x86_64 the compares are AVX-512BW when the CPU has it (checked once per cursor: one compare
//! gives a whole window's mask) and SSE2, the x86_64 baseline, otherwise; elsewhere a portable loop
//! computes the same masks. A test holds every level to the portable loop for every byte value in
//! every position.

/// Bytes looked at per step.
const STEP: usize = 64;

/// The masks of one window (bit k for `w[k]`): all that text without digits needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Masks {
    digits: u64,
    /// `@`, and the lead byte 0xEF of a full-width digit or `＠` (EF BC 90-99, EF BC A0); a lead byte
    /// in the last two bytes is kept whatever follows, since they are not in the window. Other
    /// full-width characters (`，`, `（`) are punctuation and no event.
    other: u64,
}

/// `other` from the masks of `@`, 0xEF, 0xBC and the third bytes 0x90-0x99 and 0xA0.
#[inline(always)]
fn wide_or_at(at: u64, ef: u64, bc: u64, third: u64) -> u64 {
    at | (ef & (bc >> 1) & (third >> 2)) | (ef & (0b11 << (STEP - 2)))
}

/// The masks that judge digit tokens, computed only for windows that hold digits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Shape {
    /// ASCII space, hyphen, dot.
    sep: u64,
    /// 0xEF.
    ef: u64,
    /// `X`, `x` and the lead bytes 0xC2, 0xE2, 0xE3, 0xEF: the bytes other than ASCII separators
    /// with which `may_continue` lets a token go on.
    cont: u64,
    eight: u64,
    six: u64,
    zero: u64,
}

/// Which instructions compute the masks: decided once per cursor, at run time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Level {
    /// SSE2 on x86_64 (its baseline), the portable loop elsewhere.
    #[default]
    Base,
    /// AVX-512BW: one compare gives the mask of all 64 bytes.
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Level {
    fn detect() -> Level {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512bw") {
            return Level::Avx512;
        }
        Level::Base
    }

    #[inline(always)]
    fn masks(self, w: &[u8; STEP]) -> Masks {
        match self {
            // SAFETY: SSE2 is part of the x86_64 baseline; the loads are unaligned loads of `w`'s bytes.
            #[cfg(target_arch = "x86_64")]
            Level::Base => unsafe { simd::masks(w) },
            #[cfg(not(target_arch = "x86_64"))]
            Level::Base => masks_portable(w),
            // SAFETY: `Avx512` is only chosen when the CPU has AVX-512BW.
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { simd::masks_avx512(w) },
        }
    }

    #[inline(always)]
    fn shape(self, w: &[u8; STEP]) -> Shape {
        match self {
            // SAFETY: as for `masks`.
            #[cfg(target_arch = "x86_64")]
            Level::Base => unsafe { simd::shape(w) },
            #[cfg(not(target_arch = "x86_64"))]
            Level::Base => shape_portable(w),
            // SAFETY: as for `masks`.
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { simd::shape_avx512(w) },
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod simd {
    use super::{Masks, Shape, STEP};
    use std::arch::x86_64::*;

    #[inline(always)]
    unsafe fn load(w: &[u8; STEP], k: usize) -> __m128i {
        _mm_loadu_si128(w.as_ptr().add(16 * k) as *const __m128i)
    }

    #[inline(always)]
    unsafe fn eq(v: __m128i, b: u8) -> __m128i {
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))
    }

    #[inline(always)]
    unsafe fn bits(m: __m128i, k: usize) -> u64 {
        (_mm_movemask_epi8(m) as u16 as u64) << (16 * k)
    }

    /// Bytes in `lo..lo + n`, as a signed compare: shift the unsigned range down by 0x80.
    #[inline(always)]
    unsafe fn in_range(v: __m128i, lo: u8, n: u8) -> __m128i {
        _mm_cmplt_epi8(
            _mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8(lo as i8)), _mm_set1_epi8(i8::MIN)),
            _mm_set1_epi8((0x80 + n as u32) as u8 as i8),
        )
    }

    #[inline(always)]
    pub(super) unsafe fn masks(w: &[u8; STEP]) -> Masks {
        let (mut digits, mut at, mut ef, mut bc, mut third) = (0, 0, 0, 0, 0);
        for k in 0..STEP / 16 {
            let v = load(w, k);
            digits |= bits(in_range(v, b'0', 10), k);
            at |= bits(eq(v, b'@'), k);
            ef |= bits(eq(v, 0xEF), k);
            bc |= bits(eq(v, 0xBC), k);
            third |= bits(_mm_or_si128(in_range(v, 0x90, 10), eq(v, 0xA0)), k);
        }
        Masks { digits, other: super::wide_or_at(at, ef, bc, third) }
    }

    #[target_feature(enable = "avx512bw")]
    pub(super) unsafe fn masks_avx512(w: &[u8; STEP]) -> Masks {
        let v = _mm512_loadu_si512(w.as_ptr() as *const __m512i);
        let eq = |b: u8| _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b as i8));
        let in_range = |lo: u8, n: u8| {
            _mm512_cmplt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(lo as i8)), _mm512_set1_epi8(n as i8))
        };
        let third = in_range(0x90, 10) | eq(0xA0);
        Masks { digits: in_range(b'0', 10), other: super::wide_or_at(eq(b'@'), eq(0xEF), eq(0xBC), third) }
    }

    #[target_feature(enable = "avx512bw")]
    pub(super) unsafe fn shape_avx512(w: &[u8; STEP]) -> Shape {
        let v = _mm512_loadu_si512(w.as_ptr() as *const __m512i);
        let eq = |b: u8| _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(b as i8));
        let lower = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
        Shape {
            sep: eq(b' ') | eq(b'-') | eq(b'.'),
            ef: eq(0xEF),
            cont: _mm512_cmpeq_epi8_mask(lower, _mm512_set1_epi8(b'x' as i8))
                | eq(0xC2)
                | eq(0xE2)
                | eq(0xE3)
                | eq(0xEF),
            eight: eq(b'8'),
            six: eq(b'6'),
            zero: eq(b'0'),
        }
    }

    #[inline(always)]
    pub(super) unsafe fn shape(w: &[u8; STEP]) -> Shape {
        let mut s = Shape::default();
        for k in 0..STEP / 16 {
            let v = load(w, k);
            s.sep |= bits(_mm_or_si128(_mm_or_si128(eq(v, b' '), eq(v, b'-')), eq(v, b'.')), k);
            s.ef |= bits(eq(v, 0xEF), k);
            let x = eq(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'x');
            let lead = _mm_or_si128(_mm_or_si128(eq(v, 0xC2), eq(v, 0xE2)), _mm_or_si128(eq(v, 0xE3), eq(v, 0xEF)));
            s.cont |= bits(_mm_or_si128(x, lead), k);
            s.eight |= bits(eq(v, b'8'), k);
            s.six |= bits(eq(v, b'6'), k);
            s.zero |= bits(eq(v, b'0'), k);
        }
        s
    }
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn masks_portable(w: &[u8; STEP]) -> Masks {
    let mut m = Masks::default();
    for (k, &b) in w.iter().enumerate() {
        m.digits |= u64::from(b.is_ascii_digit()) << k;
        let wide = b == 0xEF && (k + 2 >= STEP || (w[k + 1] == 0xBC && matches!(w[k + 2], 0x90..=0x99 | 0xA0)));
        m.other |= u64::from(b == b'@' || wide) << k;
    }
    m
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn shape_portable(w: &[u8; STEP]) -> Shape {
    let mut s = Shape::default();
    for (k, &b) in w.iter().enumerate() {
        s.sep |= u64::from(matches!(b, b' ' | b'-' | b'.')) << k;
        s.ef |= u64::from(b == 0xEF) << k;
        s.cont |= u64::from(b | 0x20 == b'x' || matches!(b, 0xC2 | 0xE2 | 0xE3 | 0xEF)) << k;
        s.eight |= u64::from(b == b'8') << k;
        s.six |= u64::from(b == b'6') << k;
        s.zero |= u64::from(b == b'0') << k;
    }
    s
}

/// A candidate byte for the last bytes of a haystack, fewer than a window: `other` without the look
/// at the bytes after 0xEF.
fn is_candidate(b: u8) -> bool {
    b.is_ascii_digit() || b == b'@' || b == 0xEF
}

/// Walks the events of one haystack. The masks of the last window are kept, so that in digit-dense
/// text, where the caller resumes a few bytes after the last event, the next one costs some bit
/// arithmetic rather than new compares.
#[derive(Default)]
pub(crate) struct Cursor {
    /// Where the kept window starts; it covers `base..base + STEP` (none at first).
    base: usize,
    valid: bool,
    digits: u64,
    other: u64,
    /// Token bytes: digits, and separators with a digit on each side.
    tokens: u64,
    /// Bits inside tokens that make a token an event (see the module doc), for groups that start
    /// after a non-digit; `pair` completes it for a group cut at the resume point.
    features: u64,
    /// `86` or `00` starts here.
    pair: u64,
    /// Hand out every digit run, as the scan loop did before tokens were judged here (the reference
    /// the skipping is tested against).
    exhaustive: bool,
    level: Level,
}

impl Cursor {
    /// A cursor that judges tokens with the best instructions this CPU has.
    pub(crate) fn new() -> Cursor {
        Cursor { level: Level::detect(), ..Cursor::default() }
    }

    /// A cursor that hands out every digit run and every `@` and 0xEF, judging nothing.
    pub(crate) fn exhaustive() -> Cursor {
        Cursor { exhaustive: true, ..Cursor::new() }
    }

    /// Computes the masks of the window at `i` (which must have `STEP` bytes).
    #[inline(always)]
    fn load(&mut self, w: &[u8; STEP], i: usize) {
        let mut m = self.level.masks(w);
        if self.exhaustive {
            // The reference hands out every 0xEF, as the scan loop once did.
            m.other =
                w.iter().enumerate().fold(0, |o, (k, &b)| o | u64::from(is_candidate(b) && !b.is_ascii_digit()) << k);
        }
        (self.base, self.valid, self.digits, self.other) = (i, true, m.digits, m.other);
        if m.digits == 0 || self.exhaustive {
            (self.tokens, self.features, self.pair) = (0, 0, 0);
            return;
        }
        let s = self.level.shape(w);
        let d = m.digits;
        let joins = s.sep & (d << 1) & (d >> 1);
        let six_digits = d & d >> 1 & d >> 2 & d >> 3 & d >> 4 & d >> 5;
        let split = d & d >> 1 & d >> 2 & joins >> 3 & d >> 4 & d >> 5 & d >> 6;
        let glued_end = d & (s.cont >> 1);
        let sep_wide = d & (s.sep >> 1) & (s.ef >> 2);
        let pair = (s.eight & s.six >> 1) | (s.zero & s.zero >> 1);
        let group_starts = d & !(d << 1);
        self.tokens = d | joins;
        self.features = six_digits | split | glued_end | sep_wide | (group_starts & pair);
        self.pair = pair;
    }

    /// The next event at or after `i` and before `limit`, with the length of the run of ASCII
    /// digits that starts there (0 for `@` and 0xEF). Calls must not go backwards.
    #[inline]
    pub(crate) fn next(&mut self, hay: &[u8], mut i: usize, limit: usize) -> Option<(usize, usize)> {
        loop {
            if !(self.valid && i >= self.base && i < self.base + STEP) {
                // Skip windows without a candidate byte.
                loop {
                    if i >= limit {
                        return None;
                    }
                    let Some(w) = hay.get(i..i + STEP) else {
                        return self.tail(hay, i, limit);
                    };
                    self.load(w.try_into().expect("STEP bytes"), i);
                    if self.digits | self.other != 0 {
                        break;
                    }
                    i += STEP;
                }
            }
            let a = i - self.base;
            match self.event(a) {
                Event::At(at) => return self.found(hay, at, limit),
                Event::Reload(at) => {
                    i = self.base + at;
                    match hay.get(i..i + STEP) {
                        Some(w) => self.load(w.try_into().expect("STEP bytes"), i),
                        None => return self.found(hay, at, limit),
                    }
                }
                Event::None => i = self.base + STEP,
            }
        }
    }

    /// The first event in the kept window at or after bit `a`.
    #[inline(always)]
    fn event(&self, a: usize) -> Event {
        let from = u64::MAX << a;
        let d = self.digits & from;
        let other = self.other & from;
        if self.exhaustive {
            let c = d | other;
            return if c == 0 { Event::None } else { Event::At(c.trailing_zeros() as usize) };
        }
        // The first digit at or after `a` starts a token, whatever is before it.
        let first = 1u64 << a;
        let tokens = (self.tokens & (from << 1)) | (d & first);
        let starts = d & !(tokens << 1);
        if starts == 0 {
            return if other == 0 { Event::None } else { Event::At(other.trailing_zeros() as usize) };
        }
        let features = (self.features & from) | (self.pair & d & first);
        let token = if features == 0 {
            STEP
        } else {
            // The token holding the first feature starts at the last start at or before it.
            let f = features.trailing_zeros();
            63 - (starts & (u64::MAX >> (63 - f))).leading_zeros() as usize
        };
        // The last token, if it reaches the window's last two bytes, is not judged here.
        let last = 63 - starts.leading_zeros() as usize;
        let end = last + (!(tokens >> last)).trailing_zeros() as usize;
        let open = if end > STEP - 2 { last } else { STEP };
        let at = token.min(open).min(other.trailing_zeros() as usize);
        if at == STEP {
            Event::None
        } else if at == open && at < token && at > a {
            Event::Reload(at)
        } else {
            Event::At(at)
        }
    }

    /// The event at bit `at` of the window, if it is before `limit`.
    #[inline]
    fn found(&self, hay: &[u8], at: usize, limit: usize) -> Option<(usize, usize)> {
        let pos = self.base + at;
        if pos >= limit {
            return None;
        }
        let run = (!(self.digits >> at)).trailing_zeros() as usize;
        let run = if at + run < STEP { run } else { STEP - at + digit_run(&hay[self.base + STEP..]) };
        Some((pos, run))
    }

    /// The last bytes of the haystack, fewer than a window: every candidate byte is an event.
    #[cold]
    fn tail(&mut self, hay: &[u8], i: usize, limit: usize) -> Option<(usize, usize)> {
        self.valid = false;
        let at = i + hay.get(i..limit)?.iter().position(|&b| is_candidate(b))?;
        Some((at, digit_run(&hay[at..])))
    }
}

enum Event {
    /// An event at this bit.
    At(usize),
    /// Nothing before the last token, which runs to the window's end: look again from its start.
    Reload(usize),
    /// Nothing in the rest of the window.
    None,
}

/// Length of the run of ASCII digits at the start of `h`.
#[inline]
pub(crate) fn digit_run(h: &[u8]) -> usize {
    h.iter().take_while(|b| b.is_ascii_digit()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simd_and_portable_masks_agree_for_every_byte_in_every_position() {
        for pos in 0..STEP {
            for b in 0..=255u8 {
                let mut w = [b'a'; STEP];
                w[pos] = b;
                w[(pos + 17) % STEP] = b'7';
                for level in [Level::Base, Level::detect()] {
                    assert_eq!(level.masks(&w), masks_portable(&w), "{level:?}: byte {b:#x} at {pos}");
                    assert_eq!(level.shape(&w), shape_portable(&w), "{level:?}: byte {b:#x} at {pos}");
                }
                let m = masks_portable(&w);
                assert_eq!(m.digits >> pos & 1 == 1, b.is_ascii_digit(), "byte {b:#x} at {pos}");
                let other = b == b'@' || (b == 0xEF && pos >= STEP - 2);
                assert_eq!(m.other >> pos & 1 == 1, other, "byte {b:#x} at {pos}");
            }
        }
    }

    #[test]
    fn a_token_goes_on_after_exactly_the_bytes_the_tokenizer_may_continue_with() {
        for b in 0..=255u8 {
            let mut w = [b'a'; STEP];
            w[9] = b;
            let cont = shape_portable(&w).cont >> 9 & 1 == 1;
            let want = super::super::digits::may_continue(b) && !matches!(b, b' ' | b'-' | b'.');
            assert_eq!(cont, want, "byte {b:#x}");
        }
    }

    #[test]
    fn only_full_width_digits_and_at_signs_are_wide_events() {
        for pos in 0..STEP {
            for third in 0..=255u8 {
                let mut w = [b'a'; STEP];
                w[pos] = 0xEF;
                for (k, b) in [(1, 0xBC), (2, third)] {
                    if let Some(x) = w.get_mut(pos + k) {
                        *x = b;
                    }
                }
                let want = pos >= STEP - 2 || matches!(third, 0x90..=0x99 | 0xA0);
                for level in [Level::Base, Level::detect()] {
                    let m = level.masks(&w);
                    assert_eq!(m, masks_portable(&w), "{level:?}: EF BC {third:#x} at {pos}");
                    assert_eq!(m.other >> pos & 1 == 1, want, "{level:?}: EF BC {third:#x} at {pos}");
                }
            }
        }
    }

    /// Every event of a text, by repeated calls to `next` as the scan loop makes them, resuming after
    /// the digit run (a token of one group) or the byte.
    fn events(mut cursor: Cursor, hay: &[u8], limit: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some((at, run)) = cursor.next(hay, i, limit) {
            out.push((at, run));
            i = at + run.max(1);
        }
        out
    }

    /// Texts with runs placed across every position of a window edge, and texts shorter than one.
    fn shifted(shift: usize) -> String {
        let mut text = "x".repeat(shift);
        text.push_str("12345678901234567890 phone: 13812345678, wang@qq.com，九");
        text.push_str(&"y".repeat(100));
        text.push_str("1234");
        text
    }

    #[test]
    fn exhaustive_cursor_finds_each_run_with_its_length_across_window_edges() {
        for shift in 0..70 {
            let text = shifted(shift);
            let hay = text.as_bytes();
            let want: Vec<(usize, usize)> = {
                let mut v = Vec::new();
                let mut i = 0;
                while i < hay.len() {
                    if is_candidate(hay[i]) {
                        let run = digit_run(&hay[i..]);
                        v.push((i, run));
                        i += run.max(1);
                    } else {
                        i += 1;
                    }
                }
                v
            };
            assert_eq!(events(Cursor::exhaustive(), hay, hay.len()), want, "shift {shift}");
            // A limit stops at candidates starting before it; runs may still extend past it.
            let limit = shift + 5;
            let kept: Vec<_> = want.iter().copied().filter(|c| c.0 < limit).collect();
            assert_eq!(events(Cursor::exhaustive(), hay, limit), kept);
        }
    }

    /// The tokens of `text` that the skipping cursor hands out, as strings.
    fn handed_out(text: &str) -> Vec<String> {
        let hay = text.as_bytes();
        events(Cursor::new(), hay, hay.len())
            .into_iter()
            .map(|(at, run)| String::from_utf8_lossy(&hay[at..at + run.max(1)]).into_owned())
            .collect()
    }

    #[test]
    fn dates_times_and_small_numbers_are_skipped_values_are_not() {
        // Padded past a window so that the masks, not the tail loop, judge them.
        let pad = "z".repeat(80);
        let log = format!("2021-02-12 18:39:58.122 INFO [pool-3-thread-20] ratio=0.3629 size=24067 n=438 {pad}");
        assert_eq!(handed_out(&log), Vec::<String>::new());
        // Digits before a Chinese character end there.
        let notice = format!("详见内网公告第12期、年假须提前3个工作日申请、第5条、2024年12月28日 {pad}");
        assert_eq!(handed_out(&notice), Vec::<String>::new());
        for (text, first) in [
            ("tel 13812345678 ok", "13812345678"),
            ("tel 138 1234 5678 ok", "138"),
            ("card 6222 0212 3456 7890 ok", "6222"),
            ("id 110105 19491231 002X ok", "110105"),
            ("id 1101051949123100 2X ok", "1101051949123100"),
            ("phone 0371 805 3824 ok", "0371"),
            ("+86 10 8888 ok", "86"),
            ("0086 12 ok", "0086"),
            ("12 86 ok", "12"),
            ("12345X ok", "12345"),
            ("12 34５ ok", "12"),
            ("12 ３４ ok", "12"),
            ("12\u{a0}34 ok", "12"),
            ("(010)123-4567 ok", "123"),
        ] {
            let got = handed_out(&format!("{text} {pad}"));
            assert_eq!(got.first().map(String::as_str), Some(first), "{text}: {got:?}");
        }
        // Tokens cut by a window edge are judged from their own start.
        for shift in 40..70 {
            let text = format!("{}2021-02-12 18:39:58 {pad}", "z".repeat(shift));
            assert_eq!(handed_out(&text), Vec::<String>::new(), "shift {shift}");
            let text = format!("{}2021-02-12 13812345678 {pad}", "z".repeat(shift));
            assert_eq!(handed_out(&text).first().map(String::as_str), Some("2021"), "shift {shift}");
        }
    }
}
