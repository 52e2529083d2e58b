// Every built-in scenario runs headless and meets the expected result its notes state
// (the bounds live in builtin_expectations.json beside this test). A scenario without an entry
// fails the test, so a new lesson cannot ship unchecked.
// Each also keeps its work going long enough for a class to watch it (kWatchS, issue 16),
// measured from a run of the scenario as shipped.
#include "support/foreign_load.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

namespace {
QString src()
{
    return qEnvironmentVariable("LOOPLAB_SOURCE_DIR");
}
QJsonObject expectations()
{
    QFile f(src() + QStringLiteral("/tests/e2e/builtin_expectations.json"));
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}
QJsonObject scenarioFile(const QString& file)
{
    QFile f(src() + QStringLiteral("/resources/scenarios/") + file);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Long enough to watch (issue 16): a class must see a phenomenon develop, so every built-in keeps
// its work going for at least this long (wall seconds, at the scenario's own time_scale).
constexpr double kWatchS = 8.0;

// A row of builtin_expectations.json that runs the scenario as shipped (no --set, no --duration):
// its meetsItsNotes run also measures how long the work lasts.
bool runsAsShipped(const QJsonObject& entry)
{
    return !entry.contains(QStringLiteral("duration")) && !entry.contains(QStringLiteral("set"));
}

// The rows meetsItsNotes shortens: their length is measured by a run of their own.
QStringList shortenedRows()
{
    QStringList files;
    const auto exp = expectations();
    for (auto it = exp.begin(); it != exp.end(); ++it)
        if (!it.key().startsWith(QLatin1Char('_')) && !runsAsShipped(it.value().toObject()))
            files << it.key();
    return files;
}

// The length a run must reach: kWatchS, or less where the row's watch_cores says the work is
// CPU work spread over that many cores and this machine has more (more cores, shorter run).
double watchBound(const QJsonObject& entry)
{
    const double cores = entry.value(QStringLiteral("watch_cores")).toDouble(0);
    const int online = QThread::idealThreadCount();
    return cores > 0 && online > cores ? kWatchS * cores / online : kWatchS;
}

// summary.json's duration_s is when the run ended: when every lab's work was done, or at the cap.
void checkWatchable(const QJsonObject& summary, const QJsonObject& entry)
{
    const auto d = summary.value(QStringLiteral("duration_s"));
    QVERIFY2(d.isDouble(), "summary.json has no duration_s (when the run ended)");
    const double bound = watchBound(entry);
    qInfo("the work lasted %.2f s (a class needs >= %.2f s to watch it)", d.toDouble(), bound);
    QVERIFY2(d.toDouble() >= bound,
        qPrintable(QStringLiteral("the work ended after %1 s: shorter than the %2 s a class needs to watch it")
                       .arg(d.toDouble())
                       .arg(bound)));
}
} // namespace

class TestBuiltinScenarios : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyScenarioHasExpectations()
    {
        const auto exp = expectations();
        const auto files = QDir(src() + QStringLiteral("/resources/scenarios")).entryList({QStringLiteral("*.json")});
        QVERIFY(files.size() >= 16);
        for (const auto& f : files)
            QVERIFY2(exp.contains(f), qPrintable(f + QStringLiteral(" has no expectations")));
    }

    // The run lasts duration_s x time_scale: shorter than kWatchS, the lesson is cut off whatever
    // its work (the measured length is checked by meetsItsNotes and lastsLongEnoughToWatch).
    void everyScenarioDeclaresAWatchableLength()
    {
        const auto files = QDir(src() + QStringLiteral("/resources/scenarios")).entryList({QStringLiteral("*.json")});
        for (const auto& f : files) {
            const auto sc = scenarioFile(f);
            const double wall = sc.value(QStringLiteral("duration_s")).toDouble(10)
                * sc.value(QStringLiteral("time_scale")).toDouble(1);
            QVERIFY2(wall >= kWatchS, qPrintable(QStringLiteral("%1 lasts %2 s").arg(f).arg(wall)));
        }
    }

