// Every built-in scenario runs headless and meets the expected result its notes state
// (the bounds live in builtin_expectations.json beside this test). A scenario without an entry
// fails the test, so a new lesson cannot ship unchecked.
#include "support/foreign_load.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

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
        const auto labs = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("labs")).toObject();
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
        if (QTest::currentTestFailed() || !entry.contains(QStringLiteral("expect_with_gpu")))
            return;
        // Claims about the GPU (faster than the CPU, the cuda backend chosen) hold only where one
        // is usable: checked there, and a reported skip (for a missing device) elsewhere.
        const auto gpuLab = labs.value(entry.value(QStringLiteral("gpu_lab")).toString()).toObject();
        if (gpuLab.value(QStringLiteral("metrics")).toObject().value(QStringLiteral("gpu_available")).toDouble() != 1)
            QSKIP("no usable GPU: the scenario's GPU claims (expect_with_gpu) were not checked");
        check(labs, entry.value(QStringLiteral("expect_with_gpu")).toObject(), share);
    }

private:
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
