// The translations are complete: every message of translations/*.ts is finished and not empty,
// keeps its source's placeholders, and lupdate run over the sources today finds no string the
// .ts files lack (and none they hold that the sources no longer have). A failure lists every
// offending message and says how to fix it (translations/README.md).
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

struct TsMessage {
    QString context, source, comment;
    bool numerus = false;
    QString type; // "", "unfinished", "vanished", "obsolete"
    QStringList translations;
    QString key() const { return context + QLatin1Char('\x1f') + source + QLatin1Char('\x1f') + comment; }
    QString describe() const
    {
        return QStringLiteral("%1: \"%2\"%3")
            .arg(context, source, comment.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(comment));
    }
};

struct TsFile {
    QString language;
    QList<TsMessage> messages;
    QString error;
};

TsFile readTs(const QString& path)
{
    TsFile out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        out.error = f.errorString();
        return out;
    }
    QXmlStreamReader xml(&f);
    QString context;
    TsMessage msg;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("TS"))
                out.language = xml.attributes().value(QLatin1String("language")).toString();
            else if (name == QLatin1String("name"))
                context = xml.readElementText();
            else if (name == QLatin1String("message")) {
                msg = TsMessage();
                msg.context = context;
                msg.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source"))
                msg.source = xml.readElementText();
            else if (name == QLatin1String("comment"))
                msg.comment = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                msg.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!msg.numerus)
                    msg.translations << xml.readElementText();
            } else if (name == QLatin1String("numerusform"))
                msg.translations << xml.readElementText();
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            out.messages << msg;
        }
    }
    if (xml.hasError())
        out.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return out;
}

QStringList tsFiles()
{
    const QDir dir(QStringLiteral(LOOPLAB_TS_DIR));
    QStringList out;
    for (const QString& name : dir.entryList({QStringLiteral("*.ts")}, QDir::Files, QDir::Name))
        out << dir.filePath(name);
    return out;
}

QStringList placeholders(const QString& s)
{
    static const QRegularExpression re(QStringLiteral("%(\\d|n)"));
    QSet<QString> set;
    for (auto it = re.globalMatch(s); it.hasNext();)
        set.insert(it.next().captured(0));
    QStringList out(set.begin(), set.end());
    out.sort();
    return out;
}

QString howToFix()
{
    return QStringLiteral("\nRun `cmake --build build --target update_translations`, translate what it lists "
                          "(translations/README.md), and commit translations/*.ts.");
}

} // namespace

class TestTranslationsComplete : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bothLanguagesShip();
    void everyMessageIsFinished_data();
    void everyMessageIsFinished();
    void placeholdersAreKept_data();
    void placeholdersAreKept();
    void chineseIsNotLeftInEnglish();
    void lupdateFindsNothingNew();
};

void TestTranslationsComplete::bothLanguagesShip()
{
    QStringList names;
    for (const QString& f : tsFiles())
        names << QFileInfo(f).fileName();
    QVERIFY2(names.contains(QStringLiteral("looplab_en.ts")), qPrintable(names.join(QLatin1Char(' '))));
    QVERIFY2(names.contains(QStringLiteral("looplab_zh_CN.ts")), qPrintable(names.join(QLatin1Char(' '))));
    const TsFile zh = readTs(QStringLiteral(LOOPLAB_TS_DIR "/looplab_zh_CN.ts"));
    QVERIFY2(zh.error.isEmpty(), qPrintable(zh.error));
    QCOMPARE(zh.language, QStringLiteral("zh_CN"));
    // Not an empty file that trivially has nothing unfinished.
    QVERIFY2(zh.messages.size() > 300, qPrintable(QString::number(zh.messages.size())));
}

void TestTranslationsComplete::everyMessageIsFinished_data()
{
    QTest::addColumn<QString>("path");
    for (const QString& f : tsFiles())
        QTest::newRow(qPrintable(QFileInfo(f).fileName())) << f;
}

void TestTranslationsComplete::everyMessageIsFinished()
{
    QFETCH(QString, path);
    const TsFile ts = readTs(path);
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QStringList problems;
    for (const TsMessage& m : ts.messages) {
        if (!m.type.isEmpty())
            problems << QStringLiteral("[%1] %2").arg(m.type, m.describe());
        else if (m.translations.isEmpty()
            || std::any_of(
                m.translations.begin(), m.translations.end(), [](const QString& t) { return t.trimmed().isEmpty(); }))
            problems << QStringLiteral("[empty] %1").arg(m.describe());
    }
    QVERIFY2(problems.isEmpty(),
        qPrintable(QStringLiteral("%1: %2 message(s) not translated:\n  %3%4")
                       .arg(QFileInfo(path).fileName())
                       .arg(problems.size())
                       .arg(problems.join(QStringLiteral("\n  ")), howToFix())));
}

