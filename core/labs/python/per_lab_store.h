#pragma once
// What a python lab keeps beside its metrics snapshot, per lab id, for the window to read while
// the lab writes (its console, its executor flows): one value per lab under one mutex, and a
// serial that changes when a lab starts afresh, so a reader knows to start over.
#include <QHash>
#include <QString>

#include <cstdint>
#include <mutex>

namespace looplab::labs::python {

template <typename T> class PerLabStore
{
public:
    // fn(T&) under the lock; the lab's value is made (T{}) on first use.
    template <typename Fn> decltype(auto) with(const QString& labId, Fn&& fn)
    {
        std::lock_guard lock(m_mutex);
        return fn(m_items[labId]);
    }
    // fn(const T*) under the lock; nullptr when the lab has none yet.
    template <typename Fn> decltype(auto) read(const QString& labId, Fn&& fn) const
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_items.constFind(labId);
        return fn(it == m_items.constEnd() ? static_cast<const T*>(nullptr) : &*it);
    }
    // A fresh value for the lab, with a new serial (T has a `serial` member).
    void begin(const QString& labId)
    {
        std::lock_guard lock(m_mutex);
        T& t = m_items[labId];
        t = T{};
        t.serial = ++m_serial;
    }

private:
    mutable std::mutex m_mutex;
    QHash<QString, T> m_items;
    uint64_t m_serial = 0;
};

} // namespace looplab::labs::python
