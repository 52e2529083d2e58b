#pragma once
// Pictures of the window and its charts, written atomically (QSaveFile): a half-written PNG never
// replaces a good one in a student's report folder.
#include <QImage>
#include <QString>

class QWidget;

namespace looplab::ui {

// The widget and its children, at `scale` × the screen's device pixel ratio (2 for projectors).
QImage renderWidget(QWidget* widget, double scale = 1.0);
// Returns an error message, or empty on success.
QString savePng(QWidget* widget, const QString& path, double scale = 1.0);
QString saveImage(const QImage& image, const QString& path);
// One chart as SVG (vector: text stays text, lines stay lines).
QString saveSvg(QWidget* chart, const QString& path, const QString& title);

} // namespace looplab::ui
