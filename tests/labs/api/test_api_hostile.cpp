// Issue 17, network input: the api lab's two ends against a hostile peer, over real sockets on
// 127.0.0.1. The load generator talks to a fake server that answers with overflowing sizes,
// 10 000 headers, 100 MB bodies or one byte a second; the builtin server gets the same from raw
// client sockets, and 10 000 connections. Every case must end with a clear error counted where
// the run's metrics read it (LoadCounters, ServerCounters), with bounded memory (the peak of the
// heap in use while it runs), and with a Stop that returns within a second.
#include "http_test_client.h"
#include "labs/api/api_config.h"
#include "labs/api/api_server.h"
#include "labs/api/http_message.h"
#include "labs/api/load_generator.h"

#include <QElapsedTimer>
#include <QTest>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <functional>
#include <malloc.h>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LOOPLAB_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LOOPLAB_SANITIZED 1
#endif
#endif
#ifdef LOOPLAB_SANITIZED
// From the sanitizer runtime (sanitizer/allocator_interface.h, which gcc does not ship).
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

using namespace looplab::labs::api;
using looplab::testing::unusedLoopbackPort;

namespace {

constexpr size_t kMiB = 1024 * 1024;
constexpr size_t kHugeBody = 100 * kMiB;
// What a case may add to the heap at its peak: the generator's one-answer limit (8 MiB, in a
// string that may double) or the server's input limits, with room to spare; far below the
// 100 MB that an unbounded buffer takes.
constexpr size_t kHeapBound = 48 * kMiB;
constexpr int kStopMs = 1000;

// Heap bytes in use now (the sanitizer allocator's count under ASan/TSan, where freed memory sits
// in quarantine; glibc's otherwise, mmapped blocks included).
size_t heapInUse()
{
#ifdef LOOPLAB_SANITIZED
    return __sanitizer_get_current_allocated_bytes();
#else
    const struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
#endif
}

// Samples the heap every millisecond while it lives; peakGrowth() is the most it rose over the start.
class HeapWatch
{
public:
    HeapWatch()
        : m_base(heapInUse())
        , m_peak(m_base)
    {
        m_thread = std::thread([this] {
            while (!m_stop.load()) {
                const size_t now = heapInUse();
                size_t peak = m_peak.load();
                while (now > peak && !m_peak.compare_exchange_weak(peak, now)) { }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });
    }
    ~HeapWatch() { finish(); }
    void finish()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    size_t peakGrowth() const { return m_peak.load() > m_base ? m_peak.load() - m_base : 0; }

private:
    size_t m_base;
    std::atomic<size_t> m_peak;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// Runs stop() and measures it; a stop that does not return at all (the bug of issue 17: the
// generator's thread spun in the chunk parser) ends the test process with a clear message
// instead of hanging until ctest's timeout.
double stopWithin(const std::function<void()>& stop)
{
    std::mutex m;
    std::condition_variable cv;
    bool done = false;
    QElapsedTimer t;
    t.start();
    std::thread th([&] {
        stop();
        std::lock_guard lock(m);
        done = true;
        cv.notify_one();
    });
    {
        std::unique_lock lock(m);
        if (!cv.wait_for(lock, std::chrono::seconds(10), [&] { return done; }))
            qFatal("Stop did not return within 10 s: the thread it joins hangs");
    }
    th.join();
    return double(t.nsecsElapsed()) * 1e-6;
}

template <typename F> bool waitFor(F ready, int ms)
{
    QElapsedTimer t;
    t.start();
    while (!ready()) {
        if (t.elapsed() > ms)
            return false;
        QThread::msleep(5);
    }
    return true;
}

// --- a hostile HTTP server for the load generator: every connection gets `head` and then, by
// mode, nothing more, `streamBytes` bytes of filler (as is, or in 64 KiB chunks), or `head`
// itself one byte a second.
enum class Tail { None, Raw, Chunks, Drip };

class HostileServer
{
public:
    HostileServer(QByteArray head, Tail tail, size_t streamBytes)
        : m_head(std::move(head))
        , m_tail(tail)
        , m_stream(streamBytes)
    {
        m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int one = 1;
        setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(m_listen, 16);
        socklen_t len = sizeof a;
        ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { run(); });
    }
    ~HostileServer()
    {
        m_stop = true;
        m_thread.join();
        ::close(m_listen);
    }
    quint16 port() const { return m_port; }

private:
    bool waitFd(int fd, short events, int ms)
    {
        pollfd p{fd, events, 0};
        return ::poll(&p, 1, ms) > 0;
    }
    bool sendAll(int fd, const char* data, size_t size)
    {
        while (size > 0 && !m_stop) {
            if (!waitFd(fd, POLLOUT, 50))
                continue;
            const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (n <= 0)
                return false;
            data += n;
            size -= size_t(n);
        }
        return size == 0;
    }
    void serve(int fd)
    {
        // The request: read until the blank line (the generator sends one small GET).
        QByteArray req;
        while (!m_stop && !req.contains("\r\n\r\n")) {
            if (!waitFd(fd, POLLIN, 50))
                continue;
            char buf[4096];
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0)
                return;
            req.append(buf, n);
        }
        if (m_tail == Tail::Drip) {
            for (qsizetype i = 0; i < m_head.size() && !m_stop; ++i) {
                if (!sendAll(fd, m_head.constData() + i, 1))
                    return;
                for (int w = 0; w < 20 && !m_stop; ++w) // one byte a second
                    if (waitFd(fd, POLLIN | POLLRDHUP, 50))
                        return; // the generator gave up (it closed)
            }
            return;
        }
        if (!sendAll(fd, m_head.constData(), size_t(m_head.size())))
            return;
        const QByteArray filler(64 * 1024, 'x');
        const QByteArray chunk = QByteArray::number(filler.size(), 16) + "\r\n" + filler + "\r\n";
        size_t sent = 0;
        while (m_tail != Tail::None && sent < m_stream && !m_stop) {
            const QByteArray& piece = m_tail == Tail::Chunks ? chunk : filler;
            if (!sendAll(fd, piece.constData(), size_t(piece.size())))
                return;
            sent += size_t(filler.size());
        }
        // Then hold the connection open, as a stuck server would, until the client leaves.
        while (!m_stop && !waitFd(fd, POLLIN | POLLRDHUP, 50)) { }
    }
    void run()
    {
        while (!m_stop) {
            if (!waitFd(m_listen, POLLIN, 50))
                continue;
            const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                continue;
            serve(fd);
            ::close(fd);
        }
    }

