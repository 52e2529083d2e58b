// The GIL field offsets LoopLab generated at build time from python3.11-dev's internal headers,
// checked against a live /usr/bin/python3: with one thread spinning in pure Python the GIL is
// held by that thread (its native id, as threading.get_native_id() prints it); with two, both
// hold it in turns and switch_number grows; with the interpreter in time.sleep it is free.
#include "labs/python/elf_symbols.h"
#include "labs/python/gil_sampler.h"

#include <QProcess>
#include <QTest>

#include <sys/wait.h>

#include <set>
#include <signal.h>
#include <thread>
#include <unistd.h>

using namespace looplab::labs::python;

namespace {

const char* kInterpreter = "/usr/bin/python3";

struct Child {
    QProcess p;
    std::set<long> tids;
    explicit Child(const QString& code)
    {
        p.start(QString::fromLatin1(kInterpreter), {QStringLiteral("-c"), code});
        QVERIFY(p.waitForStarted());
        // The script prints one native thread id per line, then "ready".
        QByteArray out;
        while (!out.contains("ready") && p.waitForReadyRead(10'000))
            out += p.readAllStandardOutput();
        for (const auto& line : out.split('\n'))
            if (line.toLong() > 0)
                tids.insert(line.toLong());
        QVERIFY(out.contains("ready"));
    }
    ~Child()
    {
        p.kill();
        p.waitForFinished();
    }
};

struct Counts {
    int samples = 0, held = 0;
    std::set<long> holders;
    uint64_t firstSwitch = 0, lastSwitch = 0;
};

Counts sample(GilReader& r, int n)
{
    Counts c;
    for (int i = 0; i < n; ++i) {
        GilSample s;
        if (!r.read(s))
            break;
        if (c.samples == 0)
            c.firstSwitch = s.switchNumber;
        c.lastSwitch = s.switchNumber;
        ++c.samples;
        if (s.held) {
            ++c.held;
            c.holders.insert(s.holderTid);
        }
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    return c;
}

} // namespace

class TestPythonGil : public QObject
{
    Q_OBJECT
private slots:
    void offsetsComeFromTheHeaders()
    {
        const auto o = gilOffsets();
        QVERIFY2(o.available, "built without python3.11-dev's internal headers");
        QCOMPARE(o.versionHex >> 16, 0x030Bul);
        // The three GIL fields sit in one struct; the lock word is an int; the native id is a
        // field of PyThreadState past its links (prev, next, interp).
        QVERIFY(o.lockedSize == 4);
        QVERIFY(o.locked > 0 && o.lastHolder > 0 && o.switchNumber > 0);
        QVERIFY(std::max({o.locked, o.lastHolder, o.switchNumber}) - std::min({o.locked, o.lastHolder, o.switchNumber})
            < 64);
        QVERIFY(o.tstateNativeId >= 24);
        std::string error;
        const auto sym = findDynamicSymbol(kInterpreter, "_PyRuntime", &error);
        QVERIFY2(sym.has_value(), error.c_str());
        QVERIFY(sym->value > 0);
        QVERIFY(!findDynamicSymbol(kInterpreter, "no_such_symbol_here", &error));
        QVERIFY(error.find("not exported") != std::string::npos);
    }

    void spinningThreadHoldsTheGil()
    {
        Child c(QStringLiteral(
            "import threading, sys\nprint(threading.get_native_id())\nprint('ready', flush=True)\nwhile True: pass\n"));
        GilReader r;
        std::string why;
        QVERIFY2(r.attach(int(c.p.processId()), kInterpreter, &why), why.c_str());
        const Counts n = sample(r, 400);
        QCOMPARE(n.samples, 400);
        QVERIFY2(n.held > n.samples * 9 / 10,
            qPrintable(QStringLiteral("held in %1 of %2 samples").arg(n.held).arg(n.samples)));
        QCOMPARE(n.holders, c.tids);
    }

    void twoThreadsTakeTurns()
    {
        Child c(QStringLiteral("import threading\ndef spin():\n    while True: pass\nfor i in range(2):\n    t = "
                               "threading.Thread(target=spin, daemon=True); t.start(); print(t.native_id)\n"
                               "print('ready', flush=True)\nthreading.Event().wait()\n"));
        GilReader r;
        std::string why;
        QVERIFY2(r.attach(int(c.p.processId()), kInterpreter, &why), why.c_str());
        const Counts n = sample(r, 1000);
        QVERIFY(n.held > n.samples * 8 / 10);
        // Both workers hold it in turns. The main thread may be seen once on its way into wait()
        // (it prints 'ready' with the GIL, then blocks): any third holder is the child's own pid.
        for (long tid : c.tids)
            QVERIFY2(n.holders.count(tid), qPrintable(QStringLiteral("worker %1 never held the GIL").arg(tid)));
        for (long holder : n.holders)
            QVERIFY2(c.tids.count(holder) || holder == long(c.p.processId()),
                qPrintable(QStringLiteral("unknown GIL holder %1").arg(holder)));
        // 5 ms switch interval: on the order of 100 switches in the ~0.5+ s sampled.
        QVERIFY2(n.lastSwitch - n.firstSwitch > 20, qPrintable(QString::number(n.lastSwitch - n.firstSwitch)));
    }

    void sleepingInterpreterReleasesIt()
    {
        Child c(QStringLiteral("import time\nprint('ready', flush=True)\ntime.sleep(60)\n"));
        GilReader r;
        std::string why;
        QVERIFY2(r.attach(int(c.p.processId()), kInterpreter, &why), why.c_str());
        const Counts n = sample(r, 200);
        QVERIFY(n.held < n.samples / 10);
    }

    void goneChildIsReported()
    {
        GilReader r;
        std::string why;
        QVERIFY(!r.attach(999'999'999, kInterpreter, &why));
        QVERIFY2(why.find("cannot read") != std::string::npos, why.c_str());
    }
};

QTEST_GUILESS_MAIN(TestPythonGil)
#include "test_python_gil.moc"
