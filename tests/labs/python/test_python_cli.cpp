// `looplab --headless --python SCRIPT [ARGS...] --out DIR` runs a real Python program as the lab
// "python": summary.json has its metrics, python.log what it printed; a missing script is a
// usage error (exit code 2) that writes nothing.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
QString looplab()
{
    return qEnvironmentVariable("LOOPLAB_BIN_DIR") + QStringLiteral("/looplab");
}
QString course(const char* name)
{
    return qEnvironmentVariable("LOOPLAB_SOURCE_DIR") + QStringLiteral("/resources/python/course/")
        + QLatin1String(name);
}
} // namespace

class TestPythonCli : public QObject
{
    Q_OBJECT
private slots:
    void headlessPythonWritesTheUsualFilesAndTheLog()
    {
        QTemporaryDir out;
        QProcess p;
        p.start(looplab(),
            {QStringLiteral("--headless"), QStringLiteral("--python"), course("blocking_sleep.py"),
                QStringLiteral("0.3"), QStringLiteral("--out"), out.path(), QStringLiteral("--no-screenshot")});
        QVERIFY(p.waitForFinished(60'000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QFile f(out.filePath(QStringLiteral("summary.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto metrics = QJsonDocument::fromJson(f.readAll())
                                 .object()
                                 .value(QStringLiteral("labs"))
                                 .toObject()
                                 .value(QStringLiteral("python"))
                                 .toObject()
                                 .value(QStringLiteral("metrics"))
                                 .toObject();
        QCOMPARE(metrics.value(QStringLiteral("exit_code")).toDouble(-1), 0.0);
        QCOMPARE(metrics.value(QStringLiteral("slow_callbacks")).toDouble(), 1.0); // the argument reached the script
        const double lag = metrics.value(QStringLiteral("lag_max_ms")).toDouble();
        QVERIFY2(lag > 250 && lag < 500, qPrintable(QString::number(lag)));
        QFile log(out.filePath(QStringLiteral("python.log")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("blocked the loop for 0.3 s"));
    }

    void missingScriptIsAUsageError()
    {
        QTemporaryDir out;
        QProcess p;
        p.start(looplab(),
            {QStringLiteral("--headless"), QStringLiteral("--python"), QStringLiteral("/no/such/script.py"),
                QStringLiteral("--out"), out.filePath(QStringLiteral("o"))});
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(p.readAllStandardError().contains("--python"));
        QVERIFY(!QDir(out.filePath(QStringLiteral("o"))).exists());
    }
};

QTEST_GUILESS_MAIN(TestPythonCli)
#include "test_python_cli.moc"
