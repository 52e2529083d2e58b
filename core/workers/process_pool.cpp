// The worker-process pool. Hot path, in short:
//   submit(): under one mutex, the request is framed into the chosen worker's out-buffer and
//             written at once with a non-blocking send() from the submitting thread (no wake-up
//             of another thread needed to get it out);
//   I/O thread: one epoll loop over every worker's socket; it reads replies in batches, hands the
//             freed worker the next queued request, and runs the callbacks outside the lock.
// Workers are spawned with posix_spawn (vfork-like: no page-table copy) on a socketpair dup'ed
// to their stdin and stdout; send(MSG_NOSIGNAL) means a dead worker gives EPIPE, not SIGPIPE.
// Requests and replies go through a shared-memory ring each way (shm_ring.h, issue 18): a strict
// round trip over the socket cost two sends, two recvs, two epoll wake-ups and the worker's
// wake-up from read(). With the rings a frame is a memcpy, and an eventfd is written only for a
// reader that said it sleeps (spin-then-block first is opt-in: LOOPLAB_POOL_SPIN_US). The socket
// stays for the hello, for payloads too large for a ring, and as the lifeline: a dead worker
// still shows up as a hang-up.
// call() (submit and wait, like executor.submit(fn).result()) skips the I/O thread: the caller
// takes an idle worker's reply ring for itself (Slot::reader), writes the request, and spins then
// blocks on the ring for its own reply — a round trip is then the worker's turn and the caller's,
// with no third thread to wake (measured: 107 us through the I/O thread and a condition variable).
#include "process_pool.h"

#include "frame.h"
#include "shm_ring.h"

#include <QFile>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace looplab::workers {

namespace {

struct Task {
    uint64_t id = 0;
    WorkRequest request;
    std::function<void(WorkReply)> done;
    int64_t sentNs = 0;
    int attempts = 0;
};

struct Spawned {
    pid_t pid = 0;
    int fd = -1;
};

// posix_spawn the worker with one end of a socketpair as its stdin and stdout, and, given a
// channel, its memfd and eventfds as fds 3..7 (the worker is then told "--ring").
Spawned spawnWorker(const QByteArray& exe, QString* error, const ShmChannel* channel = nullptr)
{
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        *error = QStringLiteral("socketpair: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return {};
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 0); // dup2 clears CLOEXEC on 0 and 1
    posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
    // The channel's fds are first copied above 3..7, so no dup2 below overwrites one still to copy.
    std::vector<int> high;
    if (channel) {
        const int fds[5] = {channel->memfd, channel->bells[0], channel->bells[1], channel->bells[2], channel->bells[3]};
        for (int i = 0; i < 5; ++i) {
            high.push_back(::fcntl(fds[i], F_DUPFD_CLOEXEC, 64));
            posix_spawn_file_actions_adddup2(&fa, high.back(), ShmChannel::kFirstChildFd + i);
        }
    }
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    // The child must not inherit a blocked or ignored SIGPIPE/SIGTERM from whoever spawns it.
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    char ringFlag[] = "--ring";
    char* argv[] = {const_cast<char*>(exe.constData()), channel ? ringFlag : nullptr, nullptr};
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, exe.constData(), &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(sv[1]);
    for (int fd : high)
        ::close(fd);
    if (rc != 0) {
        ::close(sv[0]);
        *error = QStringLiteral("cannot start %1: %2")
                     .arg(QString::fromLocal8Bit(exe), QString::fromLocal8Bit(std::strerror(rc)));
        return {};
    }
    ::fcntl(sv[0], F_SETFL, ::fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    return {pid, sv[0]};
}

QString describeExit(pid_t pid, int status)
{
    if (WIFSIGNALED(status))
        return QStringLiteral("worker %1 died (signal %2)").arg(pid).arg(WTERMSIG(status));
    if (WIFEXITED(status))
        return QStringLiteral("worker %1 exited (code %2)").arg(pid).arg(WEXITSTATUS(status));
    return QStringLiteral("worker %1 died").arg(pid);
}

int64_t rusageCpuNs(const rusage& ru)
{
    return (int64_t(ru.ru_utime.tv_sec) + ru.ru_stime.tv_sec) * 1'000'000'000
        + (int64_t(ru.ru_utime.tv_usec) + ru.ru_stime.tv_usec) * 1000;
}

frame::Header requestHeader(const Task& t)
{
    frame::Header h;
    h.type = frame::Type::Request;
    h.id = t.id;
    h.t0 = t.sentNs;
    h.t1 = int64_t(t.request.cpuMs * 1e6);
    h.t2 = int64_t(t.request.ioMs * 1e6);
    h.replyBytes = t.request.replyBytes;
    return h;
}

WorkReply failedReply(const Task& t, int slot, int64_t pid, const QString& why)
{
    WorkReply r;
    r.ok = false;
    r.error = why;
    r.worker = slot;
    r.pid = pid;
    r.sentNs = t.sentNs;
    r.receivedNs = frame::steadyNs();
    return r;
}

} // namespace

struct ProcessPool::Impl {
    struct Slot {
        int index = 0;
        uint32_t generation = 0; // tags epoll events so a stale one from a dead worker is ignored
        pid_t pid = 0;
        int fd = -1;
        bool ready = false;
        bool outArmed = false;
        std::deque<Task> inflight; // written (or being written) to the worker, in order
        std::vector<char> out; // bytes not yet accepted by the socket
        size_t outPos = 0;
        frame::Decoder decoder; // I/O thread only (the hello)
        int64_t retiredCpuNs = 0; // CPU of this slot's reaped processes
        // Requests and replies; requests written under the mutex. Shared with a call() caller,
        // so that its mapping and bells outlive a respawn that replaces them.
        std::shared_ptr<ShmChannel> ring;
        bool ringDirty = false; // requests put, not yet published
        // Who reads the reply ring now: kNoReader, kIoReader (the I/O thread, briefly), or
        // kCallerReader (a call() caller, until its reply is in: the slot is owned, see owned()).
        // Taken by compare-exchange so the two never read the ring, or drain its bell, at the same
        // time; a caller takes and gives it back under the mutex.
        std::atomic<int> reader{kNoReader};
        // It hung up (or spoke garbage) while owned: the I/O thread reaps it once the caller lets go.
        bool deathSeen = false;
        SpinBudget callerSpin{spinBudgetNs(ShmChannel::kCallSpinUs)}; // the owner's
    };
    static constexpr int kNoReader = 0, kIoReader = 1, kCallerReader = 2;
    // A call() caller's: no other task is dispatched to it. Exact under the mutex.
    static bool owned(const Slot& s) { return s.reader.load() == kCallerReader; }
    static bool takeReader(Slot& s, int who)
    {
        int expected = kNoReader;
        return s.reader.compare_exchange_strong(expected, who);
    }