    QByteArray m_head;
    Tail m_tail;
    size_t m_stream;
    int m_listen = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// A blocking client socket with send/receive timeouts, for the server cases.
int connectTo(quint16 port, int timeoutMs = 3000)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Sends until done or the server stops taking bytes (it closed, or stopped reading).
size_t sendUpTo(int fd, const QByteArray& bytes)
{
    size_t at = 0;
    while (at < size_t(bytes.size())) {
        const ssize_t n = ::send(fd, bytes.constData() + at, size_t(bytes.size()) - at, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        at += size_t(n);
    }
    return at;
}

// Reads the status code of the first answer: 0 when none came (timeout, or reset).
int readStatus(int fd)
{
    QByteArray got;
    char buf[4096];
    while (!got.contains("\r\n")) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0)
            return 0;
        got.append(buf, n);
    }
    return got.startsWith("HTTP/1.1 ") ? got.mid(9, 3).toInt() : 0;
}

// The file-descriptor limit raised to its hard limit; returns the soft limit now in force.
rlim_t raiseFdLimit()
{
    rlimit r{};
    getrlimit(RLIMIT_NOFILE, &r);
    r.rlim_cur = r.rlim_max;
    setrlimit(RLIMIT_NOFILE, &r);
    getrlimit(RLIMIT_NOFILE, &r);
    return r.rlim_cur;
}

} // namespace

class TestApiHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- the load generator against a hostile server ---
    void generatorAgainstHostileServer_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("tail");
        QTest::addColumn<qulonglong>("streamBytes");
        QTest::addColumn<bool>("expectTimeout"); // else a protocol error
        QTest::addColumn<int>("parseError"); // the ParseError counted, -1: any
        const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        QByteArray manyHeaders = "HTTP/1.1 200 OK\r\n";
        for (int i = 0; i < 10'000; ++i)
            manyHeaders += "X-H" + QByteArray::number(i) + ": v\r\n";
        manyHeaders += "Content-Length: 2\r\n\r\n{}";
        QByteArray hundredOneHeaders = "HTTP/1.1 200 OK\r\n";
        for (int i = 0; i < 101; ++i)
            hundredOneHeaders += "a: b\r\n";
        hundredOneHeaders += "Content-Length: 2\r\n\r\n{}";

        // The chunk size of issue 17: dataStart + chunk + 2 wrapped, and the parser looped forever.
        QTest::newRow("chunk_size_wraps") << chunked + "FFFFFFFFFFFFFFEC\r\nabc\r\n"
                                          << int(Tail::None) << 0ull << false << int(ParseError::BodyTooLarge);
        QTest::newRow("chunk_size_max") << chunked + "FFFFFFFFFFFFFFFF\r\nabc\r\n"
                                        << int(Tail::None) << 0ull << false << int(ParseError::BodyTooLarge);
        QTest::newRow("chunk_size_past_64_bits") << chunked + "1FFFFFFFFFFFFFFFF\r\nabc\r\n"
                                                 << int(Tail::None) << 0ull << false << int(ParseError::Malformed);
        // Content-Length near 2^64: headerLen + length wrapped, and the answer "completed".
        QTest::newRow("content_length_wraps")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\nabc") << int(Tail::None)
            << 0ull << false << int(ParseError::BodyTooLarge);
        QTest::newRow("10000_headers") << manyHeaders << int(Tail::None) << 0ull << false
                                       << int(ParseError::HeadersTooLarge);
        QTest::newRow("101_headers") << hundredOneHeaders << int(Tail::None) << 0ull << false
                                     << int(ParseError::TooManyHeaders);
        QTest::newRow("100MB_content_length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n") << int(Tail::Raw)
            << qulonglong(kHugeBody) << false << int(ParseError::BodyTooLarge);
        QTest::newRow("100MB_chunked") << chunked << int(Tail::Chunks) << qulonglong(kHugeBody) << false
                                       << int(ParseError::BodyTooLarge);
        QTest::newRow("100MB_until_close") << QByteArray("HTTP/1.0 200 OK\r\n\r\n") << int(Tail::Raw)
                                           << qulonglong(kHugeBody) << false << int(ParseError::BodyTooLarge);
        QTest::newRow("100MB_status_line") << QByteArray("HTTP/1.1 200 ") << int(Tail::Raw) << qulonglong(kHugeBody)
                                           << false << int(ParseError::HeadersTooLarge);
        // Slowloris: the answer one byte a second; the request's timeout (500 ms) ends it.
        QTest::newRow("slowloris") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}") << int(Tail::Drip)
                                   << 0ull << true << -1;
    }
    void generatorAgainstHostileServer()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, tail);
        QFETCH(qulonglong, streamBytes);
        QFETCH(bool, expectTimeout);
        QFETCH(int, parseError);
        HostileServer peer(head, Tail(tail), size_t(streamBytes));
        QString err;
        const auto target = parseTarget(QStringLiteral("http://127.0.0.1:%1/items/{id}").arg(peer.port()), false, &err);
        QVERIFY2(target, qPrintable(err));
        LoadConfig cfg;
        cfg.target = *target;
        cfg.model = LoadModel::Closed;
        cfg.users = 1;
        cfg.connections = 1;
        cfg.timeoutMs = 500;

        HeapWatch heap;
        LoadGenerator gen(cfg, looplab::metrics::Recorder(), LoadIds{}, 7);
        gen.start();
        const auto& c = gen.counters();
        const bool ended = waitFor([&] { return c.errors.load() + c.timeouts.load() + c.completed.load() > 0; }, 5000);
        const double stopMs = stopWithin([&] { gen.stop(); });
        heap.finish();

        const QString got = QStringLiteral(
            "completed %1, served %2, errors %3, protocol errors %4 (last: %5), timeouts %6; stop %7 ms; heap +%8 MiB")
                                .arg(c.completed.load())
                                .arg(c.served.load())
                                .arg(c.errors.load())
                                .arg(c.protocolErrors.load())
                                .arg(QLatin1String(parseErrorText(ParseError(c.lastProtocolError.load()))))
                                .arg(c.timeouts.load())
                                .arg(stopMs, 0, 'f', 1)
                                .arg(double(heap.peakGrowth()) / kMiB, 0, 'f', 1);
        QVERIFY2(ended, qPrintable(QStringLiteral("nothing counted within 5 s: ") + got));
        QVERIFY2(c.served.load() == 0 && c.completed.load() == 0, qPrintable(got));
        if (expectTimeout) {
            QVERIFY2(c.timeouts.load() >= 1, qPrintable(got));
        } else {
            QVERIFY2(c.protocolErrors.load() >= 1 && c.errors.load() >= c.protocolErrors.load(), qPrintable(got));
            if (parseError >= 0)
                QVERIFY2(c.lastProtocolError.load() == parseError, qPrintable(got));
        }
        QVERIFY2(stopMs < kStopMs, qPrintable(got));
        QVERIFY2(heap.peakGrowth() < kHeapBound, qPrintable(got));
    }

    // --- the builtin server against hostile clients ---
    void serverAgainstHostileClient_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<qulonglong>("junkBytes"); // sent after the request
        QTest::addColumn<bool>("drip"); // one byte a second
        QTest::addColumn<int>("status"); // the answer, when the client can still read it
        QByteArray manyHeaders = "GET /health HTTP/1.1\r\n";
        for (int i = 0; i < 10'000; ++i)
            manyHeaders += "X-H" + QByteArray::number(i) + ": v\r\n";
        manyHeaders += "\r\n";
        QByteArray hundredOneHeaders = "GET /health HTTP/1.1\r\n";
        for (int i = 0; i < 101; ++i)
            hundredOneHeaders += "a: b\r\n";
        hundredOneHeaders += "\r\n";
        QTest::newRow("10000_headers") << manyHeaders << 0ull << false << 431;
        QTest::newRow("101_headers") << hundredOneHeaders << 0ull << false << 431;
        QTest::newRow("content_length_wraps")
            << QByteArray("POST /items HTTP/1.1\r\nContent-Length: 18446744073709551615\r\n\r\n") << 0ull << false
            << 413;
        QTest::newRow("two_content_lengths")
            << QByteArray("POST /items HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 200\r\n\r\n{}") << 0ull << false
            << 400;
        QTest::newRow("100MB_body") << QByteArray("POST /items HTTP/1.1\r\nContent-Length: 104857600\r\n\r\n")
                                    << qulonglong(kHugeBody) << false << 413;
        QTest::newRow("100MB_headers") << QByteArray("GET /health HTTP/1.1\r\nX: ") << qulonglong(kHugeBody) << false
                                       << 431;
        QTest::newRow("slowloris") << QByteArray("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") << 0ull << true
                                   << 408;
    }
    void serverAgainstHostileClient()
    {
        QFETCH(QByteArray, request);
        QFETCH(qulonglong, junkBytes);
        QFETCH(bool, drip);
        QFETCH(int, status);
        ApiServer server(ServerConfig{}, nullptr, {}, 1);
        ServerLimits limits;
        limits.requestTimeoutMs = 1500; // slowloris ends in seconds, not the default 10
        server.setLimits(limits);
        const quint16 port = server.start();
        const auto& c = server.counters();

        HeapWatch heap;
        const int fd = connectTo(port);
        QVERIFY(fd >= 0);
        int answer = 0;
        QElapsedTimer t;
        t.start();
        if (drip) {
            // One byte a second would take 40 s for this request; the server must give up first.
            for (qsizetype i = 0; i < request.size() && t.elapsed() < 5000; ++i) {
                if (sendUpTo(fd, request.mid(i, 1)) != 1)
                    break;
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, 1000) > 0)
                    break; // it answered (408) or closed
            }
            answer = readStatus(fd);
        } else {
            sendUpTo(fd, request);
            if (junkBytes > 0) {
                const QByteArray junk(1 * int(kMiB), 'x');
                for (size_t sent = 0; sent < junkBytes;) {
                    const size_t n = sendUpTo(fd, junk);
                    sent += n;
                    if (n < size_t(junk.size()))
                        break; // the server closed, or stopped reading (the send timed out)
                }
            }
            answer = readStatus(fd);
        }
        const double sendMs = double(t.elapsed());
        const bool counted = waitFor([&] { return c.protocolErrors.load() > 0; }, 3000);
        const double stopMs = stopWithin([&] { server.stop(); });
        ::close(fd);
        heap.finish();

        const QString got = QStringLiteral("answer %1 after %2 ms; protocol errors %3 (bad requests %4, timeouts %5, "
                                           "overflows %6); stop %7 ms; heap +%8 MiB")
                                .arg(answer)
                                .arg(sendMs)
                                .arg(c.protocolErrors.load())
                                .arg(c.badRequests.load())
                                .arg(c.requestTimeouts.load())
                                .arg(c.overflows.load())
                                .arg(stopMs, 0, 'f', 1)
                                .arg(double(heap.peakGrowth()) / kMiB, 0, 'f', 1);
        QVERIFY2(counted, qPrintable(got));
        if (drip) {
            QVERIFY2(c.requestTimeouts.load() == 1, qPrintable(got));
            QVERIFY2(sendMs < 5000, qPrintable(got));
        } else {
            QVERIFY2(c.badRequests.load() + c.overflows.load() >= 1, qPrintable(got));
        }
        // The answer may be lost to a reset when the client was still sending (a 100 MB body).
        QVERIFY2(answer == status || (junkBytes > 0 && answer == 0), qPrintable(got));
        QCOMPARE(c.requests.load(), uint64_t(0)); // nothing hostile reached a handler
        QVERIFY2(stopMs < kStopMs, qPrintable(got));
        QVERIFY2(heap.peakGrowth() < kHeapBound, qPrintable(got));
    }

    // 10 000 connections (or what the fd limit allows, raised to its hard limit first): the server
    // keeps maxConnections open and answers the rest 503, closing them.
    void serverConnectionFlood_data()
    {
        QTest::addColumn<int>("connections");
        QTest::addColumn<int>("maxConnections");
        QTest::newRow("10000_connections_default_limit") << 10'000 << ServerLimits{}.maxConnections;
        QTest::newRow("2000_connections_limit_100") << 2'000 << 100;
    }
    void serverConnectionFlood()
    {
        QFETCH(int, connections);
        QFETCH(int, maxConnections);
        const rlim_t fdLimit = raiseFdLimit();
        // Each connection takes a client fd, and the server one while it holds it; keep 200 spare.
        const int clients = int(std::min<rlim_t>(
            rlim_t(connections), fdLimit > rlim_t(maxConnections) + 200 ? fdLimit - rlim_t(maxConnections) - 200 : 0));
        qInfo("fd limit %llu: %d client connections", static_cast<unsigned long long>(fdLimit), clients);
        QVERIFY2(clients > maxConnections, "the fd limit leaves too few connections to test");

        ApiServer server(ServerConfig{}, nullptr, {}, 1);
        ServerLimits limits;
        limits.maxConnections = maxConnections;
        server.setLimits(limits);
        const quint16 port = server.start();
        const auto& c = server.counters();

        HeapWatch heap;
        std::vector<int> fds;
        fds.reserve(size_t(clients));
        QElapsedTimer connecting;
        connecting.start();
        for (int i = 0; i < clients && connecting.elapsed() < 30'000; ++i) {
            const int fd = connectTo(port, 5000); // a SYN dropped by a full backlog is resent after 1 s
            if (fd < 0)
                break;
            fds.push_back(fd);
        }
        const int opened = int(fds.size());
        const uint64_t refusedWanted = uint64_t(opened - maxConnections);
        const bool refused = waitFor([&] { return c.refusedConnections.load() >= refusedWanted; }, 10'000);
        // The ones kept open still work.
        int served = 0;
        for (int i = 0; i < opened && served < 3; ++i) {
            if (sendUpTo(fds[size_t(i)], "GET /health HTTP/1.1\r\nHost: x\r\n\r\n") == 0)
                continue;
            if (readStatus(fds[size_t(i)]) == 200)
                ++served;
        }
        const int open = c.openConnections.load();
        const double stopMs = stopWithin([&] { server.stop(); });
        for (int fd : fds)
            ::close(fd);
        heap.finish();

        const QString got
            = QStringLiteral("%1 of %2 connected; refused %3, open %4, served %5; stop %6 ms; heap +%7 MiB")
                  .arg(opened)
                  .arg(clients)
                  .arg(c.refusedConnections.load())
                  .arg(open)
                  .arg(served)
                  .arg(stopMs, 0, 'f', 1)
                  .arg(double(heap.peakGrowth()) / kMiB, 0, 'f', 1);
        qInfo("%s", qPrintable(got));
        QVERIFY2(opened == clients, qPrintable(got));
        QVERIFY2(refused && c.refusedConnections.load() == refusedWanted, qPrintable(got));
        QVERIFY2(c.protocolErrors.load() >= refusedWanted, qPrintable(got));
        QVERIFY2(open == maxConnections, qPrintable(got));
        QVERIFY2(served == 3, qPrintable(got));
        QVERIFY2(stopMs < kStopMs, qPrintable(got));
        QVERIFY2(heap.peakGrowth() < kHeapBound, qPrintable(got));
    }
};

QTEST_GUILESS_MAIN(TestApiHostile)
#include "test_api_hostile.moc"
