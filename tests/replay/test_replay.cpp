// Replay of a recorded run (issue 8): a real event_loop run is exported as trace.json, loaded back,
// and must show the same summary, lanes, spans, series and marks as the run; the Player steps,
// seeks and plays; traces from other tools are refused with a message saying what is missing.
#include "export/exporters.h"
#include "replay/player.h"
#include "replay/recording.h"
#include "support/run_scenario.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace looplab;

namespace {

bool sameNumber(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

const metrics::SeriesData* findSeries(const metrics::LabSnapshot& lab, const QString& name)
{
    return lab.findSeries(name);
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT
    std::shared_ptr<const engine::RunResult> m_run;
    QByteArray m_trace;
    QTemporaryDir m_dir;
    QString m_tracePath;
    std::shared_ptr<const replay::Recording> m_rec;

    const metrics::LabSnapshot& runLab() const { return m_run->data.labs.front(); }

private Q_SLOTS:
    void initTestCase()
    {
        // A loop that blocks for 150 ms every 300 ms while 50 tasks await 100 ms of I/O: lanes in
        // several states, slow-callback marks, gauges and rates that change.
        m_run = testing::runScenario(R"({"looplab": 1, "title": {"en": "Blocking the loop", "zh": "阻塞事件循环"},
            "labs": [{"id": "loop", "kind": "event_loop", "tasks": 50, "io_ms": 100,
                      "blocking_call_ms": 150, "blocking_every_ms": 300}], "duration_s": 1})",
            30);
        QVERIFY(m_run);
        QVERIFY2(m_run->error.isEmpty(), qPrintable(m_run->error));
        QVERIFY(m_dir.isValid());
        m_trace = exporting::traceJson(*m_run);
        m_tracePath = m_dir.filePath(QStringLiteral("trace.json"));
        QCOMPARE(exporting::writeTraceJson(*m_run, m_tracePath), QString());
        if (qEnvironmentVariableIsSet("LOOPLAB_KEEP_TRACE"))
            exporting::writeTraceJson(*m_run, qEnvironmentVariable("LOOPLAB_KEEP_TRACE"));

        auto loaded = replay::loadRecording(m_tracePath);
        if (auto* err = std::get_if<QString>(&loaded))
            QFAIL(qPrintable(*err));
        m_rec = std::make_shared<replay::Recording>(std::get<replay::Recording>(std::move(loaded)));
        QCOMPARE(m_rec->skippedEvents, 0);
    }

    void scenarioAndDurationRoundTrip()
    {
        QCOMPARE(m_rec->scenario.toJson(), m_run->scenario.toJson());
        QCOMPARE(m_rec->scenario.title.zh, QStringLiteral("阻塞事件循环"));
        QCOMPARE(m_rec->wallS, m_run->wallS);
        QVERIFY(std::llabs(m_rec->durationNs() - m_run->data.elapsedNs) <= 1);
        QCOMPARE(m_rec->eventsRecorded, m_run->data.eventsRecorded);
        QCOMPARE(m_rec->labs.size(), m_run->data.labs.size());
    }

    // The issue's test: replay shows the same summary metrics as the run, at every moment.
    void summaryMetricsAreTheRunsExactly()
    {
        const auto& expected = runLab().metrics;
        QVERIFY(expected.size() >= 10);
        for (int64_t t : {int64_t(0), m_rec->durationNs() / 2, m_rec->durationNs()}) {
            const auto snap = m_rec->snapshotAt(t, 0);
            const auto* lab = snap->findLab(QStringLiteral("loop"));
            QVERIFY(lab);
            QCOMPARE(lab->metrics.keys(), expected.keys());
            for (auto it = expected.begin(); it != expected.end(); ++it)
                QVERIFY2(sameNumber(lab->metrics.value(it.key()), it.value()),
                    qPrintable(QStringLiteral("%1: replay %2, run %3")
                                   .arg(it.key())
                                   .arg(lab->metrics.value(it.key()))
                                   .arg(it.value())));
        }
        // And what the lesson is about is in it: the blocking call drove the lag past 150 ms.
        QVERIFY(testing::metric(*m_run, "loop", "lag_max_ms") >= 150 * 0.9);
        QVERIFY(m_rec->labs.front().metrics.value(QStringLiteral("lag_max_ms")) >= 150 * 0.9);
    }

