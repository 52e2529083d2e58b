#pragma once
// The probe's wire format (resources/python/looplab_probe/__init__.py, RECORD): little-endian
// u16 type, u16 payload length, u32 id, i64 t, i64 a, i64 b, then `length` bytes of UTF-8.
// Timestamps are time.monotonic_ns(): CLOCK_MONOTONIC, the clock metrics::nowNs() follows.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace looplab::labs::python {

enum class Rec : uint16_t {
    Hello = 1,
    Iter = 2,
    Callback = 3,
    TaskNew = 4,
    TaskDone = 5,
    Lag = 6,
    Slow = 7,
    ThreadStart = 8,
    ThreadEnd = 9,
    Submit = 10,
    WorkStart = 11,
    WorkEnd = 12,
    FutureDone = 13,
    Queue = 14,
    Dropped = 15,
    Exit = 16,
    TaskName = 17,
    QueueWait = 18, // a put that waited on a full queue (a=0) or a get on an empty one (a=1); b=ns
};

struct ProbeRecord {
    Rec type{};
    uint32_t id = 0;
    int64_t t = 0, a = 0, b = 0;
    std::string_view name;
};

constexpr size_t kRecordHeader = 32;

// Calls fn(record) for every whole record in [data, data+n); returns the bytes consumed.
template <typename Fn> size_t parseRecords(const char* data, size_t n, Fn&& fn)
{
    size_t off = 0;
    while (n - off >= kRecordHeader) {
        uint16_t type, len;
        ProbeRecord r;
        std::memcpy(&type, data + off, 2);
        std::memcpy(&len, data + off + 2, 2);
        if (n - off - kRecordHeader < len)
            break;
        std::memcpy(&r.id, data + off + 4, 4);
        std::memcpy(&r.t, data + off + 8, 8);
        std::memcpy(&r.a, data + off + 16, 8);
        std::memcpy(&r.b, data + off + 24, 8);
        r.type = Rec(type);
        r.name = std::string_view(data + off + kRecordHeader, len);
        fn(r);
        off += kRecordHeader + len;
    }
    return off;
}

} // namespace looplab::labs::python