    void meetsItsNotes_data()
    {
        QTest::addColumn<QString>("file");
        const auto exp = expectations();
        for (auto it = exp.begin(); it != exp.end(); ++it)
            if (!it.key().startsWith(QLatin1Char('_')))
                QTest::newRow(qPrintable(it.key())) << it.key();
    }
    void meetsItsNotes()
    {
        QFETCH(QString, file);
        const auto entry = expectations().value(file).toObject();
        QTemporaryDir out;
        QStringList args{QStringLiteral("--headless"), src() + QStringLiteral("/resources/scenarios/") + file,
            QStringLiteral("--out"), out.path(), QStringLiteral("--no-screenshot")};
        if (entry.contains(QStringLiteral("duration")))
            args << QStringLiteral("--duration") << QString::number(entry.value(QStringLiteral("duration")).toDouble());
        for (const auto& s : entry.value(QStringLiteral("set")).toArray())
            args << QStringLiteral("--set") << s.toString();
        QProcess p;
        const looplab::testing::ForeignLoad load; // what other processes take of the cores meanwhile
        p.start(qEnvironmentVariable("LOOPLAB_BIN_DIR") + QStringLiteral("/looplab"), args);
        QVERIFY(p.waitForFinished(180'000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QFile f(out.filePath(QStringLiteral("summary.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto summary = QJsonDocument::fromJson(f.readAll()).object();
        const auto labs = summary.value(QStringLiteral("labs")).toObject();
        // What a failed run's programs printed (a Python traceback says why a run ended early).
        const auto printLogs = qScopeGuard([&] {
            if (!QTest::currentTestFailed())
                return;
            for (const QString& name : QDir(out.path()).entryList({QStringLiteral("*.log")})) {
                QFile log(out.filePath(name));
                if (log.open(QIODevice::ReadOnly))
                    qInfo("%s ends with:\n%s", qPrintable(name), log.readAll().right(2000).constData());
            }
        });
        // A claim that needs free cores (a speedup on 2 processes) scales its lower bound with
        // the cores the run really had: a busy machine is measured, not a reason to fail or skip.
        const double available = looplab::testing::availableCores(load);
        QMap<QString, double> share;
        const auto needs = entry.value(QStringLiteral("needs_cores")).toObject();
        for (auto it = needs.begin(); it != needs.end(); ++it) {
            share[it.key()] = std::min(1.0, available / it.value().toDouble());
            qInfo("%s needs %g free cores; the run had %.2f: its lower bound x %.2f", qPrintable(it.key()),
                it.value().toDouble(), available, share[it.key()]);
        }
        check(labs, entry.value(QStringLiteral("expect")).toObject(), share);
        if (QTest::currentTestFailed())
            return;
        // After the claims: a run that ended early for a reason (exit_code 1) is named by them.
        if (runsAsShipped(entry)) {
            checkWatchable(summary, entry);
            if (QTest::currentTestFailed())
                return;
        }
        if (!entry.contains(QStringLiteral("expect_with_gpu")))
            return;
        // Claims about the GPU (faster than the CPU, the cuda backend chosen) hold only where one
        // is usable: checked there, and a reported skip (for a missing device) elsewhere.
        const auto gpuLab = labs.value(entry.value(QStringLiteral("gpu_lab")).toString()).toObject();
        if (gpuLab.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("gpu_available")).toDouble() != 1)
            QSKIP("no usable GPU: the scenario's GPU claims (expect_with_gpu) were not checked");
        check(labs, entry.value(QStringLiteral("expect_with_gpu")).toObject(), share);
    }

    // The rows that meetsItsNotes shortens (set, duration) run here as shipped, capped just past
    // kWatchS: a run that ends before the cap ran out of work too soon. Three at a time: other
    // runs beside one can only slow its work down, never end it sooner.
    void lastsLongEnoughToWatch_data()
    {
        QTest::addColumn<QString>("file");
        for (const auto& file : shortenedRows())
            QTest::newRow(qPrintable(file)) << file;
    }
    void lastsLongEnoughToWatch()
    {
        QFETCH(QString, file);
        const auto& run = cappedRuns().value(file);
        QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
        checkWatchable(run.summary, expectations().value(file).toObject());
    }

private:
    struct CappedRun {
        QJsonObject summary;
        QString error;
    };
    // Every lastsLongEnoughToWatch row's run, made once, three processes at a time.
    static const QMap<QString, CappedRun>& cappedRuns()
    {
        static const QMap<QString, CappedRun> runs = [] {
            QMap<QString, CappedRun> result;
            const QStringList files = shortenedRows();
            QTemporaryDir out;
            for (qsizetype i = 0; i < files.size(); i += 3) {
                std::vector<std::unique_ptr<QProcess>> batch;
                for (const auto& file : files.mid(i, 3)) {
                    // --duration is scenario time: the run lasts it x time_scale.
                    const double timeScale = scenarioFile(file).value(QStringLiteral("time_scale")).toDouble(1);
                    auto& p = batch.emplace_back(std::make_unique<QProcess>());
                    p->setProperty("file", file);
                    p->start(qEnvironmentVariable("LOOPLAB_BIN_DIR") + QStringLiteral("/looplab"),
                        {QStringLiteral("--headless"), src() + QStringLiteral("/resources/scenarios/") + file,
                            QStringLiteral("--out"), out.filePath(file), QStringLiteral("--no-screenshot"),
                            QStringLiteral("--duration"), QString::number((kWatchS + 0.3) / timeScale)});
                }
                for (auto& p : batch) {
                    const QString file = p->property("file").toString();
                    auto& r = result[file];
                    if (!p->waitForFinished(120'000) || p->exitCode() != 0) {
                        r.error = file + QStringLiteral(": the run failed: ")
                            + QString::fromUtf8(p->readAllStandardError());
                        continue;
                    }
                    QFile f(out.filePath(file) + QStringLiteral("/summary.json"));
                    if (!f.open(QIODevice::ReadOnly))
                        r.error = file + QStringLiteral(": no summary.json");
                    else
                        r.summary = QJsonDocument::fromJson(f.readAll()).object();
                }
            }
            return result;
        }();
        return runs;
    }

    static void check(const QJsonObject& labs, const QJsonObject& expect, const QMap<QString, double>& share)
    {
        // LAB.METRIC, where METRIC may itself hold dots ("work.depth_max"). Null (the lab could
        // not measure it) fails, whatever the range says.
        auto value = [&](const QString& key, double& v) {
            const QString labId = key.section(QLatin1Char('.'), 0, 0);
            const QString name = key.section(QLatin1Char('.'), 1);
            const auto metrics = labs.value(labId).toObject().value(QStringLiteral("metrics")).toObject();
            QVERIFY2(metrics.contains(name), qPrintable(QStringLiteral("missing metric ") + key));
            QVERIFY2(metrics.value(name).isDouble(), qPrintable(key + QStringLiteral(" is null (not measured)")));
            v = metrics.value(name).toDouble();
        };
        for (auto it = expect.begin(); it != expect.end(); ++it) {
            double v = 0;
            if (it.key().contains(QLatin1Char('/'))) {
                // "A.METRIC / B.METRIC": a relative claim (this is 1.5x that), measured in one run.
                double num = 0, den = 0;
                value(it.key().section(QLatin1Char('/'), 0, 0).trimmed(), num);
                if (QTest::currentTestFailed())
                    return;
                value(it.key().section(QLatin1Char('/'), 1).trimmed(), den);
                if (QTest::currentTestFailed())
                    return;
                QVERIFY2(den > 0, qPrintable(it.key() + QStringLiteral(": the denominator is not > 0")));
                v = num / den;
            } else {
                value(it.key(), v);
                if (QTest::currentTestFailed())
                    return;
            }
            const auto range = it.value().toArray();
            const double low = range[0].toDouble() * share.value(it.key(), 1.0);
            const bool okLow = range[0].isNull() || v >= low;
            const bool okHigh = range[1].isNull() || v <= range[1].toDouble();
            qInfo("%s = %g (expected %s..%s)", qPrintable(it.key()), v,
                range[0].isNull() ? "-" : qPrintable(QString::number(low)),
                range[1].isNull() ? "-" : qPrintable(QString::number(range[1].toDouble())));
            QVERIFY2(
                okLow && okHigh, qPrintable(QStringLiteral("%1 = %2 outside its expected range").arg(it.key()).arg(v)));
        }
    }
};

QTEST_GUILESS_MAIN(TestBuiltinScenarios)
#include "test_builtin_scenarios.moc"