    void replayedSummaryIsTheRunsSummaryJson_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("event loop") << "event_loop_gather.json";
        QTest::newRow("pipeline, two labs") << "pipeline_backpressure.json";
        QTest::newRow("pool") << "pool_io_threads.json";
        QTest::newRow("api") << "api_rate_limit.json";
    }
    // The issue's test with the files a user has: a built-in scenario runs (shortened to 1.2 s),
    // its summary.json and trace.json are written, the trace is played to its end at 8×, and the
    // summary.json the replay's last picture makes is the run's, number for number.
    void replayedSummaryIsTheRunsSummaryJson()
    {
        QFETCH(QString, file);
        QFile f(testing::sourceDir() + QStringLiteral("/resources/scenarios/") + file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto json = QJsonDocument::fromJson(f.readAll()).object();
        json.insert("duration_s", 1.2);
        const auto run = testing::runScenario(QJsonDocument(json).toJson(), 60);
        QVERIFY(run);
        QVERIFY2(run->error.isEmpty(), qPrintable(run->error));
        const QString dir = m_dir.filePath(QFileInfo(file).completeBaseName());
        QVERIFY(QDir().mkpath(dir));
        QCOMPARE(exporting::writeSummaryJson(*run, dir + "/summary.json"), QString());
        QCOMPARE(exporting::writeTraceJson(*run, dir + "/trace.json"), QString());

        auto loaded = replay::loadRecording(dir + "/trace.json");
        if (auto* err = std::get_if<QString>(&loaded))
            QFAIL(qPrintable(*err));
        replay::Player player(std::make_shared<replay::Recording>(std::get<replay::Recording>(std::move(loaded))));
        QSignalSpy finished(&player, &replay::Player::finished);
        player.setSpeed(8);
        player.play();
        QVERIFY(finished.wait(10'000));
        const auto last = player.current();
        QCOMPARE(last->state, metrics::RunState::Finished);
        QCOMPARE(last->elapsedNs, player.durationNs());
        // A seek to the end shows the same numbers as playing there.
        player.seek(0);
        player.seek(player.durationNs());
        QCOMPARE(player.current()->labs.size(), last->labs.size());

        const engine::RunResult replayed{
            player.recording().scenario, *last, player.recording().wallS, player.recording().runError};
        const auto got = QJsonDocument::fromJson(exporting::summaryJson(replayed)).object();
        QFile sf(dir + "/summary.json");
        QVERIFY(sf.open(QIODevice::ReadOnly));
        const auto want = QJsonDocument::fromJson(sf.readAll()).object();
        QCOMPARE(got.value("duration_s").toDouble(), want.value("duration_s").toDouble());
        const auto wantLabs = want.value("labs").toObject();
        const auto gotLabs = got.value("labs").toObject();
        QCOMPARE(gotLabs.keys(), wantLabs.keys());
        QCOMPARE(wantLabs.size(), json.value("labs").toArray().size());
        int compared = 0;
        for (const QString& id : wantLabs.keys()) {
            const auto w = wantLabs.value(id).toObject(), g = gotLabs.value(id).toObject();
            QCOMPARE(g.value("kind"), w.value("kind"));
            const auto wm = w.value("metrics").toObject(), gm = g.value("metrics").toObject();
            QCOMPARE(gm.keys(), wm.keys());
            for (const QString& name : wm.keys()) {
                const QString what
                    = QStringLiteral("%1.%2: replay %3, run %4")
                          .arg(id, name, gm.value(name).toVariant().toString(), wm.value(name).toVariant().toString());
                QCOMPARE(gm.value(name).isNull(), wm.value(name).isNull()); // null: no value (NaN) in both
                const double a = gm.value(name).toDouble(), b = wm.value(name).toDouble();
                QVERIFY2(std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)), qPrintable(what));
                ++compared;
            }
        }
        QVERIFY(compared >= 5 * wantLabs.size());
    }

    void lanesAndSpansMatch()
    {
        const auto snap = m_rec->snapshotAt(m_rec->durationNs(), 0);
        const auto& lab = snap->labs.front();
        QCOMPARE(lab.lanes.size(), runLab().lanes.size());
        QVERIFY(!lab.lanes.empty()); // the loop's lane (unnamed tasks get no lanes of their own)
        bool sawBlocking = false;
        for (size_t i = 0; i < lab.lanes.size(); ++i) {
            const auto& got = lab.lanes[i];
            const auto& want = runLab().lanes[i];
            QCOMPARE(got.name, want.name);
            QCOMPARE(got.group, want.group);
            QCOMPARE(got.spans.size(), want.spans.size());
            for (size_t k = 0; k < got.spans.size(); ++k) {
                QCOMPARE(got.spans[k].state, want.spans[k].state);
                QCOMPARE(got.spans[k].startNs, want.spans[k].startNs);
                QCOMPARE(got.spans[k].endNs, want.spans[k].endNs);
                sawBlocking |= got.spans[k].state == metrics::LaneState::Blocking;
            }
            // Whole-run time per state, for the states written as spans.
            for (auto s : {metrics::LaneState::Running, metrics::LaneState::IoWait, metrics::LaneState::Blocking,
                     metrics::LaneState::GilWait, metrics::LaneState::QueueBlocked, metrics::LaneState::Ipc})
                QCOMPARE(got.totalNs[size_t(s)], want.totalNs[size_t(s)]);
            QCOMPARE(got.current, metrics::LaneState::Done);
        }
        QVERIFY2(sawBlocking, "the 150 ms blocking calls are in the replayed loop lane");
    }

    void seriesMatchAtEveryBin()
    {
        const auto snap = m_rec->snapshotAt(m_rec->durationNs(), 0);
        const auto& lab = snap->labs.front();
        QCOMPARE(lab.series.size(), runLab().series.size());
        for (const auto& want : runLab().series) {
            const auto* got = findSeries(lab, want.name);
            QVERIFY2(got, qPrintable(want.name));
            QCOMPARE(got->unit, want.unit);
            QCOMPARE(got->kind, want.kind);
            QCOMPARE(got->binNs, want.binNs);
            QCOMPARE(got->startNs, want.startNs);
            QCOMPARE(got->values.size(), want.values.size());
            for (size_t i = 0; i < want.values.size(); ++i)
                QVERIFY2(sameNumber(got->values[i], want.values[i]),
                    qPrintable(QStringLiteral("%1[%2]: replay %3, run %4")
                                   .arg(want.name)
                                   .arg(i)
                                   .arg(got->values[i])
                                   .arg(want.values[i])));
        }
    }

    void snapshotAtTime_data()
    {
        QTest::addColumn<double>("tS");
        QTest::addColumn<double>("windowS");
        QTest::newRow("0.25 s, whole run") << 0.25 << 0.0;
        QTest::newRow("0.5 s, last 0.2 s") << 0.5 << 0.2;
        QTest::newRow("0.77 s, last 0.3 s") << 0.77 << 0.3;
        QTest::newRow("end, last 0.4 s") << 10.0 << 0.4;
    }
    // Mid-run pictures hold what had happened by t (within the window), nothing later.
    void snapshotAtTime()
    {
        QFETCH(double, tS);
        QFETCH(double, windowS);
        const int64_t t = std::min(int64_t(tS * 1e9), m_rec->durationNs());
        const int64_t w = int64_t(windowS * 1e9);
        const int64_t from = w > 0 ? std::max<int64_t>(0, t - w) : 0;
        const auto snap = m_rec->snapshotAt(t, w);
        QCOMPARE(snap->elapsedNs, t);
        QCOMPARE(snap->state, t < m_rec->durationNs() ? metrics::RunState::Running : metrics::RunState::Finished);
        const auto& lab = snap->labs.front();
        for (const auto& want : runLab().series) {
            const auto* got = findSeries(lab, want.name);
            QVERIFY(got);
            QCOMPARE(got->startNs, from / want.binNs * want.binNs);
            QVERIFY(!got->values.empty());
            QVERIFY(size_t(t / want.binNs) < want.values.size() + 1);
            for (size_t i = 0; i < got->values.size(); ++i) {
                const size_t bin = size_t(got->startNs / want.binNs) + i;
                QVERIFY(bin * want.binNs <= size_t(t));
                QVERIFY2(sameNumber(got->values[i], want.values[bin]), qPrintable(want.name));
            }
        }
        for (const auto& lane : lab.lanes)
            for (const auto& s : lane.spans) {
                QVERIFY(s.startNs < t);
                QVERIFY(s.endNs <= t);
                QVERIFY(s.endNs >= from);
            }
        for (const auto& m : lab.marks)
            QVERIFY(m.tNs >= from && m.tNs <= t);
        // Marks up to t: the run's, counted.
        size_t expectedMarks = 0;
        for (const auto& m : runLab().marks)
            expectedMarks += m.tNs >= from && m.tNs <= t;
        QCOMPARE(lab.marks.size(), expectedMarks);
        QVERIFY(snap->serial != m_rec->snapshotAt(t, w)->serial);
    }

    void marksMatch()
    {
        const auto snap = m_rec->snapshotAt(m_rec->durationNs(), 0);
        const auto& got = snap->labs.front().marks;
        const auto& want = runLab().marks;
        QCOMPARE(got.size(), want.size());
        QVERIFY2(!want.empty(), "the blocking calls leave slow-callback marks");
        for (size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(got[i].tNs, want[i].tNs);
            QCOMPARE(got[i].name, want[i].name);
            QCOMPARE(got[i].value, want[i].value);
        }
    }

    void playerStepsAndSeeks()
    {
        replay::Player player(m_rec);
        QSignalSpy snaps(&player, &replay::Player::snapshotChanged);
        player.setStepNs(100'000'000);
        player.step(3);
        QCOMPARE(player.positionNs(), int64_t(300'000'000));
        QCOMPARE(snaps.size(), 1);
        auto snap = snaps.last().first().value<metrics::SnapshotPtr>();
        QCOMPARE(snap->elapsedNs, int64_t(300'000'000));
        QCOMPARE(snap, player.current());
        player.step(-1);
        QCOMPARE(player.positionNs(), int64_t(200'000'000));
        player.step(-10);
        QCOMPARE(player.positionNs(), int64_t(0));
        player.seek(m_rec->durationNs() + 5'000'000'000LL);
        QCOMPARE(player.positionNs(), m_rec->durationNs());
        QCOMPARE(player.current()->state, metrics::RunState::Finished);
        player.seek(-5);
        QCOMPARE(player.positionNs(), int64_t(0));
        player.seek(640'000'000);
        QCOMPARE(player.current()->elapsedNs, int64_t(640'000'000));
        QCOMPARE(snaps.size(), 6);
        // A frame's step by default: one 33 ms frame at the current speed.
        player.setStepNs(0);
        player.setSpeed(2);
        player.step(1);
        QCOMPARE(player.positionNs(), int64_t(640'000'000 + 66'000'000));
        player.setWindowNs(200'000'000);
        QCOMPARE(player.current()->labs.front().series.front().startNs,
            (player.positionNs() - 200'000'000) / m_rec->binNs * m_rec->binNs);
    }

    void playerSpeedIsClamped_data()
    {
        QTest::addColumn<double>("asked");
        QTest::addColumn<double>("got");
        QTest::newRow("quarter") << 0.25 << 0.25;
        QTest::newRow("too slow") << 0.01 << 0.25;
        QTest::newRow("8x") << 8.0 << 8.0;
        QTest::newRow("too fast") << 100.0 << 8.0;
        QTest::newRow("NaN ignored") << std::nan("") << 1.0;
    }
    void playerSpeedIsClamped()
    {
        QFETCH(double, asked);
        QFETCH(double, got);
        replay::Player player(m_rec);
        player.setSpeed(asked);
        QCOMPARE(player.speed(), got);
    }

    // At 8× a ~1 s run plays in ~125 ms of wall time, moving forward on every frame.
    void playerPlaysToTheEnd()
    {
        replay::Player player(m_rec);
        player.setSpeed(8);
        QSignalSpy positions(&player, &replay::Player::positionChanged);
        QSignalSpy finished(&player, &replay::Player::finished);
        QElapsedTimer wall;
        wall.start();
        player.play();
        QVERIFY(player.isPlaying());
        QVERIFY(finished.wait(5000));
        const double wallS = double(wall.nsecsElapsed()) * 1e-9;
        QVERIFY(!player.isPlaying());
        QCOMPARE(player.positionNs(), m_rec->durationNs());
        QVERIFY(positions.size() >= 3);
        qint64 last = -1;
        for (const auto& args : positions) {
            QVERIFY(args.first().toLongLong() >= last);
            last = args.first().toLongLong();
        }
        const double expectedS = double(m_rec->durationNs()) * 1e-9 / 8;
        QVERIFY2(wallS >= expectedS * 0.8 && wallS < expectedS + 1.0,
            qPrintable(QStringLiteral("played in %1 s, expected ~%2 s").arg(wallS).arg(expectedS)));
        // Play again from the end starts over.
        player.play();
        QVERIFY(player.positionNs() < m_rec->durationNs() / 2);
        player.pause();
    }

    void foreignTracesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");
        const QString notLoopLab
            = QStringLiteral("this trace has no \"looplab\" object: it was not recorded by LoopLab");
        QTest::newRow("Perfetto/Chrome JSON object") << QByteArray(
            R"({"traceEvents":[{"ph":"X","name":"work","pid":1,"tid":1,"ts":0,"dur":5}],"displayTimeUnit":"ms"})")
                                                     << notLoopLab;
        QTest::newRow("Chrome JSON array format")
            << QByteArray(R"([{"ph":"B","name":"a","pid":1,"tid":1,"ts":0}])") << notLoopLab;
        QTest::newRow("summary.json opened by mistake")
            << QByteArray(R"({"looplab":1,"scenario":"x","duration_s":1,"labs":{}})")
            << QStringLiteral("this trace's \"looplab\" entry is not an object: it was not recorded by LoopLab");
        QTest::newRow("no scenario")
            << QByteArray(R"({"traceEvents":[],"looplab":{"version":1,"summary":{"labs":{}}}})")
            << QStringLiteral("this trace's \"looplab\" object has no \"scenario\": it cannot be replayed");
        QTest::newRow("no summary") << QByteArray(
            R"({"traceEvents":[],"looplab":{"version":1,"scenario":{"looplab":1,"labs":[{"id":"l","kind":"event_loop"}]}}})")
                                    << QStringLiteral(
                                           "this trace's \"looplab\" object has no \"summary\": it cannot be replayed");
        QTest::newRow("no traceEvents") << QByteArray(R"({"looplab":{"version":1,"scenario":{},"summary":{}}})")
                                        << QStringLiteral(
                                               "this trace has no \"traceEvents\" list: it has nothing to replay");
        QTest::newRow("summary without the lab") << QByteArray(
            R"({"traceEvents":[],"looplab":{"version":1,"scenario":{"looplab":1,"labs":[{"id":"l","kind":"event_loop"}]},)"
            R"("summary":{"duration_s":1,"labs":{}}}})")
                                                 << QStringLiteral("this trace's summary has no lab \"l\" (the "
                                                                   "scenario has it): it cannot be replayed");
        QTest::newRow("newer format")
            << QByteArray(R"({"traceEvents":[],"looplab":{"version":7,"scenario":{},"summary":{}}})")
            << QStringLiteral(
                   "this trace was recorded by a newer LoopLab (trace format 7); this version reads format 1");
        QTest::newRow("empty file") << QByteArray("  \n") << QStringLiteral("this file is empty: it is not a trace");
        QTest::newRow("not JSON") << QByteArray("PK\x03\x04 a zip file")
                                  << QStringLiteral(
                                         "this file is not JSON (illegal value at byte 1): it is not a trace");
        QTest::newRow("truncated JSON")
            << QByteArray(R"({"traceEvents":[)")
            << QStringLiteral("this file is not JSON (unterminated array at byte 16): it is not a trace");
    }
    void foreignTracesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        auto result = replay::loadRecordingFromBytes(bytes);
        QVERIFY(std::holds_alternative<QString>(result));
        QCOMPARE(std::get<QString>(result), message);
    }

    void invalidRecordedScenarioIsNamed()
    {
        auto root = QJsonDocument::fromJson(m_trace).object();
        auto looplab = root.value("looplab").toObject();
        auto sc = looplab.value("scenario").toObject();
        auto labs = sc.value("labs").toArray();
        auto lab = labs.first().toObject();
        lab.insert("kind", "warp_drive");
        labs.replace(0, lab);
        sc.insert("labs", labs);
        looplab.insert("scenario", sc);
        root.insert("looplab", looplab);
        auto result = replay::loadRecordingFromBytes(QJsonDocument(root).toJson());
        QVERIFY(std::holds_alternative<QString>(result));
        const QString err = std::get<QString>(result);
        QVERIFY2(
            err.startsWith("the scenario in this trace is not valid: trace.json#looplab.scenario:"), qPrintable(err));
        QVERIFY2(err.contains("warp_drive"), qPrintable(err));
    }

    // Damaged events are skipped and counted; the rest still replays with the same summary.
    void malformedEventsAreSkippedAndCounted()
    {
        auto root = QJsonDocument::fromJson(m_trace).object();
        auto events = root.value("traceEvents").toArray();
        const QByteArray junk[] = {
            R"("not an event")",
            R"({"ph":"X","name":"running","pid":1,"tid":1,"ts":"soon","dur":5})",
            R"({"ph":"X","name":"dancing","pid":1,"tid":1,"ts":10,"dur":5})",
            R"({"ph":"X","name":"running","pid":1,"tid":999,"ts":10,"dur":5})",
            R"({"ph":"X","name":"running","pid":1,"tid":1,"ts":10,"dur":-5})",
            R"({"ph":"C","name":"lag_ms [ms]","pid":42,"ts":10,"args":{"value":1}})",
            R"({"ph":"C","name":"lag_ms [ms]","pid":1,"ts":-10,"args":{"value":1}})",
            R"({"ph":"C","name":"lag_ms [ms]","pid":1,"ts":10,"args":{"value":"high"}})",
            R"({"ph":"B","name":"begin","pid":1,"tid":1,"ts":10})",
            R"({"ph":"M","name":"thread_name","pid":77,"tid":1,"args":{"name":"ghost"}})",
        };
        for (const auto& j : junk)
            events.append(QJsonDocument::fromJson("[" + j + "]").array().first());
        root.insert("traceEvents", events);
        auto result = replay::loadRecordingFromBytes(QJsonDocument(root).toJson());
        if (auto* err = std::get_if<QString>(&result))
            QFAIL(qPrintable(*err));
        const auto& rec = std::get<replay::Recording>(result);
        QCOMPARE(rec.skippedEvents, int(std::size(junk)));
        QCOMPARE(rec.labs.front().metrics.keys(), runLab().metrics.keys());
        QCOMPARE(rec.labs.front().lanes.size(), runLab().lanes.size());
        QCOMPARE(rec.labs.front().series.size(), runLab().series.size());
    }

    // Histograms are not in today's trace; when a trace carries them (and the exact series kinds
    // and bin), the replay uses them: whole-run histograms at the end, not before.
    void optionalExtrasAreUsed()
    {
        auto root = QJsonDocument::fromJson(m_trace).object();
        auto looplab = root.value("looplab").toObject();
        looplab.insert("bin_ns", 20'000'000);
        looplab.insert("series", QJsonArray{QJsonObject{{"lab", "loop"}, {"name", "lag_ms"}, {"kind", "rate"}}});
        looplab.insert("histograms",
            QJsonArray{QJsonObject{{"lab", "loop"}, {"name", "lag_ms"}, {"unit", "ms"}, {"count", 12}, {"min", 0.1},
                {"max", 160}, {"mean", 30}, {"p50", 1}, {"p90", 150}, {"p95", 155}, {"p99", 160},
                {"buckets", QJsonArray{QJsonArray{0, 1, 6}, QJsonArray{150, 160, 6}}}}});
        root.insert("looplab", looplab);
        auto result = replay::loadRecordingFromBytes(QJsonDocument(root).toJson());
        QVERIFY(std::holds_alternative<replay::Recording>(result));
        const auto& rec = std::get<replay::Recording>(result);
        QCOMPARE(rec.binNs, int64_t(20'000'000));
        QCOMPARE(rec.snapshotAt(rec.durationNs() / 2)->labs.front().histograms.size(), size_t(0));
        const auto end = rec.snapshotAt(rec.durationNs());
        const auto* h = end->labs.front().findHistogram("lag_ms");
        QVERIFY(h);
        QCOMPARE(h->count, uint64_t(12));
        QCOMPARE(h->buckets.size(), size_t(2));
        QCOMPARE(end->labs.front().findSeries("lag_ms")->kind, metrics::SeriesKind::Rate);
    }

    void filesOver512MBAreRefused()
    {
        const QString path = m_dir.filePath("huge.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(replay::kMaxTraceBytes + 1)); // sparse: no disk used
        f.close();
        auto result = replay::loadRecording(path);
        QVERIFY(std::holds_alternative<QString>(result));
        QCOMPARE(std::get<QString>(result), path + QStringLiteral(" is 512.0 MB: LoopLab replays traces up to 512 MB"));
        QFile::remove(path);
    }

    void missingFileIsNamed()
    {
        auto result = replay::loadRecording(m_dir.filePath("nope.json"));
        QVERIFY(std::holds_alternative<QString>(result));
        QCOMPARE(std::get<QString>(result), m_dir.filePath("nope.json") + QStringLiteral(": no such file"));
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "test_replay.moc"
