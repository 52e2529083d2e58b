#include "load_generator.h"

#include "http_message.h"

#include <queue>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace looplab::labs::api {

using metrics::nowNs;

namespace {

constexpr int64_t kFlushNs = 10'000'000; // counts and gauges go to the ring every 10 ms
constexpr int64_t kErrorBackoffNs = 100'000'000; // a closed-model user whose request failed waits this
constexpr size_t kMaxQueued = 1'000'000; // generator backlog bound (open model overload)
constexpr uint32_t kWakeTag = 0xffffffffu;

// Zipf (s = 1) over 1..n by inverting the cumulative distribution.
class KeySampler
{
public:
    KeySampler(KeyDist dist, int keys)
        : m_dist(dist)
        , m_keys(std::max(keys, 1))
    {
        if (m_dist == KeyDist::Zipf) {
            m_cdf.resize(size_t(m_keys));
            double sum = 0;
            for (int k = 1; k <= m_keys; ++k) {
                sum += 1.0 / k;
                m_cdf[size_t(k - 1)] = sum;
            }
            for (auto& c : m_cdf)
                c /= sum;
        }
    }
    uint32_t operator()(std::mt19937_64& rng) const
    {
        if (m_dist == KeyDist::Uniform)
            return uint32_t(std::uniform_int_distribution<int>(1, m_keys)(rng));
        const double u = std::uniform_real_distribution<double>(0, 1)(rng);
        return uint32_t(std::lower_bound(m_cdf.begin(), m_cdf.end(), u) - m_cdf.begin()) + 1;
    }

private:
    KeyDist m_dist;
    int m_keys;
    std::vector<double> m_cdf;
};

} // namespace

class LoadGenerator::Loop
{
public:
    explicit Loop(LoadGenerator& g)
        : m_g(g)
        , m_cfg(g.m_config)
        , m_rec(g.m_recorder)
        , m_ids(g.m_ids)
        , m_c(g.m_counters)
        , m_rng(g.m_seed)
        , m_keys(m_cfg.keyDist, m_cfg.keys)
    {
        m_timeoutNs = std::max<int64_t>(1, int64_t(m_cfg.timeoutMs * 1e6));
        m_rampNs = int64_t(m_cfg.rampS * 1e9);
        m_conns.resize(size_t(std::max(m_cfg.connections, 1)));
        for (int i = int(m_conns.size()) - 1; i >= 0; --i)
            m_closedConns.push_back(i);
        m_request.reserve(256);
    }

    void run()
    {
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u32 = kWakeTag;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_g.m_wakeFd, &ev);

        m_start = nowNs();
        m_c.startNs = m_start;
        m_nextFlush = m_start + kFlushNs;
        if (m_cfg.model == LoadModel::Open) {
            m_rate = m_g.m_rate.load();
            m_nextArrival = m_start + interArrival();
        } else {
            for (int u = 0; u < m_cfg.users; ++u)
                m_wakes.push({m_start + (m_rampNs > 0 ? m_rampNs * u / m_cfg.users : 0), u});
        }

        std::vector<epoll_event> events(256);
        while (!m_g.m_stop.load(std::memory_order_relaxed)) {
            int64_t now = nowNs();
            produce(now);
            expireQueued(now);
            dispatch();
            if (now >= m_nextDeadlineCheck)
                checkInflightTimeouts(now);
            if (now >= m_nextFlush)
                flush(now);

            const int64_t wait = std::max<int64_t>(0, nextWake() - nowNs());
            timespec ts{time_t(wait / 1'000'000'000), long(wait % 1'000'000'000)};
            const int n = epoll_pwait2(m_epoll, events.data(), int(events.size()), &ts, nullptr);
            for (int i = 0; i < n; ++i) {
                if (events[size_t(i)].data.u32 == kWakeTag) {
                    uint64_t v;
                    [[maybe_unused]] auto r = ::read(m_g.m_wakeFd, &v, sizeof v);
                    continue;
                }
                onEvent(events[size_t(i)].data.u32, events[size_t(i)].events);
            }
        }
        for (size_t i = 0; i < m_conns.size(); ++i)
            closeConn(int(i));
        const int64_t end = nowNs();
        flush(end);
        m_c.endNs = end;
        ::close(m_epoll);
    }

