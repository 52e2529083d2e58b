// The python kind's parameters: names are a public contract (scenario files, --set).
#include "engine/app_paths.h"
#include "python_lab.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace looplab::labs {

using scenario::ParamSpec;

scenario::KindSpec pythonKindSpec()
{
    scenario::KindSpec k;
    k.kind = QStringLiteral("python");
    k.titleEn = QStringLiteral("A real Python program (CPython, live)");
    k.titleZh = QStringLiteral("真实的 Python 程序（CPython，实时）");
    k.params = {
        ParamSpec::text(QStringLiteral("script"), QString(),
            QStringLiteral("the Python script to run, relative to the scenario file; it runs under LoopLab's probe "
                           "(python3 -m looplab_probe script.py)"),
            QStringLiteral("要运行的 Python 脚本，路径相对于场景文件；它在 LoopLab 的探针下运行（python3 -m "
                           "looplab_probe script.py）")),
        ParamSpec::text(QStringLiteral("args"), QString(),
            QStringLiteral("the script's command-line arguments (sys.argv[1:]), split like a shell does"),
            QStringLiteral("脚本的命令行参数（sys.argv[1:]），按 shell 的规则拆分")),
        ParamSpec::text(QStringLiteral("interpreter"), QStringLiteral("/usr/bin/python3"),
            QStringLiteral("the Python interpreter: CPython 3.11 or later; the GIL lane is read from CPython 3.11 "
                           "(Debian's /usr/bin/python3)"),
            QStringLiteral(
                "Python 解释器：CPython 3.11 或更高版本；GIL 通道读取自 CPython 3.11（Debian 的 /usr/bin/python3）")),
        ParamSpec::text(QStringLiteral("env"), QString(),
            QStringLiteral("extra environment variables: NAME=VALUE NAME2=VALUE2"),
            QStringLiteral("额外的环境变量：NAME=VALUE NAME2=VALUE2")),
        ParamSpec::text(QStringLiteral("cwd"), QString(),
            QStringLiteral("working directory, relative to the scenario file; empty: the script's folder"),
            QStringLiteral("工作目录，相对于场景文件；留空：脚本所在的文件夹")),
        ParamSpec::real(QStringLiteral("term_grace_ms"), 1000, 0, 60'000, QStringLiteral("ms"),
            QStringLiteral(
                "when the duration ends: SIGTERM, then SIGKILL after this long if the program is still running"),
            QStringLiteral("时长结束时先发送 SIGTERM；若程序在这段时间后仍在运行，再发送 SIGKILL")),
    };
    return k;
}

namespace python {

QString pythonResourcesDir()
{
    auto ok = [](const QString& dir) {
        return !dir.isEmpty() && QFileInfo::exists(dir + QStringLiteral("/looplab_probe/__main__.py"));
    };
    const QString env = qEnvironmentVariable("LOOPLAB_PYTHON_DIR");
    if (ok(env))
        return QDir(env).absolutePath();
    // share/looplab/python beside an installed looplab, resources/python in a build tree.
    const QString data = paths::dataDir();
    return ok(data + QStringLiteral("/python")) ? data + QStringLiteral("/python") : QString();
}

QString resolveScriptPath(const QString& script, const QString& scenarioDir)
{
    if (script.isEmpty() || QDir::isAbsolutePath(script))
        return script;
    return QDir::cleanPath((scenarioDir.isEmpty() ? QDir::currentPath() : scenarioDir) + u'/' + script);
}

QByteArray commandLineScenario(const QString& script, const QStringList& args, double durationS)
{
    QStringList quoted;
    for (QString a : args) {
        // Back to one string that QProcess::splitCommand() splits the same way.
        a.replace(u'"', QStringLiteral("\"\"\""));
        quoted << (a.isEmpty() || a.contains(u' ') || a.contains(u'"') ? u'"' + a + u'"' : a);
    }
    const QString name = QFileInfo(script).fileName();
    const QJsonObject lab{{QStringLiteral("id"), QStringLiteral("python")},
        {QStringLiteral("kind"), QStringLiteral("python")},
        {QStringLiteral("script"), QFileInfo(script).absoluteFilePath()}, {QStringLiteral("args"), quoted.join(u' ')}};
    const QJsonObject root{
        {QStringLiteral("looplab"), 1},
        {QStringLiteral("title"),
            QJsonObject{{QStringLiteral("en"), QStringLiteral("python ") + name},
                {QStringLiteral("zh"), QStringLiteral("python ") + name}}},
        {QStringLiteral("notes"),
            QJsonObject{
                {QStringLiteral("en"),
                    QStringLiteral("A real Python program, run by CPython under LoopLab's probe: `%1`.").arg(name)},
                {QStringLiteral("zh"),
                    QStringLiteral("一个真实的 Python 程序，由 CPython 在 LoopLab 的探针下运行：`%1`。").arg(name)}}},
        {QStringLiteral("duration_s"), durationS},
        {QStringLiteral("time_scale"), 1},
        {QStringLiteral("seed"), 1},
        {QStringLiteral("labs"), QJsonArray{lab}},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace python
} // namespace looplab::labs
