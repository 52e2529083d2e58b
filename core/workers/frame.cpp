#include "frame.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <poll.h>
#include <stdexcept>
#include <unistd.h>

namespace looplab::workers::frame {

namespace {
constexpr uint32_t kHeaderTail = sizeof(Header) - sizeof(uint32_t);
}

void append(std::vector<char>& out, Header h, const char* payload, uint32_t payloadBytes)
{
    h.payloadBytes = payloadBytes;
    h.length = kHeaderTail + payloadBytes;
    const size_t at = out.size();
    out.resize(at + sizeof(Header) + payloadBytes);
    std::memcpy(out.data() + at, &h, sizeof(Header));
    if (payloadBytes)
        std::memcpy(out.data() + at + sizeof(Header), payload, payloadBytes);
}

void appendFilled(std::vector<char>& out, Header h, uint32_t payloadBytes)
{
    h.payloadBytes = payloadBytes;
    h.length = kHeaderTail + payloadBytes;
    const size_t at = out.size();
    out.resize(at + sizeof(Header) + payloadBytes);
    std::memcpy(out.data() + at, &h, sizeof(Header));
    // Real bytes, written one by one like a serializer would (not a lazily zeroed page).
    char* p = out.data() + at + sizeof(Header);
    for (uint32_t i = 0; i < payloadBytes; ++i)
        p[i] = char(i * 31u + 7u);
}

char* Decoder::space(size_t atLeast)
{
    if (m_begin == m_end)
        m_begin = m_end = 0;
    if (m_buf.size() - m_end < atLeast) {
        // Move the unread tail to the front first; grow only if that is not enough.
        if (m_begin > 0) {
            std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
            m_end -= m_begin;
            m_begin = 0;
        }
        if (m_buf.size() - m_end < atLeast)
            m_buf.resize(m_end + atLeast);
    }
    return m_buf.data() + m_end;
}

bool Decoder::next(Header& h, const char*& payload)
{
    const size_t have = m_end - m_begin;
    if (have < sizeof(Header))
        return false;
    std::memcpy(&h, m_buf.data() + m_begin, sizeof(Header));
    if (h.length < kHeaderTail || h.length - kHeaderTail != h.payloadBytes || h.payloadBytes > kMaxPayload)
        throw std::runtime_error("corrupt frame from worker");
    const size_t total = sizeof(uint32_t) + h.length;
    if (have < total) {
        // Make sure the rest will fit in one go.
        if (m_buf.size() - m_begin < total) {
            std::memmove(m_buf.data(), m_buf.data() + m_begin, have);
            m_end = have;
            m_begin = 0;
            if (m_buf.size() < total)
                m_buf.resize(total);
        }
        return false;
    }
    payload = m_buf.data() + m_begin + sizeof(Header);
    m_begin += total;
    return true;
}

bool writeAll(int fd, const char* data, size_t n)
{
    while (n > 0) {
        const ssize_t w = ::write(fd, data, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data += w;
        n -= size_t(w);
    }
    return true;
}

bool readAll(int fd, char* data, size_t n)
{
    while (n > 0) {
        const ssize_t r = ::read(fd, data, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd pfd{fd, POLLIN, 0};
            ::poll(&pfd, 1, -1);
            continue;
        }
        if (r <= 0)
            return false;
        data += r;
        n -= size_t(r);
    }
    return true;
}

bool readFrame(int fd, Decoder& decoder, Header& h, const char*& payload)
{
    for (;;) {
        if (decoder.next(h, payload))
            return true;
        char* at = decoder.space(64 * 1024);
        const ssize_t r = ::read(fd, at, 64 * 1024);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        decoder.commit(size_t(r));
    }
}

int64_t steadyNs() noexcept
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

} // namespace looplab::workers::frame
