// The command line as a user meets it: `looplab --headless SCENARIO --out DIR ...`, exit codes,
// the files it writes, and that a run that cannot start leaves DIR as it was.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString bin()
{
    return qEnvironmentVariable("LOOPLAB_BIN_DIR") + QStringLiteral("/looplab");
}
QString scenarios()
{
    return qEnvironmentVariable("LOOPLAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/");
}
struct Run {
    int exitCode = -1;
    QString out, err;
};
Run looplab(const QStringList& args, int timeoutMs = 60'000)
{
    QProcess p;
    p.start(bin(), args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
QJsonObject readJson(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}
} // namespace

class TestHeadlessCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gatherDemoWritesEverything()
    {
        QTemporaryDir tmp;
        const QString out = tmp.filePath(QStringLiteral("run"));
        // At the course's own scale: the built-in runs at time_scale 5 so that a class can watch it.
        const Run r = looplab({QStringLiteral("--headless"), scenarios() + QStringLiteral("event_loop_gather.json"),
            QStringLiteral("--out"), out, QStringLiteral("--set"), QStringLiteral("time_scale=1")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (const char* f : {"summary.json", "metrics.csv", "trace.json"})
            QVERIFY2(QFile::exists(out + QLatin1Char('/') + QLatin1String(f)), f);
        QVERIFY(r.out.contains(QStringLiteral("summary.json")));
        const auto summary = readJson(out + QStringLiteral("/summary.json"));
        const double wall = summary["labs"]["loop"]["metrics"]["wall_s"].toDouble();
        QVERIFY2(wall > 1.99 && wall < 2.3, qPrintable(QString::number(wall))); // 2 s, not 3
        QCOMPARE(summary["labs"]["loop"]["kind"].toString(), QStringLiteral("event_loop"));
        const auto trace = readJson(out + QStringLiteral("/trace.json"));
        QVERIFY(trace.value(QStringLiteral("traceEvents")).toArray().size() > 10);
    }

    void setAndDurationOverride()
    {
        QTemporaryDir tmp;
        const Run r = looplab({QStringLiteral("--headless"), scenarios() + QStringLiteral("event_loop_blocking.json"),
            QStringLiteral("--out"), tmp.path(), QStringLiteral("--duration"), QStringLiteral("1.5"),
            QStringLiteral("--set"), QStringLiteral("loop.blocking_call_ms=250"), QStringLiteral("--set"),
            QStringLiteral("loop.blocking_every_ms=500"), QStringLiteral("--no-screenshot")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto m = readJson(tmp.filePath(QStringLiteral("summary.json")))
                           .value(QStringLiteral("labs"))
                           .toObject()
                           .value(QStringLiteral("loop"))
                           .toObject()
                           .value(QStringLiteral("metrics"))
                           .toObject();
        QVERIFY(m["lag_max_ms"].toDouble() >= 240);
        QVERIFY(m["slow_callbacks"].toDouble() >= 1);
        QVERIFY(readJson(tmp.filePath(QStringLiteral("summary.json")))["duration_s"].toDouble() < 2.5);
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString gather = scenarios() + QStringLiteral("event_loop_gather.json");
        QTest::newRow("set out of range") << QStringList{QStringLiteral("--headless"), gather, QStringLiteral("--out"),
            QStringLiteral("X"), QStringLiteral("--set"), QStringLiteral("loop.tasks=0")}
                                          << QStringLiteral("--set:1:");
        QTest::newRow("set unknown lab") << QStringList{QStringLiteral("--headless"), gather, QStringLiteral("--out"),
            QStringLiteral("X"), QStringLiteral("--set"), QStringLiteral("nope.tasks=3")}
                                         << QStringLiteral("--set:1:");
        QTest::newRow("missing file") << QStringList{QStringLiteral("--headless"), QStringLiteral("/no/such.json"),
            QStringLiteral("--out"), QStringLiteral("X")}
                                      << QStringLiteral("/no/such.json");
        QTest::newRow("no out") << QStringList{QStringLiteral("--headless"), gather} << QStringLiteral("--out");
        QTest::newRow("bad duration") << QStringList{QStringLiteral("--headless"), gather, QStringLiteral("--out"),
            QStringLiteral("X"), QStringLiteral("--duration"), QStringLiteral("abc")}
                                      << QStringLiteral("--duration");
        QTest::newRow("report with compare") << QStringList{QStringLiteral("--headless"), gather,
            QStringLiteral("--out"), QStringLiteral("X"), QStringLiteral("--compare"), QStringLiteral("loop.tasks=2,3"),
            QStringLiteral("--report"), QStringLiteral("X.pdf")}
                                             << QStringLiteral("--report cannot be combined with --compare");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--headless"), gather,
            QStringLiteral("--frobnicate")}
                                        << QStringLiteral("frobnicate");
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        const int outIdx = args.indexOf(QStringLiteral("X"));
        if (outIdx >= 0)
            args[outIdx] = tmp.filePath(QStringLiteral("out"));
        const int reportIdx = args.indexOf(QStringLiteral("X.pdf"));
        if (reportIdx >= 0)
            args[reportIdx] = tmp.filePath(QStringLiteral("report.pdf"));
        const Run r = looplab(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("out"))));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("report.pdf"))));
    }

    void runThatCannotStartLeavesOutDirAlone()
    {
        // Valid against the schema, but the lab refuses it at start (a step with two actions).
        QTemporaryDir tmp;
        const QString sc = tmp.filePath(QStringLiteral("bad_step.json"));
        QFile f(sc);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"looplab": 1, "labs": [{"id": "loop", "kind": "event_loop",
                 "script": [{"name": "x", "steps": [{"io_ms": 10, "cpu_ms": 10}]}]}]})");
        f.close();
        const QString out = tmp.filePath(QStringLiteral("out"));
        const Run r = looplab({QStringLiteral("--headless"), sc, QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("exactly one of")), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessCli)
#include "test_headless_cli.moc"
