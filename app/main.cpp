// The command line. Its --help text is also the man page (help2man, packaging/packaging.cmake).
#include "catalog/build_info.h"
#include "headless.h"
#include "labs/python/python_lab.h"

#ifdef LOOPLAB_WITH_UI
#include "startup_probe.h"
#include "ui/ui_entry.h"

#include <QApplication>
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/stat.h>

#include <cstring>
#include <memory>
#include <unistd.h>

int main(int argc, char** argv)
{
    bool headless = false;
    bool answerOnly = false; // --help / --version: answered without a window system
    for (int i = 1; i < argc; ++i) {
        // --compare-cpython writes files like --headless: it has no window of its own.
        headless |= std::strcmp(argv[i], "--headless") == 0 || std::strcmp(argv[i], "--compare-cpython") == 0;
        for (const char* flag : {"-h", "-?", "--help", "--help-all", "-v", "--version"})
            answerOnly |= std::strcmp(argv[i], flag) == 0;
    }

    std::unique_ptr<QCoreApplication> app;
    if (answerOnly) {
        // A QApplication would need a display (xcb aborts without one); answers never do, so
        // `looplab --help` works over ssh, in CI, and for help2man at build time.
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
#ifdef LOOPLAB_WITH_UI
        // The headless run renders the same window offscreen for screenshot.png.
        if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        if (headless && qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
            // What Qt would pick anyway, made here so its warning does not come before our own
            // first line on stderr (which is the scenario error scripts read).
            const QByteArray dir = "/tmp/runtime-" + QByteArray::number(getuid());
            mkdir(dir.constData(), 0700);
            qputenv("XDG_RUNTIME_DIR", dir);
        }
        app = std::make_unique<QApplication>(argc, argv);
#else
        app = std::make_unique<QCoreApplication>(argc, argv);
#endif
    }
    QCoreApplication::setApplicationName(QStringLiteral("LoopLab"));
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LOOPLAB_VERSION));

    // Help, errors and exit messages stay English in every locale (no tr()): scripts and the
    // tests read them, and FILE:LINE:COL errors must look the same for everybody. The window
    // is translated (translations/README.md).
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "LoopLab: watch concurrency happen, measured.\n\n"
        "  looplab [SCENARIO | TRACE]\n"
        "      the window, opening a scenario file or replaying a trace.json LoopLab wrote\n"
        "  looplab --headless SCENARIO --out DIR [--duration S] [--set ID.PARAM=VALUE]... [--report FILE.pdf]\n"
        "      no window: writes DIR/summary.json, metrics.csv, trace.json and screenshot.png\n"
        "  looplab --headless SCENARIO --out DIR --compare ID.PARAM=A,B\n"
        "      runs A, then B, and writes DIR/compare.csv and compare.png\n"
        "  looplab --compare-cpython SCENARIO --out DIR\n"
        "      a course demo on LoopLab's engine (A), then under real CPython (B): resources/python/pairs.json\n"
        "  looplab [--headless --out DIR] --python SCRIPT [ARGS...]\n"
        "      a real Python program under LoopLab's probe (the lab's id is \"python\")\n\n"
        "Exit status: 0 done; 1 the run failed or a file could not be written; 2 bad scenario or\n"
        "arguments (stderr: FILE:LINE:COL: error: ...)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("scenario"), QStringLiteral("Scenario file (.json) to open or run, or a trace.json to replay."));
    const QCommandLineOption headlessOpt(
        QStringLiteral("headless"), QStringLiteral("Run without a window and write the results."));
    const QCommandLineOption outOpt(
        QStringLiteral("out"), QStringLiteral("Output directory for --headless."), QStringLiteral("DIR"));
    const QCommandLineOption durationOpt(
        QStringLiteral("duration"), QStringLiteral("Run for S seconds (overrides duration_s)."), QStringLiteral("S"));
    const QCommandLineOption setOpt(QStringLiteral("set"),
        QStringLiteral("Override a parameter: ID.PARAM=VALUE (repeatable)."), QStringLiteral("ID.PARAM=VALUE"));
    const QCommandLineOption reportOpt(QStringLiteral("report"),
        QStringLiteral("With --headless: also write a PDF report."), QStringLiteral("FILE.pdf"));
    const QCommandLineOption remoteOpt(QStringLiteral("allow-remote"),
        QStringLiteral("Let the API lab's load generator target non-loopback hosts (the window, --headless and "
                       "--compare; without it the window asks first)."));
    const QCommandLineOption noShotOpt(
        QStringLiteral("no-screenshot"), QStringLiteral("With --headless: skip screenshot.png."));
    parser.addOptions({headlessOpt, outOpt, durationOpt, setOpt, reportOpt, remoteOpt, noShotOpt});
    const QCommandLineOption compareOpt(QStringLiteral("compare"),
        QStringLiteral("With --headless: run A, then B, and write compare.csv and compare.png."),
        QStringLiteral("ID.PARAM=A,B"));
    parser.addOption(compareOpt);
    const QCommandLineOption compareCpythonOpt(QStringLiteral("compare-cpython"),
        QStringLiteral("Run SCENARIO's paired course demo on LoopLab's engine, then under real CPython, and write "
                       "compare.csv and compare.png in --out (implies --headless)."));
    parser.addOption(compareCpythonOpt);
    const QCommandLineOption pythonOpt(QStringLiteral("python"),
        QStringLiteral(
            "Run a Python program under LoopLab's probe (its arguments follow; put -- before ones that start with -)."),
        QStringLiteral("SCRIPT"));
    parser.addOption(pythonOpt);
    if (!parser.parse(QCoreApplication::arguments())) {
        QTextStream(stderr) << "looplab: error: " << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << looplab::versionLines(looplab::buildInfo()).join(QLatin1Char('\n')) << Qt::endl;
        return 0;
    }
    QStringList positional = parser.positionalArguments();
    // --python SCRIPT [ARGS...]: a one-lab scenario written to a temporary file, opened like any other.
    QTemporaryDir pythonDir;
    if (parser.isSet(pythonOpt)) {
        const QString script = parser.value(pythonOpt);
        if (!QFileInfo(script).isFile()) {
            QTextStream(stderr) << "looplab: error: --python: " << script << " is not a file" << Qt::endl;
            return 2;
        }
        const double durationS = parser.isSet(durationOpt) ? parser.value(durationOpt).toDouble() : 600;
        QFile f(pythonDir.filePath(QFileInfo(script).completeBaseName() + QStringLiteral(".json")));
        if (!pythonDir.isValid() || !f.open(QIODevice::WriteOnly)
            || f.write(looplab::labs::python::commandLineScenario(script, positional, durationS > 0 ? durationS : 600))
                < 0) {
            QTextStream(stderr) << "looplab: error: --python: cannot write a scenario in " << QDir::tempPath()
                                << Qt::endl;
            return 2;
        }
        f.close();
        positional = {f.fileName()};
    }
    if (positional.size() > 1) {
        QTextStream(stderr) << "looplab: error: one scenario file at most, got " << positional.size() << Qt::endl;
        return 2;
    }

    if (headless) {
        looplab::app::HeadlessOptions o;
        if (positional.isEmpty()) {
            QTextStream(stderr) << "looplab: error: --headless needs a SCENARIO file" << Qt::endl;
            return 2;
        }
        o.scenarioPath = positional.first();
        o.outDir = parser.value(outOpt);
        if (parser.isSet(durationOpt)) {
            bool ok = false;
            o.durationS = parser.value(durationOpt).toDouble(&ok);
            if (!ok || o.durationS <= 0 || o.durationS > 86400) {
                QTextStream(stderr) << "looplab: error: --duration: expected seconds between 0 and 86400, got \""
                                    << parser.value(durationOpt) << "\"" << Qt::endl;
                return 2;
            }
        }
        o.overrides = parser.values(setOpt);
        o.reportPath = parser.value(reportOpt);
        o.allowRemote = parser.isSet(remoteOpt);
        o.screenshot = !parser.isSet(noShotOpt);
        o.compare = parser.value(compareOpt);
        o.compareCpython = parser.isSet(compareCpythonOpt);
        return looplab::app::runHeadless(o);
    }
    if (parser.isSet(reportOpt)) {
        QTextStream(stderr) << "looplab: error: --report works with --headless (in the window: File > Export report)"
                            << Qt::endl;
        return 2;
    }
#ifdef LOOPLAB_WITH_UI
    looplab::app::installStartupProbe(); // LOOPLAB_MEASURE_STARTUP=1: time to the first frame
    return looplab::ui::runGui(positional.isEmpty() ? QString() : positional.first(), parser.isSet(remoteOpt));
#else
    QTextStream(stderr) << "looplab: built without the window; use --headless" << Qt::endl;
    return 2;
#endif
}
