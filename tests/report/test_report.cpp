// The homework PDF (issue 8): from a real run and two panel pictures, in English and Chinese. The
// PDF must have one page per panel after the first, open in poppler (pdfinfo, pdftoppm render
// it), carry the text (title, metrics, version) as text, embed a CJK font for Chinese, and show
// the pictures on their pages.
#include "catalog/catalog.h"
#include "report/report_writer.h"
#include "scenario/scenario_loader.h"
#include "support/run_scenario.h"

#include <QDir>
#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace looplab;

namespace {

struct Tool {
    int exitCode = -1;
    QString out;
};

Tool runTool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60'000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
        QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError())};
}

// A stand-in for a grabbed panel: a big pure colour block (found again in the rendered page),
// a few lines and a label.
QImage panelPicture(QSize size, QColor block, const QString& label)
{
    QImage img(size, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    p.fillRect(QRect(QPoint(0, 0), size / 2), block);
    p.setPen(QPen(Qt::black, 4));
    for (int i = 0; i < 10; ++i)
        p.drawLine(size.width() / 2, size.height() / 2 + i * 30, size.width(), size.height() / 2 + i * 10);
    QFont f;
    f.setPixelSize(size.height() / 12);
    p.setFont(f);
    p.drawText(QRect(0, size.height() / 2, size.width() / 2, size.height() / 2), Qt::AlignCenter, label);
    return img;
}

// Share of pixels close to `c`.
double shareOf(const QImage& img, QColor c)
{
    const QImage rgb = img.convertToFormat(QImage::Format_RGB32);
    qint64 hits = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x)
            hits += std::abs(qRed(line[x]) - c.red()) < 40 && std::abs(qGreen(line[x]) - c.green()) < 40
                && std::abs(qBlue(line[x]) - c.blue()) < 40;
    }
    return double(hits) / double(rgb.width() * rgb.height());
}

} // namespace

class TestReport : public QObject
{
    Q_OBJECT
    std::shared_ptr<const engine::RunResult> m_run;
    QTemporaryDir m_dir;