    ProcessPoolOptions opt;
    QByteArray exe;
    mutable std::mutex mutex;
    std::condition_variable readyCv;
    std::deque<Task> pending;
    std::vector<std::unique_ptr<Slot>> workerSlots;
    uint64_t nextId = 1;
    int epfd = -1;
    int wakeFd = -1;
    std::thread io;
    std::atomic<bool> stopping{false};
    std::atomic<int> restarts{0};
    std::atomic<int> inFlightCount{0};
    std::atomic<int> ownedInFlight{0}; // of inFlightCount, those a call() caller reads itself
    std::atomic<int64_t> callsReadByCaller{0};
    // Replies the I/O thread waits for (call()'s are read by their callers).
    int ioDue() const { return inFlightCount.load() - ownedInFlight.load(); }
    // The I/O thread sleeps with nothing in flight: the next submit() wakes it, so that it is up
    // and polling the rings while the worker runs the task, not woken after the reply.
    std::atomic<bool> ioIdle{false};
    int64_t spinNsOpt = 0;

    static constexpr uint32_t kBellTag = 1u << 31; // in the index half: the reply ring's bell
    static uint64_t tag(const Slot& s) { return (uint64_t(s.generation) << 32) | uint32_t(s.index); }

    void spawnLocked(Slot& s, QString* error)
    {
        s.ring = std::make_shared<ShmChannel>();
        if (!s.ring->create()) {
            *error
                = QStringLiteral("shared memory for the worker: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            s.ring.reset();
            s.pid = 0;
            s.fd = -1;
            ++s.generation;
            return;
        }
        const Spawned sp = spawnWorker(exe, error, s.ring.get());
        if (sp.fd < 0)
            s.ring.reset();
        s.ringDirty = false;
        ++s.generation;
        s.pid = sp.pid;
        s.fd = sp.fd;
        s.ready = false;
        s.outArmed = false;
        s.out.clear();
        s.outPos = 0;
        s.decoder = frame::Decoder();
        if (s.fd < 0)
            return;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.u64 = tag(s);
        ::epoll_ctl(epfd, EPOLL_CTL_ADD, s.fd, &ev);
        epoll_event bell{};
        // Edge-triggered: while a call() caller owns the ring, its bell is the caller's to drain;
        // level-triggered, the I/O thread would be woken again and again until it did.
        bell.events = EPOLLIN | EPOLLET;
        bell.data.u64 = tag(s) | kBellTag;
        ::epoll_ctl(epfd, EPOLL_CTL_ADD, s.ring->replies.dataBell(), &bell);
    }

    void armOut(Slot& s, bool on)
    {
        if (s.outArmed == on || s.fd < 0)
            return;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
        ev.data.u64 = tag(s);
        ::epoll_ctl(epfd, EPOLL_CTL_MOD, s.fd, &ev);
        s.outArmed = on;
    }

    // Write what the socket takes now; the rest waits for EPOLLOUT on the I/O thread.
    void flushLocked(Slot& s)
    {
        while (s.outPos < s.out.size()) {
            const ssize_t n
                = ::send(s.fd, s.out.data() + s.outPos, s.out.size() - s.outPos, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) {
                s.outPos += size_t(n);
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                armOut(s, true);
                return;
            }
            // EPIPE/ECONNRESET: the worker is gone; the I/O thread sees the hang-up and handles it.
            s.out.clear();
            s.outPos = 0;
            armOut(s, false);
            return;
        }
        s.out.clear();
        s.outPos = 0;
        armOut(s, false);
    }

    // Hand queued tasks to workers with room, least loaded first, then write them out.
    void dispatchLocked()
    {
        if (pending.empty())
            return;
        while (!pending.empty()) {
            Slot* best = nullptr;
            const uint32_t payloadBytes = uint32_t(pending.front().request.payload.size());
            for (auto& s : workerSlots) {
                if (s->fd < 0 || owned(*s) || s->deathSeen || int(s->inflight.size()) >= opt.maxInFlightPerWorker)
                    continue;
                // A worker with nothing in flight has an empty ring: a frame always fits then.
                if (s->ring->requests.writable() < ringFrameBytes(payloadBytes))
                    continue;
                if (!best || s->inflight.size() < best->inflight.size())
                    best = s.get();
            }
            if (!best)
                break;
            Task t = std::move(pending.front());
            pending.pop_front();
            t.sentNs = frame::steadyNs();
            // A payload too large for the ring follows its header on the socket, in order.
            if (!putFrame(best->ring->requests, requestHeader(t), t.request.payload.constData(), payloadBytes))
                best->out.insert(
                    best->out.end(), t.request.payload.constData(), t.request.payload.constData() + payloadBytes);
            best->ringDirty = true;
            best->inflight.push_back(std::move(t));
            inFlightCount.fetch_add(1); // seq_cst: see ioIdle
        }
        for (auto& s : workerSlots) {
            if (s->ringDirty) {
                s->ring->requests.publish(); // wakes the worker only if it sleeps
                s->ringDirty = false;
            }
            if (s->fd >= 0 && !s->outArmed && s->outPos < s->out.size())
                flushLocked(*s); // armed ones are flushed by the I/O thread when writable
        }
    }

    using Completion = std::pair<std::function<void(WorkReply)>, WorkReply>;

    // A worker's socket hung up or broke: reap it, fail (or re-queue) its tasks, start another.
    void handleDeathLocked(Slot& s, std::vector<Completion>& done)
    {
        if (s.fd < 0)
            return;
        s.deathSeen = false; // never owned here: see onSocket
        ::epoll_ctl(epfd, EPOLL_CTL_DEL, s.fd, nullptr);
        ::epoll_ctl(epfd, EPOLL_CTL_DEL, s.ring->replies.dataBell(), nullptr);
        ::close(s.fd);
        s.fd = -1;
        s.ring.reset();
        const pid_t oldPid = s.pid;
        int status = 0;
        rusage ru{};
        ::kill(oldPid, SIGKILL); // it may have only closed its stdout; make sure it is gone
        while (::wait4(oldPid, &status, 0, &ru) < 0 && errno == EINTR) { }
        // Reaped: the pid may be reused by any process now, so ~ProcessPool must not kill it.
        s.pid = 0;
        s.retiredCpuNs += rusageCpuNs(ru);
        const QString why = describeExit(oldPid, status);
        std::deque<Task> lost = std::move(s.inflight);
        s.inflight.clear();
        inFlightCount.fetch_sub(int(lost.size()), std::memory_order_relaxed);
        if (stopping.load())
            return;
        QString error;
        spawnLocked(s, &error);
        restarts.fetch_add(1);
        if (opt.onRestart)
            opt.onRestart(s.index, oldPid, s.pid, s.fd >= 0 ? why : why + QStringLiteral("; respawn failed: ") + error);
        // Re-run in the original order, ahead of newer work.
        for (auto it = lost.rbegin(); it != lost.rend(); ++it) {
            if (opt.retryOnCrash && it->attempts < 2) {
                ++it->attempts;
                pending.push_front(std::move(*it));
            } else {
                done.emplace_back(std::move(it->done), failedReply(*it, s.index, oldPid, why));
            }
        }
        bool anyAlive = false;
        for (auto& o : workerSlots)
            anyAlive = anyAlive || o->fd >= 0;
        if (!anyAlive) {
            // Nothing can run them: fail the queue rather than hang.
            for (auto& t : pending)
                done.emplace_back(std::move(t.done), failedReply(t, -1, 0, why + QStringLiteral("; no worker left")));
            pending.clear();
        }
        dispatchLocked();
    }

    WorkReply replyFrom(const Slot& s, const Task& t, const frame::Header& h, QByteArray payload, int64_t received)
    {
        WorkReply r;
        r.ok = true;
        r.worker = s.index;
        r.pid = s.pid;
        r.sentNs = t.sentNs;
        r.startedNs = h.t0;
        r.cpuDoneNs = h.t1;
        r.finishedNs = h.t2;
        r.workerCpuNs = h.t3;
        r.receivedNs = received;
        r.pendingOnWorker = int(s.inflight.size());
        r.payload = std::move(payload);
        return r;
    }

    // A worker's socket: first exactly its hello (what follows belongs to replies' payloads),
    // then only hang-ups, and payload bytes whose header reached the ring after our last look.
    void onSocket(Slot& s, uint32_t events, std::vector<Completion>& done)
    {
        bool dead = (events & (EPOLLHUP | EPOLLERR)) != 0;
        if (!s.ready) {
            const size_t need = sizeof(frame::Header) - s.decoder.buffered();
            const ssize_t n = ::recv(s.fd, s.decoder.space(need), need, MSG_DONTWAIT);
            if (n > 0)
                s.decoder.commit(size_t(n));
            else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
                dead = true;
            frame::Header h;
            const char* payload = nullptr;
            try {
                if (s.decoder.next(h, payload)) {
                    if (h.type != frame::Type::Hello)
                        throw std::runtime_error("no hello");
                    std::lock_guard lock(mutex);
                    s.ready = true;
                    readyCv.notify_all();
                }
            } catch (const std::exception&) {
                dead = true; // a worker that speaks garbage is treated as dead
            }
            if (!dead && s.ready)
                drainRing(s, done);
        } else if (!dead && (events & (EPOLLIN | EPOLLRDHUP)) && s.fd >= 0 && drainRing(s, done) == 0) {
            char c;
            const ssize_t n = ::recv(s.fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
            dead = n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR); // EOF, or stray bytes
        }
        if (!dead)
            return;
        // Replies it published before it died still count; then it is reaped (unless reading
        // them already found it dead and replaced it).
        const uint32_t generation = s.generation;
        drainRing(s, done);
        if (s.fd >= 0 && s.generation == generation) {
            std::lock_guard lock(mutex);
            if (owned(s)) {
                // Its caller reads the ring: it may still find its reply there. It wakes us when it
                // gives the ring back, and we reap the worker then; until then the socket would
                // wake us again and again.
                ::epoll_ctl(epfd, EPOLL_CTL_DEL, s.fd, nullptr);
                s.deathSeen = true;
                return;
            }
            handleDeathLocked(s, done);
        }
    }

    using ReplyFrames = std::vector<std::pair<frame::Header, QByteArray>>;

    // Copies up to `max` reply frames out of a ring into `got` (payloads too large for the ring
    // from the socket `fd`); false when what is there is not a reply (the worker is then dead to us).
    static bool readReplies(ShmRing& ring, int fd, size_t max, ReplyFrames& got)
    {
        while (got.size() < max && ring.readable() >= sizeof(frame::Header)) {
            frame::Header h;
            ring.get(&h, sizeof h);
            if (frame::baseType(h) != frame::Type::Reply || h.payloadBytes > frame::kMaxPayload)
                return false;
            QByteArray payload;
            if (h.payloadBytes)
                payload = QByteArray(qsizetype(h.payloadBytes), Qt::Uninitialized);
            if (frame::bodyOnSocket(h)) {
                ring.release();
                if (!frame::readAll(fd, payload.data(), h.payloadBytes))
                    return false;
            } else {
                if (ring.readable() < h.payloadBytes) // published together with its header
                    return false;
                ring.get(payload.data(), h.payloadBytes);
                ring.release();
            }
            got.emplace_back(h, std::move(payload));
        }
        return true;
    }

    // Replies waiting in a worker's ring, matched to its in-flight tasks in order; how many.
    // Not a ring a call() caller owns.
    int drainRing(Slot& s, std::vector<Completion>& done)
    {
        if (!s.ready || s.fd < 0)
            return 0;
        ShmRing& ring = s.ring->replies;
        if (ring.readable() < sizeof(frame::Header) || !takeReader(s, kIoReader))
            return 0;
        // Copy out without the lock (submitters keep going), then match under it. A caller can
        // take the ring only once its in-flight tasks are answered, so releasing it first is safe.
        got.clear();
        bool dead = !readReplies(ring, s.fd, SIZE_MAX, got);
        s.reader.store(kNoReader);
        const int64_t received = frame::steadyNs();
        std::lock_guard lock(mutex);
        for (auto& [h, payload] : got) {
            if (s.inflight.empty() || s.inflight.front().id != h.id) {
                dead = true;
                break;
            }
            Task t = std::move(s.inflight.front());
            s.inflight.pop_front();
            inFlightCount.fetch_sub(1, std::memory_order_relaxed);
            done.emplace_back(std::move(t.done), replyFrom(s, t, h, std::move(payload), received));
        }
        if (dead)
            handleDeathLocked(s, done);
        else
            dispatchLocked();
        return int(got.size());
    }
    ReplyFrames got; // drainRing's, reused

    // Polls every live worker's reply ring until one has a frame or the budget runs out.
    bool spinOnRings(SpinBudget& spin)
    {
        return spinFor(
            [this] {
                for (auto& s : workerSlots)
                    if (s->ready && s->fd >= 0 && s->reader.load(std::memory_order_relaxed) != kCallerReader
                        && s->ring->replies.readable() >= sizeof(frame::Header))
                        return true;
                return stopping.load(std::memory_order_relaxed);
            },
            &spin, frame::steadyNs());
    }

    // What a call() waits for when the I/O thread answers it (no idle worker, a payload too large
    // for the ring, the worker died and the task was re-run): filled by the task's callback.
    struct CallWait {
        std::mutex m;
        std::condition_variable cv;
        std::optional<WorkReply> reply;
        void set(WorkReply r)
        {
            std::lock_guard lock(m);
            reply = std::move(r);
            cv.notify_all();
        }
    };

    void wakeIo()
    {
        const uint64_t one = 1;
        [[maybe_unused]] auto w = ::write(wakeFd, &one, sizeof one);
    }

    // Queues `t` (id given) for the I/O thread's dispatch; unlocks `lock`, then wakes the I/O
    // thread if it sleeps with nothing due, so that it is up while the worker runs the task.
    void enqueue(Task t, std::unique_lock<std::mutex>& lock)
    {
        pending.push_back(std::move(t));
        dispatchLocked();
        lock.unlock();
        if (ioIdle.load() && ioIdle.exchange(false))
            wakeIo();
    }

    // A worker for call() to own: ready, nothing in flight, no queue ahead of the caller.
    Slot* idleSlotLocked()
    {
        if (!pending.empty())
            return nullptr;
        for (auto& s : workerSlots)
            if (s->ready && s->fd >= 0 && !owned(*s) && s->inflight.empty())
                return s.get();
        return nullptr;
    }

    // Gives an owned ring back to the I/O thread (under the mutex): raises the I/O thread's bit,
    // which it did not raise while the caller owned the ring, so replies to what is dispatched
    // there next wake it. A worker found dead meanwhile is the I/O thread's to reap (only it
    // changes a slot's fd, ring and generation), with the task still in flight.
    void releaseOwnedLocked(Slot& s)
    {
        ownedInFlight.fetch_sub(1);
        s.reader.store(kNoReader);
        if (s.deathSeen || !s.ring->replies.prepareToSleep())
            wakeIo(); // a death to handle, or something already there for it
        dispatchLocked();
    }

    // call()'s fast path: the caller owns slot `s` (its task `id` is the slot's only one in
    // flight; `ring` and `fd` are the slot's, which nobody replaces while it is owned) and reads
    // its own reply. Empty when the reply comes another way (the worker died): see CallWait.
    std::optional<WorkReply> awaitOwnReply(
        Slot& s, const std::shared_ptr<ShmChannel>& ring, int fd, uint64_t id, const std::atomic<bool>* cancel)
    {
        ReplyFrames frames;
        for (;;) {
            const ShmRing::Wait w = ring->replies.waitReadable(
                sizeof(frame::Header), &s.callerSpin, fd, cancel ? 20 : -1, ShmRing::kCallerSleeper);
            if (w == ShmRing::Wait::TimedOut && !(cancel && cancel->load()))
                continue;
            const bool ok = w == ShmRing::Wait::Ready && readReplies(ring->replies, fd, 1, frames) && frames.size() == 1
                && frames[0].first.id == id;
            const int64_t received = frame::steadyNs();
            std::lock_guard lock(mutex);
            // s.inflight.front() is ours: nothing else is dispatched to an owned slot.
            if (ok) {
                const Task t = std::move(s.inflight.front());
                s.inflight.pop_front();
                inFlightCount.fetch_sub(1);
                WorkReply r = replyFrom(s, t, frames[0].first, std::move(frames[0].second), received);
                releaseOwnedLocked(s);
                callsReadByCaller.fetch_add(1, std::memory_order_relaxed);
                return r;
            }
            if (w == ShmRing::Wait::TimedOut) {
                // Cancelled: the task stays in flight; its reply, if any, goes to its CallWait.
                WorkReply r = failedReply(s.inflight.front(), s.index, s.pid, QStringLiteral("cancelled"));
                releaseOwnedLocked(s);
                return r;
            }
            s.deathSeen = true; // hung up, or spoke garbage: dead to us, as drainRing would judge
            releaseOwnedLocked(s);
            return std::nullopt;
        }
    }

    void run()
    {
        epoll_event events[64];
        std::vector<Completion> done;
        done.reserve(256);
        // Spin-then-block (issue 18): while replies are due, the I/O thread polls the reply rings
        // (no syscall) for as long as its SpinBudget allows — in a strict round trip the next
        // reply is microseconds away and a sleep would cost a wake-up. Then it raises each ring's "sleeping" flag and
        // blocks in epoll_wait, where the workers' eventfds, their sockets (hang-ups) and our own wake-up land. An idle
        // pool never spins; the spin is pause instructions, never sched_yield() (a yield beside a CPU-bound process
        // hands the core over for a whole time slice).
        SpinBudget spin(spinNsOpt);
        while (!stopping.load(std::memory_order_relaxed)) {
            int replies = 0;
            for (auto& s : workerSlots)
                replies += drainRing(*s, done);
            for (auto& [fn, reply] : done)
                if (fn)
                    fn(std::move(reply));
            done.clear();
            // Only while a reply is due: a spinning I/O thread would keep the core from the very
            // thread that is to submit the next request (3 threads, 2 cores).
            if (ioDue() > 0 && spinOnRings(spin))
                continue;
            bool mayBlock = true;
            if (spin.maxNs > 0) {
                ioIdle.store(true); // seq_cst: pairs with submit()'s increment of inFlightCount
                if (ioDue() > 0)
                    mayBlock = false;
            }
            // Not an owned ring: its caller waits for that reply, and our bit would make the
            // worker ring the bell for it (and then not spin for the caller's next request).
            // The caller raises our bit when it gives the ring back.
            for (auto& s : workerSlots)
                if (s->ready && s->fd >= 0 && s->reader.load() != kCallerReader && !s->ring->replies.prepareToSleep())
                    mayBlock = false;
            const int64_t sleptAt = frame::steadyNs();
            const int n = ::epoll_wait(epfd, events, 64, mayBlock ? -1 : 0);
            ioIdle.store(false, std::memory_order_relaxed);
            if (mayBlock && ioDue() > 0)
                spin.blocked(frame::steadyNs() - sleptAt);
            for (auto& s : workerSlots)
                if (s->ring)
                    s->ring->replies.wokeUp(); // only our bit
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                break;
            }
            for (int i = 0; i < n; ++i) {
                const uint64_t t = events[i].data.u64;
                if (t == ~uint64_t(0)) {
                    uint64_t v;
                    [[maybe_unused]] auto r = ::read(wakeFd, &v, sizeof v);
                    // A call() caller gave back the ring of a worker that died while it waited.
                    std::lock_guard lock(mutex);
                    for (auto& s : workerSlots)
                        if (s->deathSeen && !owned(*s))
                            handleDeathLocked(*s, done);
                    continue;
                }
                const bool bell = (uint32_t(t) & kBellTag) != 0;
                const int index = int(uint32_t(t) & ~kBellTag);
                const uint32_t generation = uint32_t(t >> 32);
                if (index < 0 || size_t(index) >= workerSlots.size())
                    continue;
                Slot& s = *workerSlots[size_t(index)];
                // workerSlots never change size; fd/generation change only under the mutex on this thread
                if (s.generation != generation || s.fd < 0)
                    continue;
                if (bell) {
                    // Its replies are read at the top of the loop. An owned ring's bell is its
                    // caller's: drained here, the caller's poll() could miss it.
                    if (takeReader(s, kIoReader)) {
                        s.ring->replies.drainBell();
                        s.reader.store(kNoReader);
                    }
                    continue;
                }
                if (events[i].events & EPOLLOUT) {
                    std::lock_guard lock(mutex);
                    flushLocked(s);
                }
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP | EPOLLERR))
                    onSocket(s, events[i].events, done);
            }
            for (auto& [fn, reply] : done)
                if (fn)
                    fn(std::move(reply));
            done.clear();
        }
    }
};

