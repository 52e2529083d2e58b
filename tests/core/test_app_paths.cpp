// Where LoopLab finds its own files (core/engine/app_paths.h) in a build tree, and the build
// information `looplab --version` and Help → About show. The installed layout is checked from a
// real extracted .deb by tests/packaging/test_package_deb.sh.
#include "catalog/build_info.h"
#include "engine/app_paths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace looplab;

class TestAppPaths : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildTreeUsesTheSourceTree()
    {
        // Run from build/bin: there is no ../share/looplab, so the data is the source tree's.
        QVERIFY(!paths::runningInstalled());
        const QString source = qEnvironmentVariable("LOOPLAB_SOURCE_DIR");
        QVERIFY(!source.isEmpty());
        QCOMPARE(QFileInfo(paths::dataDir()).canonicalFilePath(), QFileInfo(source + "/resources").canonicalFilePath());
        QVERIFY(QFileInfo::exists(paths::scenariosDir() + "/event_loop_gather.json"));
    }

    void workerIsFound()
    {
        const QString worker = paths::workerExecutable();
        QVERIFY2(QFileInfo(worker).isExecutable(), qPrintable(worker));
        QCOMPARE(QFileInfo(worker).fileName(), QStringLiteral("looplab-worker"));
    }

    void builtInScenarios_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("builtIn");
        const QString dir = paths::scenariosDir();
        QTest::newRow("a built-in scenario") << dir + "/pool_fib_threads.json" << true;
        QTest::newRow("through a relative path") << dir + "/../scenarios/pool_fib_threads.json" << true;
        QTest::newRow("the schema beside them") << paths::dataDir() + "/looplab.schema.json" << false;
        QTest::newRow("a user's file") << QDir::tempPath() + "/my_lesson.json" << false;
        QTest::newRow("unsaved") << QString() << false;
        QTest::newRow("a Qt resource") << QStringLiteral(":/scenarios/x.json") << true;
    }

    void builtInScenarios()
    {
        // A built-in file opens read-only: Save asks for a new name, so the examples never change.
        QFETCH(QString, path);
        QFETCH(bool, builtIn);
        QCOMPARE(paths::isBuiltInScenario(path), builtIn);
    }

    void versionLinesNameEveryComponent()
    {
        const BuildInfo info = buildInfo();
        const QStringList lines = versionLines(info);
        QCOMPARE(lines.first(), QStringLiteral("looplab ") + QStringLiteral(LOOPLAB_VERSION));
        QCOMPARE(info.qtRuntime, QString::fromLatin1(qVersion()));
        QVERIFY2(info.qcoro.startsWith(QLatin1String("0.")), qPrintable(info.qcoro)); // Debian 12: 0.8.x
        QVERIFY2(info.faiss.count(QLatin1Char('.')) == 2, qPrintable(info.faiss));
        for (const char* key : {"Qt: ", "QCoro: ", "FAISS: ", "CUDA: ", "GPU: ", "Data: "}) {
            const auto hit = std::find_if(
                lines.begin(), lines.end(), [&](const QString& l) { return l.startsWith(QLatin1String(key)); });
            QVERIFY2(hit != lines.end(), key);
        }
        // Without a GPU the line says why (the driver's words), never just "none".
        if (!info.gpuFound)
            QVERIFY2(info.gpuNote.size() > 10, qPrintable(info.gpuNote));
    }
};

QTEST_GUILESS_MAIN(TestAppPaths)
#include "test_app_paths.moc"