private:
    struct Pending {
        int64_t intendedNs = 0;
        uint32_t key = 0;
        int32_t user = -1; // closed model: who sent it
    };
    enum class State { Closed, Connecting, Idle, Busy };
    struct Conn {
        int fd = -1;
        State state = State::Closed;
        std::string out;
        size_t outPos = 0;
        std::string in;
        ResponseParser parser;
        Pending req;
        bool hasReq = false;
        bool reused = false; // has answered before: a silent close may be a keep-alive race
        bool retried = false; // this request was already retried once
        bool wantOut = false;
    };

    // --- arrivals ---

    int64_t interArrival()
    {
        return int64_t(std::exponential_distribution<double>(std::max(m_rate, 1e-9))(m_rng) * 1e9);
    }

    void produce(int64_t now)
    {
        if (m_cfg.model == LoadModel::Open) {
            if (m_g.m_rateChanged.exchange(false)) {
                m_rate = m_g.m_rate.load();
                m_nextArrival = now + interArrival();
            }
            while (m_nextArrival <= now) {
                const int64_t t = m_nextArrival;
                m_nextArrival = t + interArrival();
                // Ramp by thinning: keep an arrival with probability (elapsed / ramp).
                if (m_rampNs > 0 && t - m_start < m_rampNs
                    && std::uniform_real_distribution<double>(0, 1)(m_rng) >= double(t - m_start) / double(m_rampNs))
                    continue;
                enqueue({t, m_keys(m_rng), -1});
            }
        } else {
            while (!m_wakes.empty() && m_wakes.top().first <= now) {
                const auto [t, user] = m_wakes.top();
                m_wakes.pop();
                enqueue({t, m_keys(m_rng), user});
            }
        }
    }

    void enqueue(const Pending& p)
    {
        m_c.arrivals.fetch_add(1, std::memory_order_relaxed);
        ++m_offeredPending;
        if (m_queue.size() >= kMaxQueued) { // overload far past any server: drop, and say so
            m_c.errors.fetch_add(1, std::memory_order_relaxed);
            ++m_errorPending;
            userDone(p.user, nowNs(), true);
            return;
        }
        m_queue.push_back(p);
    }

    void userDone(int user, int64_t now, bool failed)
    {
        if (user < 0)
            return;
        m_wakes.push({now + m_g.m_thinkNs.load(std::memory_order_relaxed) + (failed ? kErrorBackoffNs : 0), user});
    }

    void expireQueued(int64_t now)
    {
        while (!m_queue.empty() && m_queue.front().intendedNs + m_timeoutNs <= now) {
            const Pending p = m_queue.front();
            m_queue.pop_front();
            countTimeout(p, now);
        }
    }

    // --- connections ---

    void dispatch()
    {
        while (!m_queue.empty()) {
            int idx;
            if (!m_idleConns.empty()) {
                idx = m_idleConns.back();
                m_idleConns.pop_back();
            } else if (!m_closedConns.empty()) {
                idx = m_closedConns.back();
                m_closedConns.pop_back();
            } else {
                return;
            }
            const Pending p = m_queue.front();
            m_queue.pop_front();
            assign(idx, p);
        }
    }

    void assign(int idx, const Pending& p)
    {
        Conn& c = m_conns[size_t(idx)];
        c.req = p;
        c.hasReq = true;
        c.retried = false;
        ++m_inflight;
        if (m_inflight > m_c.inflightMax.load(std::memory_order_relaxed))
            m_c.inflightMax.store(m_inflight, std::memory_order_relaxed);
        m_nextDeadlineCheck = std::min(m_nextDeadlineCheck, p.intendedNs + m_timeoutNs);
        if (c.state == State::Idle)
            sendRequest(idx);
        else
            connectConn(idx);
    }

    void connectConn(int idx)
    {
        Conn& c = m_conns[size_t(idx)];
        const auto family = reinterpret_cast<const sockaddr*>(&m_cfg.target.addr)->sa_family;
        c.fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c.fd < 0) {
            failRequest(idx);
            return;
        }
        int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c.reused = false;
        dropIn(c);
        c.parser.reset();
        const int r = ::connect(c.fd, reinterpret_cast<const sockaddr*>(&m_cfg.target.addr), m_cfg.target.addrLen);
        if (r < 0 && errno != EINPROGRESS) {
            failRequest(idx);
            return;
        }
        c.state = State::Connecting;
        epoll_event ev{};
        ev.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
        ev.data.u32 = uint32_t(idx);
        c.wantOut = true;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &ev);
    }

    void setWantOut(int idx, bool want)
    {
        Conn& c = m_conns[size_t(idx)];
        if (c.wantOut == want)
            return;
        c.wantOut = want;
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLRDHUP | (want ? EPOLLOUT : 0u);
        ev.data.u32 = uint32_t(idx);
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
    }

    void closeConn(int idx)
    {
        Conn& c = m_conns[size_t(idx)];
        if (c.fd >= 0) {
            epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
            ::close(c.fd);
            c.fd = -1;
        }
        if (c.state == State::Idle)
            m_idleConns.erase(std::find(m_idleConns.begin(), m_idleConns.end(), idx));
        if (c.state != State::Closed)
            m_closedConns.push_back(idx);
        c.state = State::Closed;
        c.out.clear();
        c.outPos = 0;
        dropIn(c);
        c.parser.reset();
        c.wantOut = false;
    }

    void sendRequest(int idx)
    {
        Conn& c = m_conns[size_t(idx)];
        const auto& t = m_cfg.target;
        c.out.clear();
        c.out.append("GET ");
        c.out.append(t.pathPrefix.constData(), size_t(t.pathPrefix.size()));
        if (t.hasKey) {
            char buf[16];
            auto r = std::to_chars(buf, buf + sizeof buf, c.req.key);
            c.out.append(buf, size_t(r.ptr - buf));
            c.out.append(t.pathSuffix.constData(), size_t(t.pathSuffix.size()));
        }
        c.out.append(" HTTP/1.1\r\nHost: ");
        c.out.append(t.host.constData(), size_t(t.host.size()));
        c.out.append("\r\nUser-Agent: looplab\r\nAccept: */*\r\n\r\n");
        c.outPos = 0;
        c.state = State::Busy;
        dropIn(c);
        c.parser.reset();
        m_c.sent.fetch_add(1, std::memory_order_relaxed);
        writeOut(idx);
    }

    void writeOut(int idx)
    {
        Conn& c = m_conns[size_t(idx)];
        while (c.outPos < c.out.size()) {
            const ssize_t n = ::send(c.fd, c.out.data() + c.outPos, c.out.size() - c.outPos, MSG_NOSIGNAL);
            if (n > 0) {
                c.outPos += size_t(n);
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                setWantOut(idx, true);
                return;
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else {
                connectionLost(idx);
                return;
            }
        }
        setWantOut(idx, false);
    }

    void onEvent(uint32_t idx32, uint32_t events)
    {
        const int idx = int(idx32);
        Conn& c = m_conns[size_t(idx)];
        if (c.fd < 0)
            return;
        switch (c.state) {
        case State::Connecting: {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) {
                closeConn(idx);
                failRequest(idx);
                return;
            }
            if (events & EPOLLOUT)
                sendRequest(idx);
            return;
        }
        case State::Idle:
            // The server closed an idle keep-alive connection (or sent something unasked).
            closeConn(idx);
            return;
        case State::Busy:
            if ((events & EPOLLOUT) && c.outPos < c.out.size()) {
                writeOut(idx);
                if (c.fd < 0 || c.state != State::Busy)
                    return;
            }
            if (events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))
                readIn(idx);
            return;
        case State::Closed:
            return;
        }
    }

    // Forgets a connection's unread bytes, and their memory once it was more than a little.
    void dropIn(Conn& c)
    {
        m_inBytes -= c.in.size();
        c.in.clear();
        if (c.in.capacity() > 64 * 1024)
            std::string().swap(c.in);
    }

    void readIn(int idx)
    {
        Conn& c = m_conns[size_t(idx)];
        bool eof = false;
        bool failed = false;
        bool tooBig = false;
        char buf[65536];
        while (true) {
            const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
            if (n > 0) {
                // Limits before memory: one answer, and all connections' unread bytes together.
                if (c.in.size() + size_t(n) > kMaxResponseBytes + sizeof buf
                    || m_inBytes + size_t(n) > kMaxBufferedBytes) {
                    tooBig = true;
                    break;
                }
                c.in.append(buf, size_t(n));
                m_inBytes += size_t(n);
                if (size_t(n) < sizeof buf)
                    break;
            } else if (n == 0) {
                eof = true;
                break;
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                break;
            } else if (errno == EINTR) {
                continue;
            } else {
                failed = true;
                break;
            }
        }
        ParseStatus s = failed ? ParseStatus::Bad : c.parser.parse(c.in.data(), c.in.size(), eof);
        if (s == ParseStatus::Complete) {
            const bool keep = c.parser.keepAlive() && !eof && c.parser.consumed() == c.in.size();
            completeRequest(idx, c.parser.status());
            if (keep) {
                c.state = State::Idle;
                c.reused = true;
                dropIn(c);
                c.parser.reset();
                m_idleConns.push_back(idx);
            } else {
                closeConn(idx);
            }
            return;
        }
        if (!failed && (s == ParseStatus::Bad || tooBig)) {
            const ParseError e = s == ParseStatus::Bad ? c.parser.error() : ParseError::BodyTooLarge;
            if (e != ParseError::Truncated) { // a plain early close is a connection error, not the parser's
                m_c.protocolErrors.fetch_add(1, std::memory_order_relaxed);
                m_c.lastProtocolError.store(int(e), std::memory_order_relaxed);
                failRequest(idx); // closes the connection; never retried
                return;
            }
            s = ParseStatus::Bad;
        }
        if (s == ParseStatus::Bad || eof || failed)
            connectionLost(idx);
    }

    // The connection died with a request on it. A keep-alive connection that closes before
    // sending a single byte most likely raced the server's idle close: retry that once, as HTTP
    // clients do for idempotent GETs. Anything else is an error.
    void connectionLost(int idx)
    {
        Conn& c = m_conns[size_t(idx)];
        const bool silent = c.in.empty();
        const bool retry = silent && c.reused && !c.retried && c.hasReq;
        const Pending p = c.req;
        closeConn(idx);
        if (retry) {
            c.hasReq = false;
            --m_inflight;
            m_queue.push_front(p);
            m_retryNext = true;
            return;
        }
        failRequest(idx);
    }

    void failRequest(int idx)
    {
        Conn& c = m_conns[size_t(idx)];
        if (c.state != State::Closed)
            closeConn(idx);
        if (!c.hasReq)
            return;
        c.hasReq = false;
        --m_inflight;
        m_c.errors.fetch_add(1, std::memory_order_relaxed);
        ++m_errorPending;
        userDone(c.req.user, nowNs(), true);
    }

    void completeRequest(int idx, int status)
    {
        Conn& c = m_conns[size_t(idx)];
        const int64_t now = nowNs();
        c.hasReq = false;
        --m_inflight;
        m_c.completed.fetch_add(1, std::memory_order_relaxed);
        if (m_ids.valid)
            m_rec.sample(m_ids.latency, double(now - c.req.intendedNs) * 1e-6, now);
        if (status < 400) {
            m_c.served.fetch_add(1, std::memory_order_relaxed);
            ++m_servedPending;
        } else if (status == 429) {
            m_c.rejected.fetch_add(1, std::memory_order_relaxed);
            ++m_rejectedPending;
        } else if (status < 500) {
            m_c.clientErrors.fetch_add(1, std::memory_order_relaxed);
            ++m_clientErrorPending;
        } else {
            m_c.serverErrors.fetch_add(1, std::memory_order_relaxed);
            ++m_serverErrorPending;
        }
        userDone(c.req.user, now, false);
    }

    void countTimeout(const Pending& p, int64_t now)
    {
        m_c.timeouts.fetch_add(1, std::memory_order_relaxed);
        ++m_timeoutPending;
        userDone(p.user, now, false);
    }

    void checkInflightTimeouts(int64_t now)
    {
        int64_t earliest = INT64_MAX;
        for (size_t i = 0; i < m_conns.size(); ++i) {
            Conn& c = m_conns[i];
            if (!c.hasReq)
                continue;
            const int64_t deadline = c.req.intendedNs + m_timeoutNs;
            if (deadline <= now) {
                const Pending p = c.req;
                c.hasReq = false;
                --m_inflight;
                closeConn(int(i));
                countTimeout(p, now);
            } else {
                earliest = std::min(earliest, deadline);
            }
        }
        m_nextDeadlineCheck = earliest;
    }

    // --- measurements ---

    void flush(int64_t now)
    {
        m_nextFlush = now + kFlushNs;
        if (!m_ids.valid)
            return;
        auto put = [&](metrics::SeriesId id, uint64_t& pending) {
            if (pending) {
                m_rec.count(id, double(pending), now);
                pending = 0;
            }
        };
        put(m_ids.offered, m_offeredPending);
        put(m_ids.served, m_servedPending);
        put(m_ids.rejected, m_rejectedPending);
        put(m_ids.clientError, m_clientErrorPending);
        put(m_ids.serverError, m_serverErrorPending);
        put(m_ids.error, m_errorPending);
        put(m_ids.timeout, m_timeoutPending);
        m_rec.gauge(m_ids.inflight, double(m_inflight), now);
        m_rec.gauge(m_ids.queued, double(m_queue.size()), now);
    }

    int64_t nextWake()
    {
        if (m_retryNext || (!m_queue.empty() && (!m_idleConns.empty() || !m_closedConns.empty()))) {
            m_retryNext = false;
            return 0;
        }
        int64_t t = m_nextFlush;
        if (m_cfg.model == LoadModel::Open)
            t = std::min(t, m_nextArrival);
        else if (!m_wakes.empty())
            t = std::min(t, m_wakes.top().first);
        if (!m_queue.empty())
            t = std::min(t, m_queue.front().intendedNs + m_timeoutNs);
        return std::min(t, m_nextDeadlineCheck);
    }

    LoadGenerator& m_g;
    const LoadConfig& m_cfg;
    metrics::Recorder m_rec;
    const LoadIds& m_ids;
    LoadCounters& m_c;
    std::mt19937_64 m_rng;
    KeySampler m_keys;
    int m_epoll = -1;
    int64_t m_start = 0;
    int64_t m_timeoutNs = 0;
    int64_t m_rampNs = 0;
    double m_rate = 0;
    int64_t m_nextArrival = 0;
    int64_t m_nextFlush = 0;
    int64_t m_nextDeadlineCheck = INT64_MAX;
    bool m_retryNext = false;
    using Wake = std::pair<int64_t, int>;
    std::priority_queue<Wake, std::vector<Wake>, std::greater<>> m_wakes;
    std::deque<Pending> m_queue;
    std::vector<Conn> m_conns;
    std::vector<int> m_idleConns;
    std::vector<int> m_closedConns;
    std::string m_request;
    int64_t m_inflight = 0;
    size_t m_inBytes = 0; // sum of every connection's unread bytes (kMaxBufferedBytes)
    uint64_t m_offeredPending = 0, m_servedPending = 0, m_rejectedPending = 0, m_clientErrorPending = 0,
             m_serverErrorPending = 0, m_errorPending = 0, m_timeoutPending = 0;
};

