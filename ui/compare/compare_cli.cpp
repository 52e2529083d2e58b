#include "compare_cli.h"

#include "catalog/catalog.h"
#include "compare/compare_model.h"
#include "compare/compare_window.h"
#include "compare/cpython_pair.h"
#include "ui_text.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <algorithm>

namespace looplab::ui::compare {

namespace {

QJsonValue parseValue(const QString& text)
{
    // JSON where it parses ("8", "true", "\"x\""), else the bare word as a string: as --set does.
    QJsonParseError e{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text.trimmed().toUtf8() + "]", &e);
    if (e.error == QJsonParseError::NoError && doc.array().size() == 1)
        return doc.array().at(0);
    return text.trimmed();
}

} // namespace

namespace {
int runAndWrite(CompareWindow& window, const QString& option, const QString& outDir);
} // namespace

QString parseCompareArgs(const QString& text, CompareArgs& out)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    const QString target = text.left(eq).trimmed();
    const qsizetype dot = target.indexOf(QLatin1Char('.'));
    if (eq < 0 || dot <= 0 || dot == target.size() - 1)
        return QCoreApplication::translate("Compare", "--compare: expected LAB.PARAM=A,B, got \"%1\"").arg(text);
    const QStringList values = text.mid(eq + 1).split(QLatin1Char(','));
    if (values.size() != 2 || values[0].trimmed().isEmpty() || values[1].trimmed().isEmpty())
        return QCoreApplication::translate("Compare", "--compare: expected two values A,B after \"=\", got \"%1\"")
            .arg(text.mid(eq + 1));
    out.labId = target.left(dot);
    out.path = target.mid(dot + 1);
    out.a = parseValue(values[0]);
    out.b = parseValue(values[1]);
    return {};
}

int runCompareHeadless(const scenario::Scenario& scenario, const QString& compareArg, double durationS,
    const QString& outDir, bool allowRemote)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    CompareArgs args;
    if (const QString e = parseCompareArgs(compareArg, args); !e.isEmpty()) {
        err << "looplab: error: " << e << Qt::endl;
        return 2;
    }
    CompareWindow window(scenario, labCatalog());
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(1700, 1040);
    window.show();
    if (!window.setVariants(args.labId, args.path, args.a, args.b)) {
        err << "looplab: error: --compare: the scenario has no parameter " << args.labId << '.' << args.path
            << Qt::endl;
        return 2;
    }
    window.setDuration(durationS > 0 ? durationS : scenario.durationS);
    window.setAllowRemote(allowRemote);
    return runAndWrite(window, QStringLiteral("--compare"), outDir);
}

int runCompareCpythonHeadless(const QString& scenarioPath, const QString& outDir, bool allowRemote)
{
    QTextStream err(stderr);
    const auto pairs = cpythonPairsFor(scenarioPath);
    if (pairs.empty()) {
        err << "looplab: error: --compare-cpython: " << scenarioPath
            << " is not a built-in scenario paired in python/pairs.json" << Qt::endl;
        return 2;
    }
    if (outDir.isEmpty()) {
        err << "looplab: error: --compare-cpython needs --out DIR" << Qt::endl;
        return 2;
    }
    // The window starts from the LoopLab side; the pair itself is what is compared.
    auto base = scenario::loadScenarioFile(pairs.front().looplabScenario, labCatalog());
    if (auto* e = std::get_if<scenario::ScenarioError>(&base)) {
        err << e->toString() << Qt::endl;
        return 2;
    }
    CompareWindow window(std::get<scenario::Scenario>(base), labCatalog());
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(1700, 1040);
    window.show();
    const auto& offered = window.cpythonPairs();
    const auto it = std::find_if(offered.begin(), offered.end(),
        [&](const CpythonPair& p) { return p.pythonScenario == pairs.front().pythonScenario; });
    if (const QString e = window.chooseCpython(int(it - offered.begin())); !e.isEmpty()) {
        err << "looplab: error: --compare-cpython: " << e << Qt::endl;
        return 2;
    }
    window.setAllowRemote(allowRemote);
    return runAndWrite(window, QStringLiteral("--compare-cpython"), outDir);
}

namespace {

int runAndWrite(CompareWindow& window, const QString& option, const QString& outDir)
{
    QTextStream err(stderr);
    QTextStream out(stdout);
    QEventLoop loop;
    QString failure;
    QObject::connect(&window, &CompareWindow::comparisonFinished, &loop, &QEventLoop::quit);
    QObject::connect(&window, &CompareWindow::comparisonFailed, &loop, [&](const QString& m) {
        failure = m;
        loop.quit();
    });
    if (const QString e = window.startCompare(); !e.isEmpty()) {
        err << "looplab: error: " << option << ": " << e << Qt::endl;
        return 2;
    }
    loop.exec();
    if (!failure.isEmpty()) {
        err << "looplab: error: " << failure << Qt::endl;
        return 1;
    }
    if (!QDir().mkpath(outDir)) {
        err << "looplab: error: cannot create " << outDir << Qt::endl;
        return 1;
    }
    QCoreApplication::processEvents(); // let the panels take their final sizes before the picture
    const QDir dir(outDir);
    const QString csv = dir.filePath(QStringLiteral("compare.csv"));
    const QString png = dir.filePath(QStringLiteral("compare.png"));
    for (const QString& e : {window.exportCsv(csv), window.exportPng(png)})
        if (!e.isEmpty()) {
            err << "looplab: error: " << e << Qt::endl;
            return 1;
        }
    const CompareTableModel* m = window.model();
    out << "A: " << m->labelA() << "\nB: " << m->labelB() << '\n';
    for (const auto& r : m->rows())
        out << "  " << labelWithUnit(r.name, r.info.unit) << ": " << formatNumber(r.a) << " → " << formatNumber(r.b)
            << "  (B/A " << m->data(m->index(m->rowOf(r.name), CompareTableModel::RatioColumn)).toString() << ")\n";
    out << "wrote:\n  " << QDir::current().relativeFilePath(csv) << "\n  " << QDir::current().relativeFilePath(png)
        << Qt::endl;
    return 0;
}

} // namespace

} // namespace looplab::ui::compare
