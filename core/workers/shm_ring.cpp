#include "shm_ring.h"

#include "frame.h"

#include <sys/eventfd.h>
#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <poll.h>
#include <unistd.h>

namespace looplab::workers {

namespace {

void ring(int bell)
{
    if (bell < 0)
        return;
    const uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(bell, &one, sizeof one);
}

void drain(int bell)
{
    if (bell < 0)
        return;
    uint64_t v;
    [[maybe_unused]] auto r = ::read(bell, &v, sizeof v);
}

} // namespace

ShmRing::ShmRing(void* memory, size_t capacity, int dataBell, int roomBell)
    : m_ctl(static_cast<Control*>(memory))
    , m_data(static_cast<char*>(memory) + sizeof(Control))
    , m_capacity(capacity)
    , m_dataBell(dataBell)
    , m_roomBell(roomBell)
{
    m_localHead = m_ctl->head.load(std::memory_order_acquire);
    m_localTail.set(m_ctl->tail.load(std::memory_order_acquire));
}

size_t ShmRing::readable() const
{
    return size_t(m_ctl->head.load(std::memory_order_acquire) - m_localTail.get());
}

size_t ShmRing::writable() const
{
    return m_capacity - size_t(m_localHead - m_ctl->tail.load(std::memory_order_acquire));
}

void ShmRing::put(const void* data, size_t n)
{
    if (n == 0) // as in get(): an empty payload may come with a null pointer
        return;
    const size_t at = size_t(m_localHead) & (m_capacity - 1);
    const size_t first = std::min(n, m_capacity - at);
    std::memcpy(m_data + at, data, first);
    std::memcpy(m_data, static_cast<const char*>(data) + first, n - first);
    m_localHead += n;
}

bool ShmRing::publish()
{
    // seq_cst store, then seq_cst load of the flag: pairs with prepareToSleep()'s store of the
    // flag and load of head, so either the reader sees the data or we see it asleep.
    m_ctl->head.store(m_localHead, std::memory_order_seq_cst);
    if (m_ctl->readerSleeping.load(std::memory_order_seq_cst) && m_ctl->readerSleeping.exchange(0)) {
        ring(m_dataBell);
        return true;
    }
    return false;
}

void ShmRing::get(void* out, size_t n)
{
    if (n == 0) // an empty payload's buffer may be null, and memcpy must not see a null pointer
        return;
    const uint64_t tail = m_localTail.get();
    const size_t at = size_t(tail) & (m_capacity - 1);
    const size_t first = std::min(n, m_capacity - at);
    std::memcpy(out, m_data + at, first);
    std::memcpy(static_cast<char*>(out) + first, m_data, n - first);
    m_localTail.set(tail + n);
}

void ShmRing::release()
{
    m_ctl->tail.store(m_localTail.get(), std::memory_order_seq_cst);
    if (m_ctl->writerSleeping.load(std::memory_order_seq_cst) && m_ctl->writerSleeping.exchange(0))
        ring(m_roomBell);
}

bool ShmRing::prepareToSleep()
{
    m_ctl->readerSleeping.fetch_or(kSleeper, std::memory_order_seq_cst);
    if (m_ctl->head.load(std::memory_order_seq_cst) != m_localTail.get()) {
        m_ctl->readerSleeping.fetch_and(~kSleeper, std::memory_order_relaxed);
        return false;
    }
    return true;
}

void ShmRing::wokeUp()
{
    m_ctl->readerSleeping.fetch_and(~kSleeper, std::memory_order_relaxed);
}

void ShmRing::drainBell()
{
    drain(m_dataBell);
}

ShmRing::Wait ShmRing::waitReadable(size_t bytes, SpinBudget* spin, int watchFd, int timeoutMs, uint32_t sleeper)
{
    return waitFor(true, bytes, spin, watchFd, timeoutMs, sleeper);
}

ShmRing::Wait ShmRing::waitWritable(size_t bytes, SpinBudget* spin, int watchFd, int timeoutMs)
{
    return waitFor(false, bytes, spin, watchFd, timeoutMs, kSleeper);
}

int64_t spinBudgetNs(long defaultUs)
{
    const char* v = std::getenv("LOOPLAB_POOL_SPIN_US");
    return (v && *v ? std::max(0L, std::strtol(v, nullptr, 10)) : defaultUs) * 1000;
}

bool spinFor(const std::function<bool()>& ready, SpinBudget* spin, int64_t start)
{
    if (!spin || spin->ns <= 0)
        return false;
    // Read the clock only every 32 turns: a turn is a pause instruction and a check.
    for (unsigned i = 1;; ++i) {
        if (ready()) {
            spin->hit();
            return true;
        }
        __builtin_ia32_pause();
        if ((i & 31) == 0 && frame::steadyNs() - start >= spin->ns) {
            spin->miss();
            return false;
        }
    }
}

ShmRing::Wait ShmRing::waitFor(
    bool reading, size_t bytes, SpinBudget* spin, int watchFd, int timeoutMs, uint32_t sleeper)
{
    auto ready = [&] { return reading ? readable() >= bytes : writable() >= bytes; };
    if (ready())
        return Wait::Ready;
    const int64_t start = frame::steadyNs();
    if (spinFor(ready, spin, start))
        return Wait::Ready;
    struct Blocked {
        SpinBudget* spin;
        int64_t start;
        ~Blocked()
        {
            if (spin)
                spin->blocked(frame::steadyNs() - start);
        }
    } blocked{spin, start};
    std::atomic<uint32_t>& flag = reading ? m_ctl->readerSleeping : m_ctl->writerSleeping;
    const int bell = reading ? m_dataBell : m_roomBell;
    const int64_t deadline = timeoutMs < 0 ? INT64_MAX : start + int64_t(timeoutMs) * 1'000'000;
    for (;;) {
        flag.fetch_or(sleeper, std::memory_order_seq_cst);
        if (ready()) {
            flag.fetch_and(~sleeper, std::memory_order_relaxed);
            return Wait::Ready;
        }
        pollfd fds[2] = {{bell, POLLIN, 0}, {watchFd, POLLRDHUP, 0}};
        const int64_t now = frame::steadyNs();
        if (now >= deadline) {
            flag.fetch_and(~sleeper, std::memory_order_relaxed);
            return Wait::TimedOut;
        }
        int waitMs
            = deadline == INT64_MAX ? -1 : int(std::min<int64_t>((deadline - now + 999'999) / 1'000'000, 1 << 30));
        if (bell < 0)
            waitMs = waitMs < 0 ? 1 : std::min(waitMs, 1);
        const int n = ::poll(bell < 0 ? fds + 1 : fds, bell < 0 ? 1 : 2, waitMs);
        flag.fetch_and(~sleeper, std::memory_order_relaxed);
        if (n < 0 && errno != EINTR)
            return Wait::PeerGone;
        if (bell >= 0 && (fds[0].revents & POLLIN))
            drain(bell);
        if (watchFd >= 0 && (fds[1].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)))
            return ready() ? Wait::Ready : Wait::PeerGone;
        if (ready())
            return Wait::Ready;
    }
}

size_t ringFrameBytes(uint32_t payloadBytes)
{
    return sizeof(frame::Header) + (payloadBytes <= frame::kRingInlineMax ? payloadBytes : 0);
}

bool putFrame(ShmRing& ring, frame::Header h, const char* payload, uint32_t payloadBytes)
{
    const bool inlined = payloadBytes <= frame::kRingInlineMax;
    h.payloadBytes = payloadBytes;
    h.length = uint32_t(sizeof(frame::Header) - sizeof(uint32_t)) + payloadBytes;
    if (!inlined)
        h.type = frame::Type(uint32_t(h.type) | frame::kBodyOnSocket);
    ring.put(&h, sizeof h);
    if (inlined && payloadBytes)
        ring.put(payload, payloadBytes);
    return inlined;
}

bool ShmChannel::create()
{
    memfd = ::memfd_create("looplab-pool-ring", MFD_CLOEXEC);
    if (memfd < 0 || ::ftruncate(memfd, off_t(2 * ShmRing::bytesFor(kCapacity))) != 0) {
        close();
        return false;
    }
    for (int& b : bells)
        if ((b = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0) {
            close();
            return false;
        }
    // A fresh memfd reads as zeros: both control blocks start at head = tail = 0, nobody asleep.
    return map();
}

bool ShmChannel::attachChildFds()
{
    memfd = kFirstChildFd;
    for (int i = 0; i < 4; ++i)
        bells[i] = kFirstChildFd + 1 + i;
    return map();
}

bool ShmChannel::map()
{
    const size_t one = ShmRing::bytesFor(kCapacity);
    base = ::mmap(nullptr, 2 * one, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
    if (base == MAP_FAILED) {
        base = nullptr;
        close();
        return false;
    }
    char* p = static_cast<char*>(base);
    requests = ShmRing(p, kCapacity, bells[0], bells[1]);
    replies = ShmRing(p + one, kCapacity, bells[2], bells[3]);
    return true;
}

void ShmChannel::close()
{
    if (base)
        ::munmap(base, 2 * ShmRing::bytesFor(kCapacity));
    base = nullptr;
    if (memfd >= 0)
        ::close(memfd);
    memfd = -1;
    for (int& b : bells) {
        if (b >= 0)
            ::close(b);
        b = -1;
    }
    requests = ShmRing();
    replies = ShmRing();
}

} // namespace looplab::workers
