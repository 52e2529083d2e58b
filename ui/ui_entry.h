#pragma once
// What the app needs from the ui library: the window, and an offscreen render of it for
// `--headless` (screenshot.png) — the same widgets either way.
#include "engine/engine.h"

#include <QString>

namespace looplab::ui {

// Shows the main window (opening `scenarioPath` if not empty, else the default scenario) and
// runs the application's event loop. Returns the exit code. allowRemote: --allow-remote (api labs
// may send load to other machines without the window asking first).
int runGui(const QString& scenarioPath, bool allowRemote = false);

// Renders the window offscreen showing a finished run and saves it as PNG (atomically).
// Returns an error message, or an empty string on success. Needs a QApplication (offscreen ok).
QString saveRunScreenshot(const engine::RunResult& result, const QString& path, double scale = 1.0);

// The same offscreen window's PDF report (`--headless --report`): scenario, summary, one page
// per panel, in the UI language. Returns an error message, or "" (nothing is left at `path` then).
QString saveRunReport(const engine::RunResult& result, const QString& path);

} // namespace looplab::ui
