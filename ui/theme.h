#pragma once
// Every colour and font the window uses, in one place, so a lane state or a series has the same
// colour in every panel and a presenter theme (issue 8) only has to change this file.
#include "metrics/event.h"

#include <QColor>
#include <QFont>
#include <QPalette>
#include <QString>

namespace looplab::ui {

class Theme
{
public:
    enum class Kind { Light, Dark };

    static const Theme& current();
    static void setKind(Kind kind);
    // Multiplies every font (presenter mode, projectors).
    static void setFontScale(double scale);

    Kind kind() const { return m_kind; }
    bool isDark() const { return m_kind == Kind::Dark; }

    // Chrome.
    QColor background;   // chart plot background
    QColor surface;      // widget background around plots
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor axis;
    QColor idleFill;     // where a lane or the loop does nothing
    QColor alert;        // slow callbacks, blocking calls: the mistake
    QColor hover;        // crosshair

    // One colour per lane state, the same in every panel (the legend says which is which).
    QColor stateColor(metrics::LaneState state) const;
    // Series colours in order; index wraps.
    QColor seriesColor(int index) const;
    // Mark colours: "slow_callback" and "blocking" red, "parameter" blue...
    QColor markColor(const QString& markName) const;

    QFont baseFont() const;        // widgets
    QFont axisFont() const;        // tick labels
    QFont axisTitleFont() const;   // "time (s)", "lag (ms)"
    QFont titleFont() const;       // chart titles
    QFont headlineFont() const;    // big numbers
    double fontScale() const { return m_fontScale; }

    QPalette palette() const;

private:
    explicit Theme(Kind kind, double fontScale);
    Kind m_kind;
    double m_fontScale;
};

// Localised, human names ("running", "waiting for I/O"...) for legends and tooltips.
QString laneStateLabel(metrics::LaneState state);

} // namespace looplab::ui