LoadGenerator::LoadGenerator(const LoadConfig& config, metrics::Recorder recorder, LoadIds ids, uint64_t seed)
    : m_config(config)
    , m_recorder(recorder)
    , m_ids(ids)
    , m_seed(seed)
{
    m_rate = config.ratePerS;
    m_thinkNs = int64_t(config.thinkMs * 1e6);
}

LoadGenerator::~LoadGenerator()
{
    stop();
}

void LoadGenerator::start()
{
    if (m_thread.joinable())
        return;
    m_stop = false;
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    m_thread = std::thread([this] {
        Loop loop(*this);
        loop.run();
    });
}

void LoadGenerator::stop()
{
    if (!m_thread.joinable())
        return;
    m_stop = true;
    const uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(m_wakeFd, &one, sizeof one);
    m_thread.join();
    ::close(m_wakeFd);
    m_wakeFd = -1;
}

void LoadGenerator::setRate(double ratePerS)
{
    m_rate = ratePerS;
    m_rateChanged = true;
    if (m_wakeFd >= 0) {
        const uint64_t one = 1;
        [[maybe_unused]] auto r = ::write(m_wakeFd, &one, sizeof one);
    }
}

void LoadGenerator::setThinkMs(double thinkMs)
{
    m_thinkNs = int64_t(thinkMs * 1e6);
}

} // namespace looplab::labs::api
