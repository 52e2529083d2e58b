// Issue 17: --allow-remote reaches the window and --compare, not only a plain --headless run. In
// the window, a scenario whose api lab targets another machine is opened only after a
// confirmation, unless LoopLab was started with --allow-remote; --compare refuses such a target
// without the switch and runs it with it.
#include "catalog/catalog.h"
#include "engine/engine.h"
#include "main_window.h"

#include <QAbstractButton>
#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace looplab;
using ui::MainWindow;

namespace {

// The built-in rate-limit scenario with its load sent to `target`, written into `dir`.
QString scenarioWithTarget(const QTemporaryDir& dir, const QString& target)
{
    QFile in(qEnvironmentVariable("LOOPLAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/api_rate_limit.json"));
    if (!in.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(in.fileName()));
    QJsonObject sc = QJsonDocument::fromJson(in.readAll()).object();
    QJsonArray labs = sc.value(QLatin1String("labs")).toArray();
    for (auto&& v : labs) {
        QJsonObject lab = v.toObject();
        if (lab.value(QLatin1String("kind")).toString() == QLatin1String("api")) {
            QJsonObject load = lab.value(QLatin1String("load")).toObject();
            load[QStringLiteral("target")] = target;
            lab[QStringLiteral("load")] = load;
        }
        v = lab;
    }
    sc[QStringLiteral("labs")] = labs;
    sc[QStringLiteral("duration_s")] = 1;
    const QString path = dir.filePath(QStringLiteral("api_target.json"));
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(sc).toJson()) < 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

} // namespace

class TestUiAllowRemote : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void windowConfirmsRemoteTarget_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<bool>("allowRemote"); // started with --allow-remote
        QTest::addColumn<int>("answer"); // the button pressed if it asks
        QTest::addColumn<bool>("expectAsked");
        QTest::addColumn<bool>("expectOpened");
        const QString remote = QStringLiteral("http://192.0.2.1:9/items/{id}"); // TEST-NET-1: never a real host
        QTest::newRow("remote_no") << remote << false << int(QMessageBox::No) << true << false;
        QTest::newRow("remote_yes") << remote << false << int(QMessageBox::Yes) << true << true;
        QTest::newRow("remote_name_no") << QStringLiteral("http://example.invalid:8000/items/{id}") << false
                                        << int(QMessageBox::No) << true << false;
        QTest::newRow("remote_with_allow_remote") << remote << true << int(QMessageBox::No) << false << true;
        QTest::newRow("loopback") << QStringLiteral("http://127.0.0.1:9/items/{id}") << false << int(QMessageBox::No)
                                  << false << true;
        QTest::newRow("builtin") << QStringLiteral("builtin") << false << int(QMessageBox::No) << false << true;
    }
    void windowConfirmsRemoteTarget()
    {
        QFETCH(QString, target);
        QFETCH(bool, allowRemote);
        QFETCH(int, answer);
        QFETCH(bool, expectAsked);
        QFETCH(bool, expectOpened);
        QTemporaryDir dir;
        const QString path = scenarioWithTarget(dir, target);

        engine::Engine engine(labCatalog());
        engine.setAllowRemote(allowRemote);
        MainWindow main(&engine, labCatalog(), false);
        main.setAutoStart(false);
        bool asked = false;
        QString text;
        QTimer answerer;
        answerer.setInterval(20);
        connect(&answerer, &QTimer::timeout, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                asked = true;
                text = box->text();
                box->button(QMessageBox::StandardButton(answer))->click();
            }
        });
        answerer.start();
        const bool opened = main.openFile(path);
        answerer.stop();

        QCOMPARE(asked, expectAsked);
        QCOMPARE(opened, expectOpened);
        if (asked) {
            QVERIFY2(text.contains(target) && text.contains(QLatin1String("--allow-remote")), qPrintable(text));
            // Yes allows this scenario's target; No leaves the engine as it was.
            QCOMPARE(engine.allowRemote(), answer == int(QMessageBox::Yes));
        } else {
            QCOMPARE(engine.allowRemote(), allowRemote);
        }
    }

    // --compare: without --allow-remote the remote target is refused (exit 1, the reason on
    // stderr); with it both runs happen (requests to a host that never answers: timeouts).
    void compareHonoursAllowRemote_data()
    {
        QTest::addColumn<bool>("allowRemote");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("without") << false << 1;
        QTest::newRow("with") << true << 0;
    }
    void compareHonoursAllowRemote()
    {
        QFETCH(bool, allowRemote);
        QFETCH(int, exitCode);
        QTemporaryDir dir;
        const QString path = scenarioWithTarget(dir, QStringLiteral("http://192.0.2.1:9/items/{id}"));
        QStringList args{QStringLiteral("--headless"), path, QStringLiteral("--out"),
            dir.filePath(QStringLiteral("out")), QStringLiteral("--compare"),
            QStringLiteral("api.load.rate_per_s=50,100"), QStringLiteral("--duration"), QStringLiteral("1")};
        if (allowRemote)
            args << QStringLiteral("--allow-remote");
        QProcess p;
        p.start(qEnvironmentVariable("LOOPLAB_BIN_DIR") + QStringLiteral("/looplab"), args);
        QVERIFY(p.waitForFinished(60'000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == exitCode, qPrintable(err));
        if (!allowRemote)
            QVERIFY2(err.contains(QLatin1String("--allow-remote")), qPrintable(err));
        else
            QVERIFY(QFile::exists(dir.filePath(QStringLiteral("out/compare.csv"))));
    }
};

QTEST_MAIN(TestUiAllowRemote)
#include "test_ui_allow_remote.moc"
