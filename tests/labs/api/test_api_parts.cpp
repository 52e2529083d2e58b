// The api lab's parts, each on its own and for real: the middleware algorithms with a driven
// clock, the HTTP parsers on bytes, the target check, the builtin server over real sockets, and
// the load generator against the server and against a port nobody listens on.
#include "http_test_client.h"
#include "labs/api/api_config.h"
#include "labs/api/api_server.h"
#include "labs/api/http_message.h"
#include "labs/api/load_generator.h"
#include "labs/api/lru_cache.h"
#include "labs/api/rate_limiter.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>

#include <deque>

using namespace looplab::labs::api;
using looplab::testing::HttpTestConnection;

namespace {
constexpr int64_t kS = 1'000'000'000;
constexpr int64_t kMs = 1'000'000;

ServerConfig plainServer()
{
    return ServerConfig{};
}

// Runs the generator for `ms` of real time against `target` and returns its counters' values.
struct LoadResult {
    uint64_t arrivals, sent, completed, served, rejected, serverErrors, errors, timeouts;
    double stopMs;
    double ranS; // the generator's own start-to-end time (sleeps may overshoot on a busy machine)
};

LoadResult runLoad(LoadConfig cfg, int ms)
{
    LoadGenerator gen(cfg, looplab::metrics::Recorder(), LoadIds{}, 7);
    gen.start();
    QThread::msleep(ulong(ms));
    QElapsedTimer t;
    t.start();
    gen.stop();
    const auto& c = gen.counters();
    return {c.arrivals, c.sent, c.completed, c.served, c.rejected, c.serverErrors, c.errors, c.timeouts,
        double(t.nsecsElapsed()) * 1e-6, double(c.endNs - c.startNs) * 1e-9};
}

Target urlTarget(const QString& url)
{
    QString err;
    auto t = parseTarget(url, false, &err);
    if (!t)
        qFatal("bad test target %s: %s", qPrintable(url), qPrintable(err));
    return *t;
}
} // namespace

