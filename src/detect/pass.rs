//! The candidate pass: where in a block anything can start.
//!
//! ```text
//! hay[i..] ──64 bytes at a time, SIMD compares──▶ bitmasks: digits, `@`, 0xEF ──▶ (position, digit run)
//! ```
//!
//! A candidate is a byte that may start a value: an ASCII digit, `@`, or 0xEF (the lead byte of
//! full-width digits and `＠`, and of much full-width punctuation, which the caller sorts out). Text
//! without any is skipped 64 bytes per step; in digit-dense text (logs, CSV) the same masks give the
//! length of each digit run without a byte loop. On x86_64 the compares are SSE2, which every x86_64
//! CPU has, so there is no runtime dispatch; elsewhere a portable loop computes the same masks, and a
//! test holds the two to each other.

/// Bytes looked at per step.
const STEP: usize = 64;

/// Bitmasks over `w` (bit k for `w[k]`): candidate bytes, and ASCII digits among them.
#[inline(always)]
fn masks(w: &[u8; STEP]) -> (u64, u64) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: SSE2 is part of the x86_64 baseline; the loads are unaligned loads of `w`'s bytes.
        unsafe { masks_sse2(w) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        masks_portable(w)
    }
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
unsafe fn masks_sse2(w: &[u8; STEP]) -> (u64, u64) {
    use std::arch::x86_64::*;
    let (mut cand, mut digits) = (0u64, 0u64);
    // `b - '0'` below 10, as a signed compare: shift the unsigned range down by 0x80.
    let zero = _mm_set1_epi8(b'0' as i8);
    let flip = _mm_set1_epi8(i8::MIN);
    let ten = _mm_set1_epi8(i8::MIN + 10);
    let at = _mm_set1_epi8(b'@' as i8);
    let ef = _mm_set1_epi8(0xEFu8 as i8);
    for k in 0..STEP / 16 {
        let v = _mm_loadu_si128(w.as_ptr().add(16 * k) as *const __m128i);
        let d = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(v, zero), flip), ten);
        let other = _mm_or_si128(_mm_cmpeq_epi8(v, at), _mm_cmpeq_epi8(v, ef));
        let dm = _mm_movemask_epi8(d) as u16 as u64;
        let om = _mm_movemask_epi8(other) as u16 as u64;
        digits |= dm << (16 * k);
        cand |= (dm | om) << (16 * k);
    }
    (cand, digits)
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn masks_portable(w: &[u8; STEP]) -> (u64, u64) {
    let (mut cand, mut digits) = (0u64, 0u64);
    for (k, &b) in w.iter().enumerate() {
        let d = b.is_ascii_digit();
        digits |= u64::from(d) << k;
        cand |= u64::from(d || b == b'@' || b == 0xEF) << k;
    }
    (cand, digits)
}

fn is_candidate(b: u8) -> bool {
    b.is_ascii_digit() || b == b'@' || b == 0xEF
}

/// Walks the candidates of one haystack. The masks of the last 64 bytes looked at are kept, so that
/// in digit-dense text, where the caller resumes a few bytes after the last candidate, the next one
/// costs a bit scan rather than new compares.
#[derive(Default)]
pub(crate) struct Cursor {
    /// Where the kept masks start; they cover `base..base + STEP` (empty at first).
    base: usize,
    valid: bool,
    cand: u64,
    digits: u64,
}

impl Cursor {
    /// The first candidate byte at or after `i` and before `limit`, with the length of the run of
    /// ASCII digits that starts there (0 if it is `@` or 0xEF). Calls must not go backwards.
    #[inline]
    pub(crate) fn next(&mut self, hay: &[u8], mut i: usize, limit: usize) -> Option<(usize, usize)> {
        if self.valid && i >= self.base && i < self.base + STEP {
            let cand = self.cand >> (i - self.base);
            if cand != 0 {
                let at = i - self.base + cand.trailing_zeros() as usize;
                return self.found(hay, at, limit);
            }
            i = self.base + STEP;
        }
        while i + STEP <= hay.len() {
            if i >= limit {
                return None;
            }
            let (cand, digits) = masks(hay[i..i + STEP].try_into().expect("STEP bytes"));
            (self.base, self.valid, self.cand, self.digits) = (i, true, cand, digits);
            if cand != 0 {
                return self.found(hay, cand.trailing_zeros() as usize, limit);
            }
            i += STEP;
        }
        // The last bytes of the haystack, fewer than a step.
        self.valid = false;
        let at = i + hay.get(i..limit)?.iter().position(|&b| is_candidate(b))?;
        Some((at, digit_run(&hay[at..])))
    }

    /// The candidate at `at` (relative to `base`), if it is before `limit`.
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
    fn simd_and_portable_masks_agree_for_every_byte_in_every_lane() {
        for pos in 0..STEP {
            for b in 0..=255u8 {
                let mut w = [b'a'; STEP];
                w[pos] = b;
                w[(pos + 17) % STEP] = b'7';
                assert_eq!(masks(&w), masks_portable(&w), "byte {b:#x} at {pos}");
                let (cand, digits) = masks(&w);
                assert_eq!(cand >> pos & 1 == 1, is_candidate(b), "byte {b:#x} at {pos}");
                assert_eq!(digits >> pos & 1 == 1, b.is_ascii_digit(), "byte {b:#x} at {pos}");
            }
        }
    }

    /// Every candidate of a text, by repeated calls to `next` as the scan loop makes them.
    fn all(hay: &[u8], limit: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let (mut i, mut cursor) = (0, Cursor::default());
        while let Some((at, run)) = cursor.next(hay, i, limit) {
            out.push((at, run));
            i = at + run.max(1);
        }
        out
    }

    #[test]
    fn finds_each_run_with_its_length_across_step_edges() {
        // Runs placed across every position of a step boundary, and text shorter than a step.
        for shift in 0..70 {
            let mut text = "x".repeat(shift);
            text.push_str("12345678901234567890 phone: 13812345678, wang@qq.com，九");
            text.push_str(&"y".repeat(100));
            text.push_str("1234");
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
            assert_eq!(all(hay, hay.len()), want, "shift {shift}");
            // A limit stops at candidates starting before it; runs may still extend past it.
            let limit = shift + 5;
            assert_eq!(all(hay, limit), want.iter().copied().filter(|c| c.0 < limit).collect::<Vec<_>>());
        }
    }
}
