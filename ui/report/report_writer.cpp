#include "report_writer.h"

#include "catalog/catalog.h"
#include "engine/engine.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextDocumentFragment>

#include <algorithm>
#include <cmath>
#include <memory>

#ifndef LOOPLAB_VERSION
#define LOOPLAB_VERSION "unknown"
#endif

namespace looplab::report {

namespace {

constexpr int kDpi = 300;
constexpr double kMarginMm = 18;

bool isChinese(const QString& lang)
{
    return lang.startsWith(QLatin1String("zh"));
}

// The report's own words in both languages: it is written in the language chosen for it, which
// need not be the window's.
struct Words {
    const char* en;
    const char* zh;
};
QString say(const ReportInput& in, Words w)
{
    return isChinese(in.language) ? QString::fromUtf8(w.zh) : QString::fromUtf8(w.en);
}
constexpr Words kNotes{"Notes", "说明"};
constexpr Words kParameters{"Parameters", "参数"};
constexpr Words kScenario{"Scenario", "场景"};
constexpr Words kSummary{"Summary metrics", "汇总指标"};
constexpr Words kParameter{"parameter", "参数"};
constexpr Words kValue{"value", "取值"};
constexpr Words kMetric{"metric", "指标"};
constexpr Words kDate{"Date", "日期"};
constexpr Words kVersion{"LoopLab version", "LoopLab 版本"};
constexpr Words kRan{"Run length", "运行时长"};
constexpr Words kFailed{"The run failed", "运行失败"};
constexpr Words kSource{"Scenario file", "场景文件"};
constexpr Words kPage{"page %1 of %2", "第 %1 页，共 %2 页"};
constexpr Words kUntitled{"Untitled scenario", "未命名场景"};

// Latin text in a Latin face, Chinese in Noto CJK (fonts-noto-cjk): Qt picks per character.
QFont reportFont(const ReportInput& in, double pt, bool bold = false)
{
    QFont f;
    // Latin first in both languages: Qt's PDF text map of Noto CJK's Latin digits is lossy
    // (pdftotext loses them), DejaVu's is exact; Chinese falls through to Noto CJK.
    Q_UNUSED(in);
    f.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("Noto Sans CJK SC")});
    // No ligatures: "io_in_flight_max" must copy out of the PDF as typed, not with an "ﬂ".
    f.setStyleStrategy(QFont::PreferNoShaping);
    f.setPointSizeF(pt);
    f.setBold(bold);
    return f;
}

QString formatNumber(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("—");
    if (v == std::floor(v) && std::abs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'g', 6);
}

QString formatJson(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Double:
        return formatNumber(v.toDouble());
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    default:
        return QString();
    }
}

// Parameters flattened to dotted names ("server.rate_limit.rate_per_s"), with units from the
// lab's spec where it has one. Arrays of objects stay one row each, as compact JSON.
void addParamRows(
    const QJsonObject& params, const std::vector<scenario::ParamSpec>* specs, const QString& prefix, QString& html)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        const scenario::ParamSpec* spec = nullptr;
        if (specs)
            for (const auto& s : *specs)
                if (s.name == it.key())
                    spec = &s;
        const QString name = prefix + it.key();
        if (it.value().isObject() && (!spec || spec->type == scenario::ParamType::Object)) {
            addParamRows(it.value().toObject(), spec ? &spec->fields : nullptr, name + QLatin1Char('.'), html);
            continue;
        }
        // Lists of objects (pipeline stages, scripted tasks): "stages[1].workers" rows, which
        // wrap in the table where one long JSON line would not.
        const QJsonArray items = it.value().toArray();
        const bool objects = !items.isEmpty()
            && std::all_of(items.begin(), items.end(), [](const QJsonValue& v) { return v.isObject(); });
        if (objects) {
            for (qsizetype i = 0; i < items.size(); ++i)
                addParamRows(items[i].toObject(), spec ? &spec->fields : nullptr,
                    QStringLiteral("%1[%2].").arg(name).arg(i), html);
            continue;
        }
        QString value = formatJson(it.value()).toHtmlEscaped();
        if (spec && !spec->unit.isEmpty())
            value += QStringLiteral(" <span style=\"color:#666\">%1</span>").arg(spec->unit.toHtmlEscaped());
        html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>").arg(name.toHtmlEscaped(), value);
    }
}

