//! A hint to the processor that memory is about to be read.

/// Asks the processor to start fetching the cache line that holds `value` into its caches
/// beyond the first level, without waiting for it. Only a hint: it reads nothing, changes no
/// result and cannot fault. Nothing is emitted where the target has no such instruction.
///
/// A report's pass reads histories from memory far beyond the caches; fetching the next
/// leads' envelopes while the current ones are added overlaps the two (see `for_each_lead`).
#[inline]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse"
    ))]
    safe_arch::prefetch_t2(value);
    #[cfg(not(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse"
    )))]
    let _ = value;
}
