#include "ui_entry.h"

#include "catalog/catalog.h"
#include "export/image_export.h"
#include "i18n/language.h"
#include "main_window.h"
#include "scenario/scenario_document.h"
#include "theme.h"

#include <QApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <sys/socket.h>

#include <csignal>
#include <functional>
#include <unistd.h>

namespace looplab::ui {

namespace {

int g_signalFds[2] = {-1, -1};

void onTerminateSignal(int)
{
    // Async-signal-safe: just wake the event loop, which closes the window properly.
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFds[0], &c, 1);
}

// SIGTERM/SIGINT close the window like the user would (settings saved, engine stopped, threads
// joined) so that `kill` from a test or a session manager ends with exit code 0.
void installTerminateHandler(QWidget* window)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, window);
    QObject::connect(notifier, &QSocketNotifier::activated, window, [window, notifier] {
        char c;
        [[maybe_unused]] const auto n = ::read(g_signalFds[1], &c, 1);
        notifier->setEnabled(false);
        window->close();
        QCoreApplication::quit();
    });
    struct sigaction sa {
    };
    sa.sa_handler = onTerminateSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
}

void prepareApplication()
{
    if (QCoreApplication::organizationName().isEmpty())
        QCoreApplication::setOrganizationName(QStringLiteral("LoopLab"));
    if (QCoreApplication::applicationName().isEmpty())
        QCoreApplication::setApplicationName(QStringLiteral("LoopLab"));
    QApplication::setFont(Theme::current().baseFont());
    // The system's language, or the one picked in View → Language (QSettings "ui/language").
    if (currentLanguage().isEmpty())
        applySavedLanguage();
}

} // namespace

int runGui(const QString& scenarioPath, bool allowRemote)
{
    auto* app = qobject_cast<QApplication*>(QCoreApplication::instance());
    if (!app) {
        QTextStream(stderr) << "looplab: error: the window needs a QApplication" << Qt::endl;
        return 1;
    }
    prepareApplication();
    QApplication::setQuitOnLastWindowClosed(true);

    int rc = 0;
    {
        engine::Engine engine(labCatalog());
        engine.setAllowRemote(allowRemote);
        MainWindow window(&engine, labCatalog());
        installTerminateHandler(&window);
        window.show();
        bool opened = false;
        if (!scenarioPath.isEmpty())
            opened = window.openFile(scenarioPath);
        if (!opened && window.document() && !window.document()->hasScenario())
            window.openDefaultScenario();
        rc = app->exec();
        // ~MainWindow, then ~Engine: stops the run and joins its thread before we return.
    }
    return rc;
}

namespace {

// Renders `use` on an offscreen window showing a finished run.
QString withResultWindow(const engine::RunResult& result, const std::function<QString(MainWindow&)>& use)
{
    if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
        return QStringLiteral("the offscreen window needs a QApplication (QT_QPA_PLATFORM=offscreen works)");
    prepareApplication();
    MainWindow window(nullptr, labCatalog(), /*persistLayout=*/false);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.resize(1600, 1000);
    window.show();
    window.showResult(result);
    // Two passes: layout settles on the first, charts read their final plot sizes on the second.
    QCoreApplication::processEvents();
    window.showResult(result);
    QCoreApplication::processEvents();
    const QString err = use(window);
    window.close();
    return err;
}

} // namespace

QString saveRunScreenshot(const engine::RunResult& result, const QString& path, double scale)
{
    return withResultWindow(result, [&](MainWindow& w) { return w.exportPng(path, scale); });
}

QString saveRunReport(const engine::RunResult& result, const QString& path)
{
    return withResultWindow(result, [&](MainWindow& w) { return w.exportReport(path); });
}

} // namespace looplab::ui