ProcessPool::ProcessPool(ProcessPoolOptions options)
    : d(std::make_unique<Impl>())
{
    d->opt = std::move(options);
    d->opt.workers = std::clamp(d->opt.workers, 1, 1024);
    d->opt.maxInFlightPerWorker = std::max(1, d->opt.maxInFlightPerWorker);
    d->spinNsOpt = spinBudgetNs(ShmChannel::kDefaultSpinUs);
    d->exe = QFile::encodeName(d->opt.executable);
    d->epfd = ::epoll_create1(EPOLL_CLOEXEC);
    d->wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (d->epfd < 0 || d->wakeFd < 0)
        throw std::runtime_error("epoll/eventfd failed");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = ~uint64_t(0);
    ::epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->wakeFd, &ev);
    {
        std::lock_guard lock(d->mutex);
        for (int i = 0; i < d->opt.workers; ++i) {
            auto s = std::make_unique<Impl::Slot>();
            s->index = i;
            QString error;
            d->spawnLocked(*s, &error);
            d->workerSlots.push_back(std::move(s));
            if (d->workerSlots.back()->fd < 0) {
                // Undo what started, then report.
                for (auto& o : d->workerSlots)
                    if (o->fd >= 0) {
                        ::close(o->fd);
                        ::kill(o->pid, SIGKILL);
                        ::waitpid(o->pid, nullptr, 0);
                    }
                ::close(d->epfd);
                ::close(d->wakeFd);
                throw std::runtime_error(error.toStdString());
            }
        }
    }
    d->io = std::thread([this] { d->run(); });
}

