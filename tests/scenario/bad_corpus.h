#pragma once
// The corpus of bad scenario files (tests/bad_scenarios/) and its manifest EXPECTED: one line per
// file, `NAME<TAB>the exact first line of stderr`, where the message names the file as NAME
// (the tests run with the corpus folder as working directory). Files too big to commit are
// made at test time (generatedFiles()).
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QList>
#include <QString>

#include <functional>

namespace looplab::testing {

struct BadScenario {
    QString name; // file name inside the corpus folder
    QString expected; // exact first line of stderr / ScenarioError::toString()
};

inline QString sourceRoot()
{
    const QByteArray env = qgetenv("LOOPLAB_SOURCE_DIR");
    return env.isEmpty() ? QStringLiteral(LOOPLAB_TEST_SOURCE_DIR) : QString::fromLocal8Bit(env);
}

inline QString badScenarioDir()
{
    return sourceRoot() + QStringLiteral("/tests/bad_scenarios");
}

inline QList<BadScenario> readBadScenarioManifest(QString* error = nullptr)
{
    QList<BadScenario> out;
    QFile f(badScenarioDir() + QStringLiteral("/EXPECTED"));
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open ") + f.fileName();
        return out;
    }
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray& raw : lines) {
        if (raw.trimmed().isEmpty() || raw.startsWith('#'))
            continue;
        const qsizetype tab = raw.indexOf('\t');
        if (tab <= 0) {
            if (error)
                *error = QStringLiteral("malformed manifest line: ") + QString::fromUtf8(raw);
            continue;
        }
        out.push_back({QString::fromUtf8(raw.left(tab)), QString::fromUtf8(raw.mid(tab + 1))});
    }
    return out;
}

// Files made at test time in a scratch folder rather than committed: name -> writer.
inline const QList<std::pair<QString, std::function<bool(const QString&)>>>& generatedFiles()
{
    static const QList<std::pair<QString, std::function<bool(const QString&)>>> files = {
        // 50 MB of a plausible scenario (a huge notes text): refused from its size alone.
        {QStringLiteral("huge_50mb.json"),
            [](const QString& path) {
                QFile f(path);
                if (!f.open(QIODevice::WriteOnly))
                    return false;
                const qint64 total = 50LL * 1024 * 1024;
                QByteArray head = "{\"looplab\": 1, \"notes\": {\"en\": \"";
                QByteArray tail = "\"}, \"labs\": [{\"id\": \"loop\", \"kind\": \"event_loop\"}]}\n";
                f.write(head);
                const QByteArray chunk(1024 * 1024, 'x');
                qint64 left = total - head.size() - tail.size();
                while (left > 0) {
                    const qint64 n = std::min<qint64>(left, chunk.size());
                    f.write(chunk.constData(), n);
                    left -= n;
                }
                f.write(tail);
                return f.size() == total;
            }},
    };
    return files;
}

} // namespace looplab::testing
