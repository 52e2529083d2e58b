// Not a test: renders the live window offscreen while a scenario really runs, for looking at.
//   ui_gallery SCENARIO OUT.png [WIDTH HEIGHT SECONDS [dark|presenter]]
// LOOPLAB_LANGUAGE=zh_CN (or en) switches the open window to that language (View → Language).
// Saves OUT.png after SECONDS of the run (while it is still running when the run is longer).
#include "catalog/catalog.h"
#include "i18n/language.h"
#include "main_window.h"
#include "presenter/presenter_mode.h"
#include "theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LoopLabGallery"));
    QSettings().clear();
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        qCritical("usage: ui_gallery SCENARIO OUT.png [WIDTH HEIGHT SECONDS [dark|presenter]]");
        return 2;
    }
    const int w = args.size() > 3 ? args[3].toInt() : 1280;
    const int h = args.size() > 4 ? args[4].toInt() : 800;
    const double seconds = args.size() > 5 ? args[5].toDouble() : 3;
    QApplication::setFont(looplab::ui::Theme::current().baseFont());
    looplab::engine::Engine engine(looplab::labCatalog());
    looplab::ui::MainWindow window(&engine, looplab::labCatalog(), false);
    window.resize(w, h);
    window.show();
    if (args.size() > 6 && args[6] == QLatin1String("dark")) {
        for (QAction* a : window.findChildren<QAction*>())
            if (a->text() == QLatin1String("&Dark"))
                a->trigger();
    }
    if (const QString lang = qEnvironmentVariable("LOOPLAB_LANGUAGE"); !lang.isEmpty())
        looplab::ui::applyLanguage(lang);
    // Presenter mode goes full screen: the screen's size, not WIDTH × HEIGHT.
    if (args.size() > 6 && args[6] == QLatin1String("presenter"))
        window.presenterMode()->setActive(true);
    if (!window.openFile(args[1])) {
        qCritical("%s", qPrintable(window.lastError()));
        return 1;
    }
    QTimer::singleShot(int(seconds * 1000), &app, [&] {
        window.renderFrame();
        const QString err = window.exportPng(args[2]);
        if (!err.isEmpty())
            qCritical("%s", qPrintable(err));
        window.setSavePrompt([] { return QMessageBox::Discard; });
        window.close();
        app.quit();
    });
    return app.exec();
}
