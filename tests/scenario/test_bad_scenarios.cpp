// Every file of tests/bad_scenarios/ is refused by the loader with exactly the message its
// manifest line says (FILE:LINE:COL: error: PATH: what was expected), and never crashes it;
// the good files beside these tests load.
#include "bad_corpus.h"
#include "catalog/catalog.h"
#include "scenario/scenario_loader.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace looplab::scenario;
using namespace looplab::testing;

class TestBadScenarios : public QObject
{
    Q_OBJECT

    QTemporaryDir m_scratch;
    QList<BadScenario> m_corpus;

private slots:
    void initTestCase()
    {
        QVERIFY(m_scratch.isValid());
        QString error;
        m_corpus = readBadScenarioManifest(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(m_corpus.size() >= 30, "the corpus needs at least 30 bad files");
        for (const auto& [name, write] : generatedFiles())
            QVERIFY2(write(m_scratch.filePath(name)), qPrintable(name));
        // Every file in the folder is in the manifest, so none goes unchecked.
        QStringList listed;
        for (const auto& e : m_corpus)
            listed << e.name;
        const QStringList present = QDir(badScenarioDir()).entryList(QDir::Files);
        for (const QString& f : present)
            if (f != QLatin1String("EXPECTED") && f != QLatin1String("README.md"))
                QVERIFY2(listed.contains(f), qPrintable(f + QStringLiteral(" has no line in EXPECTED")));
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
        QVERIFY2(QFile::exists(dir + u'/' + name), qPrintable(name + QStringLiteral(" is missing")));
        // File names in messages are as given on the command line: relative to the folder.
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir));
        auto loaded = loadScenarioFile(name, looplab::labCatalog());
        QDir::setCurrent(previous);
        QVERIFY2(std::holds_alternative<ScenarioError>(loaded), "the loader accepted a bad file");
        const QString actual = std::get<ScenarioError>(loaded).toString();
        if (qEnvironmentVariableIsSet("LOOPLAB_PRINT_BAD_SCENARIOS"))
            qInfo().noquote() << name + u'\t' + actual;
        QCOMPARE(actual, expected);
        QVERIFY(!actual.contains(u'\n'));

        // The same bytes given to parseScenario() say the same thing.
        QFile f(dir + u'/' + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        if (f.size() <= 2 * kMaxFileBytes) {
            auto parsed = parseScenario(f.readAll(), name, looplab::labCatalog());
            QVERIFY(std::holds_alternative<ScenarioError>(parsed));
            QCOMPARE(std::get<ScenarioError>(parsed).toString(), expected);
        }
    }

    void goodFiles_data()
    {
        QTest::addColumn<QString>("path");
        const QString good = sourceRoot() + QStringLiteral("/tests/scenario/good");
        for (const QString& f : QDir(good).entryList({QStringLiteral("*.json")}, QDir::Files))
            QTest::newRow(qPrintable(f)) << good + u'/' + f;
        const QString builtIn = sourceRoot() + QStringLiteral("/resources/scenarios");
        for (const QString& f : QDir(builtIn).entryList({QStringLiteral("*.json")}, QDir::Files))
            QTest::newRow(qPrintable(QStringLiteral("resources/") + f)) << builtIn + u'/' + f;
    }

    void goodFiles()
    {
        QFETCH(QString, path);
        auto loaded = loadScenarioFile(path, looplab::labCatalog());
        if (auto* e = std::get_if<ScenarioError>(&loaded))
            QFAIL(qPrintable(e->toString()));
        // And they survive a save/reload unchanged.
        const Scenario& s = std::get<Scenario>(loaded);
        auto again = parseScenario(serializeScenario(s), path, looplab::labCatalog());
        QVERIFY(std::holds_alternative<Scenario>(again));
        QCOMPARE(std::get<Scenario>(again).toJson(), s.toJson());
    }
};

QTEST_GUILESS_MAIN(TestBadScenarios)
#include "test_bad_scenarios.moc"
