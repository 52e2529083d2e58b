// Fault run (issue 9): the open scenario file is edited on disk while the window runs it. The
// window asks once (after the editor's writes settle), reloads on yes, keeps the user's version on
// no, shows FILE:LINE:COL and keeps the old scenario when the new content is broken, treats its
// own Save as no change, and survives the file being deleted or replaced by rename.
#include "fake_lab.h"
#include "main_window.h"
#include "scenario/scenario_document.h"
#include "scenario/scenario_file_watch.h"

#include <QDir>
#include <QFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace looplab;
using namespace looplab::ui;

class TestUiFileWatch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void editOnDiskAsksAndReloads_data();
    void editOnDiskAsksAndReloads();
    void brokenEditKeepsTheOpenScenario();
    void ownSaveIsNotAChange();
    void unsavedEditsSurviveKeepMine();
    void deletedFileKeepsTheScenarioOpen();
    void promptBoxWithoutTestHook();

private:
    QString write(const QString& path, const QByteArray& bytes, bool byRename = false);
    // Waits past the watcher's settle time so a change that should not be reported has had its chance.
    static void settle() { QTest::qWait(ScenarioFileWatch::kSettleMs * 3); }

    std::unique_ptr<QTemporaryDir> m_dir;
    uitest::FakeCatalog m_catalog;
    std::unique_ptr<engine::Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;
    QStringList m_asked; // paths the reload prompt was shown for
    bool m_answer = true;
    bool m_askedWithEdits = false;
};

void TestUiFileWatch::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_file_watch"));
    QSettings().clear();
}

void TestUiFileWatch::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_asked.clear();
    m_answer = true;
    m_engine = std::make_unique<engine::Engine>(m_catalog);
    m_window = std::make_unique<MainWindow>(m_engine.get(), m_catalog, false);
    m_window->setReloadPrompt([this](const QString& path, bool modified) {
        m_asked << path;
        m_askedWithEdits = modified;
        return m_answer;
    });
    m_window->setSavePrompt([] { return QMessageBox::Discard; });
    m_window->show();
}

void TestUiFileWatch::cleanup()
{
    m_window.reset();
    m_engine.reset();
    m_dir.reset();
}

QString TestUiFileWatch::write(const QString& path, const QByteArray& bytes, bool byRename)
{
    if (byRename) { // how many editors save: a new file renamed over the old one
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
            qFatal("cannot write %s", qPrintable(path));
    } else { // truncate and write in place, in two steps as a slow editor would
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        f.write(bytes.left(bytes.size() / 2));
        f.flush();
        QTest::qWait(20);
        f.write(bytes.mid(bytes.size() / 2));
    }
    return path;
}

void TestUiFileWatch::editOnDiskAsksAndReloads_data()
{
    QTest::addColumn<bool>("byRename");
    QTest::newRow("written in place") << false;
    QTest::newRow("renamed over") << true;
}

void TestUiFileWatch::editOnDiskAsksAndReloads()
{
    QFETCH(bool, byRename);
    const QString path
        = write(m_dir->filePath(QStringLiteral("s.json")), uitest::fakeScenarioJson(QStringLiteral("Before")));
    QVERIFY(m_window->openFile(path));
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Before"));

    write(path, uitest::fakeScenarioJson(QStringLiteral("After"), 20), byRename);
    QTRY_COMPARE_WITH_TIMEOUT(m_asked.size(), 1, 5000);
    QCOMPARE(QFileInfo(m_asked.first()).fileName(), QStringLiteral("s.json"));
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("After"));
    settle();
    QCOMPARE(m_asked.size(), 1); // asked once per change, not once per write

    // The watch survives the reload (and a rename): a second edit is noticed too.
    write(path, uitest::fakeScenarioJson(QStringLiteral("Again"), 30), byRename);
    QTRY_COMPARE_WITH_TIMEOUT(m_asked.size(), 2, 5000);
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Again"));
}

