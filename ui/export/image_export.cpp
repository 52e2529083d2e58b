#include "image_export.h"

#include <QCoreApplication>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace looplab::ui {

QImage renderWidget(QWidget* widget, double scale)
{
    const double dpr = widget->devicePixelRatioF() * scale;
    QImage image((QSizeF(widget->size()) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(widget->palette().color(QPalette::Window));
    QPainter p(&image);
    widget->render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    p.end();
    return image;
}

QString saveImage(const QImage& image, const QString& path)
{
    if (image.isNull())
        return QCoreApplication::translate("Export", "nothing to save: the image is empty");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QCoreApplication::translate("Export", "cannot write %1: %2").arg(path, file.errorString());
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        return QCoreApplication::translate("Export", "cannot encode PNG for %1").arg(path);
    }
    if (!file.commit())
        return QCoreApplication::translate("Export", "cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString savePng(QWidget* widget, const QString& path, double scale)
{
    if (!widget)
        return QCoreApplication::translate("Export", "no window to save");
    return saveImage(renderWidget(widget, scale), path);
}

QString saveSvg(QWidget* chart, const QString& path, const QString& title)
{
    if (!chart)
        return QCoreApplication::translate("Export", "no chart to save");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QCoreApplication::translate("Export", "cannot write %1: %2").arg(path, file.errorString());
    {
        QSvgGenerator gen;
        gen.setOutputDevice(&file);
        gen.setSize(chart->size());
        gen.setResolution(96); // CSS pixels: browsers and Inkscape show it at its on-screen size
        gen.setViewBox(QRect(QPoint(0, 0), chart->size()));
        gen.setTitle(title);
        gen.setDescription(QStringLiteral("LoopLab ") + QStringLiteral(LOOPLAB_VERSION));
        QPainter p;
        if (!p.begin(&gen)) {
            file.cancelWriting();
            return QCoreApplication::translate("Export", "cannot start the SVG for %1").arg(path);
        }
        chart->render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
        p.end();
    }
    if (!file.commit())
        return QCoreApplication::translate("Export", "cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace looplab::ui