ProcessPool::~ProcessPool()
{
    d->stopping.store(true);
    const uint64_t one = 1;
    [[maybe_unused]] auto w = ::write(d->wakeFd, &one, sizeof one);
    if (d->io.joinable()) {
        if (d->io.get_id() == std::this_thread::get_id())
            d->io.detach(); // destroyed from a callback: cannot join ourselves
        else
            d->io.join();
    }
    std::lock_guard lock(d->mutex);
    // Closing stdin ends an idle worker; SIGKILL ends one in the middle of a long task. Reap all.
    for (auto& s : d->workerSlots) {
        if (s->fd >= 0) {
            ::close(s->fd);
            s->fd = -1;
        }
        if (s->pid > 0) {
            ::kill(s->pid, SIGKILL);
            while (::waitpid(s->pid, nullptr, 0) < 0 && errno == EINTR) { }
            s->pid = 0;
        }
    }
    ::close(d->epfd);
    ::close(d->wakeFd);
}

void ProcessPool::submit(WorkRequest request, std::function<void(WorkReply)> done)
{
    Task t;
    t.request = std::move(request);
    t.done = std::move(done);
    std::unique_lock lock(d->mutex);
    if (d->stopping.load()) {
        lock.unlock();
        if (t.done)
            t.done(failedReply(t, -1, 0, QStringLiteral("pool stopped")));
        return;
    }
    t.id = d->nextId++;
    d->enqueue(std::move(t), lock);
}

