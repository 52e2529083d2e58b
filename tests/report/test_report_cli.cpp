// `looplab --headless SCENARIO --out DIR --report FILE.pdf` (issue 8): the PDF a student hands in,
// made by the command line from the same offscreen window as screenshot.png. One or two labs, in
// English or Chinese (the report follows the UI language, here the locale): the first page(s)
// hold text, then one page per panel with its picture; poppler opens it (pdfinfo, pdfimages,
// pdftotext) and renders every page (pdftoppm), none blank. A report that cannot be written
// is exit code 1 with a message, and no file.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <set>

namespace {

struct Run {
    int exitCode = -1;
    QString out, err;
};

Run run(const QString& program, const QStringList& args, const QString& locale = QStringLiteral("en_US.UTF-8"),
    int timeoutMs = 120'000)
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), locale);
    env.insert(QStringLiteral("LANG"), locale);
    p.setProcessEnvironment(env);
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString looplab()
{
    return qEnvironmentVariable("LOOPLAB_BIN_DIR") + QStringLiteral("/looplab");
}

QString scenario(const QString& name)
{
    return qEnvironmentVariable("LOOPLAB_SOURCE_DIR") + QStringLiteral("/resources/scenarios/") + name;
}

// Share of pixels that are not (near) white.
double inkShare(const QImage& src)
{
    const QImage img = src.convertToFormat(QImage::Format_RGB32);
    qint64 ink = 0;
    for (int y = 0; y < img.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x)
            ink += qRed(line[x]) < 235 || qGreen(line[x]) < 235 || qBlue(line[x]) < 235;
    }
    return double(ink) / double(img.width() * img.height());
}

} // namespace

class TestReportCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        for (const char* tool : {"pdfinfo", "pdftoppm", "pdfimages", "pdftotext"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                QFAIL("poppler-utils (pdfinfo, pdftoppm, pdfimages, pdftotext) are not installed: `make deps` installs "
                      "them");
        QVERIFY(QFile::exists(looplab()));
        QVERIFY(m_dir.isValid());
        if (qEnvironmentVariableIsSet("LOOPLAB_KEEP_REPORTS")) {
            m_dir.setAutoRemove(false);
            qInfo() << "reports in" << m_dir.path();
        }
    }

    void reportHasOnePagePerPanel_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QStringList>("labs");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("heading");
        QTest::newRow("one lab, English") << "event_loop_blocking.json"
                                          << "en_US.UTF-8" << QStringList{"loop"} << "Blocking the event loop"
                                          << "Summary metrics";
        QTest::newRow("two labs, Chinese")
            << "pipeline_lifo_vs_fifo.json"
            << "zh_CN.UTF-8" << QStringList{"fifo", "lifo"} << "负载下的 Queue 与 LifoQueue"
            << "汇总指标";
    }
    void reportHasOnePagePerPanel()
    {
        QFETCH(QString, file);
        QFETCH(QString, locale);
        QFETCH(QStringList, labs);
        QFETCH(QString, title);
        QFETCH(QString, heading);
        const QString name = QFileInfo(file).completeBaseName();
        const QString out = m_dir.filePath(name);
        const QString pdf = m_dir.filePath(name + QStringLiteral(".pdf"));
        const Run r = run(looplab(),
            {QStringLiteral("--headless"), scenario(file), QStringLiteral("--out"), out, QStringLiteral("--duration"),
                QStringLiteral("1.2"), QStringLiteral("--no-screenshot"), QStringLiteral("--report"), pdf},
            locale);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QFileInfo(pdf).fileName()), qPrintable(r.out)); // listed with what was written
        QVERIFY(QFile::exists(out + QStringLiteral("/summary.json")));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(5), QByteArray("%PDF-"));

        const Run info = run(QStringLiteral("pdfinfo"), {pdf});
        QCOMPARE(info.exitCode, 0);
        const auto m = QRegularExpression(QStringLiteral(R"(Pages:\s+(\d+))")).match(info.out);
        QVERIFY2(m.hasMatch(), qPrintable(info.out));
        const int pages = m.captured(1).toInt();

        // Which pages carry a picture: exactly the last one per panel, one picture each.
        const Run images = run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf});
        QCOMPARE(images.exitCode, 0);
        std::multiset<int> picturePages;
        for (const QString& line : images.out.split(QLatin1Char('\n')).mid(2)) {
            const QStringList cols = line.simplified().split(QLatin1Char(' '));
            if (cols.size() > 2 && cols[2] == QLatin1String("image"))
                picturePages.insert(cols[0].toInt());
        }
        const int panels = int(labs.size());
        const int textPages = pages - int(picturePages.size());
        QVERIFY2(textPages >= 1 && textPages <= 2, qPrintable(images.out));
        QCOMPARE(pages, textPages + panels);
        for (int i = 0; i < panels; ++i)
            QCOMPARE(int(picturePages.count(textPages + 1 + i)), 1);

        // Text is text, in the UI language: the title first, each panel's page headed by its lab.
        const Run first = run(QStringLiteral("pdftotext"),
            {QStringLiteral("-f"), QStringLiteral("1"), QStringLiteral("-l"), QString::number(textPages), pdf,
                QStringLiteral("-")});
        QVERIFY2(first.out.contains(title), qPrintable(first.out.left(1000)));
        QVERIFY2(first.out.contains(heading), qPrintable(first.out.left(1000)));
        for (int i = 0; i < panels; ++i) {
            const QString page = QString::number(textPages + 1 + i);
            const Run text = run(QStringLiteral("pdftotext"),
                {QStringLiteral("-f"), page, QStringLiteral("-l"), page, pdf, QStringLiteral("-")});
            QVERIFY2(text.out.trimmed().startsWith(labs[i] + QStringLiteral(" · ")), qPrintable(text.out.left(300)));
        }

        // Every page renders, and none is blank: a text page more than its footer (a page can hold
        // just the last rows of a table), a panel page its picture.
        const QString prefix = m_dir.filePath(name + QStringLiteral("-page"));
        const Run render = run(QStringLiteral("pdftoppm"),
            {QStringLiteral("-r"), QStringLiteral("30"), QStringLiteral("-png"), pdf, prefix});
        QCOMPARE(render.exitCode, 0);
        const QStringList pngs
            = QDir(m_dir.path()).entryList({name + QStringLiteral("-page-*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(pngs.size(), pages);
        for (int i = 0; i < pages; ++i) {
            const QImage img(m_dir.filePath(pngs[i]));
            QVERIFY(!img.isNull());
            const double ink = inkShare(img);
            QVERIFY2(ink > (i < textPages ? 0.002 : 0.05),
                qPrintable(QStringLiteral("page %1: %2 % ink").arg(i + 1).arg(ink * 100)));
        }
    }

    // The run's files are written, the PDF is not: exit 1, the reason on stderr, nothing left.
    void unwritableReportFails()
    {
        const QString pdf = m_dir.filePath(QStringLiteral("no/such/dir/report.pdf"));
        const Run r = run(looplab(),
            {QStringLiteral("--headless"), scenario(QStringLiteral("event_loop_blocking.json")),
                QStringLiteral("--out"), m_dir.filePath(QStringLiteral("unwritable")), QStringLiteral("--duration"),
                QStringLiteral("0.5"), QStringLiteral("--no-screenshot"), QStringLiteral("--report"), pdf});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("looplab: error: the report was not written: cannot write ") + pdf),
            qPrintable(r.err));
        QVERIFY(!QFile::exists(pdf));
        QVERIFY(QDir(m_dir.filePath(QStringLiteral("no/such/dir"))).isEmpty());
    }

    void reportNeedsHeadless()
    {
        const Run r = run(looplab(), {QStringLiteral("--report"), m_dir.filePath(QStringLiteral("x.pdf"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--report works with --headless")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestReportCli)
#include "test_report_cli.moc"
