#pragma once
// What a test needs to know about the sanitizer build it runs in (the asan and tsan presets of
// make test's gates). Sanitizers make the same code several times slower and keep freed memory in
// a quarantine, so tests widen *timing budgets* by kSanitizerSlowdown and measure *live heap*
// instead of RSS — never their outcomes.
#include <cstddef>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LOOPLAB_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LOOPLAB_TEST_SANITIZED 1
#endif
#endif

#ifdef LOOPLAB_TEST_SANITIZED
// Declared here rather than through <sanitizer/allocator_interface.h>: gcc ships the runtime that
// defines it (libasan, libtsan) but not that header.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

namespace looplab::test {

#if defined(__SANITIZE_THREAD__)
inline constexpr double kSanitizerSlowdown = 15;
#elif defined(LOOPLAB_TEST_SANITIZED)
inline constexpr double kSanitizerSlowdown = 4;
#else
inline constexpr double kSanitizerSlowdown = 1;
#endif

#ifdef LOOPLAB_TEST_SANITIZED
inline constexpr bool kSanitized = true;
// Bytes the program holds on the heap now (the sanitizer's allocator counts them; its quarantine
// of freed blocks is not included, unlike RSS).
inline size_t liveHeapBytes()
{
    return __sanitizer_get_current_allocated_bytes();
}
#else
inline constexpr bool kSanitized = false;
inline size_t liveHeapBytes()
{
    return 0;
}
#endif

} // namespace looplab::test
