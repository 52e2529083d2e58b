// The command line on the bad-file corpus: `looplab --headless FILE --out DIR` exits 2, prints
// exactly the manifest's message as the first line of stderr, does not crash, and leaves no DIR.
#include "bad_corpus.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace looplab::testing;

class TestBadScenariosCli : public QObject
{
    Q_OBJECT

    QString m_binary;
    QTemporaryDir m_scratch;
    QList<BadScenario> m_corpus;

private slots:
    void initTestCase()
    {
        const QByteArray bin = qgetenv("LOOPLAB_BIN_DIR");
        m_binary = QString::fromLocal8Bit(bin.isEmpty() ? QByteArray(LOOPLAB_TEST_BIN_DIR) : bin)
            + QStringLiteral("/looplab");
        if (!QFileInfo(m_binary).isExecutable())
            QFAIL(qPrintable(m_binary + QStringLiteral(" is not built")));
        QVERIFY(m_scratch.isValid());
        m_corpus = readBadScenarioManifest();
        QVERIFY(m_corpus.size() >= 30);
        for (const auto& [name, write] : generatedFiles())
            QVERIFY2(write(m_scratch.filePath(name)), qPrintable(name));
    }

    void corpus_data()
    {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        for (const auto& e : m_corpus) {
            bool generated = false;
            for (const auto& g : generatedFiles())
                generated = generated || g.first == e.name;
            QTest::newRow(qPrintable(e.name))
                << (generated ? m_scratch.path() : badScenarioDir()) << e.name << e.expected;
        }
    }

    void corpus()
    {
        QFETCH(QString, dir);
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QTemporaryDir outParent;
        QVERIFY(outParent.isValid());
        const QString out = outParent.filePath(QStringLiteral("out"));

        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(m_binary, {QStringLiteral("--headless"), name, QStringLiteral("--out"), out});
        QVERIFY2(p.waitForStarted(10000), qPrintable(p.errorString()));
        QVERIFY2(p.waitForFinished(60000), "looplab did not exit");
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit); // no crash
        QVERIFY2(p.exitCode() == 2, qPrintable(QStringLiteral("exit code %1, stderr: %2").arg(p.exitCode()).arg(err)));
        QCOMPARE(err.section(u'\n', 0, 0), expected);
        QVERIFY2(!QFileInfo::exists(out), "a refused scenario must not create the output folder");
    }
};

QTEST_GUILESS_MAIN(TestBadScenariosCli)
#include "test_bad_scenarios_cli.moc"
