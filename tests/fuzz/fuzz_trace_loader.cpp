// libFuzzer entry for the trace loader (issue 9): any bytes a student might open as a trace.json
// must give a Recording or an error message, never a crash, a hang or unbounded memory. A loaded
// recording is also rebuilt as snapshots at a few times, as the Player would.
#include "replay/recording.h"

#include <QByteArray>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>

namespace {
void quiet(QtMsgType, const QMessageLogContext&, const QString&)
{ }
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const bool once = [] {
        qInstallMessageHandler(quiet);
        return true;
    }();
    Q_UNUSED(once);
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    auto result = looplab::replay::loadRecordingFromBytes(bytes);
    if (const auto* rec = std::get_if<looplab::replay::Recording>(&result)) {
        const int64_t d = rec->durationNs();
        for (int64_t t : {int64_t(0), d / 3, d / 2, d, d + 1})
            for (int64_t w : {int64_t(0), int64_t(100'000'000), d})
                (void)rec->snapshotAt(t, w);
    }
    return 0;
}
