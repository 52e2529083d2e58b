#include "retranslator.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabBar>
#include <QToolButton>
#include <QWidget>

namespace looplab::ui {

namespace {
TranslationRecorder* g_instance = nullptr;
// A runaway caller translating generated strings must not grow the table without bound.
constexpr qsizetype kMaxRecorded = 20000;
} // namespace

TranslationRecorder::TranslationRecorder(QObject* parent)
    : QTranslator(parent)
{
    g_instance = this;
}

TranslationRecorder::~TranslationRecorder()
{
    if (g_instance == this)
        g_instance = nullptr;
}

TranslationRecorder* TranslationRecorder::instance()
{
    return g_instance;
}

void TranslationRecorder::setTranslators(std::vector<std::unique_ptr<QTranslator>> translators)
{
    std::vector<std::unique_ptr<QTranslator>> old;
    {
        std::lock_guard lock(m_mutex);
        old.swap(m_translators);
        m_translators = std::move(translators);
    }
    // `old` dies here, outside the lock (another thread may be inside translate() until then,
    // but it holds the lock while it uses them).
}

QString TranslationRecorder::translate(
    const char* context, const char* sourceText, const char* disambiguation, int n) const
{
    if (!sourceText || !*sourceText)
        return {};
    std::lock_guard lock(m_mutex);
    QString result;
    for (const auto& t : m_translators) {
        result = t->translate(context, sourceText, disambiguation, n);
        if (!result.isNull())
            break;
    }
    // Qt shows the source when nobody translates it: that is the displayed text then.
    const QString shown = result.isNull() ? QString::fromUtf8(sourceText) : result;
    if (m_seen.size() < kMaxRecorded || m_seen.contains(shown)) {
        Message m{QByteArray(context), QByteArray(sourceText), QByteArray(disambiguation), n};
        QList<Message>& list = m_seen[shown];
        if (!list.contains(m))
            list.append(std::move(m));
    }
    return result;
}

std::optional<QString> TranslationRecorder::retranslated(const QString& text, const QStringList& ownerClasses) const
{
    if (text.isEmpty())
        return std::nullopt;
    Message pick;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_seen.constFind(text);
        if (it == m_seen.constEnd() || it->isEmpty())
            return std::nullopt;
        pick = it->first();
        // The same English text can come from several classes whose Chinese differs: prefer the
        // message of the nearest class around the widget.
        bool found = false;
        for (const QString& cls : ownerClasses) {
            for (const Message& m : *it)
                if (QLatin1String(m.context) == cls) {
                    pick = m;
                    found = true;
                    break;
                }
            if (found)
                break;
        }
    }
    return QCoreApplication::translate(pick.context.constData(), pick.source.constData(),
        pick.disambiguation.isEmpty() ? nullptr : pick.disambiguation.constData(), pick.n);
}

namespace {

QStringList ownerClasses(const QObject* o)
{
    QStringList out;
    for (; o; o = o->parent())
        for (const QMetaObject* mo = o->metaObject(); mo && mo != &QObject::staticMetaObject; mo = mo->superClass()) {
            const QString name = QLatin1String(mo->className());
            if (!out.contains(name))
                out << name;
        }
    return out;
}

// Calls set(new text) when `current` is a recorded tr() text whose translation differs.
template <typename Set>
void retranslateText(const TranslationRecorder& rec, const QString& current, const QStringList& owners, Set&& set)
{
    if (current.isEmpty())
        return;
    if (const auto t = rec.retranslated(current, owners); t && *t != current)
        set(*t);
}

bool isInside(const QObject* o, const QList<QWidget*>& skip)
{
    for (; o; o = o->parent())
        for (const QWidget* s : skip)
            if (o == s)
                return true;
    return false;
}

} // namespace

