// The api lab against real peers on 127.0.0.1: wrk drives the builtin server (it must answer
// correctly with no errors), the lab's generator drives Python's http.server (the counts must
// agree with the server's own log), a run against a port nobody listens on ends on time with
// errors counted, and a remote target is refused.
#include "http_test_client.h"
#include "labs/api/api_config.h"
#include "labs/api/api_lab.h"
#include "labs/api/api_server.h"
#include "support/run_scenario.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace looplab;
using testing::metric;

namespace {

QByteArray loadScenario(const QString& target, const QString& extraLoad, double durationS)
{
    return QStringLiteral(R"({"looplab":1,"title":{"en":"t","zh":"t"},"notes":{"en":"n","zh":"n"},
        "duration_s":%1,"time_scale":1,"seed":3,
        "labs":[{"id":"api","kind":"api","load":{"target":"%2"%3}}]})")
        .arg(durationS)
        .arg(target, extraLoad)
        .toUtf8();
}

bool waitForPort(quint16 port, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (testing::HttpTestConnection(port).isOpen())
            return true;
        QThread::msleep(50);
    }
    return false;
}

} // namespace

class TestApiPeers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wrkDrivesBuiltinServer()
    {
        const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
        if (wrk.isEmpty())
            QFAIL("wrk is not installed (Debian package wrk; `make deps` installs it)");
        labs::api::ServerConfig cfg;
        cfg.cache.enabled = true; // half the answers from the cache, half computed: both must be right
        labs::api::ApiServer server(cfg, nullptr, {}, 1);
        const quint16 port = server.start();

        // wrk's Lua: check every answer's status and body, sum the per-thread tallies at the end.
        QTemporaryDir dir;
        QFile lua(dir.filePath(QStringLiteral("check.lua")));
        QVERIFY(lua.open(QIODevice::WriteOnly));
        lua.write(R"(
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) seen = 0; bad = 0; n = 0 end
function request()
  n = n + 1
  return wrk.format("GET", "/items/" .. (n % 2 + 41))
end
function response(status, headers, body)
  seen = seen + 1
  if status ~= 200 or not (string.find(body, '"id":41,', 1, true) or string.find(body, '"id":42,', 1, true)) then
    bad = bad + 1
  end
end
function done(summary, latency, requests)
  local s, b = 0, 0
  for _, t in ipairs(threads) do s = s + t:get("seen"); b = b + t:get("bad") end
  io.write(string.format("LOOPLAB seen=%d bad=%d requests=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    s, b, summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
)");
        lua.close();
        QProcess p;
        p.start(wrk,
            {QStringLiteral("-t2"), QStringLiteral("-c16"), QStringLiteral("-d2s"), QStringLiteral("--timeout"),
                QStringLiteral("2s"), QStringLiteral("-s"), lua.fileName(),
                QStringLiteral("http://127.0.0.1:%1/").arg(port)});
        QVERIFY(p.waitForFinished(20'000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        qInfo().noquote() << out;
        QCOMPARE(p.exitCode(), 0);
        const auto m
            = QRegularExpression(QStringLiteral("LOOPLAB seen=(\\d+) bad=(\\d+) requests=(\\d+) connect=(\\d+) "
                                                "read=(\\d+) write=(\\d+) status=(\\d+) timeout=(\\d+)"))
                  .match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        const qint64 seen = m.captured(1).toLongLong();
        QVERIFY2(seen > 1000, qPrintable(out));
        QCOMPARE(m.captured(2).toLongLong(), 0); // every body right
        for (int i = 4; i <= 8; ++i)
            QCOMPARE(m.captured(i).toLongLong(), 0); // no socket errors, no non-2xx, no timeouts
        QVERIFY(!out.contains(QLatin1String("Non-2xx")));
        server.stop();
        // The server answered everything wrk counted (wrk may cut a few in flight at the end).
        QVERIFY(server.counters().responses2xx.load() >= uint64_t(seen));
        QVERIFY(server.counters().cacheHits.load() > uint64_t(seen) / 2);
    }

    void generatorAgainstPythonHttpServer()
    {
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (python.isEmpty())
            QFAIL("python3 not found (`make deps` installs Debian's python3)");
        QTemporaryDir dir;
        QFile page(dir.filePath(QStringLiteral("hello.txt")));
        QVERIFY(page.open(QIODevice::WriteOnly));
        page.write("hello from python\n");
        page.close();
        const quint16 port = testing::unusedLoopbackPort();
        QProcess py;
        py.setProcessChannelMode(QProcess::SeparateChannels);
        py.start(python,
            {QStringLiteral("-m"), QStringLiteral("http.server"), QString::number(port), QStringLiteral("--bind"),
                QStringLiteral("127.0.0.1"), QStringLiteral("--directory"), dir.path()});
        QVERIFY(py.waitForStarted(5000));
        QVERIFY2(waitForPort(port, 10'000), "python http.server did not come up");

        // Python's server speaks HTTP/1.0 and closes every connection: the generator reconnects.
        auto r = testing::runScenario(loadScenario(QStringLiteral("http://127.0.0.1:%1/hello.txt").arg(port),
                                          QStringLiteral(R"(,"model":"open","rate_per_s":50,"connections":4)"), 2),
            30);
        py.terminate();
        py.waitForFinished(5000);
        QVERIFY(r);
        const double sent = metric(*r, "api", "sent");
        const double completed = metric(*r, "api", "completed");
        const double offered = metric(*r, "api", "rps_offered");
        qInfo() << "sent" << sent << "completed" << completed << "offered/s" << offered;
        QVERIFY2(offered > 30 && offered < 70, qPrintable(QString::number(offered))); // Poisson, mean 50/s
        QVERIFY(completed >= 60);
        QVERIFY(sent - completed <= 4); // at most one in flight per connection when the run ended
        QCOMPARE(metric(*r, "api", "errors"), 0.0);
        QCOMPARE(metric(*r, "api", "timeouts"), 0.0);
        QCOMPARE(metric(*r, "api", "rps_served") * 2 > 0, true);
        // The peer's own count: http.server logs one line per request on stderr.
        const QString log = QString::fromUtf8(py.readAllStandardError());
        const int logged = int(log.count(QStringLiteral("\"GET /hello.txt HTTP/1.1\" 200")));
        QVERIFY2(logged >= int(completed) && logged <= int(sent), qPrintable(QStringLiteral("logged %1").arg(logged)));
    }

    // Fault run: the generator pointed at a port nobody listens on counts errors and ends on time.
    void faultRunAgainstDeadPort()
    {
        const quint16 port = testing::unusedLoopbackPort();
        QElapsedTimer t;
        t.start();
        auto r = testing::runScenario(loadScenario(QStringLiteral("http://127.0.0.1:%1/items/{id}").arg(port),
                                          QStringLiteral(R"(,"model":"open","rate_per_s":100)"), 1.5),
            15);
        QVERIFY(r);
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString::number(t.elapsed())));
        QVERIFY(r->wallS < 2.5);
        QVERIFY2(metric(*r, "api", "errors") >= 100, qPrintable(QString::number(metric(*r, "api", "errors"))));
        QCOMPARE(metric(*r, "api", "completed"), 0.0);
        QCOMPARE(metric(*r, "api", "rps_served"), 0.0);
        const auto* lab = r->data.findLab(QStringLiteral("api"));
        QVERIFY(lab->findSeries(QStringLiteral("error_rps")));
    }

    // Only loopback targets, unless --allow-remote: the lab refuses to start, before any traffic.
    void remoteTargetRefused()
    {
        scenario::LabConfig cfg;
        cfg.id = QStringLiteral("api");
        cfg.kind = QStringLiteral("api");
        cfg.params = QJsonObject{
            {QStringLiteral("load"), QJsonObject{{QStringLiteral("target"), QStringLiteral("http://10.11.12.13/")}}}};
        auto lab = labs::createApiLab(cfg);
        metrics::Registry registry;
        engine::LabContext ctx;
        ctx.id = cfg.id;
        ctx.registry = &registry;
        try {
            lab->start(ctx);
            QFAIL("a remote target was accepted");
        } catch (const std::exception& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("--allow-remote")), e.what());
        }
        lab->stop();
    }
};

QTEST_GUILESS_MAIN(TestApiPeers)
#include "test_api_peers.moc"
