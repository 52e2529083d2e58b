#pragma once
// Notices when the open scenario file is changed on disk by someone else (a teacher editing the
// JSON in a text editor while the window runs it) and says so once, after the writes settle.
//
// Why not QFileSystemWatcher alone: editors save in several steps (truncate + write, or write a
// temporary file and rename it over the old one, which drops the inotify watch), so one save can
// produce several notifications or none after the rename. The watch is re-armed after every
// notification, notifications are debounced, and a change is only reported when the file's
// content differs from what LoopLab itself last read or wrote (our own Save is not a change).
#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

namespace looplab::ui {

class ScenarioFileWatch : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioFileWatch(QObject* parent = nullptr);

    // Watch `path` whose current content is `knownContent` (what was just opened or saved).
    // Resource paths (":/…") and "" stop watching.
    void watch(const QString& path, const QByteArray& knownContent);
    // LoopLab wrote or read the file itself: its content now is not news.
    void setKnownContent(const QByteArray& content);
    QString path() const { return m_path; }

    // How long the file must stay quiet before it is read (ms).
    static constexpr int kSettleMs = 250;

Q_SIGNALS:
    // The file now holds different content than LoopLab knows of.
    void changedOnDisk(const QString& path);
    // The file is gone (deleted or renamed away) and has not come back within the settle time.
    void removedFromDisk(const QString& path);

private:
    void onNotified();
    void settle();

    QFileSystemWatcher m_watcher;
    QTimer m_settle;
    QString m_path;
    QByteArray m_knownHash;
    bool m_reportedRemoval = false;
};

} // namespace looplab::ui
