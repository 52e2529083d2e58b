#pragma once
// A level as a big number and a bar: depths, fill levels, "lag now". The bar's colour turns to the
// alert colour past a threshold.
#include "refresh_throttle.h"

#include <QColor>
#include <QWidget>

#include <limits>

namespace looplab::ui {

class GaugeBar : public QWidget
{
    Q_OBJECT
public:
    GaugeBar(const QString& label, const QString& unit, QWidget* parent = nullptr);

    // max <= 0: the bar scales to the highest value seen so far.
    void setRange(double max) { m_max = max; }
    void setThreshold(double t) { m_threshold = t; }
    // A palette colour (Theme::seriesColor) follows theme changes; any other stays as given.
    void setColor(const QColor& c);
    void setValue(double v); // NaN: no data
    double value() const { return m_value; }
    void setFrozen(bool frozen) { m_frozen = frozen; }
    QString label() const { return m_label; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_label;
    QString m_unit;
    QColor m_color;
    int m_colorIndex = 0;
    double m_value = std::numeric_limits<double>::quiet_NaN();
    double m_max = 0;
    double m_peak = 0;
    double m_threshold = std::numeric_limits<double>::infinity();
    bool m_frozen = false;
    // Ten repaints a second: a number that changes 30 times a second cannot be read anyway.
    RefreshThrottle m_refresh{this, 100};
};

} // namespace looplab::ui
