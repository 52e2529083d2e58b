#pragma once
// The storage behind both teaching queues, in the three orders Python offers:
// queue.Queue / asyncio.Queue (FIFO), LifoQueue (LIFO, a stack) and PriorityQueue (smallest
// priority first; equal priorities leave in arrival order, as Python's (priority, count, item)
// idiom does). Not thread-safe: the queues guard it.
//
// FIFO and LIFO use a power-of-two ring that only grows (a bounded queue reserves its capacity
// up front, so steady-state puts and gets never allocate); PRIORITY uses a binary heap.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace looplab::pipeline {

enum class Discipline : uint8_t { Fifo, Lifo, Priority };

// Called on every value as it enters a queue (found by ADL): the lab's items take their
// enqueue time here, under the queue's lock, so a put that blocked is not counted as waiting in
// the queue. Other types: nothing.
template <typename T> inline void stampEnqueued(T&) noexcept
{ }

// Default priority of a value: its `priority` member, or the value itself for a number (smaller
// leaves first, as in Python's PriorityQueue).
struct MemberPriority {
    template <typename T> int64_t operator()(const T& v) const noexcept
    {
        if constexpr (requires { v.priority; })
            return int64_t(v.priority);
        else
            return int64_t(v);
    }
};

template <typename T, typename PriorityOf = MemberPriority> class ItemStore
{
public:
    explicit ItemStore(Discipline d = Discipline::Fifo, size_t reserve = 0)
        : m_discipline(d)
    {
        if (d == Discipline::Priority)
            m_heap.reserve(reserve);
        else
            grow(std::max<size_t>(16, reserve));
    }

    Discipline discipline() const noexcept { return m_discipline; }
    size_t size() const noexcept { return m_discipline == Discipline::Priority ? m_heap.size() : m_count; }
    bool empty() const noexcept { return size() == 0; }

    void push(T v)
    {
        stampEnqueued(v);
        if (m_discipline == Discipline::Priority) {
            m_heap.push_back({PriorityOf{}(v), m_seq++, std::move(v)});
            std::push_heap(m_heap.begin(), m_heap.end(), later);
            return;
        }
        if (m_count == m_ring.size())
            grow(m_ring.size() * 2);
        m_ring[(m_head + m_count) & (m_ring.size() - 1)] = std::move(v);
        ++m_count;
    }

    // Precondition: !empty().
    T pop()
    {
        switch (m_discipline) {
        case Discipline::Fifo: {
            T v = std::move(m_ring[m_head]);
            m_head = (m_head + 1) & (m_ring.size() - 1);
            --m_count;
            return v;
        }
        case Discipline::Lifo: {
            --m_count;
            return std::move(m_ring[(m_head + m_count) & (m_ring.size() - 1)]);
        }
        case Discipline::Priority:
            break;
        }
        std::pop_heap(m_heap.begin(), m_heap.end(), later);
        T v = std::move(m_heap.back().value);
        m_heap.pop_back();
        return v;
    }

    // Visit what is stored (any order): used to count what is left behind at shutdown.
    template <typename Fn> void forEach(Fn&& fn) const
    {
        if (m_discipline == Discipline::Priority) {
            for (const auto& e : m_heap)
                fn(e.value);
            return;
        }
        for (size_t i = 0; i < m_count; ++i)
            fn(m_ring[(m_head + i) & (m_ring.size() - 1)]);
    }

private:
    struct Entry {
        int64_t priority;
        uint64_t seq;
        T value;
    };
    // std::*_heap builds a max-heap: "less" means "leaves later".
    static bool later(const Entry& a, const Entry& b) noexcept
    {
        return a.priority != b.priority ? a.priority > b.priority : a.seq > b.seq;
    }

    void grow(size_t want)
    {
        size_t n = 16;
        while (n < want)
            n *= 2;
        std::vector<T> ring(n);
        for (size_t i = 0; i < m_count; ++i)
            ring[i] = std::move(m_ring[(m_head + i) & (m_ring.size() - 1)]);
        m_ring = std::move(ring);
        m_head = 0;
    }

    Discipline m_discipline;
    std::vector<T> m_ring;
    size_t m_head = 0;
    size_t m_count = 0;
    std::vector<Entry> m_heap;
    uint64_t m_seq = 0;
};

} // namespace looplab::pipeline
