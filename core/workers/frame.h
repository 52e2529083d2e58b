#pragma once
// Length-prefixed binary frames between the pool and looplab-worker: what ProcessPoolExecutor
// does with pickles over a pipe, minus the pickling. Plain C++ (no Qt) so the worker starts fast.
//
// Every frame: u32 length of what follows (the header after `length`, then the payload), then a
// fixed little-endian header, then `payloadBytes` of data. Both ends are on the same machine, so
// the structs are sent as they are in memory (static_asserts pin the layout).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace looplab::workers::frame {

enum class Type : uint32_t {
    Hello = 1, // worker -> pool, once at start: "I am pid N and ready"
    Request = 2, // pool -> worker: do cpu, then io, then reply with replyBytes
    Reply = 3, // worker -> pool
    Quit = 4, // pool -> worker: exit cleanly
};

struct Header {
    uint32_t length = 0; // bytes after this field: sizeof(Header) - 4 + payloadBytes
    Type type = Type::Hello;
    uint64_t id = 0; // task id (Request/Reply), pid (Hello)
    int64_t t0 = 0; // Request: sentNs;       Reply: startedNs
    int64_t t1 = 0; // Request: cpuNs to burn; Reply: cpuDoneNs
    int64_t t2 = 0; // Request: ioNs to sleep; Reply: finishedNs
    int64_t t3 = 0; // Request: unused;        Reply: worker process CPU ns so far
    uint32_t replyBytes = 0; // Request: how much data to send back
    uint32_t payloadBytes = 0; // data that follows the header
};
static_assert(sizeof(Header) == 56, "frame header layout is part of the protocol");

constexpr uint32_t kMaxPayload = 256u * 1024 * 1024;

// Frames through a shared-memory ring (shm_ring.h): a payload up to kRingInlineMax travels in the
// ring right after its header; a larger one follows on the socket instead and its header, still
// sent through the ring first so the order holds, has kBodyOnSocket set in `type`.
constexpr uint32_t kRingInlineMax = 16 * 1024;
constexpr uint32_t kBodyOnSocket = 0x100;
inline Type baseType(const Header& h)
{
    return Type(uint32_t(h.type) & ~kBodyOnSocket);
}
inline bool bodyOnSocket(const Header& h)
{
    return (uint32_t(h.type) & kBodyOnSocket) != 0;
}

// Encode a whole frame (header + payload) at the end of `out`.
void append(std::vector<char>& out, Header h, const char* payload, uint32_t payloadBytes);
// Same, with a payload of `payloadBytes` filler bytes written in place (the worker's reply data).
void appendFilled(std::vector<char>& out, Header h, uint32_t payloadBytes);

// Incremental decoder over a byte stream: feed it what read() returned, take complete frames.
class Decoder
{
public:
    // Space to read into (grows as needed); then commit(n) what was read.
    char* space(size_t atLeast);
    void commit(size_t n) { m_end += n; }

    // The next complete frame, if any: header and a pointer to its payload (valid until the next
    // call to space()/next()). Returns false when more bytes are needed. Throws on garbage.
    bool next(Header& h, const char*& payload);
    size_t buffered() const { return m_end - m_begin; }

private:
    std::vector<char> m_buf = std::vector<char>(64 * 1024);
    size_t m_begin = 0;
    size_t m_end = 0;
};

// Blocking helpers for the worker (and the one-shot spawn): whole writes/reads, retrying EINTR.
bool writeAll(int fd, const char* data, size_t n);
// Reads exactly n bytes (a non-blocking fd is waited on with poll()). False on EOF or error.
bool readAll(int fd, char* data, size_t n);
// Reads into the decoder until one frame is complete. False on EOF or error.
bool readFrame(int fd, Decoder& decoder, Header& h, const char*& payload);

int64_t steadyNs() noexcept; // CLOCK_MONOTONIC: the same clock in every process of the machine

} // namespace looplab::workers::frame