WorkReply ProcessPool::call(WorkRequest request, const std::atomic<bool>* cancel)
{
    auto wait = std::make_shared<Impl::CallWait>();
    Task t;
    t.request = std::move(request);
    t.done = [wait](WorkReply r) { wait->set(std::move(r)); };
    const bool inRing
        = uint32_t(t.request.payload.size()) <= frame::kRingInlineMax && t.request.replyBytes <= frame::kRingInlineMax;
    std::unique_lock lock(d->mutex);
    if (d->stopping.load())
        return failedReply(t, -1, 0, QStringLiteral("pool stopped"));
    t.id = d->nextId++;
    const uint64_t id = t.id;
    Impl::Slot* s = inRing ? d->idleSlotLocked() : nullptr;
    // The I/O thread holds an idle ring's reader only for a moment (draining its bell, finding it
    // empty) and never while it waits for the mutex we hold: wait that out rather than fall back
    // to the slow path; a bounded wait, in case a misbehaving worker's frame keeps it longer.
    bool took = false;
    for (int i = 0; s && !(took = Impl::takeReader(*s, Impl::kCallerReader)) && i < 4096; ++i)
        __builtin_ia32_pause();
    if (took) {
        // Lower the I/O thread's bit (raised when the ring was last given back): the worker would
        // ring the bell for our reply, wake the I/O thread for nothing, and not spin for our next.
        s->ring->replies.wokeUp();
        d->ownedInFlight.fetch_add(1);
        d->inFlightCount.fetch_add(1);
        t.sentNs = frame::steadyNs();
        putFrame(
            s->ring->requests, requestHeader(t), t.request.payload.constData(), uint32_t(t.request.payload.size()));
        s->inflight.push_back(std::move(t));
        s->ring->requests.publish();
        const std::shared_ptr<ShmChannel> ring = s->ring;
        const int fd = s->fd;
        lock.unlock();
        if (std::optional<WorkReply> reply = d->awaitOwnReply(*s, ring, fd, id, cancel))
            return *std::move(reply);
    } else {
        d->enqueue(std::move(t), lock);
    }
    std::unique_lock wl(wait->m);
    while (!wait->reply) {
        if (cancel && cancel->load()) {
            Task gone;
            gone.id = id;
            return failedReply(gone, -1, 0, QStringLiteral("cancelled"));
        }
        wait->cv.wait_for(wl, std::chrono::milliseconds(cancel ? 20 : 1000));
    }
    return *std::move(wait->reply);
}