class TestApiParts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // --- rate limiter, driven clock: 300 requests/s offered against 100/s for 10 s ---
    void rateLimiterCapsRate_data()
    {
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<int>("lo");
        QTest::addColumn<int>("hi");
        // token bucket: 100/s plus the initial burst of 20; windows: 100 per window (the fixed
        // window's first window is partial, the sliding one never exceeds 100 in any second).
        QTest::newRow("token_bucket") << int(RateAlgorithm::TokenBucket) << 1015 << 1021;
        QTest::newRow("fixed_window") << int(RateAlgorithm::FixedWindow) << 1000 << 1100;
        QTest::newRow("sliding_window") << int(RateAlgorithm::SlidingWindow) << 995 << 1001;
    }
    void rateLimiterCapsRate()
    {
        QFETCH(int, algorithm);
        QFETCH(int, lo);
        QFETCH(int, hi);
        const int64_t t0 = 1000 * kS;
        RateLimiter rl(RateAlgorithm(algorithm), 100, 20, t0);
        std::deque<int64_t> admitted;
        int maxInAnySecond = 0;
        int refusedWithRetry = 0;
        for (int i = 0; i < 3000; ++i) {
            const int64_t t = t0 + int64_t(i) * kS / 300;
            const auto d = rl.admit(t);
            if (d.allowed) {
                admitted.push_back(t);
            } else {
                QVERIFY(d.retryAfterS > 0);
                QVERIFY(d.retryAfterS <= 1.0 + 1e-9);
                ++refusedWithRetry;
            }
        }
        QVERIFY2(
            int(admitted.size()) >= lo && int(admitted.size()) <= hi, qPrintable(QString::number(admitted.size())));
        QCOMPARE(refusedWithRetry, 3000 - int(admitted.size()));
        for (size_t i = 0, j = 0; i < admitted.size(); ++i) {
            while (admitted[i] - admitted[j] >= kS)
                ++j;
            maxInAnySecond = std::max(maxInAnySecond, int(i - j + 1));
        }
        if (RateAlgorithm(algorithm) == RateAlgorithm::SlidingWindow)
            QCOMPARE(maxInAnySecond, 100);
        if (RateAlgorithm(algorithm) == RateAlgorithm::FixedWindow)
            QVERIFY(maxInAnySecond <= 200); // the fixed window's known flaw: a double burst at the edge
    }

    void tokenBucketRetryAfterIsHonest()
    {
        const int64_t t0 = 50 * kS;
        RateLimiter rl(RateAlgorithm::TokenBucket, 10, 3, t0);
        for (int i = 0; i < 3; ++i)
            QVERIFY(rl.admit(t0).allowed);
        const auto refused = rl.admit(t0);
        QVERIFY(!refused.allowed);
        QVERIFY(qAbs(refused.retryAfterS - 0.1) < 1e-6); // one token at 10/s
        QVERIFY(!rl.admit(t0 + int64_t(refused.retryAfterS * 1e9) - kMs).allowed);
        QVERIFY(rl.admit(t0 + int64_t(refused.retryAfterS * 1e9) + 1).allowed);
        QVERIFY(rl.level(t0 + 10 * kS) == 3); // refills to the burst, not beyond
    }

    // --- cache ---
    void lruTtlCache()
    {
        LruTtlCache c(2, 100 * kMs);
        c.put(1, "a", 0);
        c.put(2, "b", 0);
        QVERIFY(c.get(1, 10 * kMs)); // 1 is now most recent
        c.put(3, "c", 10 * kMs); // evicts 2, the least recently used
        QVERIFY(!c.get(2, 10 * kMs));
        QCOMPARE(*c.get(1, 10 * kMs), QByteArray("a"));
        QCOMPARE(c.evictions(), uint64_t(1));
        QVERIFY(c.get(3, 109 * kMs));
        QVERIFY(!c.get(3, 110 * kMs)); // expired at put + ttl
        QCOMPARE(c.size(), size_t(1));
    }

    // --- HTTP parsing ---
    void requestParser_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("error");
        QTest::addColumn<bool>("keepAlive");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("get") << QByteArray("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n") << int(ParseStatus::Complete)
                             << 0 << true << QByteArray();
        QTest::newRow("partial") << QByteArray("GET /items/1 HTTP/1.1\r\nHost: x\r\n") << int(ParseStatus::NeedMore)
                                 << 0 << true << QByteArray();
        QTest::newRow("post") << QByteArray("POST /items HTTP/1.1\r\ncontent-length: 4\r\n\r\nabcdEXTRA")
                              << int(ParseStatus::Complete) << 0 << true << QByteArray("abcd");
        QTest::newRow("body coming") << QByteArray("POST /items HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
                                     << int(ParseStatus::NeedMore) << 0 << true << QByteArray();
        QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << int(ParseStatus::Complete) << 0 << false
                             << QByteArray();
        QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                                        << int(ParseStatus::Complete) << 0 << true << QByteArray();
        QTest::newRow("close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                               << int(ParseStatus::Complete) << 0 << false << QByteArray();
        QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << int(ParseStatus::Bad) << 400 << true << QByteArray();
        QTest::newRow("http2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << int(ParseStatus::Bad) << 505 << true
                               << QByteArray();
        QTest::newRow("chunked") << QByteArray("POST /items HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << int(ParseStatus::Bad) << 501 << true << QByteArray();
        QTest::newRow("huge header") << (QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(20000, 'a'))
                                     << int(ParseStatus::Bad) << 431 << true << QByteArray();
    }
    void requestParser()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(int, error);
        QFETCH(bool, keepAlive);
        QFETCH(QByteArray, body);
        const auto r = parseRequest(bytes.constData(), size_t(bytes.size()));
        QCOMPARE(int(r.status), status);
        if (r.status == ParseStatus::Bad)
            QCOMPARE(r.errorStatus, error);
        if (r.status == ParseStatus::Complete) {
            QCOMPARE(r.request.keepAlive, keepAlive);
            QCOMPARE(r.request.body, body);
            QCOMPARE(r.consumed, size_t(bytes.size() - (bytes.endsWith("EXTRA") ? 5 : 0)));
        }
    }

    void responseParser_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("eofAtEnd");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("keepAlive");
        QTest::addColumn<int>("consumed");
        const QByteArray len("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        QTest::newRow("length") << len << false << 200 << true << int(len.size());
        const QByteArray chunked(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=1\r\nabc\r\n0\r\n\r\n");
        QTest::newRow("chunked") << chunked << false << 200 << true << int(chunked.size());
        const QByteArray untilClose("HTTP/1.0 200 OK\r\nServer: SimpleHTTP\r\n\r\nhello world");
        QTest::newRow("close-delimited") << untilClose << true << 200 << false << int(untilClose.size());
        const QByteArray old("HTTP/1.0 404 File not found\r\nContent-Length: 3\r\n\r\nabc");
        QTest::newRow("1.0") << old << false << 404 << false << int(old.size());
        const QByteArray noContent("HTTP/1.1 204 No Content\r\n\r\n");
        QTest::newRow("204") << noContent << false << 204 << true << int(noContent.size());
        const QByteArray close("HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("close") << close << false << 429 << false << int(close.size());
    }
    void responseParser()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, eofAtEnd);
        QFETCH(int, status);
        QFETCH(bool, keepAlive);
        QFETCH(int, consumed);
        // Fed one byte at a time, as a slow network would: it must only complete at the end.
        ResponseParser p;
        for (int n = 1; n <= bytes.size(); ++n) {
            const bool last = n == bytes.size();
            const auto s = p.parse(bytes.constData(), size_t(n), last && eofAtEnd);
            if (!last)
                QCOMPARE(int(s), int(ParseStatus::NeedMore));
            else
                QCOMPARE(int(s), int(ParseStatus::Complete));
        }
        QCOMPARE(p.status(), status);
        QCOMPARE(p.keepAlive(), keepAlive);
        QCOMPARE(int(p.consumed()), consumed);
    }

    void truncatedResponseIsBad()
    {
        ResponseParser p;
        const QByteArray b("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort");
        QCOMPARE(int(p.parse(b.constData(), size_t(b.size()), true)), int(ParseStatus::Bad));
    }

    // --- the target ---
    void target_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowRemote");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QByteArray>("prefix");
        QTest::newRow("builtin") << "builtin" << false << true << QByteArray("/items/");
        QTest::newRow("bare") << "http://127.0.0.1:8000" << false << true << QByteArray("/items/");
        QTest::newRow("path") << "http://127.0.0.1:8080/index.html" << false << true << QByteArray("/index.html");
        QTest::newRow("localhost") << "http://localhost:9/api/{id}/x" << false << true << QByteArray("/api/");
        QTest::newRow("127.0.0.2") << "http://127.0.0.2:9/" << false << true << QByteArray("/");
        QTest::newRow("ipv6") << "http://[::1]:9/" << false << true << QByteArray("/");
        QTest::newRow("remote ip") << "http://10.1.2.3:80/" << false << false << QByteArray();
        QTest::newRow("remote name") << "http://example.com/" << false << false << QByteArray();
        QTest::newRow("https") << "https://127.0.0.1/" << false << false << QByteArray();
        QTest::newRow("bad port") << "http://127.0.0.1:99999/" << false << false << QByteArray();
        QTest::newRow("allowed remote ip") << "http://10.1.2.3:80/" << true << true << QByteArray("/");
    }
    void target()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowRemote);
        QFETCH(bool, ok);
        QFETCH(QByteArray, prefix);
        QString err;
        const auto t = parseTarget(url, allowRemote, &err);
        QCOMPARE(bool(t), ok);
        if (t)
            QCOMPARE(t->pathPrefix, prefix);
        else
            QVERIFY(!err.isEmpty());
        if (!ok && url.contains(QLatin1String("10.1.2.3")))
            QVERIFY(err.contains(QLatin1String("--allow-remote")));
    }

    // --- the builtin server, over real sockets ---
    void serverEndpoints()
    {
        ApiServer server(plainServer(), nullptr, {}, 1);
        const quint16 port = server.start();
        QVERIFY(port > 0);
        HttpTestConnection c(port);
        QVERIFY(c.isOpen());

        auto health = c.get("/health");
        QVERIFY(health);
        QCOMPARE(health->status, 200);
        QCOMPARE(health->body, QByteArray("{\"status\":\"ok\"}"));

        // Three more on the same connection: keep-alive.
        auto item = c.get("/items/7");
        QVERIFY(item);
        QCOMPARE(item->status, 200);
        QCOMPARE(QJsonDocument::fromJson(item->body).object().value("id").toInt(), 7);
        QCOMPARE(item->header("Content-Type"), QByteArray("application/json"));

        auto notInt = c.get("/items/abc");
        QVERIFY(notInt);
        QCOMPARE(notInt->status, 422);
        const auto loc = QJsonDocument::fromJson(notInt->body)
                             .object()
                             .value("detail")
                             .toArray()
                             .at(0)
                             .toObject()
                             .value("loc")
                             .toArray();
        QCOMPARE(loc.at(1).toString(), QStringLiteral("item_id"));

        auto missing = c.get("/nothing");
        QVERIFY(missing);
        QCOMPARE(missing->status, 404);
        auto wrongMethod = c.post("/health", "{}");
        QVERIFY(wrongMethod);
        QCOMPARE(wrongMethod->status, 405);
        QCOMPARE(server.counters().requests.load(), uint64_t(5));

        // Pipelined: two requests in one write, answered in order.
        QVERIFY(c.sendRaw("GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n"));
        auto first = c.read();
        auto second = c.read();
        QVERIFY(first && second);
        QCOMPARE(QJsonDocument::fromJson(first->body).object().value("id").toInt(), 1);
        QCOMPARE(QJsonDocument::fromJson(second->body).object().value("id").toInt(), 2);

        // Connection: close is honoured.
        QVERIFY(c.sendRaw("GET /health HTTP/1.1\r\nConnection: close\r\n\r\n"));
        auto last = c.read();
        QVERIFY(last);
        QVERIFY(!last->keepAlive);
        QVERIFY(!c.read(1000)); // then the server closes
        server.stop();
    }

    void postValidation_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field"); // named in detail[0].loc[1]
        QTest::addColumn<QString>("type");
        QTest::newRow("ok") << QByteArray(R"({"name":"pen","price":1.5,"id":42})") << 201 << QString() << QString();
        QTest::newRow("missing price") << QByteArray(R"({"name":"pen"})") << 422 << "price"
                                       << "value_error.missing";
        QTest::newRow("negative price") << QByteArray(R"({"name":"pen","price":-1})") << 422 << "price"
                                        << "value_error.number.not_ge";
        QTest::newRow("name not str") << QByteArray(R"({"name":5,"price":1})") << 422 << "name"
                                      << "type_error.str";
        QTest::newRow("bad id") << QByteArray(R"({"name":"a","price":1,"id":1.5})") << 422 << "id"
                                << "type_error.integer";
        QTest::newRow("not json") << QByteArray("{name") << 422 << QString() << "value_error.jsondecode";
    }
    void postValidation()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, status);
        QFETCH(QString, field);
        QFETCH(QString, type);
        ApiServer server(plainServer(), nullptr, {}, 1);
        HttpTestConnection c(server.start());
        auto r = c.post("/items", json);
        QVERIFY(r);
        QCOMPARE(r->status, status);
        const auto doc = QJsonDocument::fromJson(r->body).object();
        if (status == 422) {
            const auto err = doc.value("detail").toArray().at(0).toObject();
            QCOMPARE(err.value("loc").toArray().at(0).toString(), QStringLiteral("body"));
            if (!field.isEmpty())
                QCOMPARE(err.value("loc").toArray().at(1).toString(), field);
            QCOMPARE(err.value("type").toString(), type);
        } else {
            QCOMPARE(doc.value("name").toString(), QStringLiteral("pen"));
            auto back = c.get("/items/42"); // the new row is what GET returns now
            QVERIFY(back);
            QCOMPARE(QJsonDocument::fromJson(back->body).object().value("name").toString(), QStringLiteral("pen"));
        }
    }

    void rateLimitAnswers429WithRetryAfter()
    {
        ServerConfig cfg;
        cfg.rateLimit = {RateAlgorithm::TokenBucket, 1, 2};
        ApiServer server(cfg, nullptr, {}, 1);
        HttpTestConnection c(server.start());
        QCOMPARE(c.get("/items/1")->status, 200);
        QCOMPARE(c.get("/items/1")->status, 200);
        auto refused = c.get("/items/1");
        QVERIFY(refused);
        QCOMPARE(refused->status, 429);
        QCOMPARE(refused->header("Retry-After"), QByteArray("1"));
        QVERIFY(refused->keepAlive); // a 429 keeps the connection
        QCOMPARE(c.get("/health")->status, 200); // health checks are not rate limited
        QCOMPARE(server.counters().rejected.load(), uint64_t(1));
    }

    void dbPoolTimesOutWith503()
    {
        ServerConfig cfg;
        cfg.db.enabled = true;
        cfg.db.poolSize = 1;
        cfg.db.queryMs = 1000;
        cfg.db.acquireTimeoutMs = 50;
        ApiServer server(cfg, nullptr, {}, 1);
        const quint16 port = server.start();
        HttpTestConnection a(port), b(port);
        QElapsedTimer t;
        t.start();
        QVERIFY(a.sendRaw("GET /items/1 HTTP/1.1\r\n\r\n"));
        QThread::msleep(20); // a holds the only connection
        auto late = b.get("/items/2");
        const qint64 lateMs = t.elapsed();
        QVERIFY(late);
        QCOMPARE(late->status, 503);
        QVERIFY(late->body.contains("pool"));
        QVERIFY2(lateMs >= 60 && lateMs < 1000, qPrintable(QString::number(lateMs))); // 20 + 50 ms, not the query
        QVERIFY(!a.read(5)); // the holder is still in its query
        auto first = a.read();
        QVERIFY(first);
        QCOMPARE(first->status, 200);
        QVERIFY(t.elapsed() >= 1000);
        QCOMPARE(server.counters().dbTimeouts.load(), uint64_t(1));
    }

    void stopDrainsWaitingCoroutines()
    {
        // Requests suspended on a long query and on the pool must not keep stop() waiting.
        ServerConfig cfg;
        cfg.db.enabled = true;
        cfg.db.poolSize = 1;
        cfg.db.queryMs = 30'000;
        cfg.db.acquireTimeoutMs = 30'000;
        ApiServer server(cfg, nullptr, {}, 1);
        const quint16 port = server.start();
        HttpTestConnection a(port), b(port);
        QVERIFY(a.sendRaw("GET /items/1 HTTP/1.1\r\n\r\n"));
        QVERIFY(b.sendRaw("GET /items/2 HTTP/1.1\r\n\r\n"));
        QThread::msleep(100);
        QElapsedTimer t;
        t.start();
        server.stop();
        QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    }

    // --- the load generator ---
    void generatorClosedModelAgainstServer()
    {
        ApiServer server(plainServer(), nullptr, {}, 1);
        LoadConfig cfg;
        cfg.target = builtinTarget(server.start());
        cfg.model = LoadModel::Closed;
        cfg.users = 4;
        cfg.connections = 4;
        const auto r = runLoad(cfg, 400);
        QVERIFY2(r.completed > 50, qPrintable(QString::number(r.completed)));
        QCOMPARE(r.served, r.completed);
        QCOMPARE(r.errors, uint64_t(0));
        QCOMPARE(r.timeouts, uint64_t(0));
        // Closed model: at most `users` requests are ever outstanding.
        QVERIFY(r.arrivals - r.completed <= 4);
        QVERIFY(server.counters().requests.load() >= r.completed);
    }

    void generatorOpenModelRate()
    {
        ApiServer server(plainServer(), nullptr, {}, 1);
        LoadConfig cfg;
        cfg.target = builtinTarget(server.start());
        cfg.ratePerS = 1000;
        const auto r = runLoad(cfg, 1000);
        // Poisson with mean ~1000: ±10 % is > 3 standard deviations.
        const double expected = 1000 * r.ranS;
        QVERIFY2(r.arrivals > 0.9 * expected && r.arrivals < 1.1 * expected,
            qPrintable(QStringLiteral("%1 arrivals in %2 s").arg(r.arrivals).arg(r.ranS)));
        QVERIFY(r.completed + 5 >= r.arrivals);
        QCOMPARE(r.errors, uint64_t(0));
    }

    void generatorCountsTimeouts()
    {
        ServerConfig slow;
        slow.handlerMs = 400; // awaited: the server is not stuck, just slow
        ApiServer server(slow, nullptr, {}, 1);
        LoadConfig cfg;
        cfg.target = builtinTarget(server.start());
        cfg.ratePerS = 50;
        cfg.timeoutMs = 100;
        const auto r = runLoad(cfg, 700);
        QVERIFY2(r.timeouts >= 10, qPrintable(QString::number(r.timeouts)));
        QCOMPARE(r.completed, uint64_t(0));
        QCOMPARE(r.errors, uint64_t(0));
    }

    // Fault run: nobody listens. Every request is an error, nothing hangs, stop is prompt.
    void generatorAgainstDeadPort_data()
    {
        QTest::addColumn<int>("model");
        QTest::newRow("open") << int(LoadModel::Open);
        QTest::newRow("closed") << int(LoadModel::Closed);
    }
    void generatorAgainstDeadPort()
    {
        QFETCH(int, model);
        LoadConfig cfg;
        cfg.target
            = urlTarget(QStringLiteral("http://127.0.0.1:%1/items/{id}").arg(looplab::testing::unusedLoopbackPort()));
        cfg.model = LoadModel(model);
        cfg.ratePerS = 200;
        cfg.users = 4;
        const auto r = runLoad(cfg, 600);
        QCOMPARE(r.completed, uint64_t(0));
        QCOMPARE(r.sent, uint64_t(0));
        const QString got = QStringLiteral("%1 errors in %2 s").arg(r.errors).arg(r.ranS);
        if (cfg.model == LoadModel::Open) // every arrival fails: 200/s
            QVERIFY2(r.errors >= 140 * r.ranS && r.errors <= 260 * r.ranS, qPrintable(got));
        else // each of 4 users backs off 100 ms after a failure: at most 40/s
            QVERIFY2(r.errors >= 4 && r.errors <= 4 + 40 * r.ranS, qPrintable(got));
        QVERIFY(r.stopMs < 500);
    }
};

QTEST_GUILESS_MAIN(TestApiParts)
#include "test_api_parts.moc"
