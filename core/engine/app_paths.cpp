#include "app_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace looplab::paths {

namespace {

QString installedDataDir()
{
    return QDir::cleanPath(executableDir() + QStringLiteral("/../share/looplab"));
}

QString sourceDataDir()
{
#ifdef LOOPLAB_SOURCE_DIR
    return QStringLiteral(LOOPLAB_SOURCE_DIR "/resources");
#else
    return {};
#endif
}

bool hasScenarios(const QString& dir)
{
    return !dir.isEmpty() && QFileInfo(dir + QStringLiteral("/scenarios")).isDir();
}

} // namespace

QString executableDir()
{
    if (QCoreApplication::instance())
        return QCoreApplication::applicationDirPath();
    return QFileInfo(QFileInfo(QStringLiteral("/proc/self/exe")).symLinkTarget()).absolutePath();
}

QString workerExecutable()
{
    const QByteArray env = qgetenv("LOOPLAB_WORKER");
    if (!env.isEmpty())
        return QString::fromLocal8Bit(env);
    const QString dir = executableDir();
    const QString beside = dir + QStringLiteral("/looplab-worker");
    if (QFileInfo(beside).isExecutable())
        return beside;
    const QString installed = QDir::cleanPath(dir + QStringLiteral("/../lib/looplab/looplab-worker"));
    if (QFileInfo(installed).isExecutable())
        return installed;
    return beside; // the error that follows names the build-tree path, where developers look
}

bool runningInstalled()
{
    return hasScenarios(installedDataDir());
}

QString dataDir()
{
    // The installed folder wins: an installed looplab must never read a source tree that happens
    // to exist at the path it was built from.
    if (runningInstalled())
        return installedDataDir();
    if (hasScenarios(sourceDataDir()))
        return sourceDataDir();
    return {};
}

QString scenariosDir()
{
    const QString data = dataDir();
    return data.isEmpty() ? QString() : data + QStringLiteral("/scenarios");
}

QString pythonCourseDir()
{
    const QString data = dataDir();
    return data.isEmpty() ? QString() : data + QStringLiteral("/python/course");
}

bool isBuiltInScenario(const QString& path)
{
    if (path.startsWith(QLatin1String(":/")))
        return true;
    const QString dir = scenariosDir();
    if (dir.isEmpty() || path.isEmpty())
        return false;
    return QFileInfo(path).canonicalPath() == QFileInfo(dir).canonicalFilePath();
}

} // namespace looplab::paths