int64_t ProcessPool::callsReadByCaller() const
{
    return d->callsReadByCaller.load(std::memory_order_relaxed);
}

int ProcessPool::workers() const
{
    return d->opt.workers;
}

int ProcessPool::restarts() const
{
    return d->restarts.load();
}

int64_t ProcessPool::workerPid(int slot) const
{
    std::lock_guard lock(d->mutex);
    if (slot < 0 || size_t(slot) >= d->workerSlots.size())
        return 0;
    return d->workerSlots[size_t(slot)]->pid;
}

bool ProcessPool::waitReady(int timeoutMs)
{
    std::unique_lock lock(d->mutex);
    return d->readyCv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] {
        for (auto& s : d->workerSlots)
            if (!s->ready)
                return false;
        return true;
    });
}

WorkerUsage ProcessPool::usage(int slot) const
{
    WorkerUsage u;
    int64_t retired = 0;
    {
        std::lock_guard lock(d->mutex);
        if (slot < 0 || size_t(slot) >= d->workerSlots.size())
            return u;
        u.pid = d->workerSlots[size_t(slot)]->pid;
        retired = d->workerSlots[size_t(slot)]->retiredCpuNs;
    }
    u.cpuNs = retired;
    if (u.pid <= 0)
        return u;
    // schedstat's first field is the exact on-CPU time in ns (the worker is single-threaded);
    // /proc/PID/stat would only give clock ticks (10 ms).
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/schedstat", static_cast<long long>(u.pid));
    if (FILE* f = std::fopen(path, "r")) {
        long long ns = 0;
        if (std::fscanf(f, "%lld", &ns) == 1)
            u.cpuNs += ns;
        std::fclose(f);
    }
    std::snprintf(path, sizeof path, "/proc/%lld/statm", static_cast<long long>(u.pid));
    if (FILE* f = std::fopen(path, "r")) {
        long long size = 0, resident = 0;
        if (std::fscanf(f, "%lld %lld", &size, &resident) == 2)
            u.rssBytes = resident * ::sysconf(_SC_PAGESIZE);
        std::fclose(f);
    }
    return u;
}

