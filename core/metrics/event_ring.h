#pragma once
// A single-producer/single-consumer ring of Events: the producing lab thread enqueues, the
// collector drains. moodycamel's ReaderWriterQueue with a fixed capacity never allocates on
// try_enqueue; a full ring drops the event and counts it.
#include "event.h"

#include <readerwriterqueue/readerwriterqueue.h>

#include <atomic>
#include <string>

// ThreadSanitizer cannot check this ring: moodycamel orders the slot accesses with standalone
// fences (std::atomic_thread_fence), which TSan does not model, and the queue's own TSan
// annotations are clang-only (`__has_feature`), so a GCC TSan build reports every drained event
// as a race. Under TSan the consumer's reads inside try_dequeue are therefore not checked
// (the tested library's internals); the events it hands out are plain copies, and everything
// around the ring (registration, the counters, the threads using it) is still checked.
#if defined(__SANITIZE_THREAD__)
#define LOOPLAB_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LOOPLAB_TSAN 1
#endif
#endif
#ifdef LOOPLAB_TSAN
extern "C" void AnnotateIgnoreReadsBegin(const char* file, int line);
extern "C" void AnnotateIgnoreReadsEnd(const char* file, int line);
#endif

namespace looplab::metrics {

class EventRing
{
public:
    explicit EventRing(std::string name, size_t capacity = 1 << 16)
        : m_name(std::move(name))
        , m_queue(capacity)
    { }

    // Producer side. Never blocks, never allocates.
    void push(const Event& e) noexcept
    {
        if (!m_queue.try_enqueue(e))
            m_dropped.store(m_dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        else
            m_pushed.store(m_pushed.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    // Consumer side.
    template <typename Fn> size_t drain(Fn&& fn)
    {
        size_t n = 0;
        Event e;
        while (tryDequeue(e)) {
            fn(e);
            ++n;
        }
        return n;
    }

    uint64_t dropped() const noexcept { return m_dropped.load(std::memory_order_relaxed); }
    uint64_t pushed() const noexcept { return m_pushed.load(std::memory_order_relaxed); }
    const std::string& name() const { return m_name; }

private:
    bool tryDequeue(Event& e)
    {
#ifdef LOOPLAB_TSAN
        AnnotateIgnoreReadsBegin(__FILE__, __LINE__);
        const bool ok = m_queue.try_dequeue(e);
        AnnotateIgnoreReadsEnd(__FILE__, __LINE__);
        return ok;
#else
        return m_queue.try_dequeue(e);
#endif
    }

    std::string m_name;
    moodycamel::ReaderWriterQueue<Event> m_queue;
    std::atomic<uint64_t> m_pushed{0};
    std::atomic<uint64_t> m_dropped{0};
};

} // namespace looplab::metrics
