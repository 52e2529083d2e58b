#include "scenario_file_watch.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace looplab::ui {

namespace {
QByteArray hashOf(const QByteArray& content)
{
    return QCryptographicHash::hash(content, QCryptographicHash::Sha1);
}
} // namespace

ScenarioFileWatch::ScenarioFileWatch(QObject* parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &ScenarioFileWatch::settle);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ScenarioFileWatch::onNotified);
    // An editor that saves by renaming a new file over the old one changes the directory, and the
    // file's own watch is gone: the directory watch is how we hear about it.
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ScenarioFileWatch::onNotified);
}

void ScenarioFileWatch::watch(const QString& path, const QByteArray& knownContent)
{
    m_settle.stop();
    m_reportedRemoval = false;
    m_knownHash = hashOf(knownContent);
    const bool watchable = !path.isEmpty() && !path.startsWith(QLatin1Char(':'));
    const QString absolute = watchable ? QFileInfo(path).absoluteFilePath() : QString();
    if (absolute == m_path) {
        // Same file (a reload, a save): keep the inotify watch. Removing and re-adding it at once
        // lets the kernel reuse the watch descriptor, and the late IN_IGNORED of the old watch
        // then makes Qt drop the new one — the next edit would go unnoticed.
        if (watchable && !m_watcher.files().contains(m_path))
            m_watcher.addPath(m_path);
        return;
    }
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    m_path = absolute;
    if (!watchable)
        return;
    m_watcher.addPath(m_path);
    m_watcher.addPath(QFileInfo(m_path).absolutePath());
}

void ScenarioFileWatch::setKnownContent(const QByteArray& content)
{
    m_knownHash = hashOf(content);
    m_reportedRemoval = false;
}

void ScenarioFileWatch::onNotified()
{
    if (m_path.isEmpty())
        return;
    // Re-arm: after a rename-over the watched inode is gone (QFileSystemWatcher drops it).
    if (QFileInfo::exists(m_path) && !m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
    m_settle.start(); // restarts: report once the writes have stopped
}

void ScenarioFileWatch::settle()
{
    if (m_path.isEmpty())
        return;
    QFile f(m_path);
    if (!f.exists()) {
        if (!m_reportedRemoval) {
            m_reportedRemoval = true;
            Q_EMIT removedFromDisk(m_path);
        }
        return;
    }
    if (!m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
    if (!f.open(QIODevice::ReadOnly))
        return; // unreadable for a moment (being replaced): the next notification retries
    const QByteArray hash = hashOf(f.readAll());
    m_reportedRemoval = false;
    if (hash == m_knownHash)
        return; // touched, or our own save
    // Report this content once; if the user keeps their version, the same content stays known.
    m_knownHash = hash;
    Q_EMIT changedOnDisk(m_path);
}

} // namespace looplab::ui