// CommonMark does not close "**观察：**队列" (a closing ** after punctuation must be followed by
// a space or punctuation, and Chinese puts neither), so the whole paragraph would show stars.
// Moving the punctuation out ("**观察**：队列") renders as the author meant, in both languages.
QString cjkFriendlyMarkdown(const QString& md)
{
    static const QRegularExpression strong(QStringLiteral(R"(\*\*([^*\n]+?)([：:，,。.、；;！!？?])\*\*)"));
    QString out = md;
    out.replace(strong, QStringLiteral(R"(**\1**\2)"));
    return out;
}

QString tableStart(const QString& a, const QString& b)
{
    return QStringLiteral(
        "<table border=\"1\" cellspacing=\"0\" cellpadding=\"2\" width=\"100%\" "
        "style=\"border-collapse:collapse; border-color:#999; border-style:solid\">"
        "<tr style=\"background-color:#e8e8e8\"><th align=\"left\">%1</th><th align=\"left\">%2</th></tr>")
        .arg(a.toHtmlEscaped(), b.toHtmlEscaped());
}

// Page 1: title, notes (markdown), parameters beside the summary metrics, date and version.
void buildFirstPage(const ReportInput& in, QTextDocument& doc, double pt)
{
    doc.clear();
    doc.setDefaultFont(reportFont(in, pt));
    doc.setDocumentMargin(0);
    QTextCursor c(&doc);
    const auto& sc = in.scenario;
    QString title = sc.title.forLanguage(in.language);
    if (title.isEmpty())
        title = say(in, kUntitled);
    // One insertHtml per run of blocks: separate calls would merge into the current block.
    QString head = QStringLiteral("<h1 style=\"font-size:%1pt\">%2</h1>").arg(pt * 2).arg(title.toHtmlEscaped());
    // The other language's title under it, for a bilingual class.
    const QString other = isChinese(in.language) ? sc.title.en : sc.title.zh;
    if (!other.isEmpty() && other != title)
        head += QStringLiteral("<p style=\"color:#555; font-size:%1pt\">%2</p>")
                    .arg(pt * 1.2)
                    .arg(other.toHtmlEscaped());
    head += QStringLiteral("<p><b>%1:</b> %2 &nbsp;&nbsp; <b>%3:</b> %4")
                .arg(say(in, kDate), in.date.toString(QStringLiteral("yyyy-MM-dd HH:mm")), say(in, kVersion),
                    QStringLiteral(LOOPLAB_VERSION));
    if (in.wallS > 0)
        head += QStringLiteral(" &nbsp;&nbsp; <b>%1:</b> %2 s").arg(say(in, kRan), QString::number(in.wallS, 'f', 2));
    if (!sc.sourcePath.isEmpty())
        head += QStringLiteral("<br/><b>%1:</b> %2").arg(say(in, kSource), sc.sourcePath.toHtmlEscaped());
    head += QStringLiteral("</p>");
    if (!in.runError.isEmpty())
        head += QStringLiteral("<p style=\"color:#b00020\"><b>%1:</b> %2</p>")
                    .arg(say(in, kFailed), in.runError.toHtmlEscaped());
    c.insertHtml(head);

    const QString notes = sc.notes.forLanguage(in.language);
    if (!notes.isEmpty()) {
        c.insertBlock();
        c.insertHtml(QStringLiteral("<h2 style=\"font-size:%1pt\">%2</h2>").arg(pt * 1.4).arg(say(in, kNotes)));
        c.insertBlock();
        c.insertFragment(QTextDocumentFragment::fromMarkdown(cjkFriendlyMarkdown(notes)));
    }

    QString params = tableStart(say(in, kParameter), say(in, kValue));
    params += QStringLiteral("<tr><td colspan=\"2\"><b>%1</b></td></tr>").arg(say(in, kScenario));
    params += QStringLiteral("<tr><td>duration_s</td><td>%1 <span style=\"color:#666\">s</span></td></tr>")
                  .arg(formatNumber(sc.durationS));
    params += QStringLiteral("<tr><td>time_scale</td><td>%1</td></tr>").arg(formatNumber(sc.timeScale));
    params += QStringLiteral("<tr><td>seed</td><td>%1</td></tr>").arg(sc.seed);
    for (const auto& lab : sc.labs) {
        params += QStringLiteral("<tr><td colspan=\"2\"><b>%1</b> (%2)</td></tr>")
                      .arg(lab.id.toHtmlEscaped(), lab.kind.toHtmlEscaped());
        const auto* kind = looplab::labCatalog().find(lab.kind);
        addParamRows(lab.params, kind ? &kind->params : nullptr, QString(), params);
    }
    params += QStringLiteral("</table>");

    QString summary = tableStart(say(in, kMetric), say(in, kValue));
    for (const auto& lab : in.labs) {
        summary += QStringLiteral("<tr><td colspan=\"2\"><b>%1</b> (%2)</td></tr>")
                       .arg(lab.id.toHtmlEscaped(), lab.kind.toHtmlEscaped());
        for (auto it = lab.metrics.begin(); it != lab.metrics.end(); ++it)
            summary += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                           .arg(it.key().toHtmlEscaped(), formatNumber(it.value()));
    }
    summary += QStringLiteral("</table>");

    // Parameters and metrics side by side: both fit on the first page for every built-in lab.
    const QString h2 = QStringLiteral("<h2 style=\"font-size:%1pt\">%2</h2>");
    c.movePosition(QTextCursor::End);
    c.insertBlock();
    c.insertHtml(
        QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"0\"><tr>"
                       "<td width=\"50%\" valign=\"top\" style=\"padding-right:8px\">%1%2</td>"
                       "<td width=\"50%\" valign=\"top\" style=\"padding-left:8px\">%3%4</td></tr></table>")
            .arg(h2.arg(pt * 1.4).arg(say(in, kParameters)), params, h2.arg(pt * 1.4).arg(say(in, kSummary)), summary));
}

