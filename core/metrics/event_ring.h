#pragma once
// A single-producer/single-consumer ring of Events: the producing lab thread enqueues, the
// collector drains. moodycamel's ReaderWriterQueue with a fixed capacity never allocates on
// try_enqueue; a full ring drops the event and counts it.
#include "event.h"

#include <readerwriterqueue/readerwriterqueue.h>

#include <atomic>
#include <string>

namespace looplab::metrics {

class EventRing
{
public:
    explicit EventRing(std::string name, size_t capacity = 1 << 16)
        : m_name(std::move(name)), m_queue(capacity)
    {
    }

    // Producer side. Never blocks, never allocates.
    void push(const Event& e) noexcept
    {
        if (!m_queue.try_enqueue(e))
            m_dropped.store(m_dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        else
            m_pushed.store(m_pushed.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    // Consumer side.
    template<typename Fn>
    size_t drain(Fn&& fn)
    {
        size_t n = 0;
        Event e;
        while (m_queue.try_dequeue(e)) {
            fn(e);
            ++n;
        }
        return n;
    }

    uint64_t dropped() const noexcept { return m_dropped.load(std::memory_order_relaxed); }
    uint64_t pushed() const noexcept { return m_pushed.load(std::memory_order_relaxed); }
    const std::string& name() const { return m_name; }

private:
    std::string m_name;
    moodycamel::ReaderWriterQueue<Event> m_queue;
    std::atomic<uint64_t> m_pushed{0};
    std::atomic<uint64_t> m_dropped{0};
};

} // namespace looplab::metrics