void TestTranslationsComplete::placeholdersAreKept_data()
{
    everyMessageIsFinished_data();
}

void TestTranslationsComplete::placeholdersAreKept()
{
    // A translation that drops %2 shows the wrong number; one that invents %3 shows "%3".
    QFETCH(QString, path);
    const TsFile ts = readTs(path);
    QStringList problems;
    for (const TsMessage& m : ts.messages) {
        QStringList want = placeholders(m.source);
        for (const QString& t : m.translations) {
            QStringList got = placeholders(t);
            if (m.numerus) { // a language with one form may spell the count out in words
                want.removeAll(QStringLiteral("%n"));
                got.removeAll(QStringLiteral("%n"));
            }
            if (got != want)
                problems << QStringLiteral("%1 → \"%2\": has %3, source has %4")
                                .arg(m.describe(), t, got.join(QLatin1Char(',')), want.join(QLatin1Char(',')));
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("\n"))));
}

void TestTranslationsComplete::chineseIsNotLeftInEnglish()
{
    // "Finished" with the English copied in is still untranslated. Symbols, units and Python
    // identifiers stay as they are (p99, 5xx, λ·W, maxsize), so only prose is flagged: a
    // translation equal to its source that contains an ordinary lowercase English word.
    const TsFile zh = readTs(QStringLiteral(LOOPLAB_TS_DIR "/looplab_zh_CN.ts"));
    static const QRegularExpression word(QStringLiteral("(?<![\\w.%])[a-z]{3,}(?![\\w(])"));
    const QSet<QString> identifiers{QStringLiteral("maxsize")};
    QStringList problems;
    for (const TsMessage& m : zh.messages)
        for (const QString& t : m.translations)
            if (t == m.source)
                for (auto it = word.globalMatch(t); it.hasNext();)
                    if (const QString w = it.next().captured(0); !identifiers.contains(w)) {
                        problems << m.describe();
                        break;
                    }
    QVERIFY2(problems.isEmpty(),
        qPrintable(QStringLiteral("still English in looplab_zh_CN.ts:\n  ") + problems.join(QStringLiteral("\n  "))));
}

void TestTranslationsComplete::lupdateFindsNothingNew()
{
    const QString lupdate = QStringLiteral(LOOPLAB_LUPDATE);
    if (lupdate.isEmpty() || !QFileInfo(lupdate).isExecutable())
        QFAIL("lupdate not found (Qt6 LinguistTools, Debian: qt6-l10n-tools; `make deps` installs it): cannot check "
              "that the .ts files "
              "hold every tr() string of the sources");
    // lupdate rewrites the .ts files it is given: run it on scratch copies.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QStringList args{QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
        QStringLiteral("-no-obsolete"), QStringLiteral("-no-ui-lines")};
    args << QStringLiteral(LOOPLAB_LUPDATE_SOURCES).split(QLatin1Char('|'), Qt::SkipEmptyParts);
    args << QStringLiteral("-ts");
    QStringList copies;
    for (const QString& f : tsFiles()) {
        const QString copy = tmp.filePath(QFileInfo(f).fileName());
        QVERIFY(QFile::copy(f, copy));
        copies << copy;
    }
    args << copies;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(lupdate, args);
    QVERIFY2(p.waitForFinished(100'000), qPrintable(p.errorString()));
    QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, p.readAll().constData());

    QStringList problems;
    for (const QString& f : tsFiles()) {
        const TsFile before = readTs(f);
        const TsFile after = readTs(tmp.filePath(QFileInfo(f).fileName()));
        QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
        QSet<QString> had, has;
        for (const TsMessage& m : before.messages)
            had.insert(m.key());
        for (const TsMessage& m : after.messages) {
            has.insert(m.key());
            if (!had.contains(m.key()))
                problems << QStringLiteral("%1: new in the sources: %2").arg(QFileInfo(f).fileName(), m.describe());
        }
        for (const TsMessage& m : before.messages)
            if (!has.contains(m.key()))
                problems << QStringLiteral("%1: gone from the sources: %2").arg(QFileInfo(f).fileName(), m.describe());
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("\n")) + howToFix()));
}

QTEST_GUILESS_MAIN(TestTranslationsComplete)
#include "test_translations_complete.moc"
