#pragma once
// Relabelling widgets that were built with tr() when the language changes, without rebuilding
// them (so a window keeps its run, its document and its undo history).
//
// Qt's own answer is a retranslateUi() per widget that repeats every tr() call. With several
// people adding actions, docks and dialogs to the window at once, such a list is always missing
// the newest strings. Instead, every tr() lookup goes through a TranslationRecorder, which
// remembers which message a displayed text came from; retranslateWidgetTree() then walks a
// widget tree and replaces each text it recognises with that message in the new language.
// Texts built with arg() (or %n) are not recognised: their owners re-set them (MainWindow does).
#include <QHash>
#include <QList>
#include <QString>
#include <QTranslator>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

class QWidget;

namespace looplab::ui {

class TranslationRecorder : public QTranslator
{
    Q_OBJECT
public:
    explicit TranslationRecorder(QObject* parent = nullptr);
    ~TranslationRecorder() override;

    // The translators consulted, first match wins (LoopLab's, then Qt's). Takes ownership.
    void setTranslators(std::vector<std::unique_ptr<QTranslator>> translators);

    QString translate(
        const char* context, const char* sourceText, const char* disambiguation = nullptr, int n = -1) const override;
    bool isEmpty() const override { return false; } // installed even before a .qm is loaded

    // The text `text` would be in the current language, if it is a text this process got from
    // tr(). `ownerClasses`: class names around the text (nearest first) that pick the context
    // when the same text came from several messages.
    std::optional<QString> retranslated(const QString& text, const QStringList& ownerClasses) const;

    // The recorder installed by applyLanguage(), or nullptr.
    static TranslationRecorder* instance();

private:
    struct Message {
        QByteArray context, source, disambiguation;
        int n;
        bool operator==(const Message& o) const = default;
    };
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<QTranslator>> m_translators;
    // Displayed text (in any language seen so far) → the messages it came from.
    // Bounded: only tr() sources are recorded, and those are a fixed set.
    mutable QHash<QString, QList<Message>> m_seen;
};

// Re-sets every recognised text in `root`'s tree: action texts, tool tips, icon texts and status
// tips (menus are actions too), window titles (docks, toolbars), labels, buttons, group boxes,
// tab texts, combo box items, spin box prefixes/suffixes and placeholders. Subtrees in `skip` are
// left alone (their owner rebuilds them).
void retranslateWidgetTree(QWidget* root, const QList<QWidget*>& skip = {});

// Tool buttons showing an action (toolbars) show its text without the mnemonic and the trailing
// ellipsis: "打开(&O)…" is "打开" there, "&Open…" is "Open". Qt only strips the "&", which leaves
// "(O)" after Chinese text. Covers the buttons in `root` now, and keeps them so when their
// action changes; call it again after adding toolbars.
void tidyToolButtonTexts(QWidget* root);

} // namespace looplab::ui