void TestUiFileWatch::brokenEditKeepsTheOpenScenario()
{
    const QString path
        = write(m_dir->filePath(QStringLiteral("s.json")), uitest::fakeScenarioJson(QStringLiteral("Good")));
    QVERIFY(m_window->openFile(path));
    // workers = 0 is out of range (1..64) on line 9 of the fake scenario.
    write(path, uitest::fakeScenarioJson(QStringLiteral("Broken"), 10, 0));
    QTRY_COMPARE_WITH_TIMEOUT(m_asked.size(), 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->lastError().contains(QStringLiteral("s.json:9:")), 2000);
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Good"));
    QVERIFY(m_window->findChild<QMessageBox*>(QStringLiteral("errorDialog")));
    settle();
    QCOMPARE(m_asked.size(), 1); // the same broken content is not asked about again

    // Fixed on disk: asked again, and now it loads.
    write(path, uitest::fakeScenarioJson(QStringLiteral("Fixed")));
    QTRY_COMPARE_WITH_TIMEOUT(m_asked.size(), 2, 5000);
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Fixed"));
}

void TestUiFileWatch::ownSaveIsNotAChange()
{
    const QString path
        = write(m_dir->filePath(QStringLiteral("s.json")), uitest::fakeScenarioJson(QStringLiteral("Mine")));
    QVERIFY(m_window->openFile(path));
    QVERIFY(!m_window->document()->editParameter(QStringLiteral("fake"), QStringLiteral("workers"), 5));
    QVERIFY(m_window->save());
    settle();
    QVERIFY2(m_asked.isEmpty(), "LoopLab's own save was taken for an edit by someone else");
    // Save As to a new file moves the watch there.
    const QString other = m_dir->filePath(QStringLiteral("copy.json"));
    QVERIFY(m_window->saveAs(other));
    settle();
    write(path, uitest::fakeScenarioJson(QStringLiteral("Old file edited")));
    settle();
    QVERIFY(m_asked.isEmpty());
    QFile f(other);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray saved = f.readAll();
    f.close();
    write(other, QByteArray(saved).replace("\"Mine\"", "\"Theirs\""));
    QTRY_COMPARE_WITH_TIMEOUT(m_asked.size(), 1, 5000);
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Theirs"));
}

void TestUiFileWatch::unsavedEditsSurviveKeepMine()
{
    const QString path
        = write(m_dir->filePath(QStringLiteral("s.json")), uitest::fakeScenarioJson(QStringLiteral("Mine")));
    QVERIFY(m_window->openFile(path));
    QVERIFY(!m_window->document()->editParameter(QStringLiteral("fake"), QStringLiteral("workers"), 7));
    QVERIFY(m_window->document()->isModified());
    m_answer = false; // Keep mine
    write(path, uitest::fakeScenarioJson(QStringLiteral("Theirs")));
    QTRY_COMPARE_WITH_TIMEOUT(m_asked.size(), 1, 5000);
    QVERIFY(m_askedWithEdits); // the prompt knew there was something to lose
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Mine"));
    QVERIFY(m_window->document()->isModified());
    QCOMPARE(m_window->document()->undoStack()->count(), 1);
}

void TestUiFileWatch::deletedFileKeepsTheScenarioOpen()
{
    const QString path
        = write(m_dir->filePath(QStringLiteral("s.json")), uitest::fakeScenarioJson(QStringLiteral("Here")));
    QVERIFY(m_window->openFile(path));
    QVERIFY(QFile::remove(path));
    settle();
    QVERIFY(m_asked.isEmpty());
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Here"));
    // Written back by someone: that is a change again.
    write(path, uitest::fakeScenarioJson(QStringLiteral("Back")));
    QTRY_COMPARE_WITH_TIMEOUT(m_asked.size(), 1, 5000);
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Back"));
}

void TestUiFileWatch::promptBoxWithoutTestHook()
{
    m_window->setReloadPrompt({}); // the real, window-modal box
    const QString path
        = write(m_dir->filePath(QStringLiteral("s.json")), uitest::fakeScenarioJson(QStringLiteral("Before")));
    QVERIFY(m_window->openFile(path));
    write(path, uitest::fakeScenarioJson(QStringLiteral("After")));
    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = m_window->findChild<QMessageBox*>(QStringLiteral("reloadPrompt"))), 5000);
    QVERIFY(box->text().contains(QStringLiteral("s.json")));
    QCOMPARE(m_window->document()->scenario().title.en, QStringLiteral("Before")); // nothing before the answer
    box->defaultButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->document()->scenario().title.en, QStringLiteral("After"), 2000);
}

QTEST_MAIN(TestUiFileWatch)
#include "test_ui_file_watch.moc"
