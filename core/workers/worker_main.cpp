// looplab-worker: one worker process of the pool lab's process pool (ProcessPoolExecutor's
// worker). Reads Request frames on stdin, burns the requested CPU (real work on this process's
// CPU clock), sleeps the requested I/O time, and answers on stdout with timestamps and
// replyBytes of data. Exits on EOF (the pool is gone) or a Quit frame. No Qt: it starts in ~1 ms.
#include "engine/cpu_work.h"
#include "frame.h"
#include "shm_ring.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <unistd.h>

using namespace looplab::workers;

namespace {

int64_t processCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void sleepNs(int64_t ns)
{
    timespec ts{time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) { }
}

// "Unpickling": the arguments are read, not just received.
uint64_t touch(const char* p, uint32_t n)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i += 64)
        sum += uint8_t(p[i]);
    return sum;
}

// Below this much work, replies of back-to-back requests are written together (one syscall);
// before longer work, what is ready goes out first so its caller is not kept waiting.
constexpr int64_t kBatchReplyBelowNs = 20'000;
void runRequest(const frame::Header& h, const char* payload, frame::Header& reply)
{
    static volatile uint64_t sink = 0;
    reply.type = frame::Type::Reply;
    reply.id = h.id;
    reply.t0 = frame::steadyNs();
    sink = sink + touch(payload, h.payloadBytes);
    if (h.t1 > 0)
        sink = sink + looplab::engine::burnCpu(h.t1);
    reply.t1 = frame::steadyNs();
    if (h.t2 > 0)
        sleepNs(h.t2);
    reply.t2 = frame::steadyNs();
    reply.t3 = processCpuNs();
}

// "I am pid N and ready", on the socket (stdout) in both modes.
bool sayHello()
{
    std::vector<char> out;
    frame::Header hello;
    hello.type = frame::Type::Hello;
    hello.id = uint64_t(getpid());
    hello.t0 = frame::steadyNs();
    frame::append(out, hello, nullptr, 0);
    return frame::writeAll(1, out.data(), out.size());
}

// The pool's mode (argv[1] == "--ring"): requests and replies through the shared-memory rings on
// fds 3..7 (shm_ring.h); the socket on stdin/stdout carries the hello, payloads too large for the
// ring, and the pool's hang-up. Spin-then-block on the request ring: after an answer the next
// request of a strict round trip is a few microseconds away.
int ringMain()
{
    looplab::workers::ShmChannel ch;
    if (!ch.attachChildFds())
        return 1;
    if (!sayHello())
        return 1;
    std::vector<char> out;
    // Spins after each answer (SpinBudget keeps it short when that does not pay): a call() caller's
    // next request is a few microseconds away; the caller that was asleep takes ~55 us to wake on
    // this VM, and a worker that slept then would cost it as much again.
    looplab::workers::SpinBudget spin(looplab::workers::spinBudgetNs(looplab::workers::ShmChannel::kCallSpinUs));
    std::vector<char> payload;
    bool spinNext = false; // after an answer; not before the first request
    using Wait = looplab::workers::ShmRing::Wait;
    for (;;) {
        if (ch.requests.waitReadable(sizeof(frame::Header), spinNext ? &spin : nullptr, 0, -1) != Wait::Ready)
            return 0; // the pool hung up
        frame::Header h;
        ch.requests.get(&h, sizeof h);
        if (h.payloadBytes > frame::kMaxPayload)
            return 2;
        payload.resize(h.payloadBytes);
        if (frame::bodyOnSocket(h)) {
            ch.requests.release();
            if (!frame::readAll(0, payload.data(), payload.size()))
                return 0;
        } else {
            // The payload was published with its header.
            if (ch.requests.readable() < h.payloadBytes)
                return 2;
            ch.requests.get(payload.data(), payload.size());
            ch.requests.release();
        }
        if (frame::baseType(h) == frame::Type::Quit)
            return 0;
        if (frame::baseType(h) != frame::Type::Request)
            continue;
        frame::Header reply;
        runRequest(h, payload.data(), reply);
        out.clear();
        frame::appendFilled(out, reply, h.replyBytes);
        const size_t need = looplab::workers::ringFrameBytes(h.replyBytes);
        if (ch.replies.writable() < need && ch.replies.waitWritable(need, nullptr, 0, -1) != Wait::Ready)
            return 0;
        const bool inlined
            = looplab::workers::putFrame(ch.replies, reply, out.data() + sizeof(frame::Header), h.replyBytes);
        ch.replies.publish();
        spinNext = true;
        if (!inlined && !frame::writeAll(1, out.data() + sizeof(frame::Header), h.replyBytes))
            return 0;
    }
}

} // namespace

int main(int argc, char** argv)
{
    if (argc > 1 && std::strcmp(argv[1], "--ring") == 0)
        return ringMain();
    if (!sayHello())
        return 1;
    std::vector<char> out;
    out.reserve(64 * 1024);

    frame::Decoder decoder;
    bool answered = false;
    const int64_t kSpinNs = looplab::workers::spinBudgetNs(0);
    try {
        for (;;) {
            frame::Header h;
            const char* payload = nullptr;
            while (decoder.next(h, payload)) {
                if (h.type == frame::Type::Quit) {
                    frame::writeAll(1, out.data(), out.size());
                    return 0;
                }
                if (h.type != frame::Type::Request)
                    continue;
                if (!out.empty() && h.t1 + h.t2 >= kBatchReplyBelowNs) {
                    if (!frame::writeAll(1, out.data(), out.size()))
                        return 1;
                    out.clear();
                }
                frame::Header reply;
                runRequest(h, payload, reply);
                frame::appendFilled(out, reply, h.replyBytes);
                answered = true;
            }
            if (!out.empty()) {
                if (!frame::writeAll(1, out.data(), out.size()))
                    return 1;
                out.clear();
            }
            char* at = decoder.space(64 * 1024);
            // Spin-then-block, opt-in (LOOPLAB_POOL_SPIN_US, see process_pool.cpp): after an
            // answer, poll a short while for the next request before blocking in read().
            ssize_t r = -1;
            errno = EAGAIN;
            if (answered && kSpinNs > 0) {
                const int64_t until = frame::steadyNs() + kSpinNs;
                do {
                    r = ::recv(0, at, 64 * 1024, MSG_DONTWAIT);
                    if (r >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                        break;
                    __builtin_ia32_pause();
                } while (frame::steadyNs() < until);
                answered = false;
            }
            if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ENOTSOCK))
                r = ::read(0, at, 64 * 1024);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                return 0; // the pool closed our stdin: it is gone or shutting down
            decoder.commit(size_t(r));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "looplab-worker %d: %s\n", int(getpid()), e.what());
        return 2;
    }
}