struct Layout {
    QRectF page; // printable area, device pixels, origin at the margin
    double footerH; // reserved at the bottom for the page number
};

Layout layoutOf(QPdfWriter& writer)
{
    const QRect r = writer.pageLayout().paintRectPixels(writer.resolution());
    const double footer = writer.resolution() * 0.3; // ~7.6 mm
    return {QRectF(0, 0, r.width(), r.height()), footer};
}

void setUpWriter(QPdfWriter& writer, const ReportInput& in)
{
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(kMarginMm, kMarginMm, kMarginMm, kMarginMm), QPageLayout::Millimeter);
    QString title = in.scenario.title.forLanguage(in.language);
    writer.setTitle(title.isEmpty() ? QStringLiteral("LoopLab report") : QStringLiteral("LoopLab — ") + title);
    writer.setCreator(QStringLiteral("LoopLab " LOOPLAB_VERSION));
}

void prepareDocument(QTextDocument& doc, QPdfWriter& writer, const ReportInput& in)
{
    // Lay the text out for the PDF's resolution, in pages of the printable height. A scenario with
    // many parameters gets a smaller font (down to 7 pt) before it spills onto a second page.
    doc.documentLayout()->setPaintDevice(&writer);
    const Layout l = layoutOf(writer);
    doc.setPageSize(QSizeF(l.page.width(), l.page.height() - l.footerH));
    for (double pt : {10.0, 9.0, 8.0, 7.0}) {
        buildFirstPage(in, doc, pt);
        if (doc.pageCount() == 1)
            break;
    }
}

void drawFooter(QPainter& p, const Layout& l, const ReportInput& in, int page, int pages)
{
    p.save();
    p.setFont(reportFont(in, 8));
    p.setPen(QColor(0x66, 0x66, 0x66));
    const QRectF r(0, l.page.height() - l.footerH * 0.8, l.page.width(), l.footerH * 0.8);
    p.drawText(r, Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("LoopLab " LOOPLAB_VERSION));
    p.drawText(r, Qt::AlignRight | Qt::AlignBottom, say(in, kPage).arg(page).arg(pages));
    p.restore();
}

