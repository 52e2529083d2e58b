// LoopLab's load generator beside wrk, both driving the same real server: nginx (Debian's
// nginx-light) serving a static file on 127.0.0.1, started here with its own config in a temp dir
// on a free port, in the foreground, and stopped at the end. Same connections, same duration,
// one client thread each (wrk -t1: the generator is one thread too). Prints requests/s, p50 and
// p99 for both and the ratios. Goal: LoopLab ≥ ½ of wrk's requests/s, p50 within 2× of wrk's.
//
// LoopLab's side runs the real api lab (createApiLab) with a closed model (users = connections,
// no think time: what wrk does), its events drained by the real Collector, so its numbers come
// out of the same path summary.json uses.
#include "benchmarks/bench_common.h"
#include "labs/api/api_lab.h"
#include "metrics/collector.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>

#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdio>
#include <memory>
#include <unistd.h>

using namespace looplab;

namespace {

constexpr int kConnections = 16;
constexpr double kSeconds = 3;

quint16 freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

bool portOpen(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

// nginx in the foreground with everything under a temp dir.
class Nginx
{
public:
    bool start(QString* error)
    {
        const QString nginx = QStandardPaths::findExecutable(
            QStringLiteral("nginx"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
        if (nginx.isEmpty() || !m_dir.isValid()) {
            *error = QStringLiteral("nginx not found (Debian package nginx-light)");
            return false;
        }
        const QString d = m_dir.path();
        QDir().mkpath(d + QStringLiteral("/www"));
        QFile page(d + QStringLiteral("/www/index.html"));
        page.open(QIODevice::WriteOnly);
        page.write(QByteArray(612, 'x')); // about nginx's default page size
        page.close();
        m_port = freePort();
        QFile conf(d + QStringLiteral("/nginx.conf"));
        conf.open(QIODevice::WriteOnly);
        conf.write(QStringLiteral(R"(worker_processes 1;
daemon off;
master_process off;
%1
pid %2/nginx.pid;
error_log %2/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path %2/tmp_body;
  proxy_temp_path %2/tmp_proxy;
  fastcgi_temp_path %2/tmp_fcgi;
  uwsgi_temp_path %2/tmp_uwsgi;
  scgi_temp_path %2/tmp_scgi;
  keepalive_requests 10000000;
  server { listen 127.0.0.1:%3; root %2/www; }
}
)")
                       .arg(geteuid() == 0 ? QStringLiteral("user root;") : QString(), d)
                       .arg(m_port)
                       .toUtf8());
        conf.close();
        m_proc.setProcessChannelMode(QProcess::MergedChannels);
        m_proc.start(nginx,
            {QStringLiteral("-c"), conf.fileName(), QStringLiteral("-p"), d, QStringLiteral("-e"),
                d + QStringLiteral("/error.log")});
        if (!m_proc.waitForStarted(5000)) {
            *error = QStringLiteral("nginx did not start");
            return false;
        }
        QElapsedTimer t;
        t.start();
        while (!portOpen(m_port) && t.elapsed() < 10'000)
            QThread::msleep(20);
        if (!portOpen(m_port)) {
            *error = QStringLiteral("nginx is not listening: ") + QString::fromUtf8(m_proc.readAll());
            return false;
        }
        return true;
    }
    ~Nginx()
    {
        if (m_proc.state() != QProcess::NotRunning) {
            m_proc.terminate();
            if (!m_proc.waitForFinished(5000)) {
                m_proc.kill();
                m_proc.waitForFinished(5000);
            }
        }
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/index.html").arg(m_port); }

private:
    QTemporaryDir m_dir;
    QProcess m_proc;
    quint16 m_port = 0;
};

struct Figures {
    double rps = 0, p50Ms = 0, p99Ms = 0, errors = 0;
    bool ok = false;
};

// For the `make bench` rows printed after the run.
Figures g_looplab, g_wrk;
QString g_skipped; // why a side could not be measured

double toMs(const QString& value, const QString& unit)
{
    const double v = value.toDouble();
    if (unit == QLatin1String("us"))
        return v / 1000;
    if (unit == QLatin1String("s"))
        return v * 1000;
    return v; // ms
}

Figures runWrk(const QString& url)
{
    Figures f;
    const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
    if (wrk.isEmpty())
        return f;
    QProcess p;
    p.start(wrk,
        {QStringLiteral("-t1"), QStringLiteral("-c%1").arg(kConnections), QStringLiteral("-d%1s").arg(kSeconds),
            QStringLiteral("--latency"), url});
    p.waitForFinished(int(kSeconds * 1000) + 20'000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const auto rps = QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(out);
    const auto p50 = QRegularExpression(QStringLiteral("\\s50%\\s+([0-9.]+)(us|ms|s)")).match(out);
    const auto p99 = QRegularExpression(QStringLiteral("\\s99%\\s+([0-9.]+)(us|ms|s)")).match(out);
    const auto errs
        = QRegularExpression(QStringLiteral("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)"))
              .match(out);
    if (!rps.hasMatch() || !p50.hasMatch() || !p99.hasMatch()) {
        std::fprintf(stderr, "unexpected wrk output:\n%s\n", qPrintable(out));
        return f;
    }
    f.rps = rps.captured(1).toDouble();
    f.p50Ms = toMs(p50.captured(1), p50.captured(2));
    f.p99Ms = toMs(p99.captured(1), p99.captured(2));
    if (errs.hasMatch())
        f.errors = errs.captured(1).toDouble() + errs.captured(2).toDouble() + errs.captured(3).toDouble()
            + errs.captured(4).toDouble();
    f.ok = true;
    return f;
}

Figures runLoopLab(const QString& url)
{
    scenario::LabConfig cfg;
    cfg.id = QStringLiteral("api");
    cfg.kind = QStringLiteral("api");
    cfg.params = QJsonObject{{QStringLiteral("load"),
        QJsonObject{{QStringLiteral("target"), url}, {QStringLiteral("model"), QStringLiteral("closed")},
            {QStringLiteral("users"), kConnections}, {QStringLiteral("connections"), kConnections},
            {QStringLiteral("think_ms"), 0}, {QStringLiteral("timeout_ms"), 10'000}}}};
    metrics::Registry registry;
    const int64_t start = metrics::nowNs();
    metrics::Collector collector(registry, start);
    engine::LabContext ctx;
    ctx.id = cfg.id;
    ctx.registry = &registry;
    ctx.runStartNs = start;
    auto lab = labs::createApiLab(cfg);
    lab->start(ctx);
    // Drain as the engine does (every 10 ms) so no event is dropped.
    while (metrics::nowNs() - start < int64_t(kSeconds * 1e9)) {
        QThread::msleep(10);
        collector.drain();
    }
    lab->stop();
    const int64_t end = metrics::nowNs();
    collector.drain();
    collector.finish(end);
    std::vector<metrics::LabSnapshot> labs(1);
    labs[0].id = cfg.id;
    labs[0].kind = cfg.kind;
    collector.fill(labs, end, 0);
    const auto m = lab->metrics(labs[0]);
    Figures f;
    f.rps = m.value(QStringLiteral("rps_served"));
    f.p50Ms = m.value(QStringLiteral("latency_p50_ms"));
    f.p99Ms = m.value(QStringLiteral("latency_p99_ms"));
    f.errors = m.value(QStringLiteral("errors")) + m.value(QStringLiteral("timeouts"));
    f.ok = registry.droppedEvents() == 0;
    if (!f.ok)
        std::fprintf(
            stderr, "LoopLab dropped %llu events\n", static_cast<unsigned long long>(registry.droppedEvents()));
    return f;
}

void BM_GeneratorVsWrkOnNginx(benchmark::State& state)
{
    Nginx nginx;
    QString error;
    if (!nginx.start(&error)) {
        g_skipped = error;
        state.SkipWithError(qPrintable(error));
        return;
    }
    Figures looplab, wrk;
    for (auto _ : state) {
        looplab = runLoopLab(nginx.url());
        wrk = runWrk(nginx.url());
    }
    g_looplab = looplab;
    g_wrk = wrk;
    if (!wrk.ok) {
        g_skipped = QStandardPaths::findExecutable(QStringLiteral("wrk")).isEmpty()
            ? QStringLiteral("wrk not found (Debian package wrk)")
            : QStringLiteral("wrk's output not understood");
        state.SkipWithError(qPrintable(g_skipped));
        return;
    }
    const double rpsRatio = wrk.rps > 0 ? looplab.rps / wrk.rps : 0;
    const double p50Ratio = wrk.p50Ms > 0 ? looplab.p50Ms / wrk.p50Ms : 0;
    state.counters["looplab_rps"] = looplab.rps;
    state.counters["wrk_rps"] = wrk.rps;
    state.counters["rps_ratio"] = rpsRatio;
    state.counters["looplab_p50_ms"] = looplab.p50Ms;
    state.counters["wrk_p50_ms"] = wrk.p50Ms;
    state.counters["looplab_p99_ms"] = looplab.p99Ms;
    state.counters["wrk_p99_ms"] = wrk.p99Ms;
    state.counters["p50_ratio"] = p50Ratio;
    std::printf("\nnginx static file on 127.0.0.1, %d keep-alive connections, %.0f s, one client thread each\n",
        kConnections, kSeconds);
    std::printf("%-10s %12s %10s %10s %8s\n", "client", "requests/s", "p50 ms", "p99 ms", "errors");
    std::printf(
        "%-10s %12.0f %10.3f %10.3f %8.0f\n", "LoopLab", looplab.rps, looplab.p50Ms, looplab.p99Ms, looplab.errors);
    std::printf("%-10s %12.0f %10.3f %10.3f %8.0f\n", "wrk", wrk.rps, wrk.p50Ms, wrk.p99Ms, wrk.errors);
    std::printf("ratio LoopLab/wrk: requests/s %.2f (goal >= 0.5), p50 %.2f (goal <= 2)  -> %s\n\n", rpsRatio, p50Ratio,
        rpsRatio >= 0.5 && p50Ratio <= 2 ? "goal met" : "goal NOT met");
    std::fflush(stdout);
}
BENCHMARK(BM_GeneratorVsWrkOnNginx)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    // LoopLab's figures stand even when wrk is missing; a missing nginx leaves nothing to measure.
    const QString peer = g_skipped.isEmpty() ? QStringLiteral("wrk -t1 (same nginx)")
                                             : QStringLiteral("wrk (skipped: %1)").arg(g_skipped);
    const QByteArray what
        = QByteArray::number(kConnections) + " keep-alive connections, " + QByteArray::number(kSeconds) + " s";
    looplab::bench::benchRow(("HTTP load generator vs nginx static file: requests/s, " + what).constData(),
        g_looplab.rps, g_wrk.rps, peer, "req/s", false);
    looplab::bench::benchRow(("HTTP load generator vs nginx static file: latency p50, " + what).constData(),
        g_looplab.p50Ms, g_wrk.p50Ms, peer, "ms", true);
    looplab::bench::benchRow(("HTTP load generator vs nginx static file: latency p99, " + what).constData(),
        g_looplab.p99Ms, g_wrk.p99Ms, peer, "ms", true);
    return 0;
}