void retranslateWidgetTree(QWidget* root, const QList<QWidget*>& skip)
{
    const TranslationRecorder* rec = TranslationRecorder::instance();
    if (!root || !rec)
        return;
    QList<QObject*> objects = root->findChildren<QObject*>();
    objects.prepend(root);
    for (QObject* o : objects) {
        if (isInside(o, skip))
            continue;
        const QStringList owners = ownerClasses(o);
        if (auto* a = qobject_cast<QAction*>(o)) {
            // iconText and toolTip first: when they were never set, Qt derives them from the
            // text, and those derived values are not recorded texts, so they are left alone.
            retranslateText(*rec, a->iconText(), owners, [a](const QString& t) { a->setIconText(t); });
            retranslateText(*rec, a->toolTip(), owners, [a](const QString& t) { a->setToolTip(t); });
            retranslateText(*rec, a->statusTip(), owners, [a](const QString& t) { a->setStatusTip(t); });
            retranslateText(*rec, a->whatsThis(), owners, [a](const QString& t) { a->setWhatsThis(t); });
            retranslateText(*rec, a->text(), owners, [a](const QString& t) { a->setText(t); });
            continue;
        }
        auto* w = qobject_cast<QWidget*>(o);
        if (!w)
            continue;
        retranslateText(*rec, w->windowTitle(), owners, [w](const QString& t) { w->setWindowTitle(t); });
        retranslateText(*rec, w->toolTip(), owners, [w](const QString& t) { w->setToolTip(t); });
        retranslateText(*rec, w->statusTip(), owners, [w](const QString& t) { w->setStatusTip(t); });
        retranslateText(*rec, w->whatsThis(), owners, [w](const QString& t) { w->setWhatsThis(t); });
        if (auto* l = qobject_cast<QLabel*>(w)) {
            retranslateText(*rec, l->text(), owners, [l](const QString& t) { l->setText(t); });
        } else if (auto* b = qobject_cast<QAbstractButton*>(w)) {
            auto* tb = qobject_cast<QToolButton*>(b);
            if (!tb || !tb->defaultAction()) // a tool button showing an action follows the action
                retranslateText(*rec, b->text(), owners, [b](const QString& t) { b->setText(t); });
        } else if (auto* g = qobject_cast<QGroupBox*>(w)) {
            retranslateText(*rec, g->title(), owners, [g](const QString& t) { g->setTitle(t); });
        } else if (auto* e = qobject_cast<QLineEdit*>(w)) {
            retranslateText(*rec, e->placeholderText(), owners, [e](const QString& t) { e->setPlaceholderText(t); });
        } else if (auto* tabs = qobject_cast<QTabBar*>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                retranslateText(
                    *rec, tabs->tabText(i), owners, [tabs, i](const QString& t) { tabs->setTabText(i, t); });
                retranslateText(
                    *rec, tabs->tabToolTip(i), owners, [tabs, i](const QString& t) { tabs->setTabToolTip(i, t); });
            }
        } else if (auto* c = qobject_cast<QComboBox*>(w)) {
            for (int i = 0; i < c->count(); ++i) {
                retranslateText(*rec, c->itemText(i), owners, [c, i](const QString& t) { c->setItemText(i, t); });
                retranslateText(*rec, c->itemData(i, Qt::ToolTipRole).toString(), owners,
                    [c, i](const QString& t) { c->setItemData(i, t, Qt::ToolTipRole); });
            }
        } else if (auto* s = qobject_cast<QAbstractSpinBox*>(w)) {
            retranslateText(*rec, s->specialValueText(), owners, [s](const QString& t) { s->setSpecialValueText(t); });
            if (auto* si = qobject_cast<QSpinBox*>(s)) {
                retranslateText(*rec, si->prefix(), owners, [si](const QString& t) { si->setPrefix(t); });
                retranslateText(*rec, si->suffix(), owners, [si](const QString& t) { si->setSuffix(t); });
            } else if (auto* sd = qobject_cast<QDoubleSpinBox*>(s)) {
                retranslateText(*rec, sd->prefix(), owners, [sd](const QString& t) { sd->setPrefix(t); });
                retranslateText(*rec, sd->suffix(), owners, [sd](const QString& t) { sd->setSuffix(t); });
            }
        }
    }
}

void tidyToolButtonTexts(QWidget* root)
{
    if (!root)
        return;
    static const QRegularExpression mnemonic(QStringLiteral("\\s*\\(&?[A-Za-z0-9]\\)|…$|\\.\\.\\.$"));
    for (QToolButton* b : root->findChildren<QToolButton*>()) {
        QAction* a = b->defaultAction();
        if (!a)
            continue;
        auto tidy = [b] {
            QString t = b->text();
            t.remove(mnemonic);
            if (t != b->text())
                b->setText(t.trimmed());
        };
        tidy();
        if (!b->property("looplabTidyText").toBool()) {
            b->setProperty("looplabTidyText", true);
            // QAction updates its buttons before it emits changed(): tidy after them.
            QObject::connect(a, &QAction::changed, b, tidy);
        }
    }
}

} // namespace looplab::ui
