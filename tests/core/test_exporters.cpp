// Exports of a real run: summary.json, metrics.csv with units, trace.json in Chrome trace format.
#include "export/exporters.h"
#include "support/run_scenario.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace looplab;

class TestExporters : public QObject
{
    Q_OBJECT
    std::shared_ptr<const engine::RunResult> m_run;

private Q_SLOTS:
    void initTestCase()
    {
        m_run = testing::runScenario(R"({"looplab": 1, "labs": [{"id": "loop", "kind": "event_loop",
            "script": [{"name": "a", "steps": [{"io_ms": 100}, {"cpu_ms": 20}]},
                       {"name": "b", "steps": [{"to_thread_ms": 30}]}]}]})",
            10);
        QVERIFY(m_run);
    }

    void summaryHasTheContractShape()
    {
        const auto doc = QJsonDocument::fromJson(exporting::summaryJson(*m_run)).object();
        QCOMPARE(doc.value("looplab").toInt(), 1);
        QVERIFY(doc.value("duration_s").toDouble() > 0.1);
        const auto metrics = doc["labs"]["loop"]["metrics"].toObject();
        QCOMPARE(doc["labs"]["loop"]["kind"].toString(), QStringLiteral("event_loop"));
        for (const char* name : {"ticks", "tick_busy_p50_ms", "tick_busy_max_ms", "lag_p50_ms", "lag_p99_ms",
                 "lag_max_ms", "slow_callbacks", "tasks_completed", "tasks_cancelled", "task_latency_p50_ms",
                 "task_latency_p99_ms", "wall_s"})
            QVERIFY2(metrics.contains(QLatin1String(name)), name);
        QCOMPARE(metrics.value("tasks_completed").toDouble(), 2.0);
    }

    void csvHasUnitsAndRows()
    {
        const QByteArray csv = exporting::metricsCsv(*m_run);
        const auto lines = csv.split('\n');
        QVERIFY(lines.size() > 10);
        QVERIFY(lines[0].startsWith("time_s,"));
        QVERIFY(lines[0].contains("loop.lag_ms [ms]"));
        QVERIFY(lines[0].contains("loop.ticks [1/s]"));
        const int cols = lines[0].count(',');
        QCOMPARE(lines[5].count(','), cols);
    }

    void traceIsChromeTraceFormat()
    {
        // The events are written into the text one at a time (memory, issue 18): the result is
        // still one valid document, byte for byte what QJsonDocument writes for it.
        const QByteArray trace = exporting::traceJson(*m_run);
        QJsonParseError error;
        const QJsonDocument parsed = QJsonDocument::fromJson(trace, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(parsed.toJson(QJsonDocument::Compact), trace);
        const auto doc = parsed.object();
        const auto events = doc.value("traceEvents").toArray();
        QSet<QString> phases;
        bool laneNamed = false, cpuSpan = false;
        for (const auto& v : events) {
            const auto e = v.toObject();
            phases.insert(e.value("ph").toString());
            if (e.value("ph") == QLatin1String("M") && e["args"]["name"].toString() == QLatin1String("a"))
                laneNamed = true;
            // task a: 20 ms of CPU on the loop -> a ~20 000 us "running" span
            if (e.value("ph") == QLatin1String("X") && e.value("name") == QLatin1String("running")
                && e.value("dur").toDouble() >= 19'000)
                cpuSpan = true;
        }
        QVERIFY(phases.contains("M") && phases.contains("X") && phases.contains("C"));
        QVERIFY(laneNamed);
        QVERIFY(cpuSpan);
        QVERIFY(doc.value("looplab").toObject().contains("summary"));
    }

    void writesAreAtomicAndErrorsClear()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("summary.json");
        QCOMPARE(exporting::writeSummaryJson(*m_run, path), QString());
        QVERIFY(QFile::exists(path));
        const QString bad = exporting::writeSummaryJson(*m_run, dir.filePath("no/such/dir/summary.json"));
        QVERIFY(bad.startsWith("cannot write"));
        QVERIFY(!QFile::exists(dir.filePath("no/such/dir/summary.json")));
        // /dev/full: the write fails, and no half-written file is left.
        if (QFile::exists("/dev/full")) {
            const QString full = exporting::writeFileAtomically("/dev/full", QByteArray(1 << 20, 'x'));
            QVERIFY(!full.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestExporters)
#include "test_exporters.moc"