void drawPanelPage(QPainter& p, const Layout& l, const ReportInput& in, const QString& caption, const QImage& image,
    QPaintDevice* device)
{
    const qsizetype nl = caption.indexOf(QLatin1Char('\n'));
    const QString heading = nl < 0 ? caption : caption.left(nl);
    const QString text = nl < 0 ? QString() : caption.mid(nl + 1).trimmed();

    QTextDocument head;
    head.documentLayout()->setPaintDevice(device);
    head.setDocumentMargin(0);
    head.setDefaultFont(reportFont(in, 14, true));
    head.setPlainText(heading);
    head.setTextWidth(l.page.width());
    head.drawContents(&p);
    double y = head.size().height() + l.page.height() * 0.015;

    QTextDocument body;
    body.documentLayout()->setPaintDevice(device);
    body.setDocumentMargin(0);
    body.setDefaultFont(reportFont(in, 10));
    body.setMarkdown(text);
    body.setTextWidth(l.page.width());
    const double bodyH = text.isEmpty() ? 0 : body.size().height();

    // The picture fills what is left, keeping its proportions.
    const QRectF room(
        0, y, l.page.width(), l.page.height() - l.footerH - y - bodyH - (bodyH > 0 ? l.page.height() * 0.015 : 0));
    if (!image.isNull() && room.height() > 0) {
        QSizeF s = QSizeF(image.size()).scaled(room.size(), Qt::KeepAspectRatio);
        const QRectF target(room.x() + (room.width() - s.width()) / 2, room.y(), s.width(), s.height());
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(target, image);
        p.setPen(QPen(QColor(0x99, 0x99, 0x99), 1));
        p.drawRect(target);
        y = target.bottom() + l.page.height() * 0.015;
    }
    if (bodyH > 0) {
        p.save();
        p.translate(0, y);
        body.drawContents(&p);
        p.restore();
    }
}

} // namespace

std::vector<LabSummary> labSummaries(const metrics::Snapshot& data)
{
    std::vector<LabSummary> out;
    for (const auto& lab : data.labs)
        out.push_back({lab.id, lab.kind, lab.metrics});
    return out;
}

ReportInput reportInputFor(const engine::RunResult& result, const QString& language)
{
    ReportInput in;
    in.scenario = result.scenario;
    in.language = language;
    in.labs = labSummaries(result.data);
    in.wallS = result.wallS;
    in.runError = result.error;
    return in;
}

int reportPageCount(const ReportInput& in)
{
    // Lay the text out as the writer will (a throw-away device with the same page set-up).
    QByteArray sink;
    QBuffer buffer(&sink);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    setUpWriter(writer, in);
    QTextDocument doc;
    prepareDocument(doc, writer, in);
    return doc.pageCount() + int(in.panels.size());
}

QString writeReportPdf(const ReportInput& in, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    {
        QPdfWriter writer(&file);
        setUpWriter(writer, in);
        QTextDocument doc;
        prepareDocument(doc, writer, in);
        const Layout l = layoutOf(writer);
        const int textPages = doc.pageCount();
        const int pages = textPages + int(in.panels.size());

        QPainter p;
        if (!p.begin(&writer)) {
            file.cancelWriting();
            return QStringLiteral("cannot write %1: the PDF could not be started").arg(path);
        }
        int page = 0;
        for (int i = 0; i < textPages; ++i) {
            if (page++ > 0)
                writer.newPage();
            const double h = doc.pageSize().height();
            p.save();
            p.translate(0, -i * h);
            doc.drawContents(&p, QRectF(0, i * h, l.page.width(), h));
            p.restore();
            drawFooter(p, l, in, page, pages);
        }
        for (const auto& [caption, image] : in.panels) {
            // A wide panel (most are) gets a landscape page: a bigger picture on the same paper.
            const bool wide = image.width() > image.height() * 1.15;
            writer.setPageOrientation(wide ? QPageLayout::Landscape : QPageLayout::Portrait);
            writer.newPage();
            ++page;
            const Layout pl = layoutOf(writer);
            drawPanelPage(p, pl, in, caption, image, &writer);
            drawFooter(p, pl, in, page, pages);
        }
        if (!p.end()) {
            file.cancelWriting();
            return QStringLiteral("cannot write %1: the PDF could not be finished").arg(path);
        }
    }
    if (file.error() != QFileDevice::NoError) {
        const QString err = file.errorString();
        file.cancelWriting();
        return QStringLiteral("cannot write %1: %2").arg(path, err);
    }
    if (!file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace looplab::report