int ProcessPool::queued() const
{
    std::lock_guard lock(d->mutex);
    return int(d->pending.size());
}

int ProcessPool::inFlight() const
{
    return d->inFlightCount.load(std::memory_order_relaxed);
}

WorkReply ProcessPool::runOnce(
    const QString& executable, const WorkRequest& request, int64_t* cpuNs, const std::atomic<bool>* cancel)
{
    Task t;
    t.id = 1;
    t.request = request;
    t.sentNs = frame::steadyNs(); // before the spawn: the spawn is the cost being shown
    QString error;
    const Spawned sp = spawnWorker(QFile::encodeName(executable), &error);
    if (sp.fd < 0)
        return failedReply(t, 0, 0, error);
    ::fcntl(sp.fd, F_SETFL, ::fcntl(sp.fd, F_GETFL) & ~O_NONBLOCK);
    std::vector<char> out;
    frame::append(out, requestHeader(t), request.payload.constData(), uint32_t(request.payload.size()));
    frame::Header quit;
    quit.type = frame::Type::Quit;
    frame::append(out, quit, nullptr, 0);
    WorkReply r = failedReply(t, 0, sp.pid, QString());
    // A writer thread would be needed for payloads larger than both socket buffers; the worker
    // reads the whole request before it replies, so one blocking write is enough here.
    bool sent = true;
    for (size_t at = 0; at < out.size();) {
        const ssize_t n = ::send(sp.fd, out.data() + at, out.size() - at, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            sent = false;
            break;
        }
        at += size_t(n);
    }
    frame::Decoder decoder;
    frame::Header h;
    const char* payload = nullptr;
    bool got = false;
    bool cancelled = false;
    try {
        while (sent && !got) {
            if (decoder.next(h, payload)) {
                got = h.type == frame::Type::Reply;
                continue;
            }
            pollfd pfd{sp.fd, POLLIN, 0};
            const int pr = ::poll(&pfd, 1, cancel ? 20 : -1);
            if (pr < 0 && errno == EINTR)
                continue;
            if (cancel && cancel->load()) {
                cancelled = true;
                break;
            }
            if (pr == 0)
                continue;
            char* at = decoder.space(64 * 1024);
            const ssize_t n = ::recv(sp.fd, at, 64 * 1024, 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            decoder.commit(size_t(n));
        }
    } catch (const std::exception&) {
        got = false;
    }
    if (cancelled)
        ::kill(sp.pid, SIGKILL);
    r.receivedNs = frame::steadyNs();
    ::close(sp.fd);
    int status = 0;
    rusage ru{};
    while (::wait4(sp.pid, &status, 0, &ru) < 0 && errno == EINTR) { }
    if (cpuNs)
        *cpuNs = rusageCpuNs(ru);
    if (!got) {
        r.error = describeExit(sp.pid, status);
        return r;
    }
    r.ok = true;
    r.startedNs = h.t0;
    r.cpuDoneNs = h.t1;
    r.finishedNs = h.t2;
    r.workerCpuNs = h.t3;
    if (h.payloadBytes)
        r.payload = QByteArray(payload, qsizetype(h.payloadBytes));
    return r;
}

} // namespace looplab::workers