    report::ReportInput input(const QString& language) const
    {
        auto in = report::reportInputFor(*m_run, language);
        in.date = QDateTime(QDate(2025, 3, 14), QTime(9, 30));
        in.panels.push_back(
            {QStringLiteral("event_loop — loop lag\nThe lag rises to the length of each blocking call (150 ms)."),
                panelPicture({1600, 900}, QColor(220, 20, 20), QStringLiteral("lag"))});
        in.panels.push_back({QStringLiteral("事件循环 — 任务时间线\n阻塞调用期间所有任务都被推迟。"),
            panelPicture({900, 1200}, QColor(20, 60, 220), QStringLiteral("timeline"))});
        return in;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable("pdfinfo").isEmpty() || QStandardPaths::findExecutable("pdftoppm").isEmpty())
            QFAIL("poppler-utils (pdfinfo, pdftoppm) are not installed: `make deps` installs them");
        QVERIFY(m_dir.isValid());
        // LOOPLAB_KEEP_REPORTS=1 keeps the PDFs and rendered pages to look at.
        if (qEnvironmentVariableIsSet("LOOPLAB_KEEP_REPORTS")) {
            m_dir.setAutoRemove(false);
            qInfo() << "reports in" << m_dir.path();
        }
        m_run = testing::runScenario(R"({"looplab": 1,
            "title": {"en": "Blocking the event loop", "zh": "阻塞事件循环"},
            "notes": {"en": "**Watch** the lag chart:\n\n- every blocking call of 150 ms drives the lag to 150 ms\n- all tasks are delayed\n\nNext: set `cpu_mode` to `to_thread`.",
                      "zh": "**观察：**事件循环延迟图：\n\n- 每次 150 毫秒的阻塞调用都会让延迟升到 150 毫秒\n- 所有任务都被推迟\n\n下一步：把 `cpu_mode` 改成 `to_thread`。"},
            "labs": [{"id": "loop", "kind": "event_loop", "tasks": 20, "io_ms": 50,
                      "blocking_call_ms": 150, "blocking_every_ms": 300}], "duration_s": 0.6})",
            30);
        QVERIFY(m_run);
    }

    void pdfHasOnePagePerPanel_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("heading");
        QTest::newRow("English") << "en"
                                 << "Blocking the event loop"
                                 << "Summary metrics";
        QTest::newRow("Chinese") << "zh_CN"
                                 << "阻塞事件循环"
                                 << "汇总指标";
    }
    void pdfHasOnePagePerPanel()
    {
        QFETCH(QString, language);
        QFETCH(QString, title);
        QFETCH(QString, heading);
        const auto in = input(language);
        const QString pdf = m_dir.filePath(QStringLiteral("report_%1.pdf").arg(language));
        QCOMPARE(report::writeReportPdf(in, pdf), QString());
        QVERIFY(QFile::exists(pdf));
        QCOMPARE(report::reportPageCount(in), 3);

        const Tool info = runTool("pdfinfo", {pdf});
        QCOMPARE(info.exitCode, 0);
        const auto pages = QRegularExpression(R"(Pages:\s+(\d+))").match(info.out);
        QVERIFY2(pages.hasMatch(), qPrintable(info.out));
        QCOMPARE(pages.captured(1).toInt(), 1 + int(in.panels.size()));
        QVERIFY2(info.out.contains(QRegularExpression(R"(Page size:\s+595(\.\d+)? x 84[12](\.\d+)? pts \(A4\))")),
            qPrintable(info.out));

        // Renders (poppler opens it) and each panel page shows its picture.
        const QString prefix = m_dir.filePath(QStringLiteral("page_%1").arg(language));
        const Tool render = runTool("pdftoppm", {"-png", "-r", "60", pdf, prefix});
        QCOMPARE(render.exitCode, 0);
        QDir dir(m_dir.path());
        const auto pngs = dir.entryList({QStringLiteral("page_%1-*.png").arg(language)}, QDir::Files, QDir::Name);
        QCOMPARE(pngs.size(), 3);
        const QImage page1(dir.filePath(pngs[0])), page2(dir.filePath(pngs[1])), page3(dir.filePath(pngs[2]));
        QVERIFY(!page1.isNull() && !page2.isNull() && !page3.isNull());
        QVERIFY2(shareOf(page2, QColor(220, 20, 20)) > 0.05, "the red block of panel 1 is on page 2");
        QVERIFY2(shareOf(page3, QColor(20, 60, 220)) > 0.03, "the blue block of panel 2 is on page 3");
        QVERIFY(shareOf(page1, QColor(220, 20, 20)) < 0.001);

        // Text is text (searchable, copyable into homework), in the report's language.
        if (!QStandardPaths::findExecutable("pdftotext").isEmpty()) {
            const Tool text = runTool("pdftotext", {"-layout", pdf, "-"});
            QCOMPARE(text.exitCode, 0);
            QVERIFY2(text.out.contains(title), qPrintable(text.out.left(2000)));
            QVERIFY2(text.out.contains(heading), qPrintable(text.out.left(2000)));
            QVERIFY(text.out.contains(QStringLiteral("lag_max_ms")));
            QVERIFY(text.out.contains(QStringLiteral("blocking_call_ms")));
            QVERIFY(text.out.contains(QStringLiteral(LOOPLAB_VERSION)));
            QVERIFY(text.out.contains(QStringLiteral("2025")));
            QVERIFY2(text.out.contains(QStringLiteral("任务时间线")), "the Chinese caption is text, not boxes");
            QVERIFY2(!text.out.contains(QStringLiteral("**")),
                "markdown emphasis is rendered, even around Chinese punctuation");
        }
        if (!QStandardPaths::findExecutable("pdffonts").isEmpty()) {
            const Tool fonts = runTool("pdffonts", {pdf});
            QVERIFY2(fonts.out.contains(QStringLiteral("NotoSansCJK")), qPrintable(fonts.out));
        }
    }

    // Every built-in scenario's text (notes, parameters, a lab's worth of metrics each) takes at
    // most two pages; most fit on one. Panels still get one page each.
    void everyBuiltInScenarioFitsOnePage()
    {
        const QDir dir(testing::sourceDir() + "/resources/scenarios");
        const auto files = dir.entryList({"*.json"}, QDir::Files, QDir::Name);
        QVERIFY(!files.isEmpty());
        for (const auto& name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            auto parsed = scenario::parseScenario(f.readAll(), name, labCatalog());
            if (std::holds_alternative<scenario::ScenarioError>(parsed)) {
                qWarning() << name << "does not load:" << std::get<scenario::ScenarioError>(parsed).toString();
                continue; // the scenario tests report it; not this test's business
            }
            for (const QString lang : {"en", "zh"}) {
                report::ReportInput in;
                in.scenario = std::get<scenario::Scenario>(parsed);
                in.language = lang;
                for (const auto& lab : in.scenario.labs) {
                    report::LabSummary s{lab.id, lab.kind, {}};
                    for (int i = 0; i < 16; ++i)
                        s.metrics.insert(QStringLiteral("metric_number_%1_ms").arg(i), 1234.5678 * i);
                    in.labs.push_back(s);
                }
                in.panels.push_back({"panel", QImage(800, 450, QImage::Format_RGB32)});
                const int textPages = report::reportPageCount(in) - 1;
                QVERIFY2(textPages >= 1 && textPages <= 2, qPrintable(name + " " + lang));
                if (textPages > 1)
                    qInfo() << name << lang << "takes" << textPages << "text pages";
                if (qEnvironmentVariableIsSet("LOOPLAB_KEEP_REPORTS"))
                    QCOMPARE(
                        report::writeReportPdf(in, m_dir.filePath(QStringLiteral("builtin_%1_%2.pdf").arg(name, lang))),
                        QString());
            }
        }
    }

    // Many parameters spill onto more text pages instead of being cut off; panels still get one
    // page each.
    void longNotesFlowOntoMorePages()
    {
        auto in = input("en");
        QString notes;
        for (int i = 0; i < 120; ++i)
            notes += QStringLiteral("- observation %1: the loop lag follows the blocking calls\n").arg(i);
        in.scenario.notes.en = notes;
        const int pages = report::reportPageCount(in);
        QVERIFY(pages >= 4);
        const QString pdf = m_dir.filePath("long.pdf");
        QCOMPARE(report::writeReportPdf(in, pdf), QString());
        const Tool info = runTool("pdfinfo", {pdf});
        QVERIFY(info.out.contains(QRegularExpression(QStringLiteral(R"(Pages:\s+%1\b)").arg(pages))));
    }

    // Written through QSaveFile: a failed export names the problem and leaves nothing behind.
    void failedWriteLeavesNoFile()
    {
        const QString pdf = m_dir.filePath("no/such/dir/report.pdf");
        const QString err = report::writeReportPdf(input("en"), pdf);
        QVERIFY(err.startsWith(QStringLiteral("cannot write ") + pdf));
        QVERIFY(!QFile::exists(pdf));
    }

    void rewriteReplacesTheOldFile()
    {
        const QString pdf = m_dir.filePath("again.pdf");
        {
            QFile f(pdf);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("old");
        }
        QCOMPARE(report::writeReportPdf(input("en"), pdf), QString());
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(5) == "%PDF-");
        QDir dir(m_dir.path());
        QVERIFY(dir.entryList({"again.pdf.*"}, QDir::Files | QDir::Hidden).isEmpty()); // no temp left
    }
};

QTEST_MAIN(TestReport)
#include "test_report.moc"
