#pragma once
// The cache middleware's store: LRU with a time to live. Server-loop thread only. Time is passed in
// (steady-clock ns) so tests can drive it.
#include <QByteArray>

#include <cstdint>
#include <list>
#include <unordered_map>

namespace looplab::labs::api {

class LruTtlCache
{
public:
    LruTtlCache(size_t capacity, int64_t ttlNs)
        : m_capacity(capacity ? capacity : 1)
        , m_ttlNs(ttlNs)
    { }

    // The cached value, or nullptr on a miss (absent or expired; an expired entry is dropped).
    const QByteArray* get(uint64_t key, int64_t nowNs)
    {
        auto it = m_index.find(key);
        if (it == m_index.end())
            return nullptr;
        if (it->second->expiresNs <= nowNs) {
            m_items.erase(it->second);
            m_index.erase(it);
            return nullptr;
        }
        m_items.splice(m_items.begin(), m_items, it->second); // most recently used first
        return &it->second->value;
    }

    void put(uint64_t key, QByteArray value, int64_t nowNs)
    {
        auto it = m_index.find(key);
        if (it != m_index.end()) {
            it->second->value = std::move(value);
            it->second->expiresNs = nowNs + m_ttlNs;
            m_items.splice(m_items.begin(), m_items, it->second);
            return;
        }
        if (m_items.size() >= m_capacity) {
            m_index.erase(m_items.back().key);
            m_items.pop_back();
            ++m_evictions;
        }
        m_items.push_front({key, std::move(value), nowNs + m_ttlNs});
        m_index.emplace(key, m_items.begin());
    }

    void erase(uint64_t key)
    {
        auto it = m_index.find(key);
        if (it != m_index.end()) {
            m_items.erase(it->second);
            m_index.erase(it);
        }
    }

    size_t size() const { return m_items.size(); }
    uint64_t evictions() const { return m_evictions; }

private:
    struct Entry {
        uint64_t key;
        QByteArray value;
        int64_t expiresNs;
    };
    size_t m_capacity;
    int64_t m_ttlNs;
    std::list<Entry> m_items;
    std::unordered_map<uint64_t, std::list<Entry>::iterator> m_index;
    uint64_t m_evictions = 0;
};

} // namespace looplab::labs::api
