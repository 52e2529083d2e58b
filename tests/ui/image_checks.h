#pragma once
// Is a picture more than a blank rectangle? Variance of the grey levels, and how many distinct
// colours it uses.
#include <QImage>
#include <QSet>

#include <cmath>

namespace looplab::uitest {

inline double greyVariance(const QImage& src)
{
    const QImage img = src.convertToFormat(QImage::Format_Grayscale8);
    double sum = 0, sum2 = 0;
    const double n = double(img.width()) * img.height();
    if (n == 0)
        return 0;
    for (int y = 0; y < img.height(); ++y) {
        const uchar* line = img.constScanLine(y);
        for (int x = 0; x < img.width(); ++x) {
            sum += line[x];
            sum2 += double(line[x]) * line[x];
        }
    }
    const double mean = sum / n;
    return sum2 / n - mean * mean;
}

inline int distinctColours(const QImage& src, int limit = 4096)
{
    const QImage img = src.convertToFormat(QImage::Format_RGB32);
    QSet<QRgb> seen;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2) {
            seen.insert(img.pixel(x, y));
            if (seen.size() >= limit)
                return int(seen.size());
        }
    return int(seen.size());
}

// Pixels of (about) this colour.
inline int countColour(const QImage& src, const QColor& c, int tolerance = 12)
{
    const QImage img = src.convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QRgb p = img.pixel(x, y);
            if (std::abs(qRed(p) - c.red()) <= tolerance && std::abs(qGreen(p) - c.green()) <= tolerance
                && std::abs(qBlue(p) - c.blue()) <= tolerance)
                ++n;
        }
    return n;
}

} // namespace looplab::uitest
